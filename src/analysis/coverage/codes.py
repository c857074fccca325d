"""Result codes of the coverage and participation area (``results.json``), their units, and
:func:`record_results`, which notebook 20 calls once to record them.

The brief reads :data:`PARTICIPATION_OR_HEAD_TRAINED` back with the same name.
"""

from __future__ import annotations

import pandas as pd

from analysis.coverage.predictors import leadership
from analysis.coverage.tables import overall_row
from analysis.data.results import ResultsRecorder
from analysis.data.scope import ALL_AGENCIES

SHARE_MEETING_20JP: str = "coverage.share_meeting_20jp"
SHARE_ON_TRACK: str = "coverage.share_on_track"
JP_MEAN: str = "coverage.jp_mean"
PARTICIPATION_RATE: str = "coverage.participation_rate"
COMPLETION_RATE: str = "coverage.completion_rate"
NO_SHOW_RATE: str = "coverage.no_show_rate"
DROPOUT_RATE: str = "coverage.dropout_rate"
SHARE_NOT_REACHED: str = "coverage.share_not_reached"
NOT_REACHED: str = "coverage.not_reached"
#: Odds ratio of a staff member taking part when the unit head trained last quarter.
PARTICIPATION_OR_HEAD_TRAINED: str = "coverage.participation_or_head_trained"
#: Odds ratio of taking part after one's own performance award (previous four quarters).
PARTICIPATION_OR_AWARD: str = "coverage.participation_or_award"
#: Odds ratio of taking part when a colleague in the unit was awarded.
PARTICIPATION_OR_UNIT_AWARD: str = "coverage.participation_or_unit_award"
#: Odds ratio of taking part per survey point of learning motivation.
PARTICIPATION_OR_MOTIVATION: str = "coverage.participation_or_motivation"

#: Recorded result codes of the leadership odds ratios (participation model): term -> code.
LEADERSHIP_CODES: dict[str, str] = {
    "head_participated_prev_quarter": PARTICIPATION_OR_HEAD_TRAINED,
    "award_prev_4q": PARTICIPATION_OR_AWARD,
    "unit_award_prev_4q": PARTICIPATION_OR_UNIT_AWARD,
}

#: The unit of every code (:class:`analysis.data.results.KeyNumber`).
UNITS: dict[str, str] = {
    SHARE_MEETING_20JP: "share",
    SHARE_ON_TRACK: "share",
    JP_MEAN: "jp",
    PARTICIPATION_RATE: "share",
    COMPLETION_RATE: "share",
    NO_SHOW_RATE: "share",
    DROPOUT_RATE: "share",
    SHARE_NOT_REACHED: "share",
    NOT_REACHED: "count",
    PARTICIPATION_OR_HEAD_TRAINED: "ratio",
    PARTICIPATION_OR_AWARD: "ratio",
    PARTICIPATION_OR_UNIT_AWARD: "ratio",
    PARTICIPATION_OR_MOTIVATION: "ratio",
}

_LEADERSHIP_NOTE = "odds ratio, logit with unit-clustered SEs"
_MOTIVATION_NOTE = "odds ratio per survey point"


def _record_share(rec: ResultsRecorder, code: str, row: pd.Series, col: str, n: int, **where: str | None) -> None:
    """Record the share ``col`` of ``row`` with its ``_ci_low``/``_ci_high`` under ``code``."""
    rec.record(code, row[col], row[f"{col}_ci_low"], row[f"{col}_ci_high"], n=n, unit=UNITS[code], **where)


def _record_odds_ratio(rec: ResultsRecorder, code: str, row: pd.Series, note: str, **where: str | None) -> None:
    """Record the odds ratio of a predictor row with its 95% CI and the model's n."""
    rec.record(code, row["odds_ratio"], row["ratio_ci_low"], row["ratio_ci_high"], n=int(row["nobs"]),
               unit=UNITS[code], note=note, **where)


def _record_predictors(rec: ResultsRecorder, predictors: pd.DataFrame, **where: str | None) -> None:
    """The leadership odds ratios of the participation model and the motivation odds ratio."""
    lead = leadership(predictors)
    for _, r in lead.loc[lead["model"].eq("participation")].iterrows():
        _record_odds_ratio(rec, LEADERSHIP_CODES[r["term"]], r, _LEADERSHIP_NOTE, **where)
    mot = predictors.loc[predictors["model"].eq("participation_survey") & predictors["term"].eq("learning_motivation")]
    if len(mot):
        _record_odds_ratio(rec, PARTICIPATION_OR_MOTIVATION, mot.iloc[0], _MOTIVATION_NOTE, **where)


def record_results(
    rec: ResultsRecorder,
    period: str,
    agency: str | None,
    compliance: pd.DataFrame | pd.Series,
    participation: pd.DataFrame | pd.Series,
    not_reached: pd.DataFrame | pd.Series,
    predictors: pd.DataFrame,
) -> None:
    """Record notebook 20's key numbers, in this order: the 20-JP shares and mean JP, the
    participation and enrollment-outcome rates, the staff not reached, and the odds ratios.

    Parameters
    ----------
    rec
        The notebook's recorder.
    period
        The quarter (``2026Q3``).
    agency
        The notebook's scope: an agency_id (the numbers' group) or ``"all"``/``None``
        (the city: no group).
    compliance, participation, not_reached
        The one-row overall results (``by=None``) of :func:`analysis.coverage.rates.jp_compliance`,
        :func:`analysis.coverage.rates.participation` and :func:`analysis.coverage.rates.not_reached`.
    predictors
        :func:`analysis.coverage.predictors.participation_predictors` (empty when the models
        could not be fitted: no odds ratio is recorded then).

    Notes
    -----
    The participation rate is recorded with ``n`` = active staff (its denominator); the
    enrollment-outcome rates with ``n`` = decided enrollments.
    """
    where = {"period": period, "group": None if agency in (None, ALL_AGENCIES) else agency}
    city = overall_row(compliance, "compliance")
    n_staff = int(city["active_staff"])
    _record_share(rec, SHARE_MEETING_20JP, city, "share_meeting_20jp", n_staff, **where)
    _record_share(rec, SHARE_ON_TRACK, city, "share_on_track", n_staff, **where)
    rec.record(JP_MEAN, city["jp_mean"], n=n_staff, unit=UNITS[JP_MEAN], **where)
    pc = overall_row(participation, "participation")
    _record_share(rec, PARTICIPATION_RATE, pc, "participation_rate", n_staff, **where)
    n_enr = int(pc["enrollments"])
    for code, col in ((COMPLETION_RATE, "completion_rate"), (NO_SHOW_RATE, "no_show_rate"),
                      (DROPOUT_RATE, "dropout_rate")):
        _record_share(rec, code, pc, col, n_enr, **where)
    nr = overall_row(not_reached, "not_reached")
    _record_share(rec, SHARE_NOT_REACHED, nr, "share_not_reached", int(nr["active_staff"]), **where)
    rec.record(NOT_REACHED, nr["not_reached"], n=int(nr["active_staff"]), unit=UNITS[NOT_REACHED], **where)
    if len(predictors):
        _record_predictors(rec, predictors, **where)
