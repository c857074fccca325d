"""Input files checked before they are parsed: what a file really is, damage, hostile sizes.

Real exports arrive damaged as often as wrong: a 0-byte file, an Excel workbook
saved under a ``.csv`` name, a truncated download, text in UTF-16, a file from an
old Mac with carriage returns only. Each function here either returns what the
parser needs or raises :class:`~analysis.data.errors.FileProblem` with a message
that says what to do, so the loader reports the file by name instead of a
traceback.

What a file is comes from its first bytes, never from its name: ``PK\\x03\\x04`` is a
ZIP container (XLSX), ``D0 CF 11 E0`` an old binary Excel ``.xls`` (OLE2),
``PAR1`` Parquet; anything else is read as text.

Ceilings (refused before anything is allocated)
-----------------------------------------------
- A text (CSV) file: at most :data:`MAX_TEXT_BYTES` (1 GiB).
- A workbook: at most :data:`MAX_WORKBOOK_BYTES` (256 MiB) on disk, and the ZIP's
  declared uncompressed sizes add up to at most :data:`MAX_EXPANDED_BYTES` (1 GiB);
  a part larger than :data:`RATIO_CHECKED_BYTES` (16 MiB) expanded may not expand
  more than :data:`MAX_COMPRESSION_RATIO` (100) times. Real workbooks expand about
  5-15 times; a "shared-strings bomb" (0.4 MB expanding to ~20 GB) expands 50,000
  times. Python's :mod:`zipfile`, which openpyxl reads through, never returns more
  bytes than a part declares (and fails its CRC check otherwise), so the declared
  sizes bound the memory used.
- A cell: at most :data:`MAX_CELL_CHARS` (32,767) characters, Excel's own limit
  (checked per cell by :mod:`analysis.data.validate`).

Workbooks are opened with ``data_only=True`` (the values Excel saved; formulas are
never evaluated) and ``keep_links=False`` (links to other workbooks are not read,
let alone followed).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from analysis.data.errors import FileProblem
from analysis.data.messages import Message

MAX_TEXT_BYTES = 1 << 30
MAX_WORKBOOK_BYTES = 256 << 20
MAX_EXPANDED_BYTES = 1 << 30
RATIO_CHECKED_BYTES = 16 << 20
MAX_COMPRESSION_RATIO = 100
MAX_CELL_CHARS = 32_767

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PARQUET_MAGIC = b"PAR1"

EXPORT_AGAIN = Message("export_again")
DAMAGED_WORKBOOK = Message("damaged_workbook", again=EXPORT_AGAIN)
DAMAGED_PARQUET = Message("damaged_parquet", again=EXPORT_AGAIN)


def _mib(n: float) -> Message:
    """A size in MiB (``1,234 MiB``; Indonesian separators in Indonesian text)."""
    return Message("size_mib", n=n / (1 << 20))


def sniff_kind(head: bytes) -> str:
    """What the first bytes of a file say it is: ``empty``, ``zip``, ``ole2``, ``parquet`` or ``text``."""
    if not head:
        return "empty"
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(OLE2_MAGIC):
        return "ole2"
    if head.startswith(PARQUET_MAGIC):
        return "parquet"
    return "text"


def _head(path: Path, n: int = 8) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(n)


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` / ``utf-16-be`` when the bytes look like UTF-16 text without a BOM, else None.

    Text in a Latin script stored as UTF-16 has a zero byte in every other position
    (odd positions for little-endian, even for big-endian).
    """
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even = sum(1 for i in range(0, 2 * pairs, 2) if sample[i] == 0)
    odd = sum(1 for i in range(1, 2 * pairs, 2) if sample[i] == 0)
    if odd >= 0.4 * pairs and even <= 0.05 * pairs:
        return "utf-16-le"
    if even >= 0.4 * pairs and odd <= 0.05 * pairs:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode text-file bytes; returns ``(text, encoding)``.

    UTF-8 with BOM, UTF-16 with or without BOM, UTF-8, else Windows-1252 (Latin-1
    for its 5 undefined bytes).

    Raises
    ------
    FileProblem
        UTF-16 that does not decode, or NUL bytes in the text (a damaged or binary
        file), with the row of the first NUL.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            text, encoding = data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            text, encoding = data[3:].decode("cp1252", errors="replace"), "cp1252"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = _decode_utf16(data, "utf-16")
    elif (utf16 := _utf16_without_bom(data)) is not None:
        text, encoding = _decode_utf16(data, utf16)
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                text, encoding = data.decode("latin-1"), "latin-1"
    nul = text.find("\x00")
    if nul >= 0:
        row = text.count("\n", 0, nul) + 1
        raise FileProblem(Message("file_nul_bytes", again=EXPORT_AGAIN), row)
    return text, encoding


def _decode_utf16(data: bytes, encoding: str) -> tuple[str, str]:
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        raise FileProblem(Message("file_utf16_broken")) from None


