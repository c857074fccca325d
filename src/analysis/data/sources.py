"""Database sources: ``--data`` as a database URL, read through SQLAlchemy.

``kompetensi validate sqlite:///simpeg.db``, ``postgresql://user@host/simpeg`` or
``mysql://user@host/simpeg`` (and the same URL as ``kompetensi report --data`` or a
notebook's ``data_dir``) read the contract tables straight from a personnel database
(SIMPEG-like systems) instead of from exported files. :func:`analysis.data.io.load_dataset`
sends a URL here (:func:`is_database_url`); everything after reading is shared with files.

Which tables
------------
``mapping.yaml`` (:mod:`analysis.data.mapping`) names, per contract table, a database
``table`` (or view, ``schema.table`` allowed) or a ``query`` (any SELECT), with the same
``columns`` renames and ``values`` recodes as for files; a contract table not mapped is
read from a database table of its own name (``employees``). The mapping is the one
passed (``--mapping``), else the file named by ``$KOMPETENSI_MAPPING``, else, for SQLite,
``mapping.yaml`` beside the database file; none is needed when the tables carry the
contract's names.

Same checks as files
--------------------
Every cell becomes text the way a spreadsheet cell does (:func:`cell_texts`: integers as
digits, dates ``yyyy-mm-dd``, floating-point numbers flagged so a NIP stored as a float
is an error), then the same renames, recodes, parsing, validation and pseudonymisation
run (:func:`analysis.data.validate.validate_tables`). Only the location differs: an
issue names the source table (``pegawai``) or ``query for employees`` and the row is

- the value of the row's key when the key is one integer column (``row = id_pegawai``):
  ``key`` in mapping.yaml, else the table's primary key; a key holding NIPs is never
  shown (its position is used instead);
- otherwise the row's position in the result (1 = first row), ordered by the key when
  there is one; a query is read in its own ``ORDER BY``.

Credentials
-----------
A URL carrying a password is refused, on the command line as in mapping.yaml (it would
end in shell history, manifests and logs). The password comes from
``$KOMPETENSI_DB_PASSWORD``, else from a passfile in PostgreSQL's ``.pgpass`` format
(``host:port:database:user:password``, ``*`` matches anything; ``$KOMPETENSI_PASSFILE``,
else ``$PGPASSFILE``, else ``~/.pgpass``; a passfile readable by others is ignored, as
libpq does). For PostgreSQL, libpq also reads ``$PGPASSWORD`` and ``~/.pgpass`` itself.
The dataset records the URL without password (:func:`redact`).

Read-only
---------
SQLite is opened read-only (``mode=ro``); PostgreSQL and MySQL sessions are set to read
only transactions, so a query in mapping.yaml cannot change the database.

Drivers are optional extras: ``pip install 'kompetensi-binjai[postgresql]'`` (psycopg)
or ``[mysql]`` (PyMySQL); SQLite is in Python's standard library.
"""

from __future__ import annotations

import contextlib
import decimal
import getpass
import hashlib
import os
import re
import stat
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.data.cache import cache_key, file_sha256, read_cache, write_cache
from analysis.data.cells import cell_text
from analysis.data.contract import TABLES
from analysis.data.dataset import Dataset, SourceFile
from analysis.data.errors import DataValidationError, Issue, SourceError, clip
from analysis.data.mapping import (
    Mapping,
    TableMapping,
    load_mapping,
    normalise_header,
    recode_values,
    rename_columns,
)
from analysis.data.messages import Message
from analysis.data.paths import resolve
from analysis.data.pseudonym import resolve_salt, salt_fingerprint
from analysis.data.validate import RawTable, validate_tables

PASSWORD_ENV = "KOMPETENSI_DB_PASSWORD"
PASSFILE_ENV = "KOMPETENSI_PASSFILE"
MAPPING_ENV = "KOMPETENSI_MAPPING"
#: Dialects read, with the driver used when the URL names none and the extra that installs it.
DIALECTS: dict[str, tuple[str | None, str | None]] = {
    "sqlite": (None, None),
    "postgresql": ("psycopg", "postgresql"),
    "mysql": ("pymysql", "mysql"),
}
DEFAULT_PORTS = {"postgresql": 5432, "mysql": 3306}
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
_PASSWORD = re.compile(r"(://[^\s/@:]*:)([^\s/@]*)(@)")
PASSWORD_IN_URL = Message("db_password_in_url")


