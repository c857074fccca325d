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


def build_units(district: District, rng: np.random.Generator) -> pd.DataFrame:
    """Units of one district: OPD rows, kecamatan, kelurahan, puskesmas, schools.

    Returns a frame with the contract columns (online_service_start still empty)
    plus ``kind``, ``size`` (planned staff), ``service`` (service metrics are
    reported) and ``kec_index``.
    """
    scale = district.target_staff / 5500.0
    rows: list[dict[str, object]] = []
    p = district.prefix
    city = "Binjai" if district.is_binjai else district.name

    def add(
        code: str,
        name: str,
        agency: str,
        sector: str,
        kind: str,
        size: int,
        kec: str | None,
        service: bool,
    ) -> None:
        rows.append(
            {
                "unit_id": _uid(p, code),
                "unit_name": name,
                "agency_id": _uid(p, agency),
                "sector": sector,
                "kecamatan": kec,
                "kind": kind,
                "size": max(int(size), 3),
                "service": service,
            }
        )

    if district.is_binjai:
        kecamatan = CITY_KECAMATAN
        puskesmas = CITY_PUSKESMAS
        n_sd, n_smp = CITY_N_SD, CITY_N_SMP
    else:
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

    office_scale = scale**0.8 if not district.is_binjai else 1.0
    for code, name, sector, size in CITY_OPD:
        kind = HOSPITAL if code == "RSUD" else OPD
        unit_name = name if (district.is_binjai or code != "RSUD") else "RSUD"
        add(
            code,
            f"{unit_name}{'' if district.is_binjai else ' ' + city}",
            code,
            sector,
            kind,
            round(size * office_scale * rng.uniform(0.9, 1.1)),
            None,
            code in SERVICE_AGENCIES,
        )
    kec_names = [k[1] for k in kecamatan]
    for code, kname, kel in kecamatan:
        add(
            code,
            f"Kecamatan {kname}" if district.is_binjai else kname,
            code,
            "general_admin",
            KECAMATAN,
            round(28 * rng.uniform(0.85, 1.15)),
            kname,
            True,
        )
        for j, kel_name in enumerate(kel):
            add(
                f"{code}-KEL{j + 1:02d}",
                f"Kelurahan {kel_name}" if district.is_binjai else kel_name,
                code,
                "general_admin",
                KELURAHAN,
                int(rng.integers(7, 13)),
                kname,
                True,
            )
    for j, (pname, kec_i) in enumerate(puskesmas):
        add(
            f"DINKES-PKM{j + 1:02d}",
            f"Puskesmas {pname}",
            "DINKES",
            "health",
            PUSKESMAS,
            round(55 * rng.uniform(0.8, 1.2)),
            kec_names[kec_i % len(kec_names)],
            True,
        )
    for j in range(n_sd):
        add(
            f"DISDIK-SD{j + 1:03d}",
            f"SD Negeri {20201 + j * 7} {city}",
            "DISDIK",
            "education",
            SD,
            int(rng.integers(15, 26)),
            kec_names[j % len(kec_names)],
            False,
        )
    for j in range(n_smp):
        add(
            f"DISDIK-SMP{j + 1:02d}",
            f"SMP Negeri {j + 1} {city}",
            "DISDIK",
            "education",
            SMP,
            int(rng.integers(44, 57)),
            kec_names[j % len(kec_names)],
            False,
        )
    units = pd.DataFrame(rows)
    if not district.is_binjai:
        # calibrate the district to its target size (kecamatan and kelurahan keep theirs)
        fixed = units["kind"].isin((KECAMATAN, KELURAHAN))
        room = district.target_staff - units.loc[fixed, "size"].sum()
        factor = max(room, 0.2 * district.target_staff) / units.loc[~fixed, "size"].sum()
        units.loc[~fixed, "size"] = np.maximum(
            np.rint(units.loc[~fixed, "size"] * factor), 3
        ).astype(int)
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
    about 1 % a year leave for other reasons.
    """
    n_units = len(units)
    kinds = units["kind"].to_numpy()
    sizes = units["size"].to_numpy()
    sectors = units["sector"].to_numpy()
    pos_list: list[np.ndarray] = []
    for k, n in zip(kinds, sizes, strict=True):
        n = int(n)
        if k == OPD or k == HOSPITAL:
            n_adm = 4 if k == HOSPITAL else int(np.clip(1 + n // 20, 2, 6))
            n_sup = 10 if k == HOSPITAL else 2 * n_adm + 1
            rest = max(n - 1 - n_adm - n_sup, 1)
            f_share = 0.75 if k == HOSPITAL else 0.25
            n_fun = int(round(rest * f_share))
            pos = (
                ["executive"]
                + ["administrator"] * n_adm
                + ["supervisor"] * n_sup
                + ["functional"] * n_fun
                + ["staff"] * (rest - n_fun)
            )
        elif k == KECAMATAN:
            rest = max(n - 7, 1)
            pos = (
                ["administrator"] * 2
                + ["supervisor"] * 5
                + ["functional"] * (rest // 10)
                + ["staff"] * (rest - rest // 10)
            )
        elif k == KELURAHAN:
            pos = ["supervisor"] * 3 + ["staff"] * max(n - 3, 1)
        elif k == PUSKESMAS:
            rest = max(n - 2, 1)
            n_fun = int(round(rest * 0.75))
            pos = ["supervisor"] * 2 + ["functional"] * n_fun + ["staff"] * (rest - n_fun)
        else:  # schools: head and teachers are functional
            rest = max(n - 1, 1)
            n_staff = max(int(round(rest * 0.12)), 1)
            pos = ["functional"] * (1 + rest - n_staff) + ["staff"] * n_staff
        pos_list.append(np.asarray(pos))
    counts = np.array([len(x) for x in pos_list])
    unit_idx = np.repeat(np.arange(n_units), counts)
    position = np.concatenate(pos_list)
    n = len(position)
    is_head = np.zeros(n, dtype=bool)
    is_head[np.r_[0, np.cumsum(counts)[:-1]]] = True
    kind = kinds[unit_idx]
    sector = sectors[unit_idx]

    school = np.isin(kind, (SD, SMP))
    health = sector == "health"
    structural = np.isin(position, ("executive", "administrator", "supervisor"))
    p_pppk = np.where(
        position == "functional",
        np.where(school, 0.45, np.where(health, 0.35, 0.15)),
        np.where(school, 0.30, 0.20),
    )
    pppk = (rng.random(n) < p_pppk) & ~structural & ~is_head

    educ = np.empty(n, dtype="U3")
    groups = {
        "executive": (("s2", "s3"), (0.8, 0.2)),
        "administrator": (("s1", "s2"), (0.4, 0.6)),
        "supervisor": (("d3", "s1", "s2"), (0.1, 0.7, 0.2)),
        "teacher": (("d4", "s1", "s2"), (0.05, 0.85, 0.10)),
        "health_fun": (("d3", "d4", "s1", "s2"), (0.45, 0.10, 0.35, 0.10)),
        "fun": (("d3", "s1", "s2"), (0.1, 0.7, 0.2)),
        "staff": (("sd", "smp", "sma", "d1", "d3", "s1"), (0.01, 0.04, 0.45, 0.02, 0.18, 0.30)),
    }
    grp = np.where(
        structural,
        position,
        np.where(
            position == "staff",
            "staff",
            np.where(school, "teacher", np.where(health, "health_fun", "fun")),
        ),
    )
    for g, (opts, probs) in groups.items():
        m = grp == g
        educ[m] = _choice(rng, opts, probs, int(m.sum()))

    p_f = np.where(school, 0.72, np.where(health, 0.78, 0.42))
    p_f = np.where(is_head, 0.35, p_f)
    female = rng.random(n) < p_f

    # ages at the panel's end; retirement age 58 or 60
    ret_age = np.where(np.isin(position, ("functional", "executive")), 60, 58)
    end_year = panel_end.year
    lo = np.where(is_head, 44, np.where(structural, 33, 23))
    hi = np.where(is_head, 56, ret_age + 2)
    age_end = rng.integers(lo, hi + 1)
    age_end = np.where(pppk, np.minimum(age_end, 56), age_end)
    birth_year = end_year - age_end
    birth = birth_year.astype("U4").astype("datetime64[Y]").astype("datetime64[D]") + rng.integers(
        0, 365, n
    ).astype("timedelta64[D]")
    retire = (birth.astype("datetime64[M]") + (ret_age * 12 + 1).astype("timedelta64[M]")).astype(
        "datetime64[D]"
    )
    start = np.datetime64(panel_start.date())
    too_old = retire < start
    birth = np.where(too_old, birth + np.timedelta64(3 * 365, "D"), birth)
    retire = (birth.astype("datetime64[M]") + (ret_age * 12 + 1).astype("timedelta64[M]")).astype(
        "datetime64[D]"
    )
    birth_year = birth.astype("datetime64[Y]").astype(np.int64) + 1970

    # appointment (TMT): first of a month
    hire_age = rng.integers(22, 36, n)
    hire_year = np.minimum(np.maximum(birth_year + hire_age, 1988), panel_start.year - 1)
    hire_year = np.where(hire_year < birth_year + 19, birth_year + 19, hire_year)
    hire_month = rng.integers(1, 13, n)
    # PPPK waves (TMT) and new appointments during the panel
    waves = np.array(
        ["2021-11-01", "2022-04-01", "2023-01-01", "2024-04-01", "2025-01-01"],
        dtype="datetime64[D]",
    )
    wave = waves[rng.choice(len(waves), n, p=[0.35, 0.25, 0.25, 0.08, 0.07])]
    hire = (
        hire_year.astype("U4").astype("datetime64[Y]").astype("datetime64[M]")
        + (hire_month - 1).astype("timedelta64[M]")
    ).astype("datetime64[D]")
    hire = np.where(pppk, wave, hire)
    new_pns = (~pppk) & (~structural) & (~is_head) & (rng.random(n) < 0.02)
    hire = np.where(new_pns, np.datetime64("2025-07-01"), hire)
    hire = np.where(hire > np.datetime64(panel_end.date()), np.datetime64("2025-07-01"), hire)
    # birth dates must come 18+ years before appointment
    too_young = birth + np.timedelta64(int(18 * 365.25), "D") > hire
    young_birth = hire - rng.integers(int(20 * 365.25), int(28 * 365.25), n).astype(
        "timedelta64[D]"
    )
    birth = np.where(too_young, young_birth, birth)
    birth_year = birth.astype("datetime64[Y]").astype(np.int64) + 1970
    retire = (birth.astype("datetime64[M]") + (ret_age * 12 + 1).astype("timedelta64[M]")).astype(
        "datetime64[D]"
    )

    end = np.datetime64(panel_end.date())
    exit_ = np.where(retire <= end, retire, np.datetime64("NaT"))
    other_exit = (~is_head) & (rng.random(n) < 0.03)
    span = int((end - start).astype(int))
    random_exit = start + rng.integers(30, span, n).astype("timedelta64[D]")
    exit_ = np.where(other_exit & (np.isnat(exit_) | (random_exit < exit_)), random_exit, exit_)
    exit_ = np.where(is_head, np.datetime64("NaT"), exit_)
    exit_ = np.where(~np.isnat(exit_) & (exit_ <= hire), np.datetime64("NaT"), exit_)

    # grades
    years = np.clip((end - hire).astype("timedelta64[D]").astype(np.int64) // 365, 0, None)
    edu_entry = np.array([_PNS_ENTRY[e] for e in educ])
    edu_cap = np.array([_PNS_CAP[e] for e in educ])
    floor = np.array([_PNS_FLOOR[p_] for p_ in position])
    g_idx = np.minimum(edu_entry + years // 4, edu_cap)
    g_idx = np.clip(np.maximum(g_idx, floor), 0, len(PNS_GRADES) - 1)
    grade = np.asarray(PNS_GRADES)[g_idx]
    pppk_grade = np.asarray(PPPK_GRADES)[[_PPPK_GRADE[e] for e in educ]]
    grade = np.where(pppk, pppk_grade, grade)

    nip = registry.issue(birth, hire, np.where(female, 2, 1))
    return pd.DataFrame(
        {
            "employee_id": nip,
            "unit_id": units["unit_id"].to_numpy()[unit_idx],
            "employment_type": np.where(pppk, "pppk", "pns"),
            "position_type": position,
            "is_unit_head": is_head,
            "gender": np.where(female, "F", "M"),
            "birth_year": birth_year,
            "education": educ,
            "hire_date": pd.to_datetime(hire),
            "exit_date": pd.to_datetime(exit_),
            "grade": grade,
        }
    )
