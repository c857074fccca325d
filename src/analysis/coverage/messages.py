"""Every text of the coverage and participation area, as ``(Bahasa Indonesia, English)`` pairs.

Reader's names of codes (staff groups, model terms, models, trend rates), table titles
and notes, chart titles and axis labels, and the sentences of
:mod:`analysis.coverage.narrative` with ``{placeholders}`` that
:func:`analysis.text.phrases.message` fills. The lookups at the end (:func:`group_label`,
:func:`term_label`, :func:`level_word`, :func:`table_text`) pick one side by language.
"""

from __future__ import annotations

from analysis.text import fmt
from analysis.text.lang import Lang, pick
from analysis.text.phrases import message, pick_all

Pair = tuple[str, str]

# --------------------------------------------------------------------------------------------
# reader's names of codes
# --------------------------------------------------------------------------------------------

#: Reader's names of staff-group, position and modality codes: code -> (Bahasa Indonesia, English).
GROUP_LABELS: dict[str, Pair] = {
    "F": ("Perempuan", "Women"), "M": ("Laki-laki", "Men"), "pns": ("PNS", "PNS"), "pppk": ("PPPK", "PPPK"),
    "executive": ("Pimpinan tinggi", "Executive"), "administrator": ("Administrator", "Administrator"),
    "supervisor": ("Pengawas", "Supervisor"), "functional": ("Fungsional", "Functional"),
    "staff": ("Pelaksana", "Staff"), "I": ("Gol. I", "Grade I"), "II": ("Gol. II", "Grade II"),
    "III": ("Gol. III", "Grade III"), "IV": ("Gol. IV", "Grade IV"), "pppk_I-VIII": ("PPPK I–VIII", "PPPK I–VIII"),
    "pppk_IX-XVII": ("PPPK IX–XVII", "PPPK IX–XVII"), "unknown": ("tidak diketahui", "unknown"),
    "up_to_sma": ("≤ SMA", "Up to senior high"), "diploma": ("Diploma (D1–D4)", "Diploma (D1–D4)"),
    "s1": ("S1", "S1"), "postgraduate": ("S2/S3", "S2/S3"),
}  # fmt: skip

#: Reader's names of :func:`analysis.coverage.predictors.participation_predictors` terms.
TERM_LABELS: dict[str, Pair] = {
    "head_participated_prev_quarter": ("Kepala unit ikut pelatihan triwulan lalu", "Unit head trained last quarter"),
    "award_prev_4q": ("Menerima penghargaan kinerja (4 triwulan)", "Received a performance award (4 quarters)"),
    "unit_award_prev_4q": ("Rekan satu unit menerima penghargaan", "A colleague in the unit was awarded"),
    "pppk": ("PPPK (vs PNS)", "PPPK (vs PNS)"),
    "female": ("Perempuan", "Women"),
    "age_50_plus": ("Usia 50+", "Age 50+"),
    "degree_s1_plus": ("Pendidikan D4/S1 ke atas", "Degree (D4/S1) or higher"),
    "learning_motivation": ("Motivasi belajar (per poin survei)", "Learning motivation (per survey point)"),
    "jp_per_10": ("JP program (per 10)", "Programme JP (per 10)"),
}
#: Prefixes of indicator terms ``<column>__<level>``: column -> (Bahasa Indonesia, English).
TERM_PREFIXES: dict[str, Pair] = {
    "modality": ("Bentuk", "Format"),
    "position_type": ("Jabatan", "Position"),
    "sector": ("Sektor", "Sector"),
}

#: The three main models of :func:`analysis.coverage.predictors.participation_predictors`.
MODEL_LABELS: dict[str, Pair] = {
    "participation": ("Ikut serta", "Takes part"),
    "no_show": ("Tidak hadir", "No-show"),
    "dropout": ("Berhenti", "Drops out"),
}

#: Rates of the eight-quarter trend shown and described: metric -> (Bahasa Indonesia, English).
TREND_LABELS: dict[str, Pair] = {
    "share_meeting_20jp": ("Sudah 20 JP (kumulatif tahun)", "Reached 20 JP (year to date)"),
    "share_on_track": ("Di jalur 20 JP", "On track for 20 JP"),
    "participation_rate": ("Partisipasi ASN", "Staff participation"),
    "completion_rate": ("Tingkat penyelesaian", "Completion rate"),
    "no_show_rate": ("Tidak hadir", "No-show rate"),
    "dropout_rate": ("Berhenti", "Drop-out rate"),
    "share_not_reached": ("Belum terjangkau (4 triwulan)", "Not reached (4 quarters)"),
}

