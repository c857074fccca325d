"""Statistical disclosure control: no statistic on fewer than k people leaves the team.

The policy (``docs/disclosure.md``) is written once here and applied wherever a number
leaves the evaluation team: tables (HTML, PDF, ``tables.xlsx``), ``results.json``,
sentences and figures.

Rules
-----
**Threshold (primary suppression).** A count of people ``c`` with ``0 < c < k`` is
suppressed, and so is every statistic (mean, share, rate, odds ratio, gain) computed on
fewer than ``k`` people. A count of zero is not disclosive and is shown. Default
``k = 5`` (``config/disclosure.yaml``).

**Secondary suppression.** Within a table whose rows add up to a total (the city, or a
margin the reader can compute), a single suppressed row could be recovered as the total
minus the others. Whenever exactly one row of a margin is suppressed, the row with the
next-smallest count in that margin is suppressed too (Hundepool et al. 2012, sec. 4.4,
"hypercube"/"next smallest" rule for one-dimensional tables).

**Not suppressed.** Money per agency (allocations, spending) is public budget data, and
counts of units, programmes or quarters are not counts of people.

References
----------
Hundepool, A. et al. (2012). *Statistical Disclosure Control*. Wiley, ch. 4 (tabular data).
UU 27/2022 tentang Pelindungan Data Pribadi (Indonesia's personal-data protection law).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from analysis.data.config import config_file
from analysis.data.paths import CONFIG_DIR

#: The file the city edits; the defaults below apply without it.
POLICY_FILE = CONFIG_DIR / "disclosure.yaml"
_KEYS = {"min_people", "secondary"}
SECONDARY_RULES: tuple[str, ...] = ("next_smallest", "none")


class DisclosurePolicyError(ValueError):
    """The disclosure policy file is invalid (names the file, the key and the allowed values)."""


@dataclass(frozen=True)
class DisclosurePolicy:
    """The threshold ``min_people`` (k) and the secondary-suppression rule."""

    min_people: int = 5
    secondary: str = "next_smallest"

    def is_small(self, count: object) -> bool:
        """True for a count of people ``0 < count < k`` (a missing count is not small)."""
        value = _as_float(count)
        return not math.isnan(value) and 0 < value < self.min_people

    def too_few(self, count: object) -> bool:
        """True when a statistic rests on fewer than k people (0 or missing count included)."""
        value = _as_float(count)
        return math.isnan(value) or value < self.min_people

    @property
    def mark(self) -> str:
        """The mark shown instead of a suppressed value: ``<5``."""
        return f"<{self.min_people}"

    def as_record(self) -> dict[str, object]:
        """What ``manifest.json`` records of the policy."""
        return {"min_people": self.min_people, "secondary": self.secondary,
                "rule": "threshold k on people; next-smallest secondary suppression per margin"}


def _as_float(x: object) -> float:
    try:
        return float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


def load_policy(path: str | Path | None = None) -> DisclosurePolicy:
    """Read the policy from ``path`` (default: the city's ``disclosure.yaml``,
    :func:`analysis.data.config.config_file`, else the package's).

    Unknown keys and bad values are errors that name the file and the key; a missing
    default file gives the defaults.
    """
    file = Path(path) if path is not None else config_file(POLICY_FILE.name)
    if not file.is_file():
        if path is not None:
            raise DisclosurePolicyError(f"{file}: file not found")
        return DisclosurePolicy()
    raw = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    if not isinstance(raw, Mapping):
        raise DisclosurePolicyError(f"{file}: expected keys {sorted(_KEYS)}")
    unknown = set(raw) - _KEYS
    if unknown:
        raise DisclosurePolicyError(f"{file}: unknown key(s) {sorted(unknown)}; allowed: {sorted(_KEYS)}")
    k = raw.get("min_people", 5)
    if not isinstance(k, int) or isinstance(k, bool) or not 2 <= k <= 100:
        raise DisclosurePolicyError(f"{file}: min_people must be a whole number from 2 to 100; got {k!r}")
    secondary = raw.get("secondary", "next_smallest")
    if secondary not in SECONDARY_RULES:
        raise DisclosurePolicyError(f"{file}: secondary must be one of {list(SECONDARY_RULES)}; got {secondary!r}")
    return DisclosurePolicy(min_people=k, secondary=secondary)


def suppress_number(estimate: float | None, ci_low: float | None, ci_high: float | None,
                    n: float | None, policy: DisclosurePolicy) -> tuple[float | None, float | None, float | None, bool]:
    """``(estimate, ci_low, ci_high, suppressed)``: all three ``None`` when ``n`` is small.

    ``n`` is the number of people the statistic rests on; ``None`` means the number is
    not about people (a count of units, money) and is returned unchanged.
    """
    if n is None or not policy.is_small(n):
        return estimate, ci_low, ci_high, False
    return None, None, None, True


def suppression_mask(frame: pd.DataFrame, count_columns: Sequence[str], policy: DisclosurePolicy,
                     *, margins: Sequence[str] | None = None) -> pd.Series:
    """Rows to suppress: primary (a small count) and secondary (next smallest in each margin).

    Parameters
    ----------
    frame
        One row per group.
    count_columns
        Columns holding counts of people; a row is primarily suppressed when any of them is
        small (``0 < c < k``).
    margins
        Columns whose groups each add up to a total a reader knows (e.g. ``["period"]`` for a
        long table of agencies by quarter); ``None`` treats the whole table as one margin.

    Returns
    -------
    Series of bool aligned with ``frame.index``.
    """
    if frame.empty or not count_columns:
        return pd.Series(False, index=frame.index)
    counts = frame[list(count_columns)].apply(pd.to_numeric, errors="coerce")
    small = counts.gt(0) & counts.lt(policy.min_people)
    mask = small.any(axis=1)
    if policy.secondary == "none":
        return mask
    if margins:
        keys = list(margins)[0] if len(margins) == 1 else list(margins)
        groups: Iterable[pd.Index] = frame.groupby(keys, dropna=False, sort=False).groups.values()
    else:
        groups = [frame.index]
    base = counts[count_columns[0]]
    for index in groups:
        idx = pd.Index(index)
        if int(mask.loc[idx].sum()) != 1 or len(idx) < 2:
            continue
        candidates = base.loc[idx][~mask.loc[idx] & base.loc[idx].gt(0)].dropna()
        if len(candidates):
            mask.loc[candidates.idxmin()] = True
    return mask


def suppress_table(frame: pd.DataFrame, count_columns: Sequence[str], policy: DisclosurePolicy,
                   *, keep: Iterable[str] = (), margins: Sequence[str] | None = None,
                   flag: str | None = "suppressed") -> pd.DataFrame:
    """A copy of ``frame`` whose suppressed rows have every number blanked (NaN).

    Label columns (non-numeric) and the columns in ``keep`` (e.g. an agency's money, or
    counts of units) are left as they are. With ``flag``, a boolean column of that name says
    which rows were suppressed, so renderers can show the mark and the footnote.
    """
    mask = suppression_mask(frame, count_columns, policy, margins=margins)
    out = frame.copy()
    keep = set(keep)
    numeric = [c for c in out.columns if c not in keep and pd.api.types.is_numeric_dtype(out[c])
               and not pd.api.types.is_bool_dtype(out[c])]
    for column in numeric:
        if mask.any():
            out[column] = out[column].astype(float).where(~mask, np.nan)
    if flag:
        out[flag] = mask.to_numpy()
    return out


#: Columns that hold counts of people (or of their enrolments) in the package's tables.
#: A table passed to :func:`disclose` is suppressed on these; the list is the one place
#: that says which columns count people (``docs/disclosure.md``).
PEOPLE_COUNT_COLUMNS: frozenset[str] = frozenset({
    "n", "n_gain", "n_satisfaction", "n_level", "n_previous", "n_events",
    "active_staff", "assessed_staff", "staff", "people",
    "enrollments", "enrollments_ytd", "enrollments_assessed",
    "completed", "completed_4q", "dropped", "no_show", "participants",
    "not_reached", "staff_below_target",
})
#: Label columns whose groups each form a margin of their own (a long table of several
#: quarters or metrics adds up within each quarter or metric, not across them).
MARGIN_COLUMNS: tuple[str, ...] = ("period", "metric", "dimension", "by", "factor", "model", "year")


def people_count_columns(frame: pd.DataFrame) -> list[str]:
    """The columns of ``frame`` that count people (:data:`PEOPLE_COUNT_COLUMNS`), in order."""
    return [c for c in frame.columns if c in PEOPLE_COUNT_COLUMNS]


def disclose(frame: pd.DataFrame, policy: DisclosurePolicy, *, flag: str | None = "suppressed") -> pd.DataFrame:
    """Apply the policy to a table of the package: counts from :data:`PEOPLE_COUNT_COLUMNS`,
    margins from :data:`MARGIN_COLUMNS`, money columns (``*_idr``) kept (public budget data).

    A table with no people-count column is returned unchanged (a copy, without ``flag``).
    """
    counts = people_count_columns(frame)
    if not counts:
        return frame.copy()
    margins = [c for c in MARGIN_COLUMNS if c in frame.columns]
    keep = [c for c in frame.columns if str(c).endswith("_idr") or str(c) == "year"]
    return suppress_table(frame, counts, policy, keep=keep, margins=margins or None, flag=flag)
