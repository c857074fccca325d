"""One table against its contract: parse every column, then the value, key and table checks.

The checks are listed in :mod:`analysis.data.validate`; cross-table checks (references,
OPD rows, scores against the programme's maximum) are in :mod:`analysis.data.crosscheck`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.data.contract import (
    METRIC_RANGES,
    Column,
    Table,
)
from analysis.data.damaged import damaged_cells
from analysis.data.messages import Message, listed_rows
from analysis.data.nip import MIN_HIRE_AGE, NipCheck, check_nips
from analysis.data.parsers import (
    WS_DASH,
    is_typed,
    normalise_grade,
    normalise_text,
    parse_bool,
    parse_code,
    parse_date,
    parse_number,
    parse_period_text,
)
from analysis.data.pseudonym import mask_nip
from analysis.data.raw import IssueCollector, RawTable, float_mask

#: Dates before this are refused in every date column (the floor of the Excel-serial path too).
DATE_FLOOR = pd.Timestamp("1950-01-01")
#: Youngest plausible age at appointment (the NIP check uses the same).
# --------------------------------------------------------------------------- one table


def range_message(col: Column) -> str:
    """The message for a value outside ``col``'s range (also used by the DuckDB engine's checks)."""
    lo, hi = col.minimum, col.maximum
    if lo is not None and hi is not None:
        return Message("range_between", column=col.name, low=lo, high=hi)
    if lo is not None:
        op = ">" if col.exclusive_minimum else ">="
        return Message("range_min", column=col.name, op=op, low=lo)
    return Message("range_max", column=col.name, high=hi)


_TYPE_MESSAGES = {
    kind: Message(f"type_{kind}") for kind in ("float", "int", "money", "bool", "period")
}


@dataclass
class ParsedTable:
    raw: RawTable
    contract: Table
    values: dict[str, pd.Series]
    shown: dict[str, pd.Series]  # text to show in issues (NIP masked)
    nip: dict[str, NipCheck]
    extras: list[str]
    reported: dict[str, np.ndarray] = field(default_factory=dict)  # damaged cells, already reported


def parse_table(raw: RawTable, contract: Table, col_issues: IssueCollector, today: pd.Timestamp) -> ParsedTable:
    frame = raw.frame
    values: dict[str, pd.Series] = {}
    shown: dict[str, pd.Series] = {}
    nips: dict[str, NipCheck] = {}
    reported = damaged_cells(raw, contract, col_issues)
    for col in contract.columns:
        if col.name not in frame.columns:
            continue
        s = frame[col.name]
        fc = float_mask(raw, col.name)
        typ = col.type
        if typ in ("float", "int", "money") and is_typed(s, "number"):
            v = pd.Series(pd.to_numeric(s).to_numpy(dtype="float64", na_value=np.nan), index=s.index)
            bad = pd.Series(False, index=s.index)
            if typ == "int":
                bad = v.notna() & (v != np.round(v))
                v = v.mask(bad)
            col_issues.rows(raw, bad, col.name, s, _TYPE_MESSAGES[typ])
            values[col.name] = v
            shown[col.name] = s  # converted to text only where an issue shows it
            continue
        if typ == "date" and is_typed(s, "date"):
            v = pd.to_datetime(s)
            if getattr(v.dt, "tz", None) is not None:
                v = v.dt.tz_localize(None)
            values[col.name] = v.astype("datetime64[ns]")
            shown[col.name] = values[col.name]
            continue
        if typ == "bool" and is_typed(s, "bool"):
            values[col.name] = s.astype("boolean")
            shown[col.name] = s
            continue
        if typ == "date" and is_typed(s, "number"):
            s = s.astype("string")  # Excel serials stored as numbers
        text = normalise_text(s)
        if col.name in reported:
            text = text.mask(reported[col.name])
        shown[col.name] = text
        if typ in ("float", "int", "money"):
            v, bad = parse_number(text, typ, fc)
            col_issues.rows(raw, bad, col.name, text, _TYPE_MESSAGES[typ])
        elif typ == "bool":
            v, bad = parse_bool(text)
            col_issues.rows(raw, bad, col.name, text, _TYPE_MESSAGES["bool"])
        elif typ == "date":
            v, msgs = parse_date(text, fc)
            col_issues.rows(raw, msgs.notna(), col.name, text, msgs)
        elif typ == "period":
            v, bad = parse_period_text(text)
            col_issues.rows(raw, bad, col.name, text, _TYPE_MESSAGES["period"])
        elif typ == "code":
            v, msgs = parse_code(text, col.codes or ())
            col_issues.rows(raw, msgs.notna(), col.name, text, msgs)
        elif typ == "nip":
            check = check_nips(text, fc, today)
            masked = mask_nip(text)
            shown[col.name] = masked
            for m, msg in check.problems:
                col_issues.rows(raw, m, col.name, masked, msg)
            nips[col.name] = check
            v = check.canonical
        else:  # id, text
            v = text
            if col.name == "grade":
                v = normalise_grade(text)
            elif col.name == "metric":
                v = text.str.lower().str.replace(WS_DASH, "_", regex=True)
        values[col.name] = v
    extras = [c for c in frame.columns if c not in contract.column_names]
    return ParsedTable(raw, contract, values, shown, nips, extras, reported)


def check_table(p: ParsedTable, issues: IssueCollector, today: pd.Timestamp, warnings: list[str]) -> None:
    """The value, key and table checks of one parsed table (listed in :mod:`analysis.data.validate`),
    in this order: required values, ranges and patterns, duplicate keys, the NIP against the
    row's gender and birth year, the table's own rules, hire dates, dates and periods."""
    _check_required(p, issues)
    _check_ranges_and_patterns(p, issues)
    _check_duplicate_keys(p, issues)
    _check_nip_against_row(p, issues)
    _check_table_rules(p, issues)
    if p.contract.name == "employees":
        check_hire_dates(p, issues, warnings)
    _check_dates_and_periods(p, issues, today)


def _check_required(p: ParsedTable, issues: IssueCollector) -> None:
    """Required values (cells already reported as damaged are not "empty")."""
    for col in p.contract.columns:
        if col.required and col.name in p.values:
            empty = np.array(p.shown[col.name].isna(), dtype=bool)
            if col.name in p.reported:
                empty &= ~p.reported[col.name]
            issues.rows(p.raw, empty, col.name, None, Message("required_value", column=col.name))


def _check_ranges_and_patterns(p: ParsedTable, issues: IssueCollector) -> None:
    """Numbers within the contract's minimum and maximum; texts matching the column's pattern."""
    raw, values, shown = p.raw, p.values, p.shown
    for col in p.contract.columns:
        if col.name not in values:
            continue
        v = values[col.name]
        if col.type in ("float", "int", "money") and (col.minimum is not None or col.maximum is not None):
            out = pd.Series(False, index=v.index)
            if col.minimum is not None:
                out |= (v <= col.minimum) if col.exclusive_minimum else (v < col.minimum)
            if col.maximum is not None:
                out |= v > col.maximum
            issues.rows(raw, out.fillna(False), col.name, shown[col.name], range_message(col))
        if col.pattern is not None:
            bad = v.notna() & ~v.str.fullmatch(col.pattern).fillna(False).astype(bool)
            if col.name == "grade":
                msg = Message("pattern_grade")
            elif col.name == "metric":
                msg = Message("pattern_metric")
            else:
                msg = Message("pattern_other", pattern=col.pattern)
            issues.rows(raw, bad, col.name, shown[col.name], msg)


def _later_repeats(groups: pd.DataFrame, rows: np.ndarray) -> tuple[pd.Index, np.ndarray]:
    """The records of ``groups`` whose values already stood on an earlier spreadsheet row
    (``rows``: each record's row), and that first row of their group."""
    first = groups.assign(_row=rows).groupby(list(groups.columns), sort=False, dropna=False)["_row"].transform("min")
    later = rows != first.to_numpy()
    return groups.index[later], first.to_numpy()[later]


def _pointing_values(index: pd.Index, at: pd.Index, labels: pd.Series, firsts: np.ndarray, code: str) -> pd.Series:
    """Shown values for the records ``at``: their label and the first row of their group (message
    ``code``, e.g. ``E001 (same as row 2)``), as messages so they read in the reader's language."""
    out = pd.Series(None, index=index, dtype=object)
    out[at] = [Message(code, key=k, row=int(r)) for k, r in zip(labels, firsts, strict=True)]
    return out


def _check_duplicate_keys(p: ParsedTable, issues: IssueCollector) -> None:
    """A key value on more than one row: each later row names the first."""
    key = [k for k in p.contract.key if k in p.values]
    if not key or len(key) != len(p.contract.key):
        return
    kf = pd.DataFrame({k: p.values[k] for k in key})
    dup = kf.duplicated(keep=False) & kf.notna().all(axis=1)
    if not dup.any():
        return
    idx, firsts = _later_repeats(kf[dup], p.raw.rows[dup.to_numpy()])
    mask = np.zeros(len(kf), dtype=bool)
    mask[idx] = True
    labels = pd.DataFrame({k: p.shown[k][idx].astype("string") for k in key}).agg(" / ".join, axis=1)
    names = ", ".join(key)
    issues.rows(p.raw, mask, key[0] if len(key) == 1 else names,
                _pointing_values(kf.index, idx, labels, firsts, "same_as_row"), Message("duplicate_key", key=names))


def _check_nip_against_row(p: ParsedTable, issues: IssueCollector) -> None:
    """An employee's NIP against the row's own gender and birth year."""
    if p.contract.name != "employees" or "employee_id" not in p.nip:
        return
    raw, values, shown = p.raw, p.values, p.shown
    check = p.nip["employee_id"]
    if "gender" in values:
        expected = check.gender_digit.map({"1": "M", "2": "F"})
        clash = expected.notna() & values["gender"].notna() & (expected.astype("string") != values["gender"])
        issues.rows(raw, clash.fillna(False), "gender", shown["gender"], Message("nip_gender_clash"))
    if "birth_year" in values:
        nip_year = check.birth.dt.year
        clash = nip_year.notna() & values["birth_year"].notna() & (nip_year != values["birth_year"])
        issues.rows(raw, clash.fillna(False), "birth_year", shown["birth_year"], Message("nip_birth_year_clash"))


def _check_table_rules(p: ParsedTable, issues: IssueCollector) -> None:
    """The table's own rules (``Table.checks``): end after start, exit after hire, metric ranges,
    one head per unit."""
    raw, values, shown, checks = p.raw, p.values, p.shown, p.contract.checks
    if "end_after_start" in checks and {"start_date", "end_date"} <= values.keys():
        bad = (values["end_date"] < values["start_date"]).fillna(False)
        issues.rows(raw, bad, "end_date", shown["end_date"], Message("end_before_start"))
    if "hire_before_exit" in checks and {"hire_date", "exit_date"} <= values.keys():
        bad = (values["exit_date"] <= values["hire_date"]).fillna(False)
        issues.rows(raw, bad, "exit_date", shown["exit_date"], Message("exit_not_after_hire"))
    if "metric_ranges" in checks and {"metric", "value"} <= values.keys():
        for metric, (lo, hi) in METRIC_RANGES.items():
            v = values["value"]
            is_m = values["metric"].eq(metric).fillna(False).astype(bool)
            bad = is_m & ((v < lo) | ((v > hi) if hi is not None else False)).fillna(False)
            rng = Message("metric_between", low=lo, high=hi) if hi is not None else Message("metric_at_least", low=lo)
            issues.rows(raw, bad, "value", shown["value"], Message("metric_range", metric=metric, range=rng))
    if "head_per_unit" in checks and {"unit_id", "is_unit_head"} <= values.keys():
        _check_one_head_per_unit(p, issues)


def _check_one_head_per_unit(p: ParsedTable, issues: IssueCollector) -> None:
    """At most one current head per unit: each later head names the first head's row."""
    raw, values = p.raw, p.values
    current = values["exit_date"].isna() if "exit_date" in values else pd.Series(True, index=raw.frame.index)
    heads = (values["is_unit_head"].fillna(False).astype(bool) & current & values["unit_id"].notna()).to_numpy()
    if not heads.any():
        return
    extra, firsts = _later_repeats(pd.DataFrame({"unit": values["unit_id"][heads]}), raw.rows[heads])
    if not len(extra):
        return
    mask = np.zeros(len(raw.frame), dtype=bool)
    mask[extra] = True
    labels = values["unit_id"][extra]
    issues.rows(raw, mask, "is_unit_head", _pointing_values(raw.frame.index, extra, labels, firsts, "head_also_on_row"),
                Message("two_heads"))


def _check_dates_and_periods(p: ParsedTable, issues: IssueCollector, today: pd.Timestamp) -> None:
    """Dates before :data:`DATE_FLOOR` or after ``today`` (an enrolment still ``registered`` may lie
    ahead), and periods after the current quarter."""
    raw, values, shown = p.raw, p.values, p.shown
    for col in p.contract.columns:
        if col.name not in values:
            continue
        if col.type == "date":
            early = (values[col.name] < DATE_FLOOR).fillna(False)
            issues.rows(
                raw, early, col.name, shown[col.name],
                Message("date_before_floor", column=col.name, floor=f"{DATE_FLOOR:%d/%m/%Y}"),
            )
            fut = (values[col.name] > today).fillna(False)
            if p.contract.name == "enrollments" and col.name in ("start_date", "end_date") and "status" in values:
                fut &= ~values["status"].eq("registered").fillna(False).astype(bool)
            issues.rows(raw, fut, col.name, shown[col.name], Message("date_in_future", column=col.name, today=f"{today:%d/%m/%Y}"))
        elif col.type == "period":
            current = f"{today.year}Q{(today.month - 1) // 3 + 1}"
            per = values[col.name]
            idx = pd.to_numeric(per.str.slice(0, 4), errors="coerce") * 4 + pd.to_numeric(per.str.slice(-1), errors="coerce")
            now = today.year * 4 + (today.month - 1) // 3 + 1
            issues.rows(raw, (idx > now).fillna(False), col.name, shown[col.name], Message("period_in_future", column=col.name, current=current))


def check_hire_dates(p: ParsedTable, issues: IssueCollector, warnings: list[str]) -> None:
    """hire_date against the employee's age and the NIP's appointment month.

    - An appointment before age :data:`MIN_HIRE_AGE` (``year(hire_date) - birth_year``)
      is an **error**: one of the two is wrong.
    - For a PNS whose NIP carries an appointment month (digits 9-14, ``YYYYMM``), a
      hire_date in another month is a **warning**, not an error: the NIP holds the
      first appointment (TMT CPNS), which some exports replace by the later TMT PNS.
    """
    raw, values, shown = p.raw, p.values, p.shown
    if not {"hire_date", "birth_year"} <= values.keys():
        return
    hire = values["hire_date"]
    age = hire.dt.year - values["birth_year"]
    young = (age < MIN_HIRE_AGE).fillna(False).to_numpy(dtype=bool)
    issues.rows(
        raw, young, "hire_date", shown["hire_date"],
        Message("hire_too_young", age=MIN_HIRE_AGE),
    )
    check = p.nip.get("employee_id")
    if check is None or "employment_type" not in values:
        return
    pns = values["employment_type"].eq("pns").fillna(False).to_numpy(dtype=bool)
    appointed = check.appointed
    differs = (
        pns
        & appointed.notna().to_numpy()
        & hire.notna().to_numpy()
        & ((hire.dt.year * 12 + hire.dt.month) != (appointed.dt.year * 12 + appointed.dt.month)).fillna(False).to_numpy(dtype=bool)
    )
    if differs.any():
        rows = raw.rows[differs]
        listed = listed_rows(rows, 20)
        warnings.append(Message("hire_month_warning", file=raw.file, count=len(rows), rows=listed))
