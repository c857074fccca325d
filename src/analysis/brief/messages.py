"""The brief's catalogue: every fixed text a reader sees, as ``(Bahasa Indonesia, English)`` pairs.

Section titles, ledes and notes (:data:`TEXTS`, read with :func:`text`), axis
labels and chart titles, table headers, the words of the traffic lights, the
labels of the headline numbers, groups and factors, and the fixed sentences of
the recommendations. Sentences that carry numbers are built in
:mod:`analysis.brief.narrative` and :mod:`analysis.brief.recommendations`;
words shared with other areas (the CI label, "not enough data", verdicts) are in
:mod:`analysis.text.words`.
"""

from __future__ import annotations

from analysis.text.lang import Lang, check_lang, pick

# --------------------------------------------------------------------------- section texts

#: Titles, ledes, notes and fixed sentences of the brief's sections, by key.
TEXTS: dict[str, tuple[str, str]] = {
    "cover_scope": ("Ringkasan OPD: ", "Agency summary: "),
    "cover_note": (
        "Disusun otomatis dari data kepegawaian, pelatihan, anggaran dan layanan; angka dapat diperiksa ulang dari lampiran teknis.",
        "Produced automatically from staff, training, budget and service data; every number can be traced in the technical annex.",
    ),
    "summary_title": ("Ringkasan eksekutif", "Executive summary"),
    "summary_caption": ("Angka utama dan target", "Key numbers and targets"),
    "lights_note": (
        "Lampu: hijau = target tercapai; kuning = selisih masih dalam batas toleransi; merah = di bawah target. "
        "Target ditetapkan kota dalam config/targets.yaml. IK 95% = interval kepercayaan 95%.",
        "Lights: green = target met; amber = within the tolerance band; red = off target. "
        "The city sets the targets in config/targets.yaml. 95% CI = 95% confidence interval.",
    ),
    "recs_title": ("Rekomendasi", "Recommendations"),
    "recs_lede": (
        "Rekomendasi berikut dihasilkan dari angka triwulan ini; setiap butir menyebut angka yang mendasarinya.",
        "These recommendations follow from this quarter's numbers; each names the number behind it.",
    ),
    "relevance_title": ("Relevansi dan bentuk pengembangan", "Relevance and formats"),
    "relevance_alt": ("Kenaikan nilai per bentuk", "Gain by format"),
    "providers_title": ("Kemitraan: hasil per rupiah", "Partnerships: results per rupiah"),
    "providers_alt": ("Hasil belajar per rupiah", "Learning per rupiah"),
    "service_title": ("Pengembangan kompetensi dan kualitas layanan", "Competency development and service quality"),
    "service_lede": (
        "Unit yang pegawainya mendapat lebih banyak JP dalam empat triwulan terakhir dibandingkan dengan dirinya sendiri pada "
        "triwulan lain dan dengan unit lain pada triwulan yang sama:",
        "Units whose staff received more JP over the last four quarters, compared with themselves in other quarters and "
        "with other units in the same quarter:",
    ),
    "service_alt": ("Hubungan JP dan layanan", "JP and service"),
    "service_caveat": (
        "Ini asosiasi, bukan bukti sebab-akibat: unit dapat berbeda dalam hal lain yang berubah bersamaan dengan pelatihan.",
        "This is an association, not proof of cause: units may differ in other ways that change along with training.",
    ),
    "service_none": ("Data belum cukup untuk model hubungan pelatihan dan layanan.", "Not enough data for the training-service model."),
    "budget_title": ("Anggaran dan kebutuhan dana 20 JP", "Budget and the funding gap to 20 JP"),
    "budget_alt": ("Anggaran", "Budget"),
    "participation_title": (
        "Partisipasi: siapa yang ikut dan siapa yang belum terjangkau",
        "Participation: who takes part and who is not reached",
    ),
    "participation_alt": ("Partisipasi per kelompok", "Participation by group"),
    "leadership_title": ("Peran pimpinan", "Leadership"),
    "leadership_alt": ("Kepemimpinan", "Leadership"),
    "not_enough": ("Data belum cukup.", "Not enough data."),
    "trend_title": ("Perkembangan dari triwulan ke triwulan", "Quarter by quarter"),
    "trend_lede": ("Tren delapan triwulan terakhir (pita: IK 95%).", "The last eight quarters (band: 95% CI)."),
    "trend_alt": ("Tren", "Trend"),
    "trend_note": (
        "Dibandingkan dengan triwulan yang sama tahun lalu karena pola musiman (anggaran dan jadwal diklat).",
        "Compared with the same quarter a year earlier because of the seasonal pattern (budget and training calendar).",
    ),
    "trend_table_title": ("Tren indikator cakupan", "Coverage trend"),
    "trend_table_note": ("Per triwulan; IK 95% Wilson.", "By quarter; Wilson 95% CI."),
    "method_title": ("Catatan metode", "Method note"),
    # executive summary
    "census_no_ci": ("angka sensus (tanpa IK)", "census figure (no CI)"),
    "off_target": ("Di bawah target: ", "Off target: "),
    "clearly_better": (
        "Membaik jelas dari triwulan lalu (IK 95% perubahan tidak mencakup nol): ",
        "Clearly better than last quarter (the change's 95% CI excludes zero): ",
    ),
    "clearly_worse": ("Memburuk jelas: ", "Clearly worse: "),
    "city_column": (
        "Kolom Kota menunjukkan nilai seluruh Kota Binjai sebagai pembanding.",
        "The City column shows the value for the whole of Kota Binjai for comparison.",
    ),
    "no_data_for": ("Tidak ada data triwulan ini untuk: ", "No data this quarter for: "),
    "not_enough_for": (
        "Data belum cukup (kurang dari batas minimum pengamatan) untuk: ",
        "Not enough data (below the minimum number of observations) for: ",
    ),
    "scope_agency": ("OPD ini", "this agency"),
    "scope_city": ("kota", "the city"),
    "evidence_basis": ("Dasar", "Basis"),
    # relevance and partnerships
    "unadjusted_note": (
        "Perbandingan ini belum disesuaikan dengan nilai awal dan profil peserta; lampiran teknis memuat model yang menyesuaikannya.",
        "These are unadjusted comparisons; the technical annex adjusts for the pre-test score and participants' profile.",
    ),
    "providers_not_enough": (
        "Data belum cukup untuk membandingkan mitra dengan pelatihan internal.",
        "Not enough data to compare partners with in-house training.",
    ),
    "providers_grey_bar": ("Batang abu-abu: pelatihan internal (pembanding).", "Grey bar: in-house training (the reference)."),
    "difference_clear": (
        "; perbedaannya jelas (selisih {interval}), berkaitan, bukan bukti sebab-akibat.",
        "; the difference is clear (difference {interval}), associated with, not proof of cause.",
    ),
    "difference_uncertain": (
        "; perbedaannya belum pasti (selisih {interval}).",
        "; the difference is uncertain (difference {interval}).",
    ),
    # service link, budget, participation, leadership, trend
    "not_different_from_zero": ("belum berbeda dari nol", "not different from zero"),
    "remaining_enough": (
        "Sisa pagu mencukupi bila dibelanjakan dengan biaya per JP empat triwulan terakhir.",
        "The remaining allocation is enough at the cost per JP over four quarters.",
    ),
    "no_group_difference": (
        "Tidak ada perbedaan partisipasi yang nyata antarkelompok (uji chi-kuadrat, koreksi Holm).",
        "No clear difference in participation between groups (chi-square tests, Holm-adjusted).",
    ),
    "leadership_caveat": (
        "Asosiasi, bukan bukti sebab-akibat: pegawai yang bersemangat bisa saja berkumpul di unit dengan pimpinan yang bersemangat.",
        "An association, not proof of cause: keen staff may gather in units with keen heads.",
    ),
    "odds_not_different": (", belum berbeda dari 1", ", not different from 1"),
    "trend_up": ("naik", "up"),
    "trend_down": ("turun", "down"),
    "trend_same": ("relatif tetap", "about the same"),
    "city": ("Kota", "City"),
}


