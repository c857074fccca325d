"""Staff attributes used to group people: age band, grade group, education group.

Definitions (one meaning everywhere; ``docs/definitions.md``):

- **age band** ``<30``, ``30-39``, ``40-49``, ``50+`` from the period's year minus ``birth_year``;
- **grade group** PNS golongan ``I``..``IV``; PPPK ``pppk_I-VIII`` / ``pppk_IX-XVII``;
- **education group** up to SMA, diploma (D1-D4), S1, postgraduate (S2/S3).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.data.dataset import Dataset
from analysis.data.definitions import active_mask, staff_roster
from analysis.data.periods import parse_period, quarter_end

#: Equity dimensions: column of :func:`staff_attributes` -> (Bahasa Indonesia, English) label.
EQUITY_DIMENSIONS: dict[str, tuple[str, str]] = {
    "gender": ("Jenis kelamin", "Gender"),
    "employment_type": ("PNS / PPPK", "PNS / PPPK"),
    "position_type": ("Jenis jabatan", "Position type"),
    "grade_group": ("Kelompok golongan", "Grade group"),
    "age_band": ("Kelompok usia", "Age band"),
    "education_group": ("Pendidikan", "Education"),
}


AGE_BANDS: tuple[tuple[int, int, str], ...] = (
    (0, 29, "<30"),
    (30, 39, "30-39"),
    (40, 49, "40-49"),
    (50, 200, "50+"),
)


EDUCATION_GROUPS: dict[str, str] = {
    "sd": "up_to_sma",
    "smp": "up_to_sma",
    "sma": "up_to_sma",
    "d1": "diploma",
    "d2": "diploma",
    "d3": "diploma",
    "d4": "diploma",
    "s1": "s1",
    "s2": "postgraduate",
    "s3": "postgraduate",
}


_PPPK_ROMAN = {
    "I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9,
    "X": 10, "XI": 11, "XII": 12, "XIII": 13, "XIV": 14, "XV": 15, "XVI": 16, "XVII": 17,
}  # fmt: skip


def as_column_list(by: str | Sequence[str] | None) -> list[str]:
    """Grouping columns as a list: ``None`` -> ``[]``, ``"unit_id"`` -> ``["unit_id"]``."""
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    return list(by)


def grade_group(grade: pd.Series, employment_type: pd.Series) -> pd.Series:
    """Grade groups: PNS golongan ``I``..``IV`` (the part before ``/``); PPPK ``pppk_I-VIII``
    or ``pppk_IX-XVII``; ``unknown`` when the grade is missing or unreadable."""
    g = grade.astype("string").str.strip()
    pns_gol = g.str.extract(r"^(I|II|III|IV)/[a-e]$", expand=False)
    pppk_num = g.map(lambda v: _PPPK_ROMAN.get(v, np.nan) if isinstance(v, str) else np.nan)
    out = pd.Series("unknown", index=grade.index, dtype="string")
    is_pppk = employment_type.astype("string").eq("pppk").fillna(False)
    out = out.mask(pns_gol.notna() & ~is_pppk, pns_gol)
    pppk_num = pd.to_numeric(pppk_num, errors="coerce")
    out = out.mask(is_pppk & pppk_num.le(8).fillna(False), "pppk_I-VIII")
    out = out.mask(is_pppk & pppk_num.ge(9).fillna(False), "pppk_IX-XVII")
    return out


def age_band(birth_year: pd.Series, year: int) -> pd.Series:
    """Age bands ``<30``, ``30-39``, ``40-49``, ``50+`` from ``year - birth_year``."""
    age = year - pd.to_numeric(birth_year, errors="coerce")
    out = pd.Series("unknown", index=birth_year.index, dtype="string")
    for low, high, label in AGE_BANDS:
        out = out.mask(age.between(low, high).fillna(False), label)
    return out


def staff_attributes(ds: Dataset, period: str | pd.Period, active_only: bool = True) -> pd.DataFrame:
    """Staff active at the end of ``period`` with the grouping columns used here.

    Parameters
    ----------
    ds, period
        The dataset and the quarter (its year fixes the ages).
    active_only
        Keep only employees active at the end of ``period`` (default); ``False``
        returns every employee (leavers too), to label their enrollments.

    Returns
    -------
    DataFrame
        One row per employee: every employee column, the unit's
        ``agency_id, sector, unit_name``, and ``age`` (years in the period's year),
        ``age_band``, ``grade_group``, ``education_group``.

    Computed once per dataset, quarter and ``active_only``
    (:meth:`analysis.data.dataset.Dataset.derived`); each call returns a copy. The
    grade and education groups, which do not depend on the quarter, are derived once
    for the whole roster.
    """
    p = parse_period(period)
    return ds.derived(("staff_attributes", str(p), bool(active_only)), lambda: _staff_attributes(ds, p, active_only))


def _staff_attributes(ds: Dataset, p: pd.Period, active_only: bool) -> pd.DataFrame:
    staff = staff_roster(ds)
    groups = ds.derived(("staff_groups",), lambda: _staff_groups(staff))
    if active_only:
        active = active_mask(staff, quarter_end(p))
        staff = staff.loc[active].reset_index(drop=True)
        groups = groups.loc[active].reset_index(drop=True)
    staff["age"] = (p.year - pd.to_numeric(staff["birth_year"], errors="coerce")).astype(float)
    staff["age_band"] = age_band(staff["birth_year"], p.year)
    staff["grade_group"] = groups["grade_group"]
    staff["education_group"] = groups["education_group"]
    return staff


def _staff_groups(roster: pd.DataFrame) -> pd.DataFrame:
    """``grade_group`` and ``education_group`` of every row of the roster (same index)."""
    return pd.DataFrame({
        "grade_group": grade_group(roster["grade"], roster["employment_type"]),
        "education_group": roster["education"].map(EDUCATION_GROUPS).astype("string").fillna("unknown"),
    }, index=roster.index)


def check_group_columns(staff: pd.DataFrame, columns: list[str]) -> None:
    """Raise a KeyError naming the usable columns when a grouping column is unknown."""
    unknown = [c for c in columns if c not in staff.columns]
    if unknown:
        raise KeyError(
            f"cannot group by {unknown}: use a column of the staff roster, e.g. "
            f"agency_id, unit_id, sector, {', '.join(EQUITY_DIMENSIONS)}"
        )


def attach_staff_columns(frame: pd.DataFrame, staff: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Add the grouping ``columns`` that ``frame`` lacks from ``staff`` (by employee_id)."""
    missing = [c for c in columns if c not in frame.columns]
    if not missing:
        return frame
    check_group_columns(staff, missing)
    return frame.merge(staff[["employee_id", *missing]], on="employee_id", how="left")
