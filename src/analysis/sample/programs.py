"""The programme catalogue of the synthetic sample.

JP follow LAN's conversion (one JP = 45 minutes): a one-day seminar counts 4 JP, a
one-day workshop 5 JP, classroom trainings 24-80 JP, e-learning 10-30 JP, a semester
of degree study 240 JP, coaching and mentoring 8-16 JP. Costs follow
:attr:`Effects.cost_per_jp` and :attr:`Effects.provider_cost_multiplier`.

Only the IT and public-service programmes (offered before online launches) carry
title words such as "Teknologi Informasi" or "Pelayanan Publik", so a title
keyword rule finds exactly them.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis.sample.effects import Effects

# (topic, domain, target sector or None)
TOPICS: tuple[tuple[str, str, str | None], ...] = (
    ("Pelayanan Kesehatan Ibu dan Anak", "technical", "health"),
    ("Pencegahan dan Pengendalian Infeksi", "technical", "health"),
    ("Tata Laksana Gizi Buruk", "technical", "health"),
    ("Manajemen Puskesmas", "technical", "health"),
    ("Kegawatdaruratan Medis (BTCLS)", "technical", "health"),
    ("Pengelolaan Obat dan Perbekalan Farmasi", "technical", "health"),
    ("Surveilans Penyakit Menular", "technical", "health"),
    ("Kurikulum Merdeka", "technical", "education"),
    ("Pembelajaran Berdiferensiasi", "technical", "education"),
    ("Asesmen Pembelajaran", "technical", "education"),
    ("Penguatan Literasi dan Numerasi", "technical", "education"),
    ("Bimbingan dan Konseling Sekolah", "technical", "education"),
    ("Administrasi Kependudukan", "technical", "civil_registry"),
    ("Perekaman KTP-el dan SIAK Terpusat", "technical", "civil_registry"),
    ("Pencatatan Sipil", "technical", "civil_registry"),
    ("Perizinan Berusaha Berbasis Risiko (OSS-RBA)", "technical", "licensing"),
    ("Pengawasan Perizinan", "technical", "licensing"),
    ("Standar Perizinan dan Non-Perizinan", "technical", "licensing"),
    ("Pengelolaan Data Terpadu Kesejahteraan Sosial", "technical", "social"),
    ("Pendampingan Sosial", "technical", "social"),
    ("Perlindungan Perempuan dan Anak", "technical", "social"),
    ("Pengawasan Konstruksi", "technical", "public_works"),
    ("Perencanaan Jalan dan Drainase", "technical", "public_works"),
    ("Persetujuan Bangunan Gedung", "technical", "public_works"),
    ("Pengelolaan Sampah dan Lingkungan", "technical", "public_works"),
    ("Penyusunan SAKIP dan Laporan Kinerja", "technical", "general_admin"),
    ("Pengelolaan Keuangan Daerah", "technical", "general_admin"),
    ("Pengadaan Barang/Jasa Pemerintah", "technical", "general_admin"),
    ("Kearsipan Dinamis", "technical", "general_admin"),
    ("Penyusunan Produk Hukum Daerah", "technical", "general_admin"),
    ("Administrasi Kelurahan dan Kecamatan", "technical", "general_admin"),
    ("Penanggulangan Kebakaran dan Penyelamatan", "technical", "other"),
    ("Manajemen Lalu Lintas", "technical", "other"),
    ("Penegakan Peraturan Daerah", "technical", "other"),
    ("Ketahanan Pangan dan Penyuluhan Pertanian", "technical", "other"),
    ("Manajemen ASN dan Kinerja", "managerial", None),
    ("Perencanaan dan Penganggaran Berbasis Kinerja", "managerial", None),
    ("Manajemen Risiko", "managerial", None),
    ("Manajemen Perubahan dan Inovasi", "managerial", None),
    ("Integritas dan Anti Korupsi", "socio_cultural", None),
    ("Wawasan Kebangsaan dan Bela Negara", "socio_cultural", None),
    ("Etika dan Budaya Kerja ASN BerAKHLAK", "socio_cultural", None),
    ("Komunikasi Efektif", "socio_cultural", None),
    ("Penulisan Karya Tulis Ilmiah", "technical", None),
    ("Analisis Data Statistik", "technical", None),
)

MODALITY_WORD = {
    "classroom": "Pelatihan",
    "e_learning": "E-Learning",
    "blended": "Pelatihan Blended",
    "seminar": "Seminar",
    "workshop": "Workshop",
}
PROVIDERS: dict[str, tuple[str, ...]] = {
    "internal": ("BKPSDM Kota Binjai", "OPD penyelenggara (internal)"),
    "government_institute": (
        "BPSDM Provinsi Sumatera Utara",
        "Lembaga Administrasi Negara",
        "Kementerian teknis",
    ),
    "university": ("Universitas Mitra Lokal Binjai", "Universitas Mitra Medan"),
    "professional_org": ("Organisasi Profesi Kota Binjai", "Asosiasi Profesi Sumatera Utara"),
    "private": ("Lembaga Pelatihan Swasta A", "Lembaga Pelatihan Swasta B"),
}
PROVIDER_TYPES = tuple(PROVIDERS)
PROVIDER_PROBS = (0.34, 0.24, 0.16, 0.14, 0.12)
JP_CHOICES: dict[str, tuple[int, ...]] = {
    "classroom": (24, 32, 40, 48, 60, 80),
    "e_learning": (10, 12, 15, 20, 25, 30),
    "blended": (30, 40, 50, 60),
    "seminar": (4, 4, 4, 8),
    "workshop": (5, 5, 10, 15),
}
#: Days a programme runs (start to end, inclusive) by modality.
DAYS_PER_JP = {"classroom": 1 / 8, "blended": 1 / 3, "seminar": 1 / 4, "workshop": 1 / 5}
#: Relative popularity of modalities in programme choice.
MODALITY_WEIGHT = {
    "classroom": 1.0,
    "e_learning": 1.6,
    "blended": 0.6,
    "seminar": 1.2,
    "workshop": 1.0,
    "coaching": 0.5,
    "mentoring": 0.4,
    "internship": 0.08,
    "degree": 0.05,
    "other": 0.3,
}


class _Spec(NamedTuple):
    """A programme of the catalogue before its price and (unless given) provider are drawn."""

    title: str
    modality: str
    domain: str
    ptype: str
    jp: float
    target: str | None
    kind: str
    days: int
    provider: str | None = None


#: Programmes outside the topic grid, in catalogue order.
_SPECIAL_PROGRAMS: tuple[_Spec, ...] = (
    # school-based management with a local university (the education office's partnership)
    _Spec(
        "Pelatihan Manajemen Berbasis Sekolah (MBS)",
        "classroom",
        "managerial",
        "university",
        40,
        "education",
        "mbs",
        5,
        "Universitas Mitra Lokal Binjai",
    ),
    _Spec(
        "Pelatihan Manajemen Berbasis Sekolah (MBS) - Internal",
        "classroom",
        "managerial",
        "internal",
        40,
        "education",
        "mbs",
        5,
        "Dinas Pendidikan Kota Binjai",
    ),
    # leadership training
    _Spec(
        "Pelatihan Kepemimpinan Pengawas (PKP)",
        "blended",
        "managerial",
        "government_institute",
        60,
        None,
        "leadership",
        20,
    ),
    _Spec(
        "Pelatihan Kepemimpinan Administrator (PKA)",
        "blended",
        "managerial",
        "government_institute",
        80,
        None,
        "leadership",
        25,
    ),
    # coaching, mentoring, internship, other
    _Spec(
        "Coaching Kinerja oleh Atasan Langsung",
        "coaching",
        "managerial",
        "internal",
        10,
        None,
        "regular",
        45,
    ),
    _Spec(
        "Coaching Karier Pegawai",
        "coaching",
        "socio_cultural",
        "professional_org",
        12,
        None,
        "regular",
        45,
    ),
    _Spec(
        "Mentoring Jabatan Fungsional Kesehatan",
        "mentoring",
        "technical",
        "professional_org",
        16,
        "health",
        "regular",
        60,
    ),
    _Spec(
        "Mentoring Guru Penggerak",
        "mentoring",
        "technical",
        "university",
        16,
        "education",
        "regular",
        60,
    ),
    _Spec(
        "Mentoring Pegawai Baru", "mentoring", "socio_cultural", "internal", 8, None, "regular", 30
    ),
    _Spec(
        "Magang di Instansi Pemerintah Lain",
        "internship",
        "technical",
        "government_institute",
        60,
        None,
        "regular",
        20,
    ),
    _Spec("Sosialisasi Peraturan Baru", "other", "technical", "internal", 3, None, "regular", 1),
    # degree study (one semester per record)
    *(
        _Spec(title, "degree", "technical", "university", 240, target, "degree", 150)
        for title, target in (
            ("Tugas Belajar S2 Administrasi Publik", None),
            ("Tugas Belajar S2 Kesehatan Masyarakat", "health"),
            ("Tugas Belajar S2 Manajemen Pendidikan", "education"),
            ("Tugas Belajar S1 Keperawatan", "health"),
        )
    ),
)

#: IT and public-service training offered to units before their online launch, in
#: formats of several lengths (a unit's staff take the one closest in JP to what
#: they would otherwise have taken, so the training does not change how many JP
#: the unit receives, only what they learn): (title, modality, provider type, JP, days).
_IT_VARIANTS: tuple[tuple[str, str, str, int, int], ...] = (
    ("Seminar Pelayanan Publik Berbasis Daring", "seminar", "internal", 4, 1),
    ("Workshop Layanan Online untuk Petugas Pelayanan", "workshop", "professional_org", 5, 1),
    (
        "E-Learning Dasar Teknologi Informasi untuk Pelayanan",
        "e_learning",
        "government_institute",
        15,
        21,
    ),
    (
        "Pelatihan Teknologi Informasi dan Pelayanan Publik Berbasis Daring",
        "classroom",
        "government_institute",
        24,
        3,
    ),
    (
        "Pelatihan Teknologi Informasi dan Pelayanan Publik Tingkat Lanjut",
        "classroom",
        "university",
        40,
        5,
    ),
    (
        "Pelatihan Blended Pelayanan Publik Prima untuk Layanan Online",
        "blended",
        "university",
        60,
        20,
    ),
)
_IT_PROGRAMS: tuple[_Spec, ...] = tuple(
    _Spec(title, modality, "technical", ptype, jp, None, "it", days)
    for title, modality, ptype, jp, days in _IT_VARIANTS
)


def _program_row(spec: _Spec, rng: np.random.Generator, effects: Effects) -> dict[str, object]:
    """One catalogue row: the price, then (unless the spec names one) the provider, drawn in that order.

    cost per participant = JP x cost_per_jp[modality] x provider_cost_multiplier[type]
    x LogNormal(0, cost_sd), rounded to Rp 5,000 (at least Rp 5,000); the provider
    is one of :data:`PROVIDERS` of its type, uniformly.
    """
    cost = (
        spec.jp
        * effects.cost_per_jp[spec.modality]
        * effects.provider_cost_multiplier[spec.ptype]
        * rng.lognormal(0.0, effects.cost_sd)
    )
    names = PROVIDERS[spec.ptype]
    return {
        "title": spec.title,
        "modality": spec.modality,
        "domain": spec.domain,
        "provider_type": spec.ptype,
        "provider": spec.provider or names[int(rng.integers(len(names)))],
        "jp": float(spec.jp),
        "cost_per_participant": float(max(5_000, round(cost / 5_000) * 5_000)),
        "target_sector": spec.target,
        "max_score": 100.0,
        "kind": spec.kind,
        "days": int(spec.days),
    }


def _topic_programs(rng: np.random.Generator, effects: Effects) -> list[dict[str, object]]:
    """Three regular programmes per topic of :data:`TOPICS`, in three different modalities.

    Per topic: the modalities (classroom 30 %, e-learning 25 %, blended 10 %,
    seminar 17 %, workshop 18 %, without replacement), then per modality the
    provider type (:data:`PROVIDER_PROBS`; no professional organisation runs
    e-learning), the JP (:data:`JP_CHOICES`), the days (e-learning 14..42, else
    JP x :data:`DAYS_PER_JP`, at least 1) and the row (:func:`_program_row`).
    """
    rows: list[dict[str, object]] = []
    mods = tuple(MODALITY_WORD)
    for topic, domain, target in TOPICS:
        chosen = rng.choice(
            len(mods), size=3, replace=False, p=np.array([0.3, 0.25, 0.1, 0.17, 0.18])
        )
        for m_i in sorted(chosen):
            m = mods[m_i]
            ptype = PROVIDER_TYPES[int(rng.choice(len(PROVIDER_TYPES), p=np.array(PROVIDER_PROBS)))]
            if m == "e_learning" and ptype == "professional_org":
                ptype = "government_institute"
            jp = float(rng.choice(JP_CHOICES[m]))
            days = (
                int(rng.integers(14, 43))
                if m == "e_learning"
                else max(1, int(np.ceil(jp * DAYS_PER_JP[m])))
            )
            spec = _Spec(
                f"{MODALITY_WORD[m]} {topic}", m, domain, ptype, jp, target, "regular", days
            )
            rows.append(_program_row(spec, rng, effects))
    return rows


def build_programs(rng: np.random.Generator, effects: Effects) -> pd.DataFrame:
    """The catalogue: contract columns plus internal ``days`` and ``kind``.

    ``kind`` is ``regular``, ``it`` (IT and public-service programmes offered before
    online launches), ``mbs`` (school-based management with a local university),
    ``leadership`` (for supervisors and administrators) or ``degree``. Rows (and
    their draws from ``rng``) come in this order: the topic grid
    (:func:`_topic_programs`), :data:`_SPECIAL_PROGRAMS`, :data:`_IT_PROGRAMS`.
    """
    rows = _topic_programs(rng, effects)
    rows += [_program_row(spec, rng, effects) for spec in _SPECIAL_PROGRAMS + _IT_PROGRAMS]
    programs = pd.DataFrame(rows)
    programs.insert(0, "program_id", [f"PRG-{i + 1:03d}" for i in range(len(programs))])
    return programs