def text(key: str, lang: Lang = "id") -> str:
    """A fixed text of the brief (a section title, a lede, a note) in ``lang``.

    Raises
    ------
    KeyError
        For an unknown ``key`` (the message lists the known ones).
    """
    lang = check_lang(lang)
    if key not in TEXTS:
        raise KeyError(f"unknown brief text {key!r}; known: {sorted(TEXTS)}")
    return pick(lang, TEXTS[key])


# --------------------------------------------------------------------------- headline numbers

#: The reader's label of each headline number (:data:`analysis.brief.metrics.METRICS`).
METRIC_LABELS: dict[str, tuple[str, str]] = {
    "jp20_compliance": ("ASN yang sudah memenuhi 20 JP tahun ini", "ASN who reached 20 JP this year"),
    "jp_on_track": ("ASN yang JP-nya sesuai jalur (≥ 5 JP per triwulan)", "ASN on track (≥ 5 JP per quarter)"),
    "participation_rate": (
        "ASN yang mengikuti pengembangan kompetensi triwulan ini",
        "ASN who took part in development this quarter",
    ),
    "completion_rate": ("Peserta yang menyelesaikan program", "Enrolments completed"),
    "learning_gain": ("Kenaikan nilai pre-test ke post-test (poin)", "Gain from pre-test to post-test (points)"),
    "budget_absorption": (
        "Serapan anggaran pengembangan kompetensi (s.d. triwulan ini)",
        "Development budget absorbed (year to date)",
    ),
    "ikm": ("Indeks Kepuasan Masyarakat (rata-rata unit, 25-100)", "Public satisfaction index (mean of units, 25-100)"),
    "processing_days": ("Rata-rata waktu penyelesaian layanan (hari)", "Mean service processing time (days)"),
}
#: The short label of each headline number (cards, sentences, the index page).
METRIC_SHORT_LABELS: dict[str, tuple[str, str]] = {
    "jp20_compliance": ("Capaian 20 JP", "20-JP compliance"),
    "jp_on_track": ("Sesuai jalur 20 JP", "On track to 20 JP"),
    "participation_rate": ("Partisipasi", "Participation"),
    "completion_rate": ("Tingkat kelulusan", "Completion"),
    "learning_gain": ("Peningkatan nilai", "Learning gain"),
    "budget_absorption": ("Serapan anggaran", "Budget absorption"),
    "ikm": ("IKM", "IKM"),
    "processing_days": ("Waktu layanan", "Processing time"),
}
#: Units written after a value or a change.
DAYS = ("hari", "days")
POINTS = ("poin", "points")
#: After a change of a share (``+2,1 poin persentase``).
PERCENTAGE_POINTS = ("poin persentase", "percentage points")
#: After the interval of a change of a share.
PERCENTAGE_POINTS_SHORT = ("poin persen", "percentage points")

