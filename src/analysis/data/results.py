"""Key numbers of a notebook run, recorded for the report pipeline.

Each analysis notebook records its headline numbers with their uncertainty
(estimate, 95% CI, n) under language-neutral codes; the pipeline merges every
notebook's file into ``results.json``.

Disclosure control (``docs/disclosure.md``) is applied here, where numbers and tables
leave a notebook: a number on fewer than k people, a share of people whose count (or
complement) is small, and a small count of people are recorded without their estimate and
interval (``suppressed: true``); completion, no-show and drop-out rates, which add up to 1,
are protected together (secondary suppression); and a saved table goes through
:func:`analysis.data.disclosure.disclose` (suppressed cells blank, a ``suppressed`` flag).
"""

from __future__ import annotations

import io
import json
import math
import struct
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from analysis.data.disclosure import (
    RATE_FAMILIES,
    DisclosurePolicy,
    complementary_cells,
    disclose,
    load_policy,
    rate_count,
    suppress_number,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: The verdict codes a recorded number may carry (``results.json`` format 2); the rule that
#: chooses one is :func:`analysis.stats.verdict.verdict`.
VERDICTS: tuple[str, ...] = ("better", "worse", "higher", "lower", "different", "no_clear_difference",
                             "insufficient_data")

RESULTS_SUBDIR = "results"
TABLES_SUBDIR = "tables"
FIGURES_SUBDIR = "figures"


@dataclass(frozen=True)
class KeyNumber:
    """One key number. ``code`` is a stable identifier such as ``coverage.share_meeting_20jp``.

    ``unit`` is one of ``share`` (0..1), ``jp``, ``idr``, ``points``, ``days``,
    ``ratio``, ``count`` or a metric name; ``ci_low``/``ci_high`` are the 95% CI
    (``None`` when the number is a count without sampling uncertainty).

    A number that carries a verdict also records how it was reached (``docs/results.md``):
    ``verdict`` (a code of :data:`analysis.stats.verdict.VERDICTS`, or ``None`` where no
    comparison is made), ``p_value`` and ``p_adjusted`` (``None`` where not applicable),
    ``family`` (the set of tests it was adjusted with), ``primary`` (a declared primary
    outcome), ``inference`` (e.g. ``crv1_t(G-1)``, ``wild_cluster_bootstrap``,
    ``randomization``, ``wilson``) and ``n_clusters`` where clustered. ``n_of`` says what
    ``n`` counts (``people`` by default; ``units``, ``programmes``, ``unit-quarters``...):
    only numbers on people are subject to disclosure control, and ``suppressed`` is true
    when the number was withheld because it rests on too few people.
    """

    code: str
    estimate: float | None
    ci_low: float | None = None
    ci_high: float | None = None
    n: int | None = None
    unit: str = ""
    period: str | None = None
    group: str | None = None
    note: str = ""
    verdict: str | None = None
    p_value: float | None = None
    p_adjusted: float | None = None
    family: str | None = None
    primary: bool = False
    inference: str | None = None
    n_clusters: int | None = None
    n_of: str = "people"
    suppressed: bool = False


#: The fields of :class:`KeyNumber` a number may carry beyond its value (``record(**extra)``).
VERDICT_FIELDS: tuple[str, ...] = ("verdict", "p_value", "p_adjusted", "family", "primary", "inference",
                                   "n_clusters", "n_of", "suppressed")


def _family(code: str) -> tuple[str, ...] | None:
    """The rate family (:data:`analysis.data.disclosure.RATE_FAMILIES`) a code's last part is in."""
    last = code.rsplit(".", 1)[-1]
    return next((f for f in RATE_FAMILIES if last in f), None)


def _clean(x: object) -> object:
    if isinstance(x, float) and (math.isnan(x) or math.isinf(x)):
        return None
    if hasattr(x, "item"):  # numpy scalar
        return _clean(x.item())
    return x


class ResultsRecorder:
    """Collects :class:`KeyNumber` s and writes them to ``<output_dir>/results/<notebook>.json``.

    Example
    -------
    >>> rec = ResultsRecorder("10_training_outcomes")
    >>> rec.record("outcomes.mean_gain", 8.2, 7.1, 9.3, n=812, unit="points", period="2026Q3")
    >>> len(rec.numbers)
    1
    """

    def __init__(self, notebook: str, policy: DisclosurePolicy | None = None) -> None:
        self.notebook = notebook
        self.numbers: list[KeyNumber] = []
        self.policy = policy if policy is not None else load_policy()
        #: ``(code, period, group) -> (count, n)`` of recorded rates of a family, kept so the
        #: family's secondary suppression can be decided after a member was hidden.
        self._family_counts: dict[tuple[str, str | None, str | None], tuple[float, float | None]] = {}

    def record(
        self,
        code: str,
        estimate: float | None,
        ci_low: float | None = None,
        ci_high: float | None = None,
        *,
        n: int | None = None,
        unit: str = "",
        period: str | None = None,
        group: str | None = None,
        note: str = "",
        verdict: str | None = None,
        p_value: float | None = None,
        p_adjusted: float | None = None,
        family: str | None = None,
        primary: bool = False,
        inference: str | None = None,
        n_clusters: int | None = None,
        n_of: str = "people",
    ) -> KeyNumber:
        """Add one number (replacing an earlier one with the same code, period and group).

        The verdict fields are described in :class:`KeyNumber`; ``verdict`` must be one of
        :data:`analysis.stats.verdict.VERDICTS` or ``None``. A number whose ``n`` counts
        people (``n_of="people"``, the default) and is below the policy's k is recorded
        suppressed: estimate and interval ``None``, ``suppressed=True`` (``n`` is kept so the
        reader sees why); so is a ``unit="share"`` whose count of people or its complement is
        small, a small ``unit="count"``, and a member of a rate family hidden so that a small
        member cannot be worked out (``docs/disclosure.md``). Set ``n_of`` (``"units"``, ``"programmes"``...) where ``n`` counts
        something other than people.
        """
        if verdict is not None and verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {', '.join(VERDICTS)} or None; got {verdict!r}")
        suppressed = False
        if n_of == "people":
            if _family(code) is not None:
                self._family_counts[(code, period, group)] = (rate_count(_clean(estimate), n), n)
            estimate, ci_low, ci_high, suppressed = suppress_number(
                _clean(estimate), _clean(ci_low), _clean(ci_high), n, self.policy, unit=unit)  # type: ignore[arg-type]
        number = KeyNumber(
            code=code,
            estimate=_clean(estimate),  # type: ignore[arg-type]
            ci_low=_clean(ci_low),  # type: ignore[arg-type]
            ci_high=_clean(ci_high),  # type: ignore[arg-type]
            n=None if n is None else int(n),
            unit=unit,
            period=period,
            group=group,
            note=note,
            verdict=verdict,
            p_value=_clean(p_value),  # type: ignore[arg-type]
            p_adjusted=_clean(p_adjusted),  # type: ignore[arg-type]
            family=family,
            primary=bool(primary),
            inference=inference,
            n_clusters=None if n_clusters is None else int(n_clusters),
            n_of=n_of,
            suppressed=suppressed,
        )
        self.numbers = [
            k for k in self.numbers if (k.code, k.period, k.group) != (code, period, group)
        ]
        self.numbers.append(number)
        if _family(code) is not None and n_of == "people":
            self._protect_family(code, period, group)
        return next(k for k in self.numbers if (k.code, k.period, k.group) == (code, period, group))

    def _protect_family(self, code: str, period: str | None, group: str | None) -> None:
        """Secondary suppression of a rate family (completion, no-show and drop-out add up to
        1): once every member is recorded on the same ``n``, hide the members
        :func:`analysis.data.disclosure.complementary_cells` adds (``docs/disclosure.md``)."""
        prefix, family = code.rsplit(".", 1)[0], _family(code)
        codes = [f"{prefix}.{member}" for member in family or ()]
        found = {c: next((k for k in self.numbers if (k.code, k.period, k.group) == (c, period, group)), None)
                 for c in codes}
        if self.policy.secondary == "none" or any(k is None for k in found.values()):
            return
        if len({self._family_counts.get((c, period, group), (None, None))[1] for c in codes}) != 1:
            return  # not on the same denominator: not a margin
        counts = pd.Series({c: self._family_counts[(c, period, group)][0] for c in codes}, dtype=float)
        hidden = pd.Series({c: bool(found[c].suppressed) for c in codes})  # type: ignore[union-attr]
        added = complementary_cells(counts, hidden, self.policy.min_people)
        for c in added[added].index:
            self.numbers = [replace(k, estimate=None, ci_low=None, ci_high=None, suppressed=True)
                            if (k.code, k.period, k.group) == (c, period, group) else k for k in self.numbers]

    def table(
        self, name: str, frame: pd.DataFrame, output_dir: str | Path, *, title: str, note: str = ""
    ) -> Path:
        """Save a key table for ``tables.xlsx`` as ``<output_dir>/tables/<name>.parquet``.

        ``title`` and ``note`` (in the report's language) go on the sheet; format nothing
        into strings here. The frame goes through :func:`analysis.data.disclosure.disclose`:
        rows resting on fewer than k people (and their secondary suppressions) have their
        numbers blanked and ``suppressed`` set true; numbers stay numbers.
        """
        folder = Path(output_dir) / TABLES_SUBDIR
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.parquet"
        table = disclose(frame.reset_index(drop=True), self.policy)
        table.attrs = {}
        tmp = path.with_suffix(".parquet.tmp")
        table.to_parquet(tmp, index=False)
        tmp.replace(path)
        meta = {"name": name, "notebook": self.notebook, "title": title, "note": note,
                "suppressed_rows": int(table["suppressed"].sum()) if "suppressed" in table else 0}
        path.with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        return path

    def figure(self, fig: Figure, name: str, output_dir: str | Path) -> list[Path]:
        """Save a matplotlib figure as ``figures/<name>.png`` and ``.svg`` (:func:`save_figure`).

        The chart stays on the notebook's page: shown from the saved PNG rather than drawn
        a third time (:func:`saved_png`, used by :func:`analysis.charts.theme.apply_theme`).
        """
        return save_figure(fig, name, output_dir)

    def to_dict(self) -> dict[str, object]:
        return {"notebook": self.notebook, "numbers": [asdict(k) for k in self.numbers]}

    def write(self, output_dir: str | Path) -> Path:
        """Write the JSON file atomically and return its path."""
        target_dir = Path(output_dir) / RESULTS_SUBDIR
        target_dir.mkdir(parents=True, exist_ok=True)
        target = target_dir / f"{self.notebook}.json"
        tmp = target.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(self.to_dict(), indent=2, ensure_ascii=False), encoding="utf-8")
        tmp.replace(target)
        return target


