"""One look for charts, HTML and PDF.

Fonts: Source Sans Pro, installed from PyPI (``font-source-sans-pro``), so the
charts and the PDF look the same on every machine without downloading anything.
Palette: Okabe & Ito (2008), readable by colour-blind readers; the sequential
palette is monotone in lightness so it survives grey print.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from analysis.data.results import saved_png

#: Okabe-Ito qualitative palette (colour-blind safe).
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",
)
PRIMARY = PALETTE[0]
ACCENT = PALETTE[1]
GREY = "#6B6B6B"
INK = "#1A1A1A"
#: Traffic lights that stay distinct for deuteranopes and in grey print (dark / mid / light).
TRAFFIC_LIGHTS: dict[str, str] = {"green": "#009E73", "amber": "#E69F00", "red": "#B2182B"}
FONT_FAMILY = "Source Sans Pro"


def font_files() -> list[Path]:
    """The bundled Source Sans Pro TTF files (empty if the font package is missing)."""
    try:
        import font_source_sans_pro
    except ImportError:
        return []
    folder = Path(font_source_sans_pro.__file__).parent / "files"
    return sorted(folder.glob("SourceSansPro-*.ttf"))


def apply_theme() -> None:
    """Set the project's seaborn/matplotlib theme (call once at the top of a notebook).

    Registers the bundled font with matplotlib, uses the colour-blind-safe palette,
    light grid, and a figure size that fits an A4 column. Keeps the inline backend.
    """
    import matplotlib as mpl
    import seaborn as sns
    from matplotlib import font_manager

    for path in font_files():
        font_manager.fontManager.addfont(str(path))
    family = FONT_FAMILY if font_files() else "DejaVu Sans"
    sns.set_theme(
        context="notebook",
        style="whitegrid",
        palette=list(PALETTE),
        font=family,
        rc={
            "figure.figsize": (7.5, 4.2),
            "figure.dpi": 110,
            "savefig.dpi": 200,
            "savefig.bbox": "tight",
            "axes.edgecolor": "#BBBBBB",
            "axes.titleweight": "semibold",
            "axes.titlesize": 13,
            "axes.labelcolor": INK,
            "text.color": INK,
            "grid.color": "#E5E5E5",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "legend.frameon": False,
            "svg.fonttype": "none",
        },
    )
    mpl.rcParams["axes.prop_cycle"] = mpl.cycler(color=list(PALETTE))
    _sharp_inline_figures()


def _sharp_inline_figures() -> None:
    """In a notebook on the inline backend, show figures as double-resolution PNG.

    The reports embed the notebook's own images, so "retina" PNGs print and zoom
    sharply; a chart the notebook saved is shown from its saved PNG (``savefig.dpi``,
    :func:`_show_saved_pngs`). Outside IPython, or on another backend, nothing changes;
    the backend itself is never switched.
    """
    import sys

    if "IPython" not in sys.modules:
        return
    import matplotlib as mpl
    from IPython import get_ipython

    if get_ipython() is None or "inline" not in str(mpl.get_backend()).lower():
        return
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # pragma: no cover - comes with ipykernel
        return
    set_matplotlib_formats("retina")
    _show_saved_pngs(get_ipython())


def _show_saved_pngs(shell) -> None:  # noqa: ANN001  (an IPython shell)
    """Show a chart the notebook already saved as that PNG instead of drawing it again.

    :func:`analysis.data.results.save_figure` keeps the PNG it wrote with the figure; the
    inline backend's PNG printer (``retina``, registered by :func:`_sharp_inline_figures`)
    is wrapped so that such a figure is displayed from those bytes, at the size the page
    gives it (the figure's ``dpi``), and any other figure is drawn as before. Calling this
    again keeps one wrapper.
    """
    from matplotlib.figure import Figure

    formatter = shell.display_formatter.formatters["image/png"]
    try:
        draw = formatter.lookup_by_type(Figure)
    except KeyError:
        return
    if isinstance(draw, functools.partial) and draw.func is _saved_or_drawn:
        draw = draw.keywords["draw"]
    formatter.for_type(Figure, functools.partial(_saved_or_drawn, draw=draw))


def _saved_or_drawn(fig, *, draw):  # noqa: ANN001, ANN202  (a Figure; the inline printer)
    """The figure's saved PNG (base64, with its displayed size) if it has one, else ``draw(fig)``."""
    import base64

    saved = saved_png(fig)
    if saved is None:
        return draw(fig)
    width, height = saved.pixels
    scale = fig.dpi / saved.dpi
    return base64.b64encode(saved.data).decode("ascii"), {"width": int(width * scale), "height": int(height * scale)}


#: The ``gid`` of a figure's note (:func:`figure_note`), so it can be found in the figure.
FIGURE_NOTE_ID = "figure-note"


def figure_note(fig, text: str) -> None:  # noqa: ANN001  (a matplotlib Figure)
    """Write ``text`` under the figure, left-aligned in small grey type (nothing if empty).

    Used for what a figure leaves out (disclosure control, ``docs/disclosure.md``); call it
    after ``tight_layout``: the saved figure (``savefig.bbox = "tight"``) takes it in.
    """
    if not text:
        return
    fig.text(0.01, 0.0, text, ha="left", va="top", fontsize=8.5, color=GREY, wrap=True, gid=FIGURE_NOTE_ID)


_ABBREVIATION = re.compile(r"^(?P<name>.+?)\s*\((?P<abbr>[^()]{2,20})\)\s*$")


def short_label(name: object, width: int = 34) -> str:
    """An axis label that never hides a name behind an ellipsis where it can be avoided.

    A name that fits stays as it is; a longer one with its official abbreviation in
    parentheses is shown as the abbreviation (``Dinas Kependudukan dan Pencatatan Sipil
    (Disdukcapil)`` -> ``Disdukcapil``); otherwise it wraps onto two lines at word
    boundaries, and only what does not fit two lines is cut with ``…``.
    """
    import textwrap

    text = " ".join(str(name).split())
    if len(text) <= width:
        return text
    match = _ABBREVIATION.match(text)
    if match:
        return match.group("abbr").strip()
    lines = textwrap.wrap(text, width=width, break_long_words=True)
    if len(lines) <= 2:
        return "\n".join(lines)
    second = textwrap.shorten(" ".join(lines[1:]), width=width, placeholder=" …")
    return f"{lines[0]}\n{second}"


def sequential_palette(n: int) -> list[str]:
    """``n`` blues from light to dark (monotone lightness: prints in grey)."""
    import seaborn as sns

    return sns.color_palette("Blues", n_colors=n).as_hex()
