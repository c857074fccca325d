"""The slide canvas of :mod:`analysis.report.slides`: the deck's geometry and colours, and the
drawing primitives (a text box fitted to its region, a table, a picture with its alt text) that
the slides are built from. Nothing here knows what a slide says."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.brief.content import BriefContent
from analysis.report.messages import CITY
from analysis.report.textfit import HEIGHT_RESERVE, Face, Layout, Paragraph, fit, paragraph, plain
from analysis.text.lang import check_lang, pick

SLIDE_WIDTH = 960.0
SLIDE_HEIGHT = 540.0
#: Left/right page margin and the inner padding of every text box (points).
MARGIN = 40.0
PAD_X = 4.0
PAD_Y = 3.0
#: Colours of the brief's stylesheet (report.css): ink, muted text, rules, headings.
INK = "1A1A1A"
MUTED = "5A5A5A"
RULE = "D0D7DE"
PRIMARY = "0B4F8A"
ZEBRA = "F3F6F9"
#: Traffic lights as the brief's pills: (shape, fill, text colour). The shape survives grey print.
LIGHTS: dict[str, tuple[str, str, str]] = {
    "green": ("●", "E1F4EE", "00664A"),
    "amber": ("▲", "FDF1DC", "8A5A00"),
    "red": ("■", "F7E1E4", "8E1322"),
    "none": ("○", "F0F0F0", MUTED),
    "insufficient": ("○", "F0F0F0", MUTED),
    "no_data": ("○", "F0F0F0", MUTED),
}
#: Font for the light shapes Source Sans Pro lacks (● ○): a standard font on office PCs.
SYMBOL_FONT = "Arial"


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in points."""

    x: float
    y: float
    w: float
    h: float

    @property
    def inner(self) -> tuple[float, float]:
        """Width and height left for text inside the box's padding."""
        return self.w - 2 * PAD_X, self.h - 2 * PAD_Y





