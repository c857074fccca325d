"""The sheet names of ``tables.xlsx``, in each language (at most 31 characters, Excel's limit).

Pairs are ``(Bahasa Indonesia, English)``, keyed by the name a notebook saved the table
under (:meth:`analysis.data.results.ResultsRecorder.table`).
"""

from __future__ import annotations

#: Sheet names (at most 31 characters) of the key tables, by the name a notebook saved
#: the table under; a table not listed takes its title, cut to 31 characters.
SHEET_NAMES: dict[str, tuple[str, str]] = {
    "dq_files": ("Mutu data - berkas", "Data quality - files"),
    "dq_rows": ("Mutu data - baris", "Data quality - rows"),
    "dq_completeness": ("Mutu data - kelengkapan", "Data quality - completeness"),
    "dq_agencies": ("Mutu data - OPD", "Data quality - agencies"),
    "dq_changes_files": ("Perubahan berkas", "Changed files"),
    "dq_changes_rows": ("Perubahan baris", "Changed rows"),
    "outcomes_satisfaction": ("Kepuasan peserta", "Satisfaction"),
    "outcomes_learning": ("Kenaikan nilai", "Learning gains"),
    "outcomes_by_programme": ("Hasil per program", "Outcomes by programme"),
    "outcomes_adjusted_gain": ("Kenaikan disesuaikan", "Adjusted gains"),
    "outcomes_funnel": ("Diagram corong program", "Programme funnel"),
    "outcomes_behaviour": ("Penerapan di kerja", "On-the-job application"),
    "outcomes_relevance": ("Relevansi pelatihan", "Training relevance"),
    "outcomes_partnerships": ("Kemitraan", "Partnerships"),
    "outcomes_partner_programmes": ("Program mitra", "Partner programmes"),
    "outcomes_cost_effectiveness": ("Efektivitas biaya", "Cost-effectiveness"),
    "outcomes_trend": ("Tren hasil pelatihan", "Outcome trends"),
    "coverage_jp_compliance": ("Capaian 20 JP per OPD", "20 JP by agency"),
    "coverage_participation": ("Partisipasi per OPD", "Participation by agency"),
    "coverage_equity": ("Pemerataan", "Equity"),
    "coverage_not_reached": ("Unit belum terjangkau", "Units not reached"),
    "coverage_predictors": ("Faktor partisipasi", "Participation predictors"),
    "coverage_trend": ("Tren cakupan", "Coverage trends"),
    "budget_spending": ("Serapan anggaran", "Budget absorption"),
    "budget_funding_gap": ("Kekurangan dana", "Funding gap"),
    "budget_cost_per_jp": ("Biaya per JP", "Cost per JP"),
    "budget_format_mix": ("Campuran bentuk pelatihan", "Format mix"),
    "budget_trend": ("Tren anggaran", "Budget trend"),
    "linkage_effects": ("Efek pada layanan", "Effects on services"),
    "linkage_dose_response": ("Dosis-respons", "Dose-response"),
    "linkage_sector_slopes": ("Efek per sektor", "Effects by sector"),
    "linkage_model_comparison": ("Perbandingan model", "Model comparison"),
    "linkage_ikm_transitions": ("Perpindahan kategori IKM", "IKM category moves"),
    "linkage_online_att": ("Efek layanan daring", "Online-service effect"),
    "linkage_event_times": ("Waktu peristiwa daring", "Online event times"),
    "linkage_it_training": ("Pelatihan TI", "IT training"),
    "linkage_placebo": ("Uji plasebo", "Placebo test"),
    "linkage_leave_one_agency_out": ("Tanpa satu OPD", "Leave one agency out"),
    "linkage_alternative_exposures": ("Paparan alternatif", "Alternative exposures"),
    "hypotheses": ("Hipotesis", "Hypotheses"),
    "brief_trend": ("Tren indikator utama", "Headline trends"),
}