#: What the groups of a ``by`` column are called, plural (``OPD`` / ``agencies``).
LEVEL_PLURAL: dict[str, Pair] = {"agency_id": ("OPD", "agencies"), "unit_id": ("unit", "units")}
#: ... and singular (``OPD`` / ``agency``).
LEVEL_SINGULAR: dict[str, Pair] = {"agency_id": ("OPD", "agency"), "unit_id": ("unit", "unit")}

# --------------------------------------------------------------------------------------------
# tables of notebook 20: name -> (title, note); titles take {level} and {period}
# --------------------------------------------------------------------------------------------

TABLES: dict[str, tuple[Pair, Pair]] = {
    "coverage_jp_compliance": (
        ("Pemenuhan 20 JP per {level}, {period}", "20-JP compliance by {level}, {period}"),
        ("JP yang diakui tahun berjalan s.d. akhir triwulan; ASN aktif pada akhir triwulan; IK 95% Wilson.",
         "Credited JP year to date; staff active at quarter end; Wilson 95% CIs."),
    ),
    "coverage_participation": (
        ("Partisipasi dan penyelesaian per {level}, {period}", "Participation and completion by {level}, {period}"),
        ("Penyebut tingkat penyelesaian: selesai + berhenti + tidak hadir (yang masih terdaftar tidak dihitung).",
         "Completion denominator: completed + dropped + no-show (registered enrollments are pending and left out)."),
    ),
    "coverage_equity": (
        ("Kesetaraan partisipasi dan 20 JP, {period}", "Equity of participation and 20 JP, {period}"),
        ("p: uji khi-kuadrat kesamaan antarkelompok, dikoreksi Holm atas 12 uji; hanya kelompok yang "
         "diketahui dengan sedikitnya 30 ASN yang diuji.",
         "p: chi-square test of equal shares across groups, Holm-adjusted over 12 tests; only known "
         "groups of at least 30 ASN are tested."),
    ),
    "coverage_not_reached": (
        ("ASN tanpa JP dalam empat triwulan terakhir, per unit, {period}",
         "Staff with no credited JP in the last four quarters, by unit, {period}"),
        ("Diurutkan dari porsi terbesar.", "Sorted by share, largest first."),
    ),
    "coverage_predictors": (
        ("Prediktor partisipasi, ketidakhadiran dan berhenti (rasio odds)",
         "Predictors of taking part, no-show and drop-out (odds ratios)"),
        ("Regresi logistik, empat triwulan terakhir, galat baku berkelompok per unit; asosiasi, bukan sebab-akibat.",
         "Logistic regression, last four quarters, unit-clustered SEs; associations, not causal effects."),
    ),
    "coverage_trend": (
        ("Tren indikator cakupan, delapan triwulan", "Coverage rates, eight quarters"),
        ("IK 95% Wilson; n = penyebut.", "Wilson 95% CIs; n = denominator."),
    ),
}  # fmt: skip

# --------------------------------------------------------------------------------------------
# charts (analysis.coverage.plots)
# --------------------------------------------------------------------------------------------

REACHED_20JP: Pair = ("Sudah 20 JP", "Reached 20 JP")
ON_TRACK_PANEL: Pair = ("Di jalur (≥ {need:.0f} JP)", "On track (≥ {need:.0f} JP)")
COMPLIANCE_CHART: Pair = ("Pemenuhan 20 JP per {level}, {period} (garis: keseluruhan)",
                          "20-JP compliance by {level}, {period} (line: overall)")
ENROLLMENT_STATUS_LABELS: dict[str, Pair] = {
    "completion_rate": ("Selesai", "Completed"),
    "dropout_rate": ("Berhenti", "Dropped"),
    "no_show_rate": ("Tidak hadir", "No-show"),
}
ENROLLMENT_OUTCOME_PANEL: Pair = ("Status pendaftaran", "Enrollment outcome")
PARTICIPATION_CHART: Pair = ("Partisipasi dan penyelesaian, {period}", "Participation and completion, {period}")
QUARTER_PARTICIPATION: Pair = ("Partisipasi triwulan", "Quarter participation")
EQUITY_CHART: Pair = ("Partisipasi dan 20 JP menurut kelompok ASN, {period} (IK 95%)",
                      "Participation and 20 JP by staff group, {period} (95% CI)")
