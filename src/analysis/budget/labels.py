"""Reader-facing names in the budget area: format codes, formats made of several columns, agencies."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from analysis.text import fmt
from analysis.text.lang import Lang


def label(code: object, lang: Lang = "id") -> str:
    """Reader-facing name of a modality, provider-type or domain code (:func:`analysis.text.fmt.code_label`)."""
    return fmt.code_label(code, lang)


def format_name(row: Mapping[str, Any], by: Sequence[str], lang: Lang = "id") -> str:
    """A format's readable name from its columns ``by`` (``Klasikal / Internal``)."""
    return " / ".join(label(row[c], lang) for c in by)


def agency_name(names: Mapping[str, str] | pd.Series, agency_id: str) -> str:
    """The agency's name from ``names`` (:func:`analysis.budget.spending.agency_names`), else its id."""
    return names.get(agency_id, agency_id)
