"""``kompetensi report --internal``: per-employee lists for the team, outside the report.

The quarterly report never holds a per-person row (``docs/disclosure.md``). With
``--internal`` the run also writes lists the HR office acts on into
``<out>/internal/<period>/`` (default ``reports/internal/<period>/``), a folder outside
``reports/<period>/`` that the index does not link and the privacy audit does not read:

- ``staff-below-20jp.xlsx``: :func:`analysis.coverage.staff_lists.staff_below_target`, one
  row per active employee below the 20-JP minimum, identified by pseudonym only;
- ``README.txt``: what the folder is and that it must not leave the team.

Each file starts with the warning :data:`analysis.report.messages.INTERNAL_WARNING`; the
report's ``manifest.json`` records that the lists were written (folder, files, rows), never
their content. Off by default.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from analysis.coverage.staff_lists import staff_below_target
from analysis.report import messages as msg
from analysis.text import fmt
from analysis.text.lang import Lang, check_lang, pick

#: The folder of internal lists under the reports folder (never inside a period's report).
INTERNAL_DIR = "internal"
BELOW_TARGET_FILE = "staff-below-20jp.xlsx"
README_FILE = "README.txt"


def write_internal_lists(dataset: Any, period: str, out: Path, lang: Lang = "id") -> dict[str, Any]:
    """Write the internal lists of ``period`` to ``out/internal/<period>/``; what the manifest records.

    Returns ``{"folder": "internal/<period>", "files": [...], "rows": {file: n}, "warning": ...}``
    (relative to ``out``; no personal data).
    """
    import xlsxwriter

    lang = check_lang(lang)
    folder = Path(out) / INTERNAL_DIR / period
    folder.mkdir(parents=True, exist_ok=True)
    warning = pick(lang, msg.INTERNAL_WARNING)
    below = staff_below_target(dataset, period)
    target = folder / BELOW_TARGET_FILE
    tmp = folder / f".{BELOW_TARGET_FILE}.tmp"
    book = xlsxwriter.Workbook(str(tmp), {"nan_inf_to_errors": True})
    try:
        sheet = book.add_worksheet("internal")
        sheet.write(0, 0, warning, book.add_format({"bold": True, "font_color": "#B2182B"}))
        sheet.write(1, 0, pick(lang, msg.INTERNAL_BELOW_TARGET).format(period=fmt.period_label(period, lang)))
        bold = book.add_format({"bold": True})
        for col, name in enumerate(below.columns):
            sheet.write(3, col, name, bold)
        for row, record in enumerate(below.itertuples(index=False, name=None), start=4):
            for col, value in enumerate(record):
                value = value.item() if hasattr(value, "item") else value
                if value is None or value is pd.NA or (isinstance(value, float) and value != value):
                    continue
                sheet.write(row, col, value)
        sheet.freeze_panes(4, 0)
        book.close()
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
    (folder / README_FILE).write_text(warning + "\n\n" + pick(lang, msg.INTERNAL_BELOW_TARGET).format(
        period=fmt.period_label(period, lang)) + f"\n{BELOW_TARGET_FILE}\n", encoding="utf-8")
    return {"folder": f"{INTERNAL_DIR}/{period}", "files": [BELOW_TARGET_FILE, README_FILE],
            "rows": {BELOW_TARGET_FILE: len(below)}, "warning": pick("en", msg.INTERNAL_WARNING)}
