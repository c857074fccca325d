"""The scope of a report: the whole city, or one OPD (agency) and everything that belongs to it.

Every notebook takes an ``agency`` parameter; :func:`restrict_to_agency` cuts the
dataset down to that agency once, so every analysis after it sees only the agency's
units, staff and records (``docs/definitions.md``, "Scope").
"""

from __future__ import annotations

import pandas as pd

from analysis.data.dataset import Dataset

#: The ``agency`` value that means "the whole city" (no restriction).
ALL_AGENCIES = "all"


def _rows_in(frame: pd.DataFrame | None, column: str, values: set) -> pd.DataFrame | None:
    """The rows of ``frame`` whose ``column`` is one of ``values`` (``None`` stays ``None``)."""
    if frame is None:
        return None
    return frame.loc[frame[column].isin(values)].reset_index(drop=True)


def restrict_to_agency(ds: Dataset, agency: str | None) -> Dataset:
    """The part of ``ds`` that belongs to one OPD (``agency`` = its agency_id).

    Keeps the agency's units, the employees assigned to them, and those
    employees' enrollments, assessments, recognitions and survey answers; the
    programme list, the agency's budget rows and its units' service metrics.
    ``None`` or ``"all"`` returns ``ds`` unchanged.

    Parameters
    ----------
    ds
        The whole dataset.
    agency
        An ``agency_id`` of ``ds.units``, ``"all"`` or ``None``.

    Returns
    -------
    Dataset
        A new dataset with the same source, files and loader warnings.

    Raises
    ------
    ValueError
        When ``agency`` is not an agency_id of the dataset (the message lists them).
    """
    if agency is None or agency == ALL_AGENCIES:
        return ds
    agencies = sorted(ds.units["agency_id"].dropna().unique())
    if agency not in agencies:
        raise ValueError(f"unknown agency {agency!r}; the data has {', '.join(agencies)} (or 'all')")
    units = ds.units.loc[ds.units["agency_id"].eq(agency)].reset_index(drop=True)
    unit_ids = set(units["unit_id"])
    employees = ds.employees.loc[ds.employees["unit_id"].isin(unit_ids)].reset_index(drop=True)
    emp_ids = set(employees["employee_id"])
    return Dataset(
        units=units,
        employees=employees,
        programs=ds.programs,
        enrollments=_rows_in(ds.enrollments, "employee_id", emp_ids),
        assessments=_rows_in(ds.assessments, "employee_id", emp_ids),
        service_metrics=_rows_in(ds.service_metrics, "unit_id", unit_ids),
        budget=_rows_in(ds.budget, "agency_id", {agency}),
        recognitions=_rows_in(ds.recognitions, "employee_id", emp_ids),
        survey=_rows_in(ds.survey, "employee_id", emp_ids),
        source=ds.source,
        files=ds.files,
        warnings=ds.warnings,
    )
