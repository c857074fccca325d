"""The service-link area's words: every title, label and fixed sentence as an ``(id, en)`` pair.

Pick one side with :func:`analysis.text.pick`; templates take their numbers with
``str.format`` (names in braces), already written by :mod:`analysis.text.fmt`.
Shared words (the CI label, "not enough data", verdict words) are in
:mod:`analysis.text.words`; the metrics' long names in
:data:`analysis.data.contract.METRIC_LABELS`.
"""

from __future__ import annotations

from analysis.data.contract import METRIC_LABELS
from analysis.text import Lang, pick

Pair = tuple[str, str]

# --------------------------------------------------------------------------- #
# Metrics and exposures
# --------------------------------------------------------------------------- #

#: How each exposure change reads; ``{step}`` is the formatted step.
EXPOSURE_CHANGE: dict[str, Pair] = {
    "jp_per_staff_4q": (
        "{step} JP per pegawai dalam empat triwulan terakhir",
        "{step} JP per staff member over the last four quarters",
    ),
    "jp_per_staff": (
        "{step} JP per pegawai dalam triwulan yang sama",
        "{step} JP per staff member in the quarter",
    ),
    "share_on_track": (
        "{step} poin persen lebih banyak pegawai yang on track 20 JP",
        "{step} percentage points more staff on track for 20 JP",
    ),
    "mean_competency_gap": (
        "kesenjangan kompetensi {step} level lebih kecil",
        "a competency gap {step} level smaller",
    ),
    "share_with_gap": (
        "{step} poin persen lebih sedikit pegawai dengan kesenjangan kompetensi",
        "{step} percentage points fewer staff with a competency gap",
    ),
}
#: The change of an exposure column without its own wording (``{exposure}`` is the column).
EXPOSURE_CHANGE_OTHER: Pair = ("{step} satuan {exposure}", "{step} units of {exposure}")

#: Unit words of the known metrics in effect statements.
METRIC_UNITS: dict[str, Pair] = {
    "ikm": ("poin IKM", "IKM points"),
    "processing_days": ("hari waktu penyelesaian", "days of processing time"),
    "complaints_per_1000": ("pengaduan per 1.000 layanan", "complaints per 1,000 services"),
    "online_share": ("poin persen layanan daring", "percentage points of services online"),
    "spm_attainment": ("poin persen capaian SPM", "percentage points of SPM attainment"),
}

#: Short names of the known metrics for sentences about one metric.
METRIC_SHORT_NAMES: dict[str, Pair] = {
    "ikm": ("IKM", "IKM"),
    "processing_days": ("waktu penyelesaian", "processing time"),
    "complaints_per_1000": ("pengaduan", "complaints"),
    "online_share": ("porsi layanan daring", "the online share"),
    "spm_attainment": ("capaian SPM", "SPM attainment"),
}
#: Unit words that follow a change of the metric's short name.
METRIC_SHORT_UNITS: dict[str, Pair] = {
    "ikm": ("poin", "points"),
    "processing_days": ("hari", "days"),
    "complaints_per_1000": ("per 1.000 layanan", "per 1,000 services"),
    "online_share": ("poin persen", "percentage points"),
    "spm_attainment": ("poin persen", "percentage points"),
}

#: Names of the event-study estimators (the same in both languages).
ESTIMATOR_NAMES: dict[str, str] = {"twfe": "TWFE", "sunab": "Sun & Abraham"}

#: "unit-quarters", the n of the panel models.
UNIT_QUARTERS: Pair = ("unit-triwulan", "unit-quarters")
#: ``{n}`` units.
N_UNITS: Pair = ("{n} unit", "{n} units")


def metric_label(metric: str, lang: Lang = "id") -> str:
    """The metric's readable name (:data:`analysis.data.contract.METRIC_LABELS`), else its code."""
    return pick(lang, METRIC_LABELS.get(metric, (metric, metric)))


def metric_short(metric: str, lang: Lang) -> tuple[str, str]:
    """The metric's short name and the unit word of its changes (the code and ``""`` if unknown)."""
    name = pick(lang, METRIC_SHORT_NAMES[metric]) if metric in METRIC_SHORT_NAMES else metric
    unit = pick(lang, METRIC_SHORT_UNITS[metric]) if metric in METRIC_SHORT_UNITS else ""
    return name, unit


