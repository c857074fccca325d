"""The quarter-by-quarter loop of one district: participation, registrations, survey, recognitions.

Owns: each quarter's learning motivation, who attends (the participation logit of
:attr:`Effects.participation`, heads with ``head_attend_prob``), their registrations until one is
attended (the no-show logit; campaign and IT-training programmes replace the drawn one), the
staff survey in the surveyed quarters, and the recognitions given at each quarter's end (four
quarters before the data, then every data quarter). The equations are in
:mod:`analysis.sample.effects`; everything random comes from one generator in a fixed order.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.sample.catalogue import Catalogue, employee_group
from analysis.sample.effects import Effects
from analysis.sample.population import SECTORS, DistrictUnits, Staff, sigmoid

#: Registrations per attending slot before the last one is forced to be attended.
_MAX_TRIES = 12


@dataclass(frozen=True)
class Calendar:
    """The data quarters with their first and last days, the four quarters before them and the
    quarter after them (where the ``registered`` enrollments lie)."""

    quarters: list[str]
    start: np.ndarray
    end: np.ndarray
    pre_start: np.ndarray
    pre_end: np.ndarray
    next_start: np.datetime64
    next_end: np.datetime64

    @property
    def T(self) -> int:  # noqa: N802 - the number of quarters, as in the equations
        return len(self.quarters)


def _bounds(quarters: list[str]) -> tuple[np.ndarray, np.ndarray]:
    per = pd.PeriodIndex(quarters, freq="Q-DEC")
    start = per.start_time.normalize().to_numpy().astype("datetime64[D]")
    end = per.end_time.normalize().to_numpy().astype("datetime64[D]")
    return start, end


def quarter_calendar(quarters: list[str]) -> Calendar:
    """The :class:`Calendar` of the given data quarters (built once per list of quarters)."""
    return _calendar(tuple(quarters))


@functools.lru_cache(maxsize=8)
def _calendar(quarters: tuple[str, ...]) -> Calendar:
    first = pd.Period(quarters[0], freq="Q-DEC")
    pre = [str(p) for p in pd.period_range(end=first - 1, periods=4, freq="Q-DEC")]
    nxt = pd.Period(quarters[-1], freq="Q-DEC") + 1
    start, end = _bounds(quarters)
    pre_start, pre_end = _bounds(pre)
    next_start, next_end = _bounds([f"{nxt.year}Q{nxt.quarter}"])
    return Calendar(list(quarters), start, end, pre_start, pre_end, next_start[0], next_end[0])


def _top_per_agency(keys: np.ndarray, agency: np.ndarray) -> np.ndarray:
    """The employee with the largest key in each agency (the highest index on ties), by agency.

    The same choice as the last row of each agency after a stable sort by (agency, key).
    """
    if len(keys) == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.argsort(agency, kind="stable")
    starts = np.flatnonzero(np.r_[True, agency[order][1:] != agency[order][:-1]])
    k = keys[order]
    seg_max = np.maximum.reduceat(k, starts)
    hit = k == np.repeat(seg_max, np.diff(np.r_[starts, len(k)]))
    return order[np.maximum.reduceat(np.where(hit, np.arange(len(k)), -1), starts)]


@dataclass
class Recognitions:
    """Recognitions given so far (employee index, date, kind) and each employee's last
    employee-of-the-quarter or innovation award (quarter index, -999 never)."""

    last_award: np.ndarray
    emp: list[np.ndarray] = field(default_factory=list)
    date: list[np.ndarray] = field(default_factory=list)
    kind: list[np.ndarray] = field(default_factory=list)

    def _add(self, emp: np.ndarray, date: np.ndarray, kind: str) -> None:
        self.emp.append(emp)
        self.date.append(date)
        self.kind.append(np.full(len(emp), kind, dtype=object))

    def give(
        self, staff: Staff, t: int, q0: np.datetime64, q1: np.datetime64, rng: np.random.Generator
    ) -> None:
        """The awards of quarter ``t`` (``q0``..``q1``).

        Employee of the quarter: one random active employee per agency, on the 20th of the
        quarter's last month; innovation: 0.3 % of active employees, on a random day; long
        service: on 17 August, active employees with 10, 20 or 30 years since their TMT year
        (appointed by August).
        """
        act = staff.active_at(q1)
        keys = np.where(act, rng.random(staff.n), -1.0)
        eoq = _top_per_agency(keys, staff.agency)
        eoq = eoq[keys[eoq] >= 0]
        innov = np.flatnonzero(act & (rng.random(staff.n) < 0.003))
        last_month = q1.astype("datetime64[M]").astype("datetime64[D]")
        days = int((q1 - q0).astype(np.int64)) + 1
        self._add(
            eoq, np.full(len(eoq), last_month + np.timedelta64(19, "D")), "employee_of_quarter"
        )
        self._add(
            innov, q0 + rng.integers(0, days, len(innov)).astype("timedelta64[D]"), "innovation"
        )
        self.last_award[eoq] = t
        self.last_award[innov] = t
        year = int(q0.astype("datetime64[Y]").astype(np.int64)) + 1970
        aug17 = np.datetime64(f"{year}-08-17")
        if q0 <= aug17 <= q1:
            service_years = year - (staff.hire.astype("datetime64[Y]").astype(np.int64) + 1970)
            ls = np.flatnonzero(
                staff.active_at(aug17)
                & np.isin(service_years, (10, 20, 30))
                & (staff.hire.astype("datetime64[M]") <= np.datetime64(f"{year}-08"))
            )
            self._add(ls, np.full(len(ls), aug17), "long_service")


@dataclass
class Registrations:
    """Every registration of the data quarters (employee, programme, no-show, quarter index),
    each quarter's motivation of every employee (T x n), and the survey answers."""

    emp: list[np.ndarray] = field(default_factory=list)
    prog: list[np.ndarray] = field(default_factory=list)
    noshow: list[np.ndarray] = field(default_factory=list)
    t: list[np.ndarray] = field(default_factory=list)
    survey: list[pd.DataFrame] = field(default_factory=list)
    motivation: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int8))


