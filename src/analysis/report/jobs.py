"""The notebooks a report run executes, as jobs for the workers (steps 3 and 4).

The analysis notebooks' jobs (each writes its HTML page), ordered longest first so the
workers finish together; the city brief's job and one per agency (each writes a PDF).
Every job's parameters are checked against its notebook's ``parameters`` cell.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

from analysis.brief.codes import CITY_TABLES_DIR
from analysis.data.periods import shift_period
from analysis.data.results import RESULTS_SUBDIR, TABLES_SUBDIR
from analysis.report import outputs
from analysis.report.names import brief_file, language_tags
from analysis.report.plan import Loaded, Plan
from analysis.report.request import AGENCY_SUBDIR, EXECUTED_SUBDIR, OUTPUTS_SUBDIR, notebook_path
from analysis.report.workers import NotebookJob
from analysis.text.lang import check_lang

_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")

#: Page titles of the analysis notebooks when a notebook has no usable ``# heading``.
DEFAULT_TITLES: dict[str, dict[str, str]] = {
    "00_data_quality": {"id": "Kualitas data", "en": "Data quality"},
    "10_training_outcomes": {"id": "Hasil pelatihan", "en": "Training outcomes"},
    "20_coverage_participation": {"id": "Cakupan 20 JP dan partisipasi", "en": "20-JP coverage and participation"},
    "30_budget": {"id": "Anggaran pengembangan kompetensi", "en": "Competency-development budget"},
    "40_service_link": {"id": "Kompetensi dan layanan publik", "en": "Competency and public service"},
    "60_hypotheses": {"id": "Uji hipotesis", "en": "Hypothesis tests"},
}


def title_of(path: Path, lang: str) -> str:
    """The page title: the first ``# heading`` of a markdown cell the report shows, else a default.

    Cells tagged ``remove-cell`` (analyst's notes) or for another language (``lang-en`` on an
    Indonesian page) are skipped; an untagged bilingual heading ``Bahasa Indonesia / English``
    gives the part in ``lang``.
    """
    import nbformat

    nb = nbformat.read(path, as_version=4)
    skip = {"remove-cell", *language_tags(check_lang(lang))}
    for cell in nb.cells:
        if cell.cell_type != "markdown" or skip & set(cell.metadata.get("tags") or []):
            continue
        for line in cell.source.splitlines():
            if line.startswith("# "):
                title = line[2:].strip()
                if " / " in title:
                    parts = [t.strip() for t in title.split(" / ", 1)]
                    title = parts[0] if lang == "id" else parts[1]
                return title
    default = DEFAULT_TITLES.get(path.stem)
    return default[lang] if default else path.stem


def agency_file_name(agency: str) -> str:
    """A file-system-safe name for an agency id (``/`` and spaces become ``_``)."""
    return _SAFE_NAME.sub("_", str(agency)).strip("._") or "agency"


@dataclass(frozen=True)
class Jobs:
    analysis: list[NotebookJob]
    briefs: list[NotebookJob]
    previous_manifest: str | None


def _analysis_jobs(plan: Plan, period: str, build: Path, previous_manifest: str | None) -> list[NotebookJob]:
    """The analysis notebooks' jobs, longest first."""
    req, out = plan.req, plan.out
    titles = {s: title_of(notebook_path(plan.nb_dir, s), req.lang) for s in plan.analysis_stems}
    jobs = [
        NotebookJob(
            key=stem,
            notebook=notebook_path(plan.nb_dir, stem),
            parameters=plan.params_for(
                stem, period=period, agency="all", output_dir=str(build / OUTPUTS_SUBDIR / stem), previous=previous_manifest
            ),
            executed_path=build / EXECUTED_SUBDIR / f"{stem}.ipynb",
            cwd=build,
            path_alias=(str(build), str(out / period)),
            timeout=req.timeout,
            title=titles[stem],
            lang=req.lang,
            html_path=build / f"{stem}.html",
        )
        for stem in plan.analysis_stems
    ]
    previous = out / _previous_period(period) / outputs.MANIFEST_FILE
    return longest_first(jobs, [out / period / outputs.MANIFEST_FILE, previous])


