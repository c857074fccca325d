"""The set-up every analysis notebook shares: one call after the ``parameters`` cell.

.. code-block:: python

    from analysis.notebook import setup
    nb = setup("20_coverage_participation", data_dir=data_dir, period=period, lang=lang,
               agency=agency, output_dir=output_dir, cache_dir=cache_dir)
    ds, rec, lang, period = nb.scoped, nb.recorder, nb.lang, nb.period
    nb.show_table(table)  # a table on the page, through the disclosure policy

It checks the parameters (language, quarter, agency), loads and validates the dataset once,
restricts it to the agency when one is given, applies the chart theme and returns the
recorder for the notebook's key numbers. A bad parameter raises a ``ValueError`` that names
the parameter and the allowed values, before any analysis runs.

Small data never stop a notebook: a section whose tables have no rows is skipped with one
plain sentence saying what could not be computed and why (:meth:`NotebookContext.needs`,
:meth:`NotebookContext.not_enough`), so the report always completes on a valid dataset::

    if nb.needs("budget", what=budget.SECTION_NAME):
        ...  # the section
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.charts.theme import apply_theme
from analysis.data.dataset import Dataset
from analysis.data.io import load_dataset
from analysis.data.paths import resolve
from analysis.data.periods import format_period
from analysis.data.results import ResultsRecorder
from analysis.data.scope import ALL_AGENCIES, restrict_to_agency
from analysis.data.sources import resolve_data
from analysis.text import fmt
from analysis.text.html import table_html
from analysis.text.lang import Lang, check_lang, pick
from analysis.text.words import NOT_ENOUGH_DATA

Pair = tuple[str, str]

#: "<what>: data belum cukup (<reason>)." shown in place of a skipped section.
SKIPPED_SECTION: Pair = ("*{what}: {not_enough} ({reason}).*", "*{what}: {not_enough} ({reason}).*")
#: The reason when tables have no rows in the notebook's scope.
NO_ROWS: Pair = ("tidak ada baris di tabel {tables}", "no rows in table {tables}")
#: The reason when a needed table was not supplied.
ABSENT: Pair = ("tabel {tables} tidak disertakan", "table {tables} was not supplied")


def skip_note(lang: Lang, what: str, reason: str) -> str:
    """"*<what>: data belum cukup (<reason>).*" (Markdown), the line shown in place of a section."""
    return pick(lang, SKIPPED_SECTION).format(what=what, not_enough=pick(lang, NOT_ENOUGH_DATA), reason=reason)


def missing_reason(ds: Dataset, tables: tuple[str, ...], lang: Lang) -> str | None:
    """Why a section needing ``tables`` cannot run on ``ds`` (absent or empty tables), or ``None``."""
    absent, empty = lacking_tables(ds, tables)
    reasons = [pick(lang, ABSENT).format(tables=", ".join(absent))] if absent else []
    if empty:
        reasons.append(pick(lang, NO_ROWS).format(tables=", ".join(empty)))
    return "; ".join(reasons) or None


def lacking_tables(ds: Dataset, tables: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Of ``tables``, those absent from ``ds`` (``None``, an optional table) and those without rows."""
    absent = [t for t in tables if getattr(ds, t) is None]
    empty = [t for t in tables if t not in absent and len(getattr(ds, t)) == 0]
    return absent, empty


