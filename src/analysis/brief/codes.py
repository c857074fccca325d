"""Result codes of the brief (``results.json``): what it records, and reading recorded numbers back.

The brief records every headline number as ``headline.<code>`` (group = the OPD for
an OPD's brief) and four numbers of its sections as ``brief.*``
(:func:`record_results`, called once by the notebook). It reads back what the
analysis notebooks recorded (:func:`recorded`; the service-link effects of
:mod:`analysis.linkage.codes` and the unit-head odds ratio of
:mod:`analysis.coverage.codes`), and an OPD's brief reads the city's headline
numbers when the city brief recorded them (:func:`city_from_results`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.brief.messages import text
from analysis.brief.metrics import METRICS
from analysis.data.results import ResultsRecorder
from analysis.text.lang import Lang

#: Prefix of the headline numbers' codes: ``headline.jp20_compliance``.
HEADLINE_PREFIX: str = "headline"
#: Share of credited JP from programmes designed for the employee's sector (four quarters).
SHARE_JP_TARGET_SECTOR: str = "brief.share_jp_target_sector"
#: Money needed to bring every active ASN to 20 JP this year (IDR, 95% CI).
FUNDING_GAP_IDR: str = "brief.funding_gap_idr"
#: Share of active ASN with no JP in the last four quarters.
NOT_REACHED: str = "brief.not_reached"
#: Odds ratio of staff taking part when the unit head trained the quarter before.
HEAD_ODDS_RATIO: str = "brief.head_odds_ratio"
#: Name of the key table of the coverage trend (``tables.xlsx``).
TREND_TABLE: str = "brief_trend"
#: Folder of an OPD brief's output where the report puts a copy of the city brief's key
#: tables (``tables/``), so the OPD's brief reads the city's trend instead of recomputing it
#: (:func:`analysis.brief.numbers.city_trend_from_tables`).
CITY_TABLES_DIR: str = "city_tables"


def headline_code(metric: str) -> str:
    """``headline.<metric>``: the code a headline number is recorded under."""
    return f"{HEADLINE_PREFIX}.{metric}"


def recorded(
    rows: Sequence[Mapping[str, Any]], code: str, period: str | None = None, group: str | None = None
) -> dict[str, Any] | None:
    """The number recorded under ``code`` (and ``period``/``group``) by a notebook, or ``None``.

    ``rows`` is :func:`analysis.data.results.read_results` output. When several
    notebooks recorded the code, the last one read wins.
    """
    found = None
    for row in rows:
        if row.get("code") != code or row.get("group") != group:
            continue
        if period is not None and row.get("period") not in (None, period):
            continue
        found = dict(row)
    return found


def city_from_results(rows: Sequence[Mapping[str, Any]], period: str) -> pd.DataFrame | None:
    """The city's headline ``code``/``estimate`` frame recorded by the city brief, if complete.

    Lets each OPD's brief show the city's values without recomputing them.
    Returns ``None`` unless every headline code was recorded for ``period``.
    """
    values = {}
    for spec in METRICS:
        row = recorded(rows, headline_code(spec.code), period)
        if row is None:
            return None
        values[spec.code] = math.nan if row.get("estimate") is None else float(row["estimate"])
    return pd.DataFrame({"code": list(values), "estimate": list(values.values())})


#: Headline numbers whose ``n`` counts service units, not people (means over the units
#: reporting a service metric): not subject to disclosure control (``docs/disclosure.md``).
UNIT_BASED_CODES: frozenset[str] = frozenset({"ikm", "processing_days"})


def record_headline(recorder: ResultsRecorder, frame: pd.DataFrame) -> None:
    """Record every headline number as ``headline.<code>`` (group = scope) in a ResultsRecorder;
    the service means of :data:`UNIT_BASED_CODES` are recorded with ``n_of="units"``."""
    for row in frame.itertuples(index=False):
        recorder.record(
            headline_code(row.code),
            row.estimate,
            None if math.isnan(row.ci_low) else row.ci_low,
            None if math.isnan(row.ci_high) else row.ci_high,
            n=None if pd.isna(row.n) else int(row.n),
            unit=row.unit,
            period=row.period,
            group=None if row.scope == "city" else row.scope,
            note=f"status={row.status}; target={row.target}",
            n_of="units" if row.code in UNIT_BASED_CODES else "people",
        )


def record_results(
    rec: ResultsRecorder,
    period: str,
    head: pd.DataFrame,
    *,
    funding_gap: Mapping[str, Any],
    not_reached: tuple[int, int, float],
    relevance: Mapping[str, Any] | None = None,
    head_effect: Mapping[str, Any] | None = None,
) -> None:
    """Record the brief's numbers, in the order the brief shows them.

    Parameters
    ----------
    rec
        The notebook's recorder.
    period
        The quarter Q.
    head
        :func:`analysis.brief.numbers.headline_numbers`: each row as ``headline.<code>``.
    funding_gap
        The city row of :func:`analysis.budget.funding_gap` (``gap_idr``, its CI,
        ``active_staff``): :data:`FUNDING_GAP_IDR`.
    not_reached
        :func:`analysis.brief.frames.not_reached_total` (count, active staff, share):
        :data:`NOT_REACHED` (no estimate when there are no active staff).
    relevance
        The row of :func:`analysis.outcomes.relevance` (city brief only):
        :data:`SHARE_JP_TARGET_SECTOR`.
    head_effect
        The unit-head odds ratio the leadership section showed (city brief only):
        :data:`HEAD_ODDS_RATIO`.
    """
    record_headline(rec, head)
    if relevance is not None:
        rec.record(SHARE_JP_TARGET_SECTOR, relevance["share_jp_target_sector"], n=int(relevance["enrollments"]),
                   unit="share", period=period)
    rec.record(FUNDING_GAP_IDR, funding_gap["gap_idr"], funding_gap["gap_ci_low"], funding_gap["gap_ci_high"],
               n=int(funding_gap["active_staff"]), unit="idr", period=period)
    _, total_staff, share = not_reached
    rec.record(NOT_REACHED, share if total_staff else None, n=total_staff, unit="share", period=period)
    if head_effect:
        rec.record(HEAD_ODDS_RATIO, head_effect["estimate"], head_effect["ci_low"], head_effect["ci_high"],
                   n=head_effect["n"], unit="ratio", period=period)


def save_tables(rec: ResultsRecorder, output_dir: str | Path, trend: pd.DataFrame, lang: Lang) -> None:
    """Save the city brief's key table for ``tables.xlsx``: the coverage trend (:data:`TREND_TABLE`)."""
    rec.table(TREND_TABLE, trend, output_dir, title=text("trend_table_title", lang), note=text("trend_table_note", lang))