#: The attribute of a figure holding the PNG :func:`save_figure` wrote (:class:`SavedPng`).
SAVED_PNG_ATTRIBUTE = "_analysis_saved_png"


@dataclass(frozen=True)
class SavedPng:
    """The bytes of a saved PNG and the resolution it was drawn at (dots per inch)."""

    data: bytes
    dpi: float

    @property
    def pixels(self) -> tuple[int, int]:
        """(width, height) in pixels, read from the PNG's header (the IHDR chunk)."""
        width, height = struct.unpack(">II", self.data[16:24])
        return int(width), int(height)


def save_figure(fig: Figure, name: str, output_dir: str | Path) -> list[Path]:
    """Save ``fig`` as ``<output_dir>/figures/<name>.png`` and ``.svg``; return both paths.

    The one rule for a chart's files (the notebooks' :meth:`ResultsRecorder.figure` and the
    brief's charts): matplotlib's ``savefig`` with the theme's settings (``savefig.dpi``,
    ``savefig.bbox``; :func:`analysis.charts.theme.apply_theme`), the PNG first. The PNG's
    bytes stay with the figure (:func:`saved_png`) so a notebook can show that image
    instead of drawing the chart again; the figure is marked as drawn, so a later change
    to it (which marks it stale) withdraws them.
    """
    import matplotlib as mpl

    folder = Path(output_dir) / FIGURES_SUBDIR
    folder.mkdir(parents=True, exist_ok=True)
    png, svg = folder / f"{name}.png", folder / f"{name}.svg"
    dpi = mpl.rcParams["savefig.dpi"]
    dpi = fig.dpi if dpi == "figure" else float(dpi)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    png.write_bytes(buffer.getvalue())
    fig.savefig(svg)
    setattr(fig, SAVED_PNG_ATTRIBUTE, SavedPng(buffer.getvalue(), dpi))
    fig.stale = False  # any change from here on sets it again (matplotlib's stale propagation)
    return [png, svg]


def saved_png(fig: Figure) -> SavedPng | None:
    """The PNG :func:`save_figure` wrote for ``fig``, or ``None`` if none or ``fig`` changed since."""
    saved = getattr(fig, SAVED_PNG_ATTRIBUTE, None)
    return None if saved is None or fig.stale else saved


def read_results(output_dir: str | Path) -> list[dict[str, object]]:
    """Every recorded number under ``output_dir/results``, each with its ``notebook``."""
    rows: list[dict[str, object]] = []
    for path in sorted((Path(output_dir) / RESULTS_SUBDIR).glob("*.json")):
        payload = json.loads(path.read_text(encoding="utf-8"))
        for number in payload["numbers"]:
            rows.append({"notebook": payload["notebook"], **number})
    return rows
