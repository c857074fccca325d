"""The sample's ``truth.json``: the planted effects and the population's true values, gathered
district by district while the generator runs (:func:`analysis.sample.generate`)."""

from __future__ import annotations

import pandas as pd

from analysis.data.contract import CONTRACT_VERSION
from analysis.sample.calendar import SAMPLE_TODAY, Size, sample_quarters
from analysis.sample.effects import Effects
from analysis.sample.service import METRICS
from analysis.sample.simulate import DistrictResult


class TruthBuilder:
    """Accumulates what truth.json needs over districts, without keeping the data."""

    def __init__(self, scale: Size, seed: int, end_period: str, effects: Effects) -> None:
        self.scale, self.seed, self.end_period, self.effects = scale, seed, end_period, effects
        self.launch_parts: list[pd.DataFrame] = []
        self.launch_units: dict[str, str] = {}
        self.it_units: list[str] = []
        self.starved: list[str] = []
        #: modality -> [cost (IDR), credited JP] of completed enrollments, summed over districts
        self.cost: dict[str, list[float]] = {}
        self.counts: dict[str, int] = {}
        self.clipped: dict[str, int] = dict.fromkeys(METRICS, 0)
        self.programs: pd.DataFrame | None = None

    def add(self, result: DistrictResult) -> None:
        keys = ["cohort", "event_time", "it_trained"]
        groups = result.launch_effects[[*keys, *METRICS]].groupby(keys, as_index=False)
        part = groups.sum()
        part.insert(len(keys), "n", groups.size()["size"].to_numpy())
        self.launch_parts.append(part)
        self.launch_units.update(result.launch_units)
        for m, k in result.clipped.items():
            self.clipped[m] += k
        self.it_units.extend(result.it_trained_units)
        self.starved.extend(result.starved_agencies)
        sums = result.cost_sums
        for modality, cost, jp in zip(
            sums["modality"], sums["cost_idr"], sums["credited_jp"], strict=True
        ):
            acc = self.cost.setdefault(modality, [0.0, 0.0])
            acc[0] += cost
            acc[1] += jp
        for name, frame in result.frames.items():
            self.counts[name] = self.counts.get(name, 0) + len(frame)

    def build(self) -> dict[str, object]:
        """The content of ``truth.json`` (keys in the file's order)."""
        e = self.effects
        quarters = sample_quarters(self.end_period)
        progs = self.programs
        it_progs = [] if progs is None else progs.loc[progs["kind"] == "it", "program_id"].tolist()
        mbs = [] if progs is None else progs.loc[progs["kind"] == "mbs", "program_id"].tolist()
        cost = {
            modality: round(float(c / jp), 0)
            for modality, (c, jp) in sorted(self.cost.items())
            if jp > 0
        }
        att = _launch_att(self.launch_parts)
        return {
            "generator": "analysis.sample",
            "contract_version": CONTRACT_VERSION,
            "scale": self.scale,
            "seed": self.seed,
            "first_period": quarters[0],
            "end_period": quarters[-1],
            "today": str(SAMPLE_TODAY.date()),
            "rows": self.counts,
            "learning_gain": _learning_gain(e, mbs),
            "competency_service": _competency_service(e, self.clipped),
            "online_launch": _online_launch(
                e, quarters, att, self.launch_units, self.it_units, it_progs
            ),
            "participation": _participation(e),
            "no_show": _no_show(e),
            "dropout": _dropout(e),
            "budget": _budget(e, self.starved),
            "cost": cost,
            "cost_model": _cost_model(e),
            "survey": _survey(e, quarters),
            "assessments": _assessments(e),
            "reaction_behaviour": _reaction_behaviour(e),
            "over_time": _over_time(e),
            "effects_config": e.to_dict(),
        }


def _launch_att(parts: list[pd.DataFrame]) -> dict[str, dict]:
    """Average realised launch effect per metric: by event time, by cohort, by IT training
    (and their difference) and overall, each sum of effects / number of treated unit-quarters."""
    le = pd.concat(parts).groupby(["cohort", "event_time", "it_trained"], as_index=False).sum()
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
    return {
        "by_event_time": att_event,
        "by_cohort": att_cohort,
        "by_it_training": att_it,
        "overall": att_overall,
    }


def _learning_gain(e: Effects, mbs: list[str]) -> dict[str, object]:
    """The learning-gain equation and its planted modality, provider and programme effects."""
    return {
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
    }


def _competency_service(e: Effects, clipped: dict[str, int]) -> dict[str, object]:
    """The service-metric equation: exposure effect per JP, noise, clipping."""
    return {
        "exposure": "jp_per_staff_4q",
        "effect_per_jp": dict(e.effect_per_jp),
        "noise_sd": dict(e.metric_noise_sd),
        "exposure_centre": e.exposure_centre,
        "values_clipped": dict(clipped),
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
    }