# --------------------------------------------------------------------------- #
# Effect statements (per exposure step)
# --------------------------------------------------------------------------- #

#: The reading of each effect-statement verdict (:func:`analysis.linkage.effect_statements`).
EFFECT_VERDICTS: dict[str, Pair] = {
    "better": ("layanan lebih baik", "better service"),
    "worse": ("layanan lebih buruk", "worse service"),
    "no_clear_change": (
        "belum ada perubahan yang jelas: interval mencakup nol",
        "no clear change: the interval includes zero",
    ),
    "changes": (
        "perubahan yang jelas (arah 'lebih baik' belum ditetapkan untuk indikator ini)",
        "a clear change (direction of 'better' unknown for this metric)",
    ),
    "not_estimated": ("tidak dapat diestimasi", "not estimated"),
    "insufficient_data": ("data belum cukup untuk penilaian", "not enough data for a verdict"),
}
#: Added after the verdict of a number of the exploratory family (Holm-adjusted p-value).
EXPLORATORY_P: Pair = (" (eksploratif; p disesuaikan Holm = {p})", " (exploratory; Holm-adjusted p = {p})")
#: The recorded verdict of the future-exposure placebo.
PLACEBO_CLEAR: Pair = ("perubahan yang jelas: tanda peringatan (seleksi)", "a clear change: a warning sign (selection)")
PLACEBO_NONE: Pair = ("tidak ada perubahan yang jelas, sesuai harapan", "no clear change, as expected")
#: The verdict of the test of equal sector slopes (``{verdict}`` a verdict word).
EQUAL_SLOPES_VERDICT: Pair = (
    "Uji bahwa semua sektor yang diuji ({k}) memiliki kemiringan yang sama: {p}, {p_adj}: {verdict}",
    "Test that all tested sectors ({k}) share one slope: {p}, {p_adj}: {verdict}",
)
#: A lagged exposure, measured one quarter (``LAG_ONE``) or ``{k}`` quarters earlier.
LAG_ONE: Pair = (" (diukur {k} triwulan sebelumnya)", " (measured {k} quarter earlier)")
LAG_MANY: Pair = (" (diukur {k} triwulan sebelumnya)", " (measured {k} quarters earlier)")
#: The sample behind an effect statement.
EFFECT_SAMPLE: Pair = (
    "n = {n_obs} unit-triwulan, {n_units} unit",
    "n = {n_obs} unit-quarters, {n_units} units",
)
EFFECT_SENTENCE: Pair = (
    "{step} berkaitan dengan {change} {unit} ({ci}; {sample}): {verdict}.{small}",
    "{step} is associated with {change} {unit} ({ci}; {sample}): {verdict}.{small}",
)
#: Added when the panel has fewer units than the minimum n.
FEW_UNITS: Pair = (
    " Data belum cukup untuk kesimpulan yang kuat (kurang dari {min_n} unit).",
    " Not enough data for a firm conclusion (fewer than {min_n} units).",
)

#: A sector below the minimum n: "{units}" is :data:`N_UNITS`.
SECTOR_TOO_SMALL: Pair = ("({units}; minimal {min_n})", "({units}; at least {min_n} needed)")
EQUAL_SLOPES_TEST: Pair = (
    "Uji bahwa semua sektor memiliki kemiringan yang sama: {p}",
    "Test that all sectors share one slope: {p}",
)

# --------------------------------------------------------------------------- #
# The panel and IKM
# --------------------------------------------------------------------------- #

