"""The forest plot of a hypothesis file.

Hypotheses have different outcomes and units, so each estimate and its 95% CI is
drawn divided by its own ``min_effect`` and turned so that the stated direction
points right: 0 is no effect, the dashed line at 1 the smallest effect that matters
(and -1 for two-sided hypotheses). Colour shows the verdict.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.charts.theme import GREY, INK, PALETTE
from analysis.hypotheses import messages as msg
from analysis.text.lang import Lang, pick

if TYPE_CHECKING:
    from matplotlib.figure import Figure

VERDICT_COLOURS: dict[str, str] = {"supported": PALETTE[2], "not_supported": PALETTE[5], "inconclusive": GREY}
#: The axis stops here (in multiples of min_effect); longer intervals end in an arrow.
AXIS_LIMITS: tuple[float, float] = (-6.0, 12.0)


def relative(table: pd.DataFrame) -> pd.DataFrame:
    """``x``, ``x_low``, ``x_high``: estimate and CI / min_effect, stated direction positive."""
    sign = np.where(table["direction"].eq("less"), -1.0, 1.0)
    scale = table["min_effect"].astype(float).to_numpy()
    est = table["estimate"].astype(float).to_numpy() * sign / scale
    a = table["ci_low"].astype(float).to_numpy() * sign / scale
    b = table["ci_high"].astype(float).to_numpy() * sign / scale
    return pd.DataFrame({"x": est, "x_low": np.fmin(a, b), "x_high": np.fmax(a, b)}, index=table.index)


def forest_plot(table: pd.DataFrame, lang: Lang = "id") -> Figure:
    """One row per hypothesis (file order, top to bottom); see the module docstring.

    ``table`` is the frame of :func:`analysis.hypotheses.verdicts.judge`.
    """
    import matplotlib.pyplot as plt

    rel = relative(table)
    n = len(table)
    fig, ax = plt.subplots(figsize=(7.5, 0.9 + 0.42 * max(n, 1)))
    lo_lim, hi_lim = AXIS_LIMITS
    finite = rel[["x_low", "x_high"]].to_numpy()
    finite = finite[np.isfinite(finite)]
    left = max(lo_lim, min(-0.5, float(finite.min()) if finite.size else -0.5) - 0.3)
    right = min(hi_lim, max(1.5, float(finite.max()) if finite.size else 1.5) + 0.3)
    ax.axvline(0.0, color=INK, linewidth=0.9)
    ax.axvline(1.0, color=INK, linewidth=0.9, linestyle="--")
    if table["direction"].eq("two_sided").any():
        ax.axvline(-1.0, color=INK, linewidth=0.9, linestyle="--")
    for i, (row, r) in enumerate(zip(table.itertuples(index=False), rel.itertuples(index=False), strict=True)):
        y = n - 1 - i
        colour = VERDICT_COLOURS.get(row.verdict, GREY)
        if not math.isfinite(r.x):
            ax.text(0.05, y, pick(lang, msg.NO_ESTIMATE_MARK), va="center", fontsize=9, color=GREY)
            continue
        a, b = max(r.x_low, left), min(r.x_high, right)
        ax.plot([a, b], [y, y], color=colour, linewidth=2.2, solid_capstyle="butt")
        for end, edge, marker in ((r.x_low, left, "<"), (r.x_high, right, ">")):
            if (marker == "<" and end < edge) or (marker == ">" and end > edge):
                ax.plot([edge], [y], marker=marker, color=colour, markersize=6)
        ax.plot([min(max(r.x, left), right)], [y], marker="o", color=colour, markersize=7)
    ax.set_yticks(range(n))
    ax.set_yticklabels([f"{row.id}  {row.outcome} ← {row.exposure}" for row in table.itertuples()][::-1],
                       fontsize=9)
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_xlim(left, right)
    ax.set_xlabel(pick(lang, msg.FOREST_AXIS), fontsize=9)
    ax.set_title(pick(lang, msg.FOREST_TITLE), loc="left")
    handles = [plt.Line2D([0], [0], color=c, linewidth=3, label=pick(lang, msg.VERDICT_WORDS[v]))
               for v, c in VERDICT_COLOURS.items()]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.18 - 0.6 / max(n, 1)), ncol=3,
              fontsize=9, frameon=False)
    ax.grid(axis="y", visible=False)
    fig.tight_layout()
    return fig
