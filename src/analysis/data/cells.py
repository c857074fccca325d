"""A cell's text, the way a spreadsheet shows it: the one rule shared by workbooks and databases.

Every table is validated as text (:mod:`analysis.data.validate`), so a typed value read
from an XLSX cell (:mod:`analysis.data.readers`) or a database column
(:mod:`analysis.data.sources`) is first written the way the spreadsheet would show it:
integers as digits, booleans ``TRUE``/``FALSE``, dates ``yyyy-mm-dd``. Whether the value
was stored as a floating-point number is kept beside the text, so a NIP stored as a float
(its last digits lost) is an error rather than a silently wrong identifier.
"""

from __future__ import annotations

import datetime as dt


def cell_text(v: object) -> tuple[str | None, bool]:
    """Text of a cell, and whether it was stored as a floating-point number.

    ``None`` and NaN are missing; a float with no fraction (below 1e21) is written as an
    integer, any other float by ``repr``; datetimes keep only their date.
    """
    if v is None:
        return None, False
    if isinstance(v, str):
        return v, False
    if isinstance(v, bool):
        return ("TRUE" if v else "FALSE"), False
    if isinstance(v, int):
        return str(v), False
    if isinstance(v, float):
        if v != v:  # NaN
            return None, False
        return (str(int(v)) if v.is_integer() and abs(v) < 1e21 else repr(v)), True
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d"), False
    if isinstance(v, dt.date):
        return v.isoformat(), False
    return str(v), False