class Deck:
    """The presentation being built, with the face, colours and the run font settings."""

    def __init__(self, content: BriefContent, face: Face, date: object | None = None) -> None:
        from pptx import Presentation
        from pptx.util import Pt

        self.content = content
        self.lang = check_lang(content.lang)
        self.face = face
        self.prs = Presentation()
        self.prs.slide_width = Pt(SLIDE_WIDTH)
        self.prs.slide_height = Pt(SLIDE_HEIGHT)
        self.panose = ""
        self.titles: list[str] = []
        self.date = date

    # -- runs and text boxes

    def _style_run(self, run: Any, size: float, *, bold: bool, color: str, symbol: bool = False) -> None:
        from pptx.dml.color import RGBColor
        from pptx.util import Pt

        font = run.font
        font.size = Pt(size)
        font.bold = bold
        font.color.rgb = RGBColor.from_string(color)
        font.name = SYMBOL_FONT if symbol else self.face.family
        if not symbol and self.panose:
            latin = run._r.get_or_add_rPr().find(
                "{http://schemas.openxmlformats.org/drawingml/2006/main}latin"
            )
            latin.set("panose", self.panose)
            latin.set("pitchFamily", "34")
            latin.set("charset", "0")

    def fill_frame(self, frame: Any, paragraphs: Sequence[Paragraph], size: float, *, color: str = INK,
                   align: str = "left", anchor: str = "top", colors: Sequence[str] | None = None) -> None:
        """Write ``paragraphs`` into a text frame at ``size`` (each paragraph's ``scale`` applied)."""
        from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
        from pptx.util import Pt

        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.margin_left = frame.margin_right = Pt(PAD_X)
        frame.margin_top = frame.margin_bottom = Pt(PAD_Y)
        frame.vertical_anchor = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE, "bottom": MSO_ANCHOR.BOTTOM}[anchor]
        frame.clear()
        for i, par in enumerate(paragraphs):
            p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            p.alignment = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}[align]
            p.line_spacing = 1.0
            own = size * par.scale
            p.space_before = Pt(0)
            p.space_after = Pt(round(par.space_after * own, 1) if i < len(paragraphs) - 1 else 0)
            shade = colors[i] if colors is not None else color
            for text, bold in par.runs:
                run = p.add_run()
                run.text = text
                self._style_run(run, own, bold=bold or par.bold, color=shade)

    def text_box(self, slide: Any, box: Box, paragraphs: Sequence[Paragraph], *, max_size: float,
                 min_size: float, color: str = INK, align: str = "left", anchor: str = "top",
                 colors: Sequence[str] | None = None, name: str | None = None,
                 tight: bool = False) -> Layout | None:
        """A text box holding ``paragraphs`` at the largest size from ``max_size`` to ``min_size`` that fits.

        With ``tight`` the box is cut to the height its text needs (with the spare room
        of :data:`analysis.report.textfit.HEIGHT_RESERVE`), so what follows can sit under it.
        Returns the layout, or ``None`` (and draws nothing) when the text does not fit even at ``min_size``.
        """
        from pptx.util import Pt

        width, height = box.inner
        laid = fit(paragraphs, width, height, self.face, max_size=max_size, min_size=min_size)
        if not laid.fits:
            return None
        if tight:
            box = Box(box.x, box.y, box.w, min(box.h, laid.height * HEIGHT_RESERVE + 2 * PAD_Y + 1))
        shape = slide.shapes.add_textbox(Pt(box.x), Pt(box.y), Pt(box.w), Pt(box.h))
        if name:
            shape.name = name
        self.fill_frame(shape.text_frame, paragraphs, laid.size, color=color, align=align, anchor=anchor, colors=colors)
        return laid

    def rectangle(self, slide: Any, box: Box, color: str) -> Any:
        from pptx.dml.color import RGBColor
        from pptx.enum.shapes import MSO_SHAPE
        from pptx.util import Pt

        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Pt(box.x), Pt(box.y), Pt(box.w), Pt(box.h))
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor.from_string(color)
        shape.line.fill.background()
        shape.shadow.inherit = False
        return shape

    # -- slides

    def new_slide(self, title: str) -> Any:
        """A "Title Only" slide with ``title`` fitted into the title placeholder and a rule under it."""
        from pptx.util import Pt

        slide = self.prs.slides.add_slide(self.prs.slide_layouts[5])
        box = Box(MARGIN, 22, SLIDE_WIDTH - 2 * MARGIN, 56)
        placeholder = slide.shapes.title
        placeholder.left, placeholder.top, placeholder.width, placeholder.height = (
            Pt(box.x), Pt(box.y), Pt(box.w), Pt(box.h))
        pars = [paragraph(title, bold=True)]
        laid = fit(pars, *box.inner, self.face, max_size=28, min_size=16)
        if not laid.fits:  # a very long title: smaller still rather than outside its box
            laid = fit(pars, *box.inner, self.face, max_size=15.5, min_size=8)
        self.fill_frame(placeholder.text_frame, pars, laid.size, color=PRIMARY, anchor="bottom")
        self.rectangle(slide, Box(MARGIN, 82, SLIDE_WIDTH - 2 * MARGIN, 1.5), RULE)
        self.titles.append(title)
        return slide

    def notes(self, slide: Any, lines: Sequence[str]) -> None:
        slide.notes_slide.notes_text_frame.text = "\n".join(plain(line) for line in lines if line is not None)

    def footer(self) -> None:
        """City and quarter on the left, "n / N" on the right, on every slide but the first."""

        total = len(self.prs.slides)
        left = f"{pick(self.lang, CITY)} · {self.content.period_label}"
        if self.content.scope_label:
            left += f" · {self.content.scope}"
        for number, slide in enumerate(self.prs.slides, start=1):
            if number == 1:
                continue
            self.text_box(slide, Box(MARGIN, 506, 600, 22), [paragraph(left)], max_size=10, min_size=8, color=MUTED)
            self.text_box(slide, Box(SLIDE_WIDTH - MARGIN - 120, 506, 120, 22), [paragraph(f"{number} / {total}")],
                          max_size=10, min_size=8, color=MUTED, align="right")


def picture(deck: Deck, slide: Any, path: Path, region: Box, alt: str) -> Box:
    """The chart scaled to fit ``region`` (aspect kept), centred horizontally, at its top; returns where it went."""
    from PIL import Image
    from pptx.util import Pt

    with Image.open(path) as image:
        w_px, h_px = image.size
    scale = min(region.w / w_px, region.h / h_px)
    w, h = w_px * scale, h_px * scale
    x = region.x + (region.w - w) / 2
    picture = slide.shapes.add_picture(str(path), Pt(x), Pt(region.y), Pt(w), Pt(h))
    picture.name = alt or path.stem
    picture._element.nvPicPr.cNvPr.set("descr", alt)
    return Box(x, region.y, w, h)


