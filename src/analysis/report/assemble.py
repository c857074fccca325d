"""Steps 5 and 6 of a report run: the build's shared files, the privacy audit, the index.

``figures/``, ``tables.xlsx``, ``results.json``, the slide decks, ``opd/index.html`` and
``manifest.json`` are written into the build folder from what the notebooks wrote; the
machine's paths in the build's text files are then rewritten relative to the project
(:mod:`analysis.report.scrub`) and the privacy audit reads the build
(:mod:`analysis.report.audit`, ``docs/disclosure.md``). After the build is published,
``reports/index.html`` is rewritten.
"""

from __future__ import annotations

import importlib
import os
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from analysis.data.config import config_dir, config_record
from analysis.data.disclosure import DisclosurePolicy, load_policy
from analysis.data.paths import PROJECT_ROOT
from analysis.data.pseudonym import SALT_FILE_ENV, default_salt_path
from analysis.data.sources import parse_url, shown_source
from analysis.report import outputs, slides
from analysis.report.audit import audit_report
from analysis.report.errors import AuditFailed
from analysis.report.internal import write_internal_lists
from analysis.report.jobs import Jobs, agency_file_name
from analysis.report.plan import Loaded, Plan
from analysis.report.request import (
    AGENCY_SUBDIR,
    OUTPUTS_SUBDIR,
    ReportOutcome,
    ReportRequest,
    RunLog,
    notebook_path,
)
from analysis.report.scrub import display_path, path_replacements, scrub_paths
from analysis.text import fmt


def write_outputs(plan: Plan, loaded: Loaded, jobs: Jobs, build: Path, run: RunLog) -> dict[str, Any]:
    """Step 5: figures, tables.xlsx, results.json, slide decks, the agencies' index and
    manifest.json in the build folder, then the machine's paths rewritten relative to the
    project; returns the manifest."""
    policy = load_policy()
    inputs = _write_data_files(plan, loaded, build, run, policy)
    _write_slides(run, build, loaded.period, loaded.agencies)
    if loaded.agencies:
        outputs.write_agency_index(build / AGENCY_SUBDIR, loaded.period, _agency_names(loaded.dataset, loaded.agencies),
                                   agency_file_name, plan.req.lang, _renderer(plan.req.renderer))
    manifest = _manifest(plan, loaded, jobs, build, run, inputs, policy)
    outputs.write_json(build / outputs.MANIFEST_FILE, manifest)
    scrub_paths(build, _path_replacements(plan, build, loaded.period))
    return manifest


def _write_data_files(
    plan: Plan, loaded: Loaded, build: Path, run: RunLog, policy: DisclosurePolicy
) -> list[dict[str, object]]:
    """``figures/``, ``tables.xlsx`` and ``results.json`` (city and agencies); returns the input files' record."""
    req, period = plan.req, loaded.period
    t = time.perf_counter()
    city_dirs = {s: build / OUTPUTS_SUBDIR / s for s in plan.stems}
    outputs.collect_figures(city_dirs, build / "figures")
    inputs = outputs.input_files(loaded.dataset, plan.data_dir)
    outputs.write_tables_workbook(
        outputs.key_tables(city_dirs),
        build / outputs.TABLES_FILE,
        period_label=fmt.period_label(period, req.lang),
        lang=req.lang,
        sources=inputs,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        policy=policy,
    )
    numbers = outputs.merge_results(city_dirs)
    for agency in loaded.agencies:
        rel = build / OUTPUTS_SUBDIR / AGENCY_SUBDIR / agency_file_name(agency)
        numbers += outputs.merge_results({req.brief_notebook: rel}, scope=agency,
                                         copied=(*plan.analysis_stems, req.brief_notebook))
    outputs.write_json(build / outputs.RESULTS_FILE, outputs.results_payload(period, numbers, lang=req.lang))
    run.step("outputs", time.perf_counter() - t)
    return inputs