def read_text(path: Path) -> str:
    """The text of a CSV file with line endings made ``\\n`` (also old-Mac ``\\r`` only).

    Raises
    ------
    FileProblem
        The file is empty or blank, too large, a workbook or Parquet file under a
        text name, or damaged (see :func:`decode_bytes`).
    """
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise FileProblem(Message("csv_too_large", size=_mib(size), limit=_mib(MAX_TEXT_BYTES)))
    kind = sniff_kind(_head(path))
    if kind == "empty":
        raise FileProblem(Message("file_empty_rows", again=EXPORT_AGAIN))
    if kind == "zip":
        raise FileProblem(Message("xlsx_named_csv", suffix=path.suffix, stem=path.stem))
    if kind == "ole2":
        raise FileProblem(Message("old_xls"))
    if kind == "parquet":
        raise FileProblem(Message("parquet_named_csv", suffix=path.suffix, stem=path.stem))
    text, _ = decode_bytes(path.read_bytes())
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip(" \t\n\ufeff,;|"):
        raise FileProblem(Message("only_blank_lines", again=EXPORT_AGAIN))
    return text


# --------------------------------------------------------------------------- workbooks


def check_workbook(path: Path) -> None:
    """Refuse a workbook that is not one, is damaged, or would expand beyond the ceilings.

    Reads only the ZIP's central directory (the declared sizes), never the parts.
    """
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise FileProblem(Message("file_empty", again=EXPORT_AGAIN))
    if size > MAX_WORKBOOK_BYTES:
        raise FileProblem(Message("workbook_too_large", size=_mib(size), limit=_mib(MAX_WORKBOOK_BYTES)))
    kind = sniff_kind(_head(path))
    if kind == "ole2":
        raise FileProblem(Message("old_xls_book"))
    if kind == "text" and _looks_like_csv(path):
        raise FileProblem(Message("csv_named_xlsx", suffix=path.suffix, stem=path.stem))
    if kind != "zip":
        raise FileProblem(DAMAGED_WORKBOOK)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise FileProblem(DAMAGED_WORKBOOK) from None
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names and not any(n.endswith("/workbook.xml") for n in names):
        raise FileProblem(Message("zip_without_workbook", again=EXPORT_AGAIN))
    expanded = sum(i.file_size for i in infos)
    if expanded > MAX_EXPANDED_BYTES:
        raise FileProblem(Message("workbook_expands", size=_mib(expanded), limit=_mib(MAX_EXPANDED_BYTES)))
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_CHECKED_BYTES and ratio > MAX_COMPRESSION_RATIO:
            raise FileProblem(Message("workbook_part_ratio", part=info.filename, ratio=ratio))


def _looks_like_csv(path: Path) -> bool:
    """Printable UTF-8 text whose first line has a delimiter."""
    with open(path, "rb") as fh:
        head = fh.read(2048)
    try:
        first = head.decode("utf-8").lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    except UnicodeDecodeError:
        return False
    return first.isprintable() and any(d in first for d in ",;\t|")


def open_workbook(path: Path, *, data_only: bool = True) -> Any:
    """An openpyxl workbook in read-only mode, after :func:`check_workbook`.

    ``data_only=True`` gives the values Excel saved (formulas are never evaluated);
    external links are not loaded. Close it with ``.close()``.

    Raises
    ------
    FileProblem
        The file is not a readable workbook (see :func:`check_workbook`).
    """
    check_workbook(path)
    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=data_only, keep_links=False)
    except Exception:  # openpyxl raises KeyError, BadZipFile, XML errors, ... on damaged parts
        raise FileProblem(DAMAGED_WORKBOOK) from None


def sheet_has_formulas(ws: Any) -> bool:
    """Whether a read-only worksheet holds any formula (an ``<f>`` element), scanned as raw XML.

    Only then does the loader look for formulas whose value was never saved.
    Unknown (no access to the part): ``False``.
    """
    try:
        handle = ws.parent._archive.open(ws._worksheet_path)
    except (AttributeError, KeyError, OSError, zipfile.BadZipFile):
        return False
    tail = b""
    with handle:
        while chunk := handle.read(1 << 20):
            block = tail + chunk
            if b"<f>" in block or b"<f " in block or b":f>" in block or b":f " in block:
                return True
            tail = block[-4:]
    return False


# --------------------------------------------------------------------------- Parquet


def check_parquet(path: Path) -> None:
    """Refuse a file that does not start and end with Parquet's ``PAR1`` marker (damaged or cut off)."""
    path = Path(path)
    size = path.stat().st_size
    if size < 12:
        raise FileProblem(DAMAGED_PARQUET if size else Message("file_empty", again=EXPORT_AGAIN))
    with open(path, "rb") as fh:
        head = fh.read(4)
        fh.seek(-4, 2)
        tail = fh.read(4)
    if head != PARQUET_MAGIC or tail != PARQUET_MAGIC:
        if sniff_kind(head) == "zip":
            raise FileProblem(Message("xlsx_named_parquet", suffix=path.suffix, stem=path.stem))
        raise FileProblem(DAMAGED_PARQUET)
