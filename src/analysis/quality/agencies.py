"""Which data each OPD has for the quarter, and how many OPD lack each kind."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.data.dataset import Dataset
from analysis.data.definitions import active_staff, enrollment_facts
from analysis.data.periods import format_period, parse_period
from analysis.data.scope import ALL_AGENCIES


def _missing_data(row: pd.Series) -> str:
    """``enrollments, budget``: what one agency row of :func:`agency_completeness` lacks."""
    missing = [
        name
        for name, absent in (
            ("enrollments", row["enrollments"] == 0),
            ("service_metrics", row["service_metrics"] == 0),
            ("budget", not row["has_budget"]),
            ("assessments", row["assessed_staff"] == 0),
        )
        if absent
    ]
    return ", ".join(missing)


def agency_completeness(ds: Dataset, period: str | pd.Period, agency: str | None = None) -> pd.DataFrame:
    """Which data each OPD has for ``period`` (only ``agency``'s row when one is named).

    Parameters
    ----------
    ds, period
        The whole dataset and the quarter.
    agency
        An agency_id to keep only its row; ``None`` or ``"all"`` keeps every agency.

    Returns
    -------
    DataFrame
        One row per agency (units whose ``agency_id`` is their own id), sorted
        by agency_id: ``agency_id``, ``agency_name``, ``units``, ``active_staff``
        (active at the end of the quarter), ``enrollments`` (ending in the
        quarter), ``share_scored`` (of completed enrollments ending in the
        quarter, the share with both pre and post scores; NaN without
        completions), ``service_metrics`` (rows for the quarter),
        ``has_budget`` (an allocation row for the quarter's year),
        ``assessed_staff`` (active staff with any assessment up to the quarter
        end), and ``gaps``: a comma-separated list of what is missing
        (``service_metrics``, ``budget``, ``assessments``, ``enrollments``).
    """
    period = format_period(period)
    year = parse_period(period).year
    end = parse_period(period).end_time.normalize()
    units = ds.units
    agencies = units.loc[units["unit_id"].eq(units["agency_id"]), ["unit_id", "unit_name"]]
    agencies = agencies.rename(columns={"unit_id": "agency_id", "unit_name": "agency_name"})
    out = agencies.set_index("agency_id")
    out["units"] = units.groupby("agency_id").size()
    staff = active_staff(ds, period)
    out["active_staff"] = staff.groupby("agency_id").size()
    facts = enrollment_facts(ds)
    now = facts.loc[facts["period"].eq(period)]
    out["enrollments"] = now.groupby("agency_id").size()
    done = now.loc[now["status"].eq("completed")]
    scored = done["pre_score"].notna() & done["post_score"].notna()
    out["share_scored"] = scored.groupby(done["agency_id"]).mean()
    metrics = ds.service_metrics.loc[ds.service_metrics["period"].eq(period)]
    metrics = metrics.merge(units[["unit_id", "agency_id"]], on="unit_id", how="left")
    out["service_metrics"] = metrics.groupby("agency_id").size()
    budget = ds.budget.loc[ds.budget["year"].eq(year)]
    out["has_budget"] = out.index.isin(budget["agency_id"])
    assessed = ds.assessments.loc[ds.assessments["assessed_on"] <= end, "employee_id"].unique()
    out["assessed_staff"] = staff.loc[staff["employee_id"].isin(assessed)].groupby("agency_id").size()
    for col in ("units", "active_staff", "enrollments", "service_metrics", "assessed_staff"):
        out[col] = out[col].fillna(0).astype(int)
    out["gaps"] = [_missing_data(row) for _, row in out.iterrows()]
    out = out.reset_index().sort_values("agency_id").reset_index(drop=True)
    if agency in (None, ALL_AGENCIES):
        return out
    return out.loc[out["agency_id"].eq(agency)]


@dataclass(frozen=True)
class AgencyGaps:
    """How many of ``agencies`` OPD have no service metrics, no allocation, no assessments
    and no enrolments ending in the quarter (counts over :func:`agency_completeness`)."""

    agencies: int
    without_service_metrics: int
    without_budget: int
    without_assessments: int
    without_enrollments: int


def agency_gaps(by_agency: pd.DataFrame) -> AgencyGaps:
    """Count the gaps of an :func:`agency_completeness` frame."""
    return AgencyGaps(
        agencies=len(by_agency),
        without_service_metrics=int((by_agency["service_metrics"] == 0).sum()),
        without_budget=int((~by_agency["has_budget"]).sum()),
        without_assessments=int((by_agency["assessed_staff"] == 0).sum()),
        without_enrollments=int((by_agency["enrollments"] == 0).sum()),
    )