def is_database_url(value: object) -> bool:
    """True for ``scheme://...`` text (a database URL); paths, including ``Path`` objects, are not."""
    return isinstance(value, str) and bool(_URL.match(value.strip()))


def redact(url: str) -> str:
    """``scheme://user:secret@host/db`` -> ``scheme://user:***@host/db`` (unchanged without password)."""
    return _PASSWORD.sub(r"\1***\3", url)


@dataclass(frozen=True)
class DatabaseURL:
    """A parsed database URL (never with a password).

    ``shown`` is what messages and manifests show; ``name`` the short name (the SQLite file's
    name or the database's); ``path`` the SQLite file (``None`` for a server).
    """

    text: str
    dialect: str
    shown: str
    name: str
    path: Path | None = None


def parse_url(text: str) -> DatabaseURL:
    """Check a database URL: known dialect, no password, an existing file for SQLite.

    Raises
    ------
    SourceError
        Naming what is wrong (the URL shown without password).
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    text = text.strip()
    try:
        url = make_url(text)
    except (ArgumentError, ValueError):
        raise SourceError(Message("db_not_a_url", url=redact(text))) from None
    if url.password is not None:
        raise SourceError(PASSWORD_IN_URL)
    dialect = url.get_backend_name()
    if dialect not in DIALECTS:
        raise SourceError(Message("db_unsupported", url=text, dialect=dialect, dialects=", ".join(DIALECTS)))
    if dialect == "sqlite":
        if not url.database or url.database == ":memory:":
            raise SourceError(Message("db_sqlite_file", url=text))
        path = Path(url.database).expanduser()
        if not path.is_file():
            raise SourceError(Message("db_sqlite_missing", url=text, path=str(path)))
        return DatabaseURL(text, dialect, text, path.name, path)
    if not url.database:
        raise SourceError(Message("db_name_missing", url=text, dialect=dialect))
    return DatabaseURL(text, dialect, text, url.database)


# ---------------------------------------------------------------------------- credentials


def _passfile_fields(line: str) -> list[str]:
    """The fields of a passfile line (``\\:`` is a colon, ``\\\\`` a backslash)."""
    fields, current, escaped = [], [], False
    for ch in line:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == ":":
            fields.append("".join(current))
            current = []
        else:
            current.append(ch)
    fields.append("".join(current))
    return fields


def passfile_password(path: Path, host: str, port: int | str, database: str, user: str) -> str | None:
    """The password of the first matching line of a ``.pgpass``-format file, or ``None``.

    Each line is ``hostname:port:database:username:password``; ``*`` in the first four
    fields matches anything; ``#`` starts a comment line (PostgreSQL's libpq format).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    wanted = [host, str(port), database, user]
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = _passfile_fields(line)
        if len(fields) < 5:
            continue
        if all(f == "*" or f == w for f, w in zip(fields[:4], wanted, strict=True)):
            return ":".join(fields[4:])
    return None


def default_passfile() -> Path:
    """``$KOMPETENSI_PASSFILE``, else ``$PGPASSFILE``, else ``~/.pgpass``."""
    for env in (PASSFILE_ENV, "PGPASSFILE"):
        if os.environ.get(env):
            return Path(os.environ[env]).expanduser()
    return Path.home() / ".pgpass"


def find_password(db: DatabaseURL, warnings: list[str]) -> str | None:
    """The password for ``db``: ``$KOMPETENSI_DB_PASSWORD``, else the passfile (see the module
    docstring); ``None`` when neither has one (libpq may still find one for PostgreSQL)."""
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    from sqlalchemy.engine import make_url

    url = make_url(db.text)
    passfile = default_passfile()
    if not passfile.is_file():
        return None
    if os.name == "posix" and passfile.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        warnings.append(Message("db_passfile_open", name=passfile.name))
        return None
    return passfile_password(
        passfile, url.host or "localhost", url.port or DEFAULT_PORTS.get(db.dialect, ""),
        url.database or "", url.username or getpass.getuser(),
    )


