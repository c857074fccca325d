"""Every text of the hypothesis tests, as ``(Bahasa Indonesia, English)`` pairs.

Pick a side with :func:`analysis.text.lang.pick`. Constants are fixed texts;
functions build a pair from values. Numbers inside texts are written by the
caller with :mod:`analysis.text.fmt`, so this module holds words only.
"""

from __future__ import annotations

Pair = tuple[str, str]

# ---------------------------------------------------------------------------- the hypothesis file

ALLOWED: Pair = ("yang diizinkan", "allowed")
NOT_A_MAPPING: Pair = ("harus berupa pasangan kunci: nilai", "must be a mapping of key: value")
NOT_TEXT: Pair = ("harus berupa teks atau kode yang tidak kosong", "must be a non-empty text or code")
NOT_A_NUMBER: Pair = ("harus berupa angka", "must be a number")
EMPTY_LIST: Pair = ("daftar tidak boleh kosong", "the list must not be empty")
MIN_EFFECT_POSITIVE: Pair = (
    "min_effect adalah besaran (> 0); arahnya ditentukan oleh direction",
    "min_effect is a size (> 0); its sign comes from direction",
)
FILTER_ON_EXPOSURE: Pair = (
    "tidak dapat menyaring pada kolom paparan itu sendiri (tidak ada lagi pembanding)",
    "cannot filter on the exposure itself (nothing would be left to compare)",
)
EMPTY_FILE: Pair = ("berkas kosong", "the file is empty")
ALPHA_RANGE: Pair = ("alpha harus di antara 0 dan 0,5 (biasanya 0,05)",
                     "alpha must lie between 0 and 0.5 (usually 0.05)")
NO_HYPOTHESES: Pair = ("hypotheses harus berupa daftar dengan paling sedikit satu hipotesis",
                       "hypotheses must be a list with at least one hypothesis")
NOT_UTF8: Pair = ("berkas bukan teks UTF-8", "the file is not UTF-8 text")


def problems_heading(n: int, source: str) -> Pair:
    """``3 masalah dalam binjai.yaml; tidak ada hipotesis yang diuji:``."""
    name = source or "hypothesis file"
    return (
        f"{n} masalah dalam {source or 'berkas hipotesis'}; tidak ada hipotesis yang diuji sebelum semuanya diperbaiki:",
        f"{n} problem{'s' if n != 1 else ''} in {name}; no hypothesis is tested until all are fixed:",
    )


def unknown_key(key: str, near: str | None) -> Pair:
    hint_id = f" (mungkin maksudnya '{near}'?)" if near else ""
    hint_en = f" (did you mean '{near}'?)" if near else ""
    return (f"kunci '{key}' tidak dikenal{hint_id}", f"unknown key '{key}'{hint_en}")


def repeated_key(key: str) -> Pair:
    return (f"kunci '{key}' ditulis dua kali", f"key '{key}' appears twice")


def missing_key(key: str) -> Pair:
    return (f"kunci wajib '{key}' tidak ada", f"required key '{key}' is missing")


def repeated_id(hid: str, first_line: int) -> Pair:
    return (f"id '{hid}' sudah dipakai pada baris {first_line}", f"id '{hid}' is already used on line {first_line}")


def unknown_value(what: str, value: str, near: str | None) -> Pair:
    hint_id = f" (mungkin maksudnya '{near}'?)" if near else ""
    hint_en = f" (did you mean '{near}'?)" if near else ""
    return (f"{what} '{value}' tidak dikenal{hint_id}", f"unknown {what} '{value}'{hint_en}")


def impossible_pair(outcome: str, exposure: str) -> Pair:
    return (
        f"pasangan outcome '{outcome}' dan exposure '{exposure}' tidak mempunyai desain "
        "(lihat `kompetensi hypotheses --list`)",
        f"the outcome '{outcome}' cannot be paired with the exposure '{exposure}': no design "
        "covers this pair (see `kompetensi hypotheses --list`)",
    )


def bad_periods(text: str) -> Pair:
    return (
        f"periods '{text}' tidak sah: tulis TTTTQn..TTTTQn (mis. 2025Q1..2026Q2), triwulan awal tidak "
        "sesudah triwulan akhir",
        f"periods '{text}' is not valid: write YYYYQn..YYYYQn (e.g. 2025Q1..2026Q2), the first quarter "
        "not after the last",
    )