#: The words of the traffic lights (statuses of :func:`analysis.brief.targets.traffic_light`).
LIGHT_WORDS: dict[str, tuple[str, str]] = {
    "green": ("Tercapai", "On target"),
    "amber": ("Perlu perhatian", "Needs attention"),
    "red": ("Di bawah target", "Off target"),
    "none": ("Tanpa target", "No target"),
    "no_data": ("Tidak ada data", "No data"),
    "insufficient": ("Data belum cukup", "Not enough data"),
}

#: Column headers of the headline table.
SUMMARY_COLUMNS: dict[str, tuple[str, str]] = {
    "label": ("Indikator", "Indicator"),
    "change": ("Perubahan", "Change"),
    "target": ("Target", "Target"),
    "status": ("Status", "Status"),
    "city": ("Kota", "City"),
}

# --------------------------------------------------------------------------- groups and factors

#: Dimensions of :func:`analysis.coverage.equity`, as named in a sentence.
DIMENSION_LABELS: dict[str, tuple[str, str]] = {
    "employment_type": ("jenis kepegawaian", "employment type"), "position_type": ("jenis jabatan", "position type"),
    "gender": ("jenis kelamin", "gender"),
}
#: The leadership factors of the participation panel and their (yes, no) labels.
LEADERSHIP_FACTORS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "head_participated_prev_quarter": (("Kepala unit ikut pelatihan", "Head trained"),
                                       ("Kepala unit tidak ikut", "Head did not train")),
    "unit_award_prev_4q": (("Unit memberi penghargaan", "Unit gave awards"), ("Tanpa penghargaan", "No awards")),
}
#: The coverage rates of the trend section.
TREND_LABELS: dict[str, tuple[str, str]] = {
    "share_on_track": ("Sesuai jalur 20 JP", "On track to 20 JP"),
    "participation_rate": ("Partisipasi", "Participation"),
    "completion_rate": ("Kelulusan", "Completion"),
}
#: The service metrics as short panel titles of the service chart.
SERVICE_SHORT_LABELS: dict[str, tuple[str, str]] = {
    "ikm": ("IKM", "IKM"),
    "processing_days": ("Waktu layanan\n(hari)", "Processing\n(days)"),
    "complaints_per_1000": ("Pengaduan\nper 1.000", "Complaints\nper 1,000"),
    "online_share": ("Layanan\ndaring (%)", "Online\nshare (%)"),
    "spm_attainment": ("Capaian\nSPM (%)", "SPM\nattainment (%)"),
}

