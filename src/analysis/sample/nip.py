"""NIP (Nomor Induk Pegawai) issuing for the synthetic civil servants.

NIP (18 digits) = birth date YYYYMMDD + appointment (TMT) YYYYMM + gender digit (1 male,
2 female) + serial 001..999; serials are unique per (birth date, appointment month, gender)
across everything one :class:`NipRegistry` has issued.
"""

from __future__ import annotations

import numpy as np


class NipRegistry:
    """Issues NIP serials, unique per (birth date, appointment month, gender).

    Keeps one 16-bit counter per possible prefix (births 1940..2009, appointments
    1960..2030): about 115 MB of address space, of which only touched pages use memory.
    """

    _BIRTH0 = np.datetime64("1940-01-01")
    _N_DAYS = int((np.datetime64("2010-01-01") - np.datetime64("1940-01-01")).astype(np.int64))
    _MONTH0 = 1960 * 12
    _N_MONTHS = (2031 - 1960) * 12

    def __init__(self) -> None:
        self._counter = np.zeros(self._N_DAYS * self._N_MONTHS * 2, dtype=np.uint16)

    def issue(
        self, birth: np.ndarray, appointment: np.ndarray, gender_digit: np.ndarray
    ) -> np.ndarray:
        """NIP strings for arrays of birth dates (datetime64[D]), appointment dates and digits 1/2."""
        day = (birth.astype("datetime64[D]") - self._BIRTH0).astype(np.int64)
        ym = appointment.astype("datetime64[M]").astype(np.int64) + 1970 * 12 - self._MONTH0
        if (
            (day < 0).any()
            or (day >= self._N_DAYS).any()
            or (ym < 0).any()
            or (ym >= self._N_MONTHS).any()
        ):
            raise ValueError("birth date or appointment month outside the NIP registry's range")
        cell = (day * self._N_MONTHS + ym) * 2 + (gender_digit.astype(np.int64) - 1)
        order = np.argsort(cell, kind="stable")
        sorted_cells = cell[order]
        first = np.r_[True, sorted_cells[1:] != sorted_cells[:-1]]
        group_start = np.maximum.accumulate(np.where(first, np.arange(len(cell)), 0))
        rank = np.empty(len(cell), dtype=np.int64)
        rank[order] = np.arange(len(cell)) - group_start
        serial = self._counter[cell].astype(np.int64) + rank + 1
        if (serial > 999).any():
            raise ValueError("more than 999 NIPs share a birth date, appointment month and gender")
        np.maximum.at(self._counter, cell, serial.astype(np.uint16))
        birth_day = birth.astype("datetime64[D]")
        birth_month = birth_day.astype("datetime64[M]")
        yyyymmdd = _yyyymm(birth_month) * 100 + (birth_day - birth_month).astype(np.int64) + 1
        yyyymm = _yyyymm(appointment.astype("datetime64[M]"))
        nip = (
            (yyyymmdd * 1_000_000 + yyyymm) * 10_000 + gender_digit.astype(np.int64) * 1000 + serial
        )
        return nip.astype("U18")


def _yyyymm(month: np.ndarray) -> np.ndarray:
    """The months (datetime64[M]) as integers YYYYMM."""
    m = month.astype(np.int64)
    return (m // 12 + 1970) * 100 + m % 12 + 1
