"""The unit-by-quarter panel: each unit's competency exposure and service metrics per quarter.

One row per organisational unit and quarter (:func:`unit_panel`) with the unit's
staff, credited JP (*jam pelajaran*, one 45-minute lesson hour) per staff member,
the share of staff on track for 20 JP, competency gaps, the online-service start,
and one column per service metric. The definitions (active staff, credited JP, on
track) are those of ``docs/definitions.md``. Helpers here pick the panel's columns
for the models (:func:`check_columns`, :func:`select_metrics`, :func:`shifted`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.data.contract import METRIC_DIRECTIONS
from analysis.data.dataset import Dataset
from analysis.data.definitions import enrollment_facts
from analysis.data.periods import (
    format_period,
    parse_period,
    period_index,
    period_range,
)
from analysis.linkage.launch import (
    IT_PUBLIC_SERVICE_KEYWORDS,
    it_training_before_launch,
    online_start_quarter,
)
from analysis.linkage.roster import (
    competency_gaps,
    employee_quarters,
    quarter_index,
    quarter_text,
    windowed_jp,
)

#: JP per staff member added in the "+5 JP per staff" statements (one step of exposure;
#: re-exported as :data:`analysis.linkage.codes.JP_STEP`).
JP_STEP: float = 5.0

#: Known service metrics in contract order (custom metrics follow in the panel).
KNOWN_METRICS: tuple[str, ...] = tuple(METRIC_DIRECTIONS)

#: Exposure columns of the panel the models accept, and the change a manager can picture.
EXPOSURE_STEPS: dict[str, float] = {
    "jp_per_staff_4q": JP_STEP,
    "jp_per_staff": JP_STEP,
    "share_on_track": 0.10,
    "mean_competency_gap": -0.25,
    "share_with_gap": -0.10,
}
DEFAULT_EXPOSURE = "jp_per_staff_4q"

#: Credited JP per quarter elapsed in the calendar year that keeps a staff member on
#: track for the 20 JP/year minimum (``docs/definitions.md``, "On track").
ON_TRACK_JP_PER_QUARTER = 5.0

#: The metric the sector, model-comparison and IKM sections look at first, when reported.
FOCUS_METRIC = "ikm"
#: Metrics of the leave-one-agency-out check, when reported.
KEY_METRICS: tuple[str, ...] = ("ikm", "processing_days")


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
        (see :func:`analysis.linkage.launch.it_training_before_launch`).

    Returns
    -------
    DataFrame
        Every unit of ``ds.units`` crossed with every quarter ``start..through``,
        sorted by unit_id and period, with columns:

        - ``unit_id``, ``period`` (``2026Q3``), ``period_idx`` (year * 4 + quarter - 1,
          :func:`analysis.data.periods.period_index`)
        - ``agency_id``, ``sector``, ``unit_name``: from the units table
        - ``staff``: employees of the unit active at quarter end (``docs/definitions.md``, "Unit staff")
        - ``jp``: credited JP of enrollments ending in the quarter, of those staff
        - ``jp_per_staff`` = jp / staff (NaN when staff is 0)
        - ``jp_4q``: credited JP of enrollments ending in quarters q-3..q, of the staff
          active at the end of q
        - ``jp_per_staff_4q`` = jp_4q / staff (the exposure of the main models)
        - ``window_complete``: q-3 is not before the first quarter of ``ds``'s data
          (earlier quarters' four-quarter window is partly unobserved)
        - ``share_on_track``: share of staff whose credited JP in the calendar year up
          to the end of q is >= 5 x (quarters elapsed) (``docs/definitions.md``, "On track")
        - ``assessed_staff``: staff with at least one competency assessment on or
          before quarter end
        - ``mean_competency_gap``: mean over assessed staff and their assessed domains
          of max(0, required_level - score), each domain's latest assessment on or
          before quarter end (levels; 0 = meets the job's standard)
        - ``share_with_gap``: share of assessed staff with a gap > 0 in any domain
        - ``online_service_start`` (date), ``online_quarter`` (first quarter starting
          on or after it, :func:`analysis.linkage.launch.online_start_quarter`), ``cohort_idx`` (its
          period index, NaN when the unit never starts), ``event_time`` =
          period_idx - cohort_idx (NaN when never)
        - ``online``: the quarter starts on or after online_service_start (False when
          the unit has no start date)
        - ``it_trained_share_before_launch``: share of the staff active the day before
          the online start with completed IT / public-service training that ended
          before it (:func:`analysis.linkage.launch.it_training_before_launch`); NaN for units without a start
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
    quarters, first_data_idx = panel_quarters(ds.periods, through, start)
    q_idx = np.array([period_index(q) for q in quarters])
    # roster of staff active at each quarter end
    staff = employee_quarters(ds, quarters)
    staff_n = staff.groupby(["unit_id", "period_idx"]).size().rename("staff").reset_index()
    emp_index = pd.Index(ds.employees["employee_id"])
    by_unit = _training_by_unit(staff, _credited_jp(ds, emp_index, int(q_idx.max()))).reset_index()
    gaps = competency_gaps(ds, staff, quarters, emp_index)
    it = it_training_before_launch(ds, it_keywords)
    return assemble_panel(ds.units, q_idx, first_data_idx, staff_n, by_unit, gaps, it, ds.service_metrics)


def assemble_panel(
    units: pd.DataFrame,
    q_idx: np.ndarray,
    first_data_idx: int,
    staff_n: pd.DataFrame,
    by_unit: pd.DataFrame,
    gaps: pd.DataFrame,
    it: pd.DataFrame,
    service_metrics: pd.DataFrame,
) -> pd.DataFrame:
    """:func:`unit_panel` from its per unit-quarter parts, for the pandas and the SQL
    (:mod:`analysis.scale`) parts alike.

    ``staff_n``: unit_id, period_idx, staff; ``by_unit``: unit_id, period_idx, jp, jp_4q,
    share_on_track; ``gaps``: :func:`analysis.linkage.roster.competency_gaps`; ``it``:
    :func:`analysis.linkage.launch.it_training_before_launch`; ``service_metrics``: the
    table's rows (or their means per unit, quarter and metric).
    """
    grid = pd.DataFrame(
        {
            "unit_id": np.repeat(units["unit_id"].to_numpy(), len(q_idx)),
            "period_idx": np.tile(q_idx, len(units)),
        }
    )
    grid["unit_id"] = grid["unit_id"].astype("string")
    panel = grid.merge(staff_n, on=["unit_id", "period_idx"], how="left")
    panel = panel.merge(by_unit, on=["unit_id", "period_idx"], how="left")
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
        quarter_text(panel["period_idx"]), index=panel.index, dtype="string"
    )

    panel = panel.merge(_unit_info(units, it), on="unit_id", how="left", validate="many_to_one")
    panel["event_time"] = panel["period_idx"] - panel["cohort_idx"]
    panel["online"] = (panel["event_time"] >= 0).fillna(False).astype(bool)
    panel["period_idx"] = panel["period_idx"].astype("int64")

    panel, metric_names = _with_service_metrics(panel, service_metrics)
    panel = panel[list(PANEL_BASE_COLUMNS) + metric_names]
    return panel.sort_values(["unit_id", "period_idx"], kind="stable").reset_index(drop=True)


def panel_quarters(
    data_periods: list[str], through: str | pd.Period, start: str | pd.Period | None
) -> tuple[list[str], int]:
    """The panel's quarters ``start..through`` and the period index of the first data quarter
    (``data_periods``: :attr:`analysis.data.dataset.Dataset.periods`)."""
    through_p = parse_period(through)
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
    return quarters, first_data_idx


def _credited_jp(ds: Dataset, emp_index: pd.Index, last_idx: int) -> pd.DataFrame:
    """Credited JP per employee (``emp``: row position in ``ds.employees``) and quarter of end date."""
    facts = enrollment_facts(ds)
    facts = facts.loc[facts["credited_jp"] > 0, ["employee_id", "period", "credited_jp"]]
    jp = pd.DataFrame(
        {
            "emp": emp_index.get_indexer(facts["employee_id"]),
            "period_idx": quarter_index(facts["period"]).astype("int64").to_numpy(),
            "jp": facts["credited_jp"].astype(float).to_numpy(),
        }
    )
    jp = jp.loc[jp["emp"] >= 0]
    return (
        jp.loc[jp["period_idx"] <= last_idx]
        .groupby(["emp", "period_idx"], as_index=False)["jp"]
        .sum()
    )


def _training_by_unit(staff: pd.DataFrame, jp: pd.DataFrame) -> pd.DataFrame:
    """Per unit and quarter, over the staff active at its end: JP, four-quarter JP, share on track.

    On track: credited JP in the calendar year up to the quarter's end >=
    :data:`ON_TRACK_JP_PER_QUARTER` x quarters elapsed.
    """
    jp_4q = windowed_jp(jp, range(4)).rename(columns={"jp": "jp_4q"})
    jp_ytd = windowed_jp(jp, range(4), same_year=True).rename(columns={"jp": "jp_ytd"})

    emp_q = staff.merge(jp, on=["emp", "period_idx"], how="left")
    emp_q = emp_q.merge(jp_4q, on=["emp", "period_idx"], how="left")
    emp_q = emp_q.merge(jp_ytd, on=["emp", "period_idx"], how="left")
    emp_q[["jp", "jp_4q", "jp_ytd"]] = emp_q[["jp", "jp_4q", "jp_ytd"]].fillna(0.0)
    elapsed = emp_q["period_idx"] % 4 + 1
    emp_q["on_track"] = (emp_q["jp_ytd"] >= ON_TRACK_JP_PER_QUARTER * elapsed).astype(float)
    return emp_q.groupby(["unit_id", "period_idx"]).agg(
        jp=("jp", "sum"), jp_4q=("jp_4q", "sum"), share_on_track=("on_track", "mean")
    )


def _unit_info(units: pd.DataFrame, it: pd.DataFrame) -> pd.DataFrame:
    """Per unit: agency, sector, name, online start (date, quarter, cohort index), IT-trained share
    (``it``: :func:`analysis.linkage.launch.it_training_before_launch`)."""
    unit_info = units[["unit_id", "agency_id", "sector", "unit_name"]].copy()
    unit_info["online_service_start"] = (
        pd.to_datetime(units["online_service_start"]) if "online_service_start" in units else pd.NaT
    )
    unit_info["online_quarter"] = online_start_quarter(units)
    unit_info["cohort_idx"] = quarter_index(unit_info["online_quarter"]).astype("Float64").astype(float)
    unit_info["it_trained_share_before_launch"] = (
        unit_info["unit_id"]
        .map(it.set_index("unit_id")["it_trained_share"] if len(it) else pd.Series(dtype=float))
        .astype(float)
    )
    return unit_info


def _with_service_metrics(panel: pd.DataFrame, sm: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """``panel`` with one float column per service metric (mean of the unit-quarter's values)."""
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
    return panel, metric_names


def panel_metrics(panel: pd.DataFrame) -> list[str]:
    """The service-metric columns of a :func:`unit_panel` frame, in panel order."""
    return [c for c in panel.columns if c not in PANEL_BASE_COLUMNS and not c.startswith("_")]



def reported_metrics(panel: pd.DataFrame) -> list[str]:
    """The service metrics of a :func:`unit_panel` frame with at least one value, in panel order."""
    return [m for m in panel_metrics(panel) if panel[m].notna().any()]


def check_columns(panel: pd.DataFrame, *columns: str) -> None:
    """Raise a KeyError naming the panel's metrics and the exposures when a column is missing."""
    missing = [c for c in columns if c not in panel.columns]
    if missing:
        raise KeyError(
            f"the panel has no column(s) {missing}; metrics here: {panel_metrics(panel)}, "
            f"exposures: {list(EXPOSURE_STEPS)}"
        )


def select_metrics(panel: pd.DataFrame, metrics: Sequence[str] | str | None) -> list[str]:
    """The metrics a model function runs over: the named ones (checked), or every reported one."""
    if metrics is None:
        return reported_metrics(panel)
    names = [metrics] if isinstance(metrics, str) else list(metrics)
    check_columns(panel, *names)
    return names


def shifted(panel: pd.DataFrame, column: str, quarters: int) -> pd.Series:
    """``column`` of the same unit ``quarters`` earlier (a lag; negative: a lead, later).

    Aligned on ``period_idx``, so a missing quarter gives NaN rather than a
    neighbour's value. Returned with ``panel``'s index. Each (unit, quarter) must occur
    once (a ``MergeError`` otherwise). The rows are found in a unit x quarter grid of row
    positions (no merge).
    """
    check_columns(panel, "unit_id", "period_idx", column)
    units, _ = pd.factorize(panel["unit_id"], use_na_sentinel=False)
    period = panel["period_idx"].to_numpy(dtype=np.int64)
    values = panel[column].to_numpy(dtype=float)
    if not len(panel):
        return pd.Series(values, index=panel.index, name=column)
    first, width = int(period.min()), int(period.max() - period.min()) + 1
    grid = np.full((int(units.max()) + 1, width), -1, dtype=np.int64)
    grid[units, period - first] = np.arange(len(panel))
    if int((grid >= 0).sum()) != len(panel):
        raise pd.errors.MergeError(f"{column}: a unit has more than one row in a quarter; not one-to-one")
    source = period - quarters - first
    inside = (source >= 0) & (source < width)
    rows = np.where(inside, grid[units, np.clip(source, 0, width - 1)], -1)
    out = np.where(rows >= 0, values[np.maximum(rows, 0)], np.nan)
    return pd.Series(out, index=panel.index, name=column)


def lag_name(exposure: str, lag: int) -> str:
    if lag == 0:
        return exposure
    return f"{exposure}_lag{lag}" if lag > 0 else f"{exposure}_lead{-lag}"




@dataclass(frozen=True)
class PanelSize:
    """The part of the panel the models use: unit-quarters with staff (an exposure) and a metric."""

    n_units: int
    n_quarters: int
    n_unit_quarters: int


def panel_size(panel: pd.DataFrame, metrics: Sequence[str]) -> PanelSize:
    """Units, quarters and unit-quarters with a four-quarter exposure and at least one of ``metrics``."""
    used = panel.dropna(subset=[DEFAULT_EXPOSURE]).loc[lambda d: d[list(metrics)].notna().any(axis=1)]
    return PanelSize(int(used["unit_id"].nunique()), int(used["period"].nunique()), len(used))


def focus_metric(metrics: Sequence[str]) -> str:
    """:data:`FOCUS_METRIC` when reported, else the first reported metric."""
    return FOCUS_METRIC if FOCUS_METRIC in metrics else metrics[0]


def key_metrics(metrics: Sequence[str]) -> list[str]:
    """The reported :data:`KEY_METRICS`, else the first reported metric."""
    return [m for m in KEY_METRICS if m in metrics] or list(metrics[:1])


#: Columns of an agency's units in :func:`agency_snapshot`, before the metrics.
AGENCY_SNAPSHOT_COLUMNS: tuple[str, ...] = (
    "unit_id", "unit_name", "staff", "jp_per_staff_4q", "share_on_track", "mean_competency_gap",
)


def agency_snapshot(
    panel: pd.DataFrame, agency: str, period: str, metrics: Sequence[str]
) -> pd.DataFrame:
    """One agency's units in ``period``: staff, exposure, on-track share, gap and ``metrics``."""
    mine = panel.loc[(panel["agency_id"] == agency) & (panel["period"] == period)]
    return mine[[*AGENCY_SNAPSHOT_COLUMNS, *metrics]]
