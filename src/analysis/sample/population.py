"""A district's units and staff as arrays for the simulation, with what is decided once per district.

Owns: the online-launch quarter and IT-training flag of each service unit (the staggered
cohorts of :attr:`Effects.cohort_offsets`), the budget-starved agencies, and each employee's
unit, agency, attributes and learning-motivation trait. The draws happen in the order
:func:`analysis.sample.simulate.simulate_district` calls these functions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.data.contract import SECTORS as SECTOR_CODES
from analysis.sample.effects import Effects
from analysis.sample.employees import POSITIONS, lookup
from analysis.sample.structure import District
from analysis.sample.template import KECAMATAN

#: Education levels that count as "degree S1 or higher" in the participation model.
S1_PLUS = ("d4", "s1", "s2", "s3")
#: Offices never chosen as budget-starved (the big or service-critical ones).
_NEVER_STARVED = ("DISDIK", "DINKES", "RSUD", "DISDUKCAPIL", "DPMPTSP", "SETDA", "BKPSDM")
#: Sector codes in contract order; an employee's sector is an index into it.
SECTORS: tuple[str, ...] = tuple(SECTOR_CODES)


def sigmoid(x: np.ndarray) -> np.ndarray:
    """The logistic function 1 / (1 + exp(-x))."""
    return 1.0 / (1.0 + np.exp(-x))


@dataclass(frozen=True)
class DistrictUnits:
    """The units of one district as arrays (row i = unit i of ``units``).

    ``launch_t`` is the launch quarter index (-1: never launched), ``starved_units`` the row
    indices of the starved agencies' own units and ``starved_agency`` the same as a mask over
    ``agencies`` (the agency ids in unit order).
    """

    ids: np.ndarray
    pos: dict[str, int]
    agencies: list[str]
    agency_of_unit: np.ndarray
    sector: np.ndarray
    kind: np.ndarray
    service: np.ndarray
    launch_t: np.ndarray
    it_trained: np.ndarray
    starved_units: np.ndarray
    starved_agency: np.ndarray

    @property
    def n(self) -> int:
        return len(self.ids)


def _codes(units: pd.DataFrame, district: District) -> np.ndarray:
    """Unit ids without the district prefix (the template's codes)."""
    ids = units["unit_id"]
    return (
        ids.str.replace(f"{district.prefix}-", "", regex=False) if district.prefix else ids
    ).to_numpy()


def assign_launches(
    units: pd.DataFrame,
    district: District,
    effects: Effects,
    rng: np.random.Generator,
    quarters: list[str],
) -> tuple[np.ndarray, np.ndarray]:
    """Launch quarter index (-1 never) and IT-trained flag per unit.

    Disdukcapil launches in the first cohort and DPMPTSP in the second, both IT-trained; a
    ``launch_share`` of the other service units is drawn, spread over the cohorts in turn and
    IT-trained in alternate rounds.
    """
    n = len(units)
    launch = np.full(n, -1, dtype=np.int64)
    trained = np.zeros(n, dtype=bool)
    offsets = np.array([o for o in effects.cohort_offsets if o < len(quarters)])
    if len(offsets) == 0:
        return launch, trained
    service = units["service"].to_numpy()
    codes = _codes(units, district)
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


def district_units(
    district: District,
    units: pd.DataFrame,
    effects: Effects,
    rng: np.random.Generator,
    quarters: list[str],
) -> DistrictUnits:
    """The units' arrays, their launches (:func:`assign_launches`) and the starved agencies.

    Budget-starved: four OPD offices (not in :data:`_NEVER_STARVED`) and one kecamatan.
    """
    unit_ids = units["unit_id"].to_numpy().astype(object)
    agency_ids = units["agency_id"].to_numpy().astype(object)
    launch_t, it_trained = assign_launches(units, district, effects, rng, quarters)
    agency_set = set(agency_ids)
    agencies = [u for u in unit_ids if u in agency_set]
    agency_pos = {a: i for i, a in enumerate(agencies)}
    kinds = units["kind"].to_numpy()
    own = units["unit_id"].to_numpy() == units["agency_id"].to_numpy()
    big = np.isin(_codes(units, district), _NEVER_STARVED)
    cand_opd = np.flatnonzero(own & (kinds == "opd") & ~big)
    cand_kec = np.flatnonzero(own & (kinds == KECAMATAN))
    starved_units = np.sort(
        np.r_[rng.choice(cand_opd, 4, replace=False), rng.choice(cand_kec, 1, replace=False)]
    )
    starved_agency = np.zeros(len(agencies), dtype=bool)
    starved_agency[[agency_pos[unit_ids[i]] for i in starved_units]] = True
    return DistrictUnits(
        ids=unit_ids,
        pos={u: i for i, u in enumerate(unit_ids)},
        agencies=agencies,
        agency_of_unit=np.array([agency_pos[a] for a in agency_ids]),
        sector=units["sector"].to_numpy().astype(object),
        kind=kinds,
        service=units["service"].to_numpy().astype(bool),
        launch_t=launch_t,
        it_trained=it_trained,
        starved_units=starved_units,
        starved_agency=starved_agency,
    )


@dataclass(frozen=True)
class Staff:
    """The employees of one district as arrays (row i = employee i of ``employees``).

    ``unit``, ``agency``, ``position`` and ``sector`` are indices (into the units, the
    agencies, :data:`POSITIONS` and :data:`SECTORS`); ``trait`` is the learning-motivation
    trait, N(3.4, 0.8), from which each quarter's motivation is drawn.
    """

    nip: np.ndarray
    unit: np.ndarray
    agency: np.ndarray
    head: np.ndarray
    pppk: np.ndarray
    s1_plus: np.ndarray
    birth_year: np.ndarray
    hire: np.ndarray
    exit: np.ndarray
    position: np.ndarray
    sector: np.ndarray
    trait: np.ndarray

    @property
    def n(self) -> int:
        return len(self.nip)

    def active_at(self, day: np.datetime64) -> np.ndarray:
        """Employed on ``day``: hired on or before it and not exited by it."""
        return (self.hire <= day) & (np.isnat(self.exit) | (self.exit > day))


def staff(employees: pd.DataFrame, units: DistrictUnits, rng: np.random.Generator) -> Staff:
    """The employees' arrays and their motivation trait (one normal draw per employee)."""
    emp = employees
    e_unit = pd.Index(units.ids).get_indexer(emp["unit_id"].to_numpy().astype(object))
    if (e_unit < 0).any():
        raise ValueError("an employee's unit is not among the district's units")
    sector_of_unit = lookup(units.sector, {s: i for i, s in enumerate(SECTORS)})
    n = len(emp)
    trait = rng.normal(3.4, 0.8, n)
    return Staff(
        nip=emp["employee_id"].to_numpy().astype(object),
        unit=e_unit,
        agency=units.agency_of_unit[e_unit],
        head=emp["is_unit_head"].to_numpy().astype(bool),
        pppk=(emp["employment_type"] == "pppk").to_numpy(),
        s1_plus=emp["education"].isin(S1_PLUS).to_numpy(),
        birth_year=emp["birth_year"].to_numpy().astype(np.int64),
        hire=emp["hire_date"].to_numpy().astype("datetime64[D]"),
        exit=emp["exit_date"].to_numpy().astype("datetime64[D]"),
        position=lookup(emp["position_type"].to_numpy(), {p: i for i, p in enumerate(POSITIONS)}),
        sector=sector_of_unit[e_unit],
        trait=trait,
    )
