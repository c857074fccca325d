"""Readers' names of the key tables' column codes and of the codes inside their cells.

The notebooks save their key tables with language-neutral column names
(``share_meeting_20jp``) and cell codes (``e_learning``, ``better``); whatever a
reader sees (``tables.xlsx``, regression tables) shows them through
:func:`column_label` and :func:`value_label`, so an Indonesian output carries no
English and no snake_case. The codes stay available to machines (the workbook's
hidden code row, ``results.json``, the Parquet tables).

Pairs are ``(Bahasa Indonesia, English)``, as everywhere in :mod:`analysis.text`.
Cell codes are looked up in the data contract's :data:`analysis.data.contract.CODE_LABELS`
(modality, provider type, domain, sector), the verdict words, this module's
:data:`VALUE_LABELS`, then :data:`COLUMN_LABELS` (a cell naming a column, as in a
long table's ``metric`` or ``by`` column).
"""

from __future__ import annotations

import re

from analysis.data.contract import CODE_LABELS
from analysis.text.lang import Lang, check_lang, pick
from analysis.text.words import VERDICT_WORDS

__all__ = ["COLUMN_LABELS", "HIDDEN_COLUMNS", "IDENTIFIER_COLUMNS", "VALUE_LABELS", "column_label", "is_code", "value_label"]

Pair = tuple[str, str]

_CI_LOW: Pair = ("batas bawah IK 95%", "95% CI lower bound")
_CI_HIGH: Pair = ("batas atas IK 95%", "95% CI upper bound")

