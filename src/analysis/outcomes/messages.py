"""The training-outcomes catalogue: every text a reader sees on the page, its tables and
charts, as ``(Bahasa Indonesia, English)`` pairs.

Pick one side with :func:`analysis.text.pick`; fields in braces are filled with
``str.format`` by the builders in :mod:`analysis.outcomes.narrative`,
:mod:`analysis.outcomes.page` and :mod:`analysis.outcomes.plots`. Words shared with
other areas (the CI label, "not enough data", verdict words) live in
:mod:`analysis.text.words`.
"""

from __future__ import annotations

Pair = tuple[str, str]

# --------------------------------------------------------------------------- shared words

#: The unit of a learning gain.
POINTS: Pair = ("poin", "points")
#: The reference group of each adjusted comparison, in a sentence.
REFERENCE_WORDS: dict[str, Pair] = {
    "modality": ("klasikal", "classroom"),
    "provider_type": ("internal", "in-house"),
}
#: What the levels of each factor are called, in a sentence.
FACTOR_WORDS: dict[str, Pair] = {
    "modality": ("bentuk", "formats"),
    "provider_type": ("penyelenggara", "providers"),
}
#: The trend metrics shown to readers, in the order of the chart's panels.
TREND_METRIC_NAMES: dict[str, Pair] = {
    "mean_gain": ("Peningkatan nilai (poin)", "Learning gain (points)"),
    "share_improved": ("Porsi yang membaik", "Share improved"),
    "satisfaction": ("Kepuasan (1–5)", "Satisfaction (1-5)"),
    "behaviour": ("Penerapan menurut atasan (1–5)", "On-the-job use (1-5)"),
}

# --------------------------------------------------------------------------- sentences

SCOPE: Pair = (
    "**Cakupan:** {scope}; kegiatan yang berakhir {window} (empat triwulan, agar setiap program punya cukup "
    "peserta). Rentang (IK 95%) menunjukkan ketidakpastian; kelompok dengan kurang dari {min_n} peserta ditandai "
    "*data belum cukup*. Selisih disebut selisih hanya bila rentangnya tidak mencakup nol.",
    "**Scope:** {scope}; activities ending {window} (four quarters, so each programme has enough participants). "
    "Ranges (95% CI) show the uncertainty; groups of fewer than {min_n} participants are marked *not enough data*. "
    "A difference is called a difference only when its range excludes zero.",
)
MODEL_NOT_ESTIMATED: Pair = (
    "Model penyesuaian tidak dapat diestimasi: {error}",
    "The adjusted model could not be estimated: {error}",
)

SATISFACTION_OVERALL: Pair = (
    "Rata-rata kepuasan peserta **{mean}** dari 5 (n = {n}); {share} memberi nilai 4 atau lebih.",
    "Mean participant satisfaction **{mean}** out of 5 (n = {n}); {share} gave 4 or more.",
)
SATISFACTION_TOO_FEW: Pair = (
    "Data belum cukup untuk membandingkan bentuk pelatihan.",
    "Not enough data to compare formats.",
)
SATISFACTION_CLEARLY_DIFFERS: Pair = (
    "Dibanding klasikal, kepuasan jelas berbeda untuk: {items} poin (uji Welch, IK 95% tidak mencakup nol).",
    "Compared with classroom training, satisfaction clearly differs for: {items} points (Welch, 95% CI excludes zero).",
)
SATISFACTION_NONE_DIFFERS: Pair = (
    "Tidak ada bentuk pelatihan yang kepuasannya jelas berbeda dari klasikal.",
    "No format differs clearly from classroom training in satisfaction.",
)

LEARNING_OVERALL: Pair = (
    "Peserta yang menyelesaikan pelatihan dengan nilai pre- dan post-test (n = {n}) naik rata-rata **{gain}**; "
    "{share} membaik, dan rata-rata *normalised gain* {normalised} (porsi ruang perbaikan yang tercapai).",
    "Participants who completed with pre- and post-test scores (n = {n}) gained on average **{gain}**; "
    "{share} improved, and the mean normalised gain was {normalised} (share of the room for improvement achieved).",
)
LEARNING_TOO_FEW: Pair = (
    "Data belum cukup untuk membandingkan bentuk dan penyelenggara.",
    "Not enough data to compare formats and providers.",
)