def _brief_jobs(plan: Plan, loaded: Loaded, build: Path) -> list[NotebookJob]:
    """The city brief's job, then one per agency.

    An agency's brief also gets the city brief's results and key tables (copied into its
    folder before it runs), so it reads the city's headline numbers and trend instead of
    recomputing them (:func:`analysis.brief.codes.city_from_results`,
    :func:`analysis.brief.numbers.city_trend_from_tables`); :func:`_run_notebooks` runs
    the city brief first.
    """
    req, period = plan.req, loaded.period
    results_dirs = tuple(build / OUTPUTS_SUBDIR / s / RESULTS_SUBDIR for s in plan.analysis_stems)
    city_brief = build / OUTPUTS_SUBDIR / req.brief_notebook
    from_city = ((city_brief / RESULTS_SUBDIR, RESULTS_SUBDIR), (city_brief / TABLES_SUBDIR, CITY_TABLES_DIR))
    brief_path = notebook_path(plan.nb_dir, req.brief_notebook)
    common = dict(notebook=brief_path, cwd=build, path_alias=(str(build), str(plan.out / period)), timeout=req.timeout, lang=req.lang)
    jobs = [
        NotebookJob(
            key=req.brief_notebook,
            parameters=plan.params_for(
                req.brief_notebook, period=period, agency="all",
                output_dir=str(build / OUTPUTS_SUBDIR / req.brief_notebook), previous=None,
            ),
            executed_path=build / EXECUTED_SUBDIR / f"{req.brief_notebook}.ipynb",
            pdf_path=build / brief_file(period, req.lang),
            prepare=tuple((d, city_brief / RESULTS_SUBDIR) for d in results_dirs),
            **common,  # type: ignore[arg-type]
        )
    ]
    for agency in loaded.agencies:
        name = agency_file_name(agency)
        rel = str(build / OUTPUTS_SUBDIR / AGENCY_SUBDIR / name)
        jobs.append(
            NotebookJob(
                key=f"{AGENCY_SUBDIR}/{agency}",
                label=f"{req.brief_notebook}.ipynb (agency {agency})",
                parameters=plan.params_for(req.brief_notebook, period=period, agency=agency, output_dir=rel, previous=None),
                executed_path=build / EXECUTED_SUBDIR / AGENCY_SUBDIR / f"{name}.ipynb",
                pdf_path=build / AGENCY_SUBDIR / f"{name}.pdf",
                prepare=(*((d, Path(rel) / RESULTS_SUBDIR) for d in results_dirs),
                         *((src, Path(rel) / dst) for src, dst in from_city)),
                **common,  # type: ignore[arg-type]
            )
        )
    return jobs


def make_jobs(plan: Plan, loaded: Loaded, build: Path) -> Jobs:
    """Final parameters (the period is known now) for every notebook of the run."""
    previous = plan.out / _previous_period(loaded.period) / outputs.MANIFEST_FILE
    previous_manifest = str(previous) if previous.exists() else None
    return Jobs(
        _analysis_jobs(plan, loaded.period, build, previous_manifest),
        _brief_jobs(plan, loaded, build),
        previous_manifest,
    )


#: Typical seconds of the analysis notebooks on the city sample (bench_report, 2 CPUs),
#: used to schedule a first run before any manifest has recorded real times.
TYPICAL_SECONDS: dict[str, float] = {
    "20_coverage_participation": 10.0,
    "10_training_outcomes": 8.0,
    "40_service_link": 5.0,
    "30_budget": 4.0,
    "00_data_quality": 2.0,
    "60_hypotheses": 15.0,
}


def longest_first(jobs: list[NotebookJob], manifests: list[Path]) -> list[NotebookJob]:
    """Jobs ordered by their time in the last report (longest first), so the workers finish together.

    The times come from the first readable manifest (this period's previous run,
    else the previous period's), else from :data:`TYPICAL_SECONDS`. Notebooks
    without a known time go first (they may be long).
    """
    for path in manifests:
        try:
            steps = json.loads(path.read_text(encoding="utf-8")).get("steps", [])
        except (OSError, ValueError):
            continue
        seconds = {
            str(s["step"]).removeprefix("notebook:"): float(s.get("seconds") or 0)
            for s in steps
            if str(s.get("step", "")).startswith("notebook:")
        }
        if seconds:
            return sorted(jobs, key=lambda j: -seconds.get(j.key, float("inf")))
    if any(j.key in TYPICAL_SECONDS for j in jobs):
        return sorted(jobs, key=lambda j: -TYPICAL_SECONDS.get(j.key, float("inf")))
    return jobs


def _previous_period(period: str) -> str:
    return shift_period(period, -1)


def defer_exports(jobs: list[NotebookJob]) -> tuple[list[NotebookJob], list[NotebookJob]]:
    """The analysis jobs split into executions (no page written) and page exports run later.

    Only the notebooks' results are needed before the brief runs, and the city brief runs
    alone on one worker: the other worker writes the analysis pages meanwhile
    (:func:`analysis.report.pipeline.build_report`), instead of every worker writing its page
    before the brief can start. The page is the same: it is rendered from the executed
    notebook as saved.
    """
    executions = [replace(j, html_path=None) for j in jobs]
    exports = [replace(j, execute=False) for j in jobs if j.html_path is not None]
    return executions, exports