def _manifest(
    plan: Plan, loaded: Loaded, jobs: Jobs, build: Path, run: RunLog,
    inputs: list[dict[str, object]], policy: DisclosurePolicy,
) -> dict[str, Any]:
    """``manifest.json``'s content: inputs, parameters, notebooks (path, checksum, parameters), steps."""
    req, period = plan.req, loaded.period
    all_jobs = [*jobs.analysis, *jobs.briefs]
    return outputs.build_manifest(
        period=period,
        data_dir=shown_data(plan.data_dir),
        inputs=inputs,
        parameters={
            "period": period,
            "period_requested": req.period,
            "lang": req.lang,
            "agency": req.agency,
            "agencies": loaded.agencies,
            "jobs": plan.jobs,
            "timeout": req.timeout,
            "cache_dir": _shown(plan.cache_dir),
            "previous_manifest": _shown(jobs.previous_manifest),
            "hypotheses": _shown(plan.spec),
        },
        notebooks={
            s: {
                "path": _shown(notebook_path(plan.nb_dir, s)),
                "sha256": outputs.sha256_file(notebook_path(plan.nb_dir, s)),
                "parameters": {
                    k: (_shown(v) if isinstance(v, str) and os.path.isabs(v) else v)
                    for k, v in _relative_to_report(next((j.parameters for j in all_jobs if j.key == s), {}), build).items()
                },
            }
            for s in plan.stems
        },
        steps=run.steps,
        started_at=run.started_at,
        finished_at=datetime.now(UTC),
        project_root=PROJECT_ROOT,
        extra={"disclosure": {**policy.as_record(), "audit": "passed", "allow_findings": req.allow_findings},
               "config": {"dir": _shown(config_dir()), "files": config_record()}},
    )


def _path_replacements(plan: Plan, build: Path, period: str) -> list[tuple[str, str]]:
    """The machine's paths in the build's text files and what they become (relative to the project)."""
    out = plan.out
    return path_replacements(
        {build: ".", out / period: ".", out: _shown(out) or out.name,
         **_data_replacements(plan.data_dir, shown_data(plan.data_dir)),
         plan.nb_dir: _shown(plan.nb_dir) or "notebooks",
         **({plan.cache_dir: "[cache]"} if plan.cache_dir is not None else {}),
         **({plan.spec: _shown(plan.spec) or plan.spec.name} if plan.spec is not None else {}), **_salt_paths()},
        PROJECT_ROOT,
    )


def audit(build: Path, manifest: dict[str, Any], req: ReportRequest, run: RunLog) -> None:
    """Step 6: the privacy audit of the build; a finding stops the run unless allowed (then recorded)."""
    t = time.perf_counter()
    findings = audit_report(build, load_policy())
    run.step("audit", time.perf_counter() - t, findings=len(findings))
    if not findings:
        return
    for finding in findings:
        run.progress.line(f"audit: {finding}")
    if not req.allow_findings:
        raise AuditFailed(findings)
    manifest["disclosure"] = {**manifest["disclosure"], "audit": "findings allowed",
                              "findings": [str(f) for f in findings]}
    outputs.write_json(build / outputs.MANIFEST_FILE, manifest)

def shown_data(data: Path | str) -> str:
    """The data source as the manifest records it: a path relative to the project, or the
    database URL without password (a SQLite file's path shown the same way)."""
    if isinstance(data, str):
        return shown_source(data, lambda p: _shown(p.resolve()) or p.name)
    return _shown(data) or data.name


def _data_replacements(data: Path | str, shown: str) -> dict[str | Path, str]:
    """Texts of the data source to rewrite in the build: the folder, or the URL and its SQLite file."""
    if isinstance(data, Path):
        return {data: shown}
    found: dict[str | Path, str] = {data: shown}
    db = parse_url(data)
    if db.path is not None:
        found[db.path.resolve()] = _shown(db.path.resolve()) or db.path.name
    return found