PANEL_DESCRIPTION: Pair = (
    "Panel: **{n_units} unit** x **{n_quarters} triwulan** sampai {period} ({n_unit_quarters} "
    "unit-triwulan dengan pegawai dan indikator layanan); indikator: {metrics}. Paparan: JP yang "
    "diakui per pegawai dalam empat triwulan terakhir. Model: efek tetap unit dan triwulan, galat "
    "baku dikelompokkan per unit.",
    "Panel: **{n_units} units** x **{n_quarters} quarters** up to {period} ({n_unit_quarters} "
    "unit-quarters with staff and a service metric); metrics: {metrics}. Exposure: credited JP per "
    "staff member over the last four quarters. Models: unit and quarter fixed effects, standard "
    "errors clustered by unit.",
)
PAGE_NAME: Pair = ("Keterkaitan kompetensi dan layanan", "Competency and service link")
PANEL_TOO_SMALL: Pair = (
    "model panel memerlukan sedikitnya {min_units} unit dengan indikator layanan dan paparan JP empat "
    "triwulan penuh; data ini memiliki {n_units}",
    "the panel models need at least {min_units} units with a service metric and four full quarters of JP "
    "exposure; these data have {n_units}",
)
AGENCY_NO_UNITS: Pair = ("OPD {agency}: tidak ada unit dalam data.", "Agency {agency}: no units in the data.")
AGENCY_HEADING: Pair = (
    "**{agency}** pada {period} (model di atas memakai seluruh kota: satu OPD memiliki terlalu "
    "sedikit unit).",
    "**{agency}** in {period} (the models above use the whole city: one agency has too few units "
    "for them).",
)

IKM_NONE: Pair = ("Tidak ada IKM pada {period}. ", "No IKM in {period}. ")
IKM_SHARE_GOOD: Pair = (
    "Pada {period}, {share} dari {n} unit yang memiliki IKM berada di kategori A atau B ({ci}). ",
    "In {period}, {share} of {n} units with an IKM were in category A or B ({ci}). ",
)
IKM_MOVES: Pair = (
    "Dari {moves} perpindahan unit antartriwulan, {up} naik kategori dan {down} turun.",
    "Across {moves} quarter-to-quarter moves of units, {up} went up a category and {down} went down.",
)

# --------------------------------------------------------------------------- #
# Online services and IT training
# --------------------------------------------------------------------------- #

#: The reading of an online-start estimate.
ONLINE_VERDICTS: dict[str, Pair] = {
    "better": ("layanan lebih baik", "better service"),
    "worse": ("layanan lebih buruk", "worse service"),
    "changes": ("perubahan yang jelas", "a clear change"),
    "no_clear_change": ("belum ada perubahan yang jelas", "no clear change"),
}
ONLINE_NOT_ESTIMATED: Pair = (
    "{name}: data belum cukup untuk estimasi dampak layanan daring ({method}).",
    "{name}: not enough data for the online-start estimate ({method}).",
)
ONLINE_SENTENCE: Pair = (
    "Setelah layanan daring dimulai, {name} berubah rata-rata {change} {unit} ({method}; {ci}; "
    "{n_treated} unit yang memulai, n = {n_obs} unit-triwulan setelah mulai): {verdict}.",
    "After the online start, {name} changed by {change} {unit} on average ({method}; {ci}; "
    "{n_treated} starting units, n = {n_obs} unit-quarters after the start): {verdict}.",
)
ONLINE_FEW_UNITS: Pair = (
    " Hanya {n_treated} unit yang memulai layanan daring, sehingga interval lebar dan estimasi rapuh.",
    " Only {n_treated} units started online services, so the interval is wide and the estimate fragile.",
)
PRETREND_DIVERGES: Pair = (
    " Sebelum mulai trennya berbeda (uji gabungan {p}): baca dengan hati-hati.",
    " Before the start the trends differ (joint test {p}): read with caution.",
)
PRETREND_PARALLEL: Pair = (
    " Tidak ada tanda tren yang menyimpang sebelum mulai (uji gabungan {p}).",
    " No sign of diverging trends before the start (joint test {p}).",
)
PRETREND_WEAK: Pair = (
    " Dengan {n_treated} unit yang memulai, uji ini lemah: tidak menolak bukan berarti trennya sejajar.",
    " With {n_treated} starting units this test has little power: not rejecting is weak evidence "
    "that the trends were parallel.",
)
RANDOMIZATION_NOTE: Pair = (
    " (Interval dan uji dari inferensi randomisasi atas tanggal mulai.)",
    " (Interval and tests from randomization inference over the start dates.)",
)

