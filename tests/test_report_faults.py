"""Faults while a report runs: SIGKILL at several moments, a kill inside the publish window,
an output folder that cannot be written.

The runs use the stand-in notebooks and renderer of ``test_report_engine`` (real
worker processes and real kernels, notebooks that take well under a second), in a
subprocess whose environment carries a marker: every process of the run (main,
resource tracker, workers, kernels) inherits it, so "nothing of the run is left"
is checked by scanning ``/proc`` for the marker.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_report_engine import _files, _request, data_dir, fake_render, make_standins  # noqa: E402, F401

from analysis.report.errors import NotebookFailed, ReportError  # noqa: E402
from analysis.report.kernel import (  # noqa: E402
    KERNEL_DIR_PREFIX,
    UNNAMED_KERNEL_DIR_AGE,
    remove_stale_kernel_dirs,
)
from analysis.report.pipeline import (  # noqa: E402
    build_report,
    check_output_folder,
    recover_interrupted_publish,
)

pytestmark = pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")

RUN_SCRIPT = '''\
import os, signal, sys, time
from pathlib import Path

def main():
    sys.path.insert(0, {tests!r})
    sys.path.insert(0, {renderer_dir!r})
    import test_report_engine as T
    from analysis.report.pipeline import build_report

    tmp = Path({tmp!r})
    request = T._request(tmp, tmp / "data", {renderer!r})
    loader = request.loader
    if {slow_loader!r}:
        def slow(path, cache_dir=None):
            Path(os.environ["FAULT_FLAG"]).write_text("loading")
            time.sleep(60)
            return loader(path, cache_dir=cache_dir)
        from dataclasses import replace
        request = replace(request, loader=slow)
    if {kill_in_publish!r}:
        real = Path.rename
        def rename(self, dest):
            result = real(self, dest)
            if ".old-" in Path(dest).name:  # the old report is aside, the new one not yet in
                os.kill(os.getpid(), signal.SIGKILL)
            return result
        Path.rename = rename
    build_report(request)

if __name__ == "__main__":
    main()
'''

SLEEPING_CELL = "import os, time\nopen(os.environ['FAULT_FLAG'], 'w').close()\ntime.sleep(60)\n"


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0]
    except OSError:
        return "gone"


def processes_with(marker: str) -> list[int]:
    """Live (not zombie) processes whose environment holds ``marker``."""
    found = []
    needle = f"FAULT_MARKER={marker}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            env = (entry / "environ").read_bytes()
        except OSError:
            continue
        if needle in env and _state(int(entry.name)) not in ("Z", "gone"):
            found.append(int(entry.name))
    return found


def _cmdlines(pids: list[int]) -> list[str]:
    out = []
    for pid in pids:
        try:
            out.append(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:120])
        except OSError:
            pass
    return out


def _wait(condition, timeout: float, step: float = 0.1) -> bool:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p: (folder / p).read_bytes() for p in sorted(_files(folder))}


def _system_tmp(tmp_path: Path) -> Path:
    """A short temporary folder for one test's runs (kernel sockets: a Unix socket path has ~100 characters)."""
    return Path(tempfile.gettempdir()) / f"kk-{hashlib.sha256(str(tmp_path).encode()).hexdigest()[:10]}"


@pytest.fixture(autouse=True)
def _remove_system_tmp(tmp_path: Path):
    yield
    shutil.rmtree(_system_tmp(tmp_path), ignore_errors=True)


def _start(tmp_path: Path, renderer: str, *, slow_loader: bool = False, kill_in_publish: bool = False):
    marker = uuid.uuid4().hex
    flag = tmp_path / "flag"
    script = tmp_path / "run_report.py"
    script.write_text(RUN_SCRIPT.format(
        tests=str(Path(__file__).parent), renderer_dir=str(tmp_path / "renderer"), tmp=str(tmp_path),
        renderer=renderer, slow_loader=slow_loader, kill_in_publish=kill_in_publish,
    ))
    system_tmp = _system_tmp(tmp_path)  # the run's kernel socket folders go here
    system_tmp.mkdir(exist_ok=True)
    env = {**os.environ, "FAULT_MARKER": marker, "FAULT_FLAG": str(flag), "TMPDIR": str(system_tmp)}
    proc = subprocess.Popen([sys.executable, str(script)], env=env, stderr=subprocess.PIPE, text=True)
    return proc, marker, flag


