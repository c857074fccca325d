"""The data every hypothesis is estimated on, built once per run and cut per hypothesis.

Three frames, each built on first use and shared by all hypotheses of a file:

- :attr:`HypothesisData.unit_panel`: one row per unit and quarter
  (:func:`analysis.linkage.unit_panel`): service metrics, JP per staff member, the
  online start and the IT training before it.
- :attr:`HypothesisData.employee_quarters`: one row per employee active at the end
  of a quarter (:func:`analysis.coverage.participation_panel`), unit heads left out
  (their own training is an exposure of their staff): the outcomes ``participation``,
  ``jp_credited``, ``meets_20jp`` and the employee exposures.
- :attr:`HypothesisData.enrollments`: one row per decided enrollment (completed,
  dropped, no-show) of those employees, with the programme's ``modality`` and
  ``provider_type`` and the outcomes ``completion``, ``no_show``, ``learning_gain``.

Definitions (``docs/definitions.md``; ``docs/hypotheses.md`` for the catalogue):

- ``head_trained_last_quarter``: a head of the employee's unit attended a programme
  ending in the previous quarter; missing in the first quarter of the data (the
  previous quarter is not observed) and where the unit had no active head.
- ``received_award`` / ``unit_award_last_4q``: the employee / a colleague now in the
  same unit received a performance award (employee of the quarter, innovation) in
  the four previous quarters; missing where those quarters start before the
  recognitions (or the data) do.
- ``meets_20jp``: in the fourth quarter of a year whose first quarter is in the data,
  the employee's credited JP of that year reached 20 (PP 11/2017 art. 203); missing
  in other quarters.
- ``completion`` / ``no_show``: the enrollment was completed / not attended, among
  decided enrollments; ``learning_gain`` = post - pre score of completed enrollments
  with both scores.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import pandas as pd

from analysis import coverage, linkage
from analysis.data.dataset import Dataset
from analysis.data.definitions import enrollment_facts
from analysis.data.periods import format_period, period_index, period_range
from analysis.hypotheses.catalogue import Level
from analysis.hypotheses.spec import Hypothesis

#: Annual JP minimum (PP 11/2017 art. 203) behind ``meets_20jp``.
JP_MINIMUM = 20.0
#: Quarters an award counts for (the four before the outcome's quarter).
AWARD_QUARTERS = 4


class HypothesisData:
    """The frames of one dataset up to one quarter (see the module docstring).

    Parameters
    ----------
    ds
        The dataset.
    period
        The last quarter of the run (``--period``); nothing later is used.
    """

    def __init__(self, ds: Dataset, period: str | pd.Period) -> None:
        self.ds = ds
        self.period = format_period(period)
        last = period_index(self.period)
        known = [p for p in ds.periods if period_index(p) <= last]
        self.first_period = known[0] if known else self.period

    @property
    def quarters(self) -> list[str]:
        """Every quarter from the first with data to the run's period."""
        return period_range(self.first_period, self.period)

    @cached_property
    def facts(self) -> pd.DataFrame:
        """:func:`analysis.data.definitions.enrollment_facts` of the dataset."""
        return enrollment_facts(self.ds)

    @cached_property
    def unit_panel(self) -> pd.DataFrame:
        """:func:`analysis.linkage.unit_panel` from the first data quarter to the run's period."""
        return linkage.unit_panel(self.ds, through=self.period, start=self.first_period)

    def _awards_observed_from(self) -> str:
        rec = self.ds.recognitions
        first = self.first_period
        if len(rec) and rec["awarded_on"].notna().any():
            start = pd.Timestamp(rec["awarded_on"].min()).to_period("Q")
            first = min(first, format_period(start), key=period_index)
        return first

    @cached_property
    def employee_quarters(self) -> pd.DataFrame:
        """Employee x quarter frame (unit heads left out); see the module docstring."""
        facts = self.facts
        panel = coverage.participation_panel(self.ds, self.period, quarters=len(self.quarters), facts=facts)
        panel = panel.loc[~panel["is_unit_head"].astype(bool)].copy()
        codes = self.ds.employees[["employee_id", "employment_type", "gender"]]
        panel = panel.merge(codes, on="employee_id", how="left", validate="many_to_one")
        idx = quarter_index(panel["period"])
        panel["participation"] = panel["participated"].astype(float)
        panel["head_trained_last_quarter"] = panel["head_participated_prev_quarter"].where(
            idx > period_index(self.first_period))
        awards_ok = idx - AWARD_QUARTERS >= period_index(self._awards_observed_from())
        panel["received_award"] = panel["award_prev_4q"].where(awards_ok)
        panel["unit_award_last_4q"] = panel["unit_award_prev_4q"].where(awards_ok)
        jp = facts.groupby(["employee_id", "period"], observed=True)["credited_jp"].sum().rename("jp_credited")
        panel = panel.merge(jp.reset_index(), on=["employee_id", "period"], how="left")
        panel["jp_credited"] = panel["jp_credited"].fillna(0.0).astype(float)
        year = idx // 4
        q4 = idx % 4 == 3
        complete_year = year * 4 >= period_index(self.first_period)
        yearly = facts.groupby(["employee_id", "year"], observed=True)["credited_jp"].sum()
        key = pd.MultiIndex.from_arrays([panel["employee_id"], year])
        jp_year = pd.Series(yearly.reindex(key).to_numpy(), index=panel.index).fillna(0.0)
        panel["meets_20jp"] = (jp_year >= JP_MINIMUM).astype(float).where(q4 & complete_year)
        return panel.reset_index(drop=True)

    @cached_property
    def enrollments(self) -> pd.DataFrame:
        """Decided enrollments of the employee-quarter rows; see the module docstring."""
        facts = self.facts
        cols = ["enrollment_id", "employee_id", "program_id", "period", "modality", "provider_type", "status",
                "pre_score", "gain"]
        decided = facts.loc[facts["decided"] & facts["period"].isin(self.quarters), cols]
        people = self.employee_quarters.drop(columns=["participation", "participated", "jp_credited",
                                                      "meets_20jp"])
        out = decided.merge(people, on=["employee_id", "period"], how="inner")
        out["completion"] = out["status"].eq("completed").astype(float)
        out["no_show"] = out["status"].eq("no_show").astype(float)
        out["learning_gain"] = out["gain"].astype(float)
        out["pre_score"] = out["pre_score"].astype(float)
        return out.reset_index(drop=True)

    def frame(self, level: Level) -> pd.DataFrame:
        """The frame for an outcome level."""
        if level == "unit_quarter":
            return self.unit_panel
        if level in ("employee_quarter", "employee_year"):
            return self.employee_quarters
        return self.enrollments


