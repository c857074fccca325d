"""Competency and public service (Kirkpatrick level 4): the unit-by-quarter panel and its models.

The city's central claim is that trained, competent staff give better and faster
service. This module builds one row per organisational unit and quarter with the
unit's competency exposure and its service metrics (:func:`unit_panel`), and asks
the panel three questions:

1. Do units whose staff received more credited JP serve better? Fixed-effects
   regressions of each service metric on exposure, with unit and quarter fixed
   effects and unit-clustered standard errors (:func:`exposure_effects`), lags,
   dose-response bins, sector heterogeneity, a mixed-model alternative and one
   comparison table (:func:`model_table`). Effects are restated in the metric's
   own units for a change a manager can picture (:func:`effect_statements`,
   :func:`effect_sentence`).
2. Did service improve when units started online services, and more where staff
   had IT / public-service training before the start? Event studies with plain
   TWFE next to the staggered-adoption-robust Sun & Abraham estimator
   (:func:`online_event_studies`, :func:`it_training_effect`).
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

import re
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from .contract import IKM_CATEGORIES, METRIC_DIRECTIONS
from .dataset import Dataset
from .definitions import active_mask, enrollment_facts
from .periods import format_period, parse_period, period_index, period_range, quarter_end

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
IT_TRAINED_THRESHOLD = 0.5

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
    """One row per employee and quarter in which the employee is active at quarter end."""
    emp = ds.employees
    parts = []
    for q in quarters:
        mask = active_mask(emp, quarter_end(q)).to_numpy()
        if mask.any():
            parts.append(
                pd.DataFrame(
                    {
                        "employee_id": emp["employee_id"].to_numpy()[mask],
                        "unit_id": emp["unit_id"].to_numpy()[mask],
                        "period_idx": period_index(q),
                    }
                )
            )
    if not parts:
        return pd.DataFrame(
            {
                "employee_id": pd.Series(dtype="string"),
                "unit_id": pd.Series(dtype="string"),
                "period_idx": pd.Series(dtype="int64"),
            }
        )
    out = pd.concat(parts, ignore_index=True)
    out["employee_id"] = out["employee_id"].astype("string")
    out["unit_id"] = out["unit_id"].astype("string")
    return out


def _windowed_jp(jp: pd.DataFrame, offsets: Iterable[int], same_year: bool = False) -> pd.DataFrame:
    """Sum each employee's quarterly JP over source quarters ``target - k`` for k in ``offsets``.

    ``jp`` has employee_id, period_idx, jp. With ``same_year`` only source quarters in
    the target's calendar year count (year-to-date).
    """
    parts = []
    for k in offsets:
        shifted = jp.assign(period_idx=jp["period_idx"] + k)
        if same_year:
            shifted = shifted.loc[(jp["period_idx"] // 4).to_numpy() == (shifted["period_idx"] // 4).to_numpy()]
        parts.append(shifted)
    if not parts:
        return jp.iloc[:0]
    return pd.concat(parts, ignore_index=True).groupby(["employee_id", "period_idx"], as_index=False)["jp"].sum()


def _competency_gaps(ds: Dataset, staff: pd.DataFrame, quarters: Sequence[str]) -> pd.DataFrame:
    """Per unit and quarter: assessed staff, mean gap and share with a gap (latest assessments)."""
    cols = ["unit_id", "period_idx", "assessed_staff", "mean_competency_gap", "share_with_gap"]
    assess = ds.assessments
    if assess is None or assess.empty:
        return pd.DataFrame(columns=cols)
    a = assess.loc[assess["assessed_on"].notna(), ["employee_id", "domain", "assessed_on", "score", "required_level"]]
    a = a.sort_values(["assessed_on"], kind="stable").reset_index(drop=True)
    a["gap"] = (a["required_level"].astype(float) - a["score"].astype(float)).clip(lower=0)
    dates = a["assessed_on"].to_numpy()
    parts = []
    for q in quarters:
        cut = int(np.searchsorted(dates, np.datetime64(quarter_end(q)), side="right"))
        if cut == 0:
            continue
        latest = a.iloc[:cut].drop_duplicates(["employee_id", "domain"], keep="last")
        per_emp = latest.groupby("employee_id", as_index=False).agg(gap_sum=("gap", "sum"), n_domains=("gap", "size"), gap_max=("gap", "max"))
        per_emp["period_idx"] = period_index(q)
        parts.append(per_emp)
    if not parts:
        return pd.DataFrame(columns=cols)
    emp_gap = pd.concat(parts, ignore_index=True)
    emp_gap["employee_id"] = emp_gap["employee_id"].astype("string")
    joined = staff.merge(emp_gap, on=["employee_id", "period_idx"], how="inner")
    joined["has_gap"] = (joined["gap_max"] > 0).astype(float)
    grouped = joined.groupby(["unit_id", "period_idx"], as_index=False).agg(
        assessed_staff=("employee_id", "size"),
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
    return titles.astype("string").str.lower().str.contains(pattern, regex=True).fillna(False).astype(bool)


def online_start_quarter(units: pd.DataFrame) -> pd.Series:
    """First quarter (``2026Q3`` text) whose first day is on or after the unit's online_service_start.

    A start on the first day of a quarter makes that quarter the first online one;
    a start during a quarter makes the next quarter the first fully online one.
    Missing start -> ``<NA>``. Indexed like ``units``.
    """
    start = units["online_service_start"] if "online_service_start" in units else pd.Series(pd.NaT, index=units.index)
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
    start = pd.to_datetime(units["online_service_start"]) if "online_service_start" in units else None
    cols = ["unit_id", "online_service_start", "staff_at_launch", "it_trained_staff", "it_trained_share"]
    if start is None or start.notna().sum() == 0:
        return pd.DataFrame(columns=cols)
    launched = units.loc[start.notna(), ["unit_id", "online_service_start"]].reset_index(drop=True)
    emp = ds.employees.merge(launched, on="unit_id", how="inner")
    eve = emp["online_service_start"] - pd.Timedelta(days=1)
    hired = emp["hire_date"] <= eve
    still = emp["exit_date"].isna() | (emp["exit_date"] > eve)
    emp = emp.loc[(hired & still).to_numpy(), ["employee_id", "unit_id", "online_service_start"]]

    enr = ds.enrollments.loc[ds.enrollments["status"].eq("completed"), ["employee_id", "program_id", "end_date"]]
    progs = ds.programs[["program_id", "title"]]
    it_prog = progs.loc[_is_it_programme(progs["title"], keywords).to_numpy(), "program_id"]
    enr = enr.loc[enr["program_id"].isin(it_prog)]
    trained = emp.merge(enr, on="employee_id", how="inner")
    trained = trained.loc[trained["end_date"] < trained["online_service_start"], ["employee_id", "unit_id"]]
    trained = trained.drop_duplicates()

    staff_n = emp.groupby("unit_id").size()
    trained_n = trained.groupby("unit_id").size()
    out = launched.copy()
    out["staff_at_launch"] = out["unit_id"].map(staff_n).fillna(0).astype(int)
    out["it_trained_staff"] = out["unit_id"].map(trained_n).fillna(0).astype(int)
    out["it_trained_share"] = out["it_trained_staff"] / out["staff_at_launch"].where(out["staff_at_launch"] > 0)
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
          :func:`analysis.periods.period_index`)
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
    if start is None:
        data_periods = ds.periods
        if not data_periods:
            raise ValueError("the dataset has no enrollments or service metrics: give start= explicitly")
        start_p = parse_period(data_periods[0])
    else:
        start_p = parse_period(start)
    if start_p > through_p:
        raise ValueError(f"start {format_period(start_p)} is after through {format_period(through_p)}")
    quarters = period_range(start_p, through_p)
    first_data_idx = period_index(ds.periods[0]) if ds.periods else period_index(start_p)
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
    jp = pd.DataFrame(
        {
            "employee_id": facts["employee_id"].astype("string"),
            "period_idx": _pidx(facts["period"]).astype("int64"),
            "jp": facts["credited_jp"].astype(float),
        }
    )
    jp = jp.loc[jp["period_idx"] <= q_idx.max()].groupby(["employee_id", "period_idx"], as_index=False)["jp"].sum()
    jp_4q = _windowed_jp(jp, range(4)).rename(columns={"jp": "jp_4q"})
    jp_ytd = _windowed_jp(jp, range(4), same_year=True).rename(columns={"jp": "jp_ytd"})

    emp_q = staff.merge(jp, on=["employee_id", "period_idx"], how="left")
    emp_q = emp_q.merge(jp_4q, on=["employee_id", "period_idx"], how="left")
    emp_q = emp_q.merge(jp_ytd, on=["employee_id", "period_idx"], how="left")
    emp_q[["jp", "jp_4q", "jp_ytd"]] = emp_q[["jp", "jp_4q", "jp_ytd"]].fillna(0.0)
    elapsed = emp_q["period_idx"] % 4 + 1
    emp_q["on_track"] = (emp_q["jp_ytd"] >= 5.0 * elapsed).astype(float)
    by_unit = emp_q.groupby(["unit_id", "period_idx"]).agg(
        jp=("jp", "sum"), jp_4q=("jp_4q", "sum"), share_on_track=("on_track", "mean")
    )

    gaps = _competency_gaps(ds, staff, quarters)

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
    panel["period"] = pd.Series(_period_text(panel["period_idx"]), index=panel.index, dtype="string")

    unit_info = units[["unit_id", "agency_id", "sector", "unit_name"]].copy()
    unit_info["online_service_start"] = (
        pd.to_datetime(units["online_service_start"]) if "online_service_start" in units else pd.NaT
    )
    unit_info["online_quarter"] = online_start_quarter(units)
    unit_info["cohort_idx"] = _pidx(unit_info["online_quarter"]).astype("Float64").astype(float)
    it = it_training_before_launch(ds, it_keywords)
    unit_info["it_trained_share_before_launch"] = unit_info["unit_id"].map(
        it.set_index("unit_id")["it_trained_share"] if len(it) else pd.Series(dtype=float)
    ).astype(float)
    panel = panel.merge(unit_info, on="unit_id", how="left", validate="many_to_one")
    panel["event_time"] = panel["period_idx"] - panel["cohort_idx"]
    panel["online"] = (panel["event_time"] >= 0).fillna(False).astype(bool)
    panel["period_idx"] = panel["period_idx"].astype("int64")

    # service metrics, wide
    sm = ds.service_metrics
    metric_names = sorted(set(sm["metric"].dropna()), key=lambda m: (KNOWN_METRICS.index(m) if m in KNOWN_METRICS else len(KNOWN_METRICS), m))
    if len(sm):
        wide = sm.pivot_table(index=["unit_id", "period"], columns="metric", values="value", aggfunc="mean")
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
    D *Tidak Baik* 25.00-64.99 (:data:`analysis.contract.IKM_CATEGORIES`).

    Notes
    -----
    The regulation publishes two-decimal ranges with gaps between them (88.30 | 88.31).
    A score belongs to the lowest category whose published upper bound it does not
    exceed: D if <= 64.99, else C if <= 76.60, else B if <= 88.30, else A. For
    two-decimal scores this is exactly the regulation's table; a finer score in a
    gap goes up (88.305 -> A, 64.995 -> C). Missing, or outside 25..100 -> ``<NA>``.
    """
    s = values.astype(float) if isinstance(values, pd.Series) else pd.Series(np.atleast_1d(values), dtype=float)
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
    rows = panel.loc[panel["ikm"].notna(), ["unit_id", "agency_id", "sector", "period", "period_idx", "ikm"]].copy()
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
    pairs = c.merge(prev, on=["unit_id", "period_idx"], how="inner").rename(columns={"category": "to"})
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
