"""What a hypothesis may name: outcomes, exposures, and the one design behind each pair.

A hypothesis pairs an **outcome** with an **exposure**. Each allowed pair maps to
exactly one estimation design (:data:`DESIGNS`), so an analyst chooses the
question and the toolkit chooses the method, the same way every time:

``panel_fe``
    Unit x quarter service metric on JP per staff member: unit and quarter fixed
    effects (plus the online launch cells), standard errors clustered by unit
    (:func:`analysis.linkage.fit_exposure`). Per 1 JP per staff member.
``staggered_did``
    Unit x quarter service metric on the start of online services: Sun & Abraham's
    interaction-weighted event study, never-starting units as the comparison
    (:func:`analysis.linkage.online_event_study`). The average effect after the start.
``it_did``
    Unit x quarter service metric: the extra improvement after the online start in
    units whose staff had IT / public-service training before it, as the difference of
    the two groups' Sun & Abraham effects (:func:`analysis.linkage.it_training_effect`).
``logit``
    Employee-level yes/no outcome (per employee and quarter, per enrollment, or per
    employee and year): logistic regression with quarter effects and staff
    covariates, standard errors clustered by unit (by programme for programme
    attributes); reported as the average marginal effect on the probability.
``ols``
    Credited JP per employee and quarter: least squares with absorbed quarter
    effects and staff covariates, standard errors clustered by unit.
``ancova``
    Learning gain (post - pre score) of completed, scored enrollments: least squares
    on the exposure with the pre-score, the other programme attributes, staff
    covariates and quarter effects (ANCOVA); clustered by programme for programme
    attributes (modality, provider type), else by unit.

The outcome and exposure definitions are in ``docs/hypotheses.md`` and
``docs/definitions.md``; the designs and their small-cluster rules in
``docs/methods.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from analysis.data.contract import (
    EMPLOYMENT_TYPES,
    GENDERS,
    METRIC_DIRECTIONS,
    METRIC_LABELS,
    MODALITIES,
    POSITION_TYPES,
    PROVIDER_TYPES,
    SECTORS,
)

Level = Literal["unit_quarter", "employee_quarter", "employee_year", "enrollment", "scored_enrollment"]
Design = Literal["panel_fe", "staggered_did", "it_did", "logit", "ols", "ancova"]


@dataclass(frozen=True)
class Outcome:
    """An outcome a hypothesis may name.

    ``level``: what one observation is; ``binary``: a yes/no outcome (effects on the
    probability, 0..1); ``label`` and ``units``: (Bahasa Indonesia, English).
    """

    code: str
    level: Level
    binary: bool
    label: tuple[str, str]
    units: tuple[str, str]


@dataclass(frozen=True)
class Exposure:
    """An exposure a hypothesis may name.

    ``kind``: ``continuous`` (effect per one unit), ``binary`` (yes vs no) or
    ``categorical`` (a ``level`` against a ``reference``; ``levels`` are the codes,
    ``default_level``/``default_reference`` apply when the hypothesis names none).
    ``programme_attribute``: the exposure varies between programmes only (modality,
    provider type), so programmes are the clusters.
    """

    code: str
    kind: Literal["continuous", "binary", "categorical"]
    label: tuple[str, str]
    units: tuple[str, str]
    levels: tuple[str, ...] = ()
    default_level: str | None = None
    default_reference: str | None = None
    programme_attribute: bool = False


#: Outcomes measured on employees or enrollments (service metrics are added from the data).
EMPLOYEE_OUTCOMES: dict[str, Outcome] = {
    o.code: o
    for o in (
        Outcome(
            "participation",
            "employee_quarter",
            True,
            ("Ikut pelatihan (≥ 1 program selesai atau putus dalam triwulan)",
             "Took part in training (≥ 1 programme attended in the quarter)"),
            ("peluang 0–1 (0,03 = 3 poin persen)", "probability 0–1 (0.03 = 3 percentage points)"),
        ),
        Outcome(
            "completion",
            "enrollment",
            True,
            ("Menyelesaikan program (dari pendaftaran yang sudah berakhir)",
             "Completed the programme (of decided enrollments)"),
            ("peluang 0–1 (0,03 = 3 poin persen)", "probability 0–1 (0.03 = 3 percentage points)"),
        ),
        Outcome(
            "no_show",
            "enrollment",
            True,
            ("Tidak hadir (dari pendaftaran yang sudah berakhir)",
             "Did not show up (of decided enrollments)"),
            ("peluang 0–1 (0,03 = 3 poin persen)", "probability 0–1 (0.03 = 3 percentage points)"),
        ),
        Outcome(
            "jp_credited",
            "employee_quarter",
            False,
            ("JP yang diakui per pegawai per triwulan", "Credited JP per employee and quarter"),
            ("JP per triwulan", "JP per quarter"),
        ),
        Outcome(
            "learning_gain",
            "scored_enrollment",
            False,
            ("Peningkatan nilai (post-test − pre-test)", "Learning gain (post-test − pre-test)"),
            ("poin nilai (skala 0–100)", "score points (0–100 scale)"),
        ),
        Outcome(
            "meets_20jp",
            "employee_year",
            True,
            ("Mencapai 20 JP dalam setahun (per triwulan IV)",
             "Reached 20 JP in the year (as of Q4)"),
            ("peluang 0–1 (0,03 = 3 poin persen)", "probability 0–1 (0.03 = 3 percentage points)"),
        ),
    )
}

_METRIC_UNITS: dict[str, tuple[str, str]] = {
    "ikm": ("poin IKM (skala 25–100)", "IKM points (25–100 scale)"),
    "processing_days": ("hari", "days"),
    "complaints_per_1000": ("pengaduan per 1.000 layanan", "complaints per 1,000 services"),
    "online_share": ("poin persen (0–100)", "percentage points (0–100)"),
    "spm_attainment": ("poin persen (0–100)", "percentage points (0–100)"),
}

EXPOSURES: dict[str, Exposure] = {
    e.code: e
    for e in (
        Exposure(
            "jp_per_staff",
            "continuous",
            ("JP per pegawai dalam triwulan yang sama", "JP per staff member in the same quarter"),
            ("per 1 JP per pegawai", "per 1 JP per staff member"),
        ),
        Exposure(
            "jp_per_staff_4q",
            "continuous",
            ("JP per pegawai dalam empat triwulan terakhir", "JP per staff member over the last four quarters"),
            ("per 1 JP per pegawai", "per 1 JP per staff member"),
        ),
        Exposure(
            "online_started",
            "binary",
            ("Sesudah layanan daring dimulai", "After online services started"),
            ("sesudah vs sebelum / tidak pernah", "after vs before / never"),
        ),
        Exposure(
            "it_trained_before_launch",
            "binary",
            ("Pegawai dilatih TI / pelayanan publik sebelum layanan daring dimulai",
             "Staff trained in IT / public service before the online start"),
            ("tambahan dampak: terlatih vs tidak", "extra effect: trained vs not"),
        ),
        Exposure(
            "head_trained_last_quarter",
            "binary",
            ("Kepala unit ikut pelatihan pada triwulan sebelumnya",
             "The unit head trained in the previous quarter"),
            ("ya vs tidak", "yes vs no"),
        ),
        Exposure(
            "unit_award_last_4q",
            "binary",
            ("Rekan satu unit menerima penghargaan kinerja dalam empat triwulan sebelumnya",
             "A colleague in the unit received a performance award in the previous four quarters"),
            ("ya vs tidak", "yes vs no"),
        ),
        Exposure(
            "received_award",
            "binary",
            ("Pegawai menerima penghargaan kinerja dalam empat triwulan sebelumnya",
             "The employee received a performance award in the previous four quarters"),
            ("ya vs tidak", "yes vs no"),
        ),
        Exposure(
            "modality",
            "categorical",
            ("Bentuk pelatihan", "Training format"),
            ("format vs pembanding", "format vs reference"),
            levels=MODALITIES,
            default_reference="classroom",
            programme_attribute=True,
        ),
        Exposure(
            "provider_type",
            "categorical",
            ("Jenis penyelenggara", "Provider type"),
            ("penyelenggara vs pembanding", "provider vs reference"),
            levels=PROVIDER_TYPES,
            default_reference="internal",
            programme_attribute=True,
        ),
        Exposure(
            "employment_type",
            "categorical",
            ("Status kepegawaian", "Employment type"),
            ("PPPK vs PNS", "PPPK vs PNS"),
            levels=EMPLOYMENT_TYPES,
            default_level="pppk",
            default_reference="pns",
        ),
        Exposure(
            "gender",
            "categorical",
            ("Jenis kelamin", "Gender"),
            ("perempuan vs laki-laki", "women vs men"),
            levels=GENDERS,
            default_level="F",
            default_reference="M",
        ),
        Exposure(
            "position_type",
            "categorical",
            ("Jenis jabatan", "Position type"),
            ("jabatan vs pembanding", "position vs reference"),
            levels=POSITION_TYPES,
            default_reference="staff",
        ),
    )
}

UNIT_EXPOSURE_DESIGNS: dict[str, Design] = {
    "jp_per_staff": "panel_fe",
    "jp_per_staff_4q": "panel_fe",
    "online_started": "staggered_did",
    "it_trained_before_launch": "it_did",
}
#: Exposures measured on the employee (in the outcome's quarter).
EMPLOYEE_EXPOSURES: tuple[str, ...] = (
    "head_trained_last_quarter",
    "unit_award_last_4q",
    "received_award",
    "employment_type",
    "gender",
    "position_type",
)
#: Exposures that are attributes of the programme (enrollment-level outcomes only).
PROGRAMME_EXPOSURES: tuple[str, ...] = ("modality", "provider_type")

#: Columns a ``filter:`` may restrict, by the level of the outcome.
FILTER_COLUMNS: dict[Level, tuple[str, ...]] = {
    "unit_quarter": ("sector", "agency_id", "unit_id"),
    "employee_quarter": ("sector", "agency_id", "unit_id", "employment_type", "gender", "position_type"),
    "employee_year": ("sector", "agency_id", "unit_id", "employment_type", "gender", "position_type"),
    "enrollment": ("sector", "agency_id", "unit_id", "employment_type", "gender", "position_type",
                   "modality", "provider_type"),
    "scored_enrollment": ("sector", "agency_id", "unit_id", "employment_type", "gender", "position_type",
                          "modality", "provider_type"),
}
#: The codes of the coded filter columns (ids are checked against the data instead).
FILTER_CODES: dict[str, tuple[str, ...]] = {
    "sector": SECTORS,
    "employment_type": EMPLOYMENT_TYPES,
    "gender": GENDERS,
    "position_type": POSITION_TYPES,
    "modality": MODALITIES,
    "provider_type": PROVIDER_TYPES,
}

DESIGN_LABELS: dict[Design, tuple[str, str]] = {
    "panel_fe": (
        "panel unit x triwulan, efek tetap unit dan triwulan, galat baku per unit",
        "unit x quarter panel, unit and quarter fixed effects, SE clustered by unit",
    ),
    "staggered_did": (
        "studi peristiwa Sun & Abraham (adopsi bertahap), unit yang tidak pernah mulai sebagai pembanding",
        "Sun & Abraham event study (staggered adoption), never-starting units as comparison",
    ),
    "it_did": (
        "selisih dampak Sun & Abraham: unit terlatih TI vs unit lain yang mulai daring",
        "difference of Sun & Abraham effects: IT-trained vs other starting units",
    ),
    "logit": (
        "regresi logistik dengan efek triwulan dan karakteristik pegawai, galat baku per unit "
        "(per program untuk atribut program); efek marginal rata-rata",
        "logit with quarter effects and staff covariates, SE clustered by unit (by programme for "
        "programme attributes); average marginal effect",
    ),
    "ols": (
        "regresi linear dengan efek tetap triwulan dan karakteristik pegawai, galat baku per unit",
        "least squares with quarter fixed effects and staff covariates, SE clustered by unit",
    ),
    "ancova": (
        "ANCOVA: nilai pre-test, atribut program lain, karakteristik pegawai dan efek triwulan; "
        "galat baku per program (atribut program) atau per unit",
        "ANCOVA: pre-test score, the other programme attributes, staff covariates and quarter "
        "effects; SE clustered by programme (programme attributes) or by unit",
    ),
}


@dataclass(frozen=True)
class Catalogue:
    """The outcomes and exposures available for one dataset (or the contract's, without data).

    ``ids``: the data's ``agency_id`` and ``unit_id`` values (empty without data),
    used to check filters.
    """

    outcomes: dict[str, Outcome]
    exposures: dict[str, Exposure] = field(default_factory=lambda: dict(EXPOSURES))
    ids: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def design(self, outcome: str, exposure: str) -> Design | None:
        """The design for a pair, or ``None`` when the pair is not allowed."""
        return design_for(self.outcomes[outcome], exposure) if outcome in self.outcomes else None

    def exposures_for(self, outcome: str) -> tuple[str, ...]:
        """The exposures an outcome may be paired with, in catalogue order."""
        return tuple(e for e in self.exposures if self.design(outcome, e) is not None)


def metric_outcome(code: str) -> Outcome:
    """The catalogue entry of a unit x quarter service metric (known or custom)."""
    label = METRIC_LABELS.get(code, (code, code))
    units = _METRIC_UNITS.get(code, ("satuan indikator", "metric units"))
    return Outcome(code, "unit_quarter", False, label, units)


def design_for(outcome: Outcome, exposure: str) -> Design | None:
    """The one design of an outcome-exposure pair (``None``: the pair is not allowed).

    Unit x quarter outcomes take the unit exposures; employee and enrollment
    outcomes take the employee exposures; enrollment outcomes also take the
    programme attributes (modality, provider type).
    """
    if outcome.level == "unit_quarter":
        return UNIT_EXPOSURE_DESIGNS.get(exposure)
    allowed = list(EMPLOYEE_EXPOSURES)
    if outcome.level in ("enrollment", "scored_enrollment"):
        allowed += PROGRAMME_EXPOSURES
    if exposure not in allowed:
        return None
    if outcome.level == "scored_enrollment":
        return "ancova"
    return "logit" if outcome.binary else "ols"


def catalogue(metrics: Iterable[str] | None = None, ids: dict[str, Iterable[str]] | None = None) -> Catalogue:
    """The catalogue: every service metric given (default: the contract's known metrics),
    then the employee and enrollment outcomes; all exposures.

    Parameters
    ----------
    metrics
        Service-metric codes present in the data (``service_metrics.metric``).
    ids
        ``{"agency_id": [...], "unit_id": [...]}`` from the data, for filter checks.
    """
    codes = list(METRIC_DIRECTIONS) if metrics is None else sorted(
        set(metrics), key=lambda m: (list(METRIC_DIRECTIONS).index(m) if m in METRIC_DIRECTIONS
                                     else len(METRIC_DIRECTIONS), m))
    outcomes = {m: metric_outcome(m) for m in codes}
    outcomes.update(EMPLOYEE_OUTCOMES)
    return Catalogue(outcomes, dict(EXPOSURES), {k: tuple(sorted(map(str, v))) for k, v in (ids or {}).items()})


def dataset_catalogue(ds: object) -> Catalogue:
    """:func:`catalogue` for a :class:`analysis.data.dataset.Dataset`: its metrics and ids.

    The contract's known metrics (:data:`~analysis.data.contract.METRIC_DIRECTIONS`) are
    outcomes even when the data hold no row of them (a city without service metrics yet):
    a hypothesis on one is then reported as not estimable, not refused as a typo.
    """
    present = ds.service_metrics["metric"].dropna().astype(str).unique().tolist()  # type: ignore[attr-defined]
    metrics = [*METRIC_DIRECTIONS, *present]
    units = ds.units  # type: ignore[attr-defined]
    return catalogue(metrics, {"agency_id": units["agency_id"].dropna().astype(str).unique(),
                               "unit_id": units["unit_id"].dropna().astype(str).unique()})
