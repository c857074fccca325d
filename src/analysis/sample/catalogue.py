"""The programme catalogue as the simulation draws from it: who takes what, and when.

Owns: the programme arrays (modality, JP, cost, days, kind, target sector and their planted
effects on the learning gain), the choice weights of each employee group (sector x position x
PNS/PPPK; :data:`analysis.sample.programs.MODALITY_WEIGHT` times the sector match), each unit's
campaign programme, and the two draws every enrollment makes: its programme
(:meth:`Catalogue.draw_programme`) and its dates within a quarter (:meth:`Catalogue.draw_dates`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.sample.effects import Effects
from analysis.sample.employees import POSITIONS
from analysis.sample.population import SECTORS, DistrictUnits, Staff
from analysis.sample.programs import MODALITY_WEIGHT


def programme_effects(rng: np.random.Generator, n_programmes: int, sd: float) -> np.ndarray:
    """One N(0, ``sd``) effect per programme, drawn from a child stream of ``rng``'s seed.

    The child stream (``SeedSequence.spawn``) leaves ``rng``'s own draws unchanged, so
    adding programme effects changes the gains and nothing else of the sample.
    """
    seed_seq = getattr(rng.bit_generator, "seed_seq", None)
    child = np.random.default_rng(seed_seq.spawn(1)[0] if seed_seq is not None else None)
    return child.normal(0.0, sd, n_programmes) if sd > 0 else np.zeros(n_programmes)


@dataclass(frozen=True)
class Catalogue:
    """The programmes of the sample as arrays (row j = programme j of ``programs``).

    ``cdf[g]`` is the cumulative choice probability of each programme for employee group g
    (:func:`employee_group`); ``campaign`` the campaign programme of each unit of the district.
    """

    ids: np.ndarray
    modality: np.ndarray
    jp: np.ndarray
    cost: np.ndarray
    days: np.ndarray
    kind: np.ndarray
    target: np.ndarray
    e_learning: np.ndarray
    degree: np.ndarray
    scored: np.ndarray
    modality_effect: np.ndarray
    provider_effect: np.ndarray
    gain_effect: np.ndarray
    cdf: np.ndarray
    it_programmes: np.ndarray
    campaign: np.ndarray

    @property
    def n(self) -> int:
        return len(self.ids)

    def draw_programme(self, groups: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """One programme per entry of ``groups``, by inverse CDF of one uniform draw each.

        The programme is the number of CDF entries below the draw (at most the last
        programme), found per group by binary search.
        """
        u = rng.random(len(groups))
        out = np.empty(len(groups), dtype=np.int64)
        order = np.argsort(groups, kind="stable")
        sorted_groups = groups[order]
        bounds = np.flatnonzero(np.r_[True, sorted_groups[1:] != sorted_groups[:-1], True])
        for a, b in zip(bounds[:-1], bounds[1:], strict=True):
            sel = order[a:b]
            out[sel] = np.searchsorted(self.cdf[sorted_groups[a]], u[sel], side="left")
        return np.minimum(out, self.n - 1)

    def draw_dates(
        self, prog: np.ndarray, q0: np.datetime64, q1: np.datetime64, rng: np.random.Generator
    ) -> tuple[np.ndarray, np.ndarray]:
        """Start and end dates of enrollments in ``prog`` ending in the quarter ``q0``..``q1``.

        A programme that fits in the quarter starts on a uniform day that lets it end in
        the quarter; a longer one (degrees) ends on a uniform day of the quarter and starts
        ``days`` - 1 days before.
        """
        qlen = int((q1 - q0).astype(np.int64)) + 1
        d = self.days[prog]
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

    def nearest_it(self, prog: np.ndarray) -> np.ndarray:
        """The IT programme whose JP is closest to each programme's (the first on ties)."""
        it = self.it_programmes
        return it[np.abs(self.jp[it][None, :] - self.jp[prog][:, None]).argmin(axis=1)]