#: Column codes of the key tables and their headers. A column ``<code>_ci_low`` /
#: ``<code>_ci_high`` / ``<code>_se`` / ``<code>_p_value`` without its own entry is
#: labelled from ``<code>`` (:func:`column_label`).
COLUMN_LABELS: dict[str, Pair] = {
    # identifiers and names
    "agency_id": ("Kode OPD", "Agency code"),
    "unit_id": ("Kode unit layanan", "Service unit code"),
    "unit_name": ("Unit layanan", "Service unit"),
    "name": ("Nama", "Name"),
    "program_id": ("Kode program", "Programme code"),
    "title": ("Judul program", "Programme title"),
    "provider": ("Penyelenggara", "Provider"),
    "provider_type": ("Jenis penyelenggara", "Provider type"),
    "modality": ("Bentuk pembelajaran", "Learning format"),
    "sector": ("Sektor", "Sector"),
    "period": ("Triwulan", "Quarter"),
    "online_cell": ("Sel layanan daring", "Online-service cell"),
    "group": ("Kelompok", "Group"),
    "by": ("Dikelompokkan menurut", "Grouped by"),
    "dimension": ("Dimensi", "Dimension"),
    "label": ("Keterangan", "Label"),
    "factor": ("Faktor", "Factor"),
    "level": ("Tingkat", "Level"),
    "reference": ("Pembanding", "Reference"),
    "model": ("Model", "Model"),
    "term": ("Variabel", "Variable"),
    "metric": ("Indikator", "Indicator"),
    "exposure": ("Paparan pelatihan", "Training exposure"),
    "bin": ("Kelompok paparan", "Exposure bin"),
    "low": ("Batas bawah kelompok", "Bin lower bound"),
    "high": ("Batas atas kelompok", "Bin upper bound"),
    "median_exposure": ("Median paparan", "Median exposure"),
    "lag": ("Jeda (triwulan)", "Lag (quarters)"),
    "step": ("Besar perubahan paparan", "Exposure step"),
    "method": ("Metode interval", "Interval method"),
    "inference": ("Metode inferensi", "Inference method"),
    "note": ("Catatan", "Note"),
    "suppressed": ("Disembunyikan (< 5 orang)", "Suppressed (< 5 people)"),
    "enough_data": ("Data cukup", "Enough data"),
    "enough_units": ("Unit cukup", "Enough units"),
    "signal": ("Sinyal", "Signal"),
    "direction": ("Arah yang lebih baik", "Better direction"),
    "verdict": ("Penilaian", "Verdict"),
    "metric_unit_id": ("Satuan", "Unit (Indonesian)"),
    "metric_unit_en": ("Satuan (Inggris)", "Unit"),
    "pooled_sectors": ("Sektor yang digabung", "Pooled sectors"),
    "target": ("Target", "Target"),
    # the data files (data-quality tables)
    "agency_name": ("Nama OPD", "Agency name"),
    "table": ("Tabel data", "Data table"),
    "column": ("Kolom data", "Data column"),
    "tables": ("Tabel data", "Data tables"),
    "file": ("Berkas", "File"),
    "sha256": ("SHA-256", "SHA-256"),
    "bytes": ("Ukuran (byte)", "Size (bytes)"),
    "rows": ("Jumlah baris", "Rows"),
    "columns": ("Jumlah kolom", "Columns"),
    "present": ("Ada", "Present"),
    "optional": ("Opsional", "Optional"),
    "required": ("Wajib", "Required"),
    "missing": ("Kosong", "Missing"),
    "share_missing": ("Proporsi kosong", "Share missing"),
    "units": ("Jumlah unit", "Units"),
    "share_scored": ("Proporsi dengan nilai", "Share with scores"),
    "service_metrics": ("Baris indikator layanan", "Service-metric rows"),
    "has_budget": ("Ada data pagu", "Has budget data"),
    "assessed_staff": ("ASN dengan asesmen", "Assessed staff"),
    "gaps": ("Data yang belum ada", "Missing data"),
    # counts
    "n": ("Jumlah (n)", "Count (n)"),
    "nobs": ("Observasi", "Observations"),
    "n_obs": ("Observasi", "Observations"),
    "n_units": ("Jumlah unit", "Units"),
    "n_periods": ("Jumlah triwulan", "Quarters"),
    "n_level": ("Jumlah pada tingkat ini", "Count at this level"),
    "n_clusters": ("Jumlah klaster", "Clusters"),
    "n_events": ("Jumlah kejadian", "Events"),
    "n_gain": ("Peserta dengan nilai pre/post", "Participants with pre/post scores"),
    "n_satisfaction": ("Peserta dengan survei kepuasan", "Participants with a satisfaction survey"),
    "active_staff": ("ASN aktif", "Active staff"),
    "staff": ("Jumlah pegawai", "Staff"),
    "enrollments": ("Pendaftaran", "Enrolments"),
    "enrollments_assessed": ("Pendaftaran dengan asesmen", "Assessed enrolments"),
    "programmes": ("Jumlah program", "Programmes"),
    "not_reached": ("ASN belum terjangkau", "Staff not reached"),
    "gains": ("Jumlah nilai kenaikan", "Gains"),
    # estimates
    "estimate": ("Perkiraan", "Estimate"),
    "std_error": ("Galat baku", "Standard error"),
    "statistic": ("Statistik uji", "Test statistic"),
    "p_value": ("Nilai p", "p-value"),
    "stars": ("Tingkat signifikansi", "Significance"),
    "ci_low": _CI_LOW,
    "ci_high": _CI_HIGH,
    "ratio_ci_low": ("batas bawah IK 95% rasio odds", "95% CI lower bound of the odds ratio"),
    "ratio_ci_high": ("batas atas IK 95% rasio odds", "95% CI upper bound of the odds ratio"),
    "lower_95": ("Batas bawah 95%", "95% lower limit"),
    "upper_95": ("Batas atas 95%", "95% upper limit"),
    "lower_998": ("Batas bawah 99,8%", "99.8% lower limit"),
    "upper_998": ("Batas atas 99,8%", "99.8% upper limit"),
    "sigma": ("Simpangan baku", "Standard deviation (sigma)"),
    "std": ("Simpangan baku", "Standard deviation"),
    "mean": ("Rata-rata", "Mean"),
    "mean_pre": ("Rata-rata nilai awal", "Mean pre-test score"),
    "mean_post": ("Rata-rata nilai akhir", "Mean post-test score"),
    "mean_gain": ("Rata-rata kenaikan nilai", "Mean score gain"),
    "effect_size": ("Ukuran efek", "Effect size"),
    "normalised_gain": ("Kenaikan ternormalisasi", "Normalised gain"),
    "share_improved": ("Proporsi peserta yang nilainya naik", "Share of participants who improved"),
    "satisfaction": ("Kepuasan peserta", "Participant satisfaction"),
    "share_satisfied": ("Proporsi peserta puas", "Share satisfied"),
    "behaviour": ("Penerapan di tempat kerja", "On-the-job application"),
    "odds_ratio": ("Rasio odds", "Odds ratio"),
    "r2_within": ("R² dalam (within)", "Within R²"),
    "change": ("Perubahan indikator", "Change in the indicator"),
    "difference": ("Selisih", "Difference"),
    "equal_slopes_p": ("Nilai p uji kemiringan sama", "p-value of the equal-slopes test"),
    "equal_slopes_inference": ("Metode uji kemiringan sama", "Method of the equal-slopes test"),
    "equal_slopes_sectors": ("Sektor dalam uji kemiringan sama", "Sectors in the equal-slopes test"),
    "p_value_20jp": ("Nilai p (20 JP)", "p-value (20 JP)"),
    "p_value_participation": ("Nilai p (partisipasi)", "p-value (participation)"),
    "p_holm_20jp": ("Nilai p Holm (20 JP)", "Holm p-value (20 JP)"),
    "p_holm_participation": ("Nilai p Holm (partisipasi)", "Holm p-value (participation)"),
    # coverage and participation
    "jp_mean": ("Rata-rata JP", "Mean JP"),
    "jp": ("JP", "JP"),
    "jp_total": ("Total JP", "Total JP"),
    "jp_assessed": ("JP dengan asesmen", "Assessed JP"),
    "credited_jp": ("JP yang diakui", "Credited JP"),
    "share_meeting_20jp": ("Proporsi ASN mencapai 20 JP", "Share of staff with 20 JP"),
    "share_on_track": ("Proporsi ASN on track 20 JP", "Share of staff on track for 20 JP"),
    "share_not_reached": ("Proporsi ASN belum terjangkau", "Share of staff not reached"),
    "completion_rate": ("Tingkat kelulusan", "Completion rate"),
    "no_show_rate": ("Tingkat tidak hadir", "No-show rate"),
    "dropout_rate": ("Tingkat putus di tengah", "Dropout rate"),
    "participation_rate": ("Tingkat partisipasi", "Participation rate"),
    "share_jp_target_sector": ("Proporsi JP di sektor sendiri", "Share of JP in the own sector"),
    "share_jp_general": ("Proporsi JP umum", "Share of general JP"),
    "share_jp_other_sector": ("Proporsi JP di sektor lain", "Share of JP in another sector"),
    "share_jp_assessed": ("Proporsi JP dengan asesmen", "Share of JP assessed"),
    "share_jp_to_gap": ("Proporsi JP menutup kesenjangan", "Share of JP addressing a gap"),
    "mean_competency_gap": ("Rata-rata kesenjangan kompetensi", "Mean competency gap"),
    "share_with_gap": ("Proporsi ASN dengan kesenjangan", "Share of staff with a gap"),
    # money
    "cost_idr": ("Biaya (Rp)", "Cost (IDR)"),
    "cost_per_jp": ("Biaya per JP (Rp)", "Cost per JP (IDR)"),
    "cost_per_gain_point": ("Biaya per poin kenaikan (Rp)", "Cost per gain point (IDR)"),
    "gain_per_jp": ("Kenaikan nilai per JP", "Gain per JP"),
    "gain_per_million_idr": ("Kenaikan nilai per Rp 1 juta", "Gain per IDR 1 million"),
    "agency": ("OPD", "Agency"),
    "allocated_idr": ("Pagu (Rp)", "Allocation (IDR)"),
    "spending_ytd_idr": ("Belanja s.d. triwulan ini (Rp)", "Spending year to date (IDR)"),
    "spending_quarter_idr": ("Belanja triwulan ini (Rp)", "Spending this quarter (IDR)"),
    "absorption": ("Serapan", "Absorption"),
    "no_allocation": ("Tanpa pagu", "No allocation"),
    "enrollments_ytd": ("Pendaftaran s.d. triwulan ini", "Enrolments year to date"),
    "credited_jp_ytd": ("JP diakui s.d. triwulan ini", "Credited JP year to date"),
    "cost_per_jp_ytd": ("Biaya per JP s.d. triwulan ini (Rp)", "Cost per JP year to date (IDR)"),
    "year": ("Tahun", "Year"),
    "value": ("Nilai", "Value"),
    "completed": ("Selesai", "Completed"),
    "completed_4q": ("Selesai (4 triwulan)", "Completed (4 quarters)"),
    "cost_per_jp_completed": ("Biaya per JP selesai (Rp)", "Cost per completed JP (IDR)"),
    "cost_per_jp_own": ("Biaya per JP OPD sendiri (Rp)", "The agency's own cost per JP (IDR)"),
    "cost_per_jp_used": ("Biaya per JP yang dipakai (Rp)", "Cost per JP used (IDR)"),
    "cost_source": ("Sumber biaya per JP", "Source of the cost per JP"),
    "funded_share": ("Proporsi terdanai", "Share funded"),
    "gap_idr": ("Kebutuhan dana (Rp)", "Funding gap (IDR)"),
    "gap_ci_low": ("Kebutuhan dana: batas bawah IK 95%", "Funding gap: 95% CI lower bound"),
    "gap_ci_high": ("Kebutuhan dana: batas atas IK 95%", "Funding gap: 95% CI upper bound"),
    "jp_needed": ("JP yang masih dibutuhkan", "JP still needed"),
    "jp_ytd": ("JP s.d. triwulan ini", "JP year to date"),
    "remaining_idr": ("Sisa pagu (Rp)", "Remaining allocation (IDR)"),
    "shortfall_idr": ("Kekurangan dana (Rp)", "Shortfall (IDR)"),
    "shortfall_per_staff_idr": ("Kekurangan dana per ASN (Rp)", "Shortfall per staff member (IDR)"),
    "staff_below_target": ("ASN di bawah 20 JP", "Staff below 20 JP"),
    "cap_places": ("Batas kursi", "Place cap"),
    "cost_per_place": ("Biaya per kursi (Rp)", "Cost per place (IDR)"),
    "current_jp": ("JP (campuran sekarang)", "JP (current mix)"),
    "current_people": ("ASN terjangkau (campuran sekarang)", "People reached (current mix)"),
    "current_places": ("Kursi (campuran sekarang)", "Places (current mix)"),
    "current_spend_idr": ("Belanja (campuran sekarang, Rp)", "Spending (current mix, IDR)"),
    "jp_per_completion": ("JP per kelulusan", "JP per completion"),
    "jp_per_place": ("JP per kursi", "JP per place"),
    "observed_places": ("Kursi teramati", "Observed places"),
    "optimal_jp": ("JP (campuran optimal)", "JP (optimal mix)"),
    "optimal_people": ("ASN terjangkau (campuran optimal)", "People reached (optimal mix)"),
    "optimal_places": ("Kursi (campuran optimal)", "Places (optimal mix)"),
    "optimal_places_whole": ("Kursi utuh (campuran optimal)", "Whole places (optimal mix)"),
    "optimal_share_places": ("Proporsi kursi (campuran optimal)", "Share of places (optimal mix)"),
    "optimal_spend_idr": ("Belanja (campuran optimal, Rp)", "Spending (optimal mix, IDR)"),
    "people_per_place": ("ASN terjangkau per kursi", "People reached per place"),
    "event_time": ("Waktu relatif (triwulan)", "Event time (quarters)"),
    "from": ("Dari kategori", "From category"),
    "lead": ("Mendahului (triwulan)", "Lead (quarters)"),
    "left_out": ("OPD yang dikeluarkan", "Agency left out"),
    "n_obs_model": ("Observasi dalam model", "Observations in the model"),
    "n_treated_units": ("Unit yang memulai", "Starting units"),
    "pretrend_p_value": ("Nilai p uji tren awal", "p-value of the pre-trend test"),
    "pretrend_statistic": ("Statistik uji tren awal", "Pre-trend test statistic"),
    "smallest_cohort": ("Kohort terkecil", "Smallest cohort"),
    "threshold": ("Ambang", "Threshold"),
    # service metrics and exposures
    "ikm": ("Indeks Kepuasan Masyarakat (IKM)", "Public satisfaction index (IKM)"),
    "processing_days": ("Waktu penyelesaian (hari)", "Processing time (days)"),
    "complaints_per_1000": ("Pengaduan per 1.000 layanan", "Complaints per 1,000 services"),
    "online_share": ("Proporsi layanan daring", "Share of services online"),
    "spm_attainment": ("Capaian SPM", "SPM attainment"),
    "jp_per_staff_4q": ("JP per pegawai (4 triwulan terakhir)", "JP per staff (last 4 quarters)"),
    "jp_per_staff": ("JP per pegawai (triwulan ini)", "JP per staff (this quarter)"),
    # coverage dimensions
    "age_band": ("Kelompok umur", "Age band"),
    "education_group": ("Pendidikan", "Education"),
    "employment_type": ("Status kepegawaian", "Employment type"),
    "gender": ("Jenis kelamin", "Gender"),
    "grade_group": ("Golongan", "Grade"),
    "position_type": ("Jenis jabatan", "Position type"),
    "pre_score": ("Nilai awal", "Pre-test score"),
}

