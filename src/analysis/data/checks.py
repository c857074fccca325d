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
    raw, contract, values, shown = p.raw, p.contract, p.values, p.shown
    # required values (cells already reported as damaged are not "empty")
    for col in contract.columns:
        if col.required and col.name in values:
            empty = np.array(shown[col.name].isna(), dtype=bool)
            if col.name in p.reported:
                empty &= ~p.reported[col.name]
            issues.rows(raw, empty, col.name, None, Message("required_value", column=col.name))
    # ranges and patterns
    for col in contract.columns:
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
    # duplicate keys
    key = [k for k in contract.key if k in values]
    if key and len(key) == len(contract.key):
        kf = pd.DataFrame({k: values[k] for k in key})
        complete = kf.notna().all(axis=1)
        dup = kf.duplicated(keep=False) & complete
        if dup.any():
            sub = kf[dup].copy()
            sub["_row"] = raw.rows[dup.to_numpy()]
            first = sub.groupby(key, sort=False, dropna=False)["_row"].transform("min")
            later = sub["_row"] != first
            idx = sub.index[later]
            mask = np.zeros(len(kf), dtype=bool)
            mask[idx] = True
            keys = pd.DataFrame({k: shown[k][idx].astype("string") for k in key}).agg(" / ".join, axis=1)
            key_text = pd.Series(None, index=kf.index, dtype=object)
            key_text[idx] = [Message("same_as_row", key=k, row=int(r))
                             for k, r in zip(keys, first[later].to_numpy(), strict=True)]
            names = ", ".join(key)
            issues.rows(
                raw,
                mask,
                key[0] if len(key) == 1 else names,
                key_text,
                Message("duplicate_key", key=names),
            )
    # NIP cross-checks with the row's own gender and birth year
    if contract.name == "employees" and "employee_id" in p.nip:
        check = p.nip["employee_id"]
        if "gender" in values:
            expected = check.gender_digit.map({"1": "M", "2": "F"})
            clash = expected.notna() & values["gender"].notna() & (expected.astype("string") != values["gender"])
            msg = Message("nip_gender_clash")
            issues.rows(raw, clash.fillna(False), "gender", shown["gender"], msg)
        if "birth_year" in values:
            nip_year = check.birth.dt.year
            clash = nip_year.notna() & values["birth_year"].notna() & (nip_year != values["birth_year"])
            msg = Message("nip_birth_year_clash")
            issues.rows(raw, clash.fillna(False), "birth_year", shown["birth_year"], msg)
    # table checks
    if "end_after_start" in contract.checks and {"start_date", "end_date"} <= values.keys():
        bad = (values["end_date"] < values["start_date"]).fillna(False)
        issues.rows(raw, bad, "end_date", shown["end_date"], Message("end_before_start"))
    if "hire_before_exit" in contract.checks and {"hire_date", "exit_date"} <= values.keys():
        bad = (values["exit_date"] <= values["hire_date"]).fillna(False)
        issues.rows(raw, bad, "exit_date", shown["exit_date"], Message("exit_not_after_hire"))
    if "metric_ranges" in contract.checks and {"metric", "value"} <= values.keys():
        for metric, (lo, hi) in METRIC_RANGES.items():
            v = values["value"]
            is_m = values["metric"].eq(metric).fillna(False).astype(bool)
            bad = is_m & ((v < lo) | ((v > hi) if hi is not None else False)).fillna(False)
            rng = Message("metric_between", low=lo, high=hi) if hi is not None else Message("metric_at_least", low=lo)
            issues.rows(raw, bad, "value", shown["value"], Message("metric_range", metric=metric, range=rng))
    if "head_per_unit" in contract.checks and {"unit_id", "is_unit_head"} <= values.keys():
        current = values["exit_date"].isna() if "exit_date" in values else pd.Series(True, index=raw.frame.index)
        heads = (values["is_unit_head"].fillna(False).astype(bool) & current & values["unit_id"].notna()).to_numpy()
        if heads.any():
            hf = pd.DataFrame({"unit": values["unit_id"][heads], "_row": raw.rows[heads]})
            first = hf.groupby("unit")["_row"].transform("min")
            extra = hf.index[(hf["_row"] != first).to_numpy()]
            if len(extra):
                mask = np.zeros(len(raw.frame), dtype=bool)
                mask[extra] = True
                val = pd.Series(pd.NA, index=raw.frame.index, dtype="string")
                val[extra] = values["unit_id"][extra] + " (head also on row " + first[extra].astype(str).to_numpy() + ")"
                issues.rows(
                    raw,
                    mask,
                    "is_unit_head",
                    val,
                    Message("two_heads"),
                )
    if contract.name == "employees":
        check_hire_dates(p, issues, warnings)
    # future dates (and dates before the floor) and periods
    for col in contract.columns:
        if col.name not in values:
            continue
        if col.type == "date":
            early = (values[col.name] < DATE_FLOOR).fillna(False)
            issues.rows(
                raw, early, col.name, shown[col.name],
                Message("date_before_floor", column=col.name, floor=f"{DATE_FLOOR:%d/%m/%Y}"),
            )
            fut = (values[col.name] > today).fillna(False)
            if contract.name == "enrollments" and col.name in ("start_date", "end_date") and "status" in values:
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
