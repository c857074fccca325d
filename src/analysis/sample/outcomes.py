"""What each registration of one district becomes: the ``enrollments`` table.

Owns: dropout (the dropout logit of :attr:`Effects.dropout`), dates within the quarter, pre and
post scores (the learning-gain equation), satisfaction and behaviour ratings, credited-JP and cost
overrides, and the ``registered`` enrollments of the quarter after the data. The equations are
in :mod:`analysis.sample.effects` and stated in ``truth.json``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.sample.catalogue import Catalogue, employee_group
from analysis.sample.effects import Effects
from analysis.sample.population import DistrictUnits, Staff, sigmoid
from analysis.sample.quarters import Calendar, Registrations

#: Share of employees active at the data's end with a registration in the next quarter.
_FUTURE_SHARE = 0.04


@dataclass(frozen=True)
class Enrolled:
    """The registrations of the data quarters, ordered by quarter then employee, and what
    became of them (arrays of length m)."""

    emp: np.ndarray
    prog: np.ndarray
    t: np.ndarray
    noshow: np.ndarray
    completed: np.ndarray
    status: np.ndarray
    start: np.ndarray
    end: np.ndarray
    pre_score: np.ndarray
    post_score: np.ndarray
    satisfaction: np.ndarray
    behavior: np.ndarray
    jp_credited: np.ndarray
    cost: np.ndarray

    @property
    def attended(self) -> np.ndarray:
        return ~self.noshow

    def credited(self, cat: Catalogue) -> np.ndarray:
        """Credited JP (the override, else the programme's JP) of completed enrollments, else 0."""
        jp = np.where(np.isnan(self.jp_credited), cat.jp[self.prog], self.jp_credited)
        return np.where(self.completed, jp, 0.0)

    def cost_idr(self, cat: Catalogue) -> np.ndarray:
        """Cost (the override, else the programme's cost per participant) of attended ones, else 0."""
        return np.where(
            np.isnan(self.cost), np.where(self.attended, cat.cost[self.prog], 0.0), self.cost
        )


def _ordered(reg: Registrations) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Employee, programme, no-show and quarter of every registration, by quarter then employee
    (stable), so enrollment ids read in time order."""
    emp, prog = np.concatenate(reg.emp), np.concatenate(reg.prog)
    noshow, t = np.concatenate(reg.noshow), np.concatenate(reg.t)
    order = np.lexsort((emp, t))
    return emp[order], prog[order], noshow[order], t[order]


def _dates(
    prog: np.ndarray, t: np.ndarray, cal: Calendar, cat: Catalogue, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Start and end dates, drawn quarter by quarter (:meth:`Catalogue.draw_dates`)."""
    start = np.empty(len(prog), dtype="datetime64[D]")
    end = np.empty(len(prog), dtype="datetime64[D]")
    for q in range(cal.T):
        sel = np.flatnonzero(t == q)
        start[sel], end[sel] = cat.draw_dates(prog[sel], cal.start[q], cal.end[q], rng)
    return start, end


def _rating(centre: np.ndarray, sd: float, rng: np.random.Generator) -> np.ndarray:
    """clip(round(centre + N(0, sd), 1), 1, 5): a 1..5 rating with one decimal."""
    return np.clip(np.round(centre + rng.normal(0, sd, len(centre)), 1), 1, 5)


def enroll(
    reg: Registrations,
    staff: Staff,
    units: DistrictUnits,
    cat: Catalogue,
    effects: Effects,
    cal: Calendar,
    rng: np.random.Generator,
) -> Enrolled:
    """Dropout, dates, scores, ratings and overrides of every registration of the data quarters."""
    e = effects
    emp, prog, noshow, t = _ordered(reg)
    m = len(emp)
    dr = e.dropout
    d_eta = (
        dr["intercept"]
        + dr["pppk"] * staff.pppk[emp]
        + dr["learning_motivation"] * (reg.motivation[t, emp].astype(float) - 3)
        + dr["e_learning"] * cat.e_learning[prog]
        + dr["degree"] * cat.degree[prog]
        + dr["jp_per_10"] * cat.jp[prog] / 10.0
    )
    dropped = ~noshow & (rng.random(m) < sigmoid(d_eta))
    completed = ~noshow & ~dropped
    status = np.where(noshow, "no_show", np.where(dropped, "dropped", "completed")).astype(object)
    start, end = _dates(prog, t, cal, cat, rng)
    scored = completed & cat.scored[prog] & (rng.random(m) < e.score_share)
    pre = np.clip(np.rint(rng.normal(e.pre_mean, e.pre_sd, m)), e.pre_min, e.pre_max)
    gain = (
        e.gain_intercept
        + cat.modality_effect[prog]
        + cat.provider_effect[prog]
        + cat.gain_effect[prog]
        + e.pre_score_slope * (pre - e.gain_pre_centre)
        + rng.normal(0.0, e.gain_sd, m)
    )
    post = np.clip(np.rint(pre + gain), 0, 100)
    g = np.where(scored, post - pre, e.gain_intercept)
    sat = _rating(
        e.satisfaction_base + e.satisfaction_gain_slope * (g - e.gain_intercept),
        e.satisfaction_sd,
        rng,
    )
    satisfaction = np.where(completed & (rng.random(m) < e.satisfaction_share), sat, np.nan)
    on_target = cat.target[prog] == units.sector[staff.unit[emp]]
    beh = _rating(
        e.behavior_base + e.behavior_gain_slope * g + e.behavior_on_target * on_target,
        e.behavior_sd,
        rng,
    )
    behavior = np.where(
        completed & (t < cal.T - 1) & (rng.random(m) < e.behavior_share), beh, np.nan
    )
    jp_cred = np.where(
        completed & (rng.random(m) < e.jp_credited_override_share),
        np.maximum(1.0, np.rint(cat.jp[prog] * rng.uniform(0.5, 0.9, m))),
        np.nan,
    )
    cost = np.where(
        ~noshow & (rng.random(m) < e.cost_override_share),
        np.round(cat.cost[prog] * rng.uniform(0.8, 1.2, m), -3),
        np.nan,
    )
    return Enrolled(
        emp=emp,
        prog=prog,
        t=t,
        noshow=noshow,
        completed=completed,
        status=status,
        start=start,
        end=end,
        pre_score=np.where(scored, pre, np.nan),
        post_score=np.where(scored, post, np.nan),
        satisfaction=satisfaction,
        behavior=behavior,
        jp_credited=jp_cred,
        cost=cost,
    )


def future_registrations(
    staff: Staff, cat: Catalogue, cal: Calendar, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``registered`` enrollments in the quarter after the data: 4 % of the employees active at
    its end, with a programme and dates drawn as for the others but starting no earlier than
    the next quarter (nothing registered has started). Returns employee, programme, start, end."""
    fut = np.flatnonzero(staff.active_at(cal.end[-1]) & (rng.random(staff.n) < _FUTURE_SHARE))
    prog = cat.draw_programme(employee_group(staff)[fut], rng)
    start, end = cat.draw_dates(prog, cal.next_start, cal.next_end, rng)
    return fut, prog, np.maximum(start, cal.next_start), end


def enrollment_ids(prefix: str, n: int) -> np.ndarray:
    """``<prefix>000001``, ``<prefix>000002``, ... (at least six digits)."""
    if n >= 10**6:
        numbers = np.char.zfill(np.arange(1, n + 1).astype(str), 6)
    else:  # the digits of 10**6 + i without the leading 1
        digits = (np.arange(1, n + 1, dtype=np.int64) + 10**6).astype("U7")
        numbers = np.ascontiguousarray(digits.view("U1").reshape(n, 7)[:, 1:]).view("U6")[:, 0]
    return np.char.add(prefix, numbers).astype(object)


def enrollments_frame(
    enr: Enrolled,
    future: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    staff: Staff,
    cat: Catalogue,
    prefix: str,
) -> pd.DataFrame:
    """The ``enrollments`` table: the data quarters' enrollments, then the registered ones."""
    fut, f_prog, f_start, f_end = future
    k = len(fut)

    def empty() -> np.ndarray:
        return np.full(k, np.nan)

    return pd.DataFrame(
        {
            "enrollment_id": enrollment_ids(prefix, len(enr.emp) + k),
            "employee_id": np.r_[staff.nip[enr.emp], staff.nip[fut]],
            "program_id": np.r_[cat.ids[enr.prog], cat.ids[f_prog]],
            "start_date": np.r_[enr.start, f_start],
            "end_date": np.r_[enr.end, f_end],
            "status": np.r_[enr.status, np.full(k, "registered", dtype=object)],
            "pre_score": np.r_[enr.pre_score, empty()],
            "post_score": np.r_[enr.post_score, empty()],
            "satisfaction": np.r_[enr.satisfaction, empty()],
            "behavior_score": np.r_[enr.behavior, empty()],
            "jp_credited": np.r_[enr.jp_credited, empty()],
            "cost": np.r_[enr.cost, empty()],
        }
    )