IT_GROUPS: Pair = (
    "{name}: unit yang pegawainya dilatih TI ({n_it}) dibanding unit lain yang memulai ({n_other})",
    "{name}: IT-trained starting units ({n_it}) vs other starting units ({n_other})",
)
CLEAR_DIFFERENCE: Pair = ("ada perbedaan yang jelas", "a clear difference")
NO_CLEAR_DIFFERENCE: Pair = ("belum ada perbedaan yang jelas", "no clear difference")
IT_FEW_UNITS: Pair = (
    " Sedikit unit dalam satu kelompok: interval lebar.",
    " Few units in a group: the interval is wide.",
)
IT_RULE: Pair = (
    "Unit dihitung terlatih TI bila sedikitnya {threshold} pegawainya menyelesaikan program yang "
    "judulnya menyebut TI atau pelayanan publik sebelum mulai; selisih adalah beda rata-rata "
    "perbaikan kedua kelompok setelah mulai (Sun & Abraham), masing-masing terhadap unit yang tidak "
    "pernah memulai, dengan interval yang konservatif.",
    "A starting unit counts as IT-trained when at least {threshold} of its staff completed a "
    "programme whose title names IT or public service before the start; the difference is between "
    "the two groups' average improvements after the start (Sun & Abraham), each measured against "
    "units that never started, with a conservative interval.",
)

# --------------------------------------------------------------------------- #
# Robustness annex and the design note
# --------------------------------------------------------------------------- #

PLACEBO_NOT_ESTIMATED: Pair = ("plasebo tidak dapat diestimasi", "placebo not estimated")
FUTURE_EXPOSURE: Pair = (
    "paparan masa depan ({step}, {lead} triwulan ke depan)",
    "future exposure ({step}, {lead} quarters ahead)",
)
LEAVE_ONE_AGENCY_OUT: Pair = (
    "; tanpa satu OPD bergantian ({k} OPD): {range}",
    "; leaving out one agency at a time ({k} agencies): {range}",
)

#: Column titles of the model-comparison table (:func:`analysis.linkage.model_table`).
MODEL_COLUMNS: dict[str, Pair] = {
    "fe": ("(1) ET", "(1) FE"),
    "lag1": ("(2) lag 1", "(2) lag 1"),
    "lag2": ("(3) lag 2", "(3) lag 2"),
    "distributed_lag": ("(4) DL 0-2", "(4) DL 0-2"),
    "placebo": ("(5) plasebo", "(5) placebo"),
    "mixed": ("(6) campuran", "(6) mixed"),
}
#: Row labels of the lagged and future exposure in the model-comparison table.
LAG_LABEL: Pair = ("{exposure} (lag {k})", "{exposure} (lag {k})")
LEAD_LABEL: Pair = ("{exposure} (mendatang {k})", "{exposure} (lead {k})")
MODEL_TABLE_TITLE: Pair = ("{metric}: model paparan kompetensi", "{metric}: competency exposure models")

