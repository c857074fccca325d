"""Competency and public service (Kirkpatrick level 4): the unit-by-quarter panel and its models.

The city's central claim is that trained, competent staff give better and faster
service. This module builds one row per organisational unit and quarter with the
unit's competency exposure and its service metrics (:func:`unit_panel`), and asks
the panel three questions:

1. Do units whose staff received more credited JP serve better? Fixed-effects
   regressions of each service metric on exposure, with unit and quarter fixed
   effects and unit-clustered standard errors (:func:`exposure_effects`), lags,
   dose-response bins, sector heterogeneity, a mixed-model alternative and one
   comparison table (:func:`model_table`). The online roll-out is absorbed as a
   third fixed effect (launch cells, :func:`online_cells`), since units train
   their staff just before going online. Effects are restated in the metric's
   own units for a change a manager can picture (:func:`effect_statements`,
   :func:`effect_sentence`).
2. Did service improve when units started online services, and more where staff
   had IT / public-service training before the start? Event studies with plain
   TWFE next to the staggered-adoption-robust Sun & Abraham estimator, with the
   competency exposure as a time-varying control (:func:`online_event_studies`,
   :func:`it_training_effect`).
3. How robust is (1)? Placebo with future exposure, leave-one-agency-out,
   alternative exposure definitions (:func:`placebo_future_exposure`,
   :func:`leave_one_agency_out`, :func:`alternative_exposures`) and a generated
   note on what the design can and cannot show about cause (:func:`design_note`).

IKM categories (PermenPANRB 14/2017) per unit and quarter and the movements
between them are in :func:`ikm_category`, :func:`ikm_categories` and
:func:`category_transitions`.

Domain words: *JP* (jam pelajaran) is one 45-minute lesson hour; *IKM* (Indeks
Kepuasan Masyarakat) the public-satisfaction index on a 25..100 scale; *OPD* a city
agency (``agency_id``); *SPM* the minimum service standards.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.data.contract import IKM_CATEGORIES, METRIC_DIRECTIONS, METRIC_LABELS
from analysis.data.dataset import Dataset
from analysis.data.definitions import active_mask, enrollment_facts
from analysis.data.periods import (
    format_period,
    parse_period,
    period_index,
    period_range,
    quarter_end,
)
from analysis.text import fmt

#: Known service metrics in contract order (custom metrics follow in the panel).
KNOWN_METRICS: tuple[str, ...] = tuple(METRIC_DIRECTIONS)

#: Title keywords (case-insensitive, Bahasa Indonesia and English) that mark a programme
#: as IT or public-service training for :func:`it_training_before_launch`.
IT_PUBLIC_SERVICE_KEYWORDS: tuple[str, ...] = (
    "teknologi informasi",
    "sistem informasi",
    "informatika",
    "digital",
    "aplikasi",
    "e-government",
    "spbe",
    "komputer",
    "information technology",
    "pelayanan publik",
    "layanan publik",
    "pelayanan prima",
    "public service",
    "service excellence",
    "layanan daring",
    "layanan online",
    "pelayanan online",
    "pelayanan daring",
)

#: Share of a unit's staff with IT / public-service training before its online start
#: from which the unit counts as "IT-trained" in :func:`it_training_effect`.
IT_TRAINED_THRESHOLD = 0.1

#: Exposure columns of the panel the models accept, and the change a manager can picture.
EXPOSURE_STEPS: dict[str, float] = {
    "jp_per_staff_4q": 5.0,
    "jp_per_staff": 5.0,
    "share_on_track": 0.10,
    "mean_competency_gap": -0.25,
    "share_with_gap": -0.10,
}
DEFAULT_EXPOSURE = "jp_per_staff_4q"

#: Minimum number of units (clusters) before an estimate is reported at all.
MIN_UNITS = 5
#: Groups smaller than this are called "not enough data" in narrative text.
SMALL_N = 30


# --------------------------------------------------------------------------- #
# The panel
# --------------------------------------------------------------------------- #


def _pidx(periods: pd.Series) -> pd.Series:
    """Running quarter index (year * 4 + quarter - 1) of ``2026Q3``-style text."""
    text = periods.astype("string")
    year = text.str.slice(0, 4).astype("Int64")
    quarter = text.str.slice(-1).astype("Int64")
    return (year * 4 + quarter - 1).astype("Int64")


def _period_text(index: np.ndarray | pd.Series) -> list[str]:
    values = np.asarray(index, dtype=int)
    return [f"{v // 4}Q{v % 4 + 1}" for v in values]


def _employee_quarters(ds: Dataset, quarters: Sequence[str]) -> pd.DataFrame:
    """One row per employee and quarter in which the employee is active at quarter end.

    ``emp`` is the employee's row position in ``ds.employees`` (an integer key that
    merges much faster than the pseudonym text).
    """
    emp = ds.employees
    parts = []
    for q in quarters:
        mask = active_mask(emp, quarter_end(q)).to_numpy()
        if mask.any():
            parts.append(
                pd.DataFrame(
                    {
                        "emp": np.flatnonzero(mask),
                        "unit_id": emp["unit_id"].to_numpy()[mask],
                        "period_idx": period_index(q),
                    }
                )
            )
    if not parts:
        return pd.DataFrame(
            {
                "emp": pd.Series(dtype="int64"),
                "unit_id": pd.Series(dtype="string"),
                "period_idx": pd.Series(dtype="int64"),
            }
        )
    out = pd.concat(parts, ignore_index=True)
    out["unit_id"] = out["unit_id"].astype("string")
    return out


def _windowed_jp(jp: pd.DataFrame, offsets: Iterable[int], same_year: bool = False) -> pd.DataFrame:
    """Sum each employee's quarterly JP over source quarters ``target - k`` for k in ``offsets``.

    ``jp`` has emp (integer employee key), period_idx, jp. With ``same_year`` only source quarters in
    the target's calendar year count (year-to-date).
    """
    parts = []
    for k in offsets:
        shifted = jp.assign(period_idx=jp["period_idx"] + k)
        if same_year:
            shifted = shifted.loc[
                (jp["period_idx"] // 4).to_numpy() == (shifted["period_idx"] // 4).to_numpy()
            ]
        parts.append(shifted)
    if not parts:
        return jp.iloc[:0]
    return (
        pd.concat(parts, ignore_index=True)
        .groupby(["emp", "period_idx"], as_index=False)["jp"]
        .sum()
    )


def _competency_gaps(
    ds: Dataset, staff: pd.DataFrame, quarters: Sequence[str], emp_index: pd.Index
) -> pd.DataFrame:
    """Per unit and quarter: assessed staff, mean gap and share with a gap (latest assessments)."""
    cols = ["unit_id", "period_idx", "assessed_staff", "mean_competency_gap", "share_with_gap"]
    assess = ds.assessments
    if assess is None or assess.empty:
        return pd.DataFrame(columns=cols)
    a = assess.loc[
        assess["assessed_on"].notna(),
        ["employee_id", "domain", "assessed_on", "score", "required_level"],
    ]
    a = a.sort_values(["assessed_on"], kind="stable").reset_index(drop=True)
    gap = (a["required_level"].astype(float) - a["score"].astype(float)).clip(lower=0).to_numpy()
    emp_code, emp_names = pd.factorize(a["employee_id"])
    dom_code, dom_names = pd.factorize(a["domain"])
    key = emp_code.astype(np.int64) * max(len(dom_names), 1) + dom_code
    dates = a["assessed_on"].to_numpy()
    n_emp = len(emp_names)
    emp_pos = emp_index.get_indexer(emp_names)
    parts = []
    for q in quarters:
        cut = int(np.searchsorted(dates, np.datetime64(quarter_end(q)), side="right"))
        if cut == 0:
            continue
        # latest assessment per (employee, domain): the last occurrence of its key in date order
        rev_keys = key[:cut][::-1]
        _, first_in_rev = np.unique(rev_keys, return_index=True)
        rows = cut - 1 - first_in_rev
        e = emp_code[rows]
        g = gap[rows]
        n_domains = np.bincount(e, minlength=n_emp)
        gap_sum = np.bincount(e, weights=g, minlength=n_emp)
        gap_max = np.zeros(n_emp)
        np.maximum.at(gap_max, e, g)
        seen = n_domains > 0
        parts.append(
            pd.DataFrame(
                {
                    "emp": emp_pos[seen],
                    "gap_sum": gap_sum[seen],
                    "n_domains": n_domains[seen],
                    "gap_max": gap_max[seen],
                    "period_idx": period_index(q),
                }
            )
        )
    if not parts:
        return pd.DataFrame(columns=cols)
    emp_gap = pd.concat(parts, ignore_index=True)
    joined = staff.merge(emp_gap, on=["emp", "period_idx"], how="inner")
    joined["has_gap"] = (joined["gap_max"] > 0).astype(float)
    grouped = joined.groupby(["unit_id", "period_idx"], as_index=False).agg(
        assessed_staff=("emp", "size"),
        gap_sum=("gap_sum", "sum"),
        n_domains=("n_domains", "sum"),
        share_with_gap=("has_gap", "mean"),
    )
    grouped["mean_competency_gap"] = grouped["gap_sum"] / grouped["n_domains"]
    return grouped[cols]


def _is_it_programme(titles: pd.Series, keywords: Sequence[str]) -> pd.Series:
    if not keywords:
        return pd.Series(False, index=titles.index)
    pattern = "|".join(re.escape(k.lower()) for k in keywords)
    return (
        titles.astype("string")
        .str.lower()
        .str.contains(pattern, regex=True)
        .fillna(False)
        .astype(bool)
    )


def online_start_quarter(units: pd.DataFrame) -> pd.Series:
    """First quarter (``2026Q3`` text) whose first day is on or after the unit's online_service_start.

    A start on the first day of a quarter makes that quarter the first online one;
    a start during a quarter makes the next quarter the first fully online one.
    Missing start -> ``<NA>``. Indexed like ``units``.
    """
    start = (
        units["online_service_start"]
        if "online_service_start" in units
        else pd.Series(pd.NaT, index=units.index)
    )
    start = pd.to_datetime(start)
    out = pd.Series(pd.NA, index=units.index, dtype="string")
    ok = start.notna()
    if ok.any():
        q = start[ok].dt.to_period("Q-DEC")
        first_day = q.dt.start_time.dt.normalize()
        q = q.where(first_day >= start[ok].dt.normalize(), q + 1)
        out.loc[ok] = q.dt.year.astype(str) + "Q" + q.dt.quarter.astype(str)
    return out


def it_training_before_launch(
    ds: Dataset, keywords: Sequence[str] = IT_PUBLIC_SERVICE_KEYWORDS
) -> pd.DataFrame:
    """Share of each online unit's staff with IT / public-service training before its online start.

    Parameters
    ----------
    ds
        The dataset.
    keywords
        Case-insensitive substrings of the programme ``title`` that mark IT or
        public-service training (default :data:`IT_PUBLIC_SERVICE_KEYWORDS`, e.g.
        "teknologi informasi", "digital", "pelayanan publik").

    Returns
    -------
    DataFrame
        One row per unit with an ``online_service_start``: ``unit_id``,
        ``online_service_start``, ``staff_at_launch`` (employees of the unit active on
        the day before the start), ``it_trained_staff`` (of those, the ones with at
        least one completed enrollment in a matching programme that ended before the
        start), ``it_trained_share`` (= it_trained_staff / staff_at_launch, NaN when
        no staff).

    Notes
    -----
    The rule is deliberately simple and stated: a programme counts as IT /
    public-service training when its title contains one of the keywords; only
    completed enrollments count (as for credited JP); the training may have ended
    any time before the start, and the employee must be in the unit the day before.
    """
    units = ds.units
    start = (
        pd.to_datetime(units["online_service_start"]) if "online_service_start" in units else None
    )
    cols = [
        "unit_id",
        "online_service_start",
        "staff_at_launch",
        "it_trained_staff",
        "it_trained_share",
    ]
    if start is None or start.notna().sum() == 0:
        return pd.DataFrame(columns=cols)
    launched = units.loc[start.notna(), ["unit_id", "online_service_start"]].reset_index(drop=True)
    emp = ds.employees.merge(launched, on="unit_id", how="inner")
    eve = emp["online_service_start"] - pd.Timedelta(days=1)
    hired = emp["hire_date"] <= eve
    still = emp["exit_date"].isna() | (emp["exit_date"] > eve)
    emp = emp.loc[(hired & still).to_numpy(), ["employee_id", "unit_id", "online_service_start"]]

    enr = ds.enrollments.loc[
        ds.enrollments["status"].eq("completed"), ["employee_id", "program_id", "end_date"]
    ]
    progs = ds.programs[["program_id", "title"]]
    it_prog = progs.loc[_is_it_programme(progs["title"], keywords).to_numpy(), "program_id"]
    enr = enr.loc[enr["program_id"].isin(it_prog)]
    trained = emp.merge(enr, on="employee_id", how="inner")
    trained = trained.loc[
        trained["end_date"] < trained["online_service_start"], ["employee_id", "unit_id"]
    ]
    trained = trained.drop_duplicates()

    staff_n = emp.groupby("unit_id").size()
    trained_n = trained.groupby("unit_id").size()
    out = launched.copy()
    out["staff_at_launch"] = out["unit_id"].map(staff_n).fillna(0).astype(int)
    out["it_trained_staff"] = out["unit_id"].map(trained_n).fillna(0).astype(int)
    out["it_trained_share"] = out["it_trained_staff"] / out["staff_at_launch"].where(
        out["staff_at_launch"] > 0
    )
    return out[cols]


#: The panel's columns in order, before the metric columns (documented in :func:`unit_panel`).
PANEL_BASE_COLUMNS: tuple[str, ...] = (
    "unit_id",
    "period",
    "period_idx",
    "agency_id",
    "sector",
    "unit_name",
    "staff",
    "jp",
    "jp_per_staff",
    "jp_4q",
    "jp_per_staff_4q",
    "window_complete",
    "share_on_track",
    "assessed_staff",
    "mean_competency_gap",
    "share_with_gap",
    "online_service_start",
    "online_quarter",
    "cohort_idx",
    "event_time",
    "online",
    "it_trained_share_before_launch",
)


def unit_panel(
    ds: Dataset,
    through: str | pd.Period,
    start: str | pd.Period | None = None,
    it_keywords: Sequence[str] = IT_PUBLIC_SERVICE_KEYWORDS,
) -> pd.DataFrame:
    """One row per unit and quarter: competency exposure and service metrics.

    Parameters
    ----------
    ds
        The dataset.
    through
        Last quarter of the panel (``"2026Q3"``).
    start
        First quarter; default the first quarter with any data in ``ds``
        (enrollment end dates or service metrics), see :attr:`Dataset.periods`.
    it_keywords
        Programme-title keywords for IT / public-service training
        (see :func:`it_training_before_launch`).

    Returns
    -------
    DataFrame
        Every unit of ``ds.units`` crossed with every quarter ``start..through``,
        sorted by unit_id and period, with columns:

        - ``unit_id``, ``period`` (``2026Q3``), ``period_idx`` (year * 4 + quarter - 1,
          :func:`analysis.data.periods.period_index`)
        - ``agency_id``, ``sector``, ``unit_name``: from the units table
        - ``staff``: employees of the unit active at quarter end (DESIGN.md "Unit staff")
        - ``jp``: credited JP of enrollments ending in the quarter, of those staff
        - ``jp_per_staff`` = jp / staff (NaN when staff is 0)
        - ``jp_4q``: credited JP of enrollments ending in quarters q-3..q, of the staff
          active at the end of q
        - ``jp_per_staff_4q`` = jp_4q / staff (the exposure of the main models)
        - ``window_complete``: q-3 is not before the first quarter of ``ds``'s data
          (earlier quarters' four-quarter window is partly unobserved)
        - ``share_on_track``: share of staff whose credited JP in the calendar year up
          to the end of q is >= 5 x (quarters elapsed) (DESIGN.md "On track")
        - ``assessed_staff``: staff with at least one competency assessment on or
          before quarter end
        - ``mean_competency_gap``: mean over assessed staff and their assessed domains
          of max(0, required_level - score), each domain's latest assessment on or
          before quarter end (levels; 0 = meets the job's standard)
        - ``share_with_gap``: share of assessed staff with a gap > 0 in any domain
        - ``online_service_start`` (date), ``online_quarter`` (first quarter starting
          on or after it, :func:`online_start_quarter`), ``cohort_idx`` (its
          period index, NaN when the unit never starts), ``event_time`` =
          period_idx - cohort_idx (NaN when never)
        - ``online``: the quarter starts on or after online_service_start (False when
          the unit has no start date)
        - ``it_trained_share_before_launch``: share of the staff active the day before
          the online start with completed IT / public-service training that ended
          before it (:func:`it_training_before_launch`); NaN for units without a start
        - one float column per service metric (known metrics in contract order, then
          custom ones alphabetically), NaN where not reported

    Notes
    -----
    Employees are attributed to their current ``unit_id`` (the contract has no
    transfer history). Credited JP counts in the quarter of its end date, for the
    staff active at that quarter's end only (leavers' JP drops out). Units with no
    staff in a quarter keep their row with NaN ratios. Quarters before the first
    data quarter count as having no enrollments. Everything is computed with
    grouped array operations (one pass per quarter for the roster and the latest
    assessments), so a province of ~60,000 employees takes seconds.

    Examples
    --------
    >>> panel = unit_panel(ds, through="2026Q3")  # doctest: +SKIP
    """
    through_p = parse_period(through)
    data_periods = ds.periods
    if start is None:
        if not data_periods:
            raise ValueError(
                "the dataset has no enrollments or service metrics: give start= explicitly"
            )
        start_p = parse_period(data_periods[0])
    else:
        start_p = parse_period(start)
    if start_p > through_p:
        raise ValueError(
            f"start {format_period(start_p)} is after through {format_period(through_p)}"
        )
    quarters = period_range(start_p, through_p)
    first_data_idx = period_index(data_periods[0]) if data_periods else period_index(start_p)
    q_idx = np.array([period_index(q) for q in quarters])

    units = ds.units
    grid = pd.DataFrame(
        {
            "unit_id": np.repeat(units["unit_id"].to_numpy(), len(quarters)),
            "period_idx": np.tile(q_idx, len(units)),
        }
    )
    grid["unit_id"] = grid["unit_id"].astype("string")

    # roster of staff active at each quarter end
    staff = _employee_quarters(ds, quarters)
    staff_n = staff.groupby(["unit_id", "period_idx"]).size().rename("staff")

    # credited JP per employee and quarter of end_date
    facts = enrollment_facts(ds)
    facts = facts.loc[facts["credited_jp"] > 0, ["employee_id", "period", "credited_jp"]]
    emp_index = pd.Index(ds.employees["employee_id"])
    jp = pd.DataFrame(
        {
            "emp": emp_index.get_indexer(facts["employee_id"]),
            "period_idx": _pidx(facts["period"]).astype("int64").to_numpy(),
            "jp": facts["credited_jp"].astype(float).to_numpy(),
        }
    )
    jp = jp.loc[jp["emp"] >= 0]
    jp = (
        jp.loc[jp["period_idx"] <= q_idx.max()]
        .groupby(["emp", "period_idx"], as_index=False)["jp"]
        .sum()
    )
    jp_4q = _windowed_jp(jp, range(4)).rename(columns={"jp": "jp_4q"})
    jp_ytd = _windowed_jp(jp, range(4), same_year=True).rename(columns={"jp": "jp_ytd"})

    emp_q = staff.merge(jp, on=["emp", "period_idx"], how="left")
    emp_q = emp_q.merge(jp_4q, on=["emp", "period_idx"], how="left")
    emp_q = emp_q.merge(jp_ytd, on=["emp", "period_idx"], how="left")
    emp_q[["jp", "jp_4q", "jp_ytd"]] = emp_q[["jp", "jp_4q", "jp_ytd"]].fillna(0.0)
    elapsed = emp_q["period_idx"] % 4 + 1
    emp_q["on_track"] = (emp_q["jp_ytd"] >= 5.0 * elapsed).astype(float)
    by_unit = emp_q.groupby(["unit_id", "period_idx"]).agg(
        jp=("jp", "sum"), jp_4q=("jp_4q", "sum"), share_on_track=("on_track", "mean")
    )

    gaps = _competency_gaps(ds, staff, quarters, emp_index)

    panel = grid.merge(staff_n.reset_index(), on=["unit_id", "period_idx"], how="left")
    panel = panel.merge(by_unit.reset_index(), on=["unit_id", "period_idx"], how="left")
    panel = panel.merge(gaps, on=["unit_id", "period_idx"], how="left")
    panel["staff"] = panel["staff"].fillna(0).astype("int64")
    panel["jp"] = panel["jp"].fillna(0.0)
    panel["jp_4q"] = panel["jp_4q"].fillna(0.0)
    has_staff = panel["staff"] > 0
    panel["jp_per_staff"] = (panel["jp"] / panel["staff"]).where(has_staff)
    panel["jp_per_staff_4q"] = (panel["jp_4q"] / panel["staff"]).where(has_staff)
    panel["window_complete"] = (panel["period_idx"] - 3) >= first_data_idx
    panel["assessed_staff"] = panel["assessed_staff"].fillna(0).astype("int64")
    panel["period"] = pd.Series(
        _period_text(panel["period_idx"]), index=panel.index, dtype="string"
    )

    unit_info = units[["unit_id", "agency_id", "sector", "unit_name"]].copy()
    unit_info["online_service_start"] = (
        pd.to_datetime(units["online_service_start"]) if "online_service_start" in units else pd.NaT
    )
    unit_info["online_quarter"] = online_start_quarter(units)
    unit_info["cohort_idx"] = _pidx(unit_info["online_quarter"]).astype("Float64").astype(float)
    it = it_training_before_launch(ds, it_keywords)
    unit_info["it_trained_share_before_launch"] = (
        unit_info["unit_id"]
        .map(it.set_index("unit_id")["it_trained_share"] if len(it) else pd.Series(dtype=float))
        .astype(float)
    )
    panel = panel.merge(unit_info, on="unit_id", how="left", validate="many_to_one")
    panel["event_time"] = panel["period_idx"] - panel["cohort_idx"]
    panel["online"] = (panel["event_time"] >= 0).fillna(False).astype(bool)
    panel["period_idx"] = panel["period_idx"].astype("int64")

    # service metrics, wide
    sm = ds.service_metrics
    metric_names = sorted(
        set(sm["metric"].dropna()),
        key=lambda m: (KNOWN_METRICS.index(m) if m in KNOWN_METRICS else len(KNOWN_METRICS), m),
    )
    if len(sm):
        wide = sm.pivot_table(
            index=["unit_id", "period"], columns="metric", values="value", aggfunc="mean"
        )
        wide.columns = [str(c) for c in wide.columns]
        wide = wide.reset_index()
        wide["unit_id"] = wide["unit_id"].astype("string")
        wide["period"] = wide["period"].astype("string")
        panel = panel.merge(wide, on=["unit_id", "period"], how="left")
    for m in metric_names:
        panel[m] = panel[m].astype(float) if m in panel else np.nan
    panel = panel[list(PANEL_BASE_COLUMNS) + metric_names]
    return panel.sort_values(["unit_id", "period_idx"], kind="stable").reset_index(drop=True)


def panel_metrics(panel: pd.DataFrame) -> list[str]:
    """The service-metric columns of a :func:`unit_panel` frame, in panel order."""
    return [c for c in panel.columns if c not in PANEL_BASE_COLUMNS and not c.startswith("_")]


# --------------------------------------------------------------------------- #
# IKM categories
# --------------------------------------------------------------------------- #


def ikm_category(values: pd.Series | Sequence[float] | float) -> pd.Series:
    """IKM service-quality category A-D of converted IKM scores (PermenPANRB 14/2017).

    A *Sangat Baik* 88.31-100, B *Baik* 76.61-88.30, C *Kurang Baik* 65.00-76.60,
    D *Tidak Baik* 25.00-64.99 (:data:`analysis.data.contract.IKM_CATEGORIES`).

    Notes
    -----
    The regulation publishes two-decimal ranges with gaps between them (88.30 | 88.31).
    A score belongs to the lowest category whose published upper bound it does not
    exceed: D if <= 64.99, else C if <= 76.60, else B if <= 88.30, else A. For
    two-decimal scores this is exactly the regulation's table; a finer score in a
    gap goes up (88.305 -> A, 64.995 -> C). Missing, or outside 25..100 -> ``<NA>``.

    References
    ----------
    Peraturan Menteri PANRB Nomor 14 Tahun 2017 tentang Pedoman Penyusunan Survei
    Kepuasan Masyarakat Unit Penyelenggara Pelayanan Publik (lampiran: nilai
    interval konversi dan mutu pelayanan).
    """
    s = (
        values.astype(float)
        if isinstance(values, pd.Series)
        else pd.Series(np.atleast_1d(values), dtype=float)
    )
    out = pd.Series(pd.NA, index=s.index, dtype="string")
    valid = s.between(25.0, 100.0)
    assigned = ~valid
    for code, _low, high, _label in sorted(IKM_CATEGORIES, key=lambda c: c[2]):
        hit = ~assigned & (s <= high)
        out[hit] = code
        assigned |= hit
    return out


def ikm_categories(panel: pd.DataFrame) -> pd.DataFrame:
    """IKM category per unit and quarter: [unit_id, agency_id, sector, period, ikm, category, label].

    Rows without an IKM value are left out. ``label`` is the regulation's Indonesian name.
    """
    if "ikm" not in panel:
        raise ValueError("the panel has no 'ikm' column (no IKM metric in service_metrics)")
    rows = panel.loc[
        panel["ikm"].notna(), ["unit_id", "agency_id", "sector", "period", "period_idx", "ikm"]
    ].copy()
    rows["category"] = ikm_category(rows["ikm"])
    labels = {code: label for code, _, _, label in IKM_CATEGORIES}
    rows["label"] = rows["category"].map(labels).astype("string")
    return rows.reset_index(drop=True)


def category_transitions(categories: pd.DataFrame, normalise: bool = False) -> pd.DataFrame:
    """Movements between IKM categories from one quarter to the next, per unit.

    Parameters
    ----------
    categories
        :func:`ikm_categories` output.
    normalise
        False: counts; True: row shares (the probability of moving to each column's
        category given the row's category last quarter).

    Returns
    -------
    DataFrame
        Rows ``from`` category (A..D), columns ``to`` category (A..D). Only pairs of
        consecutive quarters of the same unit count (a unit with a missing quarter
        has no transition across the gap).
    """
    codes = [c for c, *_ in IKM_CATEGORIES]
    c = categories.sort_values(["unit_id", "period_idx"])[["unit_id", "period_idx", "category"]]
    prev = c.assign(period_idx=c["period_idx"] + 1).rename(columns={"category": "from"})
    pairs = c.merge(prev, on=["unit_id", "period_idx"], how="inner").rename(
        columns={"category": "to"}
    )
    pairs = pairs.dropna(subset=["from", "to"])
    table = pd.crosstab(
        pd.Categorical(pairs["from"].astype(str), categories=codes),
        pd.Categorical(pairs["to"].astype(str), categories=codes),
        dropna=False,
    )
    table.index = pd.Index(codes, name="from")
    table.columns = pd.Index(codes, name="to")
    if normalise:
        totals = table.sum(axis=1)
        table = table.div(totals.where(totals > 0), axis=0)
    return table


# --------------------------------------------------------------------------- #
# Exposure models
# --------------------------------------------------------------------------- #

TIDY_COLUMNS: tuple[str, ...] = (
    "estimate",
    "std_error",
    "ci_low",
    "ci_high",
    "p_value",
)
CLUSTER = {"cluster": "unit_id"}
PANEL_FE = ("unit_id", "period")


def _check_columns(panel: pd.DataFrame, *columns: str) -> None:
    missing = [c for c in columns if c not in panel.columns]
    if missing:
        raise KeyError(
            f"the panel has no column(s) {missing}; metrics here: {panel_metrics(panel)}, "
            f"exposures: {list(EXPOSURE_STEPS)}"
        )


def _metrics_arg(panel: pd.DataFrame, metrics: Sequence[str] | str | None) -> list[str]:
    if metrics is None:
        return [m for m in panel_metrics(panel) if panel[m].notna().any()]
    names = [metrics] if isinstance(metrics, str) else list(metrics)
    _check_columns(panel, *names)
    return names


def shifted(panel: pd.DataFrame, column: str, quarters: int) -> pd.Series:
    """``column`` of the same unit ``quarters`` earlier (a lag; negative: a lead, later).

    Aligned on ``period_idx``, so a missing quarter gives NaN rather than a
    neighbour's value. Returned with ``panel``'s index.
    """
    _check_columns(panel, "unit_id", "period_idx", column)
    source = panel[["unit_id", "period_idx", column]].copy()
    source["period_idx"] = source["period_idx"] + quarters
    keyed = panel[["unit_id", "period_idx"]].merge(
        source, on=["unit_id", "period_idx"], how="left", validate="one_to_one"
    )
    return pd.Series(keyed[column].to_numpy(dtype=float), index=panel.index, name=column)


def _lag_name(exposure: str, lag: int) -> str:
    if lag == 0:
        return exposure
    return f"{exposure}_lag{lag}" if lag > 0 else f"{exposure}_lead{-lag}"


def online_cells(panel: pd.DataFrame, threshold: float | None = None) -> pd.Series:
    """Launch cells that absorb the online roll-out in the exposure models.

    ``"none"`` for unit-quarters before a unit's online start or of units that never
    start; otherwise ``"<first online quarter>|<it|other>|e<event time>"``: the start
    cohort, whether the unit's staff were IT-trained before the start (share >=
    ``threshold``, default :data:`IT_TRAINED_THRESHOLD`) and the quarters since the
    start. Absorbed as a fixed effect, these cells take out the launch effect however
    it differs by cohort, IT preparation and time since the start, so the exposure
    slope is not confounded by the launch (training before a launch raises exposure
    just before the service changes).
    """
    threshold = IT_TRAINED_THRESHOLD if threshold is None else threshold
    out = pd.Series("none", index=panel.index, dtype=object)
    if not {"event_time", "online_quarter"} <= set(panel.columns):
        return out
    post = (panel["event_time"] >= 0).fillna(False).to_numpy(dtype=bool)
    if not post.any():
        return out
    share = panel.get("it_trained_share_before_launch", pd.Series(np.nan, index=panel.index))
    group = np.where((share >= threshold).fillna(False).to_numpy(dtype=bool), "it", "other")
    event = panel["event_time"].fillna(-1).astype(int).astype(str).to_numpy()
    cohort = np.asarray(panel["online_quarter"].astype("string").fillna("").tolist(), dtype=object)
    cells = cohort + "|" + group.astype(object) + "|e" + event.astype(object)
    out[post] = cells[post]
    return out


def _model_frame(
    panel: pd.DataFrame,
    metric: str,
    columns: Mapping[str, pd.Series],
    online_control: bool = True,
) -> pd.DataFrame:
    """Minimal frame for a model: ids, the metric, the named regressors and launch cells.

    Complete rows only. ``online_cell`` (:func:`online_cells`) is added when
    ``online_control`` and the panel has the online columns; :func:`_fit_fe` absorbs it.
    """
    base = panel[["unit_id", "period", "period_idx", "agency_id", "sector", metric]].copy()
    for name, values in columns.items():
        base[name] = np.asarray(values, dtype=float)
    base["unit_id"] = base["unit_id"].astype(str)
    base["period"] = base["period"].astype(str)
    base["online_cell"] = online_cells(panel).to_numpy() if online_control else "none"
    keep = base[[metric, *columns]].notna().all(axis=1)
    return base.loc[keep].reset_index(drop=True)


def _n_units(frame: pd.DataFrame) -> int:
    return int(frame["unit_id"].nunique())


def _fit_fe(frame: pd.DataFrame, metric: str, terms: Sequence[str]):  # -> models.FitResult
    from analysis.stats import models

    if _n_units(frame) < MIN_UNITS:
        raise ValueError(
            f"{metric}: only {_n_units(frame)} units with data; at least {MIN_UNITS} are needed "
            "for unit-clustered standard errors"
        )
    formula = f"{metric} ~ {' + '.join(terms)}"
    fe = list(PANEL_FE)
    if "online_cell" in frame and frame["online_cell"].nunique() > 1:
        fe.append("online_cell")
    return models.fit(frame, formula, fe=fe, vcov=CLUSTER)


def fit_exposure(
    panel: pd.DataFrame,
    metric: str,
    exposure: str = DEFAULT_EXPOSURE,
    lag: int = 0,
    online_control: bool = True,
):
    """Fixed-effects regression of one service metric on competency exposure.

    Model: ``metric[u, q] = b * exposure[u, q - lag] + unit FE[u] + quarter FE[q] + e``,
    estimated by :func:`analysis.stats.models.fit` with absorbed unit and quarter effects and
    standard errors clustered by unit (CRV1).

    Parameters
    ----------
    panel
        :func:`unit_panel` output.
    metric
        A service-metric column (``"ikm"``, ``"processing_days"``, ...).
    exposure
        An exposure column (default ``jp_per_staff_4q``, see :data:`EXPOSURE_STEPS`).
    lag
        Quarters between exposure and outcome (0: same quarter; negative: a lead,
        i.e. future exposure, for placebo checks). The regressor is named
        ``<exposure>_lag<k>`` (or ``_lead<k>``) in the result.
    online_control
        Absorb the online roll-out as a third fixed effect, the launch cells of
        :func:`online_cells` (start cohort x IT preparation x quarters since the
        start; default True). Units prepare for a start by training their staff, so
        without it the launch's own effect leaks into the exposure slope. Every
        exposure model in this module takes the same switch.

    Returns
    -------
    analysis.stats.models.FitResult
        ``b`` is the within-unit association: how much the metric moves, relative to
        the city-wide quarter, when the unit's own exposure is one unit higher than
        its usual level.

    Notes
    -----
    Unit-quarters with a missing metric or exposure are dropped (listwise). Units
    (clusters) fewer than :data:`MIN_UNITS` raise a ValueError. Standard errors are
    cluster-robust by unit (CRV1, fixest's small-sample correction), so they allow
    any correlation of a unit's errors over time; the CI uses the t distribution
    with G - 1 degrees of freedom (G = number of units).

    References
    ----------
    Wooldridge, J. M. (2010). Econometric Analysis of Cross Section and Panel Data,
    2nd ed., ch. 10 (fixed effects). Cameron, A. C., & Miller, D. L. (2015). A
    practitioner's guide to cluster-robust inference. J. Human Resources 50(2).
    """
    _check_columns(panel, metric, exposure)
    name = _lag_name(exposure, lag)
    x = panel[exposure] if lag == 0 else shifted(panel, exposure, lag)
    frame = _model_frame(panel, metric, {name: x}, online_control)
    return _fit_fe(frame, metric, [name])


def _tidy_row(result, term: str) -> dict[str, float]:  # noqa: ANN001
    tidy = result.tidy().set_index("term")
    if term not in tidy.index:
        return dict.fromkeys(TIDY_COLUMNS, math.nan)
    return {c: float(tidy.loc[term, c]) for c in TIDY_COLUMNS}


def exposure_effects(
    panel: pd.DataFrame,
    metrics: Sequence[str] | str | None = None,
    exposure: str = DEFAULT_EXPOSURE,
    lags: Sequence[int] = (0, 1, 2),
    online_control: bool = True,
) -> pd.DataFrame:
    """Each service metric on competency exposure, one fixed-effects model per metric and lag.

    See :func:`fit_exposure` for the model (unit and quarter fixed effects, SEs
    clustered by unit).

    Returns
    -------
    DataFrame
        One row per metric and lag: ``metric, exposure, lag, estimate, std_error,
        ci_low, ci_high, p_value`` (per one unit of exposure, e.g. per 1 JP per
        staff member; 95% CI from the t distribution with G - 1 df), ``n_obs``
        (unit-quarters), ``n_units`` (clusters), ``n_periods``, ``r2_within``,
        ``note`` (why a row is empty, if it is).
    """
    _check_columns(panel, exposure)
    rows = []
    for metric in _metrics_arg(panel, metrics):
        for lag in lags:
            row: dict[str, object] = {"metric": metric, "exposure": exposure, "lag": int(lag)}
            name = _lag_name(exposure, lag)
            x = panel[exposure] if lag == 0 else shifted(panel, exposure, lag)
            frame = _model_frame(panel, metric, {name: x}, online_control)
            row.update(
                n_obs=len(frame), n_units=_n_units(frame), n_periods=int(frame["period"].nunique())
            )
            try:
                res = _fit_fe(frame, metric, [name])
            except ValueError as err:  # too few units, or the exposure has no within variation
                row.update(dict.fromkeys(TIDY_COLUMNS, math.nan), r2_within=math.nan, note=str(err))
            else:
                row.update(_tidy_row(res, name), n_obs=res.nobs, r2_within=res.r2_within, note="")
            rows.append(row)
    return pd.DataFrame(rows)


def distributed_lag(
    panel: pd.DataFrame,
    metric: str,
    exposure: str = "jp_per_staff",
    lags: Sequence[int] = (0, 1, 2),
    online_control: bool = True,
) -> tuple[object, pd.DataFrame]:
    """Exposure at several lags in one fixed-effects model, and their cumulative effect.

    Model: ``metric[u, q] = sum_k b_k * exposure[u, q - k] + unit FE + quarter FE + e``
    (SEs clustered by unit). The default exposure is the single-quarter
    ``jp_per_staff``, whose lags do not overlap (the four-quarter exposure already
    sums four quarters).

    Returns
    -------
    (FitResult, DataFrame)
        The fit, and a tidy frame with one row per lag plus a ``"cumulative"`` row
        (sum of the b_k; its SE from the clustered covariance, sqrt(1' V 1); CI with
        the fit's t degrees of freedom): ``term, lag, estimate, std_error, ci_low,
        ci_high, p_value, n_obs, n_units``.
    """
    from scipy import stats as sps

    _check_columns(panel, metric, exposure)
    cols = {
        _lag_name(exposure, k): (panel[exposure] if k == 0 else shifted(panel, exposure, k))
        for k in lags
    }
    frame = _model_frame(panel, metric, cols, online_control)
    res = _fit_fe(frame, metric, list(cols))
    tidy = res.tidy().set_index("term")
    rows = []
    for k, name in zip(lags, cols, strict=True):
        rows.append(
            {"term": name, "lag": int(k), **{c: float(tidy.loc[name, c]) for c in TIDY_COLUMNS}}
        )
    present = [n for n in cols if n in res.coef.index]
    ones = np.ones(len(present))
    est = float(res.coef[present].sum())
    se = float(np.sqrt(ones @ res.vcov.loc[present, present].to_numpy() @ ones))
    q = float(sps.t.ppf(0.975, res.df_t))
    p = float(2 * sps.t.sf(abs(est / se), res.df_t)) if se > 0 else math.nan
    rows.append(
        {
            "term": "cumulative",
            "lag": -1,
            "estimate": est,
            "std_error": se,
            "ci_low": est - q * se,
            "ci_high": est + q * se,
            "p_value": p,
        }
    )
    out = pd.DataFrame(rows)
    out["n_obs"] = res.nobs
    out["n_units"] = _n_units(frame)
    return res, out


def dose_response(
    panel: pd.DataFrame,
    metric: str,
    exposure: str = DEFAULT_EXPOSURE,
    bins: int = 4,
    online_control: bool = True,
) -> pd.DataFrame:
    """The metric by exposure bins (quantiles), relative to the lowest bin, with unit and quarter FE.

    Model: ``metric = sum_{j>=2} b_j * 1[exposure in bin j] + unit FE + quarter FE + e``,
    SEs clustered by unit. Bins are quantiles of the exposure over the unit-quarters
    that have the metric (ties can merge bins).

    Returns
    -------
    DataFrame
        One row per bin: ``bin`` (1 = lowest, the reference with estimate 0),
        ``low, high`` (exposure range), ``median_exposure``, ``estimate, std_error,
        ci_low, ci_high, p_value`` (difference from bin 1, NaN CI for the reference),
        ``n_obs`` (unit-quarters in the bin), ``n_units`` (units ever in it),
        ``reference`` (bool).

    Notes
    -----
    A flat or erratic pattern across bins says a straight-line summary would mislead;
    with unit effects, a bin's coefficient compares a unit's quarters in that bin with
    its own quarters in the lowest bin.
    """
    if bins < 2:
        raise ValueError(f"bins must be at least 2; got {bins}")
    _check_columns(panel, metric, exposure)
    frame = _model_frame(panel, metric, {exposure: panel[exposure]}, online_control)
    codes = pd.qcut(frame[exposure], bins, labels=False, duplicates="drop")
    frame["bin"] = codes.astype(int) + 1
    levels = sorted(frame["bin"].unique())
    names = {b: f"bin_{b}" for b in levels[1:]}
    for b, name in names.items():
        frame[name] = (frame["bin"] == b).astype(float)
    res = _fit_fe(frame, metric, list(names.values()))
    tidy = res.tidy().set_index("term")
    rows = []
    for b in levels:
        part = frame.loc[frame["bin"] == b, exposure]
        row = {
            "bin": int(b),
            "low": float(part.min()),
            "high": float(part.max()),
            "median_exposure": float(part.median()),
            "n_obs": int(len(part)),
            "n_units": int(frame.loc[frame["bin"] == b, "unit_id"].nunique()),
            "reference": b == levels[0],
        }
        if b == levels[0]:
            row.update(
                estimate=0.0,
                std_error=math.nan,
                ci_low=math.nan,
                ci_high=math.nan,
                p_value=math.nan,
            )
        elif names[b] in tidy.index:
            row.update({c: float(tidy.loc[names[b], c]) for c in TIDY_COLUMNS})
        else:
            row.update(dict.fromkeys(TIDY_COLUMNS, math.nan))
        rows.append(row)
    out = pd.DataFrame(rows)
    out.insert(0, "metric", metric)
    out.insert(1, "exposure", exposure)
    return out


def sector_heterogeneity(
    panel: pd.DataFrame, metric: str, exposure: str = DEFAULT_EXPOSURE, online_control: bool = True
) -> pd.DataFrame:
    """The exposure slope per sector, in one model with unit and quarter FE.

    Model: ``metric = sum_s b_s * exposure * 1[sector = s] + unit FE + quarter FE + e``,
    SEs clustered by unit. Sectors are the units' ``sector`` codes.

    Returns
    -------
    DataFrame
        One row per sector with data: ``metric, exposure, sector, estimate, std_error,
        ci_low, ci_high, p_value, n_obs, n_units``, and ``equal_slopes_p`` (Wald test
        that all sector slopes are equal, the same on every row; NaN with one sector).
        Sectors with fewer than :data:`MIN_UNITS` units are estimated but flagged
        ``enough_units = False``.
    """
    _check_columns(panel, metric, exposure)
    frame = _model_frame(panel, metric, {exposure: panel[exposure]}, online_control)
    sectors = sorted(frame["sector"].dropna().astype(str).unique())
    names = {s: f"x_{re.sub(r'[^0-9a-zA-Z_]', '_', s)}" for s in sectors}
    for s, name in names.items():
        frame[name] = frame[exposure] * (frame["sector"].astype(str) == s)
    res = _fit_fe(frame, metric, list(names.values()))
    tidy = res.tidy().set_index("term")
    present = [n for n in names.values() if n in res.coef.index]
    equal_p = math.nan
    if len(present) >= 2:
        from scipy import stats as sps

        b = res.coef[present].to_numpy()
        v = res.vcov.loc[present, present].to_numpy()
        contrast = np.eye(len(present))[1:] - np.eye(len(present))[0]
        d = contrast @ b
        stat = float(d @ np.linalg.pinv(contrast @ v @ contrast.T) @ d) / len(d)
        equal_p = float(sps.f.sf(stat, len(d), res.df_t))
    rows = []
    for s, name in names.items():
        part = frame.loc[frame["sector"].astype(str) == s]
        stats_ = (
            {c: float(tidy.loc[name, c]) for c in TIDY_COLUMNS}
            if name in tidy.index
            else dict.fromkeys(TIDY_COLUMNS, math.nan)
        )
        n_u = int(part["unit_id"].nunique())
        rows.append(
            {
                "metric": metric,
                "exposure": exposure,
                "sector": s,
                **stats_,
                "n_obs": int(len(part)),
                "n_units": n_u,
                "enough_units": n_u >= MIN_UNITS,
                "equal_slopes_p": equal_p,
            }
        )
    return pd.DataFrame(rows)


def mixed_alternative(
    panel: pd.DataFrame, metric: str, exposure: str = DEFAULT_EXPOSURE, online_control: bool = True
):
    """Random-intercept (mixed) model as an alternative to unit fixed effects.

    Model: ``metric = a + b * exposure + quarter effects (fixed) + u_unit + e`` with
    ``u_unit ~ N(0, s_u^2)`` (:func:`analysis.stats.models.mixed`, REML through statsmodels
    MixedLM). Unlike fixed effects it also uses differences *between* units, so it
    is more precise but assumes the unit effect is unrelated to exposure; a large
    gap between the two estimates says that assumption fails and the FE estimate
    should be preferred. SEs are model-based (statsmodels), not clustered. The launch
    cells enter as fixed dummies when ``online_control``.

    References
    ----------
    Bell, A., & Jones, K. (2015). Explaining fixed effects: random effects modeling
    of time-series cross-sectional and panel data. Political Science Research and
    Methods 3(1).
    """
    from analysis.stats import models

    _check_columns(panel, metric, exposure)
    frame = _model_frame(panel, metric, {exposure: panel[exposure]}, online_control)
    formula = f"{metric} ~ {exposure} + C(period)"
    if frame["online_cell"].nunique() > 1:
        formula += " + C(online_cell)"
    return models.mixed(frame, formula, groups="unit_id")


def model_table(
    panel: pd.DataFrame,
    metric: str,
    exposure: str = DEFAULT_EXPOSURE,
    lang: str = "id",
    online_control: bool = True,
):
    """One comparison table of the exposure models for one metric (:func:`analysis.text.tables.regression_table`).

    Columns: (1) FE, same quarter; (2) FE, exposure lagged one quarter; (3) lagged
    two quarters; (4) distributed lag of single-quarter JP per staff (lags 0-2);
    (5) placebo with future exposure (next four quarters' exposure added);
    (6) mixed model with random unit intercepts. All FE models: unit and quarter FE,
    SEs clustered by unit.
    """
    from analysis.text import tables

    fmt.check_lang(lang)
    en = lang == "en"
    fits: dict[str, object] = {}
    fits["(1) FE" if en else "(1) ET"] = fit_exposure(panel, metric, exposure, 0, online_control)
    fits["(2) lag 1"] = fit_exposure(panel, metric, exposure, 1, online_control)
    fits["(3) lag 2"] = fit_exposure(panel, metric, exposure, 2, online_control)
    if "jp_per_staff" in panel:
        fits["(4) DL 0-2"] = distributed_lag(
            panel, metric, "jp_per_staff", online_control=online_control
        )[0]
    fits["(5) placebo" if en else "(5) plasebo"] = _placebo_fit(
        panel, metric, exposure, online_control=online_control
    )[0]
    try:
        fits["(6) mixed" if en else "(6) campuran"] = mixed_alternative(
            panel, metric, exposure, online_control
        )
    except Exception:  # noqa: BLE001 - the mixed model is an optional column of the table
        pass
    lead_name = _lag_name(exposure, -_default_lead(exposure))
    terms = [exposure, _lag_name(exposure, 1), _lag_name(exposure, 2)]
    terms += [_lag_name("jp_per_staff", k) for k in (0, 1, 2) if "jp_per_staff" != exposure]
    terms.append(lead_name)
    word = {"en": ("lag", "lead"), "id": ("lag", "mendatang")}[lang]
    labels = {exposure: exposure, lead_name: f"{exposure} ({word[1]} {_default_lead(exposure)})"}
    for k in (1, 2):
        labels[_lag_name(exposure, k)] = f"{exposure} ({word[0]} {k})"
        labels[_lag_name("jp_per_staff", k)] = f"jp_per_staff ({word[0]} {k})"
    title = (
        f"{metric_label(metric, lang)}: competency exposure models"
        if en
        else f"{metric_label(metric, lang)}: model paparan kompetensi"
    )
    return tables.regression_table(fits, lang=lang, terms=terms, labels=labels, title=title)


# --------------------------------------------------------------------------- #
# Effects a manager can picture
# --------------------------------------------------------------------------- #

#: How each exposure change reads, per language: (en, id); ``{step}`` is the formatted step.
EXPOSURE_CHANGE_TEXT: dict[str, tuple[str, str]] = {
    "jp_per_staff_4q": (
        "{step} JP per staff member over the last four quarters",
        "{step} JP per pegawai dalam empat triwulan terakhir",
    ),
    "jp_per_staff": (
        "{step} JP per staff member in the quarter",
        "{step} JP per pegawai dalam triwulan yang sama",
    ),
    "share_on_track": (
        "{step} percentage points more staff on track for 20 JP",
        "{step} poin persen lebih banyak pegawai yang on track 20 JP",
    ),
    "mean_competency_gap": (
        "a competency gap {step} level smaller",
        "kesenjangan kompetensi {step} level lebih kecil",
    ),
    "share_with_gap": (
        "{step} percentage points fewer staff with a competency gap",
        "{step} poin persen lebih sedikit pegawai dengan kesenjangan kompetensi",
    ),
}
#: Unit words of the known metrics: (en, id).
METRIC_UNITS: dict[str, tuple[str, str]] = {
    "ikm": ("IKM points", "poin IKM"),
    "processing_days": ("days of processing time", "hari waktu penyelesaian"),
    "complaints_per_1000": ("complaints per 1,000 services", "pengaduan per 1.000 layanan"),
    "online_share": ("percentage points of services online", "poin persen layanan daring"),
    "spm_attainment": ("percentage points of SPM attainment", "poin persen capaian SPM"),
}


#: Short names and unit words for sentences about one metric: (en name, id name, en unit, id unit).
METRIC_SHORT: dict[str, tuple[str, str, str, str]] = {
    "ikm": ("IKM", "IKM", "points", "poin"),
    "processing_days": ("processing time", "waktu penyelesaian", "days", "hari"),
    "complaints_per_1000": ("complaints", "pengaduan", "per 1,000 services", "per 1.000 layanan"),
    "online_share": (
        "the online share",
        "porsi layanan daring",
        "percentage points",
        "poin persen",
    ),
    "spm_attainment": ("SPM attainment", "capaian SPM", "percentage points", "poin persen"),
}


def _step_text(exposure: str, step: float, lang: str) -> str:
    en_tpl, id_tpl = EXPOSURE_CHANGE_TEXT.get(
        exposure, ("{step} units of " + exposure, "{step} satuan " + exposure)
    )
    if exposure.startswith("share_"):
        shown = fmt.number(abs(step) * 100, lang, 0)
    else:
        shown = fmt.number(abs(step), lang, 0 if float(step).is_integer() else 2)
    if exposure.startswith("jp_"):
        shown = ("+" if step > 0 else "−") + shown
    return (en_tpl if lang == "en" else id_tpl).format(step=shown)


def effect_statements(
    effects: pd.DataFrame, steps: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """Restate exposure slopes as the change in the metric for a change a manager can picture.

    Parameters
    ----------
    effects
        :func:`exposure_effects` output (or any frame with metric, exposure, estimate,
        ci_low, ci_high, p_value, n_obs, n_units).
    steps
        Exposure change per exposure (default :data:`EXPOSURE_STEPS`: +5 JP per
        staff member; +10 percentage points on track; a gap 0.25 level smaller; 10
        points fewer staff with a gap).

    Returns
    -------
    DataFrame
        ``effects``' identifying columns plus ``step`` (the exposure change),
        ``change`` = step x estimate, ``change_ci_low``, ``change_ci_high`` (the CI
        scaled the same way, low <= high), ``direction`` (+1 higher is better, -1
        lower is better, 0 unknown; :data:`analysis.data.contract.METRIC_DIRECTIONS`),
        ``verdict``: ``"better"`` / ``"worse"`` when the scaled CI excludes 0 and the
        metric's direction is known, ``"no_clear_change"`` when the CI includes 0,
        ``"changes"`` when it excludes 0 for a metric of unknown direction; and
        ``metric_unit_en`` / ``metric_unit_id``.

    Notes
    -----
    The statement is an association within units over time (see :func:`design_note`),
    linear in the exposure; dose-response bins show whether that is fair.
    """
    steps = dict(EXPOSURE_STEPS if steps is None else steps)
    out = effects.copy()
    out["step"] = out["exposure"].map(lambda e: steps.get(e, 1.0)).astype(float)
    out["change"] = out["estimate"] * out["step"]
    a = out["ci_low"] * out["step"]
    b = out["ci_high"] * out["step"]
    out["change_ci_low"] = np.fmin(a, b)
    out["change_ci_high"] = np.fmax(a, b)
    out["direction"] = out["metric"].map(lambda m: METRIC_DIRECTIONS.get(m, 0)).astype(int)
    excludes = (out["change_ci_low"] > 0) | (out["change_ci_high"] < 0)
    signed = np.sign(out["change"]) * out["direction"]
    verdict = np.where(
        ~excludes,
        "no_clear_change",
        np.where(out["direction"] == 0, "changes", np.where(signed > 0, "better", "worse")),
    )
    out["verdict"] = pd.Series(verdict, index=out.index).where(
        out["estimate"].notna(), "not_estimated"
    )
    out["metric_unit_en"] = out["metric"].map(lambda m: METRIC_UNITS.get(m, (m, m))[0])
    out["metric_unit_id"] = out["metric"].map(lambda m: METRIC_UNITS.get(m, (m, m))[1])
    return out


_VERDICT_TEXT = {
    "better": ("better service", "layanan lebih baik"),
    "worse": ("worse service", "layanan lebih buruk"),
    "no_clear_change": (
        "no clear change: the interval includes zero",
        "belum ada perubahan yang jelas: interval mencakup nol",
    ),
    "changes": (
        "a clear change (direction of 'better' unknown for this metric)",
        "perubahan yang jelas (arah 'lebih baik' belum ditetapkan untuk indikator ini)",
    ),
    "not_estimated": ("not estimated", "tidak dapat diestimasi"),
}


def effect_sentence(
    statement: Mapping[str, object] | pd.Series, lang: str = "id", decimals: int = 2
) -> str:
    """One sentence from a row of :func:`effect_statements`.

    "+5 JP per staff member over the last four quarters is associated with +1.20 IKM
    points (95% CI 0.60 to 1.80; n = 1,234 unit-quarters, 120 units): better service."
    Small samples (fewer than :data:`SMALL_N` units) say "not enough data".
    """
    lang = fmt.check_lang(lang)
    row = dict(statement)
    step = _step_text(str(row["exposure"]), float(row["step"]), lang)
    lag = row.get("lag", 0)
    if lag is not None and not pd.isna(lag) and int(lag) > 0:
        step += (
            f" (measured {int(lag)} quarter{'s' if int(lag) > 1 else ''} earlier)"
            if lang == "en"
            else f" (diukur {int(lag)} triwulan sebelumnya)"
        )
    unit = row["metric_unit_en"] if lang == "en" else row["metric_unit_id"]
    n_obs, n_units = int(row.get("n_obs", 0) or 0), int(row.get("n_units", 0) or 0)
    n_text = (
        f"n = {fmt.number(n_obs, lang, 0)} unit-quarters, {fmt.number(n_units, lang, 0)} units"
        if lang == "en"
        else f"n = {fmt.number(n_obs, lang, 0)} unit-triwulan, {fmt.number(n_units, lang, 0)} unit"
    )
    if row.get("verdict") == "not_estimated" or pd.isna(row.get("change")):
        tail = "not enough data" if lang == "en" else "data belum cukup"
        return f"{step[0].upper() + step[1:]}: {tail} ({n_text})."
    change = fmt.points(float(row["change"]), lang, decimals)
    ci = fmt.interval(float(row["change_ci_low"]), float(row["change_ci_high"]), lang, decimals)
    verdict = _VERDICT_TEXT[str(row["verdict"])][0 if lang == "en" else 1]
    small = ""
    if n_units < SMALL_N:
        small = (
            f" Not enough data for a firm conclusion (fewer than {SMALL_N} units)."
            if lang == "en"
            else f" Data belum cukup untuk kesimpulan yang kuat (kurang dari {SMALL_N} unit)."
        )
    if lang == "en":
        return f"{step[0].upper() + step[1:]} is associated with {change} {unit} ({ci}; {n_text}): {verdict}.{small}"
    return f"{step[0].upper() + step[1:]} berkaitan dengan {change} {unit} ({ci}; {n_text}): {verdict}.{small}"


# --------------------------------------------------------------------------- #
# The online roll-out
# --------------------------------------------------------------------------- #

EVENT_METHODS: tuple[str, ...] = ("twfe", "sunab")


def _event_frame(panel: pd.DataFrame, metric: str, extra: Sequence[str] = ()) -> pd.DataFrame:
    _check_columns(panel, metric, "cohort_idx", *extra)
    cols = ["unit_id", "period", "period_idx", "cohort_idx", "agency_id", "sector", metric, *extra]
    frame = panel.loc[panel[metric].notna(), cols].copy()
    frame["unit_id"] = frame["unit_id"].astype(str)
    frame["period"] = frame["period"].astype(str)
    frame["period_idx"] = frame["period_idx"].astype("int64")
    frame["cohort_idx"] = frame["cohort_idx"].astype(float)
    return frame.reset_index(drop=True)


#: Time-varying control of the event studies: the unit's competency exposure.
EVENT_COVARIATES: tuple[str, ...] = (DEFAULT_EXPOSURE,)


def online_event_study(
    panel: pd.DataFrame,
    metric: str,
    method: str = "sunab",
    leads: int = 4,
    lags: int = 8,
    covariates: Sequence[str] | None = EVENT_COVARIATES,
):
    """Event study of one metric around each unit's online-service start.

    Calls :func:`analysis.stats.did.event_study` with ``unit = unit_id``, ``time =
    period_idx`` and ``cohort = cohort_idx`` (the first online quarter; NaN for units
    that never start, the comparison group), reference event time -1.

    ``method="twfe"`` is the plain two-way fixed-effects event study; ``"sunab"`` is
    Sun & Abraham's (2021) interaction-weighted estimator, which stays unbiased when
    the effect differs between start cohorts (staggered adoption). Estimand: the
    average effect on the treated units at each event time (ATT(e)); ``.att()``
    averages the post-start event times. SEs are clustered by unit. Event times
    beyond ``-leads`` and ``lags`` are binned into the endpoints.

    ``covariates`` (default: ``jp_per_staff_4q``) enter linearly as time-varying
    controls, so that the launch effect is separated from the training that came
    with it: units train their staff just before a start, which moves the service
    metrics through the exposure channel and would otherwise blur the
    before/after comparison around the reference quarter. ``None`` leaves them out.

    References
    ----------
    Sun, L., & Abraham, S. (2021). Estimating dynamic treatment effects in event
    studies with heterogeneous treatment effects. Journal of Econometrics 225(2).
    """
    from analysis.stats import did

    if method not in EVENT_METHODS:
        raise ValueError(f"method must be one of {', '.join(EVENT_METHODS)}; got {method!r}")
    covariates = list(covariates or [])
    frame = _event_frame(panel, metric, extra=covariates)
    n_treated = frame.loc[frame["cohort_idx"].notna(), "unit_id"].nunique()
    if n_treated == 0:
        raise ValueError(f"{metric}: no unit with an online_service_start has data")
    return did.event_study(
        frame,
        outcome=metric,
        unit="unit_id",
        time="period_idx",
        cohort="cohort_idx",
        leads=leads,
        lags=lags,
        method=method,
        covariates=covariates or None,
        vcov=CLUSTER,
    )


@dataclass(frozen=True)
class OnlineResults:
    """Event studies of the online roll-out for several metrics and both estimators.

    ``event_times``: metric, method, event_time, estimate, std_error, ci_low, ci_high,
    p_value, n_obs. ``att``: metric, method, estimate, std_error, ci_low, ci_high,
    p_value, n_treated_units, n_obs (treated unit-quarters after the start, which the
    average runs over), n_obs_model (all unit-quarters in the regression),
    pretrend_statistic, pretrend_p_value, note.
    ``fits``: {(metric, method): EventStudyResult}.
    """

    event_times: pd.DataFrame
    att: pd.DataFrame
    fits: dict[tuple[str, str], object]


def online_event_studies(
    panel: pd.DataFrame,
    metrics: Sequence[str] | str | None = None,
    methods: Sequence[str] = EVENT_METHODS,
    leads: int = 4,
    lags: int = 8,
    covariates: Sequence[str] | None = EVENT_COVARIATES,
) -> OnlineResults:
    """:func:`online_event_study` for each metric and estimator, tidied into two frames.

    Metrics where an estimator fails (e.g. too few treated units observed) get an
    ``att`` row with NaN estimates and the reason in ``note``.
    """
    times, atts, fits = [], [], {}
    for metric in _metrics_arg(panel, metrics):
        for method in methods:
            try:
                res = online_event_study(panel, metric, method, leads, lags, covariates)
            except (ValueError, np.linalg.LinAlgError) as err:
                atts.append({"metric": metric, "method": method, "note": str(err)})
                continue
            fits[(metric, method)] = res
            t = res.tidy().copy()
            t.insert(0, "metric", metric)
            t.insert(1, "method", method)
            times.append(t)
            a = res.att().iloc[0].to_dict()
            try:
                stat, p = res.pretrend_test()
            except (ValueError, np.linalg.LinAlgError):
                stat, p = math.nan, math.nan
            atts.append(
                {
                    "metric": metric,
                    "method": method,
                    **a,
                    "n_obs_model": int(res.n_obs),
                    "pretrend_statistic": float(stat),
                    "pretrend_p_value": float(p),
                    "note": "",
                }
            )
    event_times = (
        pd.concat(times, ignore_index=True)
        if times
        else pd.DataFrame(
            columns=[
                "metric",
                "method",
                "event_time",
                "estimate",
                "std_error",
                "ci_low",
                "ci_high",
                "p_value",
                "n_obs",
            ]
        )
    )
    att = pd.DataFrame(atts)
    for c in (
        "estimate",
        "std_error",
        "ci_low",
        "ci_high",
        "p_value",
        "n_treated_units",
        "n_obs",
        "n_obs_model",
        "pretrend_statistic",
        "pretrend_p_value",
    ):
        if c not in att:
            att[c] = math.nan
    return OnlineResults(event_times=event_times, att=att, fits=fits)


def it_training_effect(
    panel: pd.DataFrame,
    metric: str,
    threshold: float = IT_TRAINED_THRESHOLD,
    covariates: Sequence[str] | None = EVENT_COVARIATES,
) -> pd.DataFrame:
    """Did units whose staff had IT / public-service training before the start improve more?

    A unit counts as IT-trained when ``it_trained_share_before_launch >= threshold``
    (default :data:`IT_TRAINED_THRESHOLD`; :func:`it_training_before_launch` states the
    keyword rule).

    Three rows of answers:

    - ``it_trained`` / ``not_it_trained``: the Sun & Abraham ATT (average effect over
      the group's unit-quarters after the start) of each group of starting units
      separately; never-starting units are the comparison for both.
    - ``difference`` (the headline): ATT(it_trained) - ATT(not_it_trained). The two
      estimates share the comparison units and so covary positively; the SE
      sqrt(se1^2 + se2^2) ignores that and is conservative (normal-based CI).
    - ``difference_within_cells``: a two-way fixed-effects DiD with an interaction,
      ``metric = b * online * it_trained + exposure + unit FE + quarter FE + launch
      cell FE + e`` with launch cells = start cohort x quarters since the start, so
      b compares IT-trained and other units of the same cohort at the same time since
      the start (SEs clustered by unit). OLS weights the cells by their variance, not
      by the treated unit-quarters, so b can differ from ``difference`` when the extra
      effect grows with time since the start.

    Returns
    -------
    DataFrame
        Rows ``group`` in (it_trained, not_it_trained, difference,
        difference_within_cells) with ``method``, ``estimate, std_error, ci_low,
        ci_high, p_value``, ``n_treated_units`` (in the group; for the differences,
        both groups), ``n_obs``, ``threshold``, ``note``.

    Notes
    -----
    With a handful of starting units the interval is wide and the comparison
    descriptive; the groups chose themselves (training was not assigned at random).
    Every model controls for the competency exposure (``covariates``).

    References
    ----------
    Sun, L., & Abraham, S. (2021). Estimating dynamic treatment effects in event
    studies with heterogeneous treatment effects. J. Econometrics 225(2).
    Goodman-Bacon, A. (2021). Difference-in-differences with variation in treatment
    timing. J. Econometrics 225(2).
    """
    from analysis.stats import did

    _check_columns(panel, metric, "it_trained_share_before_launch", "online")
    covariates = list(covariates or [])
    # launch cells by start cohort and event time only (IT preparation is the contrast here)
    cells = online_cells(panel, threshold=math.inf)
    frame = _event_frame(
        panel.assign(online_cell=cells),
        metric,
        extra=("it_trained_share_before_launch", "online", "online_cell", *covariates),
    )
    frame = frame.dropna(subset=covariates).reset_index(drop=True)
    treated = frame["cohort_idx"].notna()
    it_unit = treated & (frame["it_trained_share_before_launch"] >= threshold)
    frame["it_trained"] = it_unit.astype(float)
    frame["online_f"] = frame["online"].astype(float)
    frame["online_x_it"] = frame["online_f"] * frame["it_trained"]
    n_it = int(frame.loc[it_unit, "unit_id"].nunique())
    n_other = int(frame.loc[treated & ~it_unit, "unit_id"].nunique())
    rows: list[dict[str, object]] = []
    for group, mask, n in (
        ("it_trained", it_unit, n_it),
        ("not_it_trained", treated & ~it_unit, n_other),
    ):
        row: dict[str, object] = {"group": group, "method": "sunab", "n_treated_units": n}
        sub = frame.loc[mask | ~treated]
        try:
            if n == 0:
                raise ValueError("no starting unit in this group")
            a = (
                did.event_study(
                    sub,
                    outcome=metric,
                    unit="unit_id",
                    time="period_idx",
                    cohort="cohort_idx",
                    method="sunab",
                    covariates=covariates or None,
                    vcov=CLUSTER,
                )
                .att()
                .iloc[0]
            )
            row.update({c: float(a[c]) for c in TIDY_COLUMNS}, n_obs=int(a["n_obs"]), note="")
        except (ValueError, np.linalg.LinAlgError) as err:
            row.update(dict.fromkeys(TIDY_COLUMNS, math.nan), n_obs=len(sub), note=str(err))
        rows.append(row)
    # difference of the two groups' Sun & Abraham ATTs: the same estimand as each group's
    # average effect; both share the never-starting comparison units, so their estimates
    # covary positively and sqrt(se1^2 + se2^2) is a conservative standard error
    from scipy import stats as sps

    g1, g2 = rows[0], rows[1]
    row = {"group": "difference", "method": "sunab_split", "n_treated_units": n_it + n_other}
    est = float(g1["estimate"]) - float(g2["estimate"])
    se = math.hypot(float(g1["std_error"]), float(g2["std_error"]))
    if math.isnan(est) or math.isnan(se):
        row.update(
            dict.fromkeys(TIDY_COLUMNS, math.nan), n_obs=len(frame), note=g1["note"] or g2["note"]
        )
    else:
        q = float(sps.norm.ppf(0.975))
        row.update(
            estimate=est,
            std_error=se,
            ci_low=est - q * se,
            ci_high=est + q * se,
            p_value=float(2 * sps.norm.sf(abs(est / se))) if se > 0 else math.nan,
            n_obs=int(g1["n_obs"]) + int(g2["n_obs"]),
            note="",
        )
    rows.append(row)
    row = {
        "group": "difference_within_cells",
        "method": "twfe_interaction",
        "n_treated_units": n_it + n_other,
    }
    try:
        if n_it == 0 or n_other == 0:
            raise ValueError(
                "both IT-trained and other starting units are needed for the difference"
            )
        res = _fit_fe(frame, metric, ["online_x_it", *covariates])
        row.update(_tidy_row(res, "online_x_it"), n_obs=res.nobs, note="")
    except ValueError as err:
        row.update(dict.fromkeys(TIDY_COLUMNS, math.nan), n_obs=len(frame), note=str(err))
    rows.append(row)
    out = pd.DataFrame(rows)
    out.insert(0, "metric", metric)
    out["threshold"] = threshold
    return out


def online_sentence(
    att_row: Mapping[str, object] | pd.Series, lang: str = "id", decimals: int = 2
) -> str:
    """One sentence on the average post-start effect of online services (a row of ``OnlineResults.att``).

    States the estimator, the CI, n (unit-quarters) and the number of starting
    units, says plainly when that number is small (< 10) and the CI wide, and adds
    the pre-start (parallel-trends) test when the row has ``pretrend_p_value``.
    """
    lang = fmt.check_lang(lang)
    row = dict(att_row)
    metric = str(row["metric"])
    short = METRIC_SHORT.get(metric, (metric, metric, "", ""))
    name, unit = (short[0], short[2]) if lang == "en" else (short[1], short[3])
    method = {"sunab": "Sun & Abraham", "twfe": "TWFE"}.get(
        str(row.get("method")), str(row.get("method"))
    )
    n_t = row.get("n_treated_units")
    n_t = 0 if n_t is None or pd.isna(n_t) else int(n_t)
    if pd.isna(row.get("estimate")):
        return (
            f"{name}: not enough data for the online-start estimate ({method})."
            if lang == "en"
            else f"{name}: data belum cukup untuk estimasi dampak layanan daring ({method})."
        )
    est = fmt.points(float(row["estimate"]), lang, decimals)
    ci = fmt.interval(float(row["ci_low"]), float(row["ci_high"]), lang, decimals)
    n_obs = fmt.number(int(row["n_obs"]), lang, 0)
    clear = float(row["ci_low"]) > 0 or float(row["ci_high"]) < 0
    direction = METRIC_DIRECTIONS.get(metric, 0)
    better = clear and direction != 0 and np.sign(float(row["estimate"])) == direction
    worse = clear and direction != 0 and not better
    if lang == "en":
        verdict = (
            "better service"
            if better
            else "worse service"
            if worse
            else "a clear change"
            if clear
            else "no clear change"
        )
        text = (
            f"After the online start, {name} changed by {est} {unit} on average ({method}; {ci}; "
            f"{n_t} starting units, n = {n_obs} unit-quarters after the start): {verdict}."
        )
        if n_t < 10:
            text += f" Only {n_t} units started online services, so the interval is wide and the estimate fragile."
    else:
        verdict = (
            "layanan lebih baik"
            if better
            else "layanan lebih buruk"
            if worse
            else "perubahan yang jelas"
            if clear
            else "belum ada perubahan yang jelas"
        )
        text = (
            f"Setelah layanan daring dimulai, {name} berubah rata-rata {est} {unit} ({method}; {ci}; "
            f"{n_t} unit yang memulai, n = {n_obs} unit-triwulan setelah mulai): {verdict}."
        )
        if n_t < 10:
            text += f" Hanya {n_t} unit yang memulai layanan daring, sehingga interval lebar dan estimasi rapuh."
    pre = row.get("pretrend_p_value")
    if pre is not None and not pd.isna(pre):
        p_text = fmt.number(float(pre), lang, 3)
        if lang == "en":
            text += (
                f" Before the start the trends differ (joint test p = {p_text}): read with caution."
                if pre < 0.05
                else f" No sign of diverging trends before the start (joint test p = {p_text})."
            )
        else:
            text += (
                f" Sebelum mulai trennya berbeda (uji gabungan p = {p_text}): baca dengan hati-hati."
                if pre < 0.05
                else f" Tidak ada tanda tren yang menyimpang sebelum mulai (uji gabungan p = {p_text})."
            )
    return text


# --------------------------------------------------------------------------- #
# Robustness annex
# --------------------------------------------------------------------------- #


def _default_lead(exposure: str) -> int:
    return 4 if exposure.endswith("_4q") else 1


def _placebo_fit(
    panel: pd.DataFrame,
    metric: str,
    exposure: str,
    lead: int | None = None,
    online_control: bool = True,
):
    lead = _default_lead(exposure) if lead is None else lead
    if lead < 1:
        raise ValueError(f"lead must be at least 1 quarter; got {lead}")
    name = _lag_name(exposure, -lead)
    frame = _model_frame(
        panel,
        metric,
        {exposure: panel[exposure], name: shifted(panel, exposure, -lead)},
        online_control,
    )
    return _fit_fe(frame, metric, [exposure, name]), name, frame


def placebo_future_exposure(
    panel: pd.DataFrame,
    metrics: Sequence[str] | str | None = None,
    exposure: str = DEFAULT_EXPOSURE,
    lead: int | None = None,
    online_control: bool = True,
) -> pd.DataFrame:
    """Placebo: future exposure should not predict today's service.

    Model: ``metric[q] = b * exposure[q] + c * exposure[q + lead] + unit FE + quarter FE + e``
    (SEs clustered by unit). Training that has not happened yet cannot cause today's
    service, so ``c`` should be near 0; a clear ``c`` points to selection (units
    that are improving, or are about to, get more training) rather than training
    causing better service. The default lead is 4 quarters for the four-quarter
    exposure (so the future window does not overlap today's) and 1 otherwise. A
    clean placebo supports, but does not prove, a causal reading (it cannot see
    shocks that move training and service in the same quarter).

    Returns
    -------
    DataFrame
        Two rows per metric, ``term`` in (current, future): ``metric, exposure, lead,
        term, estimate, std_error, ci_low, ci_high, p_value, n_obs, n_units, note``.
        The last ``lead`` quarters drop out (their future is not observed yet).
    """
    lead = _default_lead(exposure) if lead is None else lead
    rows = []
    for metric in _metrics_arg(panel, metrics):
        base = {"metric": metric, "exposure": exposure, "lead": lead}
        try:
            res, name, frame = _placebo_fit(panel, metric, exposure, lead, online_control)
        except ValueError as err:
            for term in ("current", "future"):
                rows.append(
                    {
                        **base,
                        "term": term,
                        **dict.fromkeys(TIDY_COLUMNS, math.nan),
                        "n_obs": 0,
                        "n_units": 0,
                        "note": str(err),
                    }
                )
            continue
        for term, col in (("current", exposure), ("future", name)):
            rows.append(
                {
                    **base,
                    "term": term,
                    **_tidy_row(res, col),
                    "n_obs": res.nobs,
                    "n_units": _n_units(frame),
                    "note": "",
                }
            )
    return pd.DataFrame(rows)


def leave_one_agency_out(
    panel: pd.DataFrame, metric: str, exposure: str = DEFAULT_EXPOSURE, online_control: bool = True
) -> pd.DataFrame:
    """The main exposure estimate re-fitted once without each agency (OPD).

    Shows whether one agency drives the result. Model as :func:`fit_exposure`
    (lag 0).

    Returns
    -------
    DataFrame
        One row per left-out agency: ``metric, exposure, left_out, estimate,
        std_error, ci_low, ci_high, p_value, n_obs, n_units``, plus a first row with
        ``left_out = "(none)"``, the full-sample estimate.
    """
    _check_columns(panel, metric, exposure, "agency_id")
    frame = _model_frame(panel, metric, {exposure: panel[exposure]}, online_control)
    rows = []
    agencies = ["(none)", *sorted(frame["agency_id"].dropna().astype(str).unique())]
    for agency in agencies:
        sub = frame if agency == "(none)" else frame.loc[frame["agency_id"].astype(str) != agency]
        row: dict[str, object] = {
            "metric": metric,
            "exposure": exposure,
            "left_out": agency,
            "n_obs": len(sub),
            "n_units": _n_units(sub),
        }
        try:
            res = _fit_fe(sub, metric, [exposure])
            row.update(_tidy_row(res, exposure))
        except ValueError:
            row.update(dict.fromkeys(TIDY_COLUMNS, math.nan))
        rows.append(row)
    return pd.DataFrame(rows)


def alternative_exposures(
    panel: pd.DataFrame,
    metrics: Sequence[str] | str | None = None,
    exposures: Sequence[str] = tuple(EXPOSURE_STEPS),
    online_control: bool = True,
) -> pd.DataFrame:
    """The main model with each alternative exposure definition, restated per picture-able step.

    Exposures: JP per staff in the quarter, over four quarters, share of staff on
    track for 20 JP, mean competency gap, share of staff with a gap (a smaller gap is
    the "more competent" direction, so their steps are negative). Same model as
    :func:`fit_exposure` (lag 0). Returns :func:`effect_statements` of the stacked
    :func:`exposure_effects` frames.
    """
    frames = [
        exposure_effects(panel, metrics, e, lags=(0,), online_control=online_control)
        for e in exposures
        if e in panel
    ]
    return effect_statements(pd.concat(frames, ignore_index=True))


def design_note(
    lang: str = "id",
    *,
    n_units: int,
    n_quarters: int,
    placebo: pd.DataFrame | None = None,
    online_att: pd.DataFrame | None = None,
    online_control: bool = True,
) -> str:
    """What the design can and cannot show about cause, generated from the results.

    Parameters
    ----------
    lang
        ``"id"`` or ``"en"``.
    n_units, n_quarters
        Size of the panel used.
    placebo
        :func:`placebo_future_exposure` output: the note says whether future exposure
        "predicts" the past (a warning sign) for the metrics where its CI excludes 0.
    online_att
        ``OnlineResults.att``: the note states the number of starting units and the
        pre-trend tests.
    online_control
        Whether the exposure models absorbed the online starts (their default); the
        note says so.

    Returns
    -------
    str
        Paragraphs separated by blank lines (Markdown).
    """
    lang = fmt.check_lang(lang)
    en = lang == "en"
    n_u, n_q = fmt.number(n_units, lang, 0), fmt.number(n_quarters, lang, 0)
    paras = []
    if en:
        paras.append(
            f"**Design.** An observational panel of {n_u} units over {n_q} quarters. Unit fixed effects "
            "compare each unit with itself, so stable differences between units (size, location, the kind "
            "of service) cannot explain the association; quarter fixed effects remove what changed "
            "everywhere at once (budget rules, national systems, seasons). Training was not assigned at "
            "random, so the estimates are associations, not proven effects."
            + (
                " The exposure models also absorb the online-service starts (by start quarter, IT "
                "preparation and quarters since the start), so a launch is not counted as an effect "
                "of the training that preceded it."
                if online_control
                else ""
            )
        )
        paras.append(
            "**What it cannot rule out.** Changes inside one unit that move training and service together "
            "(a new head, extra staff or budget, a reorganisation); reverse timing (units that already "
            "serve better may send more staff to training); and measurement limits (IKM comes from surveys "
            "with their own sampling error; staff are counted in their current unit because transfers are "
            "not recorded)."
        )
    else:
        paras.append(
            f"**Desain.** Panel observasional {n_u} unit selama {n_q} triwulan. Efek tetap unit "
            "membandingkan setiap unit dengan dirinya sendiri, sehingga perbedaan yang tetap antarunit "
            "(ukuran, lokasi, jenis layanan) tidak dapat menjelaskan keterkaitan; efek tetap triwulan "
            "menghapus perubahan yang dialami semua unit sekaligus (aturan anggaran, sistem nasional, "
            "musim). Pelatihan tidak dibagikan secara acak, sehingga hasilnya adalah keterkaitan, bukan "
            "dampak yang terbukti."
            + (
                " Model paparan juga menyerap dimulainya layanan daring (menurut triwulan mulai, "
                "persiapan TI, dan triwulan sejak mulai), sehingga peluncuran tidak dihitung sebagai "
                "dampak pelatihan yang mendahuluinya."
                if online_control
                else ""
            )
        )
        paras.append(
            "**Yang tidak dapat disingkirkan.** Perubahan di dalam satu unit yang menggerakkan pelatihan "
            "dan layanan bersamaan (kepala baru, tambahan pegawai atau anggaran, reorganisasi); urutan "
            "terbalik (unit yang layanannya sudah membaik mungkin lebih banyak mengirim pegawai ke "
            "pelatihan); dan keterbatasan pengukuran (IKM berasal dari survei dengan galat samplingnya "
            "sendiri; pegawai dihitung di unit saat ini karena mutasi tidak tercatat)."
        )
    if placebo is not None and len(placebo):
        fut = placebo.loc[(placebo["term"] == "future") & placebo["estimate"].notna()]
        flagged = fut.loc[(fut["ci_low"] > 0) | (fut["ci_high"] < 0), "metric"].tolist()
        clean = [m for m in fut["metric"] if m not in flagged]
        if en:
            text = "**Placebo.** Future exposure (training that has not happened yet) "
            if flagged:
                text += (
                    f"does predict today's {', '.join(flagged)} (CI excludes zero): a warning sign that "
                    "part of the association there may be selection (units that are improving, or about "
                    "to, get more training) rather than an effect of training."
                )
            else:
                text += "predicts none of the metrics (every CI includes zero), which is what a causal reading needs, though it does not prove it."
            if flagged and clean:
                text += f" For {', '.join(clean)} it predicts nothing (CI includes zero)."
        else:
            text = "**Plasebo.** Paparan di masa depan (pelatihan yang belum terjadi) "
            if flagged:
                text += (
                    f"ternyata memprediksi {', '.join(flagged)} saat ini (IK tidak mencakup nol): tanda "
                    "peringatan bahwa sebagian keterkaitan di sana mungkin seleksi (unit yang sedang atau akan "
                    "membaik mendapat lebih banyak pelatihan), bukan dampak pelatihan."
                )
            else:
                text += "tidak memprediksi indikator mana pun (semua IK mencakup nol), sesuai yang dibutuhkan tafsiran kausal, meski tidak membuktikannya."
            if flagged and clean:
                text += f" Untuk {', '.join(clean)} tidak ada prediksi (IK mencakup nol)."
        paras.append(text)
    if online_att is not None and len(online_att) and "n_treated_units" in online_att:
        n_t = online_att["n_treated_units"].dropna()
        n_t = int(n_t.max()) if len(n_t) else 0
        pre = online_att.loc[online_att.get("method", pd.Series(dtype=str)) == "sunab"]
        bad = (
            pre.loc[pre["pretrend_p_value"] < 0.05, "metric"].tolist()
            if "pretrend_p_value" in pre
            else []
        )
        if n_t == 0:
            paras.append(
                "**Online services.** No unit with an online-service start has service data here, so the "
                "roll-out cannot be evaluated."
                if en
                else "**Layanan daring.** Tidak ada unit dengan tanggal mulai layanan daring yang memiliki data "
                "layanan, sehingga peluncuran belum dapat dievaluasi."
            )
            return "\n\n".join(paras)
        if en:
            text = (
                f"**Online services.** {n_t} units started online services at different quarters; units that "
                "never started are the comparison. The Sun & Abraham estimator allows the effect to differ by "
                "start quarter; it still assumes the starting units would have followed the others' trend "
                "(parallel trends) and did not change before the start (no anticipation). "
            )
            text += (
                f"The pre-start test rejects parallel trends for {', '.join(bad)}; read those with caution."
                if bad
                else "The pre-start coefficients show no clear trend (joint test p >= 0.05), "
                "which supports but does not prove the assumption."
            )
            if n_t < 10:
                text += (
                    f" With only {n_t} starting units, intervals are wide, and cluster-robust intervals "
                    "with so few treated units can still understate the uncertainty."
                )
        else:
            text = (
                f"**Layanan daring.** {n_t} unit memulai layanan daring pada triwulan yang berbeda; unit yang "
                "tidak pernah memulai menjadi pembanding. Estimator Sun & Abraham membolehkan dampak berbeda "
                "menurut triwulan mulai; tetap diasumsikan unit yang memulai akan mengikuti tren unit lain "
                "(tren paralel) dan tidak berubah sebelum mulai (tanpa antisipasi). "
            )
            text += (
                f"Uji sebelum mulai menolak tren paralel untuk {', '.join(bad)}; baca dengan hati-hati."
                if bad
                else "Koefisien sebelum mulai tidak menunjukkan tren yang jelas (uji gabungan p >= 0,05), "
                "yang mendukung tetapi tidak membuktikan asumsi itu."
            )
            if n_t < 10:
                text += (
                    f" Dengan hanya {n_t} unit yang memulai, interval menjadi lebar, dan interval "
                    "cluster-robust dengan sesedikit itu unit yang diberi perlakuan masih bisa "
                    "mengecilkan ketidakpastian."
                )
        paras.append(text)
    return "\n\n".join(paras)


# --------------------------------------------------------------------------- #
# Narrative pieces generated from the results (for the notebook and the brief)
# --------------------------------------------------------------------------- #


def _clear(lo: float, hi: float) -> bool:
    return bool(lo > 0 or hi < 0)


def sector_sentences(sectors: pd.DataFrame, lang: str = "id", decimals: int = 2) -> list[str]:
    """One line per sector from :func:`sector_heterogeneity`, plus the equal-slopes test.

    The slope is restated per exposure step (:data:`EXPOSURE_STEPS`); a sector with
    fewer than :data:`SMALL_N` units says "not enough data" and how many units it has.
    """
    lang = fmt.check_lang(lang)
    en = lang == "en"
    st = effect_statements(sectors)
    lines = []
    for _, r in st.iterrows():
        units = f"{int(r['n_units'])} " + ("units" if en else "unit")
        if r["n_units"] < SMALL_N or pd.isna(r["change"]):
            tail = (
                f"not enough data ({units}; at least {SMALL_N} needed)"
                if en
                else f"data belum cukup ({units}; minimal {SMALL_N})"
            )
            lines.append(f"{fmt.code_label(r['sector'], lang)}: {tail}")
            continue
        lines.append(
            f"{fmt.code_label(r['sector'], lang)}: {fmt.points(r['change'], lang, decimals)} "
            f"({fmt.interval(r['change_ci_low'], r['change_ci_high'], lang, decimals)}; "
            f"n = {fmt.number(r['n_obs'], lang, 0)}, {units})"
        )
    p_eq = sectors["equal_slopes_p"].iloc[0] if len(sectors) else math.nan
    if not pd.isna(p_eq):
        lines.append(
            f"Test that all sectors share one slope: p = {fmt.number(p_eq, lang, 3)}"
            if en
            else f"Uji bahwa semua sektor memiliki kemiringan yang sama: p = {fmt.number(p_eq, lang, 3)}"
        )
    return lines


@dataclass(frozen=True)
class IkmSummary:
    """IKM categories in one quarter and movements across quarters.

    ``share_good`` is the share of units with an IKM in category A or B in
    ``period`` with its Wilson 95% CI (``ci_low``, ``ci_high``) over ``n_units``;
    ``moves``/``up``/``down`` count unit transitions between consecutive quarters
    (up = to a better category). ``text`` is the sentence in the requested language.
    """

    period: str
    n_units: int
    share_good: float
    ci_low: float
    ci_high: float
    moves: int
    up: int
    down: int
    text: str


def ikm_summary(categories: pd.DataFrame, period: str, lang: str = "id") -> IkmSummary:
    """Share of units in IKM category A or B in ``period`` (Wilson CI) and category movements."""
    from analysis.stats.comparisons import proportion_ci

    lang = fmt.check_lang(lang)
    en = lang == "en"
    period = format_period(period)
    now = categories.loc[categories["period"] == period]
    n = len(now)
    good = int(now["category"].isin(["A", "B"]).sum())
    share, lo, hi = math.nan, math.nan, math.nan
    if n:
        low, high = proportion_ci(good, n)
        share, lo, hi = good / n, float(low), float(high)
    counts = category_transitions(categories).to_numpy()
    moves = int(counts.sum())
    up = int(np.tril(counts, -1).sum())
    down = int(np.triu(counts, 1).sum())
    label = fmt.period_label(period, lang)
    if n == 0:
        text = f"No IKM in {label}. " if en else f"Tidak ada IKM pada {label}. "
    elif en:
        text = (
            f"In {label}, {fmt.percent(share, lang)} of {fmt.number(n, lang, 0)} units with an IKM were in "
            f"category A or B (95% CI {fmt.percent(lo, lang)} to {fmt.percent(hi, lang)}). "
        )
    else:
        text = (
            f"Pada {label}, {fmt.percent(share, lang)} dari {fmt.number(n, lang, 0)} unit yang memiliki IKM "
            f"berada di kategori A atau B (IK 95% {fmt.percent(lo, lang)} s.d. {fmt.percent(hi, lang)}). "
        )
    nm, nu, nd = (fmt.number(v, lang, 0) for v in (moves, up, down))
    text += (
        f"Across {nm} quarter-to-quarter moves of units, {nu} went up a category and {nd} went down."
        if en
        else f"Dari {nm} perpindahan unit antartriwulan, {nu} naik kategori dan {nd} turun."
    )
    return IkmSummary(period, n, share, lo, hi, moves, up, down, text)


def it_training_sentences(effects: pd.DataFrame, lang: str = "id", decimals: int = 2) -> list[str]:
    """One line per metric from stacked :func:`it_training_effect` frames, plus the rule used.

    Each line states both groups' unit counts, the difference with its CI and n,
    and calls it a difference only when the CI excludes zero; with fewer than 10
    starting units in a group it says the interval is wide because few units started.
    """
    lang = fmt.check_lang(lang)
    en = lang == "en"
    lines = []
    for metric, part in effects.groupby("metric", sort=False):
        g = part.set_index("group")
        n_it = int(g.loc["it_trained", "n_treated_units"]) if "it_trained" in g.index else 0
        n_other = (
            int(g.loc["not_it_trained", "n_treated_units"]) if "not_it_trained" in g.index else 0
        )
        d = g.loc["difference"]
        short = METRIC_SHORT.get(str(metric), (metric, metric, "", ""))
        name, unit = (short[0], short[2]) if en else (short[1], short[3])
        head = (
            f"{name}: IT-trained starting units ({n_it}) vs other starting units ({n_other})"
            if en
            else f"{name}: unit yang pegawainya dilatih TI ({n_it}) dibanding unit lain yang memulai ({n_other})"
        )
        if pd.isna(d["estimate"]):
            lines.append(f"{head}: " + ("not enough data" if en else "data belum cukup"))
            continue
        clear = _clear(d["ci_low"], d["ci_high"])
        verdict = (
            ("a clear difference" if clear else "no clear difference")
            if en
            else ("ada perbedaan yang jelas" if clear else "belum ada perbedaan yang jelas")
        )
        line = (
            f"{head}: {fmt.points(d['estimate'], lang, decimals)} {unit} "
            f"({fmt.interval(d['ci_low'], d['ci_high'], lang, decimals)}; "
            f"n = {fmt.number(d['n_obs'], lang, 0)} unit-{'quarters' if en else 'triwulan'}) — {verdict}."
        )
        if min(n_it, n_other) < 10:
            line += (
                " Few units in a group: the interval is wide."
                if en
                else " Sedikit unit dalam satu kelompok: interval lebar."
            )
        lines.append(line)
    threshold = (
        effects["threshold"].iloc[0]
        if "threshold" in effects and len(effects)
        else IT_TRAINED_THRESHOLD
    )
    lines.append(
        f"A starting unit counts as IT-trained when at least {fmt.percent(threshold, lang, 0)} of its staff "
        "completed a programme whose title names IT or public service before the start; the difference "
        "is between the two groups' average improvements after the start (Sun & Abraham), each measured "
        "against units that never started, with a conservative interval."
        if en
        else f"Unit dihitung terlatih TI bila sedikitnya {fmt.percent(threshold, lang, 0)} pegawainya "
        "menyelesaikan program yang judulnya menyebut TI atau pelayanan publik sebelum mulai; selisih "
        "adalah beda rata-rata perbaikan kedua kelompok setelah mulai (Sun & Abraham), masing-masing "
        "terhadap unit yang tidak pernah memulai, dengan interval yang konservatif."
    )
    return lines


def robustness_sentences(
    placebo: pd.DataFrame,
    leave_one_out: pd.DataFrame | None = None,
    lang: str = "id",
    decimals: int = 2,
) -> list[str]:
    """One line per metric: the placebo (future exposure) and the leave-one-agency-out range.

    Both restated per exposure step (+5 JP per staff member by default).
    """
    lang = fmt.check_lang(lang)
    en = lang == "en"
    lines = []
    for _, fut in placebo.loc[placebo["term"] == "future"].iterrows():
        m = fut["metric"]
        step = EXPOSURE_STEPS.get(str(fut["exposure"]), 1.0)
        if pd.isna(fut["estimate"]):
            lines.append(
                f"{m}: " + ("placebo not estimated" if en else "plasebo tidak dapat diestimasi")
            )
            continue
        lo, hi = sorted((fut["ci_low"] * step, fut["ci_high"] * step))
        text = (
            f"{m}: "
            + ("future exposure" if en else "paparan masa depan")
            + f" ({_step_text(str(fut['exposure']), step, lang)}, "
            + (
                f"{int(fut['lead'])} quarters ahead): "
                if en
                else f"{int(fut['lead'])} triwulan ke depan): "
            )
            + f"{fmt.points(fut['estimate'] * step, lang, decimals)} ({fmt.interval(lo, hi, lang, decimals)}; "
            f"n = {fmt.number(fut['n_obs'], lang, 0)})"
        )
        if leave_one_out is not None:
            part = leave_one_out.loc[
                (leave_one_out["metric"] == m) & (leave_one_out["left_out"] != "(none)")
            ].dropna(subset=["estimate"])
            if len(part):
                low, high = part["estimate"].min() * step, part["estimate"].max() * step
                text += (
                    f"; leaving out one agency at a time ({len(part)} agencies): "
                    f"{fmt.points(low, lang, decimals)} to {fmt.points(high, lang, decimals)}"
                    if en
                    else f"; tanpa satu OPD bergantian ({len(part)} OPD): "
                    f"{fmt.points(low, lang, decimals)} s.d. {fmt.points(high, lang, decimals)}"
                )
        lines.append(text)
    return lines


# --------------------------------------------------------------------------- #
# Charts (seaborn, project theme; the caller applies analysis.charts.theme.apply_theme())
# --------------------------------------------------------------------------- #


def metric_label(metric: str, lang: str = "id") -> str:
    """The metric's readable name (:data:`analysis.data.contract.METRIC_LABELS`), else its code."""
    en, idn = METRIC_LABELS.get(metric, (metric, metric))
    return en if fmt.check_lang(lang) == "en" else idn


def _labels(lang: str) -> dict[str, str]:
    en = fmt.check_lang(lang) == "en"
    return {
        "event_time": "Quarters since online start"
        if en
        else "Triwulan sejak layanan daring dimulai",
        "effect": "Difference from the quarter before the start"
        if en
        else "Selisih terhadap triwulan sebelum mulai",
        "exposure_bin": "JP per staff member, last four quarters (bin)"
        if en
        else "JP per pegawai, empat triwulan terakhir (kelompok)",
        "vs_lowest": "Difference from the lowest bin"
        if en
        else "Selisih terhadap kelompok terendah",
        "per_step": "Change per +5 JP per staff member"
        if en
        else "Perubahan per +5 JP per pegawai",
        "share_units": "Share of units" if en else "Porsi unit",
        "from": "Category last quarter" if en else "Kategori triwulan lalu",
        "to": "Category this quarter" if en else "Kategori triwulan ini",
        "quarter": "Quarter" if en else "Triwulan",
    }


def plot_event_study(event_times: pd.DataFrame, metric: str, lang: str = "id"):
    """Event-study coefficients with 95% CI ribbons, one line per estimator (TWFE, Sun & Abraham).

    ``event_times`` is ``OnlineResults.event_times``. Returns the matplotlib Figure.
    """
    import matplotlib.pyplot as plt

    from analysis.charts.theme import GREY, PALETTE

    lab = _labels(lang)
    data = event_times.loc[event_times["metric"] == metric].sort_values("event_time")
    fig, ax = plt.subplots()
    names = {"twfe": "TWFE", "sunab": "Sun & Abraham"}
    for k, (method, part) in enumerate(data.groupby("method", sort=False)):
        colour = PALETTE[k % len(PALETTE)]
        x = part["event_time"].to_numpy(dtype=float) + (k - 0.5) * 0.08
        ax.fill_between(x, part["ci_low"], part["ci_high"], color=colour, alpha=0.18, linewidth=0)
        ax.plot(x, part["estimate"], marker="o", color=colour, label=names.get(method, method))
    ax.axhline(0, color=GREY, linewidth=1)
    ax.axvline(-0.5, color=GREY, linewidth=1, linestyle="--")
    ax.set_xlabel(lab["event_time"])
    ax.set_ylabel(lab["effect"])
    ax.set_title(metric_label(metric, lang))
    ax.legend()
    return fig


def plot_dose_response(dose: pd.DataFrame, lang: str = "id"):
    """Dose-response: metric difference from the lowest exposure bin, with 95% CIs, one panel per metric."""
    import matplotlib.pyplot as plt

    from analysis.charts.theme import GREY, PRIMARY

    lab = _labels(lang)
    metrics = list(dict.fromkeys(dose["metric"]))
    ncols = min(3, max(len(metrics), 1))
    nrows = -(-len(metrics) // ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(3.6 * ncols, 3.3 * nrows), squeeze=False, sharex=True
    )
    for ax in axes.flat[len(metrics) :]:
        ax.set_visible(False)
    for ax, metric in zip(axes.flat, metrics, strict=False):
        part = dose.loc[dose["metric"] == metric]
        x = part["median_exposure"].to_numpy(dtype=float)
        est = part["estimate"].to_numpy(dtype=float)
        lo = (est - part["ci_low"]).fillna(0).to_numpy(dtype=float)
        hi = (part["ci_high"] - est).fillna(0).to_numpy(dtype=float)
        ax.errorbar(x, est, yerr=[lo, hi], marker="o", color=PRIMARY, capsize=3)
        ax.axhline(0, color=GREY, linewidth=1)
        ax.set_title(metric_label(metric, lang), fontsize=10)
        ax.set_xlabel(lab["exposure_bin"], fontsize=9)
    for row in axes:
        row[0].set_ylabel(lab["vs_lowest"], fontsize=9)
    fig.tight_layout()
    return fig


def plot_sector_slopes(sectors: pd.DataFrame, lang: str = "id"):
    """Coefficient plot: the change per exposure step by sector, with 95% CIs.

    ``sectors`` is :func:`sector_heterogeneity` output (one metric); the slope is
    scaled by the exposure's step (:data:`EXPOSURE_STEPS`).
    """
    import matplotlib.pyplot as plt

    from analysis.charts.theme import GREY, PRIMARY

    lab = _labels(lang)
    st = effect_statements(sectors).sort_values("change")
    fig, ax = plt.subplots(figsize=(7.5, 0.45 * len(st) + 1.5))
    y = np.arange(len(st))
    ax.errorbar(
        st["change"],
        y,
        xerr=[
            (st["change"] - st["change_ci_low"]).to_numpy(),
            (st["change_ci_high"] - st["change"]).to_numpy(),
        ],
        fmt="o",
        color=PRIMARY,
        capsize=3,
    )
    word = "units" if lang == "en" else "unit"
    ax.set_yticks(
        y, [f"{fmt.code_label(s, lang)} ({n} {word})" for s, n in zip(st["sector"], st["n_units"], strict=True)]
    )
    ax.axvline(0, color=GREY, linewidth=1)
    ax.set_xlabel(lab["per_step"])
    ax.set_title(metric_label(str(st["metric"].iloc[0]), lang) if len(st) else "")
    return fig


def plot_ikm_categories(categories: pd.DataFrame, transitions: pd.DataFrame, lang: str = "id"):
    """Two panels: share of units per IKM category by quarter; the quarter-to-quarter transition shares."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    from analysis.charts.theme import TRAFFIC_LIGHTS

    lab = _labels(lang)
    colours = {
        "A": TRAFFIC_LIGHTS["green"],
        "B": "#56B4E9",
        "C": TRAFFIC_LIGHTS["amber"],
        "D": TRAFFIC_LIGHTS["red"],
    }
    shares = (
        categories.groupby(["period", "category"])
        .size()
        .unstack("category", fill_value=0)
        .reindex(columns=list(colours), fill_value=0)
    )
    shares = shares.div(shares.sum(axis=1), axis=0)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2), gridspec_kw={"width_ratios": [1.6, 1]})
    bottom = np.zeros(len(shares))
    for code, colour in colours.items():
        ax1.bar(shares.index, shares[code], bottom=bottom, color=colour, label=code)
        bottom += shares[code].to_numpy()
    ax1.set_ylabel(lab["share_units"])
    ax1.set_xlabel(lab["quarter"])
    ax1.tick_params(axis="x", rotation=45)
    ax1.legend(title="IKM", bbox_to_anchor=(1.0, 1.0), loc="upper left")
    values = transitions.to_numpy(dtype=float)
    as_shares = bool(np.nanmax(values, initial=0.0) <= 1.0)
    annot = np.vectorize(
        lambda v: fmt.percent(v, lang, 0) if as_shares else fmt.number(v, lang, 0), otypes=[object]
    )(values)
    sns.heatmap(
        transitions.fillna(0.0).astype(float),
        annot=annot,
        fmt="",
        cmap="Blues",
        cbar=False,
        ax=ax2,
    )
    ax2.set_xlabel(lab["to"])
    ax2.set_ylabel(lab["from"])
    fig.tight_layout()
    return fig
