"""When was a hypothesis file first run, and has it changed since?

The register is a small JSON file **next to the hypothesis file**:
``binjai.yaml`` -> ``binjai.registry.json`` in the same folder. It belongs to the
file, not to one output folder, so every run (the CLI, the quarterly report, any
period) reads the same history, and it can be committed with the file as the record
of when the hypotheses were stated::

    {
      "spec": "binjai.yaml",
      "versions": [
        {"sha256": "<hex>", "first_run": "2026-10-05T08:12:44Z", "period": "2026Q3"},
        ...
      ]
    }

A version is the SHA-256 of the file's bytes (any edit, even of a comment, is a new
version). A run appends its version only when it is new, so an unchanged file never
rewrites the register; ``first_run`` of the first entry is when the hypotheses were
first confronted with data. A run whose version differs from the first entry is
*changed after its first run*, and the page and ``hypotheses.json`` say so.

The register is written atomically (temporary file, then rename). When the folder
is read-only, the run still reports its status but records nothing.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

REGISTRY_SUFFIX = ".registry.json"


@dataclass(frozen=True)
class RegistryStatus:
    """A hypothesis file's standing in its register.

    ``first_run``: when the file was first run (ISO 8601, UTC); ``this_version_first_run``:
    when this exact version was; ``changed``: this version differs from the first;
    ``first_time``: this run recorded the very first entry; ``recorded``: whether the
    register could be written.
    """

    path: Path
    sha256: str
    first_sha256: str
    first_run: str
    this_version_first_run: str
    changed: bool
    first_time: bool
    recorded: bool = True

    def to_dict(self) -> dict[str, object]:
        return {
            "registry": str(self.path), "sha256": self.sha256, "first_sha256": self.first_sha256,
            "first_run": self.first_run, "this_version_first_run": self.this_version_first_run,
            "changed_after_first_run": self.changed, "first_run_now": self.first_time,
            "recorded": self.recorded,
        }


def registry_path(spec_path: str | Path) -> Path:
    """``<folder>/<stem>.registry.json`` next to the hypothesis file."""
    spec_path = Path(spec_path)
    return spec_path.with_name(spec_path.stem + REGISTRY_SUFFIX)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def read_registry(path: str | Path) -> list[dict[str, str]]:
    """The recorded versions (oldest first); empty when there is no register yet."""
    path = Path(path)
    if not path.exists():
        return []
    payload = json.loads(path.read_text(encoding="utf-8"))
    return list(payload.get("versions", []))


def record_run(spec_path: str | Path, sha256: str, period: str, *, now: str | None = None,
               path: str | Path | None = None) -> RegistryStatus:
    """Look the version up in the register, append it if new, and return its status.

    Parameters
    ----------
    spec_path
        The hypothesis file.
    sha256
        SHA-256 of its bytes (:attr:`analysis.hypotheses.spec.Spec.sha256`).
    period
        The quarter of this run (recorded with a new version).
    now
        The time to record (ISO 8601 UTC; default: now).
    path
        The register (default :func:`registry_path`).
    """
    target = Path(path) if path is not None else registry_path(spec_path)
    versions = read_registry(target)
    known = next((v for v in versions if v.get("sha256") == sha256), None)
    recorded = True
    first_time = not versions
    if known is None:
        known = {"sha256": sha256, "first_run": now or _now(), "period": period}
        versions.append(known)
        payload = {"spec": Path(spec_path).name, "versions": versions}
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            tmp.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            tmp.replace(target)
        except OSError:
            recorded = False
            tmp.unlink(missing_ok=True)
    first = versions[0]
    return RegistryStatus(
        path=target, sha256=sha256, first_sha256=first["sha256"], first_run=first["first_run"],
        this_version_first_run=known["first_run"], changed=first["sha256"] != sha256,
        first_time=first_time, recorded=recorded,
    )