def level_not_allowed(key: str, exposure: str) -> Pair:
    return (f"'{key}' hanya untuk paparan berkategori; '{exposure}' tidak berkategori",
            f"'{key}' is only for categorical exposures; '{exposure}' is not one")


def level_needed(exposure: str) -> Pair:
    return (f"paparan '{exposure}' memerlukan 'level:' (kode yang dibandingkan dengan pembanding)",
            f"the exposure '{exposure}' needs 'level:' (the code(s) compared with the reference)")


def reference_in_level(reference: str) -> Pair:
    return (f"pembanding '{reference}' juga ada dalam level", f"the reference '{reference}' is also a level")


def yaml_syntax(detail: str) -> Pair:
    return (f"YAML tidak dapat dibaca: {detail}", f"the YAML cannot be read: {detail}")


# ---------------------------------------------------------------------------- why there is no estimate

NO_CONTRAST: Pair = (
    "tidak ada pembanding dalam data (paparan sama untuk semua pengamatan)",
    "no contrast in the data (the exposure is the same for every observation)",
)
NO_DATA: Pair = ("tidak ada data untuk hipotesis ini", "no data for this hypothesis")
NO_VARIATION: Pair = ("hasil tidak bervariasi (semua ya atau semua tidak)",
                      "the outcome does not vary (all yes or all no)")
NOT_CONVERGED: Pair = ("model logistik tidak konvergen (pemisahan sempurna?)",
                       "the logit did not converge (perfect separation?)")


def too_few_clusters(g: int, minimum: int, cluster: str) -> Pair:
    what_id = "program" if cluster == "programme" else "unit"
    what_en = "programmes" if cluster == "programme" else "units"
    return (
        f"hanya {g} {what_id} pada sisi yang lebih kecil dari perbandingan; perlu paling sedikit {minimum}",
        f"only {g} {what_en} on the smaller side of the comparison; at least {minimum} are needed",
    )


def model_failed(detail: str) -> Pair:
    return (f"model tidak dapat diestimasi: {detail}", f"the model could not be estimated: {detail}")


def no_data_in_periods(periods: tuple[str, str] | None, first: str, last: str) -> Pair:
    stated = "..".join(periods) if periods else ""
    return (
        f"tidak ada data pada triwulan {stated} (data tersedia {first}..{last})",
        f"no data in the quarters {stated} (the data cover {first}..{last})",
    )


# ---------------------------------------------------------------------------- verdicts and reasons

VERDICT_WORDS: dict[str, Pair] = {
    "supported": ("didukung", "supported"),
    "not_supported": ("tidak didukung", "not supported"),
    "inconclusive": ("belum dapat disimpulkan", "inconclusive"),
}
CORRECTION_NAMES: dict[str, Pair] = {
    "holm": ("koreksi Holm", "Holm correction"),
    "bh": ("koreksi Benjamini-Hochberg", "Benjamini-Hochberg correction"),
    "none": ("tanpa koreksi", "no correction"),
}
DIRECTION_WORDS: dict[str, Pair] = {
    "greater": ("lebih tinggi", "higher"),
    "less": ("lebih rendah", "lower"),
    "two_sided": ("berbeda (dua arah)", "different (either way)"),
}


def reason_supported(p: str, alpha: str, correction: str) -> Pair:
    return (
        f"nilai p terkoreksi {p} ({CORRECTION_NAMES[correction][0]}) di bawah alpha {alpha}, dengan arah "
        "sesuai hipotesis.",
        f"adjusted p {p} ({CORRECTION_NAMES[correction][1]}) is below alpha {alpha}, in the stated direction.",
    )


def reason_small(min_effect: str) -> Pair:
    return (
        f"Namun IK 95% berada di bawah efek terkecil yang berarti ({min_effect}): efeknya nyata tetapi kecil.",
        f"Yet the 95% CI lies below the smallest effect that matters ({min_effect}): real but small.",
    )


def reason_rules_out(low: str, high: str, min_effect: str) -> Pair:
    return (
        f"IK 95% ({low} s.d. {high}) menyingkirkan efek sebesar {min_effect} atau lebih ke arah yang "
        "dihipotesiskan.",
        f"the 95% CI ({low} to {high}) rules out an effect of {min_effect} or more in the stated direction.",
    )


