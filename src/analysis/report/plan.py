"""Steps 1 and 2b of a report run: the plan, checked before anything starts, and the data.

:func:`make_plan` resolves the paths and reads every notebook's ``parameters`` cell,
checking the values the run will pass (an error before any kernel starts), and the
city's configuration. :func:`load` loads and validates the dataset once (the notebooks
then load it from the cache) and decides the period and the agencies.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.brief.targets import load_targets
from analysis.budget.policy import load_mix_policy
from analysis.data.cache import default_cache_dir
from analysis.data.cache import prune as prune_cache
from analysis.data.config import ConfigError, config_dir
from analysis.data.disclosure import load_policy
from analysis.data.io import load_dataset
from analysis.data.periods import format_period, period_index
from analysis.data.sources import is_database_url, parse_url, resolve_data
from analysis.hypotheses import SpecError, dataset_catalogue, load_spec
from analysis.report.errors import ReportError
from analysis.report.names import reports_folder
from analysis.report.params import check_parameters, notebook_parameters
from analysis.report.request import (
    DATA_QUALITY_NOTEBOOK,
    HYPOTHESES_NOTEBOOK,
    OUTPUTS_SUBDIR,
    ReportRequest,
    RunLog,
    notebook_path,
)


def _default_loader() -> Callable[..., Any]:
    return load_dataset


def _parameters(
    req: ReportRequest,
    *,
    data_dir: Path,
    period: str,
    agency: str,
    output_dir: str,
    cache_dir: Path | None,
) -> dict[str, Any]:
    return {
        "data_dir": str(data_dir),
        "period": period,
        "lang": req.lang,
        "agency": agency,
        "output_dir": output_dir,
        "cache_dir": None if cache_dir is None else str(cache_dir),
    }


@dataclass(frozen=True)
class Plan:
    """What a run will do, resolved and checked before anything starts."""

    req: ReportRequest
    data_dir: Path | str  # resolved folder or file, or the database URL
    out: Path
    cache_dir: Path | None
    nb_dir: Path
    analysis_stems: tuple[str, ...]
    stems: tuple[str, ...]
    declared: dict[str, Any]
    jobs: int
    spec: Path | None = None

    def params_for(self, stem: str, *, period: str, agency: str, output_dir: str, previous: str | None) -> dict[str, Any]:
        """The parameters of one notebook, checked against its ``parameters`` cell."""
        values = _parameters(
            self.req, data_dir=self.data_dir, period=period, agency=agency, output_dir=output_dir, cache_dir=self.cache_dir
        )
        if stem == DATA_QUALITY_NOTEBOOK:
            values["previous_manifest"] = previous
        if stem == HYPOTHESES_NOTEBOOK:
            values["spec"] = str(self.spec)
        return check_parameters(self.declared[stem], values, label=f"{stem}.ipynb")


@dataclass(frozen=True)
class Loaded:
    """The validated dataset and what it decides: the period, the agencies, the previous manifest."""

    dataset: Any
    period: str
    agencies: list[str]


def make_plan(req: ReportRequest) -> Plan:
    """Step 1: paths, notebooks and every notebook's parameters, checked before anything starts."""
    if req.lang not in ("id", "en"):
        raise ReportError(f"lang must be 'id' or 'en', got {req.lang!r}")
    data_dir = _data_source(req.data)
    nb_dir = Path(req.notebooks_dir).resolve()
    spec = Path(req.hypotheses).resolve() if req.hypotheses is not None else None
    if spec is not None and not spec.is_file():
        raise ReportError(f"hypothesis file {req.hypotheses} not found")
    analysis_stems = (*req.analysis_notebooks, *([HYPOTHESES_NOTEBOOK] if spec is not None else []))
    stems = (*analysis_stems, req.brief_notebook)
    missing = [s for s in stems if not notebook_path(nb_dir, s).is_file()]
    if missing:
        raise ReportError(f"notebooks not found in {nb_dir}: {', '.join(f'{s}.ipynb' for s in missing)}")
    plan = Plan(
        req=req,
        data_dir=data_dir,
        out=reports_folder(Path(req.out).resolve(), req.lang),
        cache_dir=_cache_dir(req),
        nb_dir=nb_dir,
        analysis_stems=analysis_stems,
        stems=stems,
        declared={s: notebook_parameters(notebook_path(nb_dir, s)) for s in stems},
        jobs=req.jobs or os.cpu_count() or 1,
        spec=spec,
    )
    _check_config()
    provisional_period = req.period if req.period != "latest" else "2000Q1"
    for stem in stems:
        plan.params_for(stem, period=provisional_period, agency="all", output_dir=f"{OUTPUTS_SUBDIR}/{stem}", previous=None)
    if req.agency not in (None, "all"):
        plan.params_for(req.brief_notebook, period=provisional_period, agency=str(req.agency), output_dir="x", previous=None)
    if req.period != "latest":
        try:
            format_period(req.period)
        except ValueError as exc:
            raise ReportError(f"period {req.period!r}: {exc}") from None
    return plan


