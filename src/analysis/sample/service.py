"""Training exposure and the service metrics of one district's service units.

Owns: the true exposure (credited JP per staff over four quarters, as the analysis defines it,
optionally with quarters before the data), the ``service_metrics`` table (base level, common
quarter shift, exposure effect, online-launch effect with its ramp, noise, clipped to each
metric's range) and the realised launch effects that ``truth.json`` averages.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.sample.effects import Effects
from analysis.sample.population import DistrictUnits, Staff
from analysis.sample.quarters import Calendar
from analysis.sample.template import KECAMATAN, KELURAHAN

METRICS = ("ikm", "processing_days", "complaints_per_1000", "online_share", "spm_attainment")
_METRIC_MIN = {
    "ikm": 25.0,
    "processing_days": 0.2,
    "complaints_per_1000": 0.0,
    "online_share": 0.0,
    "spm_attainment": 0.0,
}
_METRIC_MAX = {"ikm": 100.0, "online_share": 100.0, "spm_attainment": 100.0}
#: Base processing days U(lo, hi) by sector, else by unit kind, else (7, 10).
_BASE_DAYS_BY_SECTOR = {"civil_registry": (10, 13), "licensing": (11, 15)}
_BASE_DAYS_BY_KIND = {KELURAHAN: (6, 9), KECAMATAN: (6, 9), "puskesmas": (5, 8), "hospital": (6, 9)}


def true_windows(
    jp_et: np.ndarray, pre_data_quarters: int, hired_before_data: np.ndarray
) -> np.ndarray:
    """Credited JP of each employee over the four quarters ending in each data quarter (n x T).

    With ``pre_data_quarters`` = k > 0 the k quarters before the data are prepended, each
    employee repeating the same calendar quarter one year later (columns 4-k..3 of
    ``jp_et``), for employees hired by the first data quarter; those JP are in the windows
    but in no enrollment of the data.
    """
    n, T = jp_et.shape
    k = int(pre_data_quarters)
    if not 0 <= k <= 3 or (k and T < 4):
        raise ValueError(f"pre_data_quarters must be 0..3 with at least 4 data quarters; got {k}")
    hidden = (
        np.where(hired_before_data[:, None], jp_et[:, 4 - k : 4], 0.0) if k else np.zeros((n, 0))
    )
    full = np.concatenate([hidden, jp_et], axis=1)
    width = full.shape[1]
    csum = np.cumsum(full, axis=1)
    win = (
        csum - np.concatenate([np.zeros((n, 4)), csum[:, :-4]], axis=1)[:, :width]
        if width > 4
        else csum
    )
    return win[:, k:]


@dataclass(frozen=True)
class Exposure:
    """Per employee and quarter the credited JP (n x T); per unit and quarter the active staff
    and their mean credited JP over four quarters (units x T)."""

    jp_by_quarter: np.ndarray
    staff: np.ndarray
    jp_per_staff_4q: np.ndarray


def exposure(
    emp: np.ndarray,
    t: np.ndarray,
    credited: np.ndarray,
    staff: Staff,
    n_units: int,
    cal: Calendar,
    pre_data_quarters: int,
) -> Exposure:
    """Exposure exactly as the analysis defines it: credited JP of enrollments ending in q-3..q
    of the unit's employees active at the end of q, divided by their number (0 without staff)."""
    jp_et = np.zeros((staff.n, cal.T))
    np.add.at(jp_et, (emp, t), credited)
    win = true_windows(jp_et, pre_data_quarters, staff.hire <= cal.start[0])
    n_staff = np.zeros((n_units, cal.T))
    jp4 = np.zeros((n_units, cal.T))
    for q in range(cal.T):
        a = staff.active_at(cal.end[q])
        n_staff[:, q] = np.bincount(staff.unit[a], minlength=n_units)
        jp4[:, q] = np.bincount(staff.unit[a], weights=win[a, q], minlength=n_units)
    per_staff = np.divide(jp4, n_staff, out=np.zeros_like(jp4), where=n_staff > 0)
    return Exposure(jp_et, n_staff, per_staff)


@dataclass(frozen=True)
class ServiceResult:
    """The ``service_metrics`` table, the realised launch effects of the treated unit-quarters,
    the exposure of the service units and the number of clipped values per metric."""

    metrics: pd.DataFrame
    launch_effects: pd.DataFrame
    exposure: pd.DataFrame
    clipped: dict[str, int]


