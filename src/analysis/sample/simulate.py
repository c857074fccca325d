"""Simulation of one district: every table of the data contract and what ``truth.json`` needs.

Owns the order of the steps (:func:`simulate_district`), which is the order of the random
draws: the units' launches and starved agencies (:mod:`~analysis.sample.population`), the staff's
motivation trait, the catalogue's campaign programmes (:mod:`~analysis.sample.catalogue`), the
quarter loop of participation, registrations, survey and recognitions
(:mod:`~analysis.sample.quarters`), what each registration becomes
(:mod:`~analysis.sample.outcomes`), exposure and service metrics (:mod:`~analysis.sample.service`),
then assessments and budget (:mod:`~analysis.sample.records`). The equations are in
:mod:`analysis.sample.effects`. Everything random comes from the ``numpy.random.Generator``
passed in, in this fixed order, so a seed fixes the output.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.data.contract import PROGRAMS, UNITS
from analysis.sample import records
from analysis.sample.catalogue import catalogue, programme_effects
from analysis.sample.effects import Effects
from analysis.sample.outcomes import enroll, enrollments_frame, future_registrations
from analysis.sample.population import district_units, staff
from analysis.sample.quarters import quarter_calendar, run_quarters
from analysis.sample.service import METRICS, exposure, service_metrics, true_windows
from analysis.sample.structure import District

__all__ = ["METRICS", "DistrictResult", "programme_effects", "simulate_district", "true_windows"]


@dataclass(frozen=True)
class DistrictResult:
    """Frames of one district (contract columns only) and what truth.json needs."""

    frames: dict[str, pd.DataFrame]
    #: unit_id, cohort, event_time, it_trained, <metric>...: the realised launch effects,
    #: clip(y0 + planted effect) - clip(y0), of the treated unit-quarters
    launch_effects: pd.DataFrame
    launch_units: dict[str, str]
    it_trained_units: tuple[str, ...]
    starved_agencies: tuple[str, ...]
    cost_sums: pd.DataFrame  # modality, cost_idr, credited_jp (completed enrollments)
    exposure: pd.DataFrame  # unit_id, period, staff, jp_per_staff_4q (service units)
    clipped: dict[str, int]  # service-metric values clipped to the metric's range


def simulate_district(
    district: District,
    units: pd.DataFrame,
    employees: pd.DataFrame,
    programs: pd.DataFrame,
    effects: Effects,
    rng: np.random.Generator,
    quarters: list[str],
    pre_data_quarters: int = 0,
) -> DistrictResult:
    """Generate every table of one district for the given quarters.

    ``pre_data_quarters`` (0 to 3): staff also trained in that many quarters before the first
    data quarter, each employee as in the same calendar quarter one year later (nobody hired
    after the first data quarter starts). Those enrollments are not in the data, but they
    count in the true four-quarter exposure that drives the service metrics, so the first
    quarters' windows in the data are truncated, as in a real extract. No random draws are
    added, so 0 (the default) gives the same data as before the option existed.
    """
    cal = quarter_calendar(quarters)
    du = district_units(district, units, effects, rng, quarters)
    st = staff(employees, du, rng)
    cat = catalogue(programs, effects, du, rng)
    reg, awards = run_quarters(cal, st, du, cat, effects, rng)
    enr = enroll(reg, st, du, cat, effects, cal, rng)
    future = future_registrations(st, cat, cal, rng)
    prefix = f"ENR-{district.prefix}-" if district.prefix else "ENR-"
    enrollments = enrollments_frame(enr, future, st, cat, prefix)
    credited = enr.credited(cat)
    expo = exposure(enr.emp, enr.t, credited, st, du.n, cal, pre_data_quarters)
    svc = service_metrics(du, expo, effects, cal, rng)
    assessments = records.assessments(employees, st, expo.jp_by_quarter, effects, cal, rng)
    cost_idr = enr.cost_idr(cat)
    budget = records.budget(enr, cost_idr, st, du, effects, cal, rng)
    has = du.launch_t >= 0
    frames = {
        "units": records.units_with_launch(units, du, cal)[list(UNITS.column_names)],
        "employees": employees,
        "programs": programs[list(PROGRAMS.column_names)],
        "enrollments": enrollments,
        "assessments": assessments,
        "service_metrics": svc.metrics,
        "budget": budget,
        "recognitions": records.recognitions_frame(awards, st),
        "survey": records.survey_frame(reg, st),
    }
    return DistrictResult(
        frames=frames,
        launch_effects=svc.launch_effects,
        launch_units={du.ids[i]: quarters[du.launch_t[i]] for i in np.flatnonzero(has)},
        it_trained_units=tuple(du.ids[np.flatnonzero(du.it_trained & has)]),
        starved_agencies=tuple(du.ids[i] for i in du.starved_units),
        cost_sums=records.cost_sums(enr, cost_idr, credited, cat),
        exposure=svc.exposure,
        clipped=svc.clipped,
    )
