"""Result codes of the data-quality area (``results.json``), their units, and
:func:`record_results`, which notebook 00 calls once to record them.

The next quarter's report reads the ``data_quality.rows.<table>`` numbers back
(:func:`analysis.quality.changes.read_previous`) to say how the data grew.
"""

from __future__ import annotations

import pandas as pd

from analysis.data.results import ResultsRecorder
from analysis.quality.agencies import AgencyGaps

#: Prefix of the rows loaded per table: ``data_quality.rows.<table>``.
ROWS_CODE = "data_quality.rows."
#: Warnings the loader gave.
WARNINGS = "data_quality.warnings"
#: Share of enrollments without a post-training score.
SHARE_MISSING_POST_SCORE = "data_quality.share_missing_post_score"
#: Agencies with no service metrics in the quarter.
AGENCIES_WITHOUT_SERVICE_METRICS = "data_quality.agencies_without_service_metrics"
#: Agencies with no allocation for the quarter's year.
AGENCIES_WITHOUT_BUDGET = "data_quality.agencies_without_budget"
#: Input files changed or new since the previous report.
FILES_CHANGED = "data_quality.files_changed"

#: The unit of every code (``data_quality.rows.<table>`` counts too).
UNITS: dict[str, str] = {
    ROWS_CODE: "count",
    WARNINGS: "count",
    SHARE_MISSING_POST_SCORE: "share",
    AGENCIES_WITHOUT_SERVICE_METRICS: "count",
    AGENCIES_WITHOUT_BUDGET: "count",
    FILES_CHANGED: "count",
}


def rows_code(table: str) -> str:
    """``data_quality.rows.<table>``."""
    return f"{ROWS_CODE}{table}"


def record_results(
    rec: ResultsRecorder,
    period: str,
    rows: pd.DataFrame,
    n_warnings: int,
    optional_gaps: pd.DataFrame,
    agency_gaps: AgencyGaps,
    file_states: dict[str, int] | None = None,
) -> None:
    """Record notebook 00's numbers, in this order: rows per table, loader warnings, the
    share of missing post scores, agencies without service metrics / budget, changed files.

    Parameters
    ----------
    rec
        The notebook's recorder.
    period
        The quarter.
    rows
        :func:`analysis.quality.inventory.table_rows`.
    n_warnings
        How many warnings the loader gave.
    optional_gaps
        :func:`analysis.quality.inventory.optional_gaps` (the post-score share is recorded
        when the enrollments' ``post_score`` is in it).
    agency_gaps
        :func:`analysis.quality.agencies.agency_gaps` (agencies without service metrics and
        without budget are recorded, with the number of agencies as ``n``).
    file_states
        :func:`analysis.quality.changes.file_state_counts` against the previous report, or
        ``None`` without one (nothing recorded then); changed and new files are recorded.
    """
    for r in rows.itertuples(index=False):
        rec.record(rows_code(r.table), r.rows, unit=UNITS[ROWS_CODE], period=period, note="rows loaded")
    rec.record(WARNINGS, n_warnings, unit=UNITS[WARNINGS], period=period)
    gaps = optional_gaps.set_index(["table", "column"])
    if ("enrollments", "post_score") in gaps.index:
        post = gaps.loc[("enrollments", "post_score")]
        rec.record(SHARE_MISSING_POST_SCORE, post["share_missing"], unit=UNITS[SHARE_MISSING_POST_SCORE],
                   period=period, n=int(post["rows"]))
    rec.record(AGENCIES_WITHOUT_SERVICE_METRICS, agency_gaps.without_service_metrics, n=agency_gaps.agencies,
               unit=UNITS[AGENCIES_WITHOUT_SERVICE_METRICS], period=period)
    rec.record(AGENCIES_WITHOUT_BUDGET, agency_gaps.without_budget, n=agency_gaps.agencies,
               unit=UNITS[AGENCIES_WITHOUT_BUDGET], period=period)
    if file_states is not None:
        changed = file_states["changed"] + file_states["new"]
        rec.record(FILES_CHANGED, changed, unit=UNITS[FILES_CHANGED], period=period)