def create_engine(db: DatabaseURL, warnings: list[str]) -> Any:
    """A SQLAlchemy engine for ``db``: SQLite read-only, servers with their driver and password.

    Raises
    ------
    SourceError
        The driver is not installed (with the extra that installs it).
    """
    import sqlalchemy as sa
    from sqlalchemy.pool import NullPool

    if db.dialect == "sqlite":
        import sqlite3

        uri = db.path.resolve().as_uri() + "?mode=ro"  # type: ignore[union-attr]
        return sa.create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True), poolclass=NullPool)
    url = sa.engine.make_url(db.text)
    driver, extra = DIALECTS[db.dialect]
    if "+" not in url.drivername and driver:
        url = url.set(drivername=f"{db.dialect}+{driver}")
    password = find_password(db, warnings)
    if password is not None:
        url = url.set(password=password)
    try:
        return sa.create_engine(url, poolclass=NullPool)
    except ImportError as exc:
        raise SourceError(Message("db_no_driver", url=db.shown, driver=str(exc.name or exc), extra=extra)) from None


# ---------------------------------------------------------------------------- cells


def _cell(value: object) -> tuple[str | None, bool]:
    """A database value as the text a spreadsheet cell would show, and whether it was a float."""
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            return None, False
        value = int(value) if value == value.to_integral_value() else float(value)
    elif isinstance(value, bytes | bytearray | memoryview):
        value = bytes(value).decode("utf-8", errors="replace")
    return cell_text(value)


def cell_texts(values: list[object]) -> tuple[pd.Series, np.ndarray]:
    """One result column as text (missing stays missing) and the mask of floating-point cells.

    The rules of an XLSX cell (:func:`analysis.data.cells.cell_text`): integers as digits,
    booleans ``TRUE``/``FALSE``, dates ``yyyy-mm-dd``; a ``NUMERIC`` with no fraction is an
    integer, one with a fraction a float; bytes are decoded as UTF-8.
    """
    kinds = {type(v) for v in values} - {type(None)}
    if kinds <= {str}:
        return pd.Series(values, dtype="string"), np.zeros(len(values), dtype=bool)
    if kinds == {int} and all(v is None or -(2**63) < v < 2**63 for v in values):  # no call per cell
        return pd.Series(values, dtype="Int64").astype("string"), np.zeros(len(values), dtype=bool)
    cells = [_cell(v) for v in values]
    return (pd.Series([c[0] for c in cells], dtype="string"),
            np.fromiter((c[1] for c in cells), dtype=bool, count=len(cells)))


def frame_digest(frame: pd.DataFrame) -> str:
    """SHA-256 over a text frame's column names and cells (the cache key of a database table)."""
    h = hashlib.sha256("\x1f".join(map(str, frame.columns)).encode())
    if len(frame):
        h.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    h.update(str(len(frame)).encode())
    return h.hexdigest()


# ---------------------------------------------------------------------------- reading


@dataclass
class _Read:
    raws: dict[str, RawTable] = field(default_factory=dict)
    looked: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)
    files: list[SourceFile] = field(default_factory=list)


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    return clip(str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__, 200)


def _hidden_keys(table: str, tm: TableMapping | None) -> set[str]:
    """Source columns that hold NIPs (never shown as a row's location)."""
    nips = {c.name for c in TABLES[table].columns if c.type == "nip"}
    hidden = {n.casefold() for n in nips}
    if tm is not None:
        hidden |= {src.casefold() for src, dst in tm.columns.items() if dst in nips}
    return hidden


def locate_rows(frame: pd.DataFrame, keys: tuple[str, ...], label: str, hidden: set[str]) -> tuple[np.ndarray, str]:
    """Row numbers of a result and the label that says what they are (see the module docstring).

    The key's values are the rows when the key is one column of distinct positive integers
    below 10^12 that does not hold NIPs; otherwise the rows are the positions 1..n.
    """
    n = len(frame)
    if len(keys) == 1 and keys[0] in frame.columns and keys[0].casefold() not in hidden and n:
        numbers = pd.to_numeric(frame[keys[0]], errors="coerce")
        if (numbers.notna().all() and (numbers % 1 == 0).all() and numbers.min() >= 1
                and numbers.max() < 10**12 and numbers.is_unique):
            return numbers.astype("int64").to_numpy(), f"{label} (row = {keys[0]})"
    order = f", ordered by {', '.join(keys)}" if keys else ""
    return np.arange(1, n + 1), f"{label} (row = position in the result{order})"


