"""The budget area's text catalogue: every sentence, heading, label and note, as ``(id, en)`` pairs.

Pairs are written Bahasa Indonesia first. Placeholders in braces are filled with
numbers already written by :mod:`analysis.text.fmt` (:func:`say`); the same
placeholders appear on both sides. Words shared across areas (the CI label,
"not enough data") come from :mod:`analysis.text.words`.
"""

from __future__ import annotations

from analysis.text.lang import Lang, pick

Pair = tuple[str, str]


def say(pair: Pair, lang: Lang, **values: object) -> str:
    """One side of ``pair`` in ``lang`` with its placeholders filled (``str.format``)."""
    return pick(lang, pair).format(**values)


# --------------------------------------------------------------------------- absorption

OVERSPENT: Pair = (
    "{over} dari {with_allocation} OPD berpagu telah membelanjakan lebih dari pagunya.",
    "{over} of {with_allocation} agencies with an allocation have spent more than it.",
)
NONE_OVERSPENT: Pair = (
    "Belum ada OPD yang membelanjakan lebih dari pagunya ({with_allocation} OPD berpagu).",
    "No agency has spent more than its allocation ({with_allocation} agencies with one).",
)
ABSORPTION: Pair = (
    "**Serapan.** Sampai akhir {period}, belanja pengembangan kompetensi mencapai "
    "{spending} dari pagu {allocated} (serapan {absorption}; laju merata sampai triwulan ini "
    "{pace}). {overspent} Serapan tertinggi: {top}.",
    "**Absorption.** By the end of {period}, competency-development spending reached "
    "{spending} of an allocation of {allocated} (absorption {absorption}; an even pace would be "
    "{pace}). {overspent} Highest absorption: {top}.",
)
ABSORPTION_NO_ALLOCATION: Pair = (
    "**Serapan.** Sampai akhir {period}, belanja pengembangan kompetensi mencapai {spending}. Serapan: "
    "data belum cukup (tidak ada OPD dengan pagu tahun {year} di tabel anggaran).",
    "**Absorption.** By the end of {period}, competency-development spending reached {spending}. "
    "Absorption: not enough data (no agency has an allocation for {year} in the budget table).",
)
NO_ALLOCATION: Pair = (
    "OPD tanpa data pagu {year}: {agencies}; serapannya tidak dihitung.",
    "Agencies with no allocation recorded for {year}: {agencies}; their absorption is not computed.",
)

#: The noun counted in the sentences above (analysis.text.phrases.counted).
AGENCY_NOUN: Pair = ("OPD", "agency")

# --------------------------------------------------------------------------- cost per JP

CITY_COST_PER_JP: Pair = (
    "**Biaya per JP.** Dalam empat triwulan terakhir satu JP yang diakui berbiaya rata-rata "
    "{cost}, dihitung sebagai total biaya (termasuk peserta yang mengundurkan diri) dibagi "
    "total JP yang diakui, dari {n} keikutsertaan.",
    "**Cost per JP.** Over the last four quarters one credited JP cost {cost} on average: "
    "total cost (drop-outs included) divided by total credited JP, from {n} enrollments.",
)
CHEAPEST_AND_DEAREST: Pair = (
    "Bentuk termurah per JP adalah {cheap} ({cheap_cost}), termahal {dear} ({dear_cost}, "
    "{ratio} kali lipat; selisih {difference}).",
    "The cheapest format per JP is {cheap} ({cheap_cost}), the dearest {dear} ({dear_cost}, "
    "{ratio} times as much; difference {difference}).",
)
FORMATS_NO_CLEAR_DIFFERENCE: Pair = (
    "Perbedaan biaya per JP antarbentuk pelatihan tidak bermakna secara statistik.",
    "The formats' costs per JP do not differ beyond their uncertainty.",
)
FORMATS_NOT_ENOUGH_DATA: Pair = (
    "Data belum cukup (< {min_n} keikutsertaan selesai) untuk: {formats}.",
    "Not enough data (< {min_n} completed enrollments) for: {formats}.",
)

# --------------------------------------------------------------------------- funding gap

