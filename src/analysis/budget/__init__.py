"""Budget: spending, absorption, cost per JP, the funding gap to 20 JP, and the format mix.

Question 4 of DESIGN.md: the money is often not enough. How much is spent and
absorbed, what does one JP cost, what would it cost to bring every ASN to the
20 JP/year minimum (PP 11/2017 art. 203), and which mix of formats reaches the
most people for the budget?

Definitions (DESIGN.md, "Definitions", applied exactly):

- **Cost** of an enrollment: its own ``cost`` if given, else the programme's
  ``cost_per_participant`` when attended (completed or dropped), else 0
  (:func:`analysis.data.definitions.enrollment_facts`, column ``cost_idr``).
- **Spending** of an agency (OPD): the cost of its employees' enrollments,
  leavers included, counted in the quarter and year of ``end_date``. The
  agency is the one of the employee's unit in the employees table.
- **Budget absorption** (year-to-date) = spending in year Y up to the end of
  quarter Q / ``allocated_idr`` of year Y. Undefined (NaN, ``no_allocation``
  True) when the agency has no allocation row for Y or an allocation of 0.
- **Cost per JP** of a group of enrollments = total cost / total credited JP
  (a ratio of sums). Every enrollment's cost counts, so money spent on drop-outs
  and paid no-shows is part of the price of the JP that were credited: this is
  the *effective* cost per credited JP, the rate at which money turns into JP.
  ``cost_per_jp_completed`` (cost of completed enrollments / their JP) is the
  list price of a completed JP, shown beside it.
- **Funding gap to 20 JP** = sum over employees active at the end of Q of
  max(0, 20 - credited JP so far in Y) x the observed cost per JP: the agency's
  own (trailing four quarters) when it has at least ``min_enrollments``
  completed enrollments in that window, else the city's.

Functions
---------
:func:`spending` (allocation, spending, absorption per agency or city),
:func:`cost_per_jp` (trailing four quarters, delta-method or bootstrap CI; by
agency, modality, provider type, ...), :func:`compare_cost_per_jp`,
:func:`funding_gap` (JP still needed, its price, remaining allocation and
shortfall), :func:`format_parameters` / :func:`optimise_mix` /
:func:`format_mix` (the linear programme for the mix of formats, with the
city's policy from :func:`load_mix_policy`), :func:`budget_trend` and
:func:`cost_per_jp_change` (quarter by quarter).

Rules of thumb stated once: an agency's own cost per JP is used when it has at
least :data:`MIN_ENROLLMENTS` (30) completed enrollments in the trailing four
quarters; a format enters the mix only with at least :data:`MIN_PLACES` (30)
decided enrollments there. Absorption and spending are census quantities with
no sampling interval; costs per JP carry a 95% CI.

Domain words: JP (jam pelajaran) is a 45-minute lesson hour; an OPD is a city
agency; *pagu* is the allocation; *serapan* is absorption.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import optimize, stats

from analysis.data.dataset import Dataset
from analysis.data.definitions import active_staff, enrollment_facts, jp_year_to_date
from analysis.data.paths import CONFIG_DIR
from analysis.data.periods import format_period, parse_period, period_index, shift_period
from analysis.stats.intervals import CI_METHODS, CiMethod, ratio_ci
from analysis.text import fmt

#: The annual minimum of competency development per ASN (PP 11/2017 art. 203).
TARGET_JP = 20.0
#: An agency uses its own cost per JP in the funding gap when it has at least this
#: many completed enrollments in the trailing four quarters; else the city's.
MIN_ENROLLMENTS = 30
#: Formats enter the format-mix optimisation only with at least this many decided
#: (completed, dropped or no-show) enrollments in the trailing four quarters.
MIN_PLACES = 30

def label(code: object, lang: str = "id") -> str:
    """Reader-facing name of a modality, provider-type or domain code (:func:`analysis.text.fmt.code_label`)."""
    return fmt.code_label(code, lang)  # type: ignore[arg-type]


Objective = Literal["people", "jp"]
OBJECTIVES: tuple[str, ...] = ("people", "jp")
GROUPABLE = ("agency_id", "unit_id", "sector", "modality", "provider_type", "domain", "program_id")


# --------------------------------------------------------------------------- helpers


def _check_choice(name: str, value: str, choices: Sequence[str]) -> None:
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}; got {value!r}")


def _as_list(by: str | Sequence[str] | None) -> list[str]:
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


def _check_by(by: str | Sequence[str] | None, allowed: Sequence[str] = GROUPABLE) -> list[str]:
    cols = _as_list(by)
    bad = [c for c in cols if c not in allowed]
    if bad:
        raise ValueError(f"cannot group by {bad}; choose from {', '.join(allowed)} or None")
    return cols


def _facts(ds: Dataset, facts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Enrollment facts (computed, or the caller's, never mutated) with ``qidx`` and ``completed``.

    ``qidx`` is the running quarter index of ``end_date`` (year * 4 + quarter - 1).
    """
    base = enrollment_facts(ds) if facts is None else facts
    missing = [
        c
        for c in ("end_date", "status", "cost_idr", "credited_jp", "decided", "agency_id")
        if c not in base
    ]
    if missing:
        raise ValueError(
            f"facts lacks columns {missing}; pass analysis.data.definitions.enrollment_facts(ds)"
        )
    end = base["end_date"]
    return base.assign(
        qidx=(end.dt.year * 4 + end.dt.quarter - 1).astype("Int64"),
        completed=base["status"].eq("completed"),
    )


def _ytd_mask(facts: pd.DataFrame, period: str | pd.Period) -> pd.Series:
    p = parse_period(period)
    return ((facts["qidx"] >= p.year * 4) & (facts["qidx"] <= period_index(p))).fillna(False)


def _window_mask(facts: pd.DataFrame, period: str | pd.Period, quarters: int) -> pd.Series:
    """Enrollments ending in the ``quarters`` quarters up to and including ``period``."""
    last = period_index(period)
    return ((facts["qidx"] > last - quarters) & (facts["qidx"] <= last)).fillna(False)


def _agencies(ds: Dataset) -> pd.Series:
    """Agency ids: OPD rows of the units table (``agency_id == unit_id``)."""
    units = ds.units
    return units.loc[units["unit_id"] == units["agency_id"], "unit_id"].astype("string")


def _allocation(ds: Dataset, year: int) -> pd.Series:
    budget = ds.budget
    rows = budget.loc[budget["year"] == year]
    return rows.groupby("agency_id")["allocated_idr"].sum(min_count=1)


# --------------------------------------------------------------------------- ratio CI




# --------------------------------------------------------------------------- spending