def _statement(conn: Any, table: str, tm: TableMapping | None, db: DatabaseURL) -> tuple[Any, str, tuple[str, ...], str]:
    """What to run for one contract table: (statement, label, key, where it was looked for);
    the statement is ``None`` when the table is absent, a string for a mapped query."""
    import sqlalchemy as sa

    if tm is not None and tm.query:
        return tm.query, f"query for {table}", tm.key, Message("db_looked_query", table=table)
    name = tm.table if tm is not None and tm.table else table
    schema, _, bare = name.rpartition(".")
    looked = Message("db_looked_table", name=name, url=db.shown,
                     mapped=Message("db_from_mapping") if tm is not None and tm.table else "")
    inspector = sa.inspect(conn)
    if not inspector.has_table(bare, schema=schema or None):  # tables and views
        return None, name, (), looked
    present = {c["name"] for c in inspector.get_columns(bare, schema=schema or None)}
    keys = tm.key if tm is not None and tm.key else tuple(
        inspector.get_pk_constraint(bare, schema=schema or None).get("constrained_columns") or ()
    )
    missing = [k for k in keys if k not in present]
    if missing:
        raise SourceError(Message("db_key_not_column", table=table, missing=", ".join(missing), name=name))
    # untyped: the driver's own values, so a malformed date stays a located cell, not a crash
    statement = sa.select(sa.text("*")).select_from(sa.table(bare, schema=schema or None))
    return statement.order_by(*(sa.column(k) for k in keys)), name, keys, looked


def read_database(db: DatabaseURL, mapping: Mapping) -> _Read:
    """Read every contract table from ``db`` as text :class:`RawTable` s, renamed and recoded.

    Raises
    ------
    SourceError
        The database cannot be reached (the driver's first line of error).
    """
    import sqlalchemy as sa

    out = _Read()
    engine = create_engine(db, out.warnings)
    try:
        try:
            conn = engine.connect()
        except sa.exc.DBAPIError as exc:
            raise SourceError(Message("db_cannot_connect", url=db.shown, error=_first_line(exc))) from None
        with conn:
            if db.dialect == "postgresql":
                conn = conn.execution_options(postgresql_readonly=True)
            elif db.dialect == "mysql":
                conn.exec_driver_sql("SET SESSION TRANSACTION READ ONLY")
            for table in TABLES:
                _read_table(conn, db, table, mapping.for_table(table), out)
    finally:
        engine.dispose()
    return out


def _read_table(conn: Any, db: DatabaseURL, table: str, tm: TableMapping | None, out: _Read) -> None:
    import sqlalchemy as sa

    try:
        statement, label, keys, looked = _statement(conn, table, tm, db)
    except sa.exc.DBAPIError as exc:
        conn.rollback()
        out.issues.append(Issue(table, None, None, None, Message("db_cannot_read", error=_first_line(exc)), table))
        out.unreadable.add(table)
        return
    out.looked[table] = looked
    if statement is None:
        return
    try:
        if isinstance(statement, str):
            result = conn.execution_options(no_parameters=True).exec_driver_sql(statement)
        else:
            result = conn.execute(statement)
        columns = [str(c) for c in result.keys()]
        records = result.fetchall()
    except sa.exc.DBAPIError as exc:
        conn.rollback()
        out.issues.append(Issue(table, None, None, None, Message("db_query_failed", error=_first_line(exc)), label))
        out.unreadable.add(table)
        return
    texts, floats = {}, {}
    for j in range(len(columns)):
        texts[j], floats[j] = cell_texts([r[j] for r in records])
    frame = pd.DataFrame(texts) if columns else pd.DataFrame()
    frame.columns = columns
    rows, display = locate_rows(frame, keys, label, _hidden_keys(table, tm))
    contract_names = TABLES[table].column_names
    mapped = {c.casefold() for c in (tm.columns if tm is not None else {})}
    location_only = [k for k in keys if k.casefold() not in mapped and normalise_header(k) not in contract_names]
    frame = frame.drop(columns=location_only)  # a key read only to locate rows is not data
    out.files.append(SourceFile(Path(f"{db.name}:{label}"), frame_digest(frame), (table,)))
    float_cells = {c: floats[j] for j, c in enumerate(columns) if floats[j].any() and c in frame.columns}
    for name in sorted({c for c in columns if columns.count(c) > 1}):
        out.issues.append(Issue(table, None, clip(name), None, Message("db_two_result_columns", name=clip(name)),
                                display))
    frame, warnings, renamed = rename_columns(frame, table, tm, display)
    back = {s: d for d, s in renamed.items()}
    float_cells = {back.get(c, c): m for c, m in float_cells.items()}
    if frame.columns.duplicated().any():
        for d in sorted(set(frame.columns[frame.columns.duplicated()])):
            out.issues.append(Issue(table, None, d, None, Message("db_two_columns_map", column=d), display))
        frame = frame.loc[:, ~frame.columns.duplicated()]
        float_cells = {c: m for c, m in float_cells.items() if c in frame.columns}
    out.warnings.extend(warnings)
    out.raws[table] = RawTable(table, recode_values(frame, tm), rows, display, None, float_cells, "")


