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

**Rates.** A rate or share of people (a completion, drop-out or participation rate) gives
its numerator away with its denominator (8 enrolments, 25% drop-out: 2 people). The rate
cell is suppressed when its count ``round(rate × denominator)`` or the complement
``denominator − count`` is small (``0 < c < k``); :data:`RATE_DENOMINATORS` says which
column is the denominator of which rate.

**Secondary suppression.** Cells that add up to a total the reader knows (the rows of a
table and the city total; completion, no-show and drop-out rates, which add up to 1) are
a *margin*: one hidden cell could be recovered as the total minus the others. Within each
margin the hidden cells are completed by the next-smallest visible cells
(:func:`complementary_cells`, Hundepool et al. 2012, sec. 4.4, the "next smallest" rule for
one-dimensional tables) until (a) at least two cells are hidden, (b) not exactly two small
cells are hidden alone (their sum would be the total minus the rest), and (c) the sum of the
hidden cells is not itself a small count. A cell hidden only for this reason is shown with
its own mark (``x``), distinct from the ``<5`` of a small cell.

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
#: Kinds of suppression: a small cell (primary), or a cell hidden to protect one (secondary).
PRIMARY = "primary"
SECONDARY = "secondary"
#: The mark of a secondarily suppressed cell (statistical offices' "x": withheld).
SECONDARY_MARK = "x"
#: The column of a disclosed table that says which cells were hidden (:func:`cell_marks`).
SUPPRESSION_COLUMN = "suppression"


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

    @property
    def secondary_mark(self) -> str:
        """The mark of a value hidden only so that a small cell cannot be worked out: ``x``."""
        return SECONDARY_MARK

    def mark_of(self, kind: str) -> str:
        """The mark of a suppression ``kind`` (:data:`PRIMARY` or :data:`SECONDARY`)."""
        return self.secondary_mark if kind == SECONDARY else self.mark

    def as_record(self) -> dict[str, object]:
        """What ``manifest.json`` records of the policy."""
        return {"min_people": self.min_people, "secondary": self.secondary,
                "rule": "threshold k on people and on the counts rates reveal; next-smallest secondary "
                        "suppression per margin until at least two cells, not two small cells alone, "
                        "and a hidden sum of at least k",
                "marks": {"primary": self.mark, "secondary": self.secondary_mark}}


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
                    n: float | None, policy: DisclosurePolicy,
                    *, unit: str = "") -> tuple[float | None, float | None, float | None, bool]:
    """``(estimate, ci_low, ci_high, suppressed)``: all three ``None`` when the number is
    disclosive.

    ``n`` is the number of people the statistic rests on; ``None`` means the number is
    not about people (a count of units, money) and is returned unchanged. A number is
    disclosive when ``n`` is small, when it is a ``unit="count"`` of people that is small,
    or when it is a ``unit="share"`` of the ``n`` people whose count or complement is small
    (:func:`rate_is_small`: 25% of 8 enrolments is 2 people).
    """
    if n is None:
        return estimate, ci_low, ci_high, False
    disclosive = (policy.is_small(n)
                  or (unit == "count" and policy.is_small(estimate))
                  or (unit == "share" and rate_is_small(estimate, n, policy)))
    if not disclosive:
        return estimate, ci_low, ci_high, False
    return None, None, None, True


def complementary_cells(counts: pd.Series, hidden: pd.Series, min_people: int) -> pd.Series:
    """The cells to hide in one margin so that no hidden cell can be worked out from its total.

    ``counts`` are the counts of people of the margin's cells (cells that add up to a total
    the reader knows), ``hidden`` the cells already hidden. The next-smallest visible cell
    with a positive count is added while

    - exactly one cell is hidden (it would be the total minus the others),
    - exactly two cells are hidden and both are small (their sum is the total minus the
      others, and it splits in few ways), or
    - the hidden cells add up to a small count ``0 < sum < k`` (the sum is itself a small
      cell).

    Zero counts are never added (hiding a zero protects nothing the total does not already
    say). Returns the cells added (bool, aligned with ``counts``); when no visible positive
    cell is left the margin stays as it is.
    """
    values = pd.to_numeric(counts, errors="coerce")
    small = values.gt(0) & values.lt(min_people)
    out = hidden.astype(bool).copy()
    while out.any():
        n_hidden = int(out.sum())
        total = float(values[out].fillna(0).sum())
        exposed = (n_hidden == 1 or (n_hidden == 2 and bool(small[out].all()))
                   or 0 < total < min_people)
        if not exposed:
            break
        candidates = values[~out & values.gt(0)].dropna()
        if candidates.empty:
            break
        out.loc[candidates.idxmin()] = True
    return out & ~hidden.astype(bool)


