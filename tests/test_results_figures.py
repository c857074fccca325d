"""Saving a chart (``analysis.data.results.save_figure``) and showing the saved PNG on the page.

The files must be what ``savefig`` writes with the theme's settings; the notebook shows the
PNG it saved (at the size the inline backend would give the chart) instead of drawing the
chart again, and draws a chart changed after saving as before.
"""

from __future__ import annotations

import base64
import re

import matplotlib

matplotlib.use("Agg")  # tests only; notebooks keep the inline backend

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from analysis.charts import theme  # noqa: E402
from analysis.data.results import ResultsRecorder, SavedPng, save_figure, saved_png  # noqa: E402


@pytest.fixture(autouse=True)
def _themed():
    with matplotlib.rc_context():
        theme.apply_theme()
        matplotlib.rcParams["svg.hashsalt"] = "test"  # SVG ids otherwise differ from run to run
        yield
    plt.close("all")


def _chart(title: str = "Rata-rata kenaikan") -> Figure:
    fig, ax = plt.subplots()
    ax.barh(["tatap muka", "e-learning", "blended"], [4.2, 6.1, 5.0])
    ax.set_title(title)
    ax.set_xlabel("poin")
    fig.tight_layout()
    return fig


def _svg_without_date(text: str) -> str:
    return re.sub(r"<dc:date>.*?</dc:date>", "", text)


def test_files_are_what_savefig_writes(tmp_path) -> None:
    paths = save_figure(_chart(), "gain", tmp_path / "out")
    assert [p.name for p in paths] == ["gain.png", "gain.svg"]
    assert all(p.parent == tmp_path / "out" / "figures" for p in paths)
    reference = _chart()  # the same chart, saved the plain way
    reference.savefig(tmp_path / "ref.png")
    reference.savefig(tmp_path / "ref.svg")
    assert paths[0].read_bytes() == (tmp_path / "ref.png").read_bytes()
    assert _svg_without_date(paths[1].read_text()) == _svg_without_date((tmp_path / "ref.svg").read_text())


def test_recorder_saves_through_the_same_function(tmp_path) -> None:
    fig = _chart()
    paths = ResultsRecorder("10_training_outcomes").figure(fig, "gain", tmp_path)
    saved = saved_png(fig)
    assert saved is not None and saved.data == paths[0].read_bytes()
    assert saved.dpi == 200  # the theme's savefig.dpi


def test_saved_png_size_is_read_from_its_header(tmp_path) -> None:
    fig = _chart()
    save_figure(fig, "gain", tmp_path)
    from PIL import Image

    with Image.open(tmp_path / "figures" / "gain.png") as img:
        assert saved_png(fig).pixels == img.size  # type: ignore[union-attr]


def test_a_change_after_saving_withdraws_the_png(tmp_path) -> None:
    fig = _chart()
    assert saved_png(fig) is None  # never saved
    save_figure(fig, "gain", tmp_path)
    assert saved_png(fig) is not None
    fig.axes[0].set_title("Judul lain")
    assert saved_png(fig) is None


def test_page_shows_the_saved_png_at_the_inline_size(tmp_path) -> None:
    """The wrapped printer returns the saved bytes with the size the retina printer gives the chart."""
    drawn: list[Figure] = []

    def retina(fig: Figure) -> tuple[str, dict[str, int]]:  # what IPython's retina printer returns
        drawn.append(fig)
        from IPython.core.pylabtools import retina_figure

        return retina_figure(fig, base64=True, bbox_inches="tight")  # type: ignore[return-value]

    fig = _chart()
    save_figure(fig, "gain", tmp_path)
    data, meta = theme._saved_or_drawn(fig, draw=retina)
    assert base64.b64decode(data) == (tmp_path / "figures" / "gain.png").read_bytes()
    assert drawn == []  # not drawn again
    _, retina_meta = retina(_chart())
    assert abs(meta["width"] - retina_meta["width"]) <= 2 and abs(meta["height"] - retina_meta["height"]) <= 2
    changed = _chart()
    save_figure(changed, "changed", tmp_path)
    changed.axes[0].set_xlabel("JP")
    theme._saved_or_drawn(changed, draw=retina)
    assert drawn[-1] is changed  # changed after saving: drawn as before


def test_shell_formatter_is_wrapped_once(tmp_path) -> None:
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    formatter = shell.display_formatter.formatters["image/png"]
    formatter.for_type(Figure, lambda fig: "drawn")
    theme._show_saved_pngs(shell)
    theme._show_saved_pngs(shell)  # again, as a second apply_theme() would
    printer = formatter.lookup_by_type(Figure)
    assert printer.func is theme._saved_or_drawn and printer.keywords["draw"](None) == "drawn"
    fig = _chart()
    assert shell.display_formatter.format(fig)[0]["image/png"] == "drawn"
    save_figure(fig, "gain", tmp_path)
    data = shell.display_formatter.format(fig)[0]["image/png"]
    assert base64.b64decode(data) == (tmp_path / "figures" / "gain.png").read_bytes()
    formatter.pop(Figure)


def test_saved_png_record_is_immutable() -> None:
    saved = SavedPng(b"", 200.0)
    with pytest.raises(AttributeError):
        saved.dpi = 100.0  # type: ignore[misc]
