"""The chart of the data-quality page: how much of each optional column is empty.

Colours come from :mod:`analysis.charts.theme` (call :func:`analysis.charts.theme.apply_theme`
once before plotting); the function chooses no backend and shows nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.charts.theme import GREY, PRIMARY, TRAFFIC_LIGHTS
from analysis.quality import messages as msg
from analysis.text.lang import Lang, pick

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Above this share missing a bar is red ...
RED_ABOVE = 0.5
#: ... above this amber, else the primary colour.
AMBER_ABOVE = 0.2
#: Columns whose empty values are expected (an empty exit date: still in service), drawn grey.
EXPECTED_EMPTY: tuple[str, ...] = ("exit_date",)


def plot_completeness(optional_gaps: pd.DataFrame, lang: Lang = "id") -> Figure:
    """Horizontal bars: the percentage of empty values of each optional column (``table.column``),
    red above :data:`RED_ABOVE`, amber above :data:`AMBER_ABOVE`, grey for :data:`EXPECTED_EMPTY`.

    ``optional_gaps`` is :func:`analysis.quality.inventory.optional_gaps`.
    """
    import matplotlib.pyplot as plt

    share = optional_gaps["share_missing"]
    label = optional_gaps["table"] + "." + optional_gaps["column"]
    fig, ax = plt.subplots(figsize=(7.5, 0.6 + 0.26 * len(optional_gaps)))
    colors = np.where(share > RED_ABOVE, TRAFFIC_LIGHTS["red"],
                      np.where(share > AMBER_ABOVE, TRAFFIC_LIGHTS["amber"], PRIMARY))
    colors = np.where(optional_gaps["column"].isin(EXPECTED_EMPTY), GREY, colors)
    ax.barh(label, 100 * share, color=colors)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(pick(lang, msg.MISSING_AXIS))
    ax.set_title(pick(lang, msg.COMPLETENESS_CHART), loc="left")
    return fig