CITY_FUNDING_GAP: Pair = (
    "**Kebutuhan dana 20 JP.** {below} dari {active} ASN aktif belum mencapai 20 JP tahun "
    "{year}; kekurangannya {jp} JP. Dengan biaya per JP teramati dibutuhkan {need}. Setelah "
    "memakai sisa pagu tiap OPD, masih kurang {shortfall}.",
    "**Funding to reach 20 JP.** {below} of {active} active ASN have not reached 20 JP in "
    "{year}; together they lack {jp} JP. At the observed cost per JP that takes {need}. After "
    "each agency's remaining allocation, {shortfall} is still missing.",
)
PRICED_AT_CITY_COST: Pair = (
    "Dihitung dengan biaya per JP kota karena data sendiri belum cukup (kurang dari {min_n} "
    "keikutsertaan selesai dalam empat triwulan terakhir): {agencies}.",
    "Priced at the city's cost per JP for lack of data of their own (fewer than {min_n} completed "
    "enrollments in the last four quarters): {agencies}.",
)
LARGEST_SHORTFALLS: Pair = (
    "Kekurangan dana per ASN terbesar: {agencies}.",
    "Largest shortfall per ASN: {agencies}.",
)
SHORTFALL_PER_ASN: Pair = ("{agency} ({amount} per ASN)", "{agency} ({amount} per ASN)")

# --------------------------------------------------------------------------- format mix

PLAN_BASIS_ALLOCATION: Pair = ("pagu tahun {year}", "the allocation for {year}")
PLAN_BASIS_SPENDING: Pair = ("belanja empat triwulan terakhir", "the last four quarters' spending")
MIX_JP: Pair = (
    "**Campuran bentuk.** Dengan {basis} ({budget}), campuran bentuk saat ini menghasilkan "
    "{current} JP; campuran optimal (program linear dalam batas kapasitas yang teramati) "
    "{optimal} JP ({gain}).",
    "**Format mix.** With {basis} ({budget}), the current mix of formats delivers {current} JP; "
    "the optimal mix (a linear programme within observed capacity) {optimal} JP ({gain}).",
)
MIX_REACHES_ALL: Pair = (
    "**Campuran bentuk.** Secara keseluruhan, uang bukan satu-satunya penghambat: seandainya "
    "kursi pelatihan diberikan kepada ASN yang membutuhkannya, {basis} ({budget}) cukup untuk "
    "membawa seluruh {active} ASN aktif ke 20 JP dalam setahun: dengan campuran bentuk saat ini "
    "dibutuhkan {current_cost}, dengan campuran optimal (program linear dalam batas kapasitas "
    "yang teramati) {optimal_cost}{saving} Kenyataannya {below} ASN masih di bawah 20 JP: yang "
    "kurang adalah jangkauan (siapa yang ikut) dan dana di OPD yang anggarannya tidak cukup.",
    "**Format mix.** Overall, money is not the only constraint: if training places went to the "
    "ASN who need them, {basis} ({budget}) would bring all {active} active ASN to 20 JP in a "
    "year: the current mix of formats would need {current_cost}, the optimal mix (a linear "
    "programme within observed capacity) {optimal_cost}{saving} In fact {below} ASN are still "
    "below 20 JP: what is missing is reach (who takes part) and money in the agencies whose "
    "budget falls short.",
)
MIX_SAVING: Pair = (", hemat {amount}.", ", saving {amount}.")
MIX_PEOPLE: Pair = (
    "**Campuran bentuk.** Dengan {basis} ({budget}) dan campuran bentuk saat ini, pelatihan "
    "setara dengan membawa {current} dari {active} ASN aktif ke 20 JP; campuran optimal "
    "(program linear dalam batas kapasitas yang teramati) setara {optimal} ASN ({gain}).{reach_all}",
    "**Format mix.** With {basis} ({budget}) and the current mix of formats, training amounts to "
    "bringing {current} of {active} active ASN to 20 JP; the optimal mix (a linear programme "
    "within observed capacity) amounts to {optimal} ({gain}).{reach_all}",
)
MIX_COST_TO_REACH_ALL: Pair = (
    " Menjangkau semuanya membutuhkan {amount}.",
    " Reaching all of them would take {amount}.",
)
MIX_CAPACITY_BINDS: Pair = (
    "Dengan kapasitas penyelenggara yang teramati, hanya {amount} dari anggaran itu yang dapat "
    "dibelanjakan: menambah kapasitas (kelas, angkatan, kuota e-learning) sama pentingnya dengan "
    "menambah dana.",
    "At the providers' observed capacity only {amount} of that budget can be spent: adding "
    "capacity (classes, cohorts, e-learning seats) matters as much as adding money.",
)
MIX_UNCERTAINTY: Pair = (
    "Dengan harga dan hasil empat triwulan terakhir yang diambil ulang per program (bootstrap), "
    "menjangkau semua ASN dengan bauran optimal membutuhkan {amount} (interval 95% {low} sampai {high}); "
    "dengan bauran sekarang {current} ({current_low} sampai {current_high}).",
    "With the last four quarters' prices and yields resampled by programme (bootstrap), reaching every "
    "ASN with the optimal mix takes {amount} (95% interval {low} to {high}); with the current mix "
    "{current} ({current_low} to {current_high}).",
)
MIX_RESTS_ON_NOISY: Pair = (
    "Rencana optimal bertumpu pada format yang hasil per rupiahnya paling tidak pasti ({formats}): "
    "rencananya dapat berubah banyak bila harga atau hasil berubah.",
    "The optimal plan rests on the formats whose yield per rupiah is least certain ({formats}): "
    "it may change a lot as prices or yields change.",
)
MIX_NOT_ENOUGH_DATA: Pair = (
    "**Campuran bentuk.** Data belum cukup: tidak ada bentuk pelatihan dengan sedikitnya {min_n} tempat "
    "pelatihan teramati beserta biaya dan hasilnya, sehingga campuran optimal tidak dihitung.",
    "**Format mix.** Not enough data: no training format has at least {min_n} observed places with an "
    "observed cost and yield, so no optimal mix is computed.",
)
MIX_PLANNING_CAVEAT: Pair = (
    "Ini perhitungan perencanaan dengan asumsi sasaran tepat, bukan perkiraan dampak: kualitas "
    "pembelajaran tiap bentuk tidak ikut dihitung.",
    "This is a planning calculation that assumes places go to those who need them, not an impact "
    "estimate: learning quality per format is not part of it.",
)