def _choice_cdf(modality: np.ndarray, kind: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Cumulative choice probabilities, one row per employee group (:func:`employee_group`).

    Weight = MODALITY_WEIGHT x (4 on the group's sector, 1.5 untargeted, 0.08 otherwise);
    IT programmes 0 (only taken before an online launch), school-based management 2 for
    education and 0 elsewhere, leadership 3 for supervisors and administrators and 0
    elsewhere, degrees 0 for PPPK.
    """
    n_groups = len(SECTORS) * len(POSITIONS) * 2
    weights = np.zeros((n_groups, len(modality)))
    base = np.array([MODALITY_WEIGHT[m] for m in modality])
    for s_i, s in enumerate(SECTORS):
        match = np.where(target == s, 4.0, np.where(pd.isna(target), 1.5, 0.08))
        for pos_i, pos in enumerate(POSITIONS):
            for pk in (0, 1):
                w = base * match
                w = np.where(kind == "it", 0.0, w)
                w = np.where(kind == "mbs", 2.0 if s == "education" else 0.0, w)
                w = np.where(
                    kind == "leadership",
                    3.0 if pos in ("supervisor", "administrator") else 0.0,
                    w,
                )
                w = np.where(kind == "degree", 0.0 if pk else w, w)
                weights[(s_i * len(POSITIONS) + pos_i) * 2 + pk] = w
    cdf = np.cumsum(weights, axis=1)
    cdf /= cdf[:, -1:]
    return cdf


def employee_group(staff: Staff) -> np.ndarray:
    """Each employee's choice group: (sector x positions + position) x 2 + [PPPK]."""
    return (staff.sector * len(POSITIONS) + staff.position) * 2 + staff.pppk.astype(int)


def _campaign_programmes(
    kind: np.ndarray,
    modality: np.ndarray,
    jp: np.ndarray,
    target: np.ndarray,
    units: DistrictUnits,
    rng: np.random.Generator,
) -> np.ndarray:
    """Each unit's campaign programme: a long (>= 32 JP) regular classroom or blended programme
    on the unit's sector (else an untargeted one), drawn uniformly, unit by unit."""
    long_regular = (kind == "regular") & np.isin(modality, ("classroom", "blended")) & (jp >= 32)
    untargeted = np.flatnonzero(long_regular & pd.isna(target))
    options: dict[object, np.ndarray] = {}
    out = np.zeros(units.n, dtype=np.int64)
    for u in range(units.n):
        sector = units.sector[u]
        if sector not in options:
            ok = np.flatnonzero(long_regular & (target == sector))
            options[sector] = ok if len(ok) else untargeted
        ok = options[sector]
        out[u] = ok[int(rng.integers(len(ok)))]
    return out


def catalogue(
    programs: pd.DataFrame, effects: Effects, units: DistrictUnits, rng: np.random.Generator
) -> Catalogue:
    """The catalogue's arrays, the programme gain effects (:func:`programme_effects`, a child
    stream) and the units' campaign programmes (one draw per unit from ``rng``)."""
    mod = programs["modality"].to_numpy().astype(object)
    ptype = programs["provider_type"].to_numpy().astype(object)
    jp = programs["jp"].to_numpy().astype(float)
    kind = programs["kind"].to_numpy().astype(object)
    target = programs["target_sector"].to_numpy().astype(object)
    gain_effect = programme_effects(rng, len(mod), effects.programme_gain_sd)
    return Catalogue(
        ids=programs["program_id"].to_numpy().astype(object),
        modality=mod,
        jp=jp,
        cost=programs["cost_per_participant"].to_numpy().astype(float),
        days=programs["days"].to_numpy().astype(np.int64),
        kind=kind,
        target=target,
        e_learning=mod == "e_learning",
        degree=mod == "degree",
        scored=np.isin(mod, effects.scored_modalities),
        modality_effect=np.array([effects.modality_effect.get(m, 0.0) for m in mod]),
        provider_effect=np.array([effects.provider_effect.get(t, 0.0) for t in ptype]),
        gain_effect=gain_effect,
        cdf=_choice_cdf(mod, kind, target),
        it_programmes=np.flatnonzero(kind == "it"),
        campaign=_campaign_programmes(kind, mod, jp, target, units, rng),
    )