def _cleanup(marker: str) -> None:
    """Kill what a failing test left (only processes carrying this test's marker)."""
    for pid in processes_with(marker):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.mark.slow
@pytest.mark.parametrize("moment", ["loading", "notebooks", "brief"])
def test_sigkill_leaves_no_process_and_the_previous_report(
    tmp_path: Path, data_dir: Path, fake_render: str, moment: str, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    make_standins(tmp_path / "notebooks")
    report = build_report(_request(tmp_path, data_dir, fake_render)).path
    before = _snapshot(report)
    sleeper = {"notebooks": "20_coverage_participation", "brief": "90_brief"}.get(moment)
    make_standins(tmp_path / "notebooks", extra={sleeper: SLEEPING_CELL} if sleeper else None)
    proc, marker, flag = _start(tmp_path, fake_render, slow_loader=moment == "loading")
    try:
        assert _wait(flag.exists, 90), f"the run never reached {moment}: {proc.stderr.read() if proc.poll() is not None else ''}"
        if moment == "loading":  # kernels are starting or up while the data load
            assert _wait(lambda: any("kernel_launcher" in c for c in _cmdlines(processes_with(marker))), 60)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        assert _wait(lambda: not processes_with(marker), 10), _cmdlines(processes_with(marker))
    finally:
        _cleanup(marker)
    assert _snapshot(report) == before
    if moment != "notebooks":
        return
    # the killed run's kernel socket folders are still there ...
    system_tmp = _system_tmp(tmp_path)
    left = sorted(p.name for p in system_tmp.glob(f"{KERNEL_DIR_PREFIX}*"))
    assert left and all(name.split("-")[2].isdigit() for name in left), left
    # ... the next run cleans up the leftovers (its own socket folders go elsewhere) and publishes
    monkeypatch.setattr(tempfile, "tempdir", str(system_tmp))
    make_standins(tmp_path / "notebooks")
    build_report(_request(tmp_path, data_dir, fake_render))
    assert not [p.name for p in (tmp_path / "reports").iterdir() if ".tmp-" in p.name or ".old-" in p.name]
    assert not [name for name in left if (system_tmp / name).exists()]


@pytest.mark.slow
def test_a_kill_between_the_publish_renames_loses_no_report(
    tmp_path: Path, data_dir: Path, fake_render: str  # noqa: F811
) -> None:
    make_standins(tmp_path / "notebooks")
    report = build_report(_request(tmp_path, data_dir, fake_render)).path
    before = _snapshot(report)
    proc, marker, _ = _start(tmp_path, fake_render, kill_in_publish=True)
    try:
        assert proc.wait(120) == -signal.SIGKILL
        assert _wait(lambda: not processes_with(marker), 10), _cmdlines(processes_with(marker))
    finally:
        _cleanup(marker)
    names = sorted(p.name for p in (tmp_path / "reports").iterdir())
    assert "2026Q3" not in names  # the window: old report aside, new one not yet in
    assert [n for n in names if n.startswith(".2026Q3.old-")] and [n for n in names if n.startswith(".2026Q3.tmp-")]
    # the next run fails, yet the last good report is back, byte for byte
    make_standins(tmp_path / "notebooks", broken="30_budget")
    with pytest.raises(NotebookFailed):
        build_report(_request(tmp_path, data_dir, fake_render))
    assert _snapshot(report) == before
    assert not [n for n in os.listdir(tmp_path / "reports") if ".old-" in n or ".tmp-" in n]


def test_stale_kernel_folders_of_dead_processes_are_removed(tmp_path: Path) -> None:
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    zombie = subprocess.Popen([sys.executable, "-c", "pass"])  # exits, not reaped until wait()
    stat = Path(f"/proc/{zombie.pid}/stat")
    assert _wait(lambda: not stat.exists() or stat.read_text().rsplit(")", 1)[1].split()[0] == "Z", 30)
    unreaped = tmp_path / f"{KERNEL_DIR_PREFIX}{zombie.pid}-zzzz0000"
    dead = tmp_path / f"{KERNEL_DIR_PREFIX}{finished.pid}-abcd1234"
    alive = tmp_path / f"{KERNEL_DIR_PREFIX}{os.getpid()}-efgh5678"
    old_unnamed = tmp_path / f"{KERNEL_DIR_PREFIX}0cnn8gt0"
    new_unnamed = tmp_path / f"{KERNEL_DIR_PREFIX}1hrmg9yi"
    unrelated = tmp_path / "kompetensi-logs"
    for folder in (dead, unreaped, alive, old_unnamed, new_unnamed, unrelated):
        folder.mkdir()
        (folder / "k-1").write_text("")
    now = time.time()
    os.utime(old_unnamed, (now - UNNAMED_KERNEL_DIR_AGE - 60, now - UNNAMED_KERNEL_DIR_AGE - 60))
    removed = remove_stale_kernel_dirs(tmp_path, now=now)
    zombie.wait()
    assert sorted(removed) == sorted([dead, unreaped, old_unnamed])
    assert not dead.exists() and not old_unnamed.exists()
    assert alive.exists() and new_unnamed.exists() and unrelated.exists()


def test_recover_interrupted_publish_puts_the_aside_report_back(tmp_path: Path) -> None:
    aside = tmp_path / ".2026Q3.old-1a2b3c4d"
    aside.mkdir()
    (aside / "laporan-2026Q3.pdf").write_bytes(b"%PDF good")
    (tmp_path / ".2026Q3.tmp-99999999").mkdir()
    kept = tmp_path / "2026Q2"
    kept.mkdir()
    (tmp_path / ".2026Q2.old-00000000").mkdir()  # a normal leftover: the report itself is there
    assert recover_interrupted_publish(tmp_path) == ["2026Q3"]
    assert (tmp_path / "2026Q3" / "laporan-2026Q3.pdf").read_bytes() == b"%PDF good"
    assert (tmp_path / ".2026Q2.old-00000000").exists() and kept.exists()
    assert recover_interrupted_publish(tmp_path) == []


@pytest.fixture
def read_only_dir(tmp_path: Path):
    """A folder this process cannot write to (chmod, or for root the immutable attribute)."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    immutable = False
    if os.access(folder, os.W_OK) and os.geteuid() == 0:
        immutable = subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0
    try:
        probe = folder / "probe"
        try:
            probe.write_bytes(b"x")
            probe.unlink()
            pytest.skip("no way to make a read-only folder here")
        except OSError:
            pass
        yield folder
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], capture_output=True)
        folder.chmod(0o755)


def test_a_read_only_output_folder_fails_before_any_kernel(
    read_only_dir: Path, data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    from analysis.cli import main
    from analysis.report import pipeline

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a kernel was started")

    monkeypatch.setattr(pipeline, "WorkerPool", no_pool)
    out = read_only_dir / "reports"
    for target in (read_only_dir, out):
        assert main(["report", "--data", str(data_dir), "--out", str(target)]) == 1
        err = capsys.readouterr().err
        assert f"cannot write to {target.resolve()}" in err and "choose another --out" in err
        assert "Traceback" not in err


def test_a_full_disk_is_refused_up_front(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil
    from collections import namedtuple

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10 << 30, (10 << 30) - (5 << 20), 5 << 20))
    with pytest.raises(ReportError, match=r"cannot write to .*only 5 MiB free.*choose another --out"):
        check_output_folder(tmp_path / "reports")


@pytest.mark.slow
def test_sigkill_of_the_kompetensi_command_leaves_no_kernel(tmp_path: Path) -> None:
    """The real command on a small slice of the sample, killed once its kernels are up."""
    sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "corpus"))
    import corpus

    data = corpus.make_slice(tmp_path / "data")
    marker = uuid.uuid4().hex
    env = {**os.environ, "FAULT_MARKER": marker, "KOMPETENSI_SALT": corpus.SALT}
    command = [sys.executable, "-m", "analysis.cli", "report", "--data", str(data), "--out", str(tmp_path / "reports"),
               "--jobs", "2"]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        kernels = lambda: [c for c in _cmdlines(processes_with(marker)) if "kernel_launcher" in c]  # noqa: E731
        assert _wait(lambda: len(kernels()) == 2, 120), _cmdlines(processes_with(marker))
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        assert _wait(lambda: not processes_with(marker), 10), _cmdlines(processes_with(marker))
    finally:
        proc.kill()
        _cleanup(marker)
    assert not (tmp_path / "reports" / "2026Q3").exists()
