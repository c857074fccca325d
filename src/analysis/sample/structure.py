"""The organisation of one synthetic district: its OPD and their units, with planned sizes.

Binjai uses the city template (:mod:`analysis.sample.template`) as it is; other districts
(province and national scales) reuse it with generic names, scaled to the district's size, and
unit ids prefixed with a district code. The civil servants in the units are built by
:mod:`analysis.sample.employees`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.sample.template import (
    CITY_KECAMATAN,
    CITY_N_SD,
    CITY_N_SMP,
    CITY_OPD,
    CITY_PUSKESMAS,
    HOSPITAL,
    KECAMATAN,
    KELURAHAN,
    OPD,
    PUSKESMAS,
    SD,
    SERVICE_AGENCIES,
    SMP,
)


@dataclass(frozen=True)
class District:
    """One district (kota/kabupaten) to generate: index, id prefix, name and size."""

    index: int
    prefix: str  # "" for the Binjai city sample; e.g. "1201" elsewhere
    name: str
    target_staff: int
    is_binjai: bool = False


def _uid(prefix: str, code: str) -> str:
    return f"{prefix}-{code}" if prefix else code


#: Kecamatan (code, name, kelurahan names) and puskesmas (name, kecamatan index) of a district.
_Kecamatan = tuple[tuple[str, str, tuple[str, ...]], ...]
_Puskesmas = tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class _Layout:
    """The territorial layout of one district: kecamatan with kelurahan, puskesmas, schools."""

    kecamatan: _Kecamatan
    puskesmas: _Puskesmas
    n_sd: int
    n_smp: int


def _unit_row(
    prefix: str,
    code: str,
    name: str,
    agency: str,
    sector: str,
    kind: str,
    size: int,
    kec: str | None,
    service: bool,
) -> dict[str, object]:
    """One unit row: ids prefixed with the district code, planned size at least 3."""
    return {
        "unit_id": _uid(prefix, code),
        "unit_name": name,
        "agency_id": _uid(prefix, agency),
        "sector": sector,
        "kecamatan": kec,
        "kind": kind,
        "size": max(int(size), 3),
        "service": service,
    }


def _layout(district: District, scale: float) -> _Layout:
    """Binjai's own kecamatan, puskesmas and schools, or generic ones scaled to the district.

    Elsewhere: kecamatan 5 x scale^0.6 (3..30), kelurahan 37 x scale^0.6 spread
    evenly over them, puskesmas 8 x scale^0.8 (3..60), SD and SMP in proportion
    to the staff (``scale`` = target staff / 5,500).
    """
    if district.is_binjai:
        return _Layout(CITY_KECAMATAN, CITY_PUSKESMAS, CITY_N_SD, CITY_N_SMP)
    n_kec = int(np.clip(round(5 * scale**0.6), 3, 30))
    n_kel = int(np.clip(round(37 * scale**0.6), n_kec, 300))
    per = np.full(n_kec, n_kel // n_kec)
    per[: n_kel % n_kec] += 1
    kecamatan = tuple(
        (
            f"KEC{k + 1:02d}",
            f"Kecamatan {k + 1}",
            tuple(f"Kelurahan {k + 1}.{j + 1}" for j in range(per[k])),
        )
        for k in range(n_kec)
    )
    n_pkm = int(np.clip(round(8 * scale**0.8), 3, 60))
    puskesmas = tuple((f"{j + 1}", j % n_kec) for j in range(n_pkm))
    n_sd = int(np.clip(round(CITY_N_SD * scale), 10, 900))
    n_smp = int(np.clip(round(CITY_N_SMP * scale), 3, 150))
    return _Layout(kecamatan, puskesmas, n_sd, n_smp)


def _office_rows(
    district: District, scale: float, city: str, rng: np.random.Generator
) -> list[dict[str, object]]:
    """One row per OPD of the template, office staff x scale^0.8 (1 in Binjai) x U(0.9, 1.1)."""
    p = district.prefix
    office_scale = scale**0.8 if not district.is_binjai else 1.0
    rows: list[dict[str, object]] = []
    for code, name, sector, size in CITY_OPD:
        kind = HOSPITAL if code == "RSUD" else OPD
        unit_name = name if (district.is_binjai or code != "RSUD") else "RSUD"
        rows.append(
            _unit_row(
                p,
                code,
                f"{unit_name}{'' if district.is_binjai else ' ' + city}",
                code,
                sector,
                kind,
                round(size * office_scale * rng.uniform(0.9, 1.1)),
                None,
                code in SERVICE_AGENCIES,
            )
        )
    return rows


def _kecamatan_rows(
    district: District, kecamatan: _Kecamatan, rng: np.random.Generator
) -> list[dict[str, object]]:
    """Each kecamatan office (28 x U(0.85, 1.15) staff) followed by its kelurahan (7..12 staff)."""
    p = district.prefix
    rows: list[dict[str, object]] = []
    for code, kname, kel in kecamatan:
        rows.append(
            _unit_row(
                p,
                code,
                f"Kecamatan {kname}" if district.is_binjai else kname,
                code,
                "general_admin",
                KECAMATAN,
                round(28 * rng.uniform(0.85, 1.15)),
                kname,
                True,
            )
        )
        for j, kel_name in enumerate(kel):
            rows.append(
                _unit_row(
                    p,
                    f"{code}-KEL{j + 1:02d}",
                    f"Kelurahan {kel_name}" if district.is_binjai else kel_name,
                    code,
                    "general_admin",
                    KELURAHAN,
                    int(rng.integers(7, 13)),
                    kname,
                    True,
                )
            )
    return rows


def _puskesmas_rows(
    prefix: str, puskesmas: _Puskesmas, kec_names: list[str], rng: np.random.Generator
) -> list[dict[str, object]]:
    """Puskesmas as units of the health office, 55 x U(0.8, 1.2) staff each."""
    return [
        _unit_row(
            prefix,
            f"DINKES-PKM{j + 1:02d}",
            f"Puskesmas {pname}",
            "DINKES",
            "health",
            PUSKESMAS,
            round(55 * rng.uniform(0.8, 1.2)),
            kec_names[kec_i % len(kec_names)],
            True,
        )
        for j, (pname, kec_i) in enumerate(puskesmas)
    ]


def _school_rows(
    prefix: str, city: str, layout: _Layout, kec_names: list[str], rng: np.random.Generator
) -> list[dict[str, object]]:
    """SD (15..25 staff) then SMP (44..56 staff) as units of the education office."""
    rows = [
        _unit_row(
            prefix,
            f"DISDIK-SD{j + 1:03d}",
            f"SD Negeri {20201 + j * 7} {city}",
            "DISDIK",
            "education",
            SD,
            int(rng.integers(15, 26)),
            kec_names[j % len(kec_names)],
            False,
        )
        for j in range(layout.n_sd)
    ]
    rows += [
        _unit_row(
            prefix,
            f"DISDIK-SMP{j + 1:02d}",
            f"SMP Negeri {j + 1} {city}",
            "DISDIK",
            "education",
            SMP,
            int(rng.integers(44, 57)),
            kec_names[j % len(kec_names)],
            False,
        )
        for j in range(layout.n_smp)
    ]
    return rows


def _calibrate_sizes(units: pd.DataFrame, target_staff: int) -> None:
    """Scale the sizes of all but kecamatan and kelurahan so the district totals its target (in place).

    factor = max(target - fixed staff, 0.2 x target) / other staff; sizes are
    rounded and kept at least 3.
    """
    fixed = units["kind"].isin((KECAMATAN, KELURAHAN))
    room = target_staff - units.loc[fixed, "size"].sum()
    factor = max(room, 0.2 * target_staff) / units.loc[~fixed, "size"].sum()
    units.loc[~fixed, "size"] = np.maximum(np.rint(units.loc[~fixed, "size"] * factor), 3).astype(
        int
    )


def build_units(district: District, rng: np.random.Generator) -> pd.DataFrame:
    """Units of one district: OPD rows, kecamatan, kelurahan, puskesmas, schools.

    Returns a frame with the contract columns (online_service_start still empty)
    plus ``kind``, ``size`` (planned staff) and ``service`` (service metrics are
    reported). Sizes are drawn in the order of the rows.
    """
    scale = district.target_staff / 5500.0
    city = "Binjai" if district.is_binjai else district.name
    layout = _layout(district, scale)
    kec_names = [k[1] for k in layout.kecamatan]
    rows = _office_rows(district, scale, city, rng)
    rows += _kecamatan_rows(district, layout.kecamatan, rng)
    rows += _puskesmas_rows(district.prefix, layout.puskesmas, kec_names, rng)
    rows += _school_rows(district.prefix, city, layout, kec_names, rng)
    units = pd.DataFrame(rows)
    if not district.is_binjai:
        _calibrate_sizes(units, district.target_staff)
    units["online_service_start"] = pd.NaT
    return units