OPPOSITE: Pair = ("Perkiraannya justru berlawanan arah.", "The estimate went the other way.")


def reason_open(p: str, alpha: str, min_effect: str) -> Pair:
    return (
        f"nilai p terkoreksi {p} tidak di bawah alpha {alpha}, dan IK 95% belum menyingkirkan efek sebesar "
        f"{min_effect}.",
        f"adjusted p {p} is not below alpha {alpha}, and the 95% CI does not rule out an effect of {min_effect}.",
    )


def reason_underpowered(mde: str, min_effect: str) -> Pair:
    return (
        f"Daya uji kurang: efek terkecil yang dapat dideteksi (MDE, daya 80%) adalah {mde}, lebih besar dari "
        f"min_effect {min_effect}.",
        f"Under-powered: the minimum detectable effect (MDE, 80% power) is {mde}, larger than min_effect "
        f"{min_effect}.",
    )


def reason_powered(mde: str, min_effect: str) -> Pair:
    return (
        f"Daya uji cukup (MDE {mde} ≤ min_effect {min_effect}); perkiraannya berada di antara nol dan efek "
        "yang berarti.",
        f"The design could detect min_effect (MDE {mde} ≤ {min_effect}); the estimate lies between no effect "
        "and one that matters.",
    )


def reason_no_estimate(detail: str) -> Pair:
    return (f"Tidak ada perkiraan: {detail}.", f"No estimate: {detail}.")


def reason_few_clusters(g: int, df: int, cluster: str) -> Pair:
    what_id = "program" if cluster == "programme" else "unit"
    what_en = "programmes" if cluster == "programme" else "units"
    return (
        f"Hanya {g} {what_id} pada sisi terkecil perbandingan (< 30): uji memakai distribusi t dengan {df} "
        "derajat bebas agar tetap konservatif.",
        f"Only {g} {what_en} on the smaller side of the comparison (< 30): the test uses t with {df} degrees "
        "of freedom to stay conservative.",
    )


def reason_periods_cut(first: str, last: str) -> Pair:
    return (f"Data hanya tersedia untuk {first}..{last} dari triwulan yang dinyatakan.",
            f"The data cover only {first}..{last} of the stated quarters.")


# ---------------------------------------------------------------------------- the page

PAGE_TITLE: Pair = ("Uji hipotesis", "Hypothesis tests")
COLUMNS: dict[str, Pair] = {
    "id": ("ID", "ID"),
    "hypothesis": ("Hipotesis", "Hypothesis"),
    "estimate": ("Perkiraan (IK 95%)", "Estimate (95% CI)"),
    "min_effect": ("Efek minimum / MDE", "Min. effect / MDE"),
    "p": ("p terkoreksi", "Adjusted p"),
    "verdict": ("Putusan", "Verdict"),
    "reason": ("Alasan", "Reason"),
}
FOREST_TITLE: Pair = ("Perkiraan dibandingkan efek minimum yang berarti",
                      "Estimates against the smallest effect that matters")
FOREST_AXIS: Pair = (
    "perkiraan ÷ min_effect (positif = arah hipotesis; garis putus-putus = efek minimum)",
    "estimate ÷ min_effect (positive = stated direction; dashed line = min_effect)",
)
NO_ESTIMATE_MARK: Pair = ("tanpa perkiraan", "no estimate")


def intro(title: str, n: int, tested: int, alpha: str, correction: str, period: str) -> Pair:
    return (
        f"Berkas hipotesis **{title}**: {n} hipotesis dinyatakan, {tested} diuji dengan data sampai {period}. "
        f"Tingkat signifikansi {alpha} untuk seluruh berkas, {CORRECTION_NAMES[correction][0]} atas {tested} "
        "hipotesis. Putusan: *didukung* bila p terkoreksi < alpha searah hipotesis; *tidak didukung* bila "
        "IK 95% menyingkirkan efek minimum yang berarti; selain itu *belum dapat disimpulkan*.",
        f"Hypothesis file **{title}**: {n} hypotheses stated, {tested} tested on data up to {period}. "
        f"Significance level {alpha} for the whole file, {CORRECTION_NAMES[correction][1]} over {tested} "
        "hypotheses. Verdicts: *supported* when the adjusted p < alpha in the stated direction; *not "
        "supported* when the 95% CI rules out the smallest effect that matters; otherwise *inconclusive*.",
    )