def _margin_groups(frame: pd.DataFrame, margins: Sequence[str] | None) -> list[pd.Index]:
    if not margins:
        return [frame.index]
    keys = list(margins)[0] if len(margins) == 1 else list(margins)
    return [pd.Index(i) for i in frame.groupby(keys, dropna=False, sort=False).groups.values()]


def suppression_kinds(frame: pd.DataFrame, count_columns: Sequence[str], policy: DisclosurePolicy,
                      *, margins: Sequence[str] | None = None) -> pd.Series:
    """Which rows to suppress and why: :data:`PRIMARY` (a small count), :data:`SECONDARY`
    (hidden by :func:`complementary_cells` within its margin) or ``""``.

    Parameters
    ----------
    frame
        One row per group.
    count_columns
        Columns holding counts of people; a row is primarily suppressed when any of them is
        small (``0 < c < k``). The first one is the count the margin adds up.
    margins
        Columns whose groups each add up to a total a reader knows (e.g. ``["period"]`` for a
        long table of agencies by quarter); ``None`` treats the whole table as one margin.
    """
    kinds = pd.Series("", index=frame.index, dtype=object)
    if frame.empty or not count_columns:
        return kinds
    counts = frame[list(count_columns)].apply(pd.to_numeric, errors="coerce")
    primary = (counts.gt(0) & counts.lt(policy.min_people)).any(axis=1)
    kinds[primary] = PRIMARY
    if policy.secondary == "none":
        return kinds
    base = counts[count_columns[0]]
    for index in _margin_groups(frame, margins):
        added = complementary_cells(base.loc[index], primary.loc[index], policy.min_people)
        kinds.loc[added[added].index] = SECONDARY
    return kinds


def suppression_mask(frame: pd.DataFrame, count_columns: Sequence[str], policy: DisclosurePolicy,
                     *, margins: Sequence[str] | None = None) -> pd.Series:
    """Rows to suppress (bool), primary or secondary: see :func:`suppression_kinds`."""
    return suppression_kinds(frame, count_columns, policy, margins=margins).ne("")


#: The denominator column of each rate or share of people a table may show (the first of
#: the candidates the table has): the rate's count is ``round(rate × denominator)``
#: (``docs/disclosure.md``).
RATE_DENOMINATORS: Mapping[str, tuple[str, ...]] = {
    "completion_rate": ("enrollments",), "no_show_rate": ("enrollments",), "dropout_rate": ("enrollments",),
    "participation_rate": ("active_staff", "staff"), "share_meeting_20jp": ("active_staff", "staff"),
    "share_on_track": ("active_staff", "staff"), "share_not_reached": ("active_staff", "staff"),
}
#: Rates over the same denominator that add up to 1: they form a margin of their own.
RATE_FAMILIES: tuple[tuple[str, ...], ...] = (("completion_rate", "no_show_rate", "dropout_rate"),)
#: Companions of a rate column hidden with it (its confidence interval).
_RATE_COMPANIONS: tuple[str, ...] = ("_ci_low", "_ci_high")


def rate_count(rate: object, denominator: object) -> float:
    """The count of people a rate stands for: ``round(rate × denominator)`` (NaN if unknown)."""
    r, n = _as_float(rate), _as_float(denominator)
    return math.nan if math.isnan(r) or math.isnan(n) else float(round(r * n))


def rate_is_small(rate: object, denominator: object, policy: DisclosurePolicy) -> bool:
    """True when a rate on ``denominator`` people reveals a small count: its count, or the
    count of the others (``denominator − count``), is ``0 < c < k``."""
    count = rate_count(rate, denominator)
    return policy.is_small(count) or policy.is_small(_as_float(denominator) - count)


def _family_of(column: str, columns: Sequence[str]) -> tuple[str, ...] | None:
    for family in RATE_FAMILIES:
        if column in family and all(c in columns for c in family):
            return family
    return None


