"""Simulation of one district: enrollments, recognitions, survey, assessments, service, budget.

The equations are in :mod:`analysis.sample.effects`; this module applies them
quarter by quarter, vectorised over employees. Everything random comes from the
``numpy.random.Generator`` passed in, in a fixed order, so a seed fixes the output.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.data.contract import PROGRAMS, UNITS
from analysis.data.contract import SECTORS as SECTOR_CODES
from analysis.sample.effects import Effects
from analysis.sample.programs import MODALITY_WEIGHT
from analysis.sample.structure import KECAMATAN, KELURAHAN, POSITIONS, District

METRICS = ("ikm", "processing_days", "complaints_per_1000", "online_share", "spm_attainment")
_METRIC_MIN = {
    "ikm": 25.0,
    "processing_days": 0.2,
    "complaints_per_1000": 0.0,
    "online_share": 0.0,
    "spm_attainment": 0.0,
}
_METRIC_MAX = {"ikm": 100.0, "online_share": 100.0, "spm_attainment": 100.0}
_S1_PLUS = ("d4", "s1", "s2", "s3")
_NAT = np.datetime64("NaT")


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


@dataclass(frozen=True)
class DistrictResult:
    """Frames of one district (contract columns only) and what truth.json needs."""

    frames: dict[str, pd.DataFrame]
    #: unit_id, cohort, event_time, it_trained, <metric>...: the realised launch effects,
    #: clip(y0 + planted effect) - clip(y0), of the treated unit-quarters
    launch_effects: pd.DataFrame
    launch_units: dict[str, str]
    it_trained_units: tuple[str, ...]
    starved_agencies: tuple[str, ...]
    cost_sums: pd.DataFrame  # modality, cost_idr, credited_jp (completed enrollments)
    exposure: pd.DataFrame  # unit_id, period, staff, jp_per_staff_4q (service units)
    clipped: dict[str, int]  # service-metric values clipped to the metric's range


def _quarter_bounds(quarters: list[str]) -> tuple[np.ndarray, np.ndarray]:
    per = pd.PeriodIndex(quarters, freq="Q-DEC")
    start = per.start_time.normalize().to_numpy().astype("datetime64[D]")
    end = per.end_time.normalize().to_numpy().astype("datetime64[D]")
    return start, end


def _assign_launches(
    units: pd.DataFrame,
    district: District,
    effects: Effects,
    rng: np.random.Generator,
    quarters: list[str],
) -> tuple[np.ndarray, np.ndarray]:
    """Launch quarter index (-1 never) and IT-trained flag per unit."""
    n = len(units)
    launch = np.full(n, -1, dtype=np.int64)
    trained = np.zeros(n, dtype=bool)
    offsets = np.array([o for o in effects.cohort_offsets if o < len(quarters)])
    if len(offsets) == 0:
        return launch, trained
    service = units["service"].to_numpy()
    codes = (
        units["unit_id"].str.replace(f"{district.prefix}-", "", regex=False).to_numpy()
        if district.prefix
        else units["unit_id"].to_numpy()
    )
    fixed = {"DISDUKCAPIL": 0, "DPMPTSP": min(1, len(offsets) - 1)}
    for code, c in fixed.items():
        hit = np.flatnonzero(codes == code)
        launch[hit] = offsets[c]
        trained[hit] = True
    others = np.flatnonzero(service & (launch < 0))
    n_treat = int(round(effects.launch_share * len(others)))
    chosen = np.sort(rng.choice(others, size=n_treat, replace=False))
    order = rng.permutation(n_treat)
    launch[chosen[order]] = offsets[np.arange(n_treat) % len(offsets)]
    trained[chosen[order]] = (np.arange(n_treat) // len(offsets)) % 2 == 0
    return launch, trained


def _true_windows(jp_et: np.ndarray, pre_data_quarters: int, hired_before_data: np.ndarray) -> np.ndarray:
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
    hidden = np.where(hired_before_data[:, None], jp_et[:, 4 - k:4], 0.0) if k else np.zeros((n, 0))
    full = np.concatenate([hidden, jp_et], axis=1)
    width = full.shape[1]
    csum = np.cumsum(full, axis=1)
    win = csum - np.concatenate([np.zeros((n, 4)), csum[:, :-4]], axis=1)[:, :width] if width > 4 else csum
    return win[:, k:]


def programme_effects(rng: np.random.Generator, n_programmes: int, sd: float) -> np.ndarray:
    """One N(0, ``sd``) effect per programme, drawn from a child stream of ``rng``'s seed.

    The child stream (``SeedSequence.spawn``) leaves ``rng``'s own draws unchanged, so
    adding programme effects changes the gains and nothing else of the sample.
    """
    seed_seq = getattr(rng.bit_generator, "seed_seq", None)
    child = np.random.default_rng(seed_seq.spawn(1)[0] if seed_seq is not None else None)
    return child.normal(0.0, sd, n_programmes) if sd > 0 else np.zeros(n_programmes)


def simulate_district(
    district: District,
    units: pd.DataFrame,
    employees: pd.DataFrame,
    programs: pd.DataFrame,
    effects: Effects,
    rng: np.random.Generator,
    quarters: list[str],
    pre_data_quarters: int = 0,
) -> DistrictResult:
    """Generate every table of one district for the given quarters.

    ``pre_data_quarters`` (0 to 3): staff also trained in that many quarters before the first
    data quarter, each employee as in the same calendar quarter one year later (nobody hired
    after the first data quarter starts). Those enrollments are not in the data, but they
    count in the true four-quarter exposure that drives the service metrics, so the first
    quarters' windows in the data are truncated, as in a real extract. No random draws are
    added, so 0 (the default) gives the same data as before the option existed.
    """
    T = len(quarters)
    qstart, qend = _quarter_bounds(quarters)
    pre_quarters = [
        str(p)
        for p in pd.period_range(
            end=pd.Period(quarters[0], freq="Q-DEC") - 1, periods=4, freq="Q-DEC"
        )
    ]
    pre_start, pre_end = _quarter_bounds(pre_quarters)
    next_q = pd.Period(quarters[-1], freq="Q-DEC") + 1
    next_start, next_end = _quarter_bounds([f"{next_q.year}Q{next_q.quarter}"])

    # ---- units -------------------------------------------------------------------------
    n_units = len(units)
    unit_ids = units["unit_id"].to_numpy().astype(object)
    unit_pos = {u: i for i, u in enumerate(unit_ids)}
    agency_ids = units["agency_id"].to_numpy().astype(object)
    agencies = [u for u in unit_ids if u in set(agency_ids)]
    agency_pos = {a: i for i, a in enumerate(agencies)}
    unit_agency = np.array([agency_pos[a] for a in agency_ids])
    unit_sector = units["sector"].to_numpy().astype(object)
    launch_t, it_trained = _assign_launches(units, district, effects, rng, quarters)

    # budget-starved agencies: four OPD offices and one kecamatan
    kinds = units["kind"].to_numpy()
    own = units["unit_id"].to_numpy() == units["agency_id"].to_numpy()
    big = np.isin(
        units["unit_id"].str.replace(f"{district.prefix}-", "", regex=False)
        if district.prefix
        else units["unit_id"],
        ("DISDIK", "DINKES", "RSUD", "DISDUKCAPIL", "DPMPTSP", "SETDA", "BKPSDM"),
    )
    cand_opd = np.flatnonzero(own & (kinds == "opd") & ~np.asarray(big))
    cand_kec = np.flatnonzero(own & (kinds == KECAMATAN))
    starved_units = np.sort(
        np.r_[rng.choice(cand_opd, 4, replace=False), rng.choice(cand_kec, 1, replace=False)]
    )
    starved_agency = np.zeros(len(agencies), dtype=bool)
    starved_agency[[agency_pos[unit_ids[i]] for i in starved_units]] = True

    # ---- employees --------------------------------------------------------------------------
    emp = employees
    n = len(emp)
    e_unit = np.array([unit_pos[u] for u in emp["unit_id"].to_numpy()])
    e_agency = unit_agency[e_unit]
    e_head = emp["is_unit_head"].to_numpy().astype(bool)
    e_pppk = (emp["employment_type"] == "pppk").to_numpy()
    e_s1 = emp["education"].isin(_S1_PLUS).to_numpy()
    e_birth = emp["birth_year"].to_numpy().astype(np.int64)
    e_hire = emp["hire_date"].to_numpy().astype("datetime64[D]")
    e_exit = emp["exit_date"].to_numpy().astype("datetime64[D]")
    e_pos = np.array([POSITIONS.index(p) for p in emp["position_type"].to_numpy()])
    sector_codes = list(SECTOR_CODES)
    e_sector = np.array([sector_codes.index(s) for s in unit_sector[e_unit]])
    trait = rng.normal(3.4, 0.8, n)
    head_of_unit = np.full(n_units, -1)
    head_of_unit[e_unit[e_head]] = np.flatnonzero(e_head)

    def active_at(day: np.datetime64) -> np.ndarray:
        return (e_hire <= day) & (np.isnat(e_exit) | (e_exit > day))

    # ---- programmes ---------------------------------------------------------------------------
    P = len(programs)
    p_mod = programs["modality"].to_numpy().astype(object)
    p_ptype = programs["provider_type"].to_numpy().astype(object)
    p_jp = programs["jp"].to_numpy().astype(float)
    p_cost = programs["cost_per_participant"].to_numpy().astype(float)
    p_days = programs["days"].to_numpy().astype(np.int64)
    p_kind = programs["kind"].to_numpy().astype(object)
    p_target = programs["target_sector"].to_numpy().astype(object)
    p_el = p_mod == "e_learning"
    p_deg = p_mod == "degree"
    p_scored = np.isin(p_mod, effects.scored_modalities)
    p_mod_eff = np.array([effects.modality_effect.get(m, 0.0) for m in p_mod])
    p_prov_eff = np.array([effects.provider_effect.get(t, 0.0) for t in p_ptype])
    # programme random effect on the gain, from a stream spawned off the seed so the
    # main stream (and everything else it draws) is unchanged
    p_gain_re = programme_effects(rng, len(p_mod), effects.programme_gain_sd)

    n_groups = len(sector_codes) * len(POSITIONS) * 2
    weights = np.zeros((n_groups, P))
    for s_i, s in enumerate(sector_codes):
        match = np.where(p_target == s, 4.0, np.where(pd.isna(p_target), 1.5, 0.08))
        for pos_i, pos in enumerate(POSITIONS):
            for pk in (0, 1):
                w = np.array([MODALITY_WEIGHT[m] for m in p_mod]) * match
                w = np.where(p_kind == "it", 0.0, w)
                w = np.where(p_kind == "mbs", 2.0 if s == "education" else 0.0, w)
                w = np.where(
                    p_kind == "leadership",
                    3.0 if pos in ("supervisor", "administrator") else 0.0,
                    w,
                )
                w = np.where(p_kind == "degree", 0.0 if pk else w, w)
                weights[(s_i * len(POSITIONS) + pos_i) * 2 + pk] = w
    cdf = np.cumsum(weights, axis=1)
    cdf /= cdf[:, -1:]
    e_group = (e_sector * len(POSITIONS) + e_pos) * 2 + e_pppk.astype(int)
    it_progs = np.flatnonzero(p_kind == "it")

    # each unit's campaign programme: a long, on-target classroom or blended programme
    campaign_prog = np.zeros(n_units, dtype=np.int64)
    for u in range(n_units):
        ok = np.flatnonzero(
            (p_kind == "regular")
            & np.isin(p_mod, ("classroom", "blended"))
            & (p_jp >= 32)
            & (p_target == unit_sector[u])
        )
        if len(ok) == 0:
            ok = np.flatnonzero(
                (p_kind == "regular")
                & np.isin(p_mod, ("classroom", "blended"))
                & (p_jp >= 32)
                & pd.isna(p_target)
            )
        campaign_prog[u] = ok[int(rng.integers(len(ok)))]

    def draw_programme(groups: np.ndarray) -> np.ndarray:
        u = rng.random(len(groups))
        return np.minimum((cdf[groups] < u[:, None]).sum(axis=1), P - 1)

    def draw_dates(
        prog: np.ndarray, q0: np.datetime64, q1: np.datetime64
    ) -> tuple[np.ndarray, np.ndarray]:
        qlen = int((q1 - q0).astype(np.int64)) + 1
        d = p_days[prog]
        fits = d <= qlen
        off = rng.integers(0, np.maximum(qlen - d + 1, 1))
        end_any = rng.integers(0, qlen, len(prog))
        start = np.where(
            fits, q0 + off.astype("timedelta64[D]"), q0 + (end_any - d + 1).astype("timedelta64[D]")
        )
        end = np.where(
            fits, start + (d - 1).astype("timedelta64[D]"), q0 + end_any.astype("timedelta64[D]")
        )
        return start, end

    part = effects.participation
    sector_coef = np.array([part.get(f"sector_{s}", 0.0) for s in sector_codes])
    ns, dr = effects.no_show, effects.dropout

    # ---- recognitions (four quarters before the panel, then each panel quarter) ------------------
    last_award = np.full(n, -999, dtype=np.int64)
    rec_emp: list[np.ndarray] = []
    rec_date: list[np.ndarray] = []
    rec_kind: list[np.ndarray] = []

    def give_awards(t: int, q0: np.datetime64, q1: np.datetime64) -> None:
        act = active_at(q1)
        keys = np.where(act, rng.random(n), -1.0)
        order = np.lexsort((keys, e_agency))
        last_in_group = np.r_[e_agency[order][1:] != e_agency[order][:-1], True]
        eoq = order[last_in_group]
        eoq = eoq[keys[eoq] >= 0]
        innov = np.flatnonzero(act & (rng.random(n) < 0.003))
        last_month = q1.astype("datetime64[M]").astype("datetime64[D]")
        rec_emp.extend([eoq, innov])
        rec_date.extend(
            [
                np.full(len(eoq), last_month + np.timedelta64(19, "D")),
                q0
                + rng.integers(0, int((q1 - q0).astype(np.int64)) + 1, len(innov)).astype(
                    "timedelta64[D]"
                ),
            ]
        )
        rec_kind.extend(
            [
                np.full(len(eoq), "employee_of_quarter", dtype=object),
                np.full(len(innov), "innovation", dtype=object),
            ]
        )
        last_award[eoq] = t
        last_award[innov] = t
        year = int(q0.astype("datetime64[Y]").astype(np.int64)) + 1970
        aug17 = np.datetime64(f"{year}-08-17")
        if q0 <= aug17 <= q1:
            service_years = year - (e_hire.astype("datetime64[Y]").astype(np.int64) + 1970)
            ls = np.flatnonzero(
                active_at(aug17)
                & np.isin(service_years, (10, 20, 30))
                & (e_hire.astype("datetime64[M]") <= np.datetime64(f"{year}-08"))
            )
            rec_emp.append(ls)
            rec_date.append(np.full(len(ls), aug17))
            rec_kind.append(np.full(len(ls), "long_service", dtype=object))

    for k in range(4):
        give_awards(k - 4, pre_start[k], pre_end[k])

    # ---- quarters ---------------------------------------------------------------------------
    reg_emp, reg_prog, reg_noshow, reg_t = [], [], [], []
    head_prev = np.zeros(n_units, dtype=bool)
    survey_rows: list[pd.DataFrame] = []
    motiv_hist = np.zeros((T, n), dtype=np.int8)
    for t in range(T):
        act = active_at(qend[t])
        year = int(quarters[t][:4])
        motiv = np.clip(np.rint(trait + rng.normal(0.0, 0.6, n)), 1, 5).astype(np.int64)
        motiv_hist[t] = motiv
        age50 = (year - e_birth) >= 50
        award_prev = (last_award >= t - 4) & (last_award <= t - 1)
        hp = head_prev[e_unit]
        eta = (
            part["intercept"]
            + part["pppk"] * e_pppk
            + part["age_50_plus"] * age50
            + part["degree_s1_plus"] * e_s1
            + part["head_participated_prev_quarter"] * hp
            + part["award_prev_4q"] * award_prev
            + part["learning_motivation"] * (motiv - 3)
            + part["budget_starved_agency"] * starved_agency[e_agency]
            + sector_coef[e_sector]
            + part["quarter_trend"] * t
        )
        u = rng.random(n)
        attend = act & np.where(e_head, u < effects.head_attend_prob, u < _sigmoid(eta))
        if t in effects.survey_quarter_offsets:
            resp = act & (rng.random(n) < effects.survey_response_rate)
            idx = np.flatnonzero(resp)
            support = np.clip(
                np.rint(rng.normal(3.2 + effects.leader_support_head_effect * hp[idx], 0.8)), 1, 5
            )
            survey_rows.append(
                pd.DataFrame(
                    {
                        "emp": idx,
                        "period": quarters[t],
                        "leader_support": support,
                        "learning_motivation": motiv[idx].astype(float),
                    }
                )
            )
        att_idx = np.flatnonzero(attend)
        k = 1 + rng.poisson(effects.extra_enrollments_mean, len(att_idx))
        slot_emp = np.repeat(att_idx, k)
        first = (
            np.r_[True, slot_emp[1:] != slot_emp[:-1]] if len(slot_emp) else np.zeros(0, dtype=bool)
        )
        campaign = rng.random(n_units) < effects.campaign_prob
        it_now = (
            it_trained
            & (launch_t >= 0)
            & (t >= launch_t - effects.it_training_lead)
            & (t < launch_t)
        )
        pending = np.arange(len(slot_emp))
        ns_base = (
            ns["intercept"]
            + ns["pppk"] * e_pppk
            + ns["age_50_plus"] * age50
            + ns["learning_motivation"] * (motiv - 3)
        )
        for r in range(12):
            if len(pending) == 0:
                break
            se = slot_emp[pending]
            prog = draw_programme(e_group[se])
            uu = rng.random(len(pending))
            su = e_unit[se]
            use_c = first[pending] & campaign[su] & (uu < effects.campaign_uptake)
            use_it = first[pending] & it_now[su] & (rng.random(len(pending)) < effects.it_uptake)
            prog = np.where(use_c, campaign_prog[su], prog)
            nearest_it = it_progs[
                np.abs(p_jp[it_progs][None, :] - p_jp[prog][:, None]).argmin(axis=1)
            ]
            prog = np.where(use_it, nearest_it, prog)
            noshow = rng.random(len(pending)) < _sigmoid(
                ns_base[se] + ns["e_learning"] * p_el[prog]
            )
            if r == 11:
                noshow[:] = False
            reg_emp.append(se)
            reg_prog.append(prog)
            reg_noshow.append(noshow)
            reg_t.append(np.full(len(se), t))
            pending = pending[noshow]
        head_prev = np.zeros(n_units, dtype=bool)
        heads_att = att_idx[e_head[att_idx]]
        head_prev[e_unit[heads_att]] = True
        give_awards(t, qstart[t], qend[t])

    r_emp = np.concatenate(reg_emp)
    r_prog = np.concatenate(reg_prog)
    r_noshow = np.concatenate(reg_noshow)
    r_t = np.concatenate(reg_t)
    m = len(r_emp)
    # order registrations by quarter then employee (stable), for readable ids
    order = np.lexsort((r_emp, r_t))
    r_emp, r_prog, r_noshow, r_t = r_emp[order], r_prog[order], r_noshow[order], r_t[order]
    motiv_r = motiv_hist[r_t, r_emp].astype(float)
    d_eta = (
        dr["intercept"]
        + dr["pppk"] * e_pppk[r_emp]
        + dr["learning_motivation"] * (motiv_r - 3)
        + dr["e_learning"] * p_el[r_prog]
        + dr["degree"] * p_deg[r_prog]
        + dr["jp_per_10"] * p_jp[r_prog] / 10.0
    )
    dropped = ~r_noshow & (rng.random(m) < _sigmoid(d_eta))
    completed = ~r_noshow & ~dropped
    status = np.where(r_noshow, "no_show", np.where(dropped, "dropped", "completed")).astype(object)
    start = np.empty(m, dtype="datetime64[D]")
    end = np.empty(m, dtype="datetime64[D]")
    for t in range(T):
        sel = np.flatnonzero(r_t == t)
        s_, e_ = draw_dates(r_prog[sel], qstart[t], qend[t])
        start[sel], end[sel] = s_, e_
    # outcomes
    scored = completed & p_scored[r_prog] & (rng.random(m) < effects.score_share)
    pre = np.clip(
        np.rint(rng.normal(effects.pre_mean, effects.pre_sd, m)), effects.pre_min, effects.pre_max
    )
    gain = (
        effects.gain_intercept
        + p_mod_eff[r_prog]
        + p_prov_eff[r_prog]
        + p_gain_re[r_prog]
        + effects.pre_score_slope * (pre - effects.gain_pre_centre)
        + rng.normal(0.0, effects.gain_sd, m)
    )
    post = np.clip(np.rint(pre + gain), 0, 100)
    pre_score = np.where(scored, pre, np.nan)
    post_score = np.where(scored, post, np.nan)
    g = np.where(scored, post - pre, effects.gain_intercept)
    sat = np.clip(
        np.round(
            effects.satisfaction_base
            + effects.satisfaction_gain_slope * (g - effects.gain_intercept)
            + rng.normal(0, effects.satisfaction_sd, m),
            1,
        ),
        1,
        5,
    )
    satisfaction = np.where(completed & (rng.random(m) < effects.satisfaction_share), sat, np.nan)
    on_target = p_target[r_prog] == unit_sector[e_unit[r_emp]]
    beh = np.clip(
        np.round(
            effects.behavior_base
            + effects.behavior_gain_slope * g
            + effects.behavior_on_target * on_target
            + rng.normal(0, effects.behavior_sd, m),
            1,
        ),
        1,
        5,
    )
    behavior = np.where(
        completed & (r_t < T - 1) & (rng.random(m) < effects.behavior_share), beh, np.nan
    )
    jp_cred = np.where(
        completed & (rng.random(m) < effects.jp_credited_override_share),
        np.maximum(1.0, np.rint(p_jp[r_prog] * rng.uniform(0.5, 0.9, m))),
        np.nan,
    )
    attended = ~r_noshow
    cost = np.where(
        attended & (rng.random(m) < effects.cost_override_share),
        np.round(p_cost[r_prog] * rng.uniform(0.8, 1.2, m), -3),
        np.nan,
    )

    # future registrations (status registered), in the quarter after the panel
    fut = np.flatnonzero(active_at(qend[-1]) & (rng.random(n) < 0.04))
    f_prog = draw_programme(e_group[fut])
    f_start, f_end = draw_dates(f_prog, next_start[0], next_end[0])
    f_start = np.maximum(
        f_start, next_start[0]
    )  # registered: nothing has started before the panel's end

    pid = programs["program_id"].to_numpy().astype(object)
    nip = emp["employee_id"].to_numpy().astype(object)
    prefix = f"ENR-{district.prefix}-" if district.prefix else "ENR-"
    n_all = m + len(fut)
    enrollments = pd.DataFrame(
        {
            "enrollment_id": [f"{prefix}{i + 1:06d}" for i in range(n_all)],
            "employee_id": np.r_[nip[r_emp], nip[fut]],
            "program_id": np.r_[pid[r_prog], pid[f_prog]],
            "start_date": np.r_[start, f_start],
            "end_date": np.r_[end, f_end],
            "status": np.r_[status, np.full(len(fut), "registered", dtype=object)],
            "pre_score": np.r_[pre_score, np.full(len(fut), np.nan)],
            "post_score": np.r_[post_score, np.full(len(fut), np.nan)],
            "satisfaction": np.r_[satisfaction, np.full(len(fut), np.nan)],
            "behavior_score": np.r_[behavior, np.full(len(fut), np.nan)],
            "jp_credited": np.r_[jp_cred, np.full(len(fut), np.nan)],
            "cost": np.r_[cost, np.full(len(fut), np.nan)],
        }
    )

    # ---- exposure, exactly as the analysis defines it --------------------------------------------
    credited = np.where(completed, np.where(np.isnan(jp_cred), p_jp[r_prog], jp_cred), 0.0)
    jp_et = np.zeros((n, T))
    np.add.at(jp_et, (r_emp, r_t), credited)
    win = _true_windows(jp_et, pre_data_quarters, e_hire <= qstart[0])
    staff = np.zeros((n_units, T))
    jp4 = np.zeros((n_units, T))
    for t in range(T):
        a = active_at(qend[t])
        staff[:, t] = np.bincount(e_unit[a], minlength=n_units)
        jp4[:, t] = np.bincount(e_unit[a], weights=win[a, t], minlength=n_units)
    exposure_mat = np.divide(jp4, staff, out=np.zeros_like(jp4), where=staff > 0)

    # ---- service metrics ---------------------------------------------------------------------
    service = np.flatnonzero(units["service"].to_numpy())
    codes = units["unit_id"].to_numpy()
    base_days = {"civil_registry": (10, 13), "licensing": (11, 15)}
    kind_days = {KELURAHAN: (6, 9), KECAMATAN: (6, 9), "puskesmas": (5, 8), "hospital": (6, 9)}
    ns_ = len(service)
    base = {
        "ikm": np.clip(rng.normal(76, 4, ns_), 66, 84),
        "processing_days": np.array(
            [
                rng.uniform(*base_days.get(unit_sector[s], kind_days.get(kinds[s], (7, 10))))
                for s in service
            ]
        ),
        "complaints_per_1000": rng.uniform(10, 18, ns_),
        "online_share": rng.uniform(2, 10, ns_),
        "spm_attainment": rng.uniform(72, 86, ns_),
    }
    trend = effects.metric_trend
    shift_sd = effects.metric_quarter_sd
    tt = np.arange(T)
    x = exposure_mat[service]  # ns_ x T
    L = launch_t[service]
    e_time = tt[None, :] - L[:, None]
    treated = (L >= 0)[:, None] & (e_time >= 0)
    coh_mult = np.ones(ns_)
    for off, mult in zip(effects.cohort_offsets, effects.cohort_multipliers, strict=True):
        coh_mult[L == off] = mult
    tr = it_trained[service].astype(float)
    metric_rows = []
    true_eff = {}
    clipped: dict[str, int] = {}
    for metric in METRICS:
        ramp = np.minimum(1.0, (e_time + 1) / effects.ramp_quarters[metric])
        eff = np.where(
            treated,
            coh_mult[:, None]
            * ramp
            * (effects.full_effect[metric] + effects.it_training_extra[metric] * tr[:, None]),
            0.0,
        )
        shift = trend[metric] * tt + rng.normal(0, shift_sd[metric], T)
        noise = rng.normal(0, effects.metric_noise_sd[metric], (ns_, T))
        exposure_term = effects.effect_per_jp[metric] * (x - effects.exposure_centre)
        # same summation order as the observed value, so the data stay byte-identical
        val = base[metric][:, None] + shift[None, :] + exposure_term + eff + noise
        y0 = base[metric][:, None] + shift[None, :] + exposure_term + noise
        lo, hi = _METRIC_MIN[metric], _METRIC_MAX.get(metric, np.inf)
        clipped[metric] = int(((val < lo) | (val > hi)).sum())
        val = np.clip(val, lo, hi)
        # the realised effect on the observed (clipped) metric: clip(y0 + effect) - clip(y0)
        true_eff[metric] = np.where(treated, val - np.clip(y0, lo, hi), 0.0)
        metric_rows.append(
            pd.DataFrame(
                {
                    "unit_id": np.repeat(codes[service], T),
                    "period": np.tile(np.asarray(quarters, dtype=object), ns_),
                    "metric": metric,
                    "value": np.round(val.ravel(), 2),
                }
            )
        )
    service_metrics = pd.concat(metric_rows, ignore_index=True)
    service_metrics["_u"] = service_metrics["unit_id"].map(unit_pos)
    service_metrics["_m"] = service_metrics["metric"].map({mm: i for i, mm in enumerate(METRICS)})
    service_metrics["_t"] = service_metrics["period"].map({q: i for i, q in enumerate(quarters)})
    service_metrics = (
        service_metrics.sort_values(["_u", "_t", "_m"])
        .drop(columns=["_u", "_m", "_t"])
        .reset_index(drop=True)
    )

    tmask = treated
    su, st = np.nonzero(tmask)
    launch_effects = pd.DataFrame(
        {
            "unit_id": codes[service][su],
            "cohort": np.asarray(quarters, dtype=object)[L[su]],
            "event_time": e_time[su, st],
            "it_trained": it_trained[service][su],
            **{mm: true_eff[mm][su, st] for mm in METRICS},
        }
    )
    exposure = pd.DataFrame(
        {
            "unit_id": np.repeat(codes[service], T),
            "period": np.tile(np.asarray(quarters, dtype=object), ns_),
            "staff": staff[service].ravel(),
            "jp_per_staff_4q": exposure_mat[service].ravel(),
        }
    )

    # ---- units with online start ------------------------------------------------------------
    units_out = units.copy()
    has = launch_t >= 0
    units_out.loc[has, "online_service_start"] = pd.to_datetime(qstart[launch_t[has]])
    launch_units = {codes[i]: quarters[launch_t[i]] for i in np.flatnonzero(has)}

    # ---- recognitions -----------------------------------------------------------------------
    re_ = np.concatenate(rec_emp)
    recognitions = pd.DataFrame(
        {
            "employee_id": nip[re_],
            "awarded_on": np.concatenate(rec_date).astype("datetime64[D]"),
            "kind": np.concatenate(rec_kind),
        }
    )
    recognitions = recognitions.sort_values(
        ["awarded_on", "employee_id"], kind="stable"
    ).reset_index(drop=True)

    # ---- survey -------------------------------------------------------------------------------
    sv = (
        pd.concat(survey_rows, ignore_index=True)
        if survey_rows
        else pd.DataFrame(columns=["emp", "period", "leader_support", "learning_motivation"])
    )
    survey = pd.DataFrame(
        {
            "employee_id": nip[sv["emp"].to_numpy(dtype=np.int64)],
            "period": sv["period"].to_numpy(),
            "leader_support": sv["leader_support"].to_numpy(dtype=float),
            "learning_motivation": sv["learning_motivation"].to_numpy(dtype=float),
        }
    )

    # ---- assessments: 2024 and 2026 rounds ------------------------------------------------------
    req = {
        "executive": (4, 5, 4),
        "administrator": (4, 4, 3),
        "supervisor": (3, 3, 3),
        "functional": (3, 2, 3),
        "staff": (2, 2, 2),
    }
    domains = ("technical", "managerial", "socio_cultural")
    req_mat = np.array([req[p] for p in emp["position_type"].to_numpy()])
    credited_by_emp_t = jp_et
    ass_parts = []
    for year, share in ((2024, 0.5), (2026, 0.35)):
        day0 = np.datetime64(f"{year}-05-02")
        if day0 > qend[-1] or day0 < qstart[0]:
            continue
        t_cut = int(np.searchsorted(qend, day0))
        jp_so_far = credited_by_emp_t[:, :t_cut].sum(axis=1)
        who = np.flatnonzero(active_at(day0 + np.timedelta64(28, "D")) & (rng.random(n) < share))
        day = day0 + rng.integers(0, 28, len(who)).astype("timedelta64[D]")
        for d_i, dom in enumerate(domains):
            sc = np.clip(
                np.rint(
                    req_mat[who, d_i]
                    - 0.5
                    + effects.assessment_jp_effect * jp_so_far[who]
                    + rng.normal(0, 0.8, len(who))
                ),
                1,
                5,
            )
            ass_parts.append(
                pd.DataFrame(
                    {
                        "emp": who,
                        "assessed_on": day,
                        "domain": dom,
                        "score": sc.astype(np.int64),
                        "required_level": req_mat[who, d_i],
                    }
                )
            )
    ass = pd.concat(ass_parts, ignore_index=True).sort_values(
        ["assessed_on", "emp", "domain"], kind="stable"
    )
    assessments = pd.DataFrame(
        {
            "employee_id": nip[ass["emp"].to_numpy()],
            "assessed_on": ass["assessed_on"].to_numpy(),
            "domain": ass["domain"].to_numpy(),
            "score": ass["score"].to_numpy(),
            "required_level": ass["required_level"].to_numpy(),
        }
    )

    # ---- budget: allocation relative to the generated spending -------------------------------
    cost_idr = np.where(np.isnan(cost), np.where(attended, p_cost[r_prog], 0.0), cost)
    yr = end.astype("datetime64[Y]").astype(np.int64) + 1970
    years = sorted(set(int(q[:4]) for q in quarters))
    ag = e_agency[r_emp]
    budget_rows = []
    last_q = int(quarters[-1][-1])
    for y in years:
        spend = np.bincount(ag[yr == y], weights=cost_idr[yr == y], minlength=len(agencies))
        q_in_year = sum(1 for q in quarters if int(q[:4]) == y)
        full_year = spend * (4.0 / q_in_year) if (y == years[-1] and last_q < 4) else spend
        ratio = np.where(
            starved_agency,
            rng.uniform(*effects.starved_allocation_ratio, len(agencies)),
            rng.uniform(*effects.allocation_ratio, len(agencies)),
        )
        alloc = np.round(np.maximum(full_year * ratio, 5_000_000) / 1_000_000) * 1_000_000
        budget_rows.append(pd.DataFrame({"agency_id": agencies, "year": y, "allocated_idr": alloc}))
    budget = pd.concat(budget_rows, ignore_index=True)

    cost_sums = pd.DataFrame(
        {
            "modality": p_mod[r_prog][completed],
            "cost_idr": cost_idr[completed],
            "credited_jp": credited[completed],
        }
    )
    cost_sums = cost_sums.groupby("modality", sort=True).sum().reset_index()

    frames = {
        "units": units_out[list(UNITS.column_names)],
        "employees": emp,
        "programs": programs[list(PROGRAMS.column_names)],
        "enrollments": enrollments,
        "assessments": assessments,
        "service_metrics": service_metrics,
        "budget": budget,
        "recognitions": recognitions,
        "survey": survey,
    }
    return DistrictResult(
        frames=frames,
        launch_effects=launch_effects,
        launch_units=launch_units,
        it_trained_units=tuple(codes[np.flatnonzero(it_trained & has)]),
        starved_agencies=tuple(unit_ids[i] for i in starved_units),
        cost_sums=cost_sums,
        exposure=exposure,
        clipped=clipped,
    )
