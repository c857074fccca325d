"""Synthetic, Binjai-shaped sample data with known (planted) effects.

``kompetensi sample --scale city|province|national --seed N --out DIR`` (or ``--employees N``) writes one
dataset that follows data contract v1, plus ``truth.json`` with every planted effect
(see :mod:`analysis.sample.effects` for the equations) so the analyses can be
checked against the truth.

- ``city``: one city shaped like Kota Binjai (about 40 OPD, 8 puskesmas, SD and SMP
  schools, 5 kecamatan with 37 kelurahan, about 5,300 ASN), one CSV per table.
- ``province``: 12 districts, about 60,000 ASN; ``national``: 514 districts, about
  4.3 million ASN. Both are generated district by district and written as Parquet
  part files ``<table>/part-00001.parquet`` with bounded memory.

Public functions: :func:`generate` (in memory, city and province),
:func:`write_sample` (to a folder, any scale) and :func:`cli_sample` (the command).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from analysis.data.contract import CONTRACT_VERSION, TABLES
from analysis.data.periods import format_period, period_range, shift_period
from analysis.sample.effects import DEFAULT_EFFECTS, Effects
from analysis.sample.programs import build_programs
from analysis.sample.simulate import METRICS, DistrictResult, simulate_district
from analysis.sample.structure import District, NipRegistry, build_employees, build_units

__all__ = [
    "DEFAULT_END_PERIOD",
    "SampleData",
    "Effects",
    "DEFAULT_EFFECTS",
    "generate",
    "write_sample",
    "cli_sample",
    "districts",
]

Scale = Literal["city", "province", "national"]
#: A named scale, or a number of employees (``kompetensi sample --employees N``).
Size = Scale | int
DEFAULT_END_PERIOD = "2026Q3"
N_QUARTERS = 12
#: "Today" for the sample: no date except a registered enrollment's lies after it.
SAMPLE_TODAY = pd.Timestamp("2026-11-29")
_PROVINCE_TOTAL = 60_000
_NATIONAL_TOTAL = 4_300_000
_NATIONAL_DISTRICTS = 514
_NATIONAL_PROVINCES = 38
#: Employees per district of a sample sized by ``--employees`` (the national average).
_EMPLOYEES_PER_DISTRICT = _NATIONAL_TOTAL // _NATIONAL_DISTRICTS
#: The smallest ``--employees``: below it the Binjai units alone exceed the target.
MIN_EMPLOYEES = 1_000


@dataclass(frozen=True)
class SampleData:
    """A generated dataset: one frame per contract table (raw NIPs) and the truth dict."""

    frames: dict[str, pd.DataFrame]
    truth: dict[str, object]


def districts(scale: Size, seed: int) -> list[District]:
    """The districts a scale generates, in order (the first is always Binjai).

    An integer ``scale`` is a number of employees N: up to 5,500 one Binjai-shaped city
    calibrated to N; above, Binjai plus districts of about :data:`_EMPLOYEES_PER_DISTRICT` staff in one province,
    sized like the national ones, so that the planned staff sum to N.
    """
    if scale == "city":
        return [District(0, "", "Kota Binjai", 5500, is_binjai=True)]
    if isinstance(scale, int) and scale <= 5500:
        return [District(0, "", "Kota Contoh", scale)]
    rng = np.random.default_rng(np.random.SeedSequence([seed, 7]))
    if isinstance(scale, int):
        n = 1 + max(1, round((scale - 5500) / _EMPLOYEES_PER_DISTRICT))
        total, provinces = scale, 1 + (n - 1) // (_NATIONAL_DISTRICTS // _NATIONAL_PROVINCES)
    elif scale == "province":
        n, total, provinces = 12, _PROVINCE_TOTAL, 1
    elif scale == "national":
        n, total, provinces = _NATIONAL_DISTRICTS, _NATIONAL_TOTAL, _NATIONAL_PROVINCES
    else:
        raise ValueError(f"scale must be 'city', 'province' or 'national', not {scale!r}")
    sizes = rng.lognormal(0.0, 0.5, n)
    sizes = np.maximum(sizes / sizes.sum() * total, 1500.0)
    sizes[1:] *= (total - 5500) / sizes[1:].sum()
    sizes = np.rint(sizes).astype(int)
    sizes[0] = 5500
    prov_of = np.sort(np.arange(n) % provinces)
    out: list[District] = []
    counter: dict[int, int] = {}
    for i in range(n):
        p = 12 + int(prov_of[i])
        counter[p] = counter.get(p, 0) + 1
        if i == 0:
            out.append(District(0, "1275", "Kota Binjai", int(sizes[0]), is_binjai=True))
            continue
        code = f"{p:02d}{counter[p] + 1:02d}" if p != 12 or counter[p] + 1 != 75 else f"{p:02d}99"
        out.append(District(i, code, f"Kab/Kota {code}", int(sizes[i])))
    return out


def _quarters(end_period: str) -> list[str]:
    end = format_period(end_period)
    return period_range(shift_period(end, -(N_QUARTERS - 1)), end)


def _iter_districts(
    scale: Size, seed: int, end_period: str, effects: Effects, pre_data_quarters: int = 0
) -> Iterator[tuple[District, DistrictResult, pd.DataFrame]]:
    quarters = _quarters(end_period)
    if pd.Period(quarters[-1], freq="Q-DEC").end_time.normalize() > SAMPLE_TODAY:
        raise ValueError(
            f"end_period {end_period} ends after the sample's today ({SAMPLE_TODAY.date()})"
        )
    programs = build_programs(np.random.default_rng(np.random.SeedSequence([seed, 1])), effects)
    registry = NipRegistry()
    panel_start = pd.Period(quarters[0], freq="Q-DEC").start_time.normalize()
    panel_end = pd.Period(quarters[-1], freq="Q-DEC").end_time.normalize()
    for d in districts(scale, seed):
        rng = np.random.default_rng(np.random.SeedSequence([seed, 2, d.index]))
        units = build_units(d, rng)
        employees = build_employees(units, rng, registry, panel_start, panel_end)
        result = simulate_district(d, units, employees, programs, effects, rng, quarters, pre_data_quarters)
        yield d, result, programs


class _TruthBuilder:
    """Accumulates what truth.json needs over districts, without keeping the data."""

    def __init__(self, scale: Size, seed: int, end_period: str, effects: Effects) -> None:
        self.scale, self.seed, self.end_period, self.effects = scale, seed, end_period, effects
        self.launch_parts: list[pd.DataFrame] = []
        self.launch_units: dict[str, str] = {}
        self.it_units: list[str] = []
        self.starved: list[str] = []
        self.cost = pd.DataFrame(columns=["modality", "cost_idr", "credited_jp"])
        self.counts: dict[str, int] = {}
        self.clipped: dict[str, int] = dict.fromkeys(METRICS, 0)
        self.programs: pd.DataFrame | None = None

    def add(self, result: DistrictResult) -> None:
        cols = ["cohort", "event_time", "it_trained", *METRICS]
        self.launch_parts.append(
            result.launch_effects[cols]
            .groupby(["cohort", "event_time", "it_trained"], as_index=False)
            .agg(n=("ikm", "size"), **{m: (m, "sum") for m in METRICS})
        )
        self.launch_units.update(result.launch_units)
        for m, k in result.clipped.items():
            self.clipped[m] += k
        self.it_units.extend(result.it_trained_units)
        self.starved.extend(result.starved_agencies)
        self.cost = (
            pd.concat([self.cost, result.cost_sums])
            .groupby("modality", sort=True, as_index=False)
            .sum()
        )
        for name, frame in result.frames.items():
            self.counts[name] = self.counts.get(name, 0) + len(frame)

    def build(self) -> dict[str, object]:
        e = self.effects
        quarters = _quarters(self.end_period)
        le = (
            pd.concat(self.launch_parts)
            .groupby(["cohort", "event_time", "it_trained"], as_index=False)
            .sum()
        )
        by_it = le.groupby("it_trained").sum(numeric_only=True)
        att_it = {
            label: {m: round(float(by_it.loc[flag, m] / by_it.loc[flag, "n"]), 4) for m in METRICS}
            for label, flag in (("it_trained", True), ("not_it_trained", False))
            if flag in by_it.index
        }
        if len(att_it) == 2:
            att_it["difference"] = {
                m: round(att_it["it_trained"][m] - att_it["not_it_trained"][m], 4) for m in METRICS
            }
        by_e = le.groupby("event_time").sum(numeric_only=True)
        att_event = {
            m: {str(int(k)): round(float(by_e.loc[k, m] / by_e.loc[k, "n"]), 4) for k in by_e.index}
            for m in METRICS
        }
        att_overall = {m: round(float(le[m].sum() / le["n"].sum()), 4) for m in METRICS}
        by_cohort = le.groupby("cohort").sum(numeric_only=True)
        att_cohort = {
            m: {
                str(c): round(float(by_cohort.loc[c, m] / by_cohort.loc[c, "n"]), 4)
                for c in by_cohort.index
            }
            for m in METRICS
        }
        cohorts = {
            quarters[o]: mult
            for o, mult in zip(e.cohort_offsets, e.cohort_multipliers, strict=True)
            if o < len(quarters)
        }
        progs = self.programs
        it_progs = [] if progs is None else progs.loc[progs["kind"] == "it", "program_id"].tolist()
        mbs = [] if progs is None else progs.loc[progs["kind"] == "mbs", "program_id"].tolist()
        cost = {
            r.modality: round(float(r.cost_idr / r.credited_jp), 0)
            for r in self.cost.itertuples()
            if r.credited_jp > 0
        }
        part_model = (
            "Unit heads attend >= 1 programme in a quarter with probability "
            f"{e.head_attend_prob}, independently. Every other employee active at the end of quarter q attends "
            "(completes or drops out of) >= 1 programme ending in q with probability logistic(intercept "
            "+ pppk*[employment_type == pppk] + age_50_plus*[year(q) - birth_year >= 50] "
            "+ degree_s1_plus*[education in d4,s1,s2,s3] + head_participated_prev_quarter*[the head of the "
            "employee's unit attended >= 1 programme ending in q-1; 0 in the first quarter] + award_prev_4q*[the "
            "employee received an employee_of_quarter or innovation recognition in q-4..q-1] + learning_motivation"
            "*(motivation - 3) + budget_starved_agency*[agency in budget.starved_agencies] + sector_<s>*[unit sector == s] "
            "+ quarter_trend*t), with t = quarters since first_period (0 in the first quarter), "
            "where motivation (1..5) is what the survey reports as learning_motivation in surveyed quarters. "
            "No unit or time random effects: a logit on non-head employee-quarters with these terms (motivation "
            "from the survey, so in surveyed quarters) recovers the coefficients; leaving motivation out "
            "attenuates the others slightly (logit non-collapsibility, about 2-5 %)."
        )
        truth: dict[str, object] = {
            "generator": "analysis.sample",
            "contract_version": CONTRACT_VERSION,
            "scale": self.scale,
            "seed": self.seed,
            "first_period": quarters[0],
            "end_period": quarters[-1],
            "today": str(SAMPLE_TODAY.date()),
            "rows": self.counts,
            "learning_gain": {
                "reference_modality": e.reference_modality,
                "modality_effect": {
                    m: v for m, v in e.modality_effect.items() if m != e.reference_modality
                },
                "reference_provider_type": e.reference_provider_type,
                "provider_effect": {
                    p: v for p, v in e.provider_effect.items() if p != e.reference_provider_type
                },
                "pre_score_slope": e.pre_score_slope,
                "intercept_at_pre_50": e.gain_intercept,
                "noise_sd": e.gain_sd,
                "programme_effect_sd": e.programme_gain_sd,
                "scored_modalities": list(e.scored_modalities),
                "school_based_management_programs": mbs,
                "model": (
                    "For completed enrollments of scored modalities: pre = clip(round(N("
                    f"{e.pre_mean}, {e.pre_sd})), {e.pre_min}, {e.pre_max}); gain = {e.gain_intercept} "
                    "+ modality_effect[modality] + provider_effect[provider_type] "
                    f"+ u[programme] + ({e.pre_score_slope}) * (pre - {e.gain_pre_centre}) "
                    f"+ N(0, {e.gain_sd}), u ~ N(0, {e.programme_gain_sd}) per programme; "
                    "post = clip(round(pre + gain), 0, 100). No employee effects: "
                    "gain ~ C(modality) + C(provider_type) + pre_score with a programme random "
                    "intercept recovers the effects (clipping and rounding aside)."
                ),
            },
            "competency_service": {
                "exposure": "jp_per_staff_4q",
                "effect_per_jp": dict(e.effect_per_jp),
                "noise_sd": dict(e.metric_noise_sd),
                "exposure_centre": e.exposure_centre,
                "values_clipped": dict(self.clipped),
                "campaign_prob": e.campaign_prob,
                "model": (
                    "value[u,q,m] = base[u,m] + shift[q,m] + effect_per_jp[m] * (jp_per_staff_4q[u,q] - exposure_centre) "
                    "+ launch_effect[u,q,m] + N(0, noise_sd[m]), clipped to the metric's range, rounded to 2 "
                    "decimals; jp_per_staff_4q[u,q] = credited JP of enrollments ending in q-3..q of the "
                    "employees of u active at the end of q / their number (only quarters in the data count). "
                    "Exogenous within-unit variation comes from random training campaigns (a unit-quarter is "
                    "a campaign with probability campaign_prob; attending staff then take a long classroom "
                    "programme). Unit and quarter fixed effects absorb base and shift; controlling for the "
                    "online launch (event-time dummies) removes launch_effect."
                ),
            },
            "online_launch": {
                "units": dict(sorted(self.launch_units.items())),
                "metric_effects": {
                    m: {"full_effect": e.full_effect[m], "ramp_quarters": e.ramp_quarters[m]}
                    for m in METRICS
                },
                "cohort_multiplier": cohorts,
                "att_by_event_time": att_event,
                "att_by_cohort": att_cohort,
                "att_overall_by_it_training": att_it,
                "att_overall": att_overall,
                "it_training_extra": dict(e.it_training_extra),
                "it_trained_units": sorted(self.it_units),
                "it_training_programs": it_progs,
                "it_training_lead_quarters": e.it_training_lead,
                "model": (
                    "online_service_start is the first day of the launch quarter L. Event time e = "
                    "period_index(q) - period_index(L). launch_effect[u,q,m] = 0 for e < 0 or never-launched "
                    "units, else cohort_multiplier[L] * min(1, (e + 1) / ramp_quarters[m]) * (full_effect[m] "
                    "+ it_training_extra[m] * [u in it_trained_units]). Staff of IT-trained units take the IT "
                    "and public-service programmes (it_training_programs) in the it_training_lead_quarters "
                    "quarters before launch; other launched units get none. Observed values are clipped to the "
                    "metric's range (ikm 25..100, processing_days >= 0.2, complaints_per_1000 >= 0, online_share "
                    "and spm_attainment 0..100), so the effect on the data is the realised one: "
                    "realised[u,q,m] = clip(y0[u,q,m] + launch_effect[u,q,m]) - clip(y0[u,q,m]), where y0 is "
                    "the unclipped value without the launch effect (same draws). att_by_event_time, "
                    "att_by_cohort, att_overall_by_it_training and att_overall average realised[u,q,m] over the "
                    "treated unit-quarters (e >= 0) in the data; it equals launch_effect where no clip binds "
                    "(it does for online_share, capped at 100)."
                ),
            },
            "participation": {
                "logit_coefficients": dict(e.participation),
                "head_attend_prob": e.head_attend_prob,
                "extra_enrollments_mean": e.extra_enrollments_mean,
                "model": part_model,
            },
            "no_show": {
                "logit_coefficients": dict(e.no_show),
                "model": (
                    "Each registration is a no-show with probability logistic(intercept + pppk*[pppk] "
                    "+ age_50_plus*[age >= 50] + learning_motivation*(motivation - 3) + e_learning*[modality == "
                    "e_learning]); registrations repeat until one is attended, so a logit of status == "
                    "'no_show' over decided enrollments recovers the coefficients."
                ),
            },
            "dropout": {
                "logit_coefficients": dict(e.dropout),
                "model": (
                    "An attended enrollment is dropped with probability logistic(intercept + pppk*[pppk] "
                    "+ learning_motivation*(motivation - 3) + e_learning*[e_learning] + degree*[degree] "
                    "+ jp_per_10*jp/10); otherwise completed."
                ),
            },
            "budget": {
                "starved_agencies": sorted(self.starved),
                "allocation_ratio": list(e.allocation_ratio),
                "starved_allocation_ratio": list(e.starved_allocation_ratio),
                "participation_log_odds": e.participation["budget_starved_agency"],
                "model": (
                    "allocated_idr[a,y] = spending[a,y] * U(allocation_ratio) (starved agencies: "
                    "U(starved_allocation_ratio), so their absorption exceeds 100 %), rounded to Rp 1 million, "
                    "at least Rp 5 million; the last year's spending is scaled to a full year first."
                ),
            },
            "cost": cost,
            "cost_model": {
                "cost_per_jp": dict(e.cost_per_jp),
                "provider_cost_multiplier": dict(e.provider_cost_multiplier),
                "lognormal_sd": e.cost_sd,
                "model": (
                    "cost_per_participant = jp * cost_per_jp[modality] * provider_cost_multiplier[provider_type] "
                    "* LogNormal(0, lognormal_sd), rounded to Rp 5,000. 'cost' is the realised sum of cost / sum "
                    "of credited JP over completed enrollments, by modality."
                ),
            },
            "survey": {
                "quarters": [quarters[o] for o in e.survey_quarter_offsets if o < len(quarters)],
                "response_rate": e.survey_response_rate,
                "leader_support_head_effect": e.leader_support_head_effect,
                "model": (
                    "learning_motivation = clip(round(trait + N(0, 0.6)), 1, 5) with trait ~ N(3.4, 0.8) per "
                    "employee, drawn every quarter (the participation model uses it); leader_support = "
                    "clip(round(N(3.2 + leader_support_head_effect * head_participated_prev_quarter, 0.8)), 1, 5)."
                ),
            },
            "assessments": {
                "jp_effect_per_jp": e.assessment_jp_effect,
                "model": (
                    "Rounds in May 2024 (50 % of staff) and May 2026 (35 %); score = clip(round(required_level "
                    f"- 0.5 + {e.assessment_jp_effect} * credited JP since first_period + N(0, 0.8)), 1, 5)."
                ),
            },
            "reaction_behaviour": {
                "behavior_on_target_effect": e.behavior_on_target,
                "behavior_gain_slope": e.behavior_gain_slope,
                "satisfaction_gain_slope": e.satisfaction_gain_slope,
                "model": (
                    "Completed enrollments, g = gain (or the gain intercept where unscored): satisfaction = "
                    f"clip(round({e.satisfaction_base} + {e.satisfaction_gain_slope}*(g - {e.gain_intercept}) "
                    f"+ N(0, {e.satisfaction_sd}), 1), 1, 5) for {e.satisfaction_share:.0%} of them; "
                    f"behavior_score = clip(round({e.behavior_base} + {e.behavior_gain_slope}*g + "
                    f"{e.behavior_on_target}*[programme target_sector == employee's sector] + N(0, "
                    f"{e.behavior_sd}), 1), 1, 5) for {e.behavior_share:.0%} of them, missing in the last "
                    "quarter (rated three months later). Training on the employee's own sector is applied "
                    "more on the job (question 1)."
                ),
            },
            "over_time": {
                "participation_log_odds_per_quarter": e.participation["quarter_trend"],
                "metric_trend_per_quarter": dict(e.metric_trend),
                "model": (
                    "Participation log-odds rise by quarter_trend each quarter; every service metric shares a "
                    "common shift metric_trend[m]*t + N(0, metric_quarter_sd[m]) across units (absorbed by "
                    "quarter fixed effects)."
                ),
            },
            "effects_config": e.to_dict(),
        }
        return truth


def _check_args(scale: Size, seed: int, end_period: str) -> str:
    if isinstance(scale, bool) or not (
        scale in ("city", "province", "national") or isinstance(scale, int | np.integer)
    ):
        raise ValueError(f"scale must be 'city', 'province', 'national' or a number of employees, not {scale!r}")
    if isinstance(scale, int | np.integer) and scale < MIN_EMPLOYEES:
        raise ValueError(f"the number of employees must be at least {MIN_EMPLOYEES:,}, not {scale:,}")
    if not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, not {seed!r}")
    return format_period(end_period)


def generate(
    scale: Size = "city",
    seed: int = 2026,
    end_period: str = DEFAULT_END_PERIOD,
    effects: Effects = DEFAULT_EFFECTS,
    pre_data_quarters: int = 0,
) -> SampleData:
    """Generate a sample in memory (city or province scale).

    Parameters
    ----------
    scale
        ``"city"`` (Binjai, about 5,300 ASN), ``"province"`` (about 60,000 ASN), or a
        number of employees (the planned staff; the generated roster is within a few
        percent of it).
        The national scale is too large for memory: use :func:`write_sample`.
    seed
        Seed of the ``numpy.random.Generator``; the same seed gives the same data.
    end_period
        Last quarter; twelve quarters up to it are generated (default 2026Q3).
    effects
        The planted effects (default :data:`DEFAULT_EFFECTS`).
    pre_data_quarters
        0 to 3: staff also trained in that many quarters before the first data quarter
        (not in the data, but in the true exposure behind the service metrics), so the
        data's first four-quarter windows are truncated as in a real extract
        (:func:`analysis.sample.simulate.simulate_district`). 0, the default, is the
        committed sample; with k > 0 ``truth.json`` says so under
        ``competency_service.pre_data_quarters``.

    Returns
    -------
    SampleData
        ``frames`` (table name -> DataFrame with the contract columns, raw NIPs) and
        ``truth`` (the content of ``truth.json``).
    """
    end_period = _check_args(scale, seed, end_period)
    if scale == "national":
        raise ValueError(
            "the national scale does not fit in memory: use write_sample(..., scale='national')"
        )
    builder = _TruthBuilder(scale, seed, end_period, effects)
    parts: dict[str, list[pd.DataFrame]] = {name: [] for name in TABLES}
    programs = None
    for _, result, progs in _iter_districts(scale, seed, end_period, effects, pre_data_quarters):
        programs = progs
        builder.add(result)
        for name, frame in result.frames.items():
            if name != "programs":
                parts[name].append(frame)
    builder.programs = programs
    frames = {name: pd.concat(p, ignore_index=True) for name, p in parts.items() if p}
    frames["programs"] = programs[list(TABLES["programs"].column_names)].reset_index(drop=True)
    builder.counts["programs"] = len(programs)
    frames = {name: frames[name] for name in TABLES}
    truth = builder.build()
    if pre_data_quarters:
        truth["competency_service"]["pre_data_quarters"] = pre_data_quarters  # type: ignore[index]
    return SampleData(frames=frames, truth=truth)


# ---------------------------------------------------------------------------------------------
# writing
# ---------------------------------------------------------------------------------------------


def _csv_frame(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Contract columns, as text exactly as written (dates ISO, money whole rupiah)."""
    out = pd.DataFrame(index=frame.index)
    for col in TABLES[name].columns:
        if col.name not in frame:
            continue
        v = frame[col.name]
        if col.type == "date":
            out[col.name] = pd.to_datetime(v).dt.strftime("%Y-%m-%d")
        elif col.type == "money" or col.type == "int":
            out[col.name] = pd.to_numeric(v).round().astype("Int64")
        elif col.type == "bool":
            out[col.name] = np.where(v.astype(bool), "true", "false")
        elif col.type == "float":
            out[col.name] = pd.to_numeric(v).astype(float).round(2)
        else:
            out[col.name] = v
    return out


