"""The report's font, embedded: Source Sans Pro subset to the characters the reports use, as WOFF data URIs.

The faces come from the PyPI package ``font-source-sans-pro``
(:func:`analysis.charts.theme.font_files`), so pages and PDFs look the same on
every machine without downloading anything. Subsetting (fontTools, which comes
with WeasyPrint) takes a fraction of a second per face; the result is cached on
disk (:func:`font_faces_css`).
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
from functools import lru_cache
from pathlib import Path

from analysis.charts.theme import font_files

# Characters the embedded font subset keeps (Latin, punctuation, currency, math signs, arrows,
# the traffic-light shapes); anything else falls back to the system's sans-serif.
_FONT_UNICODES: tuple[int, ...] = (
    *range(0x20, 0x7F),
    *range(0xA0, 0x180),
    *range(0x2000, 0x2070),
    0x20AC,
    0x2116,
    0x2190,
    0x2191,
    0x2192,
    0x2193,
    0x2212,
    0x2248,
    0x2264,
    0x2265,
    0x25A0,
    0x25B2,
    0x25BC,
    0x25CB,
    0x25CF,
)
_FACES = (("Regular", 400, "normal"), ("Semibold", 600, "normal"), ("Bold", 700, "normal"), ("It", 400, "italic"))


def _font_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kompetensi" / "fonts"


def _subset_woff(path: Path) -> bytes:
    """The face at ``path`` subset to :data:`_FONT_UNICODES` as WOFF (cached on disk when possible).

    Subsetting takes a fraction of a second per face; the result is kept in
    ``$XDG_CACHE_HOME/kompetensi/fonts`` (default ``~/.cache``), keyed by the
    source file's size and modification time and the character list, so later
    processes read it instead. An unwritable cache is simply not used.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    stat = path.stat()
    key = hashlib.sha256(
        f"{path.name}|{stat.st_size}|{stat.st_mtime_ns}|{_FONT_UNICODES}|woff1".encode()
    ).hexdigest()[:20]
    cached = _font_cache_dir() / f"{path.stem}-{key}.woff"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    options = subset.Options()
    options.flavor = "woff"
    options.with_zopfli = False
    options.notdef_outline = True
    font = TTFont(str(path))
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=_FONT_UNICODES)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff"
    font.save(buffer)
    return write_cached(cached, buffer.getvalue())


def write_cached(cached: Path, data: bytes) -> bytes:
    """Store ``data`` at ``cached`` atomically (a per-process temporary file, then a rename);
    a cache that cannot be written is skipped. Returns ``data``."""
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_name(f".{cached.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(cached)
    except OSError:
        pass
    return data


@lru_cache(maxsize=1)
def font_faces_css() -> str:
    """``@font-face`` rules embedding Source Sans Pro as WOFF data URIs (cached per process).

    The faces are subset to Latin text, punctuation and a few symbols (about 24 kB
    each) with fontTools, from the TTF files of the installed ``font-source-sans-pro``
    package (see :func:`_subset_woff`). Returns ``""`` when the package or
    fontTools is missing (the CSS then falls back to the system's sans-serif).
    """
    files = {p.stem.split("-", 1)[1]: p for p in font_files()}
    try:
        import fontTools  # noqa: F401
    except ImportError:  # pragma: no cover - fontTools comes with WeasyPrint
        return ""
    rules = []
    for face, weight, style in _FACES:
        path = files.get(face)
        if path is None:
            continue
        data = base64.b64encode(_subset_woff(path)).decode("ascii")
        rules.append(
            "@font-face { font-family: 'Source Sans Pro'; "
            f"font-weight: {weight}; font-style: {style}; "
            f"src: url(data:font/woff;base64,{data}) format('woff'); }}"
        )
    return "\n".join(rules)