@dataclass(frozen=True)
class NotebookContext:
    """What a notebook works with after :func:`setup`.

    ``dataset`` is the whole city; ``scoped`` is the part of one agency (the same object as
    ``dataset`` when ``agency`` is ``None``, the city).
    """

    notebook: str
    lang: Lang
    period: str
    agency: str | None
    data_path: Path | str  # a folder or file, or a database URL
    output_dir: Path
    dataset: Dataset
    scoped: Dataset
    recorder: ResultsRecorder

    @property
    def period_label(self) -> str:
        """``Triwulan III 2026`` / ``Q3 2026``."""
        return fmt.period_label(self.period, self.lang)

    @property
    def per_agency(self) -> bool:
        """True when the notebook runs for one agency rather than the city."""
        return self.agency is not None

    def table_html(self, frame: pd.DataFrame, *, formats: Mapping[str, Callable[[Any], str] | str] | None = None,
                   labels: Mapping[str, str] | None = None, caption: str | None = None) -> str:
        """A table for the notebook's page, through the disclosure policy of the recorder.

        :func:`analysis.text.html.table_html` in the notebook's language: counts of people
        below k and the rates that reveal them are shown as ``<5``, the cells hidden to
        protect them as ``x``, with a footnote per mark (``docs/disclosure.md``).
        """
        return table_html(frame, lang=self.lang, formats=formats, labels=labels, caption=caption,
                          policy=self.recorder.policy)

    def show_table(self, frame: pd.DataFrame, *, formats: Mapping[str, Callable[[Any], str] | str] | None = None,
                   labels: Mapping[str, str] | None = None, caption: str | None = None) -> None:
        """Display a table on the notebook's page: the one way a notebook shows a table
        (:meth:`table_html`, so no table reaches the page without disclosure control)."""
        from IPython.display import HTML, display

        display(HTML(self.table_html(frame, formats=formats, labels=labels, caption=caption)))
    def not_enough(self, what: str, reason: str) -> bool:
        """Show "*<what>: data belum cukup (<reason>).*" in place of a section; ``False``.

        ``what`` names the section and ``reason`` says what is lacking, both in the
        notebook's language. Returns ``False`` so a guard reads
        ``ready = enough or nb.not_enough(...)``.
        """
        from IPython.display import Markdown, display

        display(Markdown(skip_note(self.lang, what, reason)))
        return False

    def needs(self, *tables: str, what: str) -> bool:
        """``True`` when each of ``tables`` has rows in the notebook's scope; else say why, ``False``.

        The one rule for a section that cannot run without some tables' rows (an
        optional table not supplied, or a table the contract allows empty, e.g. no
        budget rows): the section is skipped and :meth:`not_enough` names the tables.
        """
        reason = missing_reason(self.scoped, tables, self.lang)
        return True if reason is None else self.not_enough(what, reason)


def setup(
    notebook: str,
    *,
    data_dir: str | Path,
    period: str,
    lang: str,
    output_dir: str | Path,
    agency: str | None = ALL_AGENCIES,
    cache_dir: str | Path | None = None,
    recorder_name: str | None = None,
    theme: bool = True,
) -> NotebookContext:
    """Check the parameters, load the data, scope it to ``agency`` and start the recorder.

    Parameters
    ----------
    notebook
        The notebook's name (``20_coverage_participation``); the recorder writes under it
        unless ``recorder_name`` is given (the brief records per agency).
    data_dir, output_dir, cache_dir
        As the notebook's parameters; relative paths resolve against the project root
        (:func:`analysis.data.paths.resolve`). ``data_dir`` may be a database URL
        (:mod:`analysis.data.sources`).
    period, lang, agency
        The quarter (``2026Q3``), the language (``id``/``en``) and an agency_id or
        ``"all"``/``None`` for the city.

    Raises
    ------
    ValueError
        For an unknown language, a malformed quarter or an agency_id not in the data.
    analysis.DataValidationError
        When the data break the contract.
    """
    checked_lang = check_lang(lang)
    checked_period = format_period(period)
    data_path = resolve_data(data_dir)
    dataset = load_dataset(data_path, cache_dir=cache_dir)
    scoped = restrict_to_agency(dataset, agency)
    if theme:
        apply_theme()
    return NotebookContext(
        notebook=notebook,
        lang=checked_lang,
        period=checked_period,
        agency=None if agency in (None, ALL_AGENCIES) else agency,
        data_path=data_path,
        output_dir=resolve(output_dir),
        dataset=dataset,
        scoped=scoped,
        recorder=ResultsRecorder(recorder_name or notebook),
    )
