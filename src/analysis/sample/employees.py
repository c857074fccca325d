"""The civil servants of one synthetic district: posts, employment type, education, gender,
birth, appointment (TMT), exit, grade and NIP.

One head per unit; structural posts are PNS; PPPK are functional or staff; grades follow
education, years of service and position (:func:`build_employees`). The units come from
:mod:`analysis.sample.structure`, the NIPs from :class:`analysis.sample.nip.NipRegistry`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.sample.nip import NipRegistry
from analysis.sample.template import HOSPITAL, KECAMATAN, KELURAHAN, OPD, PUSKESMAS, SD, SMP

POSITIONS = ("executive", "administrator", "supervisor", "functional", "staff")
EDUCATION = ("sd", "smp", "sma", "d1", "d2", "d3", "d4", "s1", "s2", "s3")
PNS_GRADES = tuple(f"{g}/{s}" for g in ("I", "II", "III", "IV") for s in "abcd") + ("IV/e",)
PPPK_GRADES = (
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
)
#: PNS entry grade index (into PNS_GRADES) and ceiling by education.
_PNS_ENTRY = {
    "sd": 0,
    "smp": 2,
    "sma": 4,
    "d1": 4,
    "d2": 5,
    "d3": 6,
    "d4": 8,
    "s1": 8,
    "s2": 9,
    "s3": 10,
}
_PNS_CAP = {
    "sd": 3,
    "smp": 6,
    "sma": 9,
    "d1": 9,
    "d2": 10,
    "d3": 11,
    "d4": 13,
    "s1": 13,
    "s2": 15,
    "s3": 16,
}
#: Minimum grade by structural position.
_PNS_FLOOR = {"executive": 14, "administrator": 12, "supervisor": 10, "functional": 0, "staff": 0}
#: PPPK grade (index into PPPK_GRADES) by education.
_PPPK_GRADE = {
    "sd": 0,
    "smp": 3,
    "sma": 4,
    "d1": 4,
    "d2": 5,
    "d3": 6,
    "d4": 8,
    "s1": 8,
    "s2": 9,
    "s3": 10,
}


def lookup(values: np.ndarray, table: Mapping[str, int]) -> np.ndarray:
    """``table[v]`` for every value, looked up once per distinct value (a KeyError if one is missing)."""
    uniq, inverse = np.unique(np.asarray(values).astype(str), return_inverse=True)
    return np.array([table[u] for u in uniq], dtype=np.int64)[inverse].reshape(-1)


def _choice(
    rng: np.random.Generator, options: tuple[str, ...], probs: tuple[float, ...], n: int
) -> np.ndarray:
    p = np.asarray(probs, dtype=float)
    return np.asarray(options)[rng.choice(len(options), size=n, p=p / p.sum())]


#: Education (options, probabilities) by staff group (see :func:`_education`).
_EDUCATION_BY_GROUP: dict[str, tuple[tuple[str, ...], tuple[float, ...]]] = {
    "executive": (("s2", "s3"), (0.8, 0.2)),
    "administrator": (("s1", "s2"), (0.4, 0.6)),
    "supervisor": (("d3", "s1", "s2"), (0.1, 0.7, 0.2)),
    "teacher": (("d4", "s1", "s2"), (0.05, 0.85, 0.10)),
    "health_fun": (("d3", "d4", "s1", "s2"), (0.45, 0.10, 0.35, 0.10)),
    "fun": (("d3", "s1", "s2"), (0.1, 0.7, 0.2)),
    "staff": (("sd", "smp", "sma", "d1", "d3", "s1"), (0.01, 0.04, 0.45, 0.02, 0.18, 0.30)),
}
#: Appointment dates (TMT) of the PPPK waves and their shares.
_PPPK_WAVES = np.array(
    ["2021-11-01", "2022-04-01", "2023-01-01", "2024-04-01", "2025-01-01"], dtype="datetime64[D]"
)
_PPPK_WAVE_SHARES = [0.35, 0.25, 0.25, 0.08, 0.07]
#: Appointment date of new PNS during the panel (and of anyone appointed after it).
_NEW_PNS_TMT = np.datetime64("2025-07-01")


@dataclass(frozen=True)
class _Roster:
    """The posts of a district, one per civil servant, with their unit's attributes."""

    unit_idx: np.ndarray
    position: np.ndarray
    is_head: np.ndarray
    school: np.ndarray
    health: np.ndarray
    structural: np.ndarray

    @property
    def n(self) -> int:
        return len(self.position)