DESIGN: Pair = (
    "**Desain.** Panel observasional {n_units} unit selama {n_quarters} triwulan. Efek tetap unit "
    "membandingkan setiap unit dengan dirinya sendiri, sehingga perbedaan yang tetap antarunit "
    "(ukuran, lokasi, jenis layanan) tidak dapat menjelaskan keterkaitan; efek tetap triwulan "
    "menghapus perubahan yang dialami semua unit sekaligus (aturan anggaran, sistem nasional, "
    "musim). Pelatihan tidak dibagikan secara acak, sehingga hasilnya adalah keterkaitan, bukan "
    "dampak yang terbukti.",
    "**Design.** An observational panel of {n_units} units over {n_quarters} quarters. Unit fixed "
    "effects compare each unit with itself, so stable differences between units (size, location, "
    "the kind of service) cannot explain the association; quarter fixed effects remove what changed "
    "everywhere at once (budget rules, national systems, seasons). Training was not assigned at "
    "random, so the estimates are associations, not proven effects.",
)
DESIGN_ONLINE_CONTROL: Pair = (
    " Model paparan juga menyerap dimulainya layanan daring (menurut triwulan mulai, persiapan TI, "
    "dan triwulan sejak mulai), sehingga peluncuran tidak dihitung sebagai dampak pelatihan yang "
    "mendahuluinya.",
    " The exposure models also absorb the online-service starts (by start quarter, IT preparation "
    "and quarters since the start), so a launch is not counted as an effect of the training that "
    "preceded it.",
)
CANNOT_RULE_OUT: Pair = (
    "**Yang tidak dapat disingkirkan.** Perubahan di dalam satu unit yang menggerakkan pelatihan "
    "dan layanan bersamaan (kepala baru, tambahan pegawai atau anggaran, reorganisasi); urutan "
    "terbalik (unit yang layanannya sudah membaik mungkin lebih banyak mengirim pegawai ke "
    "pelatihan); dan keterbatasan pengukuran (IKM berasal dari survei dengan galat samplingnya "
    "sendiri; pegawai dihitung di unit saat ini karena mutasi tidak tercatat).",
    "**What it cannot rule out.** Changes inside one unit that move training and service together "
    "(a new head, extra staff or budget, a reorganisation); reverse timing (units that already "
    "serve better may send more staff to training); and measurement limits (IKM comes from surveys "
    "with their own sampling error; staff are counted in their current unit because transfers are "
    "not recorded).",
)
PLACEBO_LEAD: Pair = (
    "**Plasebo.** Paparan di masa depan (pelatihan yang belum terjadi) ",
    "**Placebo.** Future exposure (training that has not happened yet) ",
)
PLACEBO_FLAGGED: Pair = (
    "ternyata memprediksi {metrics} saat ini (IK tidak mencakup nol): tanda peringatan bahwa "
    "sebagian keterkaitan di sana mungkin seleksi (unit yang sedang atau akan membaik mendapat lebih "
    "banyak pelatihan), bukan dampak pelatihan.",
    "does predict today's {metrics} (CI excludes zero): a warning sign that part of the association "
    "there may be selection (units that are improving, or about to, get more training) rather than "
    "an effect of training.",
)
PLACEBO_CLEAN: Pair = (
    "tidak memprediksi indikator mana pun (semua IK mencakup nol), sesuai yang dibutuhkan tafsiran "
    "kausal, meski tidak membuktikannya.",
    "predicts none of the metrics (every CI includes zero), which is what a causal reading needs, "
    "though it does not prove it.",
)
PLACEBO_CLEAN_OTHERS: Pair = (
    " Untuk {metrics} tidak ada prediksi (IK mencakup nol).",
    " For {metrics} it predicts nothing (CI includes zero).",
)
ONLINE_NOT_EVALUATED: Pair = (
    "**Layanan daring.** Tidak ada unit dengan tanggal mulai layanan daring yang memiliki data "
    "layanan, sehingga peluncuran belum dapat dievaluasi.",
    "**Online services.** No unit with an online-service start has service data here, so the "
    "roll-out cannot be evaluated.",
)
ONLINE_DESIGN: Pair = (
    "**Layanan daring.** {n_treated} unit memulai layanan daring pada triwulan yang berbeda; unit "
    "yang tidak pernah memulai menjadi pembanding. Estimator Sun & Abraham membolehkan dampak "
    "berbeda menurut triwulan mulai; tetap diasumsikan unit yang memulai akan mengikuti tren unit "
    "lain (tren paralel) dan tidak berubah sebelum mulai (tanpa antisipasi). ",
    "**Online services.** {n_treated} units started online services at different quarters; units "
    "that never started are the comparison. The Sun & Abraham estimator allows the effect to differ "
    "by start quarter; it still assumes the starting units would have followed the others' trend "
    "(parallel trends) and did not change before the start (no anticipation). ",
)
PRETREND_REJECTED: Pair = (
    "Uji sebelum mulai menolak tren paralel untuk {metrics}; baca dengan hati-hati.",
    "The pre-start test rejects parallel trends for {metrics}; read those with caution.",
)
PRETREND_SUPPORTED: Pair = (
    "Koefisien sebelum mulai tidak menunjukkan tren yang jelas (uji gabungan p >= 0,05), yang "
    "mendukung tetapi tidak membuktikan asumsi itu.",
    "The pre-start coefficients show no clear trend (joint test p >= 0.05), which supports but "
    "does not prove the assumption.",
)
ONLINE_FEW_STARTS: Pair = (
    " Dengan hanya {n_treated} unit yang memulai, interval menjadi lebar, dan interval "
    "cluster-robust dengan sesedikit itu unit yang diberi perlakuan masih bisa mengecilkan "
    "ketidakpastian.",
    " With only {n_treated} starting units, intervals are wide, and cluster-robust intervals with "
    "so few treated units can still understate the uncertainty.",
)

