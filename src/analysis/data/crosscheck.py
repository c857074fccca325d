"""Checks across tables, run after every table is parsed (and NIPs pseudonymised).

- References (``Column.references``): a value must exist in the target table's column;
  a case-only difference is named, and unreadable target values are mentioned (they may
  be the ones meant).
- An agency_id must name an OPD row (a unit whose agency_id is its own unit_id).
- Pre- and post-scores at most the programme's ``max_score`` (100 when not given).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis.data.checks import ParsedTable
from analysis.data.messages import Message
from analysis.data.parsers import isin_pool
from analysis.data.raw import IssueCollector


def check_references(parsed: Mapping[str, ParsedTable], issues: IssueCollector) -> None:
    """Every value of a referencing column found in its target column."""
    for p in parsed.values():
        for col in p.contract.columns:
            if col.references is None or col.name not in p.values:
                continue
            t_table, t_col = col.references.split(".")
            target = parsed.get(t_table)
            if target is None or t_col not in target.values:
                continue
            v = p.values[col.name]
            pool = pd.Index(target.values[t_col].dropna().unique())
            bad = pd.Series(v.notna().to_numpy() & ~isin_pool(v, pool), index=v.index)
            if bad.any():
                lower = {str(x).lower(): str(x) for x in pool} if col.type != "nip" else {}
                unreadable = int((target.shown[t_col].notna() & target.values[t_col].isna()).sum())
                cascade = (
                    Message("reference_cascade", file=target.raw.file, count=unreadable, column=t_col)
                    if unreadable
                    else ""
                )
                by_value = {}
                for x in pd.unique(v[bad]):
                    hit = lower.get(str(x).lower())
                    by_value[x] = Message(
                        "reference_missing", column=col.name, target=f"{t_table}.{t_col}", file=target.raw.file,
                        hint=Message("reference_case", match=hit) if hit else "", cascade=cascade,
                    )
                full = pd.Series(pd.NA, index=v.index, dtype="object")
                full[bad] = np.array([by_value[x] for x in v[bad]], dtype=object)
                issues.rows(p.raw, bad, col.name, p.shown[col.name], full)


def check_agency_rows(parsed: Mapping[str, ParsedTable], issues: IssueCollector) -> None:
    """units.agency_id names an OPD row (a unit whose agency_id is its own unit_id)."""
    units = parsed.get("units")
    if units is not None and {"unit_id", "agency_id"} <= units.values.keys():
        uid, aid = units.values["unit_id"], units.values["agency_id"]
        agencies = pd.Index(uid[(uid == aid).fillna(False).astype(bool)].dropna().unique())
        bad = aid.notna() & isin_pool(aid, uid.dropna().unique()) & ~isin_pool(aid, agencies)
        issues.rows(
            units.raw,
            bad.fillna(False),
            "agency_id",
            units.shown["agency_id"],
            Message("agency_not_opd"),
        )


def check_scores(parsed: Mapping[str, ParsedTable], issues: IssueCollector) -> None:
    """Enrollment pre/post scores at most the programme's max_score (100 when missing)."""
    enr, prog = parsed.get("enrollments"), parsed.get("programs")
    if enr is not None and prog is not None and "program_id" in enr.values and "program_id" in prog.values:
        ms = prog.values.get("max_score", pd.Series(np.nan, index=prog.raw.frame.index))
        lookup = pd.Series(ms.fillna(100.0).to_numpy(), index=prog.values["program_id"].to_numpy())
        lookup = lookup[~lookup.index.duplicated()]
        cap = pd.to_numeric(enr.values["program_id"].map(lookup), errors="coerce").astype("float64")
        for col in ("pre_score", "post_score"):
            if col in enr.values:
                over = (enr.values[col] > cap).fillna(False).astype(bool)
                shown_over = pd.Series(pd.NA, index=over.index, dtype="string")
                if over.any():
                    shown_over[over] = [
                        f"{v} (max_score {c:g})" for v, c in zip(enr.shown[col][over], cap[over], strict=True)
                    ]
                issues.rows(
                    enr.raw,
                    over,
                    col,
                    shown_over,
                    Message("score_above_max", column=col),
                )
