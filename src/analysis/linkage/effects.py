"""Exposure slopes restated for a change a manager can picture (+5 JP per staff member), with a verdict.

A slope per JP is hard to read; the statements scale it (and its CI) by the
exposure's step (:data:`analysis.linkage.panel.EXPOSURE_STEPS`) and call the change
better or worse service only when the scaled 95% CI excludes zero, through the
verdict rule of :mod:`analysis.stats.verdict`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis.data.contract import METRIC_DIRECTIONS
from analysis.linkage.messages import METRIC_UNITS
from analysis.linkage.panel import EXPOSURE_STEPS
from analysis.stats.verdict import verdict

#: Effect-statement verdicts in the words of :mod:`analysis.stats.verdict`: a clear
#: change of a metric without a good direction "changes"; an interval that includes
#: zero is "no_clear_change".
_SERVICE_VERDICTS: dict[str, str] = {
    "better": "better",
    "worse": "worse",
    "higher": "changes",
    "lower": "changes",
    "different": "changes",
    "no_clear_difference": "no_clear_change",
    "insufficient_data": "insufficient_data",
}


def statement_verdict(code: str) -> str:
    """A recorded verdict code (:data:`analysis.stats.verdict.VERDICTS`) in the effect-statement
    words of :data:`analysis.linkage.messages.EFFECT_VERDICTS`."""
    return _SERVICE_VERDICTS[code]


def service_verdict(ci_low: float, ci_high: float, direction: int) -> str:
    """``better`` / ``worse`` service, ``changes`` or ``no_clear_change`` for a change's 95% CI.

    ``direction`` is the metric's good direction (+1 higher is better, -1 lower is
    better, 0 unknown; :data:`analysis.data.contract.METRIC_DIRECTIONS`). The change
    is clear when the CI excludes zero (:func:`analysis.stats.verdict.verdict`).
    """
    higher_is_better = None if direction == 0 else direction > 0
    return _SERVICE_VERDICTS[verdict(ci_low, ci_high, higher_is_better=higher_is_better)]


def effect_statements(
    effects: pd.DataFrame, steps: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """Restate exposure slopes as the change in the metric for a change a manager can picture.

    Parameters
    ----------
    effects
        :func:`analysis.linkage.exposure_effects` output (or any frame with metric, exposure, estimate,
        ci_low, ci_high, p_value, n_obs, n_units).
    steps
        Exposure change per exposure (default :data:`EXPOSURE_STEPS`: +5 JP per
        staff member; +10 percentage points on track; a gap 0.25 level smaller; 10
        points fewer staff with a gap).

    Returns
    -------
    DataFrame
        ``effects``' identifying columns plus ``step`` (the exposure change),
        ``change`` = step x estimate, ``change_ci_low``, ``change_ci_high`` (the CI
        scaled the same way, low <= high), ``direction`` (+1 higher is better, -1
        lower is better, 0 unknown; :data:`analysis.data.contract.METRIC_DIRECTIONS`),
        ``verdict``: ``"better"`` / ``"worse"`` when the scaled CI excludes 0 and the
        metric's direction is known, ``"no_clear_change"`` when the CI includes 0,
        ``"changes"`` when it excludes 0 for a metric of unknown direction; and
        ``metric_unit_en`` / ``metric_unit_id``.

    Notes
    -----
    The statement is an association within units over time (see :func:`analysis.linkage.design_note`),
    linear in the exposure; dose-response bins show whether that is fair.
    """
    steps = dict(EXPOSURE_STEPS if steps is None else steps)
    out = effects.copy()
    out["step"] = out["exposure"].map(lambda e: steps.get(e, 1.0)).astype(float)
    out["change"] = out["estimate"] * out["step"]
    a = out["ci_low"] * out["step"]
    b = out["ci_high"] * out["step"]
    out["change_ci_low"] = np.fmin(a, b)
    out["change_ci_high"] = np.fmax(a, b)
    out["direction"] = out["metric"].map(lambda m: METRIC_DIRECTIONS.get(m, 0)).astype(int)
    verdicts = [
        service_verdict(lo, hi, d)
        for lo, hi, d in zip(out["change_ci_low"], out["change_ci_high"], out["direction"], strict=True)
    ]
    out["verdict"] = pd.Series(np.asarray(verdicts, dtype=str), index=out.index).where(
        out["estimate"].notna(), "not_estimated"
    )
    out["metric_unit_en"] = out["metric"].map(lambda m: METRIC_UNITS.get(m, (m, m))[1])
    out["metric_unit_id"] = out["metric"].map(lambda m: METRIC_UNITS.get(m, (m, m))[0])
    return out