def _unit_positions(kind: str, n: int) -> list[str]:
    """Positions in one unit of ``n`` planned staff, the head first.

    OPD: executive, 2..6 administrators (1 + n / 20), 2 x administrators + 1
    supervisors, then 25 % functional and the rest staff (hospital: 4
    administrators, 10 supervisors, 75 % functional). Kecamatan: 2
    administrators, 5 supervisors, 10 % functional. Kelurahan: 3 supervisors and
    staff. Puskesmas: 2 supervisors, 75 % functional. Schools: head and teachers
    functional, 12 % staff.
    """
    if kind == OPD or kind == HOSPITAL:
        n_adm = 4 if kind == HOSPITAL else int(np.clip(1 + n // 20, 2, 6))
        n_sup = 10 if kind == HOSPITAL else 2 * n_adm + 1
        rest = max(n - 1 - n_adm - n_sup, 1)
        f_share = 0.75 if kind == HOSPITAL else 0.25
        n_fun = int(round(rest * f_share))
        return (
            ["executive"]
            + ["administrator"] * n_adm
            + ["supervisor"] * n_sup
            + ["functional"] * n_fun
            + ["staff"] * (rest - n_fun)
        )
    if kind == KECAMATAN:
        rest = max(n - 7, 1)
        return (
            ["administrator"] * 2
            + ["supervisor"] * 5
            + ["functional"] * (rest // 10)
            + ["staff"] * (rest - rest // 10)
        )
    if kind == KELURAHAN:
        return ["supervisor"] * 3 + ["staff"] * max(n - 3, 1)
    if kind == PUSKESMAS:
        rest = max(n - 2, 1)
        n_fun = int(round(rest * 0.75))
        return ["supervisor"] * 2 + ["functional"] * n_fun + ["staff"] * (rest - n_fun)
    # schools: head and teachers are functional
    rest = max(n - 1, 1)
    n_staff = max(int(round(rest * 0.12)), 1)
    return ["functional"] * (1 + rest - n_staff) + ["staff"] * n_staff


def _roster(units: pd.DataFrame) -> _Roster:
    """All posts of the units (:func:`_unit_positions`); the first post of each unit is its head."""
    kinds = units["kind"].to_numpy()
    sectors = units["sector"].to_numpy()
    pos_list = [
        np.asarray(_unit_positions(k, int(n)))
        for k, n in zip(kinds, units["size"].to_numpy(), strict=True)
    ]
    counts = np.array([len(x) for x in pos_list])
    unit_idx = np.repeat(np.arange(len(units)), counts)
    position = np.concatenate(pos_list)
    is_head = np.zeros(len(position), dtype=bool)
    is_head[np.r_[0, np.cumsum(counts)[:-1]]] = True
    return _Roster(
        unit_idx=unit_idx,
        position=position,
        is_head=is_head,
        school=np.isin(kinds[unit_idx], (SD, SMP)),
        health=sectors[unit_idx] == "health",
        structural=np.isin(position, ("executive", "administrator", "supervisor")),
    )


def _pppk(r: _Roster, rng: np.random.Generator) -> np.ndarray:
    """Which posts are PPPK: never structural posts or heads; functional 45 % in schools,
    35 % in health, 15 % elsewhere; staff 30 % in schools, 20 % elsewhere."""
    p_pppk = np.where(
        r.position == "functional",
        np.where(r.school, 0.45, np.where(r.health, 0.35, 0.15)),
        np.where(r.school, 0.30, 0.20),
    )
    return (rng.random(r.n) < p_pppk) & ~r.structural & ~r.is_head


def _education(r: _Roster, rng: np.random.Generator) -> np.ndarray:
    """Education drawn per staff group (:data:`_EDUCATION_BY_GROUP`), one group after another.

    Groups: the structural position itself, ``staff``, and functional posts as
    ``teacher`` (schools), ``health_fun`` (health) or ``fun`` (elsewhere).
    """
    educ = np.empty(r.n, dtype="U3")
    grp = np.where(
        r.structural,
        r.position,
        np.where(
            r.position == "staff",
            "staff",
            np.where(r.school, "teacher", np.where(r.health, "health_fun", "fun")),
        ),
    )
    for g, (opts, probs) in _EDUCATION_BY_GROUP.items():
        m = grp == g
        educ[m] = _choice(rng, opts, probs, int(m.sum()))
    return educ


def _female(r: _Roster, rng: np.random.Generator) -> np.ndarray:
    """Women: 72 % in schools, 78 % in health, 42 % elsewhere; 35 % of unit heads."""
    p_f = np.where(r.school, 0.72, np.where(r.health, 0.78, 0.42))
    p_f = np.where(r.is_head, 0.35, p_f)
    return rng.random(r.n) < p_f


def _retirement(birth: np.ndarray, ret_age: np.ndarray) -> np.ndarray:
    """Retirement date: the first of the month after reaching ``ret_age``."""
    return (birth.astype("datetime64[M]") + (ret_age * 12 + 1).astype("timedelta64[M]")).astype(
        "datetime64[D]"
    )


def _birth_dates(
    r: _Roster,
    pppk: np.ndarray,
    ret_age: np.ndarray,
    start: np.datetime64,
    end_year: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """Birth dates from ages at the panel's end: heads 44..56, other structural 33..ret_age + 2,
    the rest 23..ret_age + 2 (PPPK at most 56); anyone retired before the panel is 3 years younger."""
    lo = np.where(r.is_head, 44, np.where(r.structural, 33, 23))
    hi = np.where(r.is_head, 56, ret_age + 2)
    age_end = rng.integers(lo, hi + 1)
    age_end = np.where(pppk, np.minimum(age_end, 56), age_end)
    birth_year = end_year - age_end
    birth = _year_start(birth_year).astype("datetime64[D]") + rng.integers(0, 365, r.n).astype(
        "timedelta64[D]"
    )
    too_old = _retirement(birth, ret_age) < start
    return np.where(too_old, birth + np.timedelta64(3 * 365, "D"), birth)


def _year_start(years: np.ndarray) -> np.ndarray:
    """The years (integers) as datetime64[Y]."""
    return (np.asarray(years, dtype=np.int64) - 1970).astype("datetime64[Y]")


def _birth_year(birth: np.ndarray) -> np.ndarray:
    return birth.astype("datetime64[Y]").astype(np.int64) + 1970


def _appointments(
    r: _Roster,
    pppk: np.ndarray,
    birth: np.ndarray,
    panel_start: pd.Timestamp,
    panel_end: pd.Timestamp,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Appointment dates (TMT, first of a month) and birth dates moved to 20-28 years before
    the TMT where it came less than 18 years after birth.

    PNS: hired at age 22..35, from 1988, at least at 19, before the panel's
    start year; 2 % of non-structural PNS are new (TMT 2025-07). PPPK: one of
    the PPPK waves. A TMT after the panel becomes 2025-07.
    """
    birth_year = _birth_year(birth)
    hire_age = rng.integers(22, 36, r.n)
    hire_year = np.minimum(np.maximum(birth_year + hire_age, 1988), panel_start.year - 1)
    hire_year = np.where(hire_year < birth_year + 19, birth_year + 19, hire_year)
    hire_month = rng.integers(1, 13, r.n)
    wave = _PPPK_WAVES[rng.choice(len(_PPPK_WAVES), r.n, p=_PPPK_WAVE_SHARES)]
    hire = (
        _year_start(hire_year).astype("datetime64[M]") + (hire_month - 1).astype("timedelta64[M]")
    ).astype("datetime64[D]")
    hire = np.where(pppk, wave, hire)
    new_pns = (~pppk) & (~r.structural) & (~r.is_head) & (rng.random(r.n) < 0.02)
    hire = np.where(new_pns, _NEW_PNS_TMT, hire)
    hire = np.where(hire > np.datetime64(panel_end.date()), _NEW_PNS_TMT, hire)
    # birth dates must come 18+ years before appointment
    too_young = birth + np.timedelta64(int(18 * 365.25), "D") > hire
    young_birth = hire - rng.integers(int(20 * 365.25), int(28 * 365.25), r.n).astype(
        "timedelta64[D]"
    )
    return hire, np.where(too_young, young_birth, birth)


def _exits(
    r: _Roster,
    hire: np.ndarray,
    retire: np.ndarray,
    start: np.datetime64,
    end: np.datetime64,
    rng: np.random.Generator,
) -> np.ndarray:
    """Exit dates (NaT: still in post): retirement within the panel, or for 3 % of non-heads an
    earlier random date 30+ days into the panel; heads never leave; no exit on or before the TMT."""
    exit_ = np.where(retire <= end, retire, np.datetime64("NaT"))
    other_exit = (~r.is_head) & (rng.random(r.n) < 0.03)
    span = int((end - start).astype(int))
    random_exit = start + rng.integers(30, span, r.n).astype("timedelta64[D]")
    exit_ = np.where(other_exit & (np.isnat(exit_) | (random_exit < exit_)), random_exit, exit_)
    exit_ = np.where(r.is_head, np.datetime64("NaT"), exit_)
    return np.where(~np.isnat(exit_) & (exit_ <= hire), np.datetime64("NaT"), exit_)


def _grades(
    position: np.ndarray, educ: np.ndarray, pppk: np.ndarray, hire: np.ndarray, end: np.datetime64
) -> np.ndarray:
    """Grades at the panel's end.

    PNS: entry grade by education, one step per 4 years of service, capped by
    education, at least the position's floor. PPPK: the grade of their education.
    """
    years = np.clip((end - hire).astype("timedelta64[D]").astype(np.int64) // 365, 0, None)
    edu_entry = lookup(educ, _PNS_ENTRY)
    edu_cap = lookup(educ, _PNS_CAP)
    floor = lookup(position, _PNS_FLOOR)
    g_idx = np.minimum(edu_entry + years // 4, edu_cap)
    g_idx = np.clip(np.maximum(g_idx, floor), 0, len(PNS_GRADES) - 1)
    grade = np.asarray(PNS_GRADES)[g_idx]
    pppk_grade = np.asarray(PPPK_GRADES)[lookup(educ, _PPPK_GRADE)]
    return np.where(pppk, pppk_grade, grade)


def build_employees(
    units: pd.DataFrame,
    rng: np.random.Generator,
    registry: NipRegistry,
    panel_start: pd.Timestamp,
    panel_end: pd.Timestamp,
) -> pd.DataFrame:
    """Civil servants of one district, with exits during the panel.

    One head per unit (executive for OPD and the hospital, administrator for
    kecamatan, supervisor for kelurahan and puskesmas, functional for schools);
    structural posts are PNS; PPPK are functional or staff. Grades follow
    education, years of service and position; PPPK grades follow education.
    Retirement at 58 (structural and staff) or 60 (functional and executive);
    about 1 % a year leave for other reasons. The steps draw from ``rng`` in the
    order they are called here.
    """
    r = _roster(units)
    pppk = _pppk(r, rng)
    educ = _education(r, rng)
    female = _female(r, rng)
    ret_age = np.where(np.isin(r.position, ("functional", "executive")), 60, 58)
    start = np.datetime64(panel_start.date())
    end = np.datetime64(panel_end.date())
    birth = _birth_dates(r, pppk, ret_age, start, panel_end.year, rng)
    hire, birth = _appointments(r, pppk, birth, panel_start, panel_end, rng)
    exit_ = _exits(r, hire, _retirement(birth, ret_age), start, end, rng)
    nip = registry.issue(birth, hire, np.where(female, 2, 1))
    return pd.DataFrame(
        {
            "employee_id": nip,
            "unit_id": units["unit_id"].to_numpy()[r.unit_idx],
            "employment_type": np.where(pppk, "pppk", "pns"),
            "position_type": r.position,
            "is_unit_head": r.is_head,
            "gender": np.where(female, "F", "M"),
            "birth_year": _birth_year(birth),
            "education": educ,
            "hire_date": pd.to_datetime(hire),
            "exit_date": pd.to_datetime(exit_),
            "grade": _grades(r.position, educ, pppk, hire, end),
        }
    )