def registry_unchanged(first_run: str, sha: str) -> Pair:
    return (
        f"Berkas hipotesis pertama kali dijalankan {first_run} dan tidak berubah sejak itu (SHA-256 {sha}).",
        f"The hypothesis file was first run on {first_run} and has not changed since (SHA-256 {sha}).",
    )


def registry_first(first_run: str, sha: str) -> Pair:
    return (
        f"Ini adalah jalan pertama berkas hipotesis ini ({first_run}); tercatat dengan SHA-256 {sha}.",
        f"This is the first run of this hypothesis file ({first_run}); recorded with SHA-256 {sha}.",
    )


def registry_changed(first_run: str, this_version: str, sha: str) -> Pair:
    return (
        f"PERHATIAN: berkas hipotesis diubah setelah jalan pertamanya ({first_run}); versi ini (SHA-256 {sha}) "
        f"pertama kali dijalankan {this_version}. Hipotesis yang diubah setelah data dilihat bukan lagi "
        "hipotesis yang dinyatakan sebelumnya.",
        f"WARNING: the hypothesis file changed after its first run ({first_run}); this version (SHA-256 {sha}) "
        f"was first run on {this_version}. Hypotheses changed after the data were seen are no longer stated "
        "in advance.",
    )


REGISTRY_NONE: Pair = ("Berkas hipotesis tidak tercatat di register (dijalankan dari teks).",
                       "The hypothesis file is not recorded in a register (run from text).")
DESIGN_HEADING: Pair = ("Desain per pasangan", "Design per pair")
MDE_NOTE: Pair = (
    "MDE: efek terkecil yang terdeteksi dengan daya 80% pada tingkat uji setelah koreksi "
    "((t(1−a) + t(0,80)) × galat baku, derajat bebas G−1).",
    "MDE: the smallest effect detected with 80% power at the test level after the correction "
    "((t(1−a) + t(0.80)) × standard error, G−1 degrees of freedom).",
)


# ---------------------------------------------------------------------------- the catalogue listing

LEVEL_WORDS: dict[str, Pair] = {
    "unit_quarter": ("unit x triwulan", "unit x quarter"),
    "employee_quarter": ("pegawai x triwulan", "employee x quarter"),
    "employee_year": ("pegawai x tahun (TW IV)", "employee x year (Q4)"),
    "enrollment": ("pendaftaran", "enrollment"),
    "scored_enrollment": ("pendaftaran bernilai", "scored enrollment"),
}
KIND_WORDS: dict[str, Pair] = {
    "continuous": ("kontinu", "continuous"),
    "binary": ("ya/tidak", "yes/no"),
    "categorical": ("kategori", "categorical"),
}
LIST_OUTCOMES: Pair = ("OUTCOME (level, satuan efek)", "OUTCOMES (level, effect units)")
LIST_EXPOSURES: Pair = ("EXPOSURE (jenis, satuan)", "EXPOSURES (kind, units)")
LIST_PAIRS: Pair = ("PASANGAN DAN DESAIN", "PAIRS AND DESIGNS")
LIST_FILTERS: Pair = ("kolom filter", "filter columns")
LIST_NOTE: Pair = (
    "min_effect dinyatakan dalam satuan outcome per satuan exposure (outcome ya/tidak: peluang 0–1). "
    "Indikator layanan lain dalam data juga dapat dipakai sebagai outcome.",
    "min_effect is in outcome units per exposure unit (yes/no outcomes: probability 0–1). "
    "Any other service metric in the data is an outcome too.",
)


def levels_text(levels: tuple[str, ...], default_level: str | None, reference: str | None) -> Pair:
    codes = ", ".join(levels)
    lv_id = f"level bawaan {default_level}" if default_level else "level wajib diisi"
    lv_en = f"default level {default_level}" if default_level else "level required"
    return (f"kode: {codes}; {lv_id}; pembanding bawaan {reference}",
            f"codes: {codes}; {lv_en}; default reference {reference}")
