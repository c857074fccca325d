"""The shared vocabulary: words that many sentences use, each pair written once.

Pairs are ``(Bahasa Indonesia, English)``; pick one side with
:func:`analysis.text.lang.pick`. Area-specific sentences live in each question
area's ``messages`` module; only words used across areas belong here.
"""

from __future__ import annotations

#: The label of a 95% confidence interval: ``IK 95% 0,6 s.d. 1,8`` / ``95% CI 0.6 to 1.8``.
CI_LABEL = ("IK 95%", "95% CI")
#: Joins the two bounds of an interval (and the first and last quarter of a window).
RANGE_JOINER = ("s.d.", "to")
#: Shown instead of a number or a verdict when a group is below the minimum n.
NOT_ENOUGH_DATA = ("data belum cukup", "not enough data")
#: Missing value in a table cell.
NO_DATA = ("tidak ada data", "no data")

#: Verdict words (the codes are :data:`analysis.stats.verdict.VERDICTS`).
VERDICT_WORDS: dict[str, tuple[str, str]] = {
    "better": ("membaik", "better"),
    "worse": ("memburuk", "worse"),
    "higher": ("lebih tinggi", "higher"),
    "lower": ("lebih rendah", "lower"),
    "different": ("berbeda", "different"),
    "no_clear_difference": ("tidak ada perbedaan yang jelas", "no clear difference"),
    "insufficient_data": NOT_ENOUGH_DATA,
}

#: How many comparisons stand behind a page's verdicts (:func:`analysis.text.phrases.comparisons_behind`):
#: each read on its own; a family Holm-adjusted together; declared primary outcomes plus a Holm family.
COMPARISONS_UNADJUSTED = (
    "{k} dari {n} perbandingan menunjukkan perbedaan yang jelas (tiap perbandingan dibaca sendiri, tanpa koreksi)",
    "{k} of {n} comparisons show a clear difference (each read on its own, not adjusted)",
)
COMPARISONS_HOLM = (
    "{k} dari {n} perbandingan menunjukkan perbedaan yang jelas setelah koreksi Holm",
    "{k} of {n} comparisons show a clear difference after Holm correction",
)
COMPARISONS_PRIMARY_HOLM = (
    "{k} dari {n} perbandingan menunjukkan perbedaan yang jelas ({p} hasil utama dibaca sendiri, "
    "{m} lainnya setelah koreksi Holm bersama)",
    "{k} of {n} comparisons show a clear difference ({p} primary outcomes read on their own, "
    "the other {m} after a joint Holm correction)",
)

#: Footnote under a table with suppressed cells (disclosure control, ``docs/disclosure.md``).
SUPPRESSED_NOTE = ("disembunyikan: kurang dari {k} orang", "suppressed: fewer than {k} people")
#: Footnote for a cell hidden only so that a small cell cannot be recovered (secondary suppression).
SECONDARY_NOTE = ("disembunyikan agar sel kecil tidak dapat dihitung ulang",
                  "hidden so that a small cell cannot be worked out")
#: A figure's note on the groups it does not draw (disclosure control); ``{names}`` a list.
FIGURE_LEFT_OUT_SMALL = ("Tidak digambar karena kurang dari {k} orang: {names}.",
                         "Not drawn, fewer than {k} people: {names}.")
FIGURE_LEFT_OUT_PROTECTED = ("Tidak digambar agar sel kecil tidak dapat dihitung ulang: {names}.",
                             "Not drawn so that a small cell cannot be worked out: {names}.")
#: The end of a long list of names: ``dan 12 lainnya``.
AND_OTHERS = ("dan {n} lainnya", "and {n} others")
#: Said instead of a count of staff that is suppressed: ``kurang dari 5 ASN``.
FEWER_THAN_STAFF = ("kurang dari {k} ASN", "fewer than {k} staff")