# ---------------------------------------------------------------------------- loading


def resolve_data(value: str | os.PathLike[str]) -> str | Path:
    """A notebook's or command's data argument, resolved like every project path
    (:func:`analysis.data.paths.resolve`): a folder or file, or a database URL whose SQLite
    file path is made absolute (kernels run in other folders); other URLs as they are."""
    from sqlalchemy.engine import make_url

    if not is_database_url(value):
        return resolve(value)
    text = str(value).strip()
    url = make_url(text)
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).expanduser().is_absolute():
        return f"{url.drivername}:///{resolve(Path(url.database).expanduser()).resolve()}"
    return text


def shown_source(url: str, show_path: Any = None) -> str:
    """A database URL as outputs record it: never a password, and a SQLite file's path as
    ``show_path`` shows paths (e.g. relative to the project), so no machine path leaks."""
    from sqlalchemy.engine import make_url

    text = redact(url.strip())
    try:
        parsed = make_url(text)
    except Exception:  # shown as given (redacted) when it does not parse
        return text
    if parsed.get_backend_name() == "sqlite" and parsed.database and show_path is not None:
        return f"{parsed.drivername}:///{show_path(Path(parsed.database))}"
    return text


def mapping_for(db: DatabaseURL, mapping: str | os.PathLike[str] | Mapping | MappingABC | None) -> Mapping:
    """The mapping of a database: the one given, else ``$KOMPETENSI_MAPPING``, else (SQLite)
    ``mapping.yaml`` beside the file, else none (tables named as in the contract)."""
    if mapping is None and os.environ.get(MAPPING_ENV):
        mapping = os.environ[MAPPING_ENV]
    if mapping is None and db.path is not None:
        mapping = next((p for p in (db.path.parent / n for n in ("mapping.yaml", "mapping.yml")) if p.is_file()), None)
    return load_mapping(mapping) or Mapping({})


def load_database(
    url: str,
    mapping: str | os.PathLike[str] | Mapping | MappingABC | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    *,
    today: date | None = None,
) -> Dataset:
    """Read, map, validate and pseudonymise a database into a :class:`Dataset` (see the module
    docstring; the parameters and errors are those of :func:`analysis.data.io.load_dataset`).

    ``Dataset.source`` is the URL (without password); ``files`` has one entry per table read
    (``<database>:<table or query>`` with the SHA-256 of its cells) and the mapping file. The
    cache (``cache_dir``) is keyed by those digests, so the database is read every time but
    validated only when its content, the mapping or the salt changed.

    Raises
    ------
    SourceError
        A bad or password-bearing URL, a missing driver, an unreachable server.
    DataValidationError
        Every problem, located by source table and key (or position).
    """
    db = parse_url(url)
    parsed = mapping_for(db, mapping)
    salt = resolve_salt()
    read = read_database(db, parsed)
    warnings = ([salt.warning] if salt.warning else []) + read.warnings
    files = list(read.files)
    if parsed.path is not None:
        files.append(SourceFile(parsed.path, file_sha256(parsed.path), ()))
    key = None
    if cache_dir is not None:
        key = cache_key(files, parsed, salt_fingerprint(salt.value))
        target = Path(cache_dir).expanduser() / key
        if (target / "meta.json").is_file():
            return replace(read_cache(target, [salt.warning] if salt.warning else []), source=db.shown)
    result = validate_tables(read.raws, salt=salt.value, today=today, looked_for=read.looked, unreadable=read.unreadable)
    issues = read.issues + list(result.issues)
    if issues:
        raise DataValidationError(issues, source=db.shown)
    ds = Dataset(**result.frames, source=db.shown, files=tuple(files),  # type: ignore[arg-type]
                 warnings=tuple(dict.fromkeys(warnings + result.warnings)))
    if key is not None:
        with contextlib.suppress(OSError):  # the cache only saves time
            write_cache(ds, Path(cache_dir).expanduser() / key, (salt.warning,) if salt.warning else ())  # type: ignore[arg-type]
    return ds
