"""Paths of the machine kept out of a report: shown relative to the project, or scrubbed.

Outputs name files relative to the project (``data/sample``) or by their folder name, never
by an absolute path of the machine (``docs/disclosure.md``): an absolute path tells who ran
the report and where the personal data and the pseudonymisation salt live. Papermill writes
the parameters it injected (``data_dir``, ``output_dir``, ``cache_dir``) into the executed
notebooks and a page may print a path from a warning, so :func:`scrub_paths` rewrites the
build's text files before the audit (:mod:`analysis.report.audit`) checks them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

#: The text files a build may hold paths in.
TEXT_SUFFIXES: frozenset[str] = frozenset({".html", ".htm", ".ipynb", ".json", ".svg", ".md", ".txt"})


def display_path(path: str | Path | None, project_root: Path) -> str | None:
    """``path`` relative to ``project_root`` when inside it, else ``~/...`` under the home
    folder, else just its last part (the folder or file name)."""
    if path is None:
        return None
    target = Path(path).expanduser()
    if not target.is_absolute():
        return target.as_posix()
    for root, prefix in ((project_root, ""), (Path.home(), "~/")):
        try:
            rel = target.resolve().relative_to(root.resolve())
        except (ValueError, OSError):
            continue
        shown = rel.as_posix() if rel.parts else ""
        return (prefix + shown).rstrip("/") or (prefix.rstrip("/") or ".")
    return target.name


def path_replacements(pairs: Mapping[str | Path, str], project_root: Path) -> list[tuple[str, str]]:
    """Replacement pairs (absolute text -> shown text), longest first; the project root and the
    home folder are always added (``.`` and ``~``)."""
    found: dict[str, str] = {}
    for path, shown in pairs.items():
        text = str(path)
        if text and text not in ("/", "."):
            found[text] = shown
            resolved = str(Path(text).resolve())
            found.setdefault(resolved, shown)
    found.setdefault(str(project_root.resolve()), ".")
    found.setdefault(str(project_root), ".")
    found.setdefault(str(Path.home()), "~")
    return sorted(found.items(), key=lambda kv: len(kv[0]), reverse=True)


def scrub_text(text: str, replacements: list[tuple[str, str]]) -> str:
    """``text`` with each absolute path of ``replacements`` replaced by its shown form."""
    for old, new in replacements:
        if old in text:
            text = text.replace(old, new)
    return text


def scrub_paths(folder: Path, replacements: list[tuple[str, str]]) -> list[Path]:
    """Rewrite the text files under ``folder`` (:data:`TEXT_SUFFIXES`); return those changed."""
    changed: list[Path] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES):
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        clean = scrub_text(text, replacements)
        if clean != text:
            path.write_text(clean, encoding="utf-8", errors="surrogateescape")
            changed.append(path)
    return changed