def _arrow_table(name: str, frame: pd.DataFrame):  # noqa: ANN202 - pyarrow imported lazily
    import pyarrow as pa

    types = {
        "id": pa.string(),
        "text": pa.string(),
        "code": pa.string(),
        "nip": pa.string(),
        "period": pa.string(),
        "int": pa.int64(),
        "float": pa.float64(),
        "money": pa.float64(),
        "bool": pa.bool_(),
        "date": pa.date32(),
    }
    arrays, fields = [], []
    for col in TABLES[name].columns:
        if col.name not in frame:
            continue
        v = frame[col.name]
        t = types[col.type]
        if col.type == "date":
            arr = pa.array(
                pd.to_datetime(v).dt.date.to_numpy(dtype=object), type=t, from_pandas=True
            )
        elif col.type in ("int",):
            arr = pa.array(
                pd.to_numeric(v).round().astype("Int64").to_numpy(dtype=object, na_value=None),
                type=t,
            )
        elif col.type in ("float", "money"):
            arr = pa.array(pd.to_numeric(v).astype(float).to_numpy(), type=t, from_pandas=True)
        elif col.type == "bool":
            arr = pa.array(v.astype(bool).to_numpy(), type=t)
        else:
            arr = pa.array(v.astype(object).where(v.notna(), None).to_numpy(dtype=object), type=t)
        arrays.append(arr)
        fields.append(pa.field(col.name, t))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