# --------------------------------------------------------------------------- #
# Tables, charts
# --------------------------------------------------------------------------- #

#: Titles of the tables the notebook saves for ``tables.xlsx`` (``{metric}``: the focus metric,
#: ``{step}``: the JP step).
TABLE_TITLES: dict[str, Pair] = {
    "linkage_effects": (
        "JP per pegawai dan indikator layanan (per +{step} JP)",
        "JP per staff and service metrics (per +{step} JP)",
    ),
    "linkage_dose_response": (
        "Dosis-respons menurut kuartil paparan",
        "Dose-response by exposure quartile",
    ),
    "linkage_sector_slopes": (
        "Kemiringan paparan per sektor: {metric}",
        "Exposure slope by sector: {metric}",
    ),
    "linkage_model_comparison": ("Perbandingan model: {metric}", "Model comparison: {metric}"),
    "linkage_ikm_transitions": (
        "Perpindahan kategori IKM antartriwulan (jumlah)",
        "IKM category movements quarter to quarter (counts)",
    ),
    "linkage_online_att": (
        "Layanan daring: rata-rata dampak setelah mulai",
        "Online start: average effect after the start",
    ),
    "linkage_event_times": ("Koefisien studi peristiwa", "Event-study coefficients"),
    "linkage_it_training": (
        "Tambahan perbaikan bila pegawai sudah dilatih TI / pelayanan publik sebelum mulai",
        "Extra improvement where staff had IT / public-service training before the start",
    ),
    "linkage_placebo": ("Plasebo: paparan masa depan", "Placebo: future exposure"),
    "linkage_leave_one_agency_out": ("Tanpa satu OPD", "Leave one agency out"),
    "linkage_alternative_exposures": ("Definisi paparan alternatif", "Alternative exposure definitions"),
}
#: Notes under the tables that have one.
TABLE_NOTES: dict[str, Pair] = {
    "linkage_effects": (
        "Efek tetap unit dan triwulan; galat baku dikelompokkan per unit; lag 0-2 triwulan.",
        "Unit and quarter fixed effects; SE clustered by unit; lags 0-2 quarters.",
    ),
    "linkage_model_comparison": (
        "Efek tetap unit, triwulan dan sel peluncuran; galat baku per unit; model campuran: "
        "intersep acak unit.",
        "Unit, quarter and launch-cell fixed effects; SE clustered by unit; mixed model: random "
        "unit intercepts.",
    ),
    "linkage_online_att": (
        "Sun & Abraham (adopsi bertahap) di samping TWFE; galat baku dikelompokkan per unit.",
        "Sun & Abraham (staggered adoption) next to TWFE; SE clustered by unit.",
    ),
}

#: Axis labels of the charts (``{step}``: the JP step).
AXIS_LABELS: dict[str, Pair] = {
    "event_time": ("Triwulan sejak layanan daring dimulai", "Quarters since online start"),
    "effect": ("Selisih terhadap triwulan sebelum mulai", "Difference from the quarter before the start"),
    "exposure_bin": (
        "JP per pegawai, empat triwulan terakhir (kelompok)",
        "JP per staff member, last four quarters (bin)",
    ),
    "vs_lowest": ("Selisih terhadap kelompok terendah", "Difference from the lowest bin"),
    "per_step": ("Perubahan per +{step} JP per pegawai", "Change per +{step} JP per staff member"),
    "share_units": ("Porsi unit", "Share of units"),
    "from": ("Kategori triwulan lalu", "Category last quarter"),
    "to": ("Kategori triwulan ini", "Category this quarter"),
    "quarter": ("Triwulan", "Quarter"),
}
