"""The loader's words on screen: every data problem grouped and located, and the summary of a dataset.

:func:`format_issues` is what ``kompetensi validate`` (and a report that stops on bad
data) prints: problems grouped by table, column and message with their rows, so
thousands of problems stay readable. :func:`format_summary` is the one screen printed
when the data are valid. Both speak ``lang`` through the message catalogue
(:mod:`analysis.data.messages`).
"""

from __future__ import annotations

from analysis.data.contract import CONTRACT_VERSION
from analysis.data.dataset import Dataset
from analysis.data.errors import Issue
from analysis.data.messages import counted, number_text, render, say


def format_issues(issues: list[Issue], max_rows: int = 40, lang: str = "en") -> str:
    """Issues as a readable text table, grouped by (table, column, message) with counts, in ``lang``.

    A problem alone in its group is one line: ``[file, row N] table.column: [value]
    message``. A larger group shows the file(s), the count, the message and the
    first ``max_rows`` rows with their values, so thousands of problems stay readable.
    Messages of the catalogue (:mod:`analysis.data.messages`) are shown in ``lang``
    (``"id"`` or ``"en"``); others in English.
    """
    groups: dict[tuple[str, str | None, str], list[Issue]] = {}
    for issue in issues:
        groups.setdefault((issue.table, issue.column, issue.message), []).append(issue)
    lines = [say("issues_head", lang, problems=counted("data_problems", len(issues), lang),
                 groups=counted("groups", len(groups), lang)), ""]
    for (table, column, message), items in groups.items():
        text = render(message, lang)
        files = list(dict.fromkeys(i.file for i in items if i.file))
        where = files[0] if len(files) == 1 else (say("more_files", lang, file=files[0], n=len(files) - 1) if files else table)
        target = f"{table}.{column}" if column else table
        if len(items) == 1:  # one problem, one line
            one = items[0]
            at = say("issue_row", lang, where=where, row=one.row) if one.row is not None else where
            value = f" [{render(one.value, lang)}]" if one.value is not None else ""
            lines.append(f"[{at}] {target}:{value} {text}")
            continue
        if lines[-1]:
            lines.append("")
        lines.append(f"[{where}] {target}: {counted('problems', len(items), lang)}")
        lines.append(f"    {text}")
        with_rows = [i for i in items if i.row is not None]
        if with_rows:
            shown = ", ".join(
                f"{i.row}" + (f" ({render(i.value, lang)})" if i.value is not None else "") for i in with_rows[:max_rows]
            )
            more = len(with_rows) - max_rows
            lines.append("    " + say("rows_listed", lang, rows=shown) + (say("and_more", lang, n=more) if more > 0 else ""))
        lines.append("")
    if lines[-1]:
        lines.append("")
    if any(str(i.file or "").endswith(".parquet") for i in issues):
        lines.append(say("parquet_rows", lang))
    if any(" (row = " not in str(i.file) for i in issues):
        lines.append(say("rows_numbered", lang))
    if any(" (row = " in str(i.file) for i in issues):
        lines.append(say("database_rows", lang))
    return "\n".join(lines)


def format_summary(ds: Dataset, seconds: float | None = None, lang: str = "en") -> str:
    """A one-screen summary of a loaded dataset (rows per table, periods, agencies, warnings), in ``lang``."""
    s = ds.summary()
    took = f" ({number_text(seconds, lang, '.1f')} s)" if seconds is not None else ""
    lines = [say("summary_ok", lang, source=ds.source, version=CONTRACT_VERSION, took=took)]
    lines.append("")
    lines.append(say("summary_rows", lang))
    for name, count in s["rows"].items():  # type: ignore[union-attr]
        lines.append(f"  {name:<16} {number_text(count, lang, '>10,')}")
    if ds.survey is None:
        lines.append(f"  {'survey':<16} {say('summary_absent', lang):>10}")
    lines.append("")
    lines.append(say("summary_periods", lang, first=s["first_period"], last=s["latest_period"]))
    lines.append(say("summary_agencies", lang, agencies=s["agencies"], units=s["units"]))
    lines.append(say("summary_employees", lang, n=s["employees"]))
    if ds.warnings:
        lines.append("")
        lines.append(say("summary_warnings", lang, n=len(ds.warnings)))
        lines += [f"  - {render(w, lang)}" for w in ds.warnings]
    return "\n".join(lines)
