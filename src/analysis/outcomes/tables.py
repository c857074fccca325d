"""Report tables assembled from the computation frames: several factors stacked, learning and
satisfaction per programme side by side, the raw and adjusted funnel frames together."""

from __future__ import annotations

import pandas as pd

from analysis.data.dataset import Dataset
from analysis.outcomes.learning import learning_change
from analysis.outcomes.reaction import satisfaction


def stack_by(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Stack per-factor frames into one table: the factor column renamed ``group``, plus ``by``.

    Parameters
    ----------
    frames
        ``{"modality": frame_by_modality, "provider_type": frame_by_provider}``;
        each frame has a column named as its key.

    Returns
    -------
    DataFrame
        The rows of every frame in order, the key column renamed ``group`` (same
        position) and a last column ``by`` naming the factor. Inputs are not changed.
    """
    parts = []
    for factor, frame in frames.items():
        if factor not in frame.columns:
            raise ValueError(f"frame for {factor!r} has no column {factor!r}")
        parts.append(frame.rename(columns={factor: "group"}).assign(by=factor))
    return pd.concat(parts)


def programme_outcomes(ds: Dataset, period: str | pd.Period, window: int = 4) -> pd.DataFrame:
    """Learning change and satisfaction side by side, one row per programme.

    Returns
    -------
    DataFrame
        ``program_id``, ``title``, ``modality``, ``provider_type``, then the
        columns of :func:`analysis.outcomes.learning.learning_change` and ``n_satisfaction``,
        ``satisfaction``, ``satisfaction_ci_low``, ``satisfaction_ci_high`` (from
        :func:`analysis.outcomes.reaction.satisfaction`). Outer join: a programme with only
        one of the two measures keeps NaN in the other.
    """
    sat = satisfaction(ds, period, by="program_id", window=window)
    out = learning_change(ds, period, by="program_id", window=window).merge(
        sat[["program_id", "n", "mean", "ci_low", "ci_high"]].rename(columns={
            "n": "n_satisfaction", "mean": "satisfaction", "ci_low": "satisfaction_ci_low",
            "ci_high": "satisfaction_ci_high"}),
        on="program_id", how="outer")
    programs = ds.programs.set_index("program_id")
    for col in ("provider_type", "modality", "title"):
        out.insert(1, col, out["program_id"].map(programs[col]))
    return out


def funnel_table(raw: pd.DataFrame, adjusted: pd.DataFrame) -> pd.DataFrame:
    """The two :func:`analysis.outcomes.programme_funnel.funnel` frames stacked, with
    ``gains`` = ``"raw"`` / ``"adjusted"``."""
    return pd.concat([raw.assign(gains="raw"), adjusted.assign(gains="adjusted")], ignore_index=True)