ODDS_RATIO_AXIS: Pair = ("rasio odds (skala log; > 1: peluang lebih tinggi)", "odds ratio (log scale; > 1: higher odds)")
PREDICTORS_CHART: Pair = ("Prediktor partisipasi (IK 95%, galat baku berkelompok per unit)",
                          "Predictors of participation (95% CI, unit-clustered SEs)")
MEAN_JP_YEAR_TO_DATE: Pair = ("Rata-rata JP tahun berjalan", "Mean JP year to date")
TREND_CHART: Pair = ("Tren per triwulan (pita: IK 95%)", "Quarterly trend (band: 95% CI)")

# --------------------------------------------------------------------------------------------
# sentences (analysis.coverage.narrative)
# --------------------------------------------------------------------------------------------

ALL_AGENCIES_SCOPE: Pair = ("semua OPD dalam data", "all agencies in the data")
SCOPE: Pair = (
    "**Cakupan:** {scope}, {period}. Angka dihitung dari data yang dimuat ({n_employees} pegawai dalam data, "
    "{n_enrollments} catatan keikutsertaan). Rentang (IK 95%) menunjukkan ketidakpastian; kelompok dengan "
    "kurang dari {min_n} orang ditandai *data belum cukup*.",
    "**Scope:** {scope}, {period}. Numbers come from the loaded data ({n_employees} employees on file, "
    "{n_enrollments} enrollment records). Ranges (95% CI) show the uncertainty; groups of fewer than "
    "{min_n} people are marked *not enough data*.",
)

COMPLIANCE_OVERALL: Pair = (
    "Pada akhir {period}, **{share}** dari {n_staff} ASN aktif telah memenuhi minimal 20 JP tahun {year}, "
    "dan {on_track} berada di jalur (≥ {need} JP setelah {quarter} triwulan). Rata-rata JP per ASN sejauh ini "
    "{jp_mean} JP.",
    "At the end of {period}, **{share}** of {n_staff} active ASN had reached 20 JP in {year}, and {on_track} "
    "were on track (≥ {need} JP after {quarter} quarter{plural}). Mean JP per ASN so far: {jp_mean}.",
)
YEAR_TO_DATE: Pair = ("Angka 20 JP bersifat kumulatif tahun berjalan dan masih dapat naik sampai akhir tahun.",
                      "The 20-JP share is year-to-date and can still rise before the year ends.")
#: A group is named only when it differs clearly from all the others together, with a
#: family-wise 5% error over the groups compared (analysis.coverage.narrative.clearly).
CLEARLY_BELOW_OVERALL: Pair = ("Jelas di bawah gabungan kelompok lainnya (IK selisih disesuaikan untuk "
                               "banyaknya perbandingan): {items}.",
                               "Clearly below all the other groups together (interval of the difference "
                               "adjusted for the number of comparisons): {items}.")
NONE_CLEARLY_BELOW: Pair = ("Tidak ada {level} yang jelas di bawah gabungan yang lain.",
                            "No {level} is clearly below the others together.")
CLEARLY_ABOVE: Pair = ("Jelas di atasnya: {items}.", "Clearly above it: {items}.")
SMALL_GROUPS: Pair = ("{count} {level} dengan kurang dari {min_n} ASN: data belum cukup untuk dibandingkan.",
                      "{count} {level} with fewer than {min_n} ASN: not enough data to compare.")

PARTICIPATION_OVERALL: Pair = (
    "Pada {period}, **{rate}** ASN aktif mengikuti (hadir dalam) minimal satu kegiatan pengembangan "
    "kompetensi yang berakhir pada triwulan ini.",
    "In {period}, **{rate}** of active ASN attended at least one competency-development activity ending in "
    "the quarter.",
)
ENROLLMENT_OUTCOMES: Pair = (
    "Dari {n} pendaftaran yang sudah berstatus, {completed} selesai, {no_show} tidak hadir, dan {dropped} "
    "berhenti di tengah jalan.",
    "Of {n} decided enrollments, {completed} were completed, {no_show} were no-shows and {dropped} dropped out.",
)
FEW_ENROLLMENTS: Pair = ("Hanya {n} pendaftaran berstatus: data belum cukup untuk tingkat penyelesaian.",
                         "Only {n} decided enrollments: not enough data for completion rates.")
