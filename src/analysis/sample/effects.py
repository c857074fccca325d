"""The planted effects of the synthetic sample: one frozen, documented configuration.

Every effect the sample generator plants lives in :class:`Effects`, and
``truth.json`` is written from it (plus quantities measured on the generated data,
such as the average true effect per event time). The shape of the synthetic city
(unit sizes, baseline service levels) is in :mod:`analysis.sample.template`,
:mod:`analysis.sample.structure` and :mod:`analysis.sample.service`; no effect lives there.

Data-generating equations
-------------------------
Indices: employee *i*, unit *u* (the employee's unit, fixed over time), agency *a*,
quarter *q* (``t`` is its position, 0 for the first quarter), programme *p*.
``logistic(x) = 1 / (1 + exp(-x))``.

**Participation** (questions 5, 6 and 7). Unit heads attend at least one programme in
a quarter with probability ``head_attend_prob``, independently of everything else.
Every other employee active at the end of *q* attends (completes or drops out of)
at least one programme ending in *q* with probability::

    logistic( participation["intercept"]
              + participation["pppk"]                            * [employment_type == pppk]
              + participation["age_50_plus"]                     * [q.year - birth_year >= 50]
              + participation["degree_s1_plus"]                  * [education in d4, s1, s2, s3]
              + participation["head_participated_prev_quarter"]  * [head of u attended >= 1 programme ending in q-1]
              + participation["award_prev_4q"]                   * [i received employee_of_quarter or innovation recognition in q-4..q-1]
              + participation["learning_motivation"]             * (motivation_iq - 3)
              + participation["budget_starved_agency"]           * [a in budget.starved_agencies]
              + participation["sector_<s>"]                      * [sector of u == s]
              + participation["quarter_trend"]                   * t )

``motivation_iq`` is an integer 1..5 drawn each quarter around a personal trait; it
is the ``learning_motivation`` the survey reports in surveyed quarters (and
unobserved otherwise). In the first quarter no previous quarter exists in the data,
so ``head_participated_prev_quarter`` is 0 there, as computed from the data.
An attending employee takes ``1 + Poisson(extra_enrollments_mean)`` attended programmes.

**No-show** (enrollment level). Registrations are drawn one at a time for each
attended programme: a registration is a no-show with probability::

    logistic( no_show["intercept"] + no_show["pppk"] * pppk + no_show["age_50_plus"] * age50
              + no_show["learning_motivation"] * (motivation_iq - 3)
              + no_show["e_learning"] * [modality == e_learning] )

and registrations continue until one is attended (so the number of no-shows before
an attended programme is geometric). A logit of ``status == "no_show"`` on these
terms over all decided enrollments recovers the coefficients.

**Drop-out** (attended enrollments): dropped with probability::

    logistic( dropout["intercept"] + dropout["pppk"] * pppk
              + dropout["learning_motivation"] * (motivation_iq - 3)
              + dropout["e_learning"] * [e_learning] + dropout["degree"] * [degree]
              + dropout["jp_per_10"] * jp / 10 )

**Learning gain** (questions 1 and 2), completed enrollments of scored modalities::

    pre  = clip(round(N(pre_mean, pre_sd)), pre_min, pre_max)
    gain = gain_intercept + modality_effect[modality] + provider_effect[provider_type]
           + u_p + pre_score_slope * (pre - gain_pre_centre) + N(0, gain_sd)
    post = clip(round(pre + gain), 0, 100)

with ``u_p ~ N(0, programme_gain_sd)`` one draw per programme (its own quality: a
trainer, a curriculum), shared by all its participants, so format comparisons must
treat the programme as the unit (``docs/methods.md``).

Effects are relative to classroom (modality) and internal (provider). Scores are
whole numbers on 0..100 (max_score 100).

**Reaction and behaviour** (Kirkpatrick L1 and L3; question 1, relevance), completed
enrollments (``g`` = the gain, or ``gain_intercept`` where unscored)::

    satisfaction   = clip(round(satisfaction_base + satisfaction_gain_slope * (g - gain_intercept)
                                + N(0, satisfaction_sd), 1), 1, 5)     for a share satisfaction_share
    behavior_score = clip(round(behavior_base + behavior_gain_slope * g
                                + behavior_on_target * [programme's target_sector == employee's sector]
                                + N(0, behavior_sd), 1), 1, 5)          for a share behavior_share,
                                                                        missing in the last quarter

**Assessments**: rounds in May 2024 (50 % of staff) and May 2026 (35 %);
``score = clip(round(required_level - 0.5 + assessment_jp_effect * credited JP so far + N(0, 0.8)), 1, 5)``.

**Cost** (questions 2 and 4): programme ``cost_per_participant`` =
``jp * cost_per_jp[modality] * provider_cost_multiplier[provider_type] * LogNormal(0, cost_sd)``
rounded to Rp 5,000 (the lognormal factor is the programme-level cost effect: every
participant of a programme pays its price, so costs per JP cluster by programme); a share ``cost_override_share`` of attended enrollments carry an
own ``cost`` (the programme's times ``U(0.8, 1.2)``, rounded to Rp 1,000).

**Competency -> service** (question 3), service unit *u*, quarter *q*, metric *m*::

    value = base_um + quarter_shift_m[t] + effect_per_jp[m] * (jp_per_staff_4q(u, q) - exposure_centre)
            + launch_effect_m(u, q) + N(0, metric_noise_sd[m])

with ``quarter_shift_m[t] = metric_trend[m] * t + N(0, metric_quarter_sd[m])`` (common to
all units), clipped to the metric's range and rounded to 2 decimals, where
``jp_per_staff_4q(u, q)`` = credited JP of enrollments ending in q-3..q of the
employees of *u* active at the end of *q*, divided by their number (computed from the
generated enrollments exactly as the analysis defines it). Training intensity varies
from quarter to quarter within a unit through *campaigns*: with probability
``campaign_prob`` a unit-quarter is a campaign, and its attending staff then take the
unit's long sector-specific classroom programme with probability ``campaign_uptake``.

**Online launch** (question 3): Disdukcapil launches in the first cohort and DPMPTSP
in the second (both IT-trained); of the other service units a share ``launch_share``
launches, spread evenly over the cohorts (``cohort_offsets`` quarters after the first
generated quarter), about half of them IT-trained; the rest never launch. Unit *u*
launches in quarter ``L_u`` (its ``online_service_start`` is the first day of
``L_u``). With event time ``e = t - L_u`` and ``cohort_multiplier`` given by
``cohort_multipliers`` in the order of ``cohort_offsets``::

    launch_effect_m(u, q) = 0                                   if e < 0 or never launched
                          = cohort_multiplier[L_u] * min(1, (e + 1) / ramp_quarters[m])
                            * (full_effect[m] + it_training_extra[m] * it_trained_u)   otherwise

``it_trained_u`` marks launched units whose staff took the IT and public-service
programmes in the ``it_training_lead`` quarters before launch: an attending employee's
first programme is replaced, with probability ``it_uptake``, by the IT programme
closest to it in JP (so the unit's JP, and its exposure, do not change); other
launched units get no such programme.

The observed value is clipped to the metric's range (``online_share`` at most 100,
``processing_days`` at least 0.2, ...), so the planted ``launch_effect_m`` is not what
the data show where the clip binds. The *realised* effect of a treated unit-quarter is
the difference on the observed scale between the treated and the untreated potential
outcome, both with the same draws::

    y0_m(u, q)       = value before clipping with launch_effect_m(u, q) set to 0
    realised_m(u, q) = clip(y0_m(u, q) + launch_effect_m(u, q)) - clip(y0_m(u, q))

``truth.json``'s ``att_by_event_time``, ``att_by_cohort``, ``att_overall`` and
``att_overall_by_it_training`` average ``realised_m`` over the treated unit-quarters
(``e >= 0``) of each cell: the average treatment effect on the treated on the metric
as observed, which an event study on the data estimates (rounding to 2 decimals is
left out; it moves an average by far less than its standard error). Where no clip
binds, ``realised_m`` equals ``launch_effect_m``.

**Leader support** in the survey: ``clip(round(N(3.2 + leader_support_head_effect *
head_participated_prev_quarter, 0.8)), 1, 5)``.

**Budget** (question 4): allocation of agency *a* in year *y* = its generated spending
in *y* times ``U(*allocation_ratio)`` (budget-starved agencies ``U(*starved_allocation_ratio)``,
so they absorb more than 100 % and their staff participate less), rounded to
Rp 1 million, at least Rp 5 million. The last year's spending is scaled up to a full
year first when the data end before Q4.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


def _d(**kw: float) -> dict[str, float]:
    return dict(kw)


@dataclass(frozen=True)
class Effects:
    """Every planted effect and design constant of the sample generator.

    See the module docstring for the data-generating equations that use each field.
    Dict fields map a name (modality, provider type, metric, ...) to a number; they
    are not mutated by the generator.
    """

    # --- participation (log-odds) -------------------------------------------------------
    participation: dict[str, float] = field(
        default_factory=lambda: _d(
            intercept=-1.05,
            pppk=-0.45,
            age_50_plus=-0.35,
            degree_s1_plus=0.25,
            head_participated_prev_quarter=0.60,
            award_prev_4q=0.55,
            learning_motivation=0.40,
            budget_starved_agency=-0.70,
            sector_health=0.15,
            sector_education=0.10,
            quarter_trend=0.04,
        )
    )
    head_attend_prob: float = 0.45
    extra_enrollments_mean: float = 0.25
    no_show: dict[str, float] = field(
        default_factory=lambda: _d(
            intercept=-2.5,
            pppk=0.45,
            age_50_plus=0.30,
            learning_motivation=-0.30,
            e_learning=0.60,
        )
    )
    dropout: dict[str, float] = field(
        default_factory=lambda: _d(
            intercept=-3.0,
            pppk=0.35,
            learning_motivation=-0.30,
            e_learning=1.00,
            degree=0.60,
            jp_per_10=0.04,
        )
    )
    # --- learning gain (points on 0..100) ------------------------------------------------
    reference_modality: str = "classroom"
    reference_provider_type: str = "internal"
    scored_modalities: tuple[str, ...] = (
        "classroom",
        "e_learning",
        "blended",
        "seminar",
        "workshop",
        "coaching",
        "mentoring",
    )
    gain_intercept: float = 14.0
    modality_effect: dict[str, float] = field(
        default_factory=lambda: _d(
            classroom=0.0,
            e_learning=-4.0,
            blended=2.0,
            seminar=-7.0,
            workshop=-3.0,
            coaching=4.0,
            mentoring=3.0,
        )
    )
    provider_effect: dict[str, float] = field(
        default_factory=lambda: _d(
            internal=0.0,
            university=3.5,
            professional_org=2.0,
            government_institute=1.0,
            private=-2.5,
        )
    )
    pre_score_slope: float = -0.30
    gain_pre_centre: float = 50.0
    gain_sd: float = 6.0
    programme_gain_sd: float = 1.5  # SD of the programme random effect on the gain
    pre_mean: float = 52.0
    pre_sd: float = 11.0
    pre_min: float = 10.0
    pre_max: float = 90.0
    score_share: float = 0.85  # share of completed, scored enrollments with both scores
    # --- reaction (L1) and behaviour (L3), relevance (question 1) --------------------------
    satisfaction_base: float = 3.9
    satisfaction_gain_slope: float = 0.02
    satisfaction_sd: float = 0.45
    satisfaction_share: float = 0.90
    behavior_base: float = 2.9
    behavior_gain_slope: float = 0.03
    behavior_on_target: float = 0.40
    behavior_sd: float = 0.55
    behavior_share: float = 0.75
    assessment_jp_effect: float = 0.012
    # --- cost (IDR) ------------------------------------------------------------------
    cost_per_jp: dict[str, float] = field(
        default_factory=lambda: _d(
            classroom=175_000,
            e_learning=12_000,
            blended=120_000,
            seminar=110_000,
            workshop=140_000,
            degree=125_000,
            coaching=40_000,
            mentoring=35_000,
            internship=60_000,
            other=50_000,
        )
    )
    provider_cost_multiplier: dict[str, float] = field(
        default_factory=lambda: _d(
            internal=0.70,
            government_institute=1.00,
            professional_org=1.20,
            university=1.45,
            private=1.70,
        )
    )
    cost_sd: float = 0.15
    cost_override_share: float = 0.08
    jp_credited_override_share: float = 0.03
    # --- competency -> service ---------------------------------------------------------
    effect_per_jp: dict[str, float] = field(
        default_factory=lambda: _d(
            ikm=0.12,
            processing_days=-0.06,
            complaints_per_1000=-0.08,
            online_share=0.0,
            spm_attainment=0.09,
        )
    )
    metric_noise_sd: dict[str, float] = field(
        default_factory=lambda: _d(
            ikm=1.5,
            processing_days=0.5,
            complaints_per_1000=1.0,
            online_share=1.5,
            spm_attainment=1.5,
        )
    )
    exposure_centre: float = 35.0
    #: common change per quarter (question 7) and the sd of the common quarter shock
    metric_trend: dict[str, float] = field(
        default_factory=lambda: _d(
            ikm=0.10,
            processing_days=-0.03,
            complaints_per_1000=-0.05,
            online_share=0.3,
            spm_attainment=0.15,
        )
    )
    metric_quarter_sd: dict[str, float] = field(
        default_factory=lambda: _d(
            ikm=0.4,
            processing_days=0.15,
            complaints_per_1000=0.3,
            online_share=0.5,
            spm_attainment=0.4,
        )
    )
    campaign_prob: float = 0.25
    campaign_uptake: float = 0.80
    # --- online launch ---------------------------------------------------------------
    full_effect: dict[str, float] = field(
        default_factory=lambda: _d(
            ikm=4.0,
            processing_days=-2.0,
            complaints_per_1000=-3.0,
            online_share=40.0,
            spm_attainment=2.0,
        )
    )
    ramp_quarters: dict[str, int] = field(
        default_factory=lambda: {
            "ikm": 8,
            "processing_days": 8,
            "complaints_per_1000": 8,
            "online_share": 8,
            "spm_attainment": 8,
        }
    )
    #: launch cohort as an offset in quarters from the first generated quarter -> multiplier
    cohort_offsets: tuple[int, ...] = (3, 5, 7, 9)
    cohort_multipliers: tuple[float, ...] = (2.2, 1.2, 0.6, 0.25)
    it_training_extra: dict[str, float] = field(
        default_factory=lambda: _d(
            ikm=2.0,
            processing_days=-1.0,
            complaints_per_1000=-1.5,
            online_share=10.0,
            spm_attainment=1.0,
        )
    )
    it_training_lead: int = 3
    it_uptake: float = 0.95
    #: share of the other service units (besides civil registry and licensing) that launch
    launch_share: float = 0.80
    # --- survey, budget ----------------------------------------------------------------
    leader_support_head_effect: float = 0.5
    survey_response_rate: float = 0.75
    survey_quarter_offsets: tuple[int, ...] = (2, 6, 10)  # 2024Q2, 2025Q2, 2026Q2
    allocation_ratio: tuple[float, float] = (1.05, 1.45)
    starved_allocation_ratio: tuple[float, float] = (0.55, 0.75)

    def to_dict(self) -> dict[str, object]:
        """Plain, JSON-ready copy of every field."""
        out = asdict(self)
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in out.items()}


DEFAULT_EFFECTS = Effects()
