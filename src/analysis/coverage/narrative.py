"""The sentences of notebook 20: scope, 20-JP compliance, participation, staff not reached,
and the year-on-year paragraph.

Every text comes from :mod:`analysis.coverage.messages`; intervals are written by
:mod:`analysis.text.phrases`; a group is "clearly" below or above only when its whole 95%
CI lies on that side (:func:`analysis.stats.verdict.direction`), and groups below the
minimum n (:data:`analysis.stats.verdict.MIN_N`) are never compared. The equity and
predictor sentences are in :mod:`analysis.coverage.narrative_models`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import numpy as np
import pandas as pd

from analysis.coverage import messages as msg
from analysis.coverage.rates import JP_PER_QUARTER_ON_TRACK, NOT_REACHED_QUARTERS
from analysis.coverage.tables import overall_row
from analysis.data.periods import format_period, shift_period
from analysis.stats.intervals import versus_rest
from analysis.stats.verdict import MIN_N, direction, enough_data
from analysis.text import fmt, phrases
from analysis.text.lang import Lang, pick
from analysis.text.phrases import message
from analysis.text.trends import year_on_year_paragraph
from analysis.text.words import NO_DATA

#: How many groups a sentence names at most.
LISTED_GROUPS = 5


def share_with_interval(row: pd.Series, col: str, lang: Lang) -> str:
    """``12,3% (IK 95% 10,1% s.d. 14,6%)``: the share ``col`` of ``row`` with its
    ``_ci_low``/``_ci_high``; ``tidak ada data`` / ``no data`` when the share is missing."""
    return phrases.with_interval(row[col], row[f"{col}_ci_low"], row[f"{col}_ci_high"], lang,
                                 lambda x: fmt.percent(x, lang), missing=pick(lang, NO_DATA))


def enough_staff(frame: pd.DataFrame, min_n: int = MIN_N, col: str = "active_staff") -> pd.Series:
    """Per row: does the group have at least ``min_n`` staff? (:func:`analysis.stats.verdict.enough_data`;
    a missing count is not enough)."""
    return frame[col].map(lambda n: enough_data(n, min_n)).astype(bool)


def clearly(groups: pd.DataFrame, col: str, side: str, compared: pd.Series, n_col: str = "active_staff") -> pd.DataFrame:
    """The ``compared`` rows of ``groups`` whose share ``col`` is clearly ``side``
    (``"higher"``/``"lower"``) of the rest of the scope.

    ``groups`` must partition the scope (every group, small ones too); counts are share ×
    ``n_col``. Each compared group is set against all the other groups together by
    :func:`analysis.stats.intervals.versus_rest`: a Newcombe interval of the difference at a
    Bonferroni level over the compared groups, read by :func:`analysis.stats.verdict.direction`.
    On groups that all share one rate, some group is named at most about 5% of the time
    (per scope, not per group).
    """
    n = groups[n_col].fillna(0).astype(float)
    x = (groups[col].astype(float) * n).fillna(0).round()
    chosen = compared.fillna(False).astype(bool).to_numpy()
    if not chosen.any():
        return groups.iloc[0:0]
    versus = versus_rest(x[chosen], n[chosen], float(x.sum()), float(n.sum()))
    sides = np.array([direction(lo, hi) for lo, hi in zip(versus["ci_low"], versus["ci_high"], strict=True)])
    return groups.loc[chosen].loc[sides == side]


def _listing(frame: pd.DataFrame, col: str, lang: Lang, label_col: str = "name", k: int = LISTED_GROUPS) -> str:
    """``Name A (12,3%), Name B (10,0%)``: the first ``k`` rows with their share."""
    return ", ".join(f"{r[label_col]} ({fmt.percent(r[col], lang)})" for _, r in frame.head(k).iterrows())


def scope_name(agency: str | None, names: pd.Series, lang: Lang = "id") -> str:
    """The scope in words: all agencies, or the agency's name (its id when it has none)."""
    if agency in (None, "all"):
        return pick(lang, msg.ALL_AGENCIES_SCOPE)
    return str(names.get(agency, agency))