ADJUSTED_INTRO: Pair = (
    "**Setelah disesuaikan** untuk nilai awal dan karakteristik pegawai (ANCOVA):",
    "**After adjusting** for the pre-score and employee characteristics (ANCOVA):",
)
ADJUSTED_HIGHER: Pair = (
    "- {what} dengan peningkatan **lebih tinggi** dari {reference}: ",
    "- {what} with **higher** gains than {reference}: ",
)
ADJUSTED_LOWER: Pair = (
    "- {what} dengan peningkatan **lebih rendah** dari {reference}: ",
    "- {what} with **lower** gains than {reference}: ",
)
ADJUSTED_UNCLEAR: Pair = (
    "- Belum jelas berbeda dari {reference} (atau data belum cukup): ",
    "- Not clearly different from {reference} (or not enough data): ",
)
ADJUSTED_CAVEAT: Pair = (
    "Ini perbandingan setelah penyesuaian, bukan bukti sebab-akibat: peserta tidak ditempatkan secara acak.",
    "These are adjusted comparisons, not proof of cause: participants were not assigned at random.",
)

FUNNEL_TOO_FEW: Pair = (
    "Data belum cukup untuk plot corong (kurang dari tiga program dengan nilai).",
    "Not enough data for a funnel plot (fewer than three scored programmes).",
)
FUNNEL_ADJUSTED_TOO_FEW: Pair = (
    ". Perbandingan setelah penyesuaian: data belum cukup (model format, jenis penyelenggara dan nilai "
    "awal tidak dapat diestimasi dengan data ini).",
    ". Adjusted comparison: not enough data (the model of format, provider type and pre-score cannot be "
    "estimated on these data).",
)
FUNNEL_RAW: Pair = (
    "{programmes} program dengan nilai pre/post; rata-rata keseluruhan {mean} poin. "
    "Dengan nilai mentah, {outside} program di luar batas 99,8%",
    "{programmes} programmes with pre/post scores; overall mean {mean} points. "
    "On raw gains, {outside} programmes lie outside the 99.8% limits",
)
FUNNEL_ADJUSTED: Pair = (
    "; setelah memperhitungkan bentuk, penyelenggara dan nilai awal, tinggal {outside}.",
    "; after accounting for format, provider and pre-score, {outside} remain.",
)
FUNNEL_BETTER: Pair = ("Lebih baik dari program sejenis", "Better than programmes of their kind")
FUNNEL_WORSE: Pair = ("Lebih buruk dari program sejenis", "Worse than programmes of their kind")
AND_OTHERS: Pair = (" dan lainnya.", " and others.")
FUNNEL_EXPLAINED: Pair = (
    "Perbedaan antarprogram dijelaskan oleh bentuk dan penyelenggaranya.",
    "The differences between programmes are explained by their format and provider.",
)

BEHAVIOUR_TOO_FEW: Pair = ("Penilaian atasan (level 3): {not_enough}.", "Supervisors' ratings (level 3): {not_enough}.")
BEHAVIOUR_OVERALL: Pair = (
    "Atasan menilai penerapan hasil pelatihan rata-rata **{mean}** dari 5 (n = {n}), tiga bulan setelah pelatihan.",
    "Supervisors rated on-the-job use at **{mean}** out of 5 on average (n = {n}), three months after the programme.",
)
#: How participants who gained more were rated, by the direction of the slope's CI.
BEHAVIOUR_LINK_WORDS: dict[str, Pair] = {
    "higher": ("juga dinilai lebih baik oleh atasan", "were also rated higher by their supervisors"),
    "lower": ("justru dinilai lebih rendah", "were rated lower"),
    "no_clear_difference": ("tidak jelas dinilai berbeda", "were not clearly rated differently"),
}
BEHAVIOUR_LINK: Pair = (
    "Peserta yang nilainya naik lebih banyak {how}: korelasi {correlation}; setiap 10 poin peningkatan berkaitan "
    "dengan {slope} poin penilaian atasan ({interval}), dengan nilai awal dipertahankan sama. Ini asosiasi, bukan "
    "bukti sebab-akibat.",
    "Participants who gained more {how}: correlation {correlation}; each 10 points of gain goes with "
    "{slope} rating points ({interval}), holding the pre-score fixed. An association, not proof of cause.",
)