def write_internal(plan: Plan, loaded: Loaded, build: Path, manifest: dict[str, Any], run: RunLog) -> None:
    """``--internal``: the per-employee lists in ``<out>/internal/<period>/``, outside the report
    (:mod:`analysis.report.internal`); the manifest records the folder and row counts only."""
    t = time.perf_counter()
    record = write_internal_lists(loaded.dataset, loaded.period, plan.out, plan.req.lang)
    manifest["internal"] = record
    outputs.write_json(build / outputs.MANIFEST_FILE, manifest)
    run.step("internal", time.perf_counter() - t, rows=sum(record["rows"].values()))
    run.progress.line(f"internal lists (personal data, must not leave the team): {plan.out / record['folder']}")


def _shown(path: object) -> str | None:
    """A path as the manifest records it: relative to the project, never the machine's."""
    return display_path(path, PROJECT_ROOT) if path is not None else None

def _salt_paths() -> dict[str, str]:
    """Where the pseudonymisation salt may live, to be shown as ``[salt file]`` (its
    fingerprint is in the cache key and never its location)."""
    paths = {str(default_salt_path()): "[salt file]"}
    if os.environ.get(SALT_FILE_ENV):
        paths[os.environ[SALT_FILE_ENV]] = "[salt file]"
    return paths


def _write_slides(run: RunLog, build: Path, period: str, agencies: list[str]) -> None:
    """The slide decks from the briefs' recorded content: ``slides-<period>.pptx`` (and
    ``brief.json``), ``opd/<agency>-slides.pptx`` (:func:`analysis.report.slides.write_decks`)."""
    t = time.perf_counter()
    sources = {"city": build / OUTPUTS_SUBDIR / run.req.brief_notebook}
    sources.update({a: build / OUTPUTS_SUBDIR / AGENCY_SUBDIR / agency_file_name(a) for a in agencies})
    decks = slides.write_decks(build, period, sources, agency_file_name)
    run.step("slides", time.perf_counter() - t, decks=len(decks), slides=sum(d.slides for d in decks))


def after_publish(plan: Plan, loaded: Loaded, run: RunLog, target: Path) -> ReportOutcome:
    """Step 6 (after the renames): the stale failure folder, the index, the outcome."""
    stale_failure = plan.out / f"{loaded.period}.failed"
    if stale_failure.exists():
        shutil.rmtree(stale_failure, ignore_errors=True)
    try:
        outputs.write_index(plan.out, plan.req.lang, _renderer(plan.req.renderer))
        root = Path(plan.req.out).resolve()
        if root != plan.out:  # reports/index.html (Indonesian) links the English reports too
            outputs.write_index(root, "id", _renderer(plan.req.renderer))
    except Exception as exc:  # the report is published; the index is a convenience
        run.progress.line(f"warning: reports/index.html not updated: {type(exc).__name__}: {exc}")
    seconds = time.perf_counter() - run.t0
    run.progress.line(f"report {loaded.period} ready in {seconds:.1f}s: {target}")
    files = tuple(sorted(str(p.relative_to(target)) for p in target.rglob("*") if p.is_file()))
    return ReportOutcome(loaded.period, target, seconds, tuple(run.steps), tuple(loaded.agencies), files)

def _relative_to_report(values: dict[str, Any], build: Path) -> dict[str, Any]:
    """Parameters as recorded in the manifest: paths inside the build shown relative to the report."""
    prefix = str(build) + os.sep
    return {k: (v[len(prefix):] if isinstance(v, str) and v.startswith(prefix) else v) for k, v in values.items()}


def _renderer(name: str) -> Any:
    """The HTML/PDF renderer module (``ReportRequest.renderer``)."""
    return importlib.import_module(name)

def _agency_names(dataset: Any, agencies: list[str]) -> dict[str, str]:
    """agency_id -> the agency's name (its own row of ``units``), for ``opd/index.html``."""
    units = dataset.units
    own = units[units["unit_id"] == units["agency_id"]].set_index("agency_id")["unit_name"]
    return {a: str(own.get(a, a)) for a in agencies}