#: Cell codes that are neither contract codes, verdicts nor column names.
VALUE_LABELS: dict[str, Pair] = {
    "no_clear_change": ("tidak ada perubahan yang jelas", "no clear change"),
    "partner": ("Mitra", "Partner"),
    "per point": ("per poin", "per point"),
    "within": ("dalam batas", "within the limits"),
    "above_95": ("di atas batas 95%", "above the 95% limit"),
    "above_998": ("di atas batas 99,8%", "above the 99.8% limit"),
    "below_95": ("di bawah batas 95%", "below the 95% limit"),
    "below_998": ("di bawah batas 99,8%", "below the 99.8% limit"),
    "delta": ("metode delta", "delta method"),
    "wild_cluster_bootstrap": ("bootstrap klaster liar", "wild cluster bootstrap"),
    "cluster_robust": ("galat baku klaster", "cluster-robust"),
    "randomization": ("inferensi randomisasi", "randomization inference"),
    "dropout": ("Putus di tengah", "Dropout"),
    "dropout_survey": ("Putus di tengah (dengan survei)", "Dropout (with survey)"),
    "no_show": ("Tidak hadir", "No-show"),
    "no_show_survey": ("Tidak hadir (dengan survei)", "No-show (with survey)"),
    "participation": ("Partisipasi", "Participation"),
    "participation_survey": ("Partisipasi (dengan survei)", "Participation (with survey)"),
}