PARTICIPATION_CLEARLY_BELOW: Pair = ("Partisipasi jelas di bawah gabungan kelompok lainnya: {items}.",
                                     "Participation clearly below all the other groups together: {items}.")

#: What each equity test compares: p-value column -> (Bahasa Indonesia, English).
EQUITY_TESTS: dict[str, Pair] = {
    "p_holm_participation": ("partisipasi", "participation"),
    "p_holm_20jp": ("pemenuhan 20 JP", "20-JP compliance"),
}
#: Groups left out of a dimension's test (:func:`analysis.coverage.equity_tests.tested_groups`).
EQUITY_NOT_TESTED: Pair = ("tidak diuji (kurang dari {min_n} ASN atau tidak diketahui): {groups}",
                           "not tested (fewer than {min_n} ASN or unknown): {groups}")
EQUITY_DIFFERS: Pair = ("{what} **berbeda** ({values}; p Holm {p})", "{what} **differs** ({values}; Holm p {p})")

NOT_REACHED_OVERALL: Pair = ("**{count} ASN aktif**, {share}, tidak memperoleh JP yang diakui dari {window}.",
                             "**{count} active ASN**, {share}, had no credited JP from {window}.")
#: With fewer than 5 staff not reached the count is said as a range (docs/disclosure.md).
NOT_REACHED_OVERALL_FEW: Pair = ("**{count} aktif** tidak memperoleh JP yang diakui dari {window}.",
                                 "**{count}** had no credited JP from {window}.")
#: ``part`` is :func:`analysis.text.phrases.count_of_total`: ``12 dari 40``, ``kurang dari 5 dari 10``.
NOT_REACHED_UNIT: Pair = ("{unit} ({part})", "{unit} ({part})")
NOT_REACHED_WORST: Pair = ("Porsi terbesar (unit dengan minimal {min_staff} ASN): {items}.",
                           "Largest shares (units with at least {min_staff} ASN): {items}.")

ODDS_RATIO: Pair = ("rasio odds", "odds ratio")
MODELS_FAILED: Pair = ("Model tidak dapat diestimasi: {reason}", "The models could not be estimated: {reason}")
NO_PARTICIPATION_MODEL: Pair = (
    "Data belum cukup untuk model partisipasi (kurang dari {min_n} peserta atau bukan peserta).",
    "Not enough data for the participation model (fewer than {min_n} participants or non-participants).",
)
LEADERSHIP_QUESTION: Pair = (
    "**Pertanyaan pimpinan: apakah kepala unit yang ikut pelatihan dan memberi penghargaan kepada ASN berprestasi "
    "meningkatkan partisipasi stafnya?** (model atas {n_obs} pegawai-triwulan, kepala unit tidak dihitung)",
    "**The leadership question: do unit heads who take part in training and recognise high performers raise their "
    "staff's participation?** (model of {n_obs} employee-quarters, unit heads excluded)",
)
FEW_CLUSTERS: Pair = (
    "*Perhatian: hanya {units} unit, sehingga galat baku berkelompok kurang andal; baca dengan hati-hati.*\n",
    "*Caution: only {units} units, so unit-clustered standard errors are unreliable; read with care.*\n",
)
#: Who each leadership term describes, in the sentences that answer the question.
LEADERSHIP_WHO: dict[str, Pair] = {
    "head_participated_prev_quarter": ("staf yang kepala unitnya ikut pelatihan pada triwulan sebelumnya",
                                       "staff whose unit head took part in training the quarter before"),
    "unit_award_prev_4q": ("staf di unit yang memberi penghargaan kinerja kepada rekan mereka",
                           "staff in units where a colleague received a performance award"),
    "award_prev_4q": ("staf yang sendiri menerima penghargaan kinerja", "staff who were themselves recognised"),
}
#: The leadership answer by the direction of the odds ratio's 95% CI against 1.
LEADERSHIP_ANSWERS: dict[str, Pair] = {
    "higher": ("- Ya: {who} **lebih mungkin** ikut serta, {odds}.",
               "- Yes: {who} are **more likely** to take part, {odds}."),
    "lower": ("- Tidak: {who} justru **kurang mungkin** ikut serta, {odds}.",
              "- No: {who} are **less likely** to take part, {odds}."),
    "unclear": ("- Belum jelas untuk {who}: {odds}, rentangnya mencakup 1.",
                "- Unclear for {who}: {odds}, the range includes 1."),
}
MOTIVATION: Pair = ("- Motivasi belajar (survei): setiap tambahan satu poin, {odds}{verdict}",
                    "- Learning motivation (survey): per extra point, {odds}{verdict}")