RELEVANCE_SHARES: Pair = (
    "Dari {jp} JP yang diakui, **{own}** berasal dari program yang menyasar sektor pegawai, {general} dari program "
    "umum (tanpa sektor sasaran), dan {other} dari program untuk sektor lain.",
    "Of {jp} credited JP, **{own}** came from programmes aimed at the employee's sector, {general} from general "
    "programmes (no target sector) and {other} from programmes for another sector.",
)
RELEVANCE_TO_GAP: Pair = (
    "Untuk JP yang pegawainya sudah diasesmen pada jenis kompetensi itu ({assessed} dari JP), "
    "**{gap}** diarahkan ke kompetensi yang masih di bawah standar jabatan.",
    "Of the JP whose employee had been assessed in that domain ({assessed} of JP), "
    "**{gap}** went to a competency still below the job's standard.",
)
RELEVANCE_GAP_TOO_FEW: Pair = (
    "Pelatihan sesuai kesenjangan: data asesmen belum cukup.",
    "Training to the gap: not enough assessment data.",
)
RELEVANCE_CLEARLY_BELOW: Pair = ("Jelas lebih rendah dari keseluruhan: ", "Clearly below the overall share: ")

PARTNERSHIP_BEST: Pair = (
    "Per rupiah, **{who}** memberi peningkatan nilai terbanyak: {value} poin per Rp 1 juta",
    "Per rupiah, **{who}** gave the most learning: {value} points per IDR 1 million",
)
PARTNERSHIP_CLEARLY_BEST: Pair = (" — jelas di atas semua jenis lain.", " — clearly above every other type.")
PARTNERSHIP_OVERLAPS: Pair = (" — namun belum jelas di atas semua jenis lain.", " — but not clearly above every other type.")
PARTNERSHIP_LINE: Pair = (
    "- {name}: selesai {completion}, kepuasan {satisfaction}, peningkatan {gain} poin ({per_jp} per JP), "
    "biaya {cost} per JP.",
    "- {name}: completion {completion}, satisfaction {satisfaction}, gain {gain} points ({per_jp} per JP), "
    "cost {cost} per JP.",
)
NOT_ENOUGH_DATA_FOR: Pair = ("Data belum cukup: ", "Not enough data: ")
PARTNERSHIP_TOO_FEW: Pair = ("Data belum cukup untuk kemitraan.", "Not enough data on partnerships.")

PARTNER_PROGRAMME_NONE: Pair = (
    "Tidak ada program perguruan tinggi untuk sektor {sector} dengan minimal {min_enrollments} pendaftaran "
    "pada periode ini.",
    "No university programme for the {sector} sector with at least {min_enrollments} enrollments in this window.",
)
PARTNER_PROGRAMME_GAIN: Pair = ("peningkatan {value} poin (n = {n})", "gain {value} points (n = {n})")
NO_PRE_POST_SCORES: Pair = ("tanpa nilai pre/post", "no pre/post scores")
PARTNER_PROGRAMME_LINE: Pair = (
    "pendaftaran, selesai {completion}, {gain}, {cost} per JP",
    "enrollments, completion {completion}, {gain}, {cost} per JP",
)
SCHOOL_BASED_MANAGEMENT_NOTE: Pair = (
    " — program manajemen berbasis sekolah Dinas Pendidikan.",
    " — the education office's school-based management programme.",
)
NOT_CLEARLY_DIFFERENT: Pair = ("tidak jelas berbeda", "not clearly different")
PARTNER_VERSUS_INTERNAL: Pair = (
    "Dibanding program internal untuk sektor {sector}, peningkatan nilai program perguruan tinggi "
    "**{verdict}**: selisih {difference} (belum disesuaikan).",
    "Compared with in-house programmes for {sector}, the university programmes' gain is **{verdict}**: "
    "difference {difference} (unadjusted).",
)
PARTNER_PROGRAMMES_HEADING: Pair = (
    "**Program kemitraan perguruan tinggi untuk sektor {sector}**",
    "**University partnership programmes for the {sector} sector**",
)
SCHOOL_BASED_MANAGEMENT_EXAMPLE: Pair = (" (mis. manajemen berbasis sekolah):", " (e.g. school-based management):")