# --------------------------------------------------------------------------- format-mix assumptions

ASSUMPTIONS_HEADING: Pair = ("**Asumsi perhitungan:**", "**Assumptions:**")
ASSUME_COST_AND_YIELD: Pair = (
    "Setiap kursi tambahan berbiaya rata-rata biaya per kursi bentuknya (biaya riil, atau biaya "
    "program bila hadir) dan menghasilkan tingkat penyelesaian serta JP per penyelesaian yang "
    "teramati.",
    "Each extra place costs the observed average cost per place of its format (own cost, else "
    "programme cost when attended) and yields the observed completion rate and JP per completion "
    "(constant returns).",
)
ASSUME_PEOPLE_REACHED: Pair = (
    "ASN yang terjangkau = kursi x tingkat penyelesaian x min(JP per penyelesaian, 20) / 20; satu "
    "penyelesaian paling banyak memenuhi kewajiban 20 JP satu orang, dan kursi dari beberapa "
    "bentuk dapat digabung untuk satu orang.",
    "People reached = sum of places x completion rate x min(JP per completion, 20) / 20: a "
    "completion covers at most one person's 20-JP requirement, and places can be combined across "
    "formats for one person.",
)
ASSUME_JP_DELIVERED: Pair = (
    "JP yang dihasilkan = kursi x tingkat penyelesaian x JP per penyelesaian.",
    "JP delivered = sum of places x completion rate x JP per completion.",
)
ASSUME_CAPPED: Pair = (
    "Kursi per bentuk dibatasi {cap} x kursi per tahun yang teramati dalam empat triwulan "
    "terakhir (kapasitas penyelenggara).",
    "Places per format are capped at {cap} x the places per year observed in the trailing four "
    "quarters (the capacity providers showed).",
)
ASSUME_NOT_CAPPED: Pair = ("Kursi per bentuk tidak dibatasi.", "Places per format are not capped.")
ASSUME_CURRENT_MIX: Pair = (
    "Campuran saat ini = campuran kursi yang teramati, diskalakan agar membelanjakan anggaran yang "
    "sama, atau kurang bila itu sudah menjangkau semua ASN atau bila batas kapasitas tercapai.",
    "The current mix is the observed mix of places scaled to spend the same budget, or less when "
    "less reaches everyone or when the capacity caps bind.",
)
ASSUME_NO_QUALITY: Pair = (
    "Kualitas pembelajaran (peningkatan nilai, penerapan di tempat kerja) tidak ikut dihitung.",
    "Learning quality (gain, on-the-job use) is not part of the objective: a format is valued for "
    "JP and people reached only.",
)
ASSUME_MIN_SHARE: Pair = (
    "Paling sedikit {share} kursi untuk {format}.",
    "At least {share} of places are in formats matching {format}.",
)
ASSUME_MAX_PEOPLE: Pair = (
    "Paling banyak {n} ASN (seluruh ASN aktif) dapat dijangkau, dengan sasaran tepat; bila "
    "anggaran cukup untuk semuanya, rencana adalah yang termurah dan sisa dana dilaporkan.",
    "At most {n} people can be reached (those who need JP); places are assumed to go to them "
    "(perfect targeting). When the budget reaches them all, the plan is the cheapest that does, "
    "and the money left is reported.",
)
LEFT_OUT: Pair = (
    "Tidak diikutkan karena data belum cukup (< {min_n} kursi): {formats}.",
    "Left out for lack of data (< {min_n} places): {formats}.",
)
LEFT_OUT_FORMAT: Pair = ("{format} ({n} kursi)", "{format} ({n} places)")