MOTIVATION_CLEAR: Pair = (" — jelas berkaitan.", " — a clear association.")
MOTIVATION_UNCLEAR: Pair = (" — belum jelas.", " — not clear.")
MODEL_NO_CLEAR_PREDICTOR: Pair = ("- {title}: tidak ada prediktor utama yang jelas.",
                                  "- {title}: no clear main predictor.")
MODEL_CLEAR_PREDICTORS: Pair = ("- {title}: prediktor yang jelas (rasio odds) — {items}.",
                                "- {title}: clear predictors (odds ratios) — {items}.")
ASSOCIATION_CAVEAT: Pair = (
    "\nIni asosiasi setelah memperhitungkan faktor lain dalam model, bukan bukti sebab-akibat: staf yang "
    "bersemangat bisa saja berkumpul di unit dengan pimpinan yang bersemangat.",
    "\nThese are associations after accounting for the other factors in the model, not proof of cause: keen "
    "staff may gather in units with keen leaders.",
)

# --------------------------------------------------------------------------------------------
# lookups
# --------------------------------------------------------------------------------------------


def group_labels(lang: Lang = "id") -> dict[str, str]:
    """:data:`GROUP_LABELS` in one language: code -> reader's name."""
    return pick_all(GROUP_LABELS, lang)


def group_label(code: object, lang: Lang = "id") -> str:
    """Reader's name of a staff-group code (:data:`GROUP_LABELS`), else of a modality or sector
    code (:func:`analysis.text.fmt.code_label`, the project's one set of code labels)."""
    pair = GROUP_LABELS.get(str(code))
    return fmt.code_label(code, lang) if pair is None else pick(lang, pair)


def term_label(term: str, lang: Lang = "id") -> str:
    """Reader's name of a :func:`analysis.coverage.predictors.participation_predictors` term.

    Named terms come from :data:`TERM_LABELS`; indicator terms ``<column>__<level>``
    read ``<prefix>: <level>`` (e.g. ``Bentuk: E-learning``), the level named by
    :func:`group_label`, else written with spaces for underscores.
    """
    if term in TERM_LABELS:
        return pick(lang, TERM_LABELS[term])
    col, _, level = term.partition("__")
    prefix = pick(lang, TERM_PREFIXES[col]) if col in TERM_PREFIXES else col
    return f"{prefix}: {group_label(level, lang)}"


def _check_level(by: str) -> None:
    if by not in LEVEL_PLURAL:
        raise ValueError(f"by must be 'agency_id' or 'unit_id'; got {by!r}")


def level_word(by: str, lang: Lang = "id") -> str:
    """What the groups of a ``by`` column are called: ``OPD``/``agencies`` or ``unit``/``units``."""
    _check_level(by)
    return pick(lang, LEVEL_PLURAL[by])


def level_word_singular(by: str, lang: Lang = "id") -> str:
    """One group of a ``by`` column: ``OPD``/``agency`` or ``unit``/``unit``."""
    _check_level(by)
    return pick(lang, LEVEL_SINGULAR[by])


def table_text(name: str, lang: Lang = "id", **values: object) -> dict[str, str]:
    """``title`` and ``note`` of a table of notebook 20 (:data:`TABLES`), for
    :meth:`analysis.data.results.ResultsRecorder.table`; ``values`` fill the title
    (``level``: :func:`level_word`, ``period``: the quarter's label)."""
    title, note = TABLES[name]
    return {"title": message(title, lang, **values), "note": pick(lang, note)}
