"""Observed price and yield of each training format, and the format mix for a dataset and budget.

:func:`format_parameters` measures each format over the trailing four quarters;
:func:`format_mix` feeds them, with the number of people to reach, to the linear
programme :func:`analysis.budget.mix.optimise_mix`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import pandas as pd

from analysis.budget.facts import FORMAT_COLUMNS, TARGET_JP, budget_facts, check_by, window_mask
from analysis.budget.gap import funding_gap
from analysis.budget.mix import FormatMix, Objective, optimise_mix
from analysis.data.dataset import Dataset
from analysis.stats.intervals import check_choice
from analysis.stats.verdict import MIN_N

#: Who the format mix may reach (``limit_people`` of :func:`format_mix`).
PEOPLE_LIMITS: tuple[str | None, ...] = ("active_staff", "below_target", None)


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
        jp_per_completion), ``people_per_place`` (the mean over decided places
        of completed x min(credited JP, target_jp) / target_jp), ``places_per_year``
        (observed_places x 4 / the number of quarters of the window that hold
        any decided enrollment: the yearly capacity providers showed).

    Notes
    -----
    ``people_per_place`` is the share of one ASN's annual 20-JP requirement a
    bought place delivers on average: a completion worth j JP covers
    min(j, 20) / 20 of a person's requirement, so JP beyond 20 in one course
    (degree study, long programmes) do not count twice toward bringing people
    to 20 JP. The cap applies to each completion before averaging:
    mean_i(completed_i x min(j_i, 20) / 20) over the decided places, which is
    not completion_rate x min(mean j, 20) / 20 when some completions pass 20 JP
    and others do not (the mean of the capped values is below the capped mean).
    """
    cols = check_by(by, FORMAT_COLUMNS)
    if not cols:
        raise ValueError("by must name at least one format column")
    facts = budget_facts(ds, facts)
    window = facts.loc[window_mask(facts, period, quarters) & facts["decided"]]
    return parameters_from_window(window, cols, target_jp)


def parameters_from_window(window: pd.DataFrame, cols: list[str], target_jp: float = TARGET_JP) -> pd.DataFrame:
    """:func:`format_parameters` from the decided enrollments of a window (budget facts rows).

    Lets a caller recompute the parameters on a resampled window (the programme bootstrap
    of :func:`analysis.budget.mix_uncertainty.mix_uncertainty`).
    """
    # each completion covers min(its credited JP, target) / target of one person's year
    window = window.assign(
        person_share=window["completed"].astype(float)
        * window["credited_jp"].astype(float).fillna(0.0).clip(lower=0.0, upper=target_jp)
        / target_jp
    )
    g = window.groupby(cols, sort=True)
    out = pd.DataFrame(
        {
            "observed_places": g.size(),
            "completed": g["completed"].sum().astype(int),
            "cost_idr": g["cost_idr"].sum(),
            "jp_completed": g["credited_jp"].sum(),
            "people_reached": g["person_share"].sum(),
        }
    ).reset_index()
    out["cost_per_place"] = out["cost_idr"] / out["observed_places"]
    out["completion_rate"] = out["completed"] / out["observed_places"]
    out["jp_per_completion"] = (out["jp_completed"] / out["completed"]).where(out["completed"] > 0)
    out["jp_per_place"] = out["completion_rate"] * out["jp_per_completion"].fillna(0.0)
    out["people_per_place"] = out["people_reached"] / out["observed_places"]
    # capacity per year: the window's places, scaled up when the data cover fewer quarters
    n_quarters = int(window["qidx"].nunique())
    out["places_per_year"] = out["observed_places"] * 4.0 / max(n_quarters, 1)
    return out.drop(columns=["jp_completed", "people_reached"])


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
    min_places: int = MIN_N,
    facts: pd.DataFrame | None = None,
    city_gap: pd.Series | None = None,
) -> FormatMix:
    """Which mix of formats reaches the most ASN for a budget (a small linear programme).

    Observed parameters from :func:`format_parameters` (trailing four quarters
    up to ``period``) feed :func:`analysis.budget.mix.optimise_mix`; see both for
    the model, the constraints and the assumptions.

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
    city_gap
        The city's row of :func:`analysis.budget.gap.funding_gap` (``by=None``) for ``period``
        when already computed (it gives the people limit).

    Examples
    --------
    >>> mix = format_mix(ds, "2026Q3", 2e9, min_share={"classroom": 0.2})  # doctest: +SKIP
    >>> mix.summary  # doctest: +SKIP
    """
    cols = check_by(by, FORMAT_COLUMNS)
    facts = budget_facts(ds, facts)
    params = format_parameters(ds, period, cols, facts=facts)
    check_choice("limit_people", limit_people, PEOPLE_LIMITS)
    max_people = None
    if limit_people is not None and objective == "people":
        if city_gap is None:
            city_gap = funding_gap(ds, period, by=None, facts=facts).iloc[0]
        column = "active_staff" if limit_people == "active_staff" else "staff_below_target"
        max_people = float(city_gap[column])
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