COST_TOO_FEW: Pair = ("Data belum cukup untuk efektivitas biaya.", "Not enough data for cost-effectiveness.")
COST_OVERALL: Pair = (
    "Secara keseluruhan satu JP berbiaya **{per_jp}**, dan satu poin peningkatan nilai **{per_point}** per peserta.",
    "Overall one JP cost **{per_jp}**, and one point of learning gain **{per_point}** per participant.",
)
COST_CHEAPEST_DEAREST: Pair = (
    "Per poin peningkatan, {cheap} paling murah ({cheap_cost}) dan {dear} paling mahal ({dear_cost})",
    "Per point of gain, {cheap} was cheapest ({cheap_cost}) and {dear} dearest ({dear_cost})",
)
COST_CLEAR_GAP: Pair = (
    " — selisihnya jelas (interval selisihnya di bawah nol).",
    " — a clear difference (the interval of the difference lies below zero).",
)
COST_RANGES_OVERLAP: Pair = (" — namun selisihnya belum jelas.", " — but the difference is not clear.")
COST_NO_SCORES: Pair = (
    "Tanpa nilai pre/post (biaya per poin tidak dapat dihitung): ",
    "No pre/post scores (no cost per point): ",
)

# --------------------------------------------------------------------------- the page

#: The page's title (also read by the report for the page header; keep it in the notebook's first heading).
PAGE_TITLE: Pair = ("Hasil pelatihan (Kirkpatrick 1–3)", "Training outcomes (Kirkpatrick 1–3)")
#: The whole city, as the scope of the page.
SCOPE_ALL_AGENCIES: Pair = ("semua OPD dalam data", "all agencies in the data")
#: What the relevance table and chart are broken down by: agencies for the city, units for one agency.
LEVEL_WORDS: dict[str, Pair] = {"agency_id": ("OPD", "agencies"), "unit_id": ("unit", "units")}

