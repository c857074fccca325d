"""Small and odd datasets cut from the sample, for the report matrix (tests/test_report_matrix.py).

:func:`base` keeps a few agencies of the sample (a health office with its puskesmas, two
offices whose online service started in the sample, a kecamatan with its kelurahan), every
row that belongs to them, and writes one CSV per table; each variant then removes one
thing a real export may lack. Every variant is a *valid* dataset: a report on it must
finish, saying in the text what could not be computed.

``python tests/small_data.py OUT`` writes every variant under ``OUT/<name>/``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
SIMPEG = ROOT / "data" / "examples" / "simpeg_export"
TABLES = ("units", "employees", "programs", "enrollments", "assessments", "service_metrics", "budget",
          "recognitions", "survey")
#: The agencies kept: health with its puskesmas; two offices with an online service start; a kecamatan.
AGENCIES = ("DINKES", "DINSOS", "DISDUKCAPIL", "KEC-BJKOTA")
#: The quarter the one-quarter variant keeps (the sample's last).
LAST_QUARTER = "2026Q3"

Tables = dict[str, pd.DataFrame]


def _read(sample: Path = SAMPLE) -> Tables:
    return {t: pd.read_csv(sample / f"{t}.csv", dtype=str, keep_default_na=False) for t in TABLES}


def base(sample: Path = SAMPLE, agencies: tuple[str, ...] = AGENCIES) -> Tables:
    """The sample restricted to ``agencies``: their units, staff, and the rows of those."""
    t = _read(sample)
    units = t["units"][t["units"]["agency_id"].isin(agencies)]
    keep_units = set(units["unit_id"])
    emp = t["employees"][t["employees"]["unit_id"].isin(keep_units)]
    ids = set(emp["employee_id"])
    enr = t["enrollments"][t["enrollments"]["employee_id"].isin(ids)]
    return {
        "units": units,
        "employees": emp,
        "programs": t["programs"][t["programs"]["program_id"].isin(set(enr["program_id"]))],
        "enrollments": enr,
        "assessments": t["assessments"][t["assessments"]["employee_id"].isin(ids)],
        "service_metrics": t["service_metrics"][t["service_metrics"]["unit_id"].isin(keep_units)],
        "budget": t["budget"][t["budget"]["agency_id"].isin(agencies)],
        "recognitions": t["recognitions"][t["recognitions"]["employee_id"].isin(ids)],
        "survey": t["survey"][t["survey"]["employee_id"].isin(ids)],
    }


def _quarter(dates: pd.Series) -> pd.Series:
    d = pd.to_datetime(dates, errors="coerce")
    return d.dt.year.astype("Int64").astype(str) + "Q" + d.dt.quarter.astype("Int64").astype(str)


def one_agency(t: Tables) -> Tables:
    """Only the health office and its puskesmas."""
    return base(agencies=("DINKES",))


def one_quarter(t: Tables) -> Tables:
    """Only the rows of the last quarter: enrollments started in it, its metrics, survey, assessments."""
    out = dict(t)
    enr = t["enrollments"][_quarter(t["enrollments"]["start_date"]) == LAST_QUARTER]
    out["enrollments"] = enr
    out["programs"] = t["programs"][t["programs"]["program_id"].isin(set(enr["program_id"]))]
    out["assessments"] = t["assessments"][_quarter(t["assessments"]["assessed_on"]) == LAST_QUARTER]
    out["service_metrics"] = t["service_metrics"][t["service_metrics"]["period"] == LAST_QUARTER]
    out["survey"] = t["survey"][t["survey"]["period"] == LAST_QUARTER]
    out["recognitions"] = t["recognitions"][_quarter(t["recognitions"]["awarded_on"]) == LAST_QUARTER]
    out["budget"] = t["budget"][t["budget"]["year"] == LAST_QUARTER[:4]]
    return out


def _without(table: str) -> Callable[[Tables], Tables]:
    def edit(t: Tables) -> Tables:
        return {**t, table: t[table].iloc[0:0]}  # the header only
    edit.__doc__ = f"{table}: the header only, no rows."
    return edit


def no_survey(t: Tables) -> Tables:
    """No survey file at all (the table is optional)."""
    return {k: v for k, v in t.items() if k != "survey"}


def no_launches(t: Tables) -> Tables:
    """No online service start anywhere."""
    units = t["units"].copy()
    units["online_service_start"] = ""
    return {**t, "units": units}


def one_modality(t: Tables) -> Tables:
    """Every programme a classroom course."""
    programs = t["programs"].copy()
    programs["modality"] = "classroom"
    return {**t, "programs": programs}


VARIANTS: dict[str, Callable[[Tables], Tables]] = {
    "one_agency": one_agency,
    "one_quarter": one_quarter,
    "no_assessments": _without("assessments"),
    "no_service_metrics": _without("service_metrics"),
    "no_budget": _without("budget"),
    "no_survey": no_survey,
    "no_launches": no_launches,
    "one_modality": one_modality,
}


def write(tables: Tables, target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        frame.to_csv(target / f"{name}.csv", index=False, lineterminator="\n")
    return target


def write_variant(name: str, target: Path, start: Tables | None = None) -> Path:
    """Write variant ``name`` (a key of :data:`VARIANTS`) to ``target``."""
    return write(VARIANTS[name](start if start is not None else base()), target)


if __name__ == "__main__":
    out = Path(sys.argv[1])
    start = base()
    for variant in VARIANTS:
        write_variant(variant, out / variant, start)
        print(out / variant)