def scope_statement(
    scope: str, period: str, n_employees: int, n_enrollments: int, lang: Lang = "id", min_n: int = MIN_N
) -> str:
    """The notebook's opening line: scope, quarter, records loaded and the "not enough data" rule."""
    return message(msg.SCOPE, lang, scope=scope, period=fmt.period_label(period, lang),
                   n_employees=fmt.number(n_employees, lang, 0), n_enrollments=fmt.number(n_enrollments, lang, 0),
                   min_n=min_n)


def _compliance_overall(city: pd.Series, period: str, lang: Lang) -> str:
    """The first sentence of :func:`compliance_statement`: the city's shares and mean JP."""
    year, quarter = int(period[:4]), int(period[-1])
    return message(
        msg.COMPLIANCE_OVERALL, lang, period=fmt.period_label(period, lang),
        share=share_with_interval(city, "share_meeting_20jp", lang),
        n_staff=fmt.number(int(city["active_staff"]), lang, 0), year=year,
        on_track=share_with_interval(city, "share_on_track", lang),
        need=fmt.number(JP_PER_QUARTER_ON_TRACK * quarter, lang, 0), quarter=quarter,
        plural="s" if quarter > 1 else "", jp_mean=fmt.number(city["jp_mean"], lang),
    )


def compliance_statement(
    overall: pd.DataFrame | pd.Series,
    groups: pd.DataFrame,
    period: str,
    by: str,
    lang: Lang = "id",
    min_n: int = MIN_N,
) -> str:
    """The 20-JP paragraph: overall shares with CIs, and groups clearly below or above.

    Parameters
    ----------
    overall
        :func:`analysis.coverage.rates.jp_compliance` with ``by=None`` (one row).
    groups
        :func:`analysis.coverage.tables.compliance_table` by ``by`` (``agency_id`` or ``unit_id``).
    period, by, lang, min_n
        The quarter, the grouping column, the language, and the smallest group
        compared (smaller ones are counted as "not enough data").

    Notes
    -----
    A group is "clearly below" (above) only when it differs clearly from the rest of
    the scope (:func:`clearly`: simultaneous over the groups compared); groups under
    ``min_n`` staff are never compared.
    """
    city = overall_row(overall, "overall")
    period = format_period(period)
    level = msg.level_word(by, lang)
    col = "share_meeting_20jp"
    enough = enough_staff(groups, min_n)
    big = groups.loc[enough]
    below = clearly(groups, col, "lower", enough).sort_values(col)
    above = clearly(groups, col, "higher", enough).sort_values(col, ascending=False)
    n_small = int((~enough).sum())
    parts = [_compliance_overall(city, period, lang)]
    if int(period[-1]) < 4:
        parts.append(pick(lang, msg.YEAR_TO_DATE))
    if len(below):
        parts.append(message(msg.CLEARLY_BELOW_OVERALL, lang, items=_listing(below, col, lang)))
    elif len(big) > 1:
        parts.append(message(msg.NONE_CLEARLY_BELOW, lang, level=msg.level_word_singular(by, lang)))
    if len(above):
        parts.append(message(msg.CLEARLY_ABOVE, lang, items=_listing(above, col, lang)))
    if n_small:
        counted = level if n_small > 1 else msg.level_word_singular(by, lang)
        parts.append(message(msg.SMALL_GROUPS, lang, count=n_small, level=counted, min_n=min_n))
    return " ".join(parts)


