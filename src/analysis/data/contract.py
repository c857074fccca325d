"""Data contract v1: the one declarative description of the input tables.

Validation (:mod:`analysis.data.validate`), the sample generator (:mod:`analysis.sample`)
and the data dictionary (``data/README.md``, written by :func:`analysis.data.docs.data_dictionary`)
all read this module, so the contract is stated once.

Domain words
------------
ASN
    Aparatur Sipil Negara, the civil service: PNS (career civil servants) and
    PPPK (government employees on contract).
NIP
    Nomor Induk Pegawai, the 18-digit employee number: birth date (YYYYMMDD),
    appointment month (YYYYMM), gender digit (1 male, 2 female), serial (001..999).
OPD
    Organisasi Perangkat Daerah, a city agency (dinas, badan, kecamatan, ...).
JP
    Jam pelajaran, one lesson hour of 45 minutes; PP 11/2017 art. 203 requires
    at least 20 JP of competency development per ASN per year.
IKM
    Indeks Kepuasan Masyarakat, the public-satisfaction index (PermenPANRB 14/2017),
    a converted score from 25 to 100.
SPM
    Standar Pelayanan Minimal, minimum service standards; attainment in percent.
SKP
    Sasaran Kinerja Pegawai, the employee's performance targets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ColumnType = Literal["id", "text", "code", "int", "float", "money", "date", "bool", "period", "nip"]

CONTRACT_VERSION = "1"

SECTORS = (
    "health",
    "education",
    "civil_registry",
    "licensing",
    "social",
    "public_works",
    "general_admin",
    "other",
)
EMPLOYMENT_TYPES = ("pns", "pppk")
POSITION_TYPES = ("executive", "administrator", "supervisor", "functional", "staff")
GENDERS = ("F", "M")
EDUCATION_LEVELS = ("sd", "smp", "sma", "d1", "d2", "d3", "d4", "s1", "s2", "s3")
MODALITIES = (
    "classroom",
    "e_learning",
    "blended",
    "seminar",
    "workshop",
    "degree",
    "coaching",
    "mentoring",
    "internship",
    "other",
)
DOMAINS = ("technical", "managerial", "socio_cultural")
PROVIDER_TYPES = ("internal", "university", "professional_org", "government_institute", "private")
ENROLLMENT_STATUSES = ("completed", "dropped", "no_show", "registered")
RECOGNITION_KINDS = ("employee_of_quarter", "innovation", "long_service", "other")

#: Service metrics with a known direction: +1 higher is better, -1 lower is better.
METRIC_DIRECTIONS: dict[str, int] = {
    "ikm": 1,
    "processing_days": -1,
    "complaints_per_1000": -1,
    "online_share": 1,
    "spm_attainment": 1,
}
#: Plausible ranges of the known metrics (validation rejects values outside).
METRIC_RANGES: dict[str, tuple[float, float | None]] = {
    "ikm": (25.0, 100.0),
    "processing_days": (0.0, None),
    "complaints_per_1000": (0.0, None),
    "online_share": (0.0, 100.0),
    "spm_attainment": (0.0, 100.0),
}
#: Reader-facing names of the service metrics: metric -> (Bahasa Indonesia, English), the
#: order of every (id, en) pair in the package.
METRIC_LABELS: dict[str, tuple[str, str]] = {
    "ikm": ("Indeks Kepuasan Masyarakat (IKM, 25-100)", "Public satisfaction index (IKM, 25-100)"),
    "processing_days": ("Rata-rata waktu penyelesaian (hari)", "Average processing time (days)"),
    "complaints_per_1000": ("Pengaduan per 1.000 layanan", "Complaints per 1,000 services"),
    "online_share": ("Porsi layanan daring (%)", "Share of services delivered online (%)"),
    "spm_attainment": ("Capaian SPM (%)", "Minimum service standard attainment (%)"),
}

#: Reader-facing names of codes, for charts and sentences: code -> (Bahasa Indonesia, English).
CODE_LABELS: dict[str, tuple[str, str]] = {
    # modality
    "classroom": ("Klasikal", "Classroom"),
    "e_learning": ("E-learning", "E-learning"),
    "blended": ("Blended learning", "Blended"),
    "seminar": ("Seminar", "Seminar"),
    "workshop": ("Lokakarya", "Workshop"),
    "degree": ("Tugas belajar", "Degree study"),
    "coaching": ("Coaching", "Coaching"),
    "mentoring": ("Mentoring", "Mentoring"),
    "internship": ("Magang", "Internship"),
    # provider_type
    "internal": ("Internal", "In-house"),
    "university": ("Perguruan tinggi", "University"),
    "professional_org": ("Organisasi profesi", "Professional organisation"),
    "government_institute": ("Lembaga diklat pemerintah", "Government institute"),
    "private": ("Swasta", "Private"),
    # domain
    "technical": ("Teknis", "Technical"),
    "managerial": ("Manajerial", "Managerial"),
    "socio_cultural": ("Sosial kultural", "Socio-cultural"),
    # sector
    "health": ("Kesehatan", "Health"),
    "education": ("Pendidikan", "Education"),
    "civil_registry": ("Kependudukan dan pencatatan sipil", "Civil registry"),
    "licensing": ("Perizinan", "Licensing"),
    "social": ("Sosial", "Social affairs"),
    "public_works": ("Pekerjaan umum", "Public works"),
    "general_admin": ("Administrasi umum", "General administration"),
    # shared
    "other": ("Lainnya", "Other"),
}

#: IKM categories (PermenPANRB 14/2017), on the converted 25..100 scale: (code, low, high, label).
IKM_CATEGORIES: tuple[tuple[str, float, float, str], ...] = (
    ("A", 88.31, 100.00, "Sangat Baik"),
    ("B", 76.61, 88.30, "Baik"),
    ("C", 65.00, 76.60, "Kurang Baik"),
    ("D", 25.00, 64.99, "Tidak Baik"),
)

#: Pseudonyms produced by :mod:`analysis.data.pseudonym` look like ``ASN-0123456789abcdef``.
PSEUDONYM_PATTERN = r"^ASN-[0-9a-f]{16}$"
#: Grades: PNS ``I/a`` .. ``IV/e``; PPPK roman ``I`` .. ``XVII``.
GRADE_PATTERN = r"^(?:(?:I|II|III|IV)/[a-e]|(?:XVII|XVI|XV|XIV|XIII|XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I))$"


@dataclass(frozen=True)
class Column:
    """One column of a table.

    ``codes`` lists the allowed values of a ``code`` column; ``minimum`` and
    ``maximum`` bound numbers (inclusive unless ``exclusive_minimum``);
    ``references`` names ``table.column`` that every non-missing value must exist in.
    ``max_from`` names a column of another table (joined through ``references``)
    whose value bounds this one, e.g. scores bounded by the programme's max_score.
    """

    name: str
    type: ColumnType
    required: bool
    en: str
    id: str
    codes: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    references: str | None = None
    pattern: str | None = None
    default: object | None = None
    example: str = ""


@dataclass(frozen=True)
class Table:
    """One table of the dataset: its columns, key and meaning.

    ``optional``: the file may be absent. ``may_be_empty``: the file must be there but may
    hold its header only (a city without assessments, service metrics, budget rows or
    awards yet); the loader then warns and the analyses that need its rows say
    "tidak cukup data" instead of running. The core tables (units, employees,
    programmes, enrollments) must have rows.
    """

    name: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    en: str
    id: str
    optional: bool = False
    may_be_empty: bool = False
    checks: tuple[str, ...] = field(default_factory=tuple)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"table {self.name!r} has no column {name!r}")

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)


def _c(name: str, type_: ColumnType, required: bool, en: str, id_: str, **kw: object) -> Column:
    return Column(name=name, type=type_, required=required, en=en, id=id_, **kw)  # type: ignore[arg-type]


UNITS = Table(
    name="units",
    key=("unit_id",),
    en="Organisational units: OPD (agencies) and their units (puskesmas, schools, kelurahan, ...).",
    id="Unit organisasi: OPD dan unit di bawahnya (puskesmas, sekolah, kelurahan, ...).",
    columns=(
        _c("unit_id", "id", True, "Unit identifier", "Kode unit", example="DINKES-PKM01"),
        _c("unit_name", "text", True, "Unit name", "Nama unit", example="Puskesmas Binjai Kota"),
        _c(
            "agency_id",
            "id",
            True,
            "The OPD the unit belongs to; an OPD's own row has agency_id = unit_id",
            "OPD induk; baris OPD itu sendiri berisi agency_id = unit_id",
            references="units.unit_id",
            example="DINKES",
        ),
        _c("sector", "code", True, "Service sector", "Sektor layanan", codes=SECTORS, example="health"),
        _c("kecamatan", "text", False, "Sub-district (kecamatan)", "Kecamatan", example="Binjai Kota"),
        _c(
            "online_service_start",
            "date",
            False,
            "Date the unit started online services",
            "Tanggal mulai layanan daring",
            example="2025-04-01",
        ),
    ),
)

EMPLOYEES = Table(
    name="employees",
    key=("employee_id",),
    en="Civil servants (ASN): PNS and PPPK.",
    id="Pegawai ASN: PNS dan PPPK.",
    checks=("hire_before_exit", "head_per_unit"),
    columns=(
        _c(
            "employee_id",
            "nip",
            True,
            "NIP (18 digits) or an existing pseudonym; replaced by a pseudonym on load",
            "NIP (18 digit) atau pseudonim; diganti pseudonim saat dimuat",
            example="197409122000031002",
        ),
        _c("unit_id", "id", True, "Unit of assignment", "Unit kerja", references="units.unit_id"),
        _c(
            "employment_type",
            "code",
            True,
            "Employment type",
            "Jenis kepegawaian",
            codes=EMPLOYMENT_TYPES,
        ),
        _c("position_type", "code", True, "Position type", "Jenis jabatan", codes=POSITION_TYPES),
        _c("is_unit_head", "bool", True, "Heads the unit", "Kepala unit"),
        _c("gender", "code", True, "Gender", "Jenis kelamin", codes=GENDERS),
        _c("birth_year", "int", True, "Year of birth", "Tahun lahir", minimum=1940, maximum=2010),
        _c("education", "code", True, "Highest education", "Pendidikan terakhir", codes=EDUCATION_LEVELS),
        _c("hire_date", "date", True, "Appointment date (TMT)", "TMT pengangkatan"),
        _c("exit_date", "date", False, "Exit date, if left", "Tanggal berhenti, bila sudah keluar"),
        _c(
            "grade",
            "text",
            False,
            "Grade: PNS golongan/ruang (III/b) or PPPK grade (IX)",
            "Golongan/ruang PNS (III/b) atau golongan PPPK (IX)",
            pattern=GRADE_PATTERN,
        ),
    ),
)

PROGRAMS = Table(
    name="programs",
    key=("program_id",),
    en="Competency-development programmes (training, seminars, degree study, coaching, ...).",
    id="Program pengembangan kompetensi (pelatihan, seminar, tugas belajar, coaching, ...).",
    columns=(
        _c("program_id", "id", True, "Programme identifier", "Kode program"),
        _c("title", "text", True, "Programme title", "Nama program / diklat"),
        _c("modality", "code", True, "Format", "Bentuk / metode", codes=MODALITIES),
        _c("domain", "code", True, "Competency domain", "Jenis kompetensi", codes=DOMAINS),
        _c("provider_type", "code", True, "Provider type", "Jenis penyelenggara", codes=PROVIDER_TYPES),
        _c("provider", "text", False, "Provider name", "Nama penyelenggara"),
        _c(
            "jp",
            "float",
            True,
            "Lesson hours (JP, 45 minutes each)",
            "Jam pelajaran (JP, 45 menit)",
            minimum=0,
            exclusive_minimum=True,
        ),
        _c(
            "cost_per_participant",
            "money",
            True,
            "Cost per participant (IDR)",
            "Biaya per peserta (Rp)",
            minimum=0,
        ),
        _c(
            "target_sector",
            "code",
            False,
            "Sector the programme is designed for (empty: all)",
            "Sektor sasaran program (kosong: semua)",
            codes=SECTORS,
        ),
        _c(
            "max_score",
            "float",
            False,
            "Maximum test score (default 100)",
            "Nilai maksimum tes (bawaan 100)",
            minimum=0,
            exclusive_minimum=True,
            default=100.0,
        ),
    ),
)

ENROLLMENTS = Table(
    name="enrollments",
    key=("enrollment_id",),
    en="Participation of an employee in a programme, with its outcomes.",
    id="Keikutsertaan pegawai dalam program beserta hasilnya.",
    checks=("end_after_start", "scores_within_max_score"),
    columns=(
        _c("enrollment_id", "id", True, "Enrollment identifier", "Kode keikutsertaan"),
        _c("employee_id", "nip", True, "Employee (NIP)", "Pegawai (NIP)", references="employees.employee_id"),
        _c("program_id", "id", True, "Programme", "Program", references="programs.program_id"),
        _c("start_date", "date", True, "Start date", "Tanggal mulai"),
        _c("end_date", "date", True, "End date (>= start date)", "Tanggal selesai (>= tanggal mulai)"),
        _c("status", "code", True, "Status", "Status", codes=ENROLLMENT_STATUSES),
        _c("pre_score", "float", False, "Pre-test score (0..max_score)", "Nilai pre-test", minimum=0),
        _c("post_score", "float", False, "Post-test score (0..max_score)", "Nilai post-test", minimum=0),
        _c(
            "satisfaction",
            "float",
            False,
            "Participant satisfaction 1..5 (Kirkpatrick L1)",
            "Kepuasan peserta 1..5 (Kirkpatrick L1)",
            minimum=1,
            maximum=5,
        ),
        _c(
            "behavior_score",
            "float",
            False,
            "Supervisor's rating of on-the-job use 3 months later, 1..5 (L3)",
            "Penilaian atasan atas penerapan di tempat kerja 3 bulan kemudian, 1..5 (L3)",
            minimum=1,
            maximum=5,
        ),
        _c(
            "jp_credited",
            "float",
            False,
            "JP credited, if different from the programme's",
            "JP yang diakui, bila berbeda dari JP program",
            minimum=0,
        ),
        _c("cost", "money", False, "Actual cost of this enrollment (IDR)", "Biaya riil (Rp)", minimum=0),
    ),
)

ASSESSMENTS = Table(
    name="assessments",
    may_be_empty=True,
    key=("employee_id", "assessed_on", "domain"),
    en="Competency assessments against the job's competency standard.",
    id="Hasil asesmen kompetensi terhadap standar kompetensi jabatan.",
    columns=(
        _c("employee_id", "nip", True, "Employee (NIP)", "Pegawai (NIP)", references="employees.employee_id"),
        _c("assessed_on", "date", True, "Assessment date", "Tanggal asesmen"),
        _c("domain", "code", True, "Competency domain", "Jenis kompetensi", codes=DOMAINS),
        _c("score", "int", True, "Assessed level 1..5", "Level hasil asesmen 1..5", minimum=1, maximum=5),
        _c(
            "required_level",
            "int",
            True,
            "Level required by the job's standard 1..5",
            "Level yang dipersyaratkan jabatan 1..5",
            minimum=1,
            maximum=5,
        ),
    ),
)

SERVICE_METRICS = Table(
    name="service_metrics",
    may_be_empty=True,
    key=("unit_id", "period", "metric"),
    en="Service-quality metrics per unit and quarter (long format).",
    id="Indikator kualitas layanan per unit dan triwulan (format panjang).",
    checks=("metric_ranges",),
    columns=(
        _c("unit_id", "id", True, "Unit", "Unit", references="units.unit_id"),
        _c("period", "period", True, "Quarter, e.g. 2026Q3", "Triwulan, mis. 2026Q3"),
        _c(
            "metric",
            "id",
            True,
            "ikm, processing_days, complaints_per_1000, online_share, spm_attainment, or a custom snake_case name",
            "ikm, processing_days, complaints_per_1000, online_share, spm_attainment, atau nama lain (snake_case)",
            pattern=r"^[a-z][a-z0-9_]*$",
        ),
        _c("value", "float", True, "Value", "Nilai"),
    ),
)

BUDGET = Table(
    name="budget",
    may_be_empty=True,
    key=("agency_id", "year"),
    en="Competency-development budget allocation per OPD and year.",
    id="Pagu anggaran pengembangan kompetensi per OPD per tahun.",
    columns=(
        _c("agency_id", "id", True, "OPD", "OPD", references="units.unit_id"),
        _c("year", "int", True, "Fiscal year", "Tahun anggaran", minimum=2000, maximum=2100),
        _c("allocated_idr", "money", True, "Allocation (IDR)", "Pagu (Rp)", minimum=0),
    ),
)

RECOGNITIONS = Table(
    name="recognitions",
    may_be_empty=True,
    key=(),
    en="Awards and recognitions given to employees.",
    id="Penghargaan yang diterima pegawai.",
    columns=(
        _c("employee_id", "nip", True, "Employee (NIP)", "Pegawai (NIP)", references="employees.employee_id"),
        _c("awarded_on", "date", True, "Date awarded", "Tanggal penghargaan"),
        _c("kind", "code", True, "Kind of recognition", "Jenis penghargaan", codes=RECOGNITION_KINDS),
    ),
)

SURVEY = Table(
    name="survey",
    key=("employee_id", "period"),
    optional=True,
    en="Optional staff survey on leader support and motivation to learn.",
    id="Survei pegawai (opsional): dukungan pimpinan dan motivasi belajar.",
    columns=(
        _c("employee_id", "nip", True, "Employee (NIP)", "Pegawai (NIP)", references="employees.employee_id"),
        _c("period", "period", True, "Quarter", "Triwulan"),
        _c(
            "leader_support",
            "float",
            False,
            "Perceived leader support 1..5",
            "Dukungan pimpinan yang dirasakan 1..5",
            minimum=1,
            maximum=5,
        ),
        _c(
            "learning_motivation",
            "float",
            False,
            "Motivation to learn 1..5",
            "Motivasi belajar 1..5",
            minimum=1,
            maximum=5,
        ),
    ),
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        UNITS,
        EMPLOYEES,
        PROGRAMS,
        ENROLLMENTS,
        ASSESSMENTS,
        SERVICE_METRICS,
        BUDGET,
        RECOGNITIONS,
        SURVEY,
    )
}
REQUIRED_TABLES: tuple[str, ...] = tuple(n for n, t in TABLES.items() if not t.optional)


def table(name: str) -> Table:
    """The contract of one table; a ``KeyError`` that lists the known tables otherwise."""
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"unknown table {name!r}; the contract has {', '.join(TABLES)}") from None