def _base_levels(
    units: DistrictUnits, service: np.ndarray, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Each service unit's base level per metric (drawn metric by metric, processing days unit by unit)."""
    ns_ = len(service)
    return {
        "ikm": np.clip(rng.normal(76, 4, ns_), 66, 84),
        "processing_days": np.array(
            [
                rng.uniform(
                    *_BASE_DAYS_BY_SECTOR.get(
                        units.sector[s], _BASE_DAYS_BY_KIND.get(units.kind[s], (7, 10))
                    )
                )
                for s in service
            ]
        ),
        "complaints_per_1000": rng.uniform(10, 18, ns_),
        "online_share": rng.uniform(2, 10, ns_),
        "spm_attainment": rng.uniform(72, 86, ns_),
    }


def _long_frame(ids: np.ndarray, quarters: list[str], **values: np.ndarray) -> pd.DataFrame:
    """unit_id, period and the given (units x T) values, unit by unit, quarter by quarter."""
    T = len(quarters)
    return pd.DataFrame(
        {
            "unit_id": np.repeat(ids, T),
            "period": np.tile(np.asarray(quarters, dtype=object), len(ids)),
            **{k: v.ravel() for k, v in values.items()},
        }
    )


def service_metrics(
    units: DistrictUnits, expo: Exposure, effects: Effects, cal: Calendar, rng: np.random.Generator
) -> ServiceResult:
    """Service metrics of the service units, quarter by quarter.

    value = base + shift[q] + effect_per_jp x (exposure - centre) + launch effect + noise,
    clipped to the metric's range and rounded to 2 decimals; the launch effect is
    cohort_multiplier x min(1, (e + 1) / ramp) x (full_effect + it_training_extra x [IT-trained])
    from event time e = 0. The realised effect is clip(y0 + effect) - clip(y0).
    """
    T, quarters = cal.T, cal.quarters
    service = np.flatnonzero(units.service)
    ns_ = len(service)
    base = _base_levels(units, service, rng)
    tt = np.arange(T)
    x = expo.jp_per_staff_4q[service]
    L = units.launch_t[service]
    e_time = tt[None, :] - L[:, None]
    treated = (L >= 0)[:, None] & (e_time >= 0)
    coh_mult = np.ones(ns_)
    for off, mult in zip(effects.cohort_offsets, effects.cohort_multipliers, strict=True):
        coh_mult[L == off] = mult
    tr = units.it_trained[service].astype(float)
    values, true_eff, clipped = [], {}, {}
    for metric in METRICS:
        ramp = np.minimum(1.0, (e_time + 1) / effects.ramp_quarters[metric])
        full = effects.full_effect[metric] + effects.it_training_extra[metric] * tr[:, None]
        eff = np.where(treated, coh_mult[:, None] * ramp * full, 0.0)
        shift = effects.metric_trend[metric] * tt + rng.normal(
            0, effects.metric_quarter_sd[metric], T
        )
        noise = rng.normal(0, effects.metric_noise_sd[metric], (ns_, T))
        exposure_term = effects.effect_per_jp[metric] * (x - effects.exposure_centre)
        # same summation order as the observed value, so the data stay byte-identical
        val = base[metric][:, None] + shift[None, :] + exposure_term + eff + noise
        y0 = base[metric][:, None] + shift[None, :] + exposure_term + noise
        lo, hi = _METRIC_MIN[metric], _METRIC_MAX.get(metric, np.inf)
        clipped[metric] = int(((val < lo) | (val > hi)).sum())
        val = np.clip(val, lo, hi)
        true_eff[metric] = np.where(treated, val - np.clip(y0, lo, hi), 0.0)
        values.append(np.round(val, 2))
    ids = units.ids[service]
    # rows by unit, then quarter, then metric (the METRICS order)
    metrics = pd.DataFrame(
        {
            "unit_id": np.repeat(ids, T * len(METRICS)),
            "period": np.tile(np.repeat(np.asarray(quarters, dtype=object), len(METRICS)), ns_),
            "metric": np.tile(np.asarray(METRICS, dtype=object), ns_ * T),
            "value": np.stack(values, axis=2).ravel(),
        }
    )
    su, st = np.nonzero(treated)
    launch_effects = pd.DataFrame(
        {
            "unit_id": ids[su],
            "cohort": np.asarray(quarters, dtype=object)[L[su]],
            "event_time": e_time[su, st],
            "it_trained": units.it_trained[service][su],
            **{mm: true_eff[mm][su, st] for mm in METRICS},
        }
    )
    expo_frame = _long_frame(
        ids, quarters, staff=expo.staff[service], jp_per_staff_4q=expo.jp_per_staff_4q[service]
    )
    return ServiceResult(metrics, launch_effects, expo_frame, clipped)