def _check_config() -> None:
    """Step 1: the city's configuration (``--config``) read and checked before any kernel starts;
    every unknown key or wrong value is listed with its file and line."""
    folder = config_dir()
    if folder is not None and not folder.is_dir():
        raise ReportError(f"configuration folder {folder} not found")
    try:
        load_targets()
        load_mix_policy()
        load_policy()
    except ConfigError as exc:
        raise ReportError(f"the configuration has problems:\n{exc}") from None
    except ValueError as exc:
        raise ReportError(f"the configuration has a problem: {exc}") from None

def load(plan: Plan, run: RunLog) -> Loaded:
    """Step 2b: load and validate the dataset once; resolve the period and the agencies."""
    loader = plan.req.loader or _default_loader()
    t_load = time.perf_counter()
    dataset = loader(plan.data_dir, cache_dir=plan.cache_dir)
    if plan.cache_dir is not None:
        prune_cache(plan.cache_dir)
    run.step("load_dataset", time.perf_counter() - t_load)
    period = _resolve_period(plan.req.period, dataset)
    agencies = _agency_list(plan.req.agency, dataset)
    if plan.spec is not None:
        _check_hypotheses(plan.spec, dataset, plan.req.lang)
    run.progress.line(
        f"data valid ({time.perf_counter() - t_load:.1f}s); period {period}"
        + (f"; {len(agencies)} agency brief{'s' if len(agencies) != 1 else ''}" if agencies else "")
    )
    return Loaded(dataset, period, agencies)

def _data_source(data: Path | str) -> Path | str:
    """``--data``: a database URL (checked: no password, known dialect, SQLite file present),
    else an existing folder or workbook, resolved."""
    if is_database_url(data):
        try:
            url = str(resolve_data(data))
            parse_url(url)
        except ValueError as exc:
            raise ReportError(str(exc)) from None
        return url
    path = Path(data).resolve()
    if not path.exists():
        raise ReportError(f"data folder {data} not found")
    return path

def _cache_dir(req: ReportRequest) -> Path | None:
    """The validated-data cache: ``--cache-dir``, else the user's cache folder; ``None`` with ``--no-cache``."""
    if not req.use_cache:
        return None
    return Path(req.cache_dir).expanduser().resolve() if req.cache_dir is not None else default_cache_dir()

def _resolve_period(requested: str, dataset: Any) -> str:
    if requested == "latest":
        return format_period(dataset.latest_period)
    period = format_period(requested)
    periods = list(dataset.periods)
    if periods and not (period_index(periods[0]) <= period_index(period) <= period_index(periods[-1])):
        raise ReportError(f"period {period} is outside the data, which cover {periods[0]}..{periods[-1]}")
    return period


def _check_hypotheses(spec: Path, dataset: Any, lang: str) -> None:
    """Stop before any notebook runs when the hypothesis file has a problem (all listed, with lines)."""
    try:
        load_spec(spec, dataset_catalogue(dataset))
    except SpecError as exc:
        raise ReportError(exc.report("id" if lang == "id" else "en")) from None


def _agency_list(requested: str | None, dataset: Any) -> list[str]:
    if requested is None:
        return []
    known = _agencies(dataset)
    if requested == "all":
        return known
    if requested not in known:
        shown = ", ".join(known[:20]) + (" ..." if len(known) > 20 else "")
        raise ReportError(f"unknown agency {requested!r}; the data's agencies are: {shown}")
    return [requested]

def _agencies(dataset: Any) -> list[str]:
    units = dataset.units
    own = units[units["unit_id"] == units["agency_id"]]["agency_id"]
    return sorted(str(a) for a in own.dropna().unique())