# --------------------------------------------------------------------------- tables and charts

WORST_AGENCIES_COLUMNS: dict[str, tuple[str, str]] = {
    "name": ("OPD", "OPD"),
    "active_staff": ("ASN aktif", "Active ASN"),
    "not_reached": ("Belum terjangkau", "Not reached"),
    "share_not_reached": ("Porsi", "Share"),
}
WORST_AGENCIES_CAPTION = (
    "Lima OPD dengan porsi ASN belum terjangkau tertinggi (4 triwulan)",
    "Five agencies with the highest share not reached (4 quarters)",
)
#: The four bars of the budget chart.
BUDGET_BARS: dict[str, tuple[str, str]] = {
    "allocated": ("Pagu", "Allocation"),
    "spent": ("Belanja s.d. triwulan ini", "Spent to date"),
    "remaining": ("Sisa pagu", "Remaining"),
    "needed": ("Kebutuhan dana 20 JP", "Needed for 20 JP"),
}
BILLION = ("miliar", "billion")
MILLION = ("juta", "million")
#: Axis labels and chart titles.
AXES: dict[str, tuple[str, str]] = {
    "gains_x": ("Kenaikan nilai pre-test ke post-test (poin, IK 95%)", "Pre- to post-test gain (points, 95% CI)"),
    "gains_title": ("Peningkatan nilai menurut bentuk pengembangan", "Learning gain by format"),
    "providers_x": (
        "Poin kenaikan nilai per Rp 1 juta biaya per peserta (IK 95%)",
        "Gain points per IDR 1 million spent per participant (95% CI)",
    ),
    "providers_title": ("Hasil belajar per rupiah menurut penyelenggara", "Learning per rupiah by provider"),
    "service_title": (
        "Perubahan indikator per +5 JP per pegawai (IK 95%; penilaian di bawah setiap titik)",
        "Change per +5 JP per staff member (95% CI; the verdict under each point)",
    ),
    "participation_x": (
        "ASN yang berpartisipasi triwulan ini (%, IK 95%; garis putus: rata-rata)",
        "ASN taking part this quarter (%, 95% CI; dashed: overall)",
    ),
    "participation_title": ("Partisipasi menurut kelompok", "Participation by group"),
    "leadership_x": ("Peluang staf berpartisipasi per triwulan (%, IK 95%)", "Staff taking part per quarter (%, 95% CI)"),
    "leadership_title": (
        "Kepemimpinan dan partisipasi staf (4 triwulan)",
        "Leadership and staff participation (4 quarters)",
    ),
}

# --------------------------------------------------------------------------- recommendations