@dataclass(frozen=True)
class _Quarter:
    """What one quarter's registrations depend on, per employee."""

    t: int
    motiv: np.ndarray
    age50: np.ndarray
    head_prev: np.ndarray


def _attendance(
    q: _Quarter,
    staff: Staff,
    units: DistrictUnits,
    awards: Recognitions,
    effects: Effects,
    act: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Who attends at least one programme ending in the quarter (the participation logit)."""
    part, t = effects.participation, q.t
    sector_coef = np.array([part.get(f"sector_{s}", 0.0) for s in SECTORS])
    award_prev = (awards.last_award >= t - 4) & (awards.last_award <= t - 1)
    eta = (
        part["intercept"]
        + part["pppk"] * staff.pppk
        + part["age_50_plus"] * q.age50
        + part["degree_s1_plus"] * staff.s1_plus
        + part["head_participated_prev_quarter"] * q.head_prev
        + part["award_prev_4q"] * award_prev
        + part["learning_motivation"] * (q.motiv - 3)
        + part["budget_starved_agency"] * units.starved_agency[staff.agency]
        + sector_coef[staff.sector]
        + part["quarter_trend"] * t
    )
    u = rng.random(staff.n)
    return act & np.where(staff.head, u < effects.head_attend_prob, u < sigmoid(eta))


def _survey(
    q: _Quarter, quarter: str, act: np.ndarray, effects: Effects, rng: np.random.Generator
) -> pd.DataFrame:
    """The survey of a surveyed quarter: respondents, leader support and learning motivation."""
    resp = act & (rng.random(len(act)) < effects.survey_response_rate)
    idx = np.flatnonzero(resp)
    support = np.clip(
        np.rint(rng.normal(3.2 + effects.leader_support_head_effect * q.head_prev[idx], 0.8)), 1, 5
    )
    return pd.DataFrame(
        {
            "emp": idx,
            "period": quarter,
            "leader_support": support,
            "learning_motivation": q.motiv[idx].astype(float),
        }
    )


def _register(
    q: _Quarter,
    attendees: np.ndarray,
    staff: Staff,
    units: DistrictUnits,
    cat: Catalogue,
    effects: Effects,
    rng: np.random.Generator,
    out: Registrations,
) -> None:
    """The registrations of the quarter's attendees (appended to ``out``).

    Each attendee has 1 + Poisson(extra_enrollments_mean) slots; each slot registers until one
    registration is attended (no-show logit; the 12th is always attended). A slot's first
    registration takes the unit's campaign programme in a campaign quarter (with probability
    campaign_uptake) and, in an IT-trained unit's lead quarters before its launch, the nearest
    IT programme (it_uptake).
    """
    t, ns = q.t, effects.no_show
    k = 1 + rng.poisson(effects.extra_enrollments_mean, len(attendees))
    slot_emp = np.repeat(attendees, k)
    first = np.r_[True, slot_emp[1:] != slot_emp[:-1]] if len(slot_emp) else np.zeros(0, dtype=bool)
    campaign = rng.random(units.n) < effects.campaign_prob
    launch = units.launch_t
    it_now = (
        units.it_trained & (launch >= 0) & (t >= launch - effects.it_training_lead) & (t < launch)
    )
    ns_base = (
        ns["intercept"]
        + ns["pppk"] * staff.pppk
        + ns["age_50_plus"] * q.age50
        + ns["learning_motivation"] * (q.motiv - 3)
    )
    groups = employee_group(staff)
    pending = np.arange(len(slot_emp))
    for r in range(_MAX_TRIES):
        if len(pending) == 0:
            break
        se = slot_emp[pending]
        prog = cat.draw_programme(groups[se], rng)
        uu = rng.random(len(pending))
        su = staff.unit[se]
        use_c = first[pending] & campaign[su] & (uu < effects.campaign_uptake)
        use_it = first[pending] & it_now[su] & (rng.random(len(pending)) < effects.it_uptake)
        prog = np.where(use_c, cat.campaign[su], prog)
        prog = np.where(use_it, cat.nearest_it(prog), prog)
        noshow = rng.random(len(pending)) < sigmoid(
            ns_base[se] + ns["e_learning"] * cat.e_learning[prog]
        )
        if r == _MAX_TRIES - 1:
            noshow[:] = False
        out.emp.append(se)
        out.prog.append(prog)
        out.noshow.append(noshow)
        out.t.append(np.full(len(se), t))
        pending = pending[noshow]


def run_quarters(
    cal: Calendar,
    staff: Staff,
    units: DistrictUnits,
    cat: Catalogue,
    effects: Effects,
    rng: np.random.Generator,
) -> tuple[Registrations, Recognitions]:
    """Recognitions of the four quarters before the data, then for each data quarter:
    motivation, attendance, the survey (surveyed quarters), registrations and recognitions."""
    awards = Recognitions(last_award=np.full(staff.n, -999, dtype=np.int64))
    for k in range(4):
        awards.give(staff, k - 4, cal.pre_start[k], cal.pre_end[k], rng)
    out = Registrations(motivation=np.zeros((cal.T, staff.n), dtype=np.int8))
    head_prev_unit = np.zeros(units.n, dtype=bool)
    for t in range(cal.T):
        act = staff.active_at(cal.end[t])
        year = int(cal.quarters[t][:4])
        motiv = np.clip(np.rint(staff.trait + rng.normal(0.0, 0.6, staff.n)), 1, 5).astype(np.int64)
        out.motivation[t] = motiv
        q = _Quarter(t, motiv, (year - staff.birth_year) >= 50, head_prev_unit[staff.unit])
        attend = _attendance(q, staff, units, awards, effects, act, rng)
        if t in effects.survey_quarter_offsets:
            out.survey.append(_survey(q, cal.quarters[t], act, effects, rng))
        att_idx = np.flatnonzero(attend)
        _register(q, att_idx, staff, units, cat, effects, rng, out)
        head_prev_unit = np.zeros(units.n, dtype=bool)
        head_prev_unit[staff.unit[att_idx[staff.head[att_idx]]]] = True
        awards.give(staff, t, cal.start[t], cal.end[t], rng)
    return out, awards