def window(h: Hypothesis, data: HypothesisData) -> tuple[str, str] | None:
    """The quarters a hypothesis uses: its ``periods`` cut to the data up to the run's period
    (``None`` when none of them has data)."""
    first, last = h.periods or (data.first_period, data.period)
    lo = max(period_index(first), period_index(data.first_period))
    hi = min(period_index(last), period_index(data.period))
    if lo > hi:
        return None
    labels = {period_index(q): q for q in data.quarters}
    return labels[lo], labels[hi]


def quarter_index(periods: pd.Series) -> pd.Series:
    """:func:`analysis.data.periods.period_index` of a column of quarters (each distinct one parsed once)."""
    text = periods.astype(str)
    return text.map({q: period_index(q) for q in text.unique()}).astype("int64")


def subset(frame: pd.DataFrame, h: Hypothesis, quarters: tuple[str, str]) -> pd.DataFrame:
    """Rows of ``frame`` in the hypothesis's quarters and filter."""
    idx = quarter_index(frame["period"]).to_numpy()
    keep = (idx >= period_index(quarters[0])) & (idx <= period_index(quarters[1]))
    for column, values in h.filter.items():
        keep &= frame[column].astype(str).isin(values).to_numpy(dtype=bool)
    return frame.loc[np.asarray(keep, dtype=bool)].reset_index(drop=True)
