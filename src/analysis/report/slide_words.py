"""The slide deck's fixed words, each as a ``(Bahasa Indonesia, English)`` pair.

Pick one side with :func:`analysis.text.lang.t` / :func:`~analysis.text.lang.pick`. The
findings themselves are not here: the deck copies them from the brief's recorded content
(:mod:`analysis.brief.content`). What is here: table headers, the words around the
speaker notes, and the reader's names of the result codes the notes list.
"""

from __future__ import annotations

from analysis.text.lang import Lang, pick

#: Table headers of the traffic-light summary (the brief's table uses the same words).
COLUMN_INDICATOR = ("Indikator", "Indicator")
COLUMN_CHANGE = ("Perubahan", "Change")
COLUMN_TARGET = ("Target", "Target")
COLUMN_STATUS = ("Status", "Status")
COLUMN_CITY = ("Kota", "City")

#: "Basis" before a recommendation's evidence (as in the brief).
BASIS = ("Dasar", "Basis")
#: Added to a slide title when its list continues on the next slide.
CONTINUED = ("lanjutan", "continued")
#: Before the date on the title slide (as on the brief's cover).
DATE = ("Tanggal", "Date")

#: Headings inside the speaker notes.
NOTES_NUMBERS = ("Angka (IK 95%, n)", "Numbers (95% CI, n)")
NOTES_CAVEAT = ("Catatan", "Caveat")
NOTES_SOURCE = (
    "Sumber: results.json (kode hasil dalam kurung siku); kalimat sama dengan laporan PDF.",
    "Source: results.json (result codes in brackets); the sentences are those of the PDF brief.",
)
NOTES_SUPPRESSED = (
    "disembunyikan: kurang dari {k} orang",
    "suppressed: fewer than {k} people",
)
NOTES_NOT_ON_SLIDE = ("Juga di laporan (tidak di slide)", "Also in the brief (not on the slide)")

#: Link to the deck on reports/index.html.
DECK_LINK = ("Slide (PPTX)", "Slides (PPTX)")

#: Reader's names of the result codes listed in the speaker notes (headline codes use
#: :func:`analysis.brief.headline.metric_label`; ``linkage.effect_per_5jp.<metric>`` the metric's name).
CODE_LABELS: dict[str, tuple[str, str]] = {
    "outcomes.mean_gain": ("Kenaikan nilai rata-rata, 4 triwulan (poin)", "Mean learning gain, 4 quarters (points)"),
    "brief.share_jp_target_sector": (
        "JP dari program yang dirancang untuk sektor pegawai",
        "JP from programmes designed for the employee's sector",
    ),
    "outcomes.share_jp_to_gap": (
        "JP pegawai terasesmen yang diarahkan ke kesenjangan kompetensi",
        "JP of assessed staff aimed at a competency gap",
    ),
    "outcomes.gain_per_million_idr": ("Poin kenaikan per Rp 1 juta", "Gain points per IDR 1 million"),
    "linkage.effect_per_5jp": ("Perubahan per +5 JP per pegawai", "Change per +5 JP per staff member"),
    "brief.funding_gap_idr": (
        "Kebutuhan dana agar semua ASN aktif mencapai 20 JP",
        "Money needed to bring every active ASN to 20 JP",
    ),
    "budget.shortfall_idr": (
        "Kekurangan di OPD yang sisa pagunya tidak cukup",
        "Shortfall in agencies whose remaining allocation is not enough",
    ),
    "brief.not_reached": ("ASN aktif tanpa JP dalam 4 triwulan", "Active ASN with no JP in 4 quarters"),
    "brief.head_odds_ratio": (
        "Rasio odds partisipasi bila kepala unit ikut pelatihan",
        "Odds ratio of taking part when the unit head trained",
    ),
    "coverage.participation_or_unit_award": (
        "Rasio odds partisipasi bila unit memberi penghargaan",
        "Odds ratio of taking part when the unit gives awards",
    ),
}


def word(pair: tuple[str, str], lang: Lang) -> str:
    """One side of a pair (``pick`` under a name that reads well at the call site)."""
    return pick(lang, pair)


__all__ = [
    "BASIS",
    "CODE_LABELS",
    "COLUMN_CHANGE",
    "COLUMN_CITY",
    "COLUMN_INDICATOR",
    "COLUMN_STATUS",
    "COLUMN_TARGET",
    "CONTINUED",
    "DATE",
    "DECK_LINK",
    "NOTES_CAVEAT",
    "NOTES_NOT_ON_SLIDE",
    "NOTES_NUMBERS",
    "NOTES_SOURCE",
    "NOTES_SUPPRESSED",
    "word",
]