class _PartWriter:
    """Parquet part files ``<table>/part-00001.parquet``, a new part every ``rows_per_part`` rows."""

    def __init__(self, out: Path, rows_per_part: int = 2_000_000) -> None:
        self.out, self.rows_per_part = out, rows_per_part
        self.writers: dict[str, object] = {}
        self.rows: dict[str, int] = {}
        self.parts: dict[str, int] = {}

    def write(self, name: str, frame: pd.DataFrame) -> None:
        import pyarrow.parquet as pq

        if len(frame) == 0:
            return
        table = _arrow_table(name, frame)
        if name not in self.writers or self.rows[name] >= self.rows_per_part:
            self._close(name)
            self.parts[name] = self.parts.get(name, 0) + 1
            folder = self.out / name
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"part-{self.parts[name]:05d}.parquet"
            self.writers[name] = pq.ParquetWriter(path, table.schema, compression="zstd")
            self.rows[name] = 0
        self.writers[name].write_table(table)  # type: ignore[attr-defined]
        self.rows[name] += len(frame)

    def _close(self, name: str) -> None:
        w = self.writers.pop(name, None)
        if w is not None:
            w.close()  # type: ignore[attr-defined]

    def close(self) -> None:
        for name in list(self.writers):
            self._close(name)


def _write_truth(truth: dict[str, object], out: Path) -> None:
    (out / "truth.json").write_text(
        json.dumps(truth, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def write_csv(data: SampleData, out: str | Path) -> list[Path]:
    """Write one CSV per table (UTF-8, ``,``, ISO dates) and ``truth.json`` into ``out``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in data.frames.items():
        path = out / f"{name}.csv"
        _csv_frame(name, frame).to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
        written.append(path)
    _write_truth(data.truth, out)
    written.append(out / "truth.json")
    return written


def write_sample(
    out: str | Path,
    scale: Size = "city",
    seed: int = 2026,
    end_period: str = DEFAULT_END_PERIOD,
    effects: Effects = DEFAULT_EFFECTS,
    *,
    max_districts: int | None = None,
    fmt: Literal["csv", "parquet"] | None = None,
) -> Path:
    """Generate a sample and write it to ``out`` (created; must be empty or absent).

    The city scale is written as CSV (one file per table); province and national as
    Parquet part files ``<table>/part-00001.parquet``, generated district by district
    so memory stays bounded by one district. ``truth.json`` goes next to the data.
    ``max_districts`` limits the districts (a small national-format test run).
    """
    end_period = _check_args(scale, seed, end_period)
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty: choose a new folder for the sample")
    fmt = fmt or ("csv" if scale == "city" else "parquet")
    if fmt == "csv" and max_districts is None and scale != "national":
        write_csv(generate(scale, seed, end_period, effects), out)
        return out
    out.mkdir(parents=True, exist_ok=True)
    builder = _TruthBuilder(scale, seed, end_period, effects)
    writer = _PartWriter(out)
    programs = None
    try:
        for i, (_, result, progs) in enumerate(_iter_districts(scale, seed, end_period, effects)):
            if max_districts is not None and i >= max_districts:
                break
            programs = progs
            builder.add(result)
            for name, frame in result.frames.items():
                if name != "programs":
                    writer.write(name, frame)
        if programs is None:
            raise ValueError("no district was generated")
        writer.write("programs", programs)
        builder.counts["programs"] = len(programs)
    finally:
        writer.close()
    builder.programs = programs
    truth = builder.build()
    if max_districts is not None:
        truth["max_districts"] = max_districts
    _write_truth(truth, out)
    return out


def cli_sample(args: argparse.Namespace) -> int:
    """``kompetensi sample``: write a sample to ``--out``; prints what was written."""
    end_period = getattr(args, "end_period", None) or DEFAULT_END_PERIOD
    try:
        size = args.employees if getattr(args, "employees", None) is not None else args.scale
        out = write_sample(args.out, scale=size, seed=args.seed, end_period=end_period)
    except (ValueError, FileExistsError) as exc:
        print(f"kompetensi sample: {exc}", file=sys.stderr)
        return 2
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    rows = truth["rows"]
    print(
        f"Sample ({truth['scale']}, seed {args.seed}, {truth['first_period']}..{truth['end_period']}) written to {out}"
    )
    for name, n in rows.items():
        print(f"  {name:<16} {n:>12,} rows")
    print("  truth.json       planted effects")
    return 0