def spending(
    ds: Dataset,
    period: str | pd.Period,
    by: Literal["agency_id"] | None = "agency_id",
    *,
    facts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Allocation, spending, absorption and cost per JP, year-to-date, per agency or for the city.

    Parameters
    ----------
    ds
        The dataset.
    period
        Quarter Q (``"2026Q3"``); the fiscal year Y is its calendar year.
    by
        ``"agency_id"`` (one row per agency) or ``None`` (one row for the city).
    facts
        Optional :func:`analysis.data.definitions.enrollment_facts` of ``ds``, computed
        once by the caller and reused across calls (it is not modified).

    Returns
    -------
    DataFrame
        One row per agency (every OPD of the units table, plus any agency that
        has an allocation or spending), sorted by ``agency_id``, or one city row:

        - ``agency_id`` (absent when ``by=None``), ``year``, ``period``
        - ``allocated_idr``: allocation for Y (NaN when the agency has none)
        - ``spending_ytd_idr``: cost of the agency's employees' enrollments
          ending in Y up to the end of Q
        - ``spending_quarter_idr``: the same, ending in Q only
        - ``absorption``: spending_ytd_idr / allocated_idr (a share; may exceed 1)
        - ``no_allocation``: True when there is no allocation row for Y or it is 0;
          absorption is then NaN
        - ``enrollments_ytd``: enrollments ending in Y up to Q (any status)
        - ``credited_jp_ytd``: credited JP of those enrollments
        - ``cost_per_jp_ytd``: spending_ytd_idr / credited_jp_ytd (NaN without JP)

    Notes
    -----
    Spending follows DESIGN.md exactly: cost is the enrollment's own cost if
    given, else the programme's cost per participant when attended, else 0, so
    registered and no-show enrollments cost nothing unless their own cost is
    recorded. Leavers' enrollments count for the agency of their (last) unit.
    The city row's allocation is the sum of all agencies' allocations for Y and
    its spending covers every enrollment, so city absorption is total spending /
    total allocation. Absorption is a census quantity: it has no sampling
    uncertainty.
    """
    if by not in ("agency_id", None):
        raise ValueError(f"by must be 'agency_id' or None; got {by!r}")
    p = parse_period(period)
    facts = _facts(ds, facts)
    ytd = facts.loc[_ytd_mask(facts, p)]
    in_q = ytd["qidx"] == period_index(p)
    allocation = _allocation(ds, p.year)

    if by is None:
        alloc_total = allocation.sum(min_count=1)
        out = pd.DataFrame(
            {
                "year": [p.year],
                "period": [format_period(p)],
                "allocated_idr": [float(alloc_total) if pd.notna(alloc_total) else np.nan],
                "spending_ytd_idr": [float(ytd["cost_idr"].sum())],
                "spending_quarter_idr": [float(ytd.loc[in_q, "cost_idr"].sum())],
                "enrollments_ytd": [len(ytd)],
                "credited_jp_ytd": [float(ytd["credited_jp"].sum())],
            }
        )
    else:
        grouped = ytd.groupby("agency_id")
        agencies = (
            pd.Index(_agencies(ds))
            .union(pd.Index(allocation.index.astype("string")))
            .union(pd.Index(ytd["agency_id"].dropna().unique()).astype("string"))
        )
        out = pd.DataFrame({"agency_id": pd.array(sorted(agencies), dtype="string")})
        out["year"] = p.year
        out["period"] = format_period(p)
        out["allocated_idr"] = out["agency_id"].map(allocation).astype(float)
        out["spending_ytd_idr"] = (
            out["agency_id"].map(grouped["cost_idr"].sum()).fillna(0.0).astype(float)
        )
        q_spend = ytd.loc[in_q].groupby("agency_id")["cost_idr"].sum()
        out["spending_quarter_idr"] = out["agency_id"].map(q_spend).fillna(0.0).astype(float)
        out["enrollments_ytd"] = out["agency_id"].map(grouped.size()).fillna(0).astype(int)
        out["credited_jp_ytd"] = (
            out["agency_id"].map(grouped["credited_jp"].sum()).fillna(0.0).astype(float)
        )

    out["no_allocation"] = out["allocated_idr"].isna() | out["allocated_idr"].eq(0)
    out["absorption"] = (out["spending_ytd_idr"] / out["allocated_idr"]).where(
        ~out["no_allocation"]
    )
    jp = out["credited_jp_ytd"]
    out["cost_per_jp_ytd"] = (out["spending_ytd_idr"] / jp).where(jp > 0)
    cols = [
        "year",
        "period",
        "allocated_idr",
        "spending_ytd_idr",
        "spending_quarter_idr",
        "absorption",
        "no_allocation",
        "enrollments_ytd",
        "credited_jp_ytd",
        "cost_per_jp_ytd",
    ]
    return out[(["agency_id"] if by else []) + cols].reset_index(drop=True)


# --------------------------------------------------------------------------- cost per JP


def _cost_per_jp_table(
    window: pd.DataFrame,
    cols: list[str],
    method: CiMethod,
    level: float,
    n_boot: int,
    seed: int | None,
    min_enrollments: int,
) -> pd.DataFrame:
    rows = []
    groups = [((), window)] if not cols else window.groupby(cols, dropna=False, sort=True)
    for key, g in groups:
        key = key if isinstance(key, tuple) else (key,)
        ci = ratio_ci(
            g["cost_idr"], g["credited_jp"], method=method, level=level, n_boot=n_boot, seed=seed
        )
        done = g["completed"]
        jp_done = g.loc[done, "credited_jp"].sum()
        rows.append(
            {
                **dict(zip(cols, key, strict=True)),
                "enrollments": len(g),
                "completed": int(done.sum()),
                "cost_idr": float(g["cost_idr"].sum()),
                "credited_jp": float(g["credited_jp"].sum()),
                "cost_per_jp": ci["estimate"],
                "std_error": ci["std_error"],
                "ci_low": ci["ci_low"],
                "ci_high": ci["ci_high"],
                "cost_per_jp_completed": float(g.loc[done, "cost_idr"].sum() / jp_done)
                if jp_done > 0
                else np.nan,
                "enough_data": bool(done.sum() >= min_enrollments),
                "method": method,
            }
        )
    columns = cols + [
        "enrollments",
        "completed",
        "cost_idr",
        "credited_jp",
        "cost_per_jp",
        "std_error",
        "ci_low",
        "ci_high",
        "cost_per_jp_completed",
        "enough_data",
        "method",
    ]
    return pd.DataFrame(rows, columns=columns)


def cost_per_jp(
    ds: Dataset,
    period: str | pd.Period,
    by: str | Sequence[str] | None = "modality",
    *,
    quarters: int = 4,
    method: CiMethod = "delta",
    level: float = 0.95,
    n_boot: int = 2000,
    seed: int | None = 0,
    min_enrollments: int = MIN_ENROLLMENTS,
    facts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Cost per credited JP over the trailing four quarters, with a confidence interval.

    Parameters
    ----------
    ds, period
        Dataset and the last quarter Q of the window (Q-3 .. Q by default).
    by
        A column or list of columns of the enrollment facts: ``agency_id``,
        ``unit_id``, ``sector`` (the employee's), ``modality``, ``provider_type``,
        ``domain``, ``program_id``; ``None`` gives one city row.
    quarters
        Length of the trailing window in quarters (default 4).
    method
        ``"delta"`` (default; fast, deterministic) or ``"bootstrap"`` over
        enrollments; see :func:`ratio_ci`.
    min_enrollments
        ``enough_data`` is True when the group has at least this many completed
        enrollments in the window (default 30).
    facts
        Optional :func:`analysis.data.definitions.enrollment_facts` of ``ds``, computed
        once by the caller and reused across calls (it is not modified).

    Returns
    -------
    DataFrame
        One row per group: the ``by`` columns, ``enrollments`` (all statuses),
        ``completed``, ``cost_idr``, ``credited_jp``, ``cost_per_jp`` (=
        cost_idr / credited_jp), ``std_error``, ``ci_low``, ``ci_high`` (95%
        by default), ``cost_per_jp_completed`` (cost of completed enrollments /
        their JP), ``enough_data``, ``method``.

    Notes
    -----
    The estimate is a ratio of sums over the group's enrollments ending in the
    window; every enrollment's cost counts (drop-outs' and paid no-shows' too),
    so it is the effective cost of a credited JP. Estimand and SE: see
    :func:`ratio_ci` (enrollments treated as independent draws; not clustered
    by employee). Groups with no credited JP have NaN cost per JP.
    """
    cols = _check_by(by)
    _check_choice("method", method, CI_METHODS)
    if quarters < 1:
        raise ValueError(f"quarters must be >= 1; got {quarters}")
    facts = _facts(ds, facts)
    window = facts.loc[_window_mask(facts, period, quarters)]
    return _cost_per_jp_table(window, cols, method, level, n_boot, seed, min_enrollments)


def compare_cost_per_jp(
    table: pd.DataFrame, by: str, reference: str | None = None, *, level: float = 0.95
) -> pd.DataFrame:
    """Difference in cost per JP of each group against a reference group, with a CI.

    Parameters
    ----------
    table
        :func:`cost_per_jp` output grouped by the single column ``by``.
    by
        The group column (e.g. ``"modality"``).
    reference
        The reference group; default the group with the lowest cost per JP among
        those with ``enough_data``.

    Returns
    -------
    DataFrame
        One row per other group with a cost per JP: ``by``, ``reference``,
        ``estimate`` (group minus reference, IDR per JP), ``std_error``,
        ``ci_low``, ``ci_high``, ``ratio`` (group / reference), ``differs``
        (the CI excludes 0), ``enough_data`` (both groups have enough data).

    Notes
    -----
    The groups hold disjoint enrollments, so their estimates are treated as
    independent: SE = sqrt(SE_g^2 + SE_ref^2), normal interval.
    """
    if by not in table:
        raise ValueError(f"table has no column {by!r}")
    usable = table.loc[table["cost_per_jp"].notna()].set_index(by)
    cols = [by, "reference", "estimate", "std_error", "ci_low", "ci_high", "ratio", "differs", "enough_data"]
    if usable.empty:
        return pd.DataFrame(columns=cols)
    if reference is None:
        pool = usable.loc[usable["enough_data"]] if usable["enough_data"].any() else usable
        reference = str(pool["cost_per_jp"].idxmin())
    if reference not in usable.index:
        raise ValueError(
            f"reference {reference!r} has no cost per JP; choose from {', '.join(map(str, usable.index))}"
        )
    ref = usable.loc[reference]
    others = usable.drop(index=reference)
    q = stats.norm.ppf(0.5 + level / 2)
    est = others["cost_per_jp"] - ref["cost_per_jp"]
    se = np.sqrt(others["std_error"] ** 2 + ref["std_error"] ** 2)
    out = pd.DataFrame(
        {
            by: others.index,
            "reference": reference,
            "estimate": est.to_numpy(),
            "std_error": se.to_numpy(),
            "ci_low": (est - q * se).to_numpy(),
            "ci_high": (est + q * se).to_numpy(),
            "ratio": (others["cost_per_jp"] / ref["cost_per_jp"]).to_numpy(),
            "enough_data": (others["enough_data"] & bool(ref["enough_data"])).to_numpy(),
        }
    )
    out["differs"] = (out["ci_low"] > 0) | (out["ci_high"] < 0)
    return out[cols].reset_index(drop=True)


# --------------------------------------------------------------------------- funding gap


def funding_gap(
    ds: Dataset,
    period: str | pd.Period,
    *,
    by: Literal["agency_id"] | None = "agency_id",
    min_enrollments: int = MIN_ENROLLMENTS,
    target_jp: float = TARGET_JP,
    level: float = 0.95,
    facts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """What it would cost to bring every active ASN to 20 JP this year, and what is missing.

    Parameters
    ----------
    ds, period
        Dataset and quarter Q; Y is Q's year.
    by
        ``"agency_id"`` (one row per agency with active staff or an allocation)
        or ``None`` (one city row, the sum of the agency rows).
    min_enrollments
        An agency's own cost per JP is used when it has at least this many
        completed enrollments in the trailing four quarters (Q-3..Q); otherwise
        the city's cost per JP over the same window.
    target_jp
        The annual minimum (20 JP, PP 11/2017 art. 203).
    facts
        Optional :func:`analysis.data.definitions.enrollment_facts` of ``ds``, computed
        once by the caller and reused across calls (it is not modified).

    Returns
    -------
    DataFrame
        ``agency_id`` (absent for ``by=None``), ``year``, ``period``,
        ``active_staff`` (active at the end of Q), ``jp_ytd`` (their credited JP
        in Y up to Q), ``staff_below_target``, ``jp_needed`` (= sum over active
        staff of max(0, target_jp - JP so far in Y)), ``completed_4q`` (the
        agency's completed enrollments in the window), ``cost_per_jp_own``,
        ``cost_per_jp_used``, ``cost_source`` (``"agency"`` or ``"city"``),
        ``gap_idr`` (= jp_needed x cost_per_jp_used) with ``gap_ci_low`` /
        ``gap_ci_high`` (jp_needed x the CI of the cost per JP used, delta
        method), ``allocated_idr``, ``spending_ytd_idr``, ``remaining_idr``
        (= allocated - spending YTD; NaN without allocation; negative when
        overspent), ``shortfall_idr`` (= max(0, gap_idr - max(0, remaining_idr));
        the whole gap when there is no allocation), ``funded_share`` (=
        min(1, max(0, remaining) / gap); 1 when there is no gap),
        ``shortfall_per_staff_idr``.

    Notes
    -----
    JP needed counts employees active at the end of Q only (leavers need no
    more JP) and uses JP credited in Y up to Q, so before Q4 it is the money
    needed to close the rest of the year's gap, assuming the remaining training
    is bought at the observed effective cost per JP (drop-outs included). The
    gap's interval reflects the uncertainty of the cost per JP only; JP needed is
    counted exactly. For the city row, the gap and shortfall are sums of the
    agency rows (each agency priced by the rule above) and ``cost_per_jp_used``
    is their implied average (gap / JP needed).
    """
    if by not in ("agency_id", None):
        raise ValueError(f"by must be 'agency_id' or None; got {by!r}")
    if min_enrollments < 1:
        raise ValueError(f"min_enrollments must be >= 1; got {min_enrollments}")
    p = parse_period(period)
    facts = _facts(ds, facts)
    window = facts.loc[_window_mask(facts, p, 4)]
    city = _cost_per_jp_table(window, [], "delta", level, 0, None, min_enrollments).iloc[0]
    own = _cost_per_jp_table(
        window, ["agency_id"], "delta", level, 0, None, min_enrollments
    ).set_index("agency_id")

    staff = active_staff(ds, p)[["employee_id", "agency_id"]].copy()
    jp = jp_year_to_date(facts, p)
    staff["jp_ytd"] = staff["employee_id"].map(jp).fillna(0.0).astype(float)
    staff["need"] = (target_jp - staff["jp_ytd"]).clip(lower=0.0)
    per_agency = staff.groupby("agency_id").agg(
        active_staff=("employee_id", "size"),
        jp_ytd=("jp_ytd", "sum"),
        staff_below_target=("need", lambda s: int((s > 0).sum())),
        jp_needed=("need", "sum"),
    )
    spend = spending(ds, p, by="agency_id", facts=facts).set_index("agency_id")
    agencies = pd.Index(per_agency.index.astype("string")).union(
        pd.Index(spend.index.astype("string"))
    )
    out = pd.DataFrame({"agency_id": pd.array(sorted(agencies), dtype="string")})
    out["year"] = p.year
    out["period"] = format_period(p)
    for col, fill in (
        ("active_staff", 0),
        ("jp_ytd", 0.0),
        ("staff_below_target", 0),
        ("jp_needed", 0.0),
    ):
        out[col] = out["agency_id"].map(per_agency[col]).fillna(fill)
    out["active_staff"] = out["active_staff"].astype(int)
    out["staff_below_target"] = out["staff_below_target"].astype(int)
    out["completed_4q"] = out["agency_id"].map(own["completed"]).fillna(0).astype(int)
    out["cost_per_jp_own"] = out["agency_id"].map(own["cost_per_jp"]).astype(float)
    use_own = (out["completed_4q"] >= min_enrollments) & out["cost_per_jp_own"].notna()
    out["cost_source"] = np.where(use_own, "agency", "city")
    for col in ("cost_per_jp", "ci_low", "ci_high"):
        mine = out["agency_id"].map(own[col]).astype(float)
        out[f"_{col}"] = mine.where(use_own, float(city[col]))
    out["cost_per_jp_used"] = out["_cost_per_jp"]
    out["gap_idr"] = out["jp_needed"] * out["_cost_per_jp"]
    out["gap_ci_low"] = out["jp_needed"] * out["_ci_low"]
    out["gap_ci_high"] = out["jp_needed"] * out["_ci_high"]
    out = out.drop(columns=["_cost_per_jp", "_ci_low", "_ci_high"])
    out["allocated_idr"] = out["agency_id"].map(spend["allocated_idr"]).astype(float)
    out["spending_ytd_idr"] = (
        out["agency_id"].map(spend["spending_ytd_idr"]).fillna(0.0).astype(float)
    )

    if by is None:
        total = {
            "year": p.year,
            "period": format_period(p),
            **{
                c: out[c].sum()
                for c in ("active_staff", "jp_ytd", "staff_below_target", "jp_needed")
            },
            "completed_4q": int(city["completed"]),
            "cost_per_jp_own": float(city["cost_per_jp"]),
            "cost_source": "city" if (out["cost_source"] == "city").all() else "mixed",
            **{c: out[c].sum() for c in ("gap_idr", "gap_ci_low", "gap_ci_high")},
            "allocated_idr": out["allocated_idr"].sum(min_count=1),
            "spending_ytd_idr": float(
                spending(ds, p, by=None, facts=facts)["spending_ytd_idr"].iloc[0]
            ),
        }
        total["cost_per_jp_used"] = (
            total["gap_idr"] / total["jp_needed"] if total["jp_needed"] > 0 else np.nan
        )
        remaining = (out["allocated_idr"] - out["spending_ytd_idr"]).clip(lower=0)
        shortfall = (out["gap_idr"] - remaining.fillna(0.0)).clip(lower=0)
        out = pd.DataFrame([total])
        out["shortfall_idr"] = float(shortfall.sum())
        out["remaining_idr"] = out["allocated_idr"] - out["spending_ytd_idr"]
    else:
        out["remaining_idr"] = out["allocated_idr"] - out["spending_ytd_idr"]
        available = out["remaining_idr"].clip(lower=0).fillna(0.0)
        out["shortfall_idr"] = (out["gap_idr"] - available).clip(lower=0)
    available = out["remaining_idr"].clip(lower=0).fillna(0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        funded = np.where(out["gap_idr"] > 0, np.minimum(1.0, available / out["gap_idr"]), 1.0)
    out["funded_share"] = funded
    out["shortfall_per_staff_idr"] = (out["shortfall_idr"] / out["active_staff"]).where(
        out["active_staff"] > 0
    )
    cols = [
        "year",
        "period",
        "active_staff",
        "jp_ytd",
        "staff_below_target",
        "jp_needed",
        "completed_4q",
        "cost_per_jp_own",
        "cost_per_jp_used",
        "cost_source",
        "gap_idr",
        "gap_ci_low",
        "gap_ci_high",
        "allocated_idr",
        "spending_ytd_idr",
        "remaining_idr",
        "shortfall_idr",
        "funded_share",
        "shortfall_per_staff_idr",
    ]
    return out[(["agency_id"] if by else []) + cols].reset_index(drop=True)


# --------------------------------------------------------------------------- format mix


@dataclass(frozen=True)
class FormatMix:
    """The result of :func:`format_mix` / :func:`optimise_mix`.

    Attributes
    ----------
    plan
        One row per format: the format columns, the observed parameters
        (``cost_per_place``, ``completion_rate``, ``jp_per_completion``,
        ``people_per_place``, ``jp_per_place``, ``observed_places``,
        ``cap_places``), the current mix scaled to the budget (``current_places``,
        ``current_spend_idr``, ``current_people``, ``current_jp``) and the optimal
        mix (``optimal_places``, ``optimal_places_whole`` (rounded down),
        ``optimal_spend_idr``, ``optimal_people``, ``optimal_jp``,
        ``optimal_share_places``).
    summary
        Two rows (``mix`` = ``current`` / ``optimal``): ``places``, ``spend_idr``,
        ``people``, ``jp``, ``cost_to_reach_all_idr`` (the least money with which
        that mix reaches all ``max_people``; NaN without ``max_people`` or when
        the caps make it impossible).
    objective
        ``"people"`` or ``"jp"``.
    budget_idr
        The budget the mix spends.
    status
        The solver's message.
    assumptions
        Plain-language statements of what the plan assumes.
    excluded
        Formats left out (too little data, or no cost/JP observed), with the reason.
    excluded_formats
        The same as a table: the format columns, ``observed_places`` and
        ``reason`` (``"few_places"`` or ``"no_yield"``).
    cap_multiplier, min_share, max_people
        The constraints the plan was solved under (see :func:`optimise_mix`).
    """

    plan: pd.DataFrame
    summary: pd.DataFrame
    objective: str
    budget_idr: float
    status: str
    assumptions: tuple[str, ...] = field(default_factory=tuple)
    excluded: tuple[str, ...] = field(default_factory=tuple)
    excluded_formats: pd.DataFrame = field(default_factory=pd.DataFrame)
    cap_multiplier: float | None = 1.0
    min_share: Mapping[str, float] = field(default_factory=dict)
    max_people: float | None = None

    @property
    def gain(self) -> float:
        """Optimal minus current value of the objective (people or JP) for the same budget."""
        s = self.summary.set_index("mix")[self.objective]
        return float(s["optimal"] - s["current"])


def format_parameters(
    ds: Dataset,
    period: str | pd.Period,
    by: str | Sequence[str] = "modality",
    *,
    quarters: int = 4,
    target_jp: float = TARGET_JP,
    facts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Observed price and yield of each training format over the trailing four quarters.

    Parameters
    ----------
    by
        Format columns: ``"modality"`` (default), or e.g. ``["modality",
        "provider_type"]``; any of ``modality``, ``provider_type``, ``domain``.
    facts
        Optional precomputed :func:`analysis.data.definitions.enrollment_facts` of ``ds`` (not modified).

    Returns
    -------
    DataFrame
        One row per format: the ``by`` columns, ``observed_places`` (decided
        enrollments: completed, dropped or no-show; registered ones are pending
        and left out), ``completed``, ``cost_idr`` (their total cost),
        ``cost_per_place`` (= cost_idr / observed_places), ``completion_rate``
        (= completed / observed_places), ``jp_per_completion`` (mean credited
        JP of completed enrollments), ``jp_per_place`` (= completion_rate x
        jp_per_completion), ``people_per_place`` (= completion_rate x
        min(jp_per_completion, target_jp) / target_jp), ``places_per_year``
        (observed_places x 4 / the number of quarters of the window that hold
        any decided enrollment: the yearly capacity providers showed).

    Notes
    -----
    ``people_per_place`` is the share of one ASN's annual 20-JP requirement a
    bought place delivers on average: a completion worth j JP covers
    min(j, 20) / 20 of a person's requirement, so JP beyond 20 in one course
    (degree study, long programmes) do not count twice toward bringing people
    to 20 JP.
    """
    cols = _check_by(by, ("modality", "provider_type", "domain"))
    if not cols:
        raise ValueError("by must name at least one format column")
    facts = _facts(ds, facts)
    window = facts.loc[_window_mask(facts, period, quarters) & facts["decided"]]
    g = window.groupby(cols, sort=True)
    out = pd.DataFrame(
        {
            "observed_places": g.size(),
            "completed": g["completed"].sum().astype(int),
            "cost_idr": g["cost_idr"].sum(),
            "jp_completed": g["credited_jp"].sum(),
        }
    ).reset_index()
    out["cost_per_place"] = out["cost_idr"] / out["observed_places"]
    out["completion_rate"] = out["completed"] / out["observed_places"]
    out["jp_per_completion"] = (out["jp_completed"] / out["completed"]).where(out["completed"] > 0)
    out["jp_per_place"] = out["completion_rate"] * out["jp_per_completion"].fillna(0.0)
    out["people_per_place"] = (
        out["completion_rate"]
        * out["jp_per_completion"].fillna(0.0).clip(upper=target_jp)
        / target_jp
    )
    # capacity per year: the window's places, scaled up when the data cover fewer quarters
    n_quarters = int(window["qidx"].nunique())
    out["places_per_year"] = out["observed_places"] * 4.0 / max(n_quarters, 1)
    return out.drop(columns=["jp_completed"])


def optimise_mix(
    params: pd.DataFrame,
    budget_idr: float,
    *,
    objective: Objective = "people",
    format_cols: Sequence[str] = ("modality",),
    cap_multiplier: float | None = 1.0,
    min_share: Mapping[str, float] | None = None,
    max_people: float | None = None,
    min_places: int = MIN_PLACES,
) -> FormatMix:
    """Choose how many places to buy per format to maximise people (or JP) within a budget.

    A linear programme (``scipy.optimize.linprog``, HiGHS)::

        maximise    sum_f v_f x_f          v_f = people_per_place (objective "people")
                                                 or jp_per_place (objective "jp")
        subject to  sum_f c_f x_f <= B     c_f = cost_per_place, B = budget_idr
                    0 <= x_f <= k * n_f    n_f = places_per_year, k = cap_multiplier
                    sum_{f in G_s} x_f >= s * sum_f x_f   for each min_share entry (G_s, s)
                    sum_f v_f x_f <= P     P = max_people (objective "people" only)

    With P given, a second programme finds the cheapest plan that reaches all
    P people (minimise sum_f c_f x_f subject to sum_f v_f x_f >= P, the caps
    and the shares): its cost is ``cost_to_reach_all_idr``, and when it fits in
    the budget it is the plan (unneeded money is not spent on paper). The
    current mix is scaled likewise: to the budget, or to the money with which
    it reaches all P people, or to the largest scale within the caps, whichever
    is least; so with the same caps the optimum is never worse than the current
    mix (unless the current mix breaks a minimum share).

    Parameters
    ----------
    params
        :func:`format_parameters` output (or a hand-made frame with the same
        columns: the format columns, ``cost_per_place``, ``people_per_place``,
        ``jp_per_place``, ``observed_places``; ``completion_rate`` and
        ``jp_per_completion`` are carried along when present).
    budget_idr
        Money to spend (IDR, > 0).
    objective
        ``"people"`` (default): ASN-equivalents brought to 20 JP (see
        :func:`format_parameters`); ``"jp"``: credited JP delivered.
    format_cols
        The columns that name a format.
    cap_multiplier
        Places per format are capped at this multiple of the yearly places
        observed (``places_per_year`` when present, else ``observed_places``:
        the capacity providers showed); ``None`` for no cap (then a free format
        makes the programme unbounded, an error).
    min_share
        ``{value: share}``: at least ``share`` of all places bought must be in
        formats whose format columns include ``value`` (e.g. ``{"classroom": 0.2}``
        or, with ``format_cols`` including ``domain``, ``{"technical": 0.3}``).
    max_people
        Upper bound on people reached (e.g. the number of active staff below
        20 JP); only for objective "people".
    min_places
        Formats with fewer observed places are excluded (their price and yield
        are too uncertain) and listed in ``excluded``.

    Returns
    -------
    FormatMix
        The plan, the current-vs-optimal summary and the assumptions. The
        current mix is the observed one scaled to spend the same budget.

    Notes
    -----
    Fractional places are the LP optimum; ``optimal_places_whole`` rounds them
    down (never over budget or cap; a min-share constraint can then miss by
    less than one place). Assumes constant returns: each extra place costs the
    observed average and yields the observed average completion and JP.
    """
    _check_choice("objective", objective, OBJECTIVES)
    if not np.isfinite(budget_idr) or budget_idr <= 0:
        raise ValueError(f"budget_idr must be a positive amount; got {budget_idr!r}")
    fcols = list(format_cols)
    missing = [
        c
        for c in [*fcols, "cost_per_place", "people_per_place", "jp_per_place", "observed_places"]
        if c not in params
    ]
    if missing:
        raise ValueError(f"params lacks columns {missing}; build it with format_parameters()")
    if cap_multiplier is not None and cap_multiplier <= 0:
        raise ValueError(f"cap_multiplier must be positive or None; got {cap_multiplier}")
    min_share = dict(min_share or {})
    for key, share in min_share.items():
        if not 0 <= share <= 1:
            raise ValueError(f"min_share[{key!r}] must be in 0..1; got {share}")
    value_col = "people_per_place" if objective == "people" else "jp_per_place"

    table = params.reset_index(drop=True).copy()
    label = table[fcols].astype(str).agg(" / ".join, axis=1)
    few = table["observed_places"] < min_places
    unusable = table["cost_per_place"].isna() | table[value_col].isna()
    excluded = [
        f"{name}: {n} observed places (< {min_places})"
        for name, n in zip(label[few], table.loc[few, "observed_places"], strict=True)
    ]
    excluded += [f"{name}: cost or yield not observed" for name in label[unusable & ~few]]
    use = table.loc[~few & ~unusable].reset_index(drop=True)
    if use.empty:
        raise ValueError(
            "no format has enough observed places to optimise; lower min_places or widen the window"
        )

    cost = use["cost_per_place"].to_numpy(float)
    value = use[value_col].to_numpy(float)
    if cap_multiplier is None:
        caps = np.full(len(use), np.inf)
        if ((cost == 0) & (value > 0)).any():
            raise ValueError(
                "a format costs nothing per place and has no cap: the plan is unbounded; set cap_multiplier"
            )
    else:
        capacity = use["places_per_year"] if "places_per_year" in use else use["observed_places"]
        caps = cap_multiplier * capacity.to_numpy(float)

    a_ub = [cost]
    b_ub = [float(budget_idr)]
    for key, share in min_share.items():
        member = use[fcols].astype(str).eq(str(key)).any(axis=1).to_numpy()
        if not member.any():
            raise ValueError(
                f"min_share names {key!r}, which matches no usable format ({', '.join(label)})"
            )
        # s * sum(x) - sum_{G}(x) <= 0
        a_ub.append(share - member.astype(float))
        b_ub.append(0.0)
    if max_people is not None and objective == "people":
        a_ub.append(value)
        b_ub.append(float(max_people))
    res = optimize.linprog(
        -value,
        A_ub=np.vstack(a_ub),
        b_ub=np.array(b_ub),
        bounds=[(0.0, None if np.isinf(c) else c) for c in caps],
        method="highs",
    )
    if res.status != 0:
        raise ValueError(f"the format-mix programme has no solution: {res.message}")
    x = np.clip(res.x, 0.0, None)
    people_goal = max_people is not None and objective == "people"
    cost_all = np.nan
    if people_goal:
        # The cheapest plan that reaches all max_people (caps and shares kept; no budget limit).
        cheap = optimize.linprog(
            cost,
            A_ub=np.vstack([-value] + a_ub[1:-1]),
            b_ub=np.array([-float(max_people)] + b_ub[1:-1]),
            bounds=[(0.0, None if np.isinf(c) else c) for c in caps],
            method="highs",
        )
        if cheap.status == 0:
            cost_all = float(cost @ np.clip(cheap.x, 0.0, None))
            if cost_all <= budget_idr * (1 + 1e-9):
                # everyone is reached within the budget: plan the cheapest way, report the rest
                x = np.clip(cheap.x, 0.0, None)

    observed_spend = float((use["cost_per_place"] * use["observed_places"]).sum())
    observed_value = float((use[value_col] * use["observed_places"]).sum())
    # The current mix is the observed one scaled by the least of: spending the budget,
    # reaching everyone (when that is the goal) and staying within the same capacity caps.
    scales = [budget_idr / observed_spend] if observed_spend > 0 else [np.nan]
    s_all = float(max_people) / observed_value if people_goal and observed_value > 0 else np.nan
    s_cap = float(np.min(caps / use["observed_places"].to_numpy(float)))
    scales += [v for v in (s_all, s_cap) if np.isfinite(v)]
    scale = float(np.min(scales))
    current_all = (
        s_all * observed_spend if np.isfinite(s_all) and s_all <= s_cap * (1 + 1e-9) else np.nan
    )
    use["cap_places"] = caps
    use["current_places"] = use["observed_places"] * scale
    use["current_spend_idr"] = use["current_places"] * use["cost_per_place"]
    use["current_people"] = use["current_places"] * use["people_per_place"]
    use["current_jp"] = use["current_places"] * use["jp_per_place"]
    use["optimal_places"] = x
    use["optimal_places_whole"] = np.floor(x + 1e-9).astype(int)
    use["optimal_spend_idr"] = x * cost
    use["optimal_people"] = x * use["people_per_place"].to_numpy(float)
    use["optimal_jp"] = x * use["jp_per_place"].to_numpy(float)
    use["optimal_share_places"] = x / x.sum() if x.sum() > 0 else 0.0
    keep = fcols + [
        c
        for c in (
            "cost_per_place",
            "completion_rate",
            "jp_per_completion",
            "people_per_place",
            "jp_per_place",
            "observed_places",
            "cap_places",
            "current_places",
            "current_spend_idr",
            "current_people",
            "current_jp",
            "optimal_places",
            "optimal_places_whole",
            "optimal_spend_idr",
            "optimal_people",
            "optimal_jp",
            "optimal_share_places",
        )
        if c in use
    ]
    plan = use[keep]
    summary = pd.DataFrame(
        {
            "mix": ["current", "optimal"],
            "places": [plan["current_places"].sum(), plan["optimal_places"].sum()],
            "spend_idr": [plan["current_spend_idr"].sum(), plan["optimal_spend_idr"].sum()],
            "people": [plan["current_people"].sum(), plan["optimal_people"].sum()],
            "jp": [plan["current_jp"].sum(), plan["optimal_jp"].sum()],
            "cost_to_reach_all_idr": [current_all, cost_all],
        }
    )
    assumptions = [
        "Each extra place costs the observed average cost per place of its format "
        "(own cost, else programme cost when attended) and yields the observed "
        "completion rate and JP per completion (constant returns).",
        (
            "People reached = sum of places x completion rate x min(JP per completion, 20) / 20: "
            "a completion covers at most one person's 20-JP requirement, and places can be "
            "combined across formats for one person."
            if objective == "people"
            else "JP delivered = sum of places x completion rate x JP per completion."
        ),
        (
            f"Places per format are capped at {cap_multiplier:g} x the places per year observed in the "
            "trailing four quarters (the capacity providers showed)."
            if cap_multiplier is not None
            else "Places per format are not capped."
        ),
        "The current mix is the observed mix of places scaled to spend the same budget, "
        "or less when less reaches everyone or when the capacity caps bind.",
        "Learning quality (gain, on-the-job use) is not part of the objective: a format is "
        "valued for JP and people reached only.",
    ]
    for key, share in min_share.items():
        assumptions.append(f"At least {share:.0%} of places are in formats matching {key!r}.")
    if max_people is not None and objective == "people":
        assumptions.append(
            f"At most {max_people:,.0f} people can be reached (those who need JP); places are assumed to "
            "go to them (perfect targeting). When the budget reaches them all, the plan is the cheapest "
            "that does, and the money left is reported."
        )
    return FormatMix(
        plan=plan.reset_index(drop=True),
        summary=summary,
        objective=objective,
        budget_idr=float(budget_idr),
        status=str(res.message),
        assumptions=tuple(assumptions),
        excluded=tuple(excluded),
        excluded_formats=table.loc[few | unusable, [*fcols, "observed_places"]]
        .assign(reason=np.where(few[few | unusable], "few_places", "no_yield"))
        .reset_index(drop=True),
        cap_multiplier=cap_multiplier,
        min_share=dict(min_share),
        max_people=max_people if objective == "people" else None,
    )


#: Where the city may set its format-mix policy (a ``format_mix:`` section); optional.
DEFAULT_MIX_POLICY = CONFIG_DIR / "budget.yaml"


@dataclass(frozen=True)
class MixPolicy:
    """The city's rules for the format-mix plan (see :func:`load_mix_policy`).

    Attributes
    ----------
    by
        Format columns (``modality``, ``provider_type``, ``domain``).
    objective
        ``"people"`` or ``"jp"``.
    cap_multiplier
        Places per format at most this multiple of the observed places (``None``: no cap).
    min_share
        ``{value: share}`` minimum share of places in matching formats, e.g.
        ``{"classroom": 0.2}`` or, with ``domain`` in ``by``, ``{"technical": 0.3}``.
    source
        The file read, or ``None`` for the defaults.
    """

    by: tuple[str, ...] = ("modality",)
    objective: Objective = "people"
    cap_multiplier: float | None = 1.0
    min_share: Mapping[str, float] = field(default_factory=dict)
    source: Path | None = None


def mix_policy_from_mapping(
    config: Mapping[str, Any] | None, source: Path | None = None
) -> MixPolicy:
    """Build a :class:`MixPolicy` from a parsed ``format_mix:`` section, checking every key."""
    config = dict(config or {})
    known = {"by", "objective", "cap_multiplier", "min_share"}
    unknown = set(config) - known
    if unknown:
        raise ValueError(
            f"format_mix has unknown keys {sorted(unknown)}; known: {', '.join(sorted(known))}"
        )
    by = config.get("by", ["modality"])
    by = (by,) if isinstance(by, str) else tuple(by)
    _check_by(list(by), ("modality", "provider_type", "domain"))
    objective = config.get("objective", "people")
    _check_choice("format_mix.objective", objective, OBJECTIVES)
    cap = config.get("cap_multiplier", 1.0)
    if cap is not None and (not isinstance(cap, int | float) or cap <= 0):
        raise ValueError(
            f"format_mix.cap_multiplier must be a positive number or null; got {cap!r}"
        )
    shares = {str(k): float(v) for k, v in (config.get("min_share") or {}).items()}
    for key, share in shares.items():
        if not 0 <= share <= 1:
            raise ValueError(
                f"format_mix.min_share[{key!r}] must be a proportion in 0..1; got {share}"
            )
    if sum(shares.values()) > 1:
        raise ValueError("format_mix.min_share adds up to more than 1")
    return MixPolicy(
        by=by,
        objective=objective,
        cap_multiplier=None if cap is None else float(cap),
        min_share=shares,
        source=source,
    )


def load_mix_policy(path: str | Path | None = None) -> MixPolicy:
    """Read the format-mix policy from the ``format_mix:`` section of a YAML file.

    Parameters
    ----------
    path
        Default ``analysis/config/budget.yaml``. When the default file is absent
        the defaults apply (formats by modality, objective people, caps at the
        observed places, no minimum shares); an explicit path must exist.

    Examples
    --------
    A ``budget.yaml`` that keeps at least 20% of places in classroom training::

        format_mix:
          by: [modality]
          objective: people
          cap_multiplier: 1.0
          min_share:
            classroom: 0.20
    """
    import yaml

    if path is None:
        if not DEFAULT_MIX_POLICY.exists():
            return MixPolicy()
        target = DEFAULT_MIX_POLICY
    else:
        target = Path(path)
        if not target.exists():
            raise FileNotFoundError(f"format-mix policy file not found: {target}")
    parsed = yaml.safe_load(target.read_text(encoding="utf-8")) or {}
    if not isinstance(parsed, Mapping):
        raise ValueError(f"{target}: expected a mapping with a format_mix section")
    return mix_policy_from_mapping(parsed.get("format_mix"), source=target)


def format_mix(
    ds: Dataset,
    period: str | pd.Period,
    budget_idr: float,
    *,
    by: str | Sequence[str] = "modality",
    objective: Objective = "people",
    cap_multiplier: float | None = 1.0,
    min_share: Mapping[str, float] | None = None,
    limit_people: Literal["active_staff", "below_target"] | None = "active_staff",
    min_places: int = MIN_PLACES,
    facts: pd.DataFrame | None = None,
) -> FormatMix:
    """Which mix of formats reaches the most ASN for a budget (a small linear programme).

    Observed parameters from :func:`format_parameters` (trailing four quarters
    up to ``period``) feed :func:`optimise_mix`; see both for the model, the
    constraints and the assumptions.

    Parameters
    ----------
    budget_idr
        The money to plan with, e.g. the city's allocation for the year or the
        remaining allocation.
    limit_people
        For objective "people", the most people the plan can reach:
        ``"active_staff"`` (default; annual planning: every ASN active at the end
        of ``period`` needs 20 JP a year), ``"below_target"`` (those active
        staff whose JP so far this year is below 20, for planning the rest of a
        year), or ``None`` (no limit).
    facts
        Optional precomputed :func:`analysis.data.definitions.enrollment_facts` of ``ds`` (not modified).

    Examples
    --------
    >>> mix = format_mix(ds, "2026Q3", 2e9, min_share={"classroom": 0.2})  # doctest: +SKIP
    >>> mix.summary  # doctest: +SKIP
    """
    cols = _check_by(by, ("modality", "provider_type", "domain"))
    facts = _facts(ds, facts)
    params = format_parameters(ds, period, cols, facts=facts)
    if limit_people not in ("active_staff", "below_target", None):
        raise ValueError(
            f"limit_people must be 'active_staff', 'below_target' or None; got {limit_people!r}"
        )
    max_people = None
    if limit_people is not None and objective == "people":
        gap = funding_gap(ds, period, by=None, facts=facts)
        column = "active_staff" if limit_people == "active_staff" else "staff_below_target"
        max_people = float(gap[column].iloc[0])
    return optimise_mix(
        params,
        budget_idr,
        objective=objective,
        format_cols=cols,
        cap_multiplier=cap_multiplier,
        min_share=min_share,
        max_people=max_people,
        min_places=min_places,
    )


# --------------------------------------------------------------------------- trend


def budget_trend(
    ds: Dataset,
    through: str | pd.Period,
    quarters: int = 8,
    *,
    by: Literal["agency_id"] | None = None,
    level: float = 0.95,
    facts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Spending, absorption and cost per JP quarter by quarter.

    Parameters
    ----------
    ds, through
        Dataset and the last quarter shown.
    quarters
        How many quarters up to ``through`` (default 8).
    by
        ``None`` (city, default) or ``"agency_id"``.
    facts
        Optional precomputed :func:`analysis.data.definitions.enrollment_facts` of ``ds`` (not modified).

    Returns
    -------
    DataFrame
        One row per quarter (per agency when ``by="agency_id"``) for the
        ``quarters`` quarters up to ``through``: ``period``, ``year``,
        ``spending_quarter_idr``, ``spending_ytd_idr``, ``allocated_idr``,
        ``absorption`` (year-to-date, as :func:`spending`), ``credited_jp``
        (in the quarter), ``enrollments``, ``cost_per_jp`` (the quarter's
        spending / its credited JP) with ``std_error``, ``ci_low``/``ci_high``
        (delta method, :func:`ratio_ci`).

    Notes
    -----
    Absorption restarts every January (year-to-date). The quarter's cost per
    JP uses enrollments ending in that quarter only, so it is noisier than the
    trailing-four-quarter figure of :func:`cost_per_jp`.
    """
    if quarters < 1:
        raise ValueError(f"quarters must be >= 1; got {quarters}")
    if by not in ("agency_id", None):
        raise ValueError(f"by must be 'agency_id' or None; got {by!r}")
    last = parse_period(through)
    facts = _facts(ds, facts)
    frames = []
    for k in range(quarters - 1, -1, -1):
        q = shift_period(last, -k)
        spend = spending(ds, q, by=by, facts=facts)
        in_q = facts.loc[facts["qidx"] == period_index(q)]
        cpj = _cost_per_jp_table(in_q, [by] if by else [], "delta", level, 0, None, MIN_ENROLLMENTS)
        keep = ([by] if by else []) + [
            "enrollments",
            "credited_jp",
            "cost_per_jp",
            "std_error",
            "ci_low",
            "ci_high",
        ]
        merged = (
            spend.merge(cpj[keep], on=by, how="left")
            if by
            else pd.concat([spend, cpj[keep]], axis=1)
        )
        frames.append(merged)
    out = pd.concat(frames, ignore_index=True)
    out["enrollments"] = out["enrollments"].fillna(0).astype(int)
    out["credited_jp"] = out["credited_jp"].fillna(0.0)
    cols = [
        "period",
        "year",
        "spending_quarter_idr",
        "spending_ytd_idr",
        "allocated_idr",
        "absorption",
        "credited_jp",
        "enrollments",
        "cost_per_jp",
        "std_error",
        "ci_low",
        "ci_high",
    ]
    return out[([by] if by else []) + cols]


def cost_per_jp_change(
    trend: pd.DataFrame, period: str | pd.Period, lag: int = 4, *, level: float = 0.95
) -> dict[str, object]:
    """Change in a quarter's cost per JP against ``lag`` quarters earlier, with a CI.

    Parameters
    ----------
    trend
        City-level :func:`budget_trend` output covering both quarters.
    period
        The later quarter; the earlier one is ``lag`` quarters before (default
        4: the same quarter a year earlier, which removes seasonality).

    Returns
    -------
    dict
        ``period``, ``earlier``, ``estimate`` (later minus earlier, IDR per JP),
        ``std_error``, ``ci_low``, ``ci_high``, ``differs`` (CI excludes 0),
        ``before``, ``after`` (the two costs per JP); estimate NaN when either
        quarter is missing or has no credited JP.

    Notes
    -----
    The two quarters hold disjoint enrollments, so their delta-method
    estimates are treated as independent: SE = sqrt(SE_1^2 + SE_2^2).
    """
    later = format_period(period)
    earlier = shift_period(later, -lag)
    t = trend.set_index("period") if "period" in trend else trend
    out: dict[str, object] = {"period": later, "earlier": earlier}
    nan = dict.fromkeys(("estimate", "std_error", "ci_low", "ci_high", "before", "after"), np.nan)
    if later not in t.index or earlier not in t.index:
        return {**out, **nan, "differs": False}
    a, b = t.loc[earlier], t.loc[later]
    est = float(b["cost_per_jp"] - a["cost_per_jp"])
    se = float(np.hypot(a["std_error"], b["std_error"]))
    q = stats.norm.ppf(0.5 + level / 2)
    low, high = est - q * se, est + q * se
    differs = bool(np.isfinite(low) and (low > 0 or high < 0))
    return {
        **out,
        "estimate": est,
        "std_error": se,
        "ci_low": low,
        "ci_high": high,
        "differs": differs,
        "before": float(a["cost_per_jp"]),
        "after": float(b["cost_per_jp"]),
    }


# --------------------------------------------------------------------------- notebook results and narrative


@dataclass(frozen=True)
class BudgetResults:
    """Everything the budget notebook reports for one quarter (:func:`budget_results`).

    Attributes
    ----------
    period
        The quarter (``YYYYQn``).
    spend, city_spend
        :func:`spending` by agency, and the city's single row (a Series).
    gap, city_gap
        :func:`funding_gap` by agency, and the city's single row.
    cost_city, cost_modality, cost_provider
        :func:`cost_per_jp` for the city (a Series), by modality and by provider type.
    modality_diff
        :func:`compare_cost_per_jp` of ``cost_modality``.
    trend
        :func:`budget_trend`, eight quarters through ``period``.
    mix, mix_by
        :func:`format_mix` for ``plan_budget``, and the format columns it used.
    plan_budget, plan_basis
        The budget the mix plans: the year's allocation (``plan_basis`` =
        ``"allocation"``) or, without one, the last four quarters' spending
        (``"spending"``).
    """

    period: str
    spend: pd.DataFrame
    city_spend: pd.Series
    gap: pd.DataFrame
    city_gap: pd.Series
    cost_city: pd.Series
    cost_modality: pd.DataFrame
    cost_provider: pd.DataFrame
    modality_diff: pd.DataFrame
    trend: pd.DataFrame
    mix: FormatMix
    mix_by: tuple[str, ...]
    plan_budget: float
    plan_basis: Literal["allocation", "spending"]

    @property
    def year(self) -> int:
        """The calendar year of :attr:`period`."""
        return int(self.period[:4])


def budget_results(
    ds: Dataset,
    period: str | pd.Period,
    policy: MixPolicy | None = None,
    *,
    facts: pd.DataFrame | None = None,
) -> BudgetResults:
    """Compute the budget notebook's results for one quarter.

    Calls :func:`spending`, :func:`funding_gap`, :func:`cost_per_jp` (city,
    modality, provider type), :func:`compare_cost_per_jp` (modality),
    :func:`budget_trend` (eight quarters) and :func:`format_mix`.

    Parameters
    ----------
    ds
        The dataset.
    period
        The quarter.
    policy
        The format-mix policy; default :func:`load_mix_policy` (the city's
        ``config/budget.yaml`` or the defaults).
    facts
        :func:`analysis.data.definitions.enrollment_facts` of ``ds`` when already computed.

    Returns
    -------
    BudgetResults

    Notes
    -----
    The format mix plans the year's allocation; when the city has none (missing
    or <= 0) it plans the last four quarters' spending instead.
    """
    period = format_period(period)
    policy = load_mix_policy() if policy is None else policy
    facts = enrollment_facts(ds) if facts is None else facts
    spend = spending(ds, period, facts=facts)
    city_spend = spending(ds, period, by=None, facts=facts).iloc[0]
    cost_city = cost_per_jp(ds, period, by=None, facts=facts).iloc[0]
    cost_modality = cost_per_jp(ds, period, by="modality", facts=facts)
    plan_budget = city_spend["allocated_idr"]
    basis: Literal["allocation", "spending"] = "allocation"
    if pd.isna(plan_budget) or plan_budget <= 0:
        plan_budget = float(cost_city["cost_idr"])
        basis = "spending"
    mix = format_mix(ds, period, plan_budget, by=list(policy.by), objective=policy.objective,
                     cap_multiplier=policy.cap_multiplier, min_share=policy.min_share, facts=facts)
    return BudgetResults(
        period=period,
        spend=spend,
        city_spend=city_spend,
        gap=funding_gap(ds, period, facts=facts),
        city_gap=funding_gap(ds, period, by=None, facts=facts).iloc[0],
        cost_city=cost_city,
        cost_modality=cost_modality,
        cost_provider=cost_per_jp(ds, period, by="provider_type", facts=facts),
        modality_diff=compare_cost_per_jp(cost_modality, "modality"),
        trend=budget_trend(ds, through=period, quarters=8, facts=facts),
        mix=mix,
        mix_by=tuple(policy.by),
        plan_budget=plan_budget,
        plan_basis=basis,
    )


def over_allocation(spend: pd.DataFrame) -> dict[str, float]:
    """Agencies that spent more than their allocation so far in the year.

    Returns ``over`` (count of agencies with ``absorption`` > 1), ``with_allocation``
    (agencies with an allocation) and ``share`` (over / with_allocation; NaN
    when no agency has an allocation). A census count: no sampling CI.
    """
    with_alloc = spend.loc[~spend["no_allocation"]]
    over = int((with_alloc["absorption"] > 1).sum())
    return {"over": over, "with_allocation": len(with_alloc),
            "share": over / len(with_alloc) if len(with_alloc) else np.nan}


def stack_by_group(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Stack per-group tables into one long table: ``group`` (the grouping column) and ``value`` (its code).

    ``tables`` maps a grouping column to a table grouped by it, e.g.
    ``{"modality": cost_per_jp(..., by="modality"), "provider_type": ...}``; each
    table's grouping column is renamed ``value`` and ``group`` is added last.
    Row labels are kept as they are (the inputs are not changed).
    """
    for col, table in tables.items():
        if col not in table:
            raise ValueError(f"stack_by_group: the {col!r} table has no {col!r} column")
    return pd.concat([table.assign(group=col).rename(columns={col: "value"}) for col, table in tables.items()])


def agency_names(ds: Dataset) -> pd.Series:
    """Readable names looked up by agency id: ``unit_name`` of the unit whose ``unit_id`` equals it.

    An agency's head unit carries the agency's id (``SETDA``); ids without such a
    unit fall back to the id itself wherever the names are used.
    """
    return ds.units.set_index("unit_id")["unit_name"]


def _t(lang: str, id_text: str, en_text: str) -> str:
    return id_text if fmt.check_lang(lang) == "id" else en_text


def money_ci(estimate: float, low: float, high: float, lang: str = "id") -> str:
    """``Rp 1,2 miliar (IK 95% Rp 1,0 miliar s.d. Rp 1,4 miliar)``; the bare amount when a bound is missing."""
    if pd.isna(low) or pd.isna(high):
        return fmt.money(estimate, lang)  # type: ignore[arg-type]
    return _t(
        lang,
        f"{fmt.money(estimate, lang)} (IK 95% {fmt.money(low, lang)} s.d. {fmt.money(high, lang)})",  # type: ignore[arg-type]
        f"{fmt.money(estimate, lang)} (95% CI {fmt.money(low, lang)} to {fmt.money(high, lang)})",  # type: ignore[arg-type]
    )


def format_name(row: Mapping[str, Any], by: Sequence[str], lang: str = "id") -> str:
    """A format's readable name from its columns ``by`` (``Klasikal / Internal``)."""
    return " / ".join(label(row[c], lang) for c in by)


def plan_basis_text(basis: str, year: int, lang: str = "id") -> str:
    """What the format mix plans: ``pagu tahun 2026`` / ``belanja empat triwulan terakhir``."""
    if basis == "allocation":
        return _t(lang, "pagu tahun " + str(year), "the allocation for " + str(year))
    return _t(lang, "belanja empat triwulan terakhir", "the last four quarters' spending")


def _name(names: Mapping[str, str] | pd.Series, key: str) -> str:
    return names.get(key, key)


def absorption_sentences(
    spend: pd.DataFrame, city_spend: Mapping[str, Any], period: str, names: Mapping[str, str] | pd.Series,
    lang: str = "id",
) -> list[str]:
    """Absorption paragraph: city spending against the allocation and the even pace, overruns, top three.

    ``spend`` is :func:`spending` by agency, ``city_spend`` its city row. Absorption
    is a census quantity, stated without a CI. Agencies without an allocation are
    counted in a sentence of their own.
    """
    plabel = fmt.period_label(period, lang)  # type: ignore[arg-type]
    pace = int(period[-1]) / 4
    over = over_allocation(spend)
    n_over, n_alloc = over["over"], over["with_allocation"]
    with_alloc = spend.loc[~spend["no_allocation"]]
    over_text = _t(
        lang,
        f"{n_over} dari {n_alloc} OPD berpagu telah membelanjakan lebih dari pagunya." if n_over
        else f"Belum ada OPD yang membelanjakan lebih dari pagunya ({n_alloc} OPD berpagu).",
        f"{n_over} of {n_alloc} agencies with an allocation have spent more than it." if n_over
        else f"No agency has spent more than its allocation ({n_alloc} agencies with one).",
    )
    top_abs = with_alloc.sort_values("absorption", ascending=False).head(3)
    top_text = ", ".join(
        f"{_name(names, r.agency_id)} ({fmt.percent(r.absorption, lang)})" for r in top_abs.itertuples()  # type: ignore[arg-type]
    )
    money = lambda x: fmt.money(x, lang)  # type: ignore[arg-type]  # noqa: E731
    lines = [_t(
        lang,
        f"**Serapan.** Sampai akhir {plabel}, belanja pengembangan kompetensi mencapai "
        f"{money(city_spend['spending_ytd_idr'])} dari pagu {money(city_spend['allocated_idr'])} "
        f"(serapan {fmt.percent(city_spend['absorption'], lang)}; laju merata sampai triwulan ini "  # type: ignore[arg-type]
        f"{fmt.percent(pace, lang, 0)}). {over_text} Serapan tertinggi: {top_text}.",  # type: ignore[arg-type]
        f"**Absorption.** By the end of {plabel}, competency-development spending reached "
        f"{money(city_spend['spending_ytd_idr'])} of an allocation of {money(city_spend['allocated_idr'])} "
        f"(absorption {fmt.percent(city_spend['absorption'], lang)}; an even pace would be "  # type: ignore[arg-type]
        f"{fmt.percent(pace, lang, 0)}). {over_text} Highest absorption: {top_text}.",  # type: ignore[arg-type]
    )]
    n_noalloc = int(spend["no_allocation"].sum())
    if n_noalloc:
        year = int(period[:4])
        lines.append(_t(
            lang,
            f"{n_noalloc} OPD tidak memiliki data pagu {year}; serapannya tidak dihitung.",
            f"{n_noalloc} agencies have no allocation recorded for {year}; their absorption is not computed.",
        ))
    return lines


def cost_per_jp_sentences(
    cost_city: Mapping[str, Any], cost_modality: pd.DataFrame, modality_diff: pd.DataFrame, lang: str = "id"
) -> list[str]:
    """Cost-per-JP paragraph: the city's cost per JP with its CI, cheapest vs dearest format, thin formats.

    The cheapest and dearest formats are named as different only when
    :func:`compare_cost_per_jp` says their difference's CI excludes zero
    (``differs``) against the cheapest as reference; otherwise the sentence says
    the formats do not differ beyond their uncertainty. Formats under
    :data:`MIN_ENROLLMENTS` completed enrollments are listed as "not enough data".
    """
    n = fmt.number(cost_city["enrollments"], lang, 0)  # type: ignore[arg-type]
    city_ci = money_ci(cost_city["cost_per_jp"], cost_city["ci_low"], cost_city["ci_high"], lang)
    lines = [_t(
        lang,
        f"**Biaya per JP.** Dalam empat triwulan terakhir satu JP yang diakui berbiaya rata-rata "
        f"{city_ci}, dihitung sebagai total biaya "
        f"(termasuk peserta yang mengundurkan diri) dibagi total JP yang diakui, dari {n} "
        f"keikutsertaan.",
        f"**Cost per JP.** Over the last four quarters one credited JP cost "
        f"{city_ci} on average: total cost (drop-outs "
        f"included) divided by total credited JP, from {n} enrollments.",
    )]
    ok = cost_modality.loc[cost_modality["enough_data"] & cost_modality["cost_per_jp"].notna()]
    if len(ok) >= 2:
        cheap = ok.loc[ok["cost_per_jp"].idxmin()]
        dear = ok.loc[ok["cost_per_jp"].idxmax()]
        d = (modality_diff.set_index("modality").loc[dear["modality"]]
             if dear["modality"] in set(modality_diff["modality"]) else None)
        if d is not None and d["differs"] and d["reference"] == cheap["modality"]:
            money = lambda x: fmt.money(x, lang)  # type: ignore[arg-type]  # noqa: E731
            diff = money_ci(d["estimate"], d["ci_low"], d["ci_high"], lang)
            ratio = fmt.number(d["ratio"], lang)  # type: ignore[arg-type]
            lines.append(_t(
                lang,
                f"Bentuk termurah per JP adalah {label(cheap['modality'], lang)} ({money(cheap['cost_per_jp'])}), "
                f"termahal {label(dear['modality'], lang)} ({money(dear['cost_per_jp'])}, "
                f"{ratio} kali lipat; selisih {diff}).",
                f"The cheapest format per JP is {label(cheap['modality'], lang)} ({money(cheap['cost_per_jp'])}), "
                f"the dearest {label(dear['modality'], lang)} ({money(dear['cost_per_jp'])}, "
                f"{ratio} times as much; difference {diff}).",
            ))
        else:
            lines.append(_t(
                lang,
                "Perbedaan biaya per JP antarbentuk pelatihan tidak bermakna secara statistik.",
                "The formats' costs per JP do not differ beyond their uncertainty.",
            ))
    few = cost_modality.loc[~cost_modality["enough_data"], "modality"].map(lambda m: label(m, lang)).tolist()
    if few:
        lines.append(_t(
            lang,
            f"Data belum cukup (< {MIN_ENROLLMENTS} keikutsertaan selesai) untuk: {', '.join(few)}.",
            f"Not enough data (< {MIN_ENROLLMENTS} completed enrollments) for: {', '.join(few)}.",
        ))
    return lines


def funding_gap_sentences(
    gap: pd.DataFrame, city_gap: Mapping[str, Any], year: int, names: Mapping[str, str] | pd.Series,
    lang: str = "id",
) -> list[str]:
    """Funding-gap paragraph: staff below 20 JP, JP and money needed (with CI), shortfall, worst three.

    Agencies priced at the city's cost per JP (fewer than :data:`MIN_ENROLLMENTS`
    completed enrollments of their own) are counted in a sentence of their own.
    """
    num = lambda x: fmt.number(x, lang, 0)  # type: ignore[arg-type]  # noqa: E731
    money = lambda x: fmt.money(x, lang)  # type: ignore[arg-type]  # noqa: E731
    need = money_ci(city_gap["gap_idr"], city_gap["gap_ci_low"], city_gap["gap_ci_high"], lang)
    lines = [_t(
        lang,
        f"**Kebutuhan dana 20 JP.** {num(city_gap['staff_below_target'])} dari "
        f"{num(city_gap['active_staff'])} ASN aktif belum mencapai 20 JP tahun {year}; kekurangannya "
        f"{num(city_gap['jp_needed'])} JP. Dengan biaya per JP teramati dibutuhkan "
        f"{need}. Setelah memakai sisa pagu tiap OPD, "
        f"masih kurang {money(city_gap['shortfall_idr'])}.",
        f"**Funding to reach 20 JP.** {num(city_gap['staff_below_target'])} of "
        f"{num(city_gap['active_staff'])} active ASN have not reached 20 JP in {year}; together they lack "
        f"{num(city_gap['jp_needed'])} JP. At the observed cost per JP that takes "
        f"{need}. After each agency's remaining "
        f"allocation, {money(city_gap['shortfall_idr'])} is still missing.",
    )]
    n_city_rate = int((gap["cost_source"] == "city").sum())
    if n_city_rate:
        lines.append(_t(
            lang,
            f"{n_city_rate} OPD dengan kurang dari {MIN_ENROLLMENTS} keikutsertaan selesai dalam empat triwulan "
            "terakhir dihitung dengan biaya per JP kota (data OPD sendiri belum cukup).",
            f"{n_city_rate} agencies with fewer than {MIN_ENROLLMENTS} completed enrollments in the last four quarters "
            "are priced at the city's cost per JP (not enough data of their own).",
        ))
    worst = gap.sort_values("shortfall_per_staff_idr", ascending=False).head(3)
    worst = worst.loc[worst["shortfall_idr"] > 0]
    if len(worst):
        listed = ", ".join(
            f"{_name(names, r.agency_id)} ({money(r.shortfall_per_staff_idr)}"
            + _t(lang, " per ASN)", " per ASN)") for r in worst.itertuples()
        )
        lines.append(_t(lang, f"Kekurangan dana per ASN terbesar: {listed}.", f"Largest shortfall per ASN: {listed}."))
    return lines


def format_mix_sentences(
    mix: FormatMix, plan_budget: float, basis_text: str, staff_below_target: float, lang: str = "id"
) -> list[str]:
    """Format-mix paragraph: current vs optimal mix for the same budget, capacity, and the planning caveat.

    ``basis_text`` is :func:`plan_basis_text`; ``staff_below_target`` the city's
    count of active ASN under 20 JP (:func:`funding_gap`). When the budget would
    reach every active ASN with the optimal mix, the text says money is not the
    only constraint; when the providers' capacity leaves more than 0.5% of the
    budget unspent, it says so.
    """
    summary = mix.summary.set_index("mix")
    num = lambda x: fmt.number(x, lang, 0)  # type: ignore[arg-type]  # noqa: E731
    money = lambda x: fmt.money(x, lang)  # type: ignore[arg-type]  # noqa: E731
    lines: list[str] = []
    gain = summary.loc["optimal", "people"] - summary.loc["current", "people"]
    all_cur, all_opt = summary.loc["current", "cost_to_reach_all_idr"], summary.loc["optimal", "cost_to_reach_all_idr"]
    n_all = mix.max_people
    if mix.objective == "jp":
        jp_gain = summary.loc["optimal", "jp"] - summary.loc["current", "jp"]
        lines.append(_t(
            lang,
            f"**Campuran bentuk.** Dengan {basis_text} ({money(plan_budget)}), campuran bentuk saat ini "
            f"menghasilkan {num(summary.loc['current', 'jp'])} JP; campuran optimal (program linear dalam "
            f"batas kapasitas yang teramati) {num(summary.loc['optimal', 'jp'])} JP ({fmt.points(jp_gain, lang, 0)}).",  # type: ignore[arg-type]
            f"**Format mix.** With {basis_text} ({money(plan_budget)}), the current mix of formats delivers "
            f"{num(summary.loc['current', 'jp'])} JP; the optimal mix (a linear programme within observed "
            f"capacity) {num(summary.loc['optimal', 'jp'])} JP ({fmt.points(jp_gain, lang, 0)}).",  # type: ignore[arg-type]
        ))
    elif pd.notna(all_opt) and all_opt <= plan_budget:
        saving = all_cur - all_opt
        lines.append(_t(
            lang,
            f"**Campuran bentuk.** Secara keseluruhan, uang bukan satu-satunya penghambat: seandainya kursi pelatihan diberikan "
            f"kepada ASN yang membutuhkannya, {basis_text} ({money(plan_budget)}) cukup untuk membawa seluruh "
            f"{num(n_all)} ASN aktif ke 20 JP dalam setahun: dengan campuran bentuk saat ini dibutuhkan "
            f"{money(all_cur)}, dengan campuran optimal (program linear dalam batas kapasitas yang teramati) "
            f"{money(all_opt)}" + (f", hemat {money(saving)}." if saving > 0 else ".")
            + f" Kenyataannya {num(staff_below_target)} ASN masih di bawah 20 JP: yang kurang "
            "adalah jangkauan (siapa yang ikut) dan dana di OPD yang anggarannya tidak cukup.",
            f"**Format mix.** Overall, money is not the only constraint: if training places went to the ASN who need "
            f"them, {basis_text} ({money(plan_budget)}) would bring all {num(n_all)} active ASN "
            f"to 20 JP in a year: the current mix of formats would need {money(all_cur)}, the optimal mix (a linear "
            f"programme within observed capacity) {money(all_opt)}"
            + (f", saving {money(saving)}." if saving > 0 else ".")
            + f" In fact {num(staff_below_target)} ASN are still below 20 JP: what is missing is "
            "reach (who takes part) and money in the agencies whose budget falls short.",
        ))
    else:
        lines.append(_t(
            lang,
            f"**Campuran bentuk.** Dengan {basis_text} ({money(plan_budget)}) dan campuran bentuk saat ini, "
            f"pelatihan setara dengan membawa {num(summary.loc['current', 'people'])} dari "
            f"{num(n_all)} ASN aktif ke 20 JP; campuran optimal (program linear dalam batas kapasitas "
            f"yang teramati) setara {num(summary.loc['optimal', 'people'])} ASN ({fmt.points(gain, lang, 0)})."  # type: ignore[arg-type]
            + (f" Menjangkau semuanya membutuhkan {money(all_opt)}." if pd.notna(all_opt) else ""),
            f"**Format mix.** With {basis_text} ({money(plan_budget)}) and the current mix of formats, training "
            f"amounts to bringing {num(summary.loc['current', 'people'])} of {num(n_all)} "
            f"active ASN to 20 JP; the optimal mix (a linear programme within observed capacity) amounts to "
            f"{num(summary.loc['optimal', 'people'])} ({fmt.points(gain, lang, 0)})."  # type: ignore[arg-type]
            + (f" Reaching all of them would take {money(all_opt)}." if pd.notna(all_opt) else ""),
        ))
    opt_spend = summary.loc["optimal", "spend_idr"]
    if mix.objective == "jp" or not (pd.notna(all_opt) and all_opt <= plan_budget):
        if opt_spend < 0.995 * plan_budget:
            lines.append(_t(
                lang,
                f"Dengan kapasitas penyelenggara yang teramati, hanya {money(opt_spend)} dari anggaran itu yang dapat "
                "dibelanjakan: menambah kapasitas (kelas, angkatan, kuota e-learning) sama pentingnya dengan menambah dana.",
                f"At the providers' observed capacity only {money(opt_spend)} of that budget can be spent: adding "
                "capacity (classes, cohorts, e-learning seats) matters as much as adding money.",
            ))
    lines.append(_t(
        lang,
        "Ini perhitungan perencanaan dengan asumsi sasaran tepat, bukan perkiraan dampak: kualitas pembelajaran tiap "
        "bentuk tidak ikut dihitung.",
        "This is a planning calculation that assumes places go to those who need them, not an impact estimate: "
        "learning quality per format is not part of it.",
    ))
    return lines


def trend_sentences(trend: pd.DataFrame, period: str, lang: str = "id") -> list[str]:
    """Trend paragraph: absorption now vs a year earlier, and the cost per JP's year-on-year change.

    The cost per JP "rose"/"fell" only when :func:`cost_per_jp_change` finds the
    change's 95% CI excludes zero; otherwise it "did not change beyond its
    uncertainty". Empty when either quarter has no cost per JP.
    """
    chg = cost_per_jp_change(trend, period, lag=4)
    if not pd.notna(chg["estimate"]):
        return []
    t = trend.set_index("period")
    plabel = fmt.period_label(period, lang)  # type: ignore[arg-type]
    prev = chg["earlier"]
    money = lambda x: fmt.money(x, lang)  # type: ignore[arg-type]  # noqa: E731
    pct = lambda x: fmt.percent(x, lang)  # type: ignore[arg-type]  # noqa: E731
    verb = (_t(lang, "naik", "rose") if chg["estimate"] > 0 else _t(lang, "turun", "fell")) if chg["differs"] else _t(
        lang, "tidak berubah secara bermakna", "did not change beyond its uncertainty")
    diff = money_ci(chg["estimate"], chg["ci_low"], chg["ci_high"], lang)  # type: ignore[arg-type]
    return [_t(
        lang,
        f"**Tren.** Serapan pada {plabel} {pct(t.loc[period, 'absorption'])} dibanding "
        f"{pct(t.loc[prev, 'absorption'])} pada {fmt.period_label(prev, lang)}. Biaya per JP triwulan ini "  # type: ignore[arg-type]
        f"{verb} dibanding triwulan yang sama tahun lalu ({money(chg['before'])} → {money(chg['after'])}; "
        f"selisih {diff}).",
        f"**Trend.** Absorption in {plabel} is {pct(t.loc[period, 'absorption'])} against "
        f"{pct(t.loc[prev, 'absorption'])} in {fmt.period_label(prev, lang)}. This quarter's cost per JP "  # type: ignore[arg-type]
        f"{verb} compared with the same quarter last year ({money(chg['before'])} → {money(chg['after'])}; "
        f"difference {diff}).",
    )]


def agency_sentences(
    spend: pd.DataFrame, gap: pd.DataFrame, agency: str, names: Mapping[str, str] | pd.Series, lang: str = "id"
) -> list[str]:
    """One agency's paragraph: its absorption, JP and money still needed (with CI) and shortfall.

    Says whether the agency is priced at its own cost per JP or the city's
    (fewer than :data:`MIN_ENROLLMENTS` completed enrollments of its own).
    """
    a_sp = spend.set_index("agency_id").loc[agency]
    a_gap = gap.set_index("agency_id").loc[agency]
    money = lambda x: fmt.money(x, lang)  # type: ignore[arg-type]  # noqa: E731
    rate = _t(lang, "biaya per JP OPD sendiri", "its own cost per JP") if a_gap["cost_source"] == "agency" else _t(
        lang, "biaya per JP kota (data OPD belum cukup)", "the city's cost per JP (not enough own data)")
    need = money_ci(a_gap["gap_idr"], a_gap["gap_ci_low"], a_gap["gap_ci_high"], lang)
    jp = fmt.number(a_gap["jp_needed"], lang, 0)  # type: ignore[arg-type]
    return [_t(
        lang,
        f"**{_name(names, agency)}.** Serapan {fmt.percent(a_sp['absorption'], lang)} "  # type: ignore[arg-type]
        f"({money(a_sp['spending_ytd_idr'])} dari {money(a_sp['allocated_idr'])}); "
        f"{jp} JP masih dibutuhkan, senilai "
        f"{need} dengan {rate}; kekurangan dana "
        f"{money(a_gap['shortfall_idr'])}.",
        f"**{_name(names, agency)}.** Absorption {fmt.percent(a_sp['absorption'], lang)} "  # type: ignore[arg-type]
        f"({money(a_sp['spending_ytd_idr'])} of {money(a_sp['allocated_idr'])}); "
        f"{jp} JP still needed, worth "
        f"{need} at {rate}; shortfall "
        f"{money(a_gap['shortfall_idr'])}.",
    )]


def budget_narrative(
    res: BudgetResults, names: Mapping[str, str] | pd.Series, lang: str = "id", agency: str = "all"
) -> str:
    """The notebook's narrative (Markdown paragraphs): absorption, cost per JP, funding gap, format mix, trend, agency.

    Joins :func:`absorption_sentences`, :func:`cost_per_jp_sentences`,
    :func:`funding_gap_sentences`, :func:`format_mix_sentences`,
    :func:`trend_sentences` and, for one ``agency`` (not ``"all"``),
    :func:`agency_sentences`, one paragraph per sentence group item.
    """
    lines = [
        *absorption_sentences(res.spend, res.city_spend, res.period, names, lang),
        *cost_per_jp_sentences(res.cost_city, res.cost_modality, res.modality_diff, lang),
        *funding_gap_sentences(res.gap, res.city_gap, res.year, names, lang),
        *format_mix_sentences(res.mix, res.plan_budget, plan_basis_text(res.plan_basis, res.year, lang),
                              res.city_gap["staff_below_target"], lang),
        *trend_sentences(res.trend, res.period, lang),
    ]
    if agency != "all":
        lines += agency_sentences(res.spend, res.gap, agency, names, lang)
    return "\n\n".join(lines)


def mix_assumption_notes(mix: FormatMix, by: Sequence[str], lang: str = "id") -> str:
    """The format mix's assumptions as a Markdown list under a heading, in ``lang``.

    English uses ``mix.assumptions`` as :func:`optimise_mix` wrote them; Bahasa
    Indonesia restates them. Formats left out for too little data
    (< :data:`MIN_PLACES` places) are listed last.
    """
    if fmt.check_lang(lang) == "en":
        notes = list(mix.assumptions)
    else:
        notes = [
            "Setiap kursi tambahan berbiaya rata-rata biaya per kursi bentuknya (biaya riil, atau biaya program bila hadir) "
            "dan menghasilkan tingkat penyelesaian serta JP per penyelesaian yang teramati.",
            "ASN yang terjangkau = kursi x tingkat penyelesaian x min(JP per penyelesaian, 20) / 20; satu penyelesaian paling "
            "banyak memenuhi kewajiban 20 JP satu orang, dan kursi dari beberapa bentuk dapat digabung untuk satu orang."
            if mix.objective == "people" else "JP yang dihasilkan = kursi x tingkat penyelesaian x JP per penyelesaian.",
            (f"Kursi per bentuk dibatasi {fmt.number(mix.cap_multiplier, lang)} x kursi per tahun yang teramati dalam empat "  # type: ignore[arg-type]
             "triwulan terakhir (kapasitas penyelenggara)." if mix.cap_multiplier is not None
             else "Kursi per bentuk tidak dibatasi."),
            "Campuran saat ini = campuran kursi yang teramati, diskalakan agar membelanjakan anggaran yang sama, atau "
            "kurang bila itu sudah menjangkau semua ASN atau bila batas kapasitas tercapai.",
            "Kualitas pembelajaran (peningkatan nilai, penerapan di tempat kerja) tidak ikut dihitung.",
        ]
        notes += [f"Paling sedikit {fmt.percent(s, lang, 0)} kursi untuk {label(k, lang)}."  # type: ignore[arg-type]
                  for k, s in mix.min_share.items()]
        if mix.max_people is not None:
            notes.append(
                f"Paling banyak {fmt.number(mix.max_people, lang, 0)} ASN (seluruh ASN aktif) dapat dijangkau, dengan "  # type: ignore[arg-type]
                "sasaran tepat; bila anggaran cukup untuk semuanya, rencana adalah yang termurah dan sisa dana dilaporkan."
            )
    if len(mix.excluded_formats):
        left_out = ", ".join(
            f"{format_name(r, by, lang)} ({fmt.number(r['observed_places'], lang, 0)} {_t(lang, 'kursi', 'places')})"  # type: ignore[arg-type]
            for _, r in mix.excluded_formats.iterrows()
        )
        notes.append(_t(lang, f"Tidak diikutkan karena data belum cukup (< {MIN_PLACES} kursi): {left_out}.",
                        f"Left out for lack of data (< {MIN_PLACES} places): {left_out}."))
    return _t(lang, "**Asumsi perhitungan:**", "**Assumptions:**") + "\n\n" + "\n".join(f"- {a}" for a in notes)