def _online_launch(
    e: Effects,
    quarters: list[str],
    att: dict[str, dict],
    units: dict[str, str],
    it_units: list[str],
    it_progs: list[str],
) -> dict[str, object]:
    """The online launches: units, cohorts, ramps and the realised average effects."""
    return {
        "units": dict(sorted(units.items())),
        "metric_effects": {
            m: {"full_effect": e.full_effect[m], "ramp_quarters": e.ramp_quarters[m]}
            for m in METRICS
        },
        "cohort_multiplier": {
            quarters[o]: mult
            for o, mult in zip(e.cohort_offsets, e.cohort_multipliers, strict=True)
            if o < len(quarters)
        },
        "att_by_event_time": att["by_event_time"],
        "att_by_cohort": att["by_cohort"],
        "att_overall_by_it_training": att["by_it_training"],
        "att_overall": att["overall"],
        "it_training_extra": dict(e.it_training_extra),
        "it_trained_units": sorted(it_units),
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
    }


def _participation(e: Effects) -> dict[str, object]:
    """The participation logit and how to recover it."""
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
    return {
        "logit_coefficients": dict(e.participation),
        "head_attend_prob": e.head_attend_prob,
        "extra_enrollments_mean": e.extra_enrollments_mean,
        "model": part_model,
    }


def _no_show(e: Effects) -> dict[str, object]:
    """The no-show logit."""
    return {
        "logit_coefficients": dict(e.no_show),
        "model": (
            "Each registration is a no-show with probability logistic(intercept + pppk*[pppk] "
            "+ age_50_plus*[age >= 50] + learning_motivation*(motivation - 3) + e_learning*[modality == "
            "e_learning]); registrations repeat until one is attended, so a logit of status == "
            "'no_show' over decided enrollments recovers the coefficients."
        ),
    }


def _dropout(e: Effects) -> dict[str, object]:
    """The dropout logit."""
    return {
        "logit_coefficients": dict(e.dropout),
        "model": (
            "An attended enrollment is dropped with probability logistic(intercept + pppk*[pppk] "
            "+ learning_motivation*(motivation - 3) + e_learning*[e_learning] + degree*[degree] "
            "+ jp_per_10*jp/10); otherwise completed."
        ),
    }


def _budget(e: Effects, starved: list[str]) -> dict[str, object]:
    """The budget allocation and the starved agencies."""
    return {
        "starved_agencies": sorted(starved),
        "allocation_ratio": list(e.allocation_ratio),
        "starved_allocation_ratio": list(e.starved_allocation_ratio),
        "participation_log_odds": e.participation["budget_starved_agency"],
        "model": (
            "allocated_idr[a,y] = spending[a,y] * U(allocation_ratio) (starved agencies: "
            "U(starved_allocation_ratio), so their absorption exceeds 100 %), rounded to Rp 1 million, "
            "at least Rp 5 million; the last year's spending is scaled to a full year first."
        ),
    }


def _cost_model(e: Effects) -> dict[str, object]:
    """How programme costs are drawn."""
    return {
        "cost_per_jp": dict(e.cost_per_jp),
        "provider_cost_multiplier": dict(e.provider_cost_multiplier),
        "lognormal_sd": e.cost_sd,
        "model": (
            "cost_per_participant = jp * cost_per_jp[modality] * provider_cost_multiplier[provider_type] "
            "* LogNormal(0, lognormal_sd), rounded to Rp 5,000. 'cost' is the realised sum of cost / sum "
            "of credited JP over completed enrollments, by modality."
        ),
    }


def _survey(e: Effects, quarters: list[str]) -> dict[str, object]:
    """The staff survey: quarters, response rate, the two answers."""
    return {
        "quarters": [quarters[o] for o in e.survey_quarter_offsets if o < len(quarters)],
        "response_rate": e.survey_response_rate,
        "leader_support_head_effect": e.leader_support_head_effect,
        "model": (
            "learning_motivation = clip(round(trait + N(0, 0.6)), 1, 5) with trait ~ N(3.4, 0.8) per "
            "employee, drawn every quarter (the participation model uses it); leader_support = "
            "clip(round(N(3.2 + leader_support_head_effect * head_participated_prev_quarter, 0.8)), 1, 5)."
        ),
    }


def _assessments(e: Effects) -> dict[str, object]:
    """The competency assessment rounds and the JP effect on scores."""
    return {
        "jp_effect_per_jp": e.assessment_jp_effect,
        "model": (
            "Rounds in May 2024 (50 % of staff) and May 2026 (35 %); score = clip(round(required_level "
            f"- 0.5 + {e.assessment_jp_effect} * credited JP since first_period + N(0, 0.8)), 1, 5)."
        ),
    }


def _reaction_behaviour(e: Effects) -> dict[str, object]:
    """Satisfaction and behaviour ratings (Kirkpatrick levels 1 and 3)."""
    return {
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
    }


def _over_time(e: Effects) -> dict[str, object]:
    """Participation and service-metric trends over quarters."""
    return {
        "participation_log_odds_per_quarter": e.participation["quarter_trend"],
        "metric_trend_per_quarter": dict(e.metric_trend),
        "model": (
            "Participation log-odds rise by quarter_trend each quarter; every service metric shares a "
            "common shift metric_trend[m]*t + N(0, metric_quarter_sd[m]) across units (absorbed by "
            "quarter fixed effects)."
        ),
    }