def rate_cell_kinds(frame: pd.DataFrame, policy: DisclosurePolicy, *, hidden_rows: pd.Series | None = None,
                    margins: Sequence[str] | None = None) -> pd.DataFrame:
    """Rate cells to suppress, and why, in the rows that are not hidden already.

    One column per rate column of ``frame`` (:data:`RATE_DENOMINATORS` whose denominator
    is in the frame), values :data:`PRIMARY`, :data:`SECONDARY` or ``""``:

    - primary: the rate's count or its complement is small (:func:`rate_is_small`; for a
      rate of a :data:`RATE_FAMILIES` family shown whole, its count);
    - secondary, within a row: the rates of a family add up to 1, so they are a margin
      (:func:`complementary_cells` on their counts);
    - secondary, within a column: a rate's counts add up, over the rows of a margin, to the
      count of the city's rate; the cells of the rows hidden already count as hidden there.

    The two secondary steps are repeated until nothing changes.
    """
    denominators = {c: next(d for d in ds if d in frame.columns) for c, ds in RATE_DENOMINATORS.items()
                    if c in frame.columns and any(d in frame.columns for d in ds)}
    rates = list(denominators)
    kinds = pd.DataFrame("", index=frame.index, columns=rates, dtype=object)
    if not rates or frame.empty:
        return kinds
    rows = (hidden_rows if hidden_rows is not None else pd.Series(False, index=frame.index)).astype(bool)
    counts = pd.DataFrame({c: [rate_count(r, n) for r, n in zip(frame[c], frame[denominators[c]], strict=True)]
                           for c in rates}, index=frame.index)
    for c in rates:
        in_family = _family_of(c, rates) is not None
        small = [policy.is_small(x) if in_family else rate_is_small(r, n, policy)
                 for x, r, n in zip(counts[c], frame[c], frame[denominators[c]], strict=True)]
        kinds.loc[pd.Series(small, index=frame.index) & ~rows, c] = PRIMARY
    if policy.secondary == "none":
        return kinds
    families = sorted({f for c in rates if (f := _family_of(c, rates)) is not None})
    for _ in range(10):
        before = kinds.copy()
        for family in families:
            cols = list(family)
            for i in frame.index[~rows]:
                hidden = kinds.loc[i, cols].ne("")
                added = complementary_cells(counts.loc[i, cols], hidden, policy.min_people)
                kinds.loc[i, added[added].index.tolist()] = SECONDARY
        for c in rates:
            for index in _margin_groups(frame, margins):
                hidden = kinds.loc[index, c].ne("") | rows.loc[index]
                added = complementary_cells(counts.loc[index, c], hidden, policy.min_people)
                kinds.loc[added[added].index, c] = SECONDARY
        if kinds.equals(before):
            break
    return kinds


def _describe(row_kind: str, cells: Mapping[str, str], policy: DisclosurePolicy) -> str:
    """The ``suppression`` column's text: the row's mark, or ``column mark`` pairs."""
    if row_kind:
        return policy.mark_of(row_kind)
    return "; ".join(f"{c} {policy.mark_of(k)}" for c, k in cells.items() if k)


def suppress_table(frame: pd.DataFrame, count_columns: Sequence[str], policy: DisclosurePolicy,
                   *, keep: Iterable[str] = (), margins: Sequence[str] | None = None,
                   flag: str | None = "suppressed") -> pd.DataFrame:
    """A copy of ``frame`` whose suppressed rows and rate cells are blanked (NaN).

    Rows: :func:`suppression_kinds` on ``count_columns``; every number of a suppressed row is
    blanked. Rate cells of the other rows: :func:`rate_cell_kinds`; the rate and its interval
    are blanked. Label columns (non-numeric) and the columns in ``keep`` (e.g. an agency's
    money, or counts of units) are left as they are. With ``flag``, a boolean column of that
    name says which rows were suppressed whole, and :data:`SUPPRESSION_COLUMN` says what was
    hidden and why (``<5``/``x`` for the row, or ``dropout_rate <5; completion_rate x``) so
    renderers show the marks (:func:`cell_marks`) and the footnotes.
    """
    row_kinds = suppression_kinds(frame, count_columns, policy, margins=margins)
    mask = row_kinds.ne("")
    cell_kinds = rate_cell_kinds(frame, policy, hidden_rows=mask, margins=margins)
    out = frame.copy()
    keep = set(keep)
    numeric = [c for c in out.columns if c not in keep and pd.api.types.is_numeric_dtype(out[c])
               and not pd.api.types.is_bool_dtype(out[c])]
    for column in numeric:
        if mask.any():
            out[column] = out[column].astype(float).where(~mask, np.nan)
    for rate in cell_kinds.columns:
        hide = cell_kinds[rate].ne("")
        for column in [rate, *(rate + s for s in _RATE_COMPANIONS)]:
            if column in out.columns and hide.any():
                out[column] = out[column].astype(float).where(~hide, np.nan)
    if flag:
        out[flag] = mask.to_numpy()
        out[SUPPRESSION_COLUMN] = [
            _describe(row_kinds.loc[i], cell_kinds.loc[i].to_dict() if len(cell_kinds.columns) else {}, policy)
            for i in frame.index]
    return out