#: The question the page answers, under its title.
PAGE_INTRO: Pair = (
    "Apakah peserta puas (level 1), belajar (level 2) dan menerapkannya di tempat kerja (level 3); apakah "
    "pelatihan relevan dengan sektor dan kesenjangan kompetensi; bentuk dan mitra mana yang paling efektif per "
    "JP dan per rupiah.",
    "Did participants like it (level 1), learn (level 2) and use it at work (level 3); is training relevant to "
    "the sector and to competency gaps; which formats and partners give most learning per JP and per rupiah.",
)
#: Section headings of the page: key -> (heading level, number, title).
SECTIONS: dict[str, tuple[int, str, Pair]] = {
    "reaction": (2, "1. Level 1 — ", ("Kepuasan peserta", "Reaction")),
    "learning": (2, "2. Level 2 — ", ("Peningkatan pengetahuan", "Learning")),
    "funnel": (3, "", ("Plot corong program", "Programme funnel plot")),
    "behaviour": (2, "3. Level 3 — ", ("Penerapan di tempat kerja", "Behaviour")),
    "relevance": (2, "4. ", ("Relevansi", "Relevance")),
    "partnerships": (2, "5. ", ("Kemitraan", "Partnerships")),
    "costs": (2, "6. ", ("Efektivitas biaya", "Cost-effectiveness")),
    "trend": (2, "7. ", ("Tren delapan triwulan", "Eight-quarter trend")),
    "method_notes": (3, "", ("Catatan metode", "Method notes")),
}
#: The paragraph under a section heading, where there is one.
SECTION_LEDES: dict[str, Pair] = {
    "funnel": (
        "Setiap titik satu program: rata-rata peningkatan nilai terhadap jumlah peserta. Program kecil wajar "
        "menyebar lebar; hanya yang di luar batas 99,8% patut ditelaah.",
        "Each point is a programme: its mean gain against its number of participants. Small programmes scatter "
        "widely by chance; only those outside the 99.8% limits deserve a closer look.",
    ),
    "relevance": (
        "Porsi JP dari program yang menyasar sektor pegawai, dan porsi JP pada jenis kompetensi di mana asesmen "
        'terakhir pegawai menunjukkan kesenjangan ("pelatihan sesuai kesenjangan").',
        "Share of JP from programmes aimed at the employee's sector, and share in a competency domain where the "
        'employee\'s latest assessment shows a gap ("training to the gap").',
    ),
    "partnerships": (
        "Internal vs perguruan tinggi vs organisasi profesi vs lembaga pemerintah vs swasta.",
        "In-house vs university vs professional organisation vs government institute vs private.",
    ),
    "costs": (
        "Biaya per JP dan biaya per poin peningkatan nilai; rasio jumlah dengan rentang metode delta.",
        "Cost per JP and cost per point of learning gain; ratios of sums with delta-method intervals.",
    ),
}
#: The method notes at the end of the page, one bullet each.
METHOD_NOTES: tuple[Pair, ...] = (
    ("**Peningkatan nilai** = post-test − pre-test, kegiatan selesai dengan kedua nilai; *normalised gain* = "
     "(post − pre) / (maks − pre) bila pre < maks (Hake 1998).",
     "Learning gain = post − pre for completed enrollments with both scores; normalised gain = (post − pre) / "
     "(max − pre) where pre < max."),
    ("**ANCOVA**: peningkatan ~ bentuk + penyelenggara + nilai pre-test + PNS/PPPK, jenis kelamin, usia, jabatan, "
     "pendidikan; galat baku HC1 (pengelompokan per program tidak dipakai karena beberapa bentuk hanya punya "
     "sedikit program).",
     "gain ~ format + provider + pre-score + employee characteristics; HC1 standard errors (programme clusters "
     "are too few for some formats)."),
    ("**Plot corong**: batas rata-rata kota ± z·σ/√n, σ = simpangan baku peningkatan di dalam program "
     "(Spiegelhalter 2005).",
     "Funnel limits: city mean ± z·σ/√n, σ the within-programme SD of gains."),
    ("**Relevansi**: porsi JP yang diakui; kesenjangan menurut asesmen terakhir s.d. akhir triwulan kegiatan "
     "(level dipersyaratkan > level hasil).",
     "Relevance: shares of credited JP; a gap per the latest assessment up to the activity's quarter end."),
    ("**Biaya**: biaya pendaftaran bila ada, selain itu biaya program bila hadir, selain itu 0; rasio jumlah "
     "dengan rentang metode delta (linearisasi).",
     "Cost: own cost, else the programme's when attended, else 0; ratios of sums with delta-method "
     "(linearisation) intervals."),
)

