"""The remaining tables of one district, built from what the simulation has drawn.

Owns: ``units`` with the online-service start, ``recognitions``, ``survey``, ``assessments``
(the 2024 and 2026 rounds: score = required level - 0.5 + assessment_jp_effect x credited JP so
far + noise), ``budget`` (allocation relative to the generated spending; starved agencies get
less than they spend) and the cost sums by modality that ``truth.json`` reports.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.sample.catalogue import Catalogue
from analysis.sample.effects import Effects
from analysis.sample.outcomes import Enrolled
from analysis.sample.population import DistrictUnits, Staff
from analysis.sample.quarters import Calendar, Recognitions, Registrations

#: Required level (technical, managerial, socio-cultural) of each position.
REQUIRED_LEVEL = {
    "executive": (4, 5, 4),
    "administrator": (4, 4, 3),
    "supervisor": (3, 3, 3),
    "functional": (3, 2, 3),
    "staff": (2, 2, 2),
}
DOMAINS = ("technical", "managerial", "socio_cultural")
#: Assessment rounds: (year, share of staff assessed), each starting on 2 May for four weeks.
ROUNDS = ((2024, 0.5), (2026, 0.35))


def units_with_launch(units: pd.DataFrame, du: DistrictUnits, cal: Calendar) -> pd.DataFrame:
    """``units`` with ``online_service_start`` = the first day of the launch quarter."""
    out = units.copy()
    has = du.launch_t >= 0
    out.loc[has, "online_service_start"] = pd.to_datetime(cal.start[du.launch_t[has]])
    return out


def recognitions_frame(awards: Recognitions, staff: Staff) -> pd.DataFrame:
    """The ``recognitions`` table, by date then NIP."""
    emp = np.concatenate(awards.emp)
    out = pd.DataFrame(
        {
            "employee_id": staff.nip[emp],
            "awarded_on": np.concatenate(awards.date).astype("datetime64[D]"),
            "kind": np.concatenate(awards.kind),
        }
    )
    return out.sort_values(["awarded_on", "employee_id"], kind="stable").reset_index(drop=True)


def survey_frame(reg: Registrations, staff: Staff) -> pd.DataFrame:
    """The ``survey`` table (NIPs for employee indices)."""
    sv = (
        pd.concat(reg.survey, ignore_index=True)
        if reg.survey
        else pd.DataFrame(columns=["emp", "period", "leader_support", "learning_motivation"])
    )
    return pd.DataFrame(
        {
            "employee_id": staff.nip[sv["emp"].to_numpy(dtype=np.int64)],
            "period": sv["period"].to_numpy(),
            "leader_support": sv["leader_support"].to_numpy(dtype=float),
            "learning_motivation": sv["learning_motivation"].to_numpy(dtype=float),
        }
    )


def assessments(
    employees: pd.DataFrame,
    staff: Staff,
    jp_by_quarter: np.ndarray,
    effects: Effects,
    cal: Calendar,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """The ``assessments`` table: each round within the data assesses a share of the staff
    active four weeks after 2 May, on a day of those four weeks, in every domain."""
    req_mat = np.array([REQUIRED_LEVEL[p] for p in employees["position_type"].to_numpy()])
    emp, day, dom, score, required = [], [], [], [], []
    for year, share in ROUNDS:
        day0 = np.datetime64(f"{year}-05-02")
        if day0 > cal.end[-1] or day0 < cal.start[0]:
            continue
        t_cut = int(np.searchsorted(cal.end, day0))
        jp_so_far = jp_by_quarter[:, :t_cut].sum(axis=1)
        active = staff.active_at(day0 + np.timedelta64(28, "D"))
        who = np.flatnonzero(active & (rng.random(staff.n) < share))
        on = day0 + rng.integers(0, 28, len(who)).astype("timedelta64[D]")
        for d_i in range(len(DOMAINS)):
            noise = rng.normal(0, 0.8, len(who))
            centre = req_mat[who, d_i] - 0.5 + effects.assessment_jp_effect * jp_so_far[who]
            score.append(np.clip(np.rint(centre + noise), 1, 5).astype(np.int64))
            emp.append(who)
            day.append(on)
            dom.append(np.full(len(who), d_i))
            required.append(req_mat[who, d_i])
    emp_, day_, dom_ = np.concatenate(emp), np.concatenate(day), np.concatenate(dom)
    # by day, employee, then domain name (every (day, employee, domain) is unique)
    name_rank = np.argsort(np.argsort(np.asarray(DOMAINS)))
    order = np.lexsort((name_rank[dom_], emp_, day_))
    return pd.DataFrame(
        {
            "employee_id": staff.nip[emp_[order]],
            "assessed_on": day_[order],
            "domain": np.asarray(DOMAINS, dtype=object)[dom_[order]],
            "score": np.concatenate(score)[order],
            "required_level": np.concatenate(required)[order],
        }
    )


def budget(
    enr: Enrolled,
    cost_idr: np.ndarray,
    staff: Staff,
    units: DistrictUnits,
    effects: Effects,
    cal: Calendar,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """The ``budget`` table: per agency and year, allocated = spending (scaled to a full year in
    a partial last year) x U(allocation_ratio) (starved: U(starved_allocation_ratio)), rounded to
    Rp 1 million, at least Rp 5 million. Spending counts enrollments by their end year."""
    quarters = cal.quarters
    yr = enr.end.astype("datetime64[Y]").astype(np.int64) + 1970
    years = sorted(set(int(q[:4]) for q in quarters))
    ag = staff.agency[enr.emp]
    n_ag = len(units.agencies)
    last_q = int(quarters[-1][-1])
    rows = []
    for y in years:
        spend = np.bincount(ag[yr == y], weights=cost_idr[yr == y], minlength=n_ag)
        q_in_year = sum(1 for q in quarters if int(q[:4]) == y)
        full_year = spend * (4.0 / q_in_year) if (y == years[-1] and last_q < 4) else spend
        ratio = np.where(
            units.starved_agency,
            rng.uniform(*effects.starved_allocation_ratio, n_ag),
            rng.uniform(*effects.allocation_ratio, n_ag),
        )
        alloc = np.round(np.maximum(full_year * ratio, 5_000_000) / 1_000_000) * 1_000_000
        rows.append(pd.DataFrame({"agency_id": units.agencies, "year": y, "allocated_idr": alloc}))
    return pd.concat(rows, ignore_index=True)


def cost_sums(
    enr: Enrolled, cost_idr: np.ndarray, credited: np.ndarray, cat: Catalogue
) -> pd.DataFrame:
    """Cost and credited JP of completed enrollments, summed by modality."""
    done = enr.completed
    out = pd.DataFrame(
        {
            "modality": cat.modality[enr.prog][done],
            "cost_idr": cost_idr[done],
            "credited_jp": credited[done],
        }
    )
    return out.groupby("modality", sort=True).sum().reset_index()
