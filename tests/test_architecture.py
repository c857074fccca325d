"""The package's folders are its layers: a module imports only from layers below its own."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "analysis"


def test_layers_contract_holds():
    """``lint-imports`` checks the layers contract in pyproject.toml (docs/architecture.md)."""
    exe = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    if not Path(exe).exists():
        pytest.fail("lint-imports is not installed: `make install` installs the test extras")
    done = subprocess.run([exe], cwd=SRC.parents[1], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-3000:]


def test_no_module_cites_a_file_outside_the_repository():
    offenders = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py") if "DESIGN.md" in p.read_text()]
    assert offenders == [], f"cite docs/ instead of DESIGN.md in: {offenders}"


def test_imports_are_at_module_level():
    """Imports of the package inside functions hide cycles between layers: the package is
    imported at module level (third-party heavy or optional libraries may still be imported late)."""
    # Two places import late on purpose: the report package's entry points must first switch
    # off slow optional imports of the kernel stack (kernel.skip_slow_optional_imports), and
    # the command line imports a subcommand's module only when it runs (`kompetensi --help`
    # stays instant, and an internal error is reported even when an import fails).
    allowed = {"report/__init__.py", "cli.py"}
    late: list[str] = []
    for path in SRC.rglob("*.py"):
        if str(path.relative_to(SRC)) in allowed:
            continue
        tree = ast.parse(path.read_text())
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(func):
                if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("analysis"):
                    late.append(f"{path.relative_to(SRC)}:{node.lineno} from {node.module}")
                elif isinstance(node, ast.ImportFrom) and node.level:
                    late.append(f"{path.relative_to(SRC)}:{node.lineno} relative import")
                elif isinstance(node, ast.Import):
                    late += [f"{path.relative_to(SRC)}:{node.lineno} import {a.name}" for a in node.names
                             if a.name.startswith("analysis")]
    assert late == [], "in-function imports of the package:\n" + "\n".join(late)
