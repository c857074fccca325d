"""A real PostgreSQL server: a throw-away cluster (initdb + pg_ctl on loopback, password
authentication) holds the worked SIMPEG example; reading it gives the same dataset as the
SQLite file, with the password taken from the environment or a passfile only."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

import analysis
from analysis.data.errors import SourceError
from analysis.data.paths import DATA_DIR

EXAMPLE = DATA_DIR / "examples" / "simpeg_sqlite"
PASSWORD = "uji-Rahasia-2026"
USER = "kompetensi"
#: Columns stored as DATE / NUMERIC on the server (SQLite keeps them as text / integers).
DATE_COLUMNS = ("mulai_layanan_daring", "tmt_cpns", "tanggal_berhenti", "tanggal_mulai", "tanggal_selesai",
                "tanggal_asesmen", "tanggal")
NUMERIC_COLUMNS = ("biaya_riil", "biaya_per_peserta", "pagu_pengembangan")


def _binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    hits = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return hits[-1] if hits else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[int]:
    """A PostgreSQL cluster in a temporary folder on 127.0.0.1 (as ``nobody`` when run as root,
    since the server refuses root); the port. Skips when the binaries or the driver are absent."""
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    if not (initdb and pg_ctl):
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found: install the Debian package "
                    "postgresql (scripts/system-deps.sh does)")
    pytest.importorskip("psycopg", reason="psycopg not installed: pip install -e '.[test]'")
    base = Path(tempfile.mkdtemp(prefix="kompetensi-pg-"))
    run_as: dict[str, object] = {}
    if os.geteuid() == 0:
        import pwd

        try:
            nobody = pwd.getpwnam("nobody")
        except KeyError:
            shutil.rmtree(base, ignore_errors=True)
            pytest.skip("running as root and no 'nobody' user to run the PostgreSQL server as")
        os.chown(base, nobody.pw_uid, nobody.pw_gid)
        run_as = {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}
    (base / "pw").write_text(PASSWORD + "\n")
    if run_as:
        os.chown(base / "pw", run_as["user"], run_as["group"])  # type: ignore[arg-type]
    port = _free_port()
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    data = base / "data"
    subprocess.run([initdb, "-D", str(data), "-U", USER, "--auth=scram-sha-256", f"--pwfile={base / 'pw'}",
                    "-E", "UTF8", "--no-sync"], check=True, capture_output=True, cwd=base, env=env, **run_as)
    started = subprocess.run(
        [pg_ctl, "-D", str(data), "-l", str(base / "log"), "-w", "-t", "60", "-o",
         f"-c listen_addresses=127.0.0.1 -p {port} -k {base} -c fsync=off", "start"],
        capture_output=True, cwd=base, env=env, **run_as,
    )
    if started.returncode != 0:
        log = (base / "log").read_text(errors="replace") if (base / "log").exists() else ""
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(f"pg_ctl start failed: {started.stderr.decode(errors='replace')}\n{log}")
    try:
        _load_example(port)
        yield port
    finally:
        subprocess.run([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"], capture_output=True,
                       cwd=base, env=env, **run_as)
        shutil.rmtree(base, ignore_errors=True)


def _load_example(port: int) -> None:
    """Copy the example's SQLite tables into a database ``simpeg`` with primary keys, DATE and
    NUMERIC columns (as a PostgreSQL-based SIMPEG would store them)."""
    import sqlalchemy as sa

    admin = sa.create_engine(f"postgresql+psycopg://{USER}:{PASSWORD}@127.0.0.1:{port}/postgres",
                             isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql("CREATE DATABASE simpeg")
    admin.dispose()
    engine = sa.create_engine(f"postgresql+psycopg://{USER}:{PASSWORD}@127.0.0.1:{port}/simpeg")
    source = sqlite3.connect(EXAMPLE / "simpeg.db")
    try:
        names = [r[0] for r in source.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")]
        with engine.begin() as conn:
            for name in names:
                frame = pd.read_sql_query(f"SELECT * FROM {name}", source)
                frame.to_sql(name, conn, index=False)
                conn.exec_driver_sql(f"ALTER TABLE {name} ADD PRIMARY KEY ({frame.columns[0]})")
                for column in frame.columns:
                    if column in DATE_COLUMNS:
                        conn.exec_driver_sql(f"ALTER TABLE {name} ALTER COLUMN {column} TYPE date USING {column}::date")
                    elif column in NUMERIC_COLUMNS:
                        conn.exec_driver_sql(f"ALTER TABLE {name} ALTER COLUMN {column} TYPE numeric(15, 2)")
    finally:
        source.close()
        engine.dispose()


@pytest.fixture(autouse=True)
def _env(monkeypatch, tmp_path):
    monkeypatch.setenv("KOMPETENSI_SALT", "test")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    for name in ("KOMPETENSI_DB_PASSWORD", "PGPASSWORD", "KOMPETENSI_PASSFILE", "KOMPETENSI_MAPPING"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-passfile"))  # libpq must not find one of the machine's


def _url(port: int) -> str:
    return f"postgresql://{USER}@127.0.0.1:{port}/simpeg"


def test_postgresql_gives_the_same_dataset_as_the_sqlite_file(server, monkeypatch):
    monkeypatch.setenv("KOMPETENSI_DB_PASSWORD", PASSWORD)
    from_pg = analysis.load_dataset(_url(server), mapping=EXAMPLE / "mapping.yaml")
    from_sqlite = analysis.load_dataset(f"sqlite:///{EXAMPLE / 'simpeg.db'}")
    for name, frame in from_sqlite.tables.items():
        pd.testing.assert_frame_equal(from_pg.table(name), frame, check_like=True, obj=name)
    assert from_pg.source == _url(server) and PASSWORD not in repr(from_pg.files) + repr(from_pg.warnings)


def test_without_a_password_the_server_refuses_and_says_so(server):
    with pytest.raises(SourceError) as info:
        analysis.load_dataset(_url(server), mapping=EXAMPLE / "mapping.yaml")
    assert f"cannot connect to {_url(server)}" in str(info.value)
    assert "password" in str(info.value)


def test_the_password_can_come_from_a_passfile(server, monkeypatch, tmp_path):
    passfile = tmp_path / "pgpass"
    passfile.write_text(f"127.0.0.1:{server}:simpeg:{USER}:{PASSWORD}\n", encoding="utf-8")
    passfile.chmod(0o600)
    monkeypatch.setenv("KOMPETENSI_PASSFILE", str(passfile))
    monkeypatch.setenv("KOMPETENSI_MAPPING", str(EXAMPLE / "mapping.yaml"))
    ds = analysis.load_dataset(_url(server))
    assert len(ds.employees) > 0


def test_a_mapped_query_cannot_change_the_database(server, monkeypatch):
    monkeypatch.setenv("KOMPETENSI_DB_PASSWORD", PASSWORD)
    mapping = {"tables": {"budget": {"query": "DELETE FROM anggaran RETURNING *"}}}
    with pytest.raises(analysis.DataValidationError) as info:
        analysis.load_dataset(_url(server), mapping=mapping)
    (issue,) = [i for i in info.value.issues if i.table == "budget"]
    assert "read-only transaction" in issue.message
    import sqlalchemy as sa

    engine = sa.create_engine(f"postgresql+psycopg://{USER}:{PASSWORD}@127.0.0.1:{server}/simpeg")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM anggaran").scalar() > 0
    engine.dispose()
