"""The city template: Kota Binjai's OPD, kecamatan with their kelurahan, puskesmas and schools.

Owns the lists every district is built from (:mod:`analysis.sample.structure` scales them for
districts other than Binjai), the OPD whose services are measured, and the unit kinds. Names are
illustrative; the shape follows Kota Binjai (about 40 OPD, 8 puskesmas, SD and SMP schools,
5 kecamatan with 37 kelurahan).
"""

from __future__ import annotations

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