#: Columns a reader does not need (a code the table already shows in words, or
#: English working notes): written as hidden columns, kept for machines.
HIDDEN_COLUMNS: frozenset[str] = frozenset({"term", "note", "metric_unit_en", "metric_unit_id"})

#: Columns whose cells name the city's own data (file, table and field names, codes of
#: agencies, units and programmes): shown as they are, in either language, being the
#: names the city's files use.
IDENTIFIER_COLUMNS: frozenset[str] = frozenset(
    {"table", "column", "tables", "file", "gaps", "sha256", "agency_id", "unit_id", "program_id"})

_SUFFIXES: tuple[tuple[str, Pair], ...] = (
    ("_ci_low", ("{label}: batas bawah IK 95%", "{label}: 95% CI lower bound")),
    ("_ci_high", ("{label}: batas atas IK 95%", "{label}: 95% CI upper bound")),
    ("_se", ("{label}: galat baku", "{label}: standard error")),
    ("_p_value", ("{label}: nilai p", "{label}: p-value")),
)
_CODE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")


def is_code(text: object) -> bool:
    """True for a snake_case code such as ``share_meeting_20jp`` (what a reader must never see)."""
    return isinstance(text, str) and bool(_CODE.match(text))


def column_label(code: str, lang: Lang | str = "id") -> str:
    """The header of column ``code`` in ``lang``.

    A ``<base>_ci_low``/``_ci_high``/``_se``/``_p_value`` column without its own entry is
    named from ``<base>`` (``Tingkat kelulusan: batas bawah IK 95%``). A column no
    catalogue knows keeps its name, underscores as spaces (a test over the sample's
    tables keeps the catalogue complete).
    """
    lang = check_lang(lang)
    if code in COLUMN_LABELS:
        return pick(lang, COLUMN_LABELS[code])
    for suffix, template in _SUFFIXES:
        base = code.removesuffix(suffix)
        if base != code and base in COLUMN_LABELS:
            return pick(lang, template).format(label=pick(lang, COLUMN_LABELS[base]))
    return code.replace("_", " ")


def value_label(value: str, lang: Lang | str = "id") -> str | None:
    """The reader's word for a cell code, or ``None`` when no catalogue knows it (names, titles)."""
    lang = check_lang(lang)
    for catalogue in (CODE_LABELS, VERDICT_WORDS, VALUE_LABELS, COLUMN_LABELS):
        pair = catalogue.get(value)
        if pair is not None:
            return pick(lang, pair)
    return None