#: Title and note of each table in tables.xlsx, by table name.
TABLES: dict[str, tuple[Pair, Pair]] = {
    "outcomes_satisfaction": (
        ("Kepuasan peserta (1–5) per bentuk dan penyelenggara", "Participant satisfaction (1-5) by format and provider"),
        ("Kegiatan yang dihadiri, berakhir {window}; IK 95% t.", "Attended activities ending {window}; t 95% CI."),
    ),
    "outcomes_learning": (
        ("Peningkatan nilai pre/post per bentuk dan penyelenggara", "Pre/post learning gain by format and provider"),
        ("Selisih berpasangan (uji t berpasangan); belum disesuaikan.", "Paired change (paired t); unadjusted."),
    ),
    "outcomes_by_programme": (
        ("Kepuasan dan peningkatan nilai per program", "Satisfaction and learning gain by programme"),
        ("Kegiatan yang berakhir {window}; IK 95%; n < {min_n}: data belum cukup.",
         "Activities ending {window}; 95% CIs; n < {min_n}: not enough data."),
    ),
    "outcomes_adjusted_gain": (
        ("Selisih peningkatan nilai yang disesuaikan (ANCOVA)", "Adjusted differences in learning gain (ANCOVA)"),
        ("Dibanding klasikal / internal; disesuaikan untuk nilai pre-test, PNS/PPPK, jenis kelamin, usia, jabatan, "
         "pendidikan; galat baku HC1.",
         "Against classroom / in-house; adjusted for pre-score, PNS/PPPK, gender, age, position, education; HC1 SEs."),
    ),
    "outcomes_funnel": (
        ("Plot corong: peningkatan nilai per program", "Funnel plot: learning gain by programme"),
        ("Batas kendali 95% dan 99,8% di sekitar rata-rata kota (Spiegelhalter 2005); 'adjusted': dikurangi "
         "prediksi bentuk, penyelenggara dan nilai awal.",
         "95% and 99.8% control limits around the city mean (Spiegelhalter 2005); 'adjusted': net of what format, "
         "provider and pre-score predict."),
    ),
    "outcomes_behaviour": (
        ("Penilaian atasan atas penerapan (1–5) per bentuk", "Supervisors' on-the-job ratings (1-5) by format"),
        ("Tiga bulan setelah pelatihan; kegiatan yang selesai.",
         "Three months after the programme; completed enrollments."),
    ),
    "outcomes_relevance": (
        ("Relevansi pelatihan per {level}", "Relevance of training by {level}"),
        ("Porsi JP yang diakui. Kesenjangan: asesmen terakhir s.d. akhir triwulan kegiatan, level dipersyaratkan > "
         "level hasil.",
         "Shares of credited JP. Gap: the latest assessment up to the activity's quarter end, required level > "
         "assessed level."),
    ),
    "outcomes_partnerships": (
        ("Kemitraan: hasil per jenis penyelenggara", "Partnerships: results by provider type"),
        ("Rasio jumlah dengan IK metode delta; belum disesuaikan (lihat ANCOVA untuk perbandingan setara).",
         "Ratios of sums with delta-method CIs; unadjusted (see the ANCOVA for like-with-like)."),
    ),
    "outcomes_partner_programmes": (
        ("Program perguruan tinggi untuk sektor {sector} vs program internal",
         "University programmes for {sector} vs in-house ones"),
        ("Selisih: uji Welch antara semua peserta bernilai dari kedua kelompok.",
         "Difference: Welch test between all scored participants of the two groups."),
    ),
    "outcomes_cost_effectiveness": (
        ("Efektivitas biaya per bentuk dan penyelenggara", "Cost-effectiveness by format and provider"),
        ("Biaya per JP: semua biaya / JP yang diakui. Biaya per poin: biaya / peningkatan nilai, peserta bernilai. "
         "IK: metode delta.",
         "Cost per JP: all cost / credited JP. Cost per point: cost / gain over scored completions. CI: delta method."),
    ),
    "outcomes_trend": (
        ("Tren hasil pelatihan, delapan triwulan", "Training outcomes, eight quarters"),
        ("Per triwulan tanggal selesai; IK 95%.", "By quarter of end date; 95% CIs."),
    ),
}

# --------------------------------------------------------------------------- charts

ADJUSTED_PANELS: dict[str, Pair] = {
    "modality": ("Bentuk vs klasikal", "Format vs classroom"),
    "provider_type": ("Penyelenggara vs internal", "Provider vs in-house"),
}
ADJUSTED_AXIS: Pair = ("selisih peningkatan nilai (poin)", "difference in gain (points)")
ADJUSTED_TITLE: Pair = (
    "Peningkatan nilai yang disesuaikan (ANCOVA, IK 95%), {window}",
    "Adjusted learning gain (ANCOVA, 95% CI), {window}",
)