# --------------------------------------------------------------------------- trend

COST_ROSE: Pair = ("naik", "rose")
COST_FELL: Pair = ("turun", "fell")
COST_NO_CLEAR_CHANGE: Pair = ("tidak berubah secara bermakna", "did not change beyond its uncertainty")
TREND: Pair = (
    "**Tren.** Serapan pada {period} {absorption} dibanding {earlier_absorption} pada {earlier}. "
    "Biaya per JP triwulan ini {verb} dibanding triwulan yang sama tahun lalu ({before} → "
    "{after}; selisih {difference}).",
    "**Trend.** Absorption in {period} is {absorption} against {earlier_absorption} in {earlier}. "
    "This quarter's cost per JP {verb} compared with the same quarter last year ({before} → "
    "{after}; difference {difference}).",
)

# --------------------------------------------------------------------------- one agency

OWN_COST_PER_JP: Pair = ("biaya per JP OPD sendiri", "its own cost per JP")
CITY_COST_PER_JP_USED: Pair = (
    "biaya per JP kota (data OPD belum cukup)",
    "the city's cost per JP (not enough own data)",
)
AGENCY: Pair = (
    "**{agency}.** Serapan {absorption} ({spending} dari {allocated}); {jp} JP masih dibutuhkan, "
    "senilai {need} dengan {rate}; kekurangan dana {shortfall}.",
    "**{agency}.** Absorption {absorption} ({spending} of {allocated}); {jp} JP still needed, "
    "worth {need} at {rate}; shortfall {shortfall}.",
)

# --------------------------------------------------------------------------- tables

