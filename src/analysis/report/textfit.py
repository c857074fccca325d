"""Text that fits its box: wrap and shrink with the font's own metrics.

A slide's text is laid out by the program that shows it, so the deck builder must
know beforehand how much room a sentence takes. This module measures text with the
TrueType files of the chart theme's font (Source Sans Pro, :func:`analysis.charts.theme.font_files`)
through Pillow's FreeType binding, wraps it greedily at spaces into a given width and
finds the largest font size at which all paragraphs fit a given height.

Definitions
-----------
width of a run
    ``ImageFont.getlength`` of the run at :data:`MEASURE_PX` pixels per em, scaled to
    the font size in points (so kerning and the advance widths of the font apply).
    Characters the face lacks are measured with matplotlib's DejaVu Sans, the fallback
    a renderer is likely to use for them.
line height
    (hhea ascender - hhea descender + lineGap) / unitsPerEm x font size: what PowerPoint
    and LibreOffice use for single line spacing.
reserve
    Widths are multiplied by :data:`WIDTH_RESERVE` and heights by :data:`HEIGHT_RESERVE`
    before comparing with the box, so the text still fits when a viewer that cannot use
    the embedded font substitutes a somewhat wider sans-serif, or rounds line heights
    differently.

Markup: ``**bold**`` in a text makes that part bold (:func:`runs`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from analysis.charts.theme import FONT_FAMILY, font_files

#: Pixels per em at which text is measured (then scaled linearly to the size in points).
MEASURE_PX = 200
#: Spare width: measured widths are multiplied by this before wrapping.
WIDTH_RESERVE = 1.10
#: Spare height: measured heights are multiplied by this before comparing with the box.
HEIGHT_RESERVE = 1.04

_BOLD = re.compile(r"\*\*(.+?)\*\*")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph: runs of ``(text, bold)``, a size relative to the box's size, the space after it.

    ``scale`` multiplies the font size chosen for the box (0.7: a smaller note under a
    large sentence); ``space_after`` is in units of the paragraph's own font size.
    """

    runs: tuple[tuple[str, bool], ...]
    scale: float = 1.0
    space_after: float = 0.35
    bold: bool = False

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.runs)


@dataclass(frozen=True)
class Layout:
    """Paragraphs laid out at ``size`` points: the lines of each and the total height (points)."""

    size: float
    lines: tuple[tuple[str, ...], ...]
    height: float
    fits: bool


def runs(text: str, *, bold: bool = False) -> tuple[tuple[str, bool], ...]:
    """``"a **b** c"`` -> ``(("a ", False), ("b", True), (" c", False))``; all bold with ``bold``."""
    parts: list[tuple[str, bool]] = []
    last = 0
    for match in _BOLD.finditer(text):
        if match.start() > last:
            parts.append((text[last:match.start()], bold))
        parts.append((match.group(1), True))
        last = match.end()
    if last < len(text):
        parts.append((text[last:], bold))
    return tuple(p for p in parts if p[0]) or (("", bold),)


def plain(text: str) -> str:
    """The text without ``**`` markup."""
    return _BOLD.sub(r"\1", text)


def paragraph(text: str, *, scale: float = 1.0, bold: bool = False, space_after: float = 0.35) -> Paragraph:
    """A :class:`Paragraph` from marked-up text."""
    return Paragraph(runs(text, bold=bold), scale=scale, space_after=space_after, bold=bold)


# --------------------------------------------------------------------------- fonts


@dataclass(frozen=True)
class Face:
    """The regular and bold TrueType files of one family, and the family's name."""

    family: str
    regular: Path
    bold: Path


def theme_face() -> Face:
    """Source Sans Pro from :func:`analysis.charts.theme.font_files` (``RuntimeError`` if missing)."""

    files = {p.stem.split("-", 1)[1]: p for p in font_files()}
    if "Regular" not in files or "Bold" not in files:
        raise RuntimeError("the font-source-sans-pro package is not installed; it is a dependency of this project")
    return Face(FONT_FAMILY, files["Regular"], files["Bold"])