#: Fixed sentences of the recommendation rules (the action; the evidence carries the numbers).
RECOMMENDATIONS: dict[str, tuple[str, str]] = {
    "jp_behind": (
        "Percepat pemenuhan 20 JP: jadwalkan pelatihan bagi ASN yang belum mendapat JP tahun ini.",
        "Speed up the 20 JP: schedule training for ASN with no JP yet this year.",
    ),
    "funding_city_short": (
        "Ajukan tambahan anggaran atau alihkan ke format yang lebih murah: sisa pagu tidak cukup untuk 20 JP.",
        "Seek more budget or shift to cheaper formats: the remaining allocation does not cover 20 JP.",
    ),
    "funding_agencies_short": (
        "Alihkan sisa pagu antar-OPD: pagu kota cukup untuk 20 JP, tetapi sebagian OPD kekurangan dana.",
        "Move remaining allocation between agencies: the city's covers 20 JP, but some agencies fall short.",
    ),
    "completion_low": (
        "Kurangi peserta yang tidak hadir dan mengundurkan diri: konfirmasi kehadiran dan izin atasan sebelum program.",
        "Cut no-shows and drop-outs: confirm attendance and the supervisor's release before each programme.",
    ),
    "leaders_take_part": (
        "Libatkan kepala unit dalam pelatihan: staf di unit yang kepalanya ikut pelatihan lebih banyak berpartisipasi.",
        "Involve unit heads in training: staff of heads who take part participate more.",
    ),
    "absorption_low": (
        "Percepat pelaksanaan program yang sudah dianggarkan: serapan anggaran tertinggal dari rencana.",
        "Speed up the programmes already budgeted: absorption lags the plan.",
    ),
    "gain_low": (
        "Tinjau materi dan metode program dengan peningkatan nilai terendah.",
        "Review the content and method of the programmes with the lowest learning gain.",
    ),
    "on_track": (
        "Pertahankan arah: indikator utama mencapai target; fokus pada pemerataan antar-OPD.",
        "Stay the course: the key numbers meet their targets; focus on evenness across agencies.",
    ),
    "the_average": ("rata-rata", "the average"),
}

# --------------------------------------------------------------------------- method note

#: The fixed items of the method note (HTML): definitions, uncertainty, the service model, the lights.
METHOD_ITEMS: tuple[tuple[str, str], ...] = (
    (
        "<strong>Definisi.</strong> JP dihitung dari program yang selesai, pada triwulan tanggal selesainya; capaian 20 JP = porsi ASN aktif "
        "di akhir triwulan dengan ≥ 20 JP sejak awal tahun; sesuai jalur = ≥ 5 JP per triwulan berjalan; partisipasi = porsi ASN aktif yang "
        "mengikuti (selesai atau mundur) ≥ 1 program yang berakhir pada triwulan ini; kelulusan = selesai / (selesai + mundur + tidak hadir).",
        "<strong>Definitions.</strong> JP count from completed programmes, in the quarter they end; 20-JP compliance = share of ASN active at "
        "quarter end with ≥ 20 JP since January; on track = ≥ 5 JP per quarter elapsed; participation = share of active ASN who attended "
        "(completed or dropped) ≥ 1 programme ending in the quarter; completion = completed / (completed + dropped + no-show).",
    ),
    (
        "<strong>Ketidakpastian.</strong> IK 95% untuk porsi memakai metode Wilson; kenaikan nilai memakai uji t berpasangan; rata-rata layanan "
        "memakai interval t antar-unit; biaya per JP dan hasil per rupiah (selama empat triwulan) memakai metode delta yang dikelompokkan per program. Serapan anggaran adalah angka sensus (tanpa IK).",
        "<strong>Uncertainty.</strong> 95% CIs of shares are Wilson intervals; learning gains use a paired t test; service means a t interval "
        "across units; cost per JP and results per rupiah (over four quarters) the delta method clustered by programme. Budget absorption is a census figure (no CI).",
    ),
    (
        "<strong>Hubungan pelatihan dan layanan</strong> diperkirakan dengan regresi panel unit × triwulan dengan efek tetap unit dan triwulan, "
        "galat baku dikelompokkan per unit. Hasilnya asosiasi, bukan bukti sebab-akibat.",
        "<strong>Training and service</strong> are linked by a unit × quarter panel regression with unit and quarter fixed effects and "
        "standard errors clustered by unit. The result is an association, not proof of cause.",
    ),
    (
        "<strong>Lampu lalu lintas</strong> membandingkan nilai dengan target kota (config/targets.yaml); lampiran teknis (HTML per analisis, "
        "tables.xlsx, results.json) memuat semua angka, interval dan jumlah pengamatan.",
        "<strong>Traffic lights</strong> compare each value with the city's target (config/targets.yaml); the technical annex (one HTML per "
        "analysis, tables.xlsx, results.json) holds every number with its interval and count.",
    ),
)
