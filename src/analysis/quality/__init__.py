"""Data quality: what was loaded, how complete it is, and what changed since the previous
quarter's data. The data-quality notebook (``notebooks/00_data_quality.ipynb``) shows this at
the start of every report run, so a reader knows what the numbers rest on.

- :mod:`~analysis.quality.inventory`: input files with checksums, rows per table, missing
  values per contract column;
- :mod:`~analysis.quality.agencies`: per OPD, which data are there for the quarter, and the gap counts;
- :mod:`~analysis.quality.changes`: files and rows against the previous run's ``manifest.json``;
- :mod:`~analysis.quality.tables`: the tables shown, with labels and formats;
- :mod:`~analysis.quality.messages`: every text, as ``(id, en)`` pairs;
- :mod:`~analysis.quality.narrative`: the page's sentences;
- :mod:`~analysis.quality.codes`: result codes, units, :func:`record_results`;
- :mod:`~analysis.quality.plots`: the completeness chart (imported on its own).
"""

from analysis.quality.agencies import AgencyGaps, agency_completeness, agency_gaps
from analysis.quality.changes import compare_with_previous, file_state_counts, read_previous
from analysis.quality.codes import ROWS_CODE, record_results
from analysis.quality.inventory import completeness, loaded_files, optional_gaps, table_rows
from analysis.quality.messages import table_text

__all__ = [
    "ROWS_CODE",
    "AgencyGaps",
    "agency_completeness",
    "agency_gaps",
    "compare_with_previous",
    "completeness",
    "file_state_counts",
    "loaded_files",
    "optional_gaps",
    "read_previous",
    "record_results",
    "table_rows",
    "table_text",
]
