"""The organisation of a synthetic city: OPD, their units, and the civil servants in them.

The city template follows the shape of Kota Binjai: about 40 OPD (agencies), among
them the education office with its SD and SMP schools as units, the health office
with 8 puskesmas, the regional hospital, civil registry (Disdukcapil), licensing
(DPMPTSP) and 5 kecamatan with 37 kelurahan as units. Names are illustrative.

Other districts (province and national scales) reuse the template with generic
names, scaled to the district's size, and unit ids prefixed with a district code.

NIP (Nomor Induk Pegawai, 18 digits) = birth date YYYYMMDD + appointment (TMT)
YYYYMM + gender digit (1 male, 2 female) + serial 001..999; serials are unique
per (birth date, appointment month, gender) across everything one
:class:`NipRegistry` has issued.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

# (agency code, name, sector, office staff) -- kecamatan and the education/health
# sub-units are added separately. Names are illustrative.
CITY_OPD: tuple[tuple[str, str, str, int], ...] = (
    ("SETDA", "Sekretariat Daerah", "general_admin", 170),
    ("SETWAN", "Sekretariat DPRD", "general_admin", 60),
    ("INSPEKTORAT", "Inspektorat", "general_admin", 55),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah (Bappeda)", "general_admin", 45),
    ("BKPSDM", "Badan Kepegawaian dan Pengembangan SDM (BKPSDM)", "general_admin", 45),
    (
        "BPKPAD",
        "Badan Pengelolaan Keuangan, Pendapatan dan Aset Daerah (BPKPAD)",
        "general_admin",
        90,
    ),
    ("BPBD", "Badan Penanggulangan Bencana Daerah (BPBD)", "other", 35),
    ("SATPOLPP", "Satuan Polisi Pamong Praja (Satpol PP)", "other", 110),
    ("KESBANGPOL", "Badan Kesatuan Bangsa dan Politik", "general_admin", 25),
    ("BRIDA", "Badan Riset dan Inovasi Daerah", "general_admin", 20),
    ("DISDIK", "Dinas Pendidikan", "education", 80),
    ("DINKES", "Dinas Kesehatan", "health", 90),
    ("RSUD", "RSUD Dr. R.M. Djoelham", "health", 480),
    ("DINSOS", "Dinas Sosial", "social", 40),
    ("DPPKB", "Dinas Pengendalian Penduduk dan Keluarga Berencana", "social", 45),
    ("DP3A", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "social", 30),
    ("DPMK", "Dinas Pemberdayaan Masyarakat dan Kelurahan", "social", 25),
    ("PUPR", "Dinas Pekerjaan Umum dan Penataan Ruang (PUPR)", "public_works", 80),
    ("PERKIM", "Dinas Perumahan dan Kawasan Permukiman (Perkim)", "public_works", 40),
    ("DLH", "Dinas Lingkungan Hidup", "public_works", 80),
    ("DISTARU", "Dinas Pertanahan", "public_works", 20),
    ("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil (Disdukcapil)", "civil_registry", 50),
    (
        "DPMPTSP",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu (DPMPTSP)",
        "licensing",
        40,
    ),
    ("DISHUB", "Dinas Perhubungan", "other", 70),
    ("DISKOMINFO", "Dinas Komunikasi dan Informatika", "other", 40),
    ("DISNAKER", "Dinas Tenaga Kerja", "other", 30),
    ("DISPORA", "Dinas Pemuda dan Olahraga", "other", 25),
    ("DISBUDPAR", "Dinas Kebudayaan dan Pariwisata", "other", 25),
    ("DISPERINDAG", "Dinas Perindustrian dan Perdagangan", "other", 40),
    ("DISKOPUKM", "Dinas Koperasi dan Usaha Mikro", "other", 25),
    ("DKPP", "Dinas Ketahanan Pangan dan Pertanian", "other", 45),
    ("DISKANNAK", "Dinas Perikanan dan Peternakan", "other", 20),
    ("DISPERPUSIP", "Dinas Perpustakaan dan Kearsipan", "other", 30),
    ("DAMKAR", "Dinas Pemadam Kebakaran dan Penyelamatan", "other", 50),
)

#: Kecamatan (as OPD) and their kelurahan (as units): 5 kecamatan, 37 kelurahan.
CITY_KECAMATAN: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "KEC-BJKOTA",
        "Binjai Kota",
        ("Berngam", "Binjai", "Kartini", "Pekan Binjai", "Satria", "Setia", "Tangsi"),
    ),
    (
        "KEC-BJUTARA",
        "Binjai Utara",
        (
            "Cengkeh Turi",
            "Damai",
            "Jati Karya",
            "Jati Makmur",
            "Jati Negara",
            "Jati Utomo",
            "Kebun Lada",
            "Nangka",
            "Pahlawan",
        ),
    ),
    (
        "KEC-BJSELATAN",
        "Binjai Selatan",
        (
            "Bakti Karya",
            "Binjai Estate",
            "Pujidadi",
            "Rambung Barat",
            "Rambung Dalam",
            "Rambung Timur",
            "Tanah Merah",
            "Tanah Seribu",
        ),
    ),
    (
        "KEC-BJBARAT",
        "Binjai Barat",
        (
            "Bandar Senembah",
            "Limau Mungkur",
            "Limau Sundai",
            "Paya Roba",
            "Suka Maju",
            "Suka Ramai",
        ),
    ),
    (
        "KEC-BJTIMUR",
        "Binjai Timur",
        (
            "Dataran Tinggi",
            "Mencirim",
            "Sumber Karya",
            "Sumber Mulyo Rejo",
            "Tanah Tinggi",
            "Timbang Langkat",
            "Tunggurono",
        ),
    ),
)
CITY_PUSKESMAS: tuple[tuple[str, int], ...] = (
    ("Binjai Kota", 0),
    ("Kebun Lada", 1),
    ("Jati Makmur", 1),
    ("Rambung", 2),
    ("Binjai Estate", 2),
    ("Limau Sundai", 3),
    ("Bandar Senembah", 3),
    ("Tanah Tinggi", 4),
)
CITY_N_SD = 80
CITY_N_SMP = 12

#: OPD (besides kecamatan, kelurahan and puskesmas) whose services are measured.
SERVICE_AGENCIES = ("RSUD", "DISDUKCAPIL", "DPMPTSP", "DINSOS", "DISHUB", "DLH", "BPKPAD", "DPPKB")

# unit kinds
OPD, KECAMATAN, KELURAHAN, PUSKESMAS, HOSPITAL, SD, SMP = (
    "opd",
    "kecamatan",
    "kelurahan",
    "puskesmas",
    "hospital",
    "sd",
    "smp",
)

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
        birth_txt = np.datetime_as_string(birth.astype("datetime64[D]")).astype("U10")
        appt_txt = np.datetime_as_string(appointment.astype("datetime64[M]")).astype("U7")
        b = np.char.replace(birth_txt, "-", "")
        a = np.char.replace(appt_txt, "-", "")
        g = gender_digit.astype(np.int64).astype("U1")
        s = np.char.zfill(serial.astype("U3"), 3)
        return np.char.add(np.char.add(np.char.add(b, a), g), s)


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
    birth = birth_year.astype("U4").astype("datetime64[Y]").astype("datetime64[D]") + rng.integers(
        0, 365, r.n
    ).astype("timedelta64[D]")
    too_old = _retirement(birth, ret_age) < start
    return np.where(too_old, birth + np.timedelta64(3 * 365, "D"), birth)


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
        hire_year.astype("U4").astype("datetime64[Y]").astype("datetime64[M]")
        + (hire_month - 1).astype("timedelta64[M]")
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
    edu_entry = np.array([_PNS_ENTRY[e] for e in educ])
    edu_cap = np.array([_PNS_CAP[e] for e in educ])
    floor = np.array([_PNS_FLOOR[p_] for p_ in position])
    g_idx = np.minimum(edu_entry + years // 4, edu_cap)
    g_idx = np.clip(np.maximum(g_idx, floor), 0, len(PNS_GRADES) - 1)
    grade = np.asarray(PNS_GRADES)[g_idx]
    pppk_grade = np.asarray(PPPK_GRADES)[[_PPPK_GRADE[e] for e in educ]]
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