def participation_statement(
    overall: pd.DataFrame | pd.Series, groups: pd.DataFrame, period: str, lang: Lang = "id", min_n: int = MIN_N
) -> str:
    """The participation paragraph: the rate, completion / no-show / drop-out, groups clearly below.

    Parameters
    ----------
    overall
        :func:`analysis.coverage.rates.participation` with ``by=None`` (one row).
    groups
        :func:`analysis.coverage.tables.participation_table` (with ``name`` and ``active_staff``).

    Notes
    -----
    Completion rates are described only with at least ``min_n`` decided
    enrollments ("not enough data" otherwise); a group is "clearly below" only
    when it differs clearly from the rest (:func:`clearly`) and has ``min_n`` staff.
    """
    pc = overall_row(overall, "overall")
    plabel = fmt.period_label(format_period(period), lang)
    n_enr = int(pc["enrollments"])
    low_part = clearly(groups, "participation_rate", "lower", enough_staff(groups, min_n)).sort_values(
        "participation_rate"
    )
    parts = [message(msg.PARTICIPATION_OVERALL, lang, period=plabel,
                     rate=share_with_interval(pc, "participation_rate", lang))]
    if enough_data(n_enr, min_n):
        completed, no_show, dropped = (share_with_interval(pc, c, lang)
                                       for c in ("completion_rate", "no_show_rate", "dropout_rate"))
        parts.append(message(msg.ENROLLMENT_OUTCOMES, lang, n=fmt.number(n_enr, lang, 0), completed=completed,
                             no_show=no_show, dropped=dropped))
    else:
        parts.append(message(msg.FEW_ENROLLMENTS, lang, n=n_enr))
    if len(low_part):
        parts.append(message(msg.PARTICIPATION_CLEARLY_BELOW, lang,
                             items=_listing(low_part, "participation_rate", lang)))
    return " ".join(parts)


def not_reached_statement(
    overall: pd.DataFrame | pd.Series, by_unit: pd.DataFrame, period: str, lang: Lang = "id", min_staff: int = 10
) -> str:
    """The "not reached" paragraph: staff with no credited JP in the last
    :data:`analysis.coverage.rates.NOT_REACHED_QUARTERS` quarters, and the worst units.

    ``overall`` is :func:`analysis.coverage.rates.not_reached` with ``by=[]`` (one row),
    ``by_unit`` the frame by unit (sorted by share, largest first); the five first units
    with at least ``min_staff`` active staff are named.
    """
    nr_all = overall_row(overall, "overall")
    period = format_period(period)
    first = shift_period(period, -(NOT_REACHED_QUARTERS - 1))
    window = phrases.span(fmt.period_label(first, lang), fmt.period_label(period, lang), lang)
    worst = by_unit.loc[by_unit["active_staff"] >= min_staff].head(LISTED_GROUPS)
    if phrases.is_small_count(nr_all["not_reached"]):  # no count and no share (docs/disclosure.md)
        parts = [message(msg.NOT_REACHED_OVERALL_FEW, lang, count=phrases.staff_count(nr_all["not_reached"], lang),
                         window=window)]
    else:
        parts = [message(msg.NOT_REACHED_OVERALL, lang, count=fmt.number(nr_all["not_reached"], lang, 0),
                         share=share_with_interval(nr_all, "share_not_reached", lang), window=window)]
    if len(worst):
        items = ", ".join(message(msg.NOT_REACHED_UNIT, lang, unit=r["unit_name"],
                                  part=phrases.count_of_total(r["not_reached"], r["active_staff"], lang))
                          for _, r in worst.iterrows())
        parts.append(message(msg.NOT_REACHED_WORST, lang, min_staff=min_staff, items=items))
    return " ".join(parts)


def year_on_year_statement(
    yoy: pd.DataFrame,
    period: str,
    lang: Lang = "id",
    min_n: int = MIN_N,
    *,
    labels: Mapping[str, str] | None = None,
    shares: Collection[str] | None = None,
    decimals: int = 1,
) -> str:
    """The year-on-year paragraph (:func:`analysis.text.trends.year_on_year_paragraph`)
    with the coverage rates of :data:`analysis.coverage.messages.TREND_LABELS` unless
    ``labels`` names others."""
    if labels is None:
        labels = phrases.pick_all(msg.TREND_LABELS, lang)
    return year_on_year_paragraph(yoy, format_period(period), lang, labels, min_n,
                                  shares=shares, decimals=decimals)