def cell_marks(frame: pd.DataFrame, policy: DisclosurePolicy, *, keep: Iterable[str] = ()) -> pd.DataFrame:
    """The mark of each cell of a disclosed table (``<5``, ``x``, or ``""`` for a shown cell).

    Reads the ``suppressed`` flag and :data:`SUPPRESSION_COLUMN` written by
    :func:`suppress_table`; a whole-row mark applies to the row's numeric columns except
    money (``*_idr``) and ``keep``, a cell mark to the rate and its interval. The flag
    columns themselves are not in the result.
    """
    columns = [c for c in frame.columns if c not in ("suppressed", SUPPRESSION_COLUMN)]
    marks = pd.DataFrame("", index=frame.index, columns=columns, dtype=object)
    if "suppressed" not in frame.columns:
        return marks
    keep = set(keep)
    numeric = [c for c in columns if c not in keep and not str(c).endswith("_idr")
               and pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])]
    text = frame[SUPPRESSION_COLUMN] if SUPPRESSION_COLUMN in frame.columns else pd.Series("", index=frame.index)
    for i, whole, described in zip(frame.index, frame["suppressed"].fillna(False).astype(bool), text.fillna(""),
                                   strict=True):
        if whole:
            marks.loc[i, numeric] = described or policy.mark
            continue
        for part in filter(None, (p.strip() for p in str(described).split(";"))):
            column, _, mark = part.rpartition(" ")
            for target in (column, *(column + s for s in _RATE_COMPANIONS)):
                if target in marks.columns:
                    marks.loc[i, target] = mark
    return marks


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
    rates from :data:`RATE_DENOMINATORS`, margins from :data:`MARGIN_COLUMNS`, money columns
    (``*_idr``) kept (public budget data).

    A table with no people-count column is returned unchanged (a copy, without ``flag``).
    """
    counts = people_count_columns(frame)
    if not counts:
        return frame.copy()
    margins = [c for c in MARGIN_COLUMNS if c in frame.columns]
    keep = [c for c in frame.columns if str(c).endswith("_idr") or str(c) == "year"]
    return suppress_table(frame, counts, policy, keep=keep, margins=margins or None, flag=flag)


@dataclass(frozen=True)
class FigureGroups:
    """The groups a figure may draw, after :func:`disclose`.

    ``frame`` is the disclosed table (numbers of hidden rows and rate cells NaN, flag
    columns kept); ``small`` and ``protected`` are the labels of the groups with something
    left out because it rests on fewer than k people, or only so that such a group cannot be
    worked out (in the frame's order).
    """

    frame: pd.DataFrame
    small: tuple[object, ...]
    protected: tuple[object, ...]

    @property
    def shown(self) -> pd.DataFrame:
        """The rows not hidden whole (a hidden rate of a shown row is NaN)."""
        if "suppressed" not in self.frame.columns:
            return self.frame
        return self.frame.loc[~self.frame["suppressed"].fillna(False).astype(bool)]


def figure_groups(frame: pd.DataFrame, policy: DisclosurePolicy, label: str) -> FigureGroups:
    """The disclosure rule for a figure of per-group statistics on people.

    The same rule as tables (:func:`disclose`): a group resting on fewer than k people is
    not drawn, nor a rate revealing a small count, nor what protects them; ``label`` is the
    column naming the groups in the figure's note (:func:`analysis.text.phrases.left_out_note`).
    """
    out = disclose(frame, policy)
    if "suppressed" not in out.columns:
        out["suppressed"] = False
    marks = cell_marks(out, policy)
    row_marks = [set(m for m in row if m) for row in marks.itertuples(index=False, name=None)]
    labels = out[label].tolist() if label in out.columns else list(out.index)
    small = tuple(lab for lab, m in zip(labels, row_marks, strict=True) if policy.mark in m)
    protected = tuple(lab for lab, m in zip(labels, row_marks, strict=True) if m and policy.mark not in m)
    return FigureGroups(out, small, protected)


def merge_figure_groups(*groups: FigureGroups) -> FigureGroups:
    """One note for a figure of several panels: the groups left out of any panel (a group
    small in one is listed as small), with the first panel's frame."""
    small = tuple(dict.fromkeys(v for g in groups for v in g.small))
    protected = tuple(v for v in dict.fromkeys(v for g in groups for v in g.protected) if v not in small)
    return FigureGroups(groups[0].frame, small, protected)
