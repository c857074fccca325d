"""``mapping.yaml``: load a foreign export (e.g. from SIMPEG / SIASN) without hand-editing it.

A mapping renames source columns to contract columns and recodes source values
to contract codes, per table. Put it next to the data as ``mapping.yaml`` (used
automatically) or pass it with ``--mapping`` / ``load_dataset(mapping=...)``.

Format
------
::

    tables:
      employees:                      # contract table name
        file: pegawai.csv             # source file in the data folder (optional;
                                      #   default employees.csv/.xlsx/.parquet)
        sheet: Pegawai                # sheet, when the file or dataset is a workbook (optional)
        columns:                      # source header: contract column
          NIP: employee_id
          Jenis Kelamin: gender
        values:                       # contract column: {source value: contract code}
          gender: {L: M, P: F}
          is_unit_head: {Ya: true, Tidak: false}

For a database (``--data`` a database URL, :mod:`analysis.data.sources`) a table names
its source with ``table`` or ``query`` instead of ``file``/``sheet``::

    tables:
      employees:
        table: kepegawaian.pegawai    # a table (or view), optionally schema-qualified
        key: id_pegawai               # column(s) that locate a row in messages (optional;
                                      #   default: the table's primary key)
        columns: {nip_baru: employee_id, kode_unit: unit_id}
      enrollments:
        query: |                      # or any SELECT; its result is read like a table
          SELECT p.*, d.kode_diklat FROM peserta p JOIN diklat d ON d.id = p.id_diklat
        key: id_peserta

Rules
-----
- Only the keys ``tables`` and, per table, ``file``, ``sheet``, ``table``, ``query``,
  ``key``, ``columns``, ``values`` are allowed; ``file``, ``table`` and ``query``
  exclude one another, ``sheet`` goes with a file only. An unknown key is an error that names it (a typo must
  not be ignored silently). Table names and target columns must exist in the
  contract; two source headers may not map to the same column.
- Source headers match exactly after stripping spaces, else ignoring case.
  Headers not mapped are matched to contract names ignoring case, spaces and
  hyphens (``Unit ID`` -> ``unit_id``).
- Source values match after stripping spaces and ignoring case; values not
  listed are kept as they are (and then parsed and checked per the contract).
- No credentials: a URL carrying a password (``postgresql://user:secret@host/db``)
  anywhere in the file is refused (message ``map_password``); passwords come from
  the environment or a passfile (``docs/data-contract.md``).
- Every scalar is read as text (YAML's ``yes``/``no``/``Y``/``N`` stay text, so
  ``Y: true`` means the source value ``Y``).

Errors (:class:`~analysis.data.errors.MappingError`) and warnings are catalogue messages
(:mod:`analysis.data.catalogue_inputs`): their text is English, and ``kompetensi validate
--lang id`` shows them in Bahasa Indonesia.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.data.contract import TABLES
from analysis.data.errors import MappingError
from analysis.data.messages import Message

TABLE_KEYS = ("file", "sheet", "table", "query", "key", "columns", "values")
#: ``scheme://user:password@``: a URL that carries a password.
URL_WITH_PASSWORD = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://[^\s/@:]+:[^\s/@]+@")


@dataclass(frozen=True)
class TableMapping:
    """The mapping of one table: source file/sheet (or database table/query and key), column
    renames, value recodes."""

    file: str | None = None
    sheet: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    table: str | None = None
    query: str | None = None
    key: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mapping:
    """A parsed mapping.yaml (see the module docstring for the format)."""

    tables: dict[str, TableMapping]
    path: Path | None = None

    def for_table(self, name: str) -> TableMapping | None:
        return self.tables.get(name)

    def to_dict(self) -> dict[str, Any]:
        """Plain, canonical content (for cache keys and manifests)."""
        return {
            name: {"file": t.file, "sheet": t.sheet, "table": t.table, "query": t.query, "key": list(t.key),
                   "columns": dict(sorted(t.columns.items())),
                   "values": {c: dict(sorted(v.items())) for c, v in sorted(t.values.items())}}
            for name, t in sorted(self.tables.items())
        }

    def fingerprint(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)


def _closest(word: str, options: list[str]) -> Message | str:
    """A "did you mean" hint for a misspelt name, or nothing."""
    hit = difflib.get_close_matches(word, options, n=1, cutoff=0.5)
    return Message("code_did_you_mean", code=hit[0]) if hit else ""


def _as_map(value: Any, where: str | Message, source: str) -> dict:
    if value is None or value == "":
        return {}
    if not isinstance(value, dict):
        raise MappingError(Message("map_not_a_mapping", source=source, where=where, value=repr(value)))
    return value


def parse_mapping(data: Any, source: str = "mapping.yaml", path: Path | None = None) -> Mapping:
    """Check and parse mapping content (already read from YAML); see the module docstring.

    Raises
    ------
    MappingError
        Naming the file and the offending key (a catalogue message, in either language).
    """
    top = _as_map(data, Message("map_the_file"), source)
    for where, text in _strings(top, "mapping"):
        if URL_WITH_PASSWORD.search(text):
            raise MappingError(Message("map_password", source=source, where=where.removeprefix("mapping.")))
    for key in top:
        if key != "tables":
            raise MappingError(Message("map_unknown_top_key", source=source, key=key,
                                       hint=_closest(str(key), ["tables"])))
    tables: dict[str, TableMapping] = {}
    for tname, body in _as_map(top.get("tables"), "tables", source).items():
        if tname not in TABLES:
            raise MappingError(Message("map_unknown_table", source=source, table=tname,
                                       hint=_closest(str(tname), list(TABLES)), tables=", ".join(TABLES)))
        tables[tname] = _table_mapping(tname, _as_map(body, f"tables.{tname}", source), source)
    return Mapping(tables, path)


def _table_mapping(tname: str, body: dict, source: str) -> TableMapping:
    """One ``tables.<name>`` entry, checked: its keys, columns, values, location and key."""
    for key in body:
        if key not in TABLE_KEYS:
            raise MappingError(Message("map_unknown_table_key", source=source, key=key, table=tname,
                                       allowed=", ".join(TABLE_KEYS), hint=_closest(str(key), list(TABLE_KEYS))))
    names = list(TABLES[tname].column_names)
    columns = _column_renames(tname, body, names, source)
    values: dict[str, dict[str, str]] = {}
    for col, recode in _as_map(body.get("values"), f"tables.{tname}.values", source).items():
        if col not in names:
            raise MappingError(Message("map_values_not_column", source=source, table=tname, column=col,
                                       hint=_closest(str(col), names)))
        recode = _as_map(recode, f"tables.{tname}.values.{col}", source)
        values[col] = {str(k).strip(): str(v).strip() for k, v in recode.items()}
    for key in ("file", "sheet", "table", "query"):
        if body.get(key) is not None and not isinstance(body.get(key), str):
            raise MappingError(Message("map_must_be_text", source=source, table=tname, key=key))
    given = [k for k in ("file", "table", "query") if body.get(k)]
    if len(given) > 1:
        raise MappingError(Message("map_names_both", source=source, table=tname, first=given[0], second=given[1]))
    if body.get("sheet") and (body.get("table") or body.get("query")):
        raise MappingError(Message("map_sheet_with_file", source=source, table=tname))
    return TableMapping(
        body.get("file"), body.get("sheet"), columns, values,
        table=body.get("table"), query=body.get("query"), key=_key_columns(tname, body.get("key"), source),
    )


def _column_renames(tname: str, body: dict, names: list[str], source: str) -> dict[str, str]:
    """``tables.<name>.columns``: source header -> contract column, each contract column once."""
    columns: dict[str, str] = {}
    for src, dst in _as_map(body.get("columns"), f"tables.{tname}.columns", source).items():
        if not isinstance(dst, str) or dst not in names:
            raise MappingError(Message("map_column_not_in_table", source=source, table=tname, src=src, dst=dst,
                                       hint=_closest(str(dst), names), columns=", ".join(names)))
        if dst in columns.values():
            other = next(k for k, v in columns.items() if v == dst)
            raise MappingError(Message("map_two_to_one", source=source, table=tname, other=other, src=src, dst=dst))
        columns[str(src).strip()] = dst
    return columns


def _key_columns(tname: str, key_value: Any, source: str) -> tuple[str, ...]:
    """``tables.<name>.key``: one column name or a list of them (none when absent)."""
    if key_value is None or key_value == "":
        return ()
    if isinstance(key_value, str):
        return (key_value.strip(),)
    if isinstance(key_value, list) and all(isinstance(k, str) and k.strip() for k in key_value):
        return tuple(k.strip() for k in key_value)
    raise MappingError(Message("map_key_kind", source=source, table=tname))


def _strings(value: Any, where: str) -> list[tuple[str, str]]:
    """Every text in parsed YAML, keys included, with its dotted location."""
    if isinstance(value, dict):
        out: list[tuple[str, str]] = []
        for k, v in value.items():
            out += [(where, str(k))] + _strings(v, f"{where}.{k}")
        return out
    if isinstance(value, list):
        return [hit for i, v in enumerate(value) for hit in _strings(v, f"{where}[{i}]")]
    return [(where, value)] if isinstance(value, str) else []


def load_mapping(mapping: str | Path | Mapping | MappingABC | None) -> Mapping | None:
    """Read mapping.yaml (a path), or accept an already parsed :class:`Mapping` or a dict."""
    if mapping is None or isinstance(mapping, Mapping):
        return mapping
    if isinstance(mapping, MappingABC):
        return parse_mapping(dict(mapping), "mapping")
    import yaml  # lazy: keeps `import analysis` light

    path = Path(mapping)
    if not path.is_file():
        raise MappingError(Message("map_file_not_found", path=str(path)))
    try:
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=yaml.BaseLoader)
    except yaml.YAMLError as exc:
        raise MappingError(Message("map_not_yaml", path=str(path), error=str(exc))) from None
    return parse_mapping(data, str(path), path)


def normalise_header(header: object) -> str:
    """``' Unit ID '`` -> ``unit_id``: lower case, spaces and hyphens as ``_``."""
    return re.sub(r"[\s\-]+", "_", str(header).strip().lower())


def rename_columns(
    frame: pd.DataFrame, table: str, tm: TableMapping | None, file: str
) -> tuple[pd.DataFrame, list[str], dict[str, str]]:
    """Rename source headers to contract columns (mapping first, then by normalised name).

    Returns the renamed frame (a shallow copy), warnings, and contract column ->
    source header for the renamed ones.
    """
    contract = TABLES[table]
    headers = [str(c).strip() for c in frame.columns]
    rename: dict[str, str] = {}
    warnings: list[str] = []
    if tm is not None:
        folded = {h.casefold(): h for h in headers}
        for src, dst in tm.columns.items():
            hit = src if src in headers else folded.get(src.casefold())
            if hit is None:
                warnings.append(Message("map_no_column", file=file, src=src, table=table, dst=dst))
            else:
                rename[hit] = dst
    taken = set(rename.values())
    for h in headers:
        if h in rename:
            continue
        norm = normalise_header(h)
        if norm in contract.column_names and norm not in taken:
            rename[h] = norm
            taken.add(norm)
    out = frame.copy(deep=False)
    out.columns = [rename.get(h, h) for h in headers]
    return out, warnings, {dst: src for src, dst in rename.items() if src != dst}


def recode_values(frame: pd.DataFrame, tm: TableMapping | None) -> pd.DataFrame:
    """Replace source values by contract codes per ``tm.values`` (case-insensitive, stripped)."""
    if tm is None or not tm.values:
        return frame
    out = frame.copy(deep=False)
    for col, recode in tm.values.items():
        if col not in out.columns:
            continue
        s = out[col].astype("string")
        key = s.str.strip().str.casefold()
        lookup = {k.casefold(): v for k, v in recode.items()}
        mapped = key.map(lookup).astype("string")
        out[col] = mapped.where(mapped.notna(), s)
    return out