def fallback_font_file() -> Path:
    """matplotlib's DejaVu Sans, which has the symbols Source Sans Pro lacks (``●``, ``○``)."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


@lru_cache(maxsize=8)
def _pil_font(path: str):  # noqa: ANN202 - PIL type
    from PIL import ImageFont

    return ImageFont.truetype(path, size=MEASURE_PX)


@lru_cache(maxsize=8)
def _cmap(path: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    return frozenset(font.getBestCmap())


@lru_cache(maxsize=8)
def line_height_em(path: str) -> float:
    """Single line spacing of a face in ems: (ascender - descender + lineGap) / unitsPerEm (hhea)."""
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    hhea = font["hhea"]
    return (hhea.ascent - hhea.descent + hhea.lineGap) / font["head"].unitsPerEm


def text_width(text: str, size: float, face: Face, *, bold: bool = False) -> float:
    """Advance width of ``text`` in points at ``size`` points (kerning included)."""
    if not text:
        return 0.0
    return _width_px(str(face.bold if bold else face.regular), text) * size / MEASURE_PX


@lru_cache(maxsize=65536)
def _width_px(path: str, text: str) -> float:
    """Width of ``text`` at :data:`MEASURE_PX` (cached: a deck measures the same words at many sizes)."""
    total = 0.0
    for chunk, ok in _chunks(text, _cmap(path)):
        total += _pil_font(path if ok else str(fallback_font_file())).getlength(chunk)
    return total


def _chunks(text: str, known: frozenset[int]) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    for ch in text:
        ok = ord(ch) in known or ch.isspace()
        if out and out[-1][1] == ok:
            out[-1] = (out[-1][0] + ch, ok)
        else:
            out.append((ch, ok))
    return out


# --------------------------------------------------------------------------- wrapping


def _tokens(runs_: Sequence[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Words with their style; a space is its own token."""
    tokens: list[tuple[str, bool]] = []
    for text, bold in runs_:
        for piece in re.split(r"( )", text):
            if piece:
                tokens.append((piece, bold))
    return tokens


def wrap(par: Paragraph, width: float, size: float, face: Face, *, reserve: float = WIDTH_RESERVE) -> tuple[str, ...]:
    """The lines of a paragraph wrapped greedily at spaces to ``width`` points at ``size`` points.

    A word wider than the whole line is broken between characters. Measured widths are
    multiplied by ``reserve``.
    """
    size = size * par.scale
    lines: list[str] = []
    line: list[tuple[str, bool]] = []
    used = 0.0

    def measure(token: tuple[str, bool]) -> float:
        return reserve * text_width(token[0], size, face, bold=token[1] or par.bold)

    for token in _tokens(par.runs):
        w = measure(token)
        if token[0] == " ":
            if line:
                line.append(token)
                used += w
            continue
        if used + w <= width or not line:
            if w > width and not line:  # a word longer than the line: break it
                for piece in _break_word(token, width, size, face, reserve, par.bold):
                    if line:
                        lines.append("".join(t for t, _ in line).rstrip())
                    line, used = [piece], measure(piece)
                continue
            line.append(token)
            used += w
        else:
            lines.append("".join(t for t, _ in line).rstrip())
            line, used = [token], w
    if line or not lines:
        lines.append("".join(t for t, _ in line).rstrip())
    return tuple(lines)


def _break_word(token: tuple[str, bool], width: float, size: float, face: Face, reserve: float,
                bold: bool) -> list[tuple[str, bool]]:
    pieces: list[tuple[str, bool]] = []
    current = ""
    for ch in token[0]:
        if current and reserve * text_width(current + ch, size, face, bold=token[1] or bold) > width:
            pieces.append((current, token[1]))
            current = ch
        else:
            current += ch
    if current:
        pieces.append((current, token[1]))
    return pieces


def layout(paragraphs: Sequence[Paragraph], width: float, height: float, size: float, face: Face, *,
           reserve: float = WIDTH_RESERVE, height_reserve: float = HEIGHT_RESERVE) -> Layout:
    """Lay ``paragraphs`` out in a ``width`` x ``height`` box (points) at ``size`` points.

    Height = sum over paragraphs of lines x line height + space after (none after the last).
    """
    em = line_height_em(str(face.regular))
    all_lines = []
    total = 0.0
    for i, par in enumerate(paragraphs):
        lines = wrap(par, width, size, face, reserve=reserve)
        all_lines.append(lines)
        own = size * par.scale
        total += len(lines) * em * own
        if i < len(paragraphs) - 1:
            total += par.space_after * own
    return Layout(size, tuple(all_lines), total, total * height_reserve <= height)


def fit(paragraphs: Sequence[Paragraph], width: float, height: float, face: Face, *, max_size: float,
        min_size: float, step: float = 0.5, reserve: float = WIDTH_RESERVE) -> Layout:
    """The largest size from ``max_size`` down to ``min_size`` (by ``step``) at which the text fits.

    Returns the layout at ``min_size`` with ``fits=False`` when even that is too big.
    """
    n = max(0, int(math.floor((max_size - min_size) / step + 1e-9)))
    best = None
    for i in range(n + 1):
        size = max_size - i * step
        best = layout(paragraphs, width, height, size, face, reserve=reserve)
        if best.fits:
            return best
    assert best is not None
    return best


__all__ = [
    "HEIGHT_RESERVE",
    "WIDTH_RESERVE",
    "Face",
    "Layout",
    "Paragraph",
    "fit",
    "layout",
    "line_height_em",
    "paragraph",
    "plain",
    "runs",
    "text_width",
    "theme_face",
    "wrap",
]