SPENDING_TABLE_TITLE: Pair = (
    "Pagu, belanja dan serapan per OPD, {period}",
    "Allocation, spending and absorption by agency, {period}",
)
SPENDING_TABLE_NOTE: Pair = (
    "Belanja = biaya keikutsertaan pegawai OPD (termasuk yang sudah keluar) yang selesai pada "
    "tahun berjalan.",
    "Spending = cost of the agency's employees' enrollments (leavers included) ending in the year "
    "to date.",
)
GAP_TABLE_TITLE: Pair = ("Kebutuhan dana 20 JP per OPD, {year}", "Funding gap to 20 JP by agency, {year}")
GAP_TABLE_NOTE: Pair = (
    "Biaya per JP OPD sendiri bila >= {min_n} keikutsertaan selesai dalam empat triwulan "
    "terakhir, selain itu biaya per JP kota.",
    "The agency's own cost per JP when it has >= {min_n} completed enrollments in the last four "
    "quarters, else the city's.",
)
COST_TABLE_TITLE: Pair = (
    "Biaya per JP menurut bentuk dan penyelenggara",
    "Cost per JP by format and provider",
)
COST_TABLE_NOTE: Pair = (
    "Total biaya / total JP diakui, empat triwulan terakhir; {ci} metode delta.",
    "Total cost / total credited JP, last four quarters; {ci} by the delta method.",
)
MIX_TABLE_TITLE: Pair = ("Campuran bentuk optimal vs saat ini", "Optimal vs current format mix")
TREND_TABLE_TITLE: Pair = ("Tren anggaran, delapan triwulan", "Budget trend, eight quarters")

# --------------------------------------------------------------------------- charts

ALLOCATION_LINE: Pair = ("100% pagu", "100% of allocation")
EVEN_PACE: Pair = ("laju merata ({pace})", "even pace ({pace})")
ABSORPTION_AXIS: Pair = ("Serapan pagu s.d. triwulan ini (%)", "Allocation absorbed year-to-date (%)")
ABSORPTION_TITLE: Pair = ("Serapan anggaran per OPD, {period}", "Budget absorption by agency, {period}")
TOP_ROWS: Pair = (" ({n} tertinggi)", " (top {n})")
GAP_BAR: Pair = ("Kebutuhan dana 20 JP", "Funding needed for 20 JP")
SHORTFALL_BAR: Pair = ("Tidak tertutup sisa pagu", "Not covered by the remaining allocation")
GAP_AXIS: Pair = ("Rp ribu per ASN aktif ({ci})", "IDR thousand per active ASN ({ci})")
GAP_TITLE: Pair = ("Kebutuhan dana 20 JP per ASN, {year}", "Funding needed for 20 JP per ASN, {year}")
TOP_SHORTFALLS: Pair = (" ({n} kekurangan terbesar)", " (top {n} shortfalls)")
FORMAT_PANEL: Pair = ("Bentuk", "Format")
PROVIDER_PANEL: Pair = ("Penyelenggara", "Provider")
COST_AXIS: Pair = ("Rp ribu per JP", "IDR thousand per JP")
COST_TITLE: Pair = (
    "Biaya per JP, empat triwulan terakhir ({ci}; garis putus: kota)",
    "Cost per JP, last four quarters ({ci}; dashed: city)",
)
THIN_GROUP_FOOTNOTE: Pair = (
    "* {not_enough_data} (< {min_n} keikutsertaan selesai)",
    "* {not_enough_data} (< {min_n} completed enrollments)",
)
CURRENT_MIX: Pair = ("Saat ini", "Current")
OPTIMAL_MIX: Pair = ("Optimal", "Optimal")
PLACES_AXIS: Pair = ("Kursi pelatihan yang dibeli", "Training places bought")
MIX_TITLE: Pair = (
    "Campuran bentuk pelatihan: saat ini vs optimal",
    "Training format mix: current vs optimal",
)
MIX_CORNER: Pair = (
    "ASN setara 20 JP: {current_people} dengan {current_spend} (saat ini); {optimal_people} "
    "dengan {optimal_spend} (optimal)",
    "ASN-equivalents at 20 JP: {current_people} for {current_spend} (current); {optimal_people} "
    "for {optimal_spend} (optimal)",
)
QUARTER_TICK: Pair = ("TW {roman} {year}", "Q{quarter} {year}")
TREND_ABSORPTION_AXIS: Pair = ("Serapan s.d. triwulan (%)", "Absorption year-to-date (%)")
TREND_ABSORPTION_TITLE: Pair = ("Serapan pagu kota", "City budget absorption")
TREND_COST_TITLE: Pair = ("Biaya per JP per triwulan ({ci})", "Cost per JP by quarter ({ci})")