FUNNEL_RAW_PANEL: Pair = ("Peningkatan nilai mentah", "Raw gain")
FUNNEL_ADJUSTED_PANEL: Pair = ("Disesuaikan bentuk, penyelenggara, nilai awal", "Adjusted for format, provider, pre-score")
FUNNEL_LIMIT_95: Pair = ("batas 95%", "95% limit")
FUNNEL_LIMIT_998: Pair = ("batas 99,8%", "99.8% limit")
FUNNEL_PROGRAMME: Pair = ("program", "programme")
FUNNEL_OUTSIDE: Pair = ("di luar 99,8%", "outside 99.8%")
FUNNEL_X_AXIS: Pair = ("peserta dengan nilai pre/post", "participants with pre/post scores")
FUNNEL_Y_AXIS: Pair = ("rata-rata peningkatan (poin)", "mean gain (points)")
FUNNEL_TITLE: Pair = ("Peningkatan nilai per program, {window}", "Learning gain by programme, {window}")

LEVEL_PANELS: tuple[Pair, Pair, Pair] = (
    ("L1 Kepuasan (1–5)", "L1 Satisfaction (1-5)"),
    ("L2 Peningkatan nilai (poin)", "L2 Learning gain (points)"),
    ("L3 Penerapan (1–5)", "L3 On-the-job use (1-5)"),
)
LEVELS_TITLE: Pair = (
    "Kirkpatrick level 1–3 per bentuk pelatihan, {window} (IK 95%)",
    "Kirkpatrick levels 1-3 by format, {window} (95% CI)",
)

#: Legend of the relevance chart's stacked bars, by column.
SECTOR_AIM_LEGEND: dict[str, Pair] = {
    "share_jp_target_sector": ("sektor sendiri", "own sector"),
    "share_jp_general": ("umum", "general"),
    "share_jp_other_sector": ("sektor lain", "other sector"),
}
SECTOR_AIM_PANEL: Pair = ("Sasaran sektor (porsi JP)", "Sector aim (share of JP)")
TO_THE_GAP_PANEL: Pair = ("Sesuai kesenjangan (IK 95%)", "To the gap (95% CI)")
RELEVANCE_TITLE: Pair = ("Relevansi pelatihan per {level}, {window}", "Relevance of training by {level}, {window}")

COMPLETION_PANEL: Pair = ("Tingkat penyelesaian", "Completion rate")
GAIN_PER_JP_PANEL: Pair = ("Peningkatan per JP (poin)", "Gain per JP (points)")
GAIN_PER_MILLION_PANEL: Pair = ("Peningkatan per Rp 1 juta (poin)", "Gain per IDR 1 million (points)")
PARTNERSHIPS_TITLE: Pair = (
    "Kemitraan per jenis penyelenggara, {window} (IK 95%)",
    "Partnerships by provider type, {window} (95% CI)",
)

COST_PER_JP_PANEL: Pair = ("Biaya per JP (Rp ribu)", "Cost per JP (IDR thousand)")
COST_PER_POINT_PANEL: Pair = ("Biaya per poin peningkatan (Rp ribu)", "Cost per point of gain (IDR thousand)")
COST_TITLE: Pair = (
    "Efektivitas biaya per bentuk pelatihan, {window} (IK 95%, metode delta)",
    "Cost-effectiveness by format, {window} (95% CI, delta method)",
)

TREND_TITLE: Pair = ("Tren per triwulan (pita: IK 95%)", "Quarterly trend (band: 95% CI)")

#: The relevance chart, as named where it cannot be drawn (analysis.notebook's "data belum cukup" line).
RELEVANCE_CHART: Pair = ("Grafik relevansi pelatihan per unit", "Chart of training relevance by unit")
