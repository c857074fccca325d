"""The verdict rows in words: estimates with units, p-values, and the reason sentence.

Yes/no outcomes are estimated on the probability (0..1) and written in percentage
points; every other outcome in its own units (:mod:`analysis.hypotheses.catalogue`).
Words come from :mod:`analysis.hypotheses.messages`, numbers from
:mod:`analysis.text.fmt`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from analysis.hypotheses import messages as msg
from analysis.hypotheses.catalogue import DESIGN_LABELS, FILTER_COLUMNS, Catalogue
from analysis.text import fmt, phrases
from analysis.text.lang import Lang, pick

PERCENTAGE_POINTS: tuple[str, str] = ("poin persen", "percentage points")


def _missing(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def decimals_for(x: float) -> int:
    """Decimals that show about three significant digits of ``x`` (0 to 4)."""
    size = abs(float(x))
    if size >= 100:
        return 0
    if size >= 10:
        return 1
    if size >= 1:
        return 2
    if size >= 0.1:
        return 3
    return 4


def exact(x: float, lang: Lang) -> str:
    """A stated number as written (``0.05`` -> ``0,05``; ``3`` -> ``3``), up to 6 decimals."""
    text = f"{float(x):.6f}".rstrip("0").rstrip(".")
    places = len(text.split(".")[1]) if "." in text else 0
    return fmt.number(float(x), lang, places)


def stated(x: float, outcome: str, cat: Catalogue, lang: Lang) -> str:
    """A number of the hypothesis file (``min_effect``) as written, on the outcome's reading scale."""
    return exact(float(x) * scale_of(outcome, cat), lang)


def scale_of(outcome: str, cat: Catalogue) -> float:
    """100 for yes/no outcomes (written in percentage points), else 1."""
    return 100.0 if cat.outcomes[outcome].binary else 1.0


def value(x: float | None, outcome: str, cat: Catalogue, lang: Lang, *, signed: bool = False,
          decimals: int | None = None) -> str:
    """A number on the outcome's reading scale (percentage points for yes/no outcomes)."""
    if _missing(x):
        return fmt.MISSING
    shown = float(x) * scale_of(outcome, cat)  # type: ignore[arg-type]
    places = decimals_for(shown) if decimals is None else decimals
    return fmt.points(shown, lang, places) if signed else fmt.number(shown, lang, places)


def units(row: Mapping[str, Any], cat: Catalogue, lang: Lang) -> str:
    """``poin IKM (skala 25–100) per 1 JP per pegawai`` / ``percentage points, women vs men``."""
    outcome = cat.outcomes[row["outcome"]]
    exposure = cat.exposures[row["exposure"]]
    what = pick(lang, PERCENTAGE_POINTS) if outcome.binary else pick(lang, outcome.units)
    if exposure.kind == "continuous":
        return f"{what} {pick(lang, exposure.units)}"
    return f"{what}, {contrast(row, cat, lang)}"


def contrast(row: Mapping[str, Any], cat: Catalogue, lang: Lang) -> str:
    """What is compared: ``Perguruan tinggi + Organisasi profesi vs Internal`` or ``yes vs no``."""
    exposure = cat.exposures[row["exposure"]]
    if exposure.kind != "categorical":
        return pick(lang, exposure.units)
    levels = " + ".join(fmt.code_label(v, lang) for v in row["level"])
    return f"{levels} vs {fmt.code_label(row['reference'], lang)}"


def interval_decimals(row: Mapping[str, Any], cat: Catalogue) -> int:
    """Decimals of an estimate and its CI: two significant digits of the standard error."""
    return max(0, decimals_for(float(row["std_error"]) * scale_of(row["outcome"], cat)) - 1)


def p_text(p: float | None, lang: Lang) -> str:
    """``0,012`` / ``< 0,001``; ``–`` when missing."""
    if _missing(p):
        return fmt.MISSING
    return phrases.p_value(float(p), lang)  # type: ignore[arg-type]


def estimate_text(row: Mapping[str, Any], cat: Catalogue, lang: Lang) -> str:
    """``+0,12 (IK 95% 0,11 s.d. 0,13)``, on the outcome's reading scale."""
    if _missing(row["estimate"]):
        return pick(lang, msg.NO_ESTIMATE_MARK)
    places = interval_decimals(row, cat)
    est = value(row["estimate"], row["outcome"], cat, lang, signed=True, decimals=places)

    def bound(x: float) -> str:
        return value(x, row["outcome"], cat, lang, decimals=places)

    return f"{est} ({phrases.interval(row['ci_low'], row['ci_high'], lang, bound)})"


def reason(row: Mapping[str, Any], cat: Catalogue, lang: Lang, alpha: float, correction: str) -> str:
    """The reason sentence of a verdict row (see :func:`analysis.hypotheses.verdicts.verdict`)."""
    codes = tuple(row["reason_codes"])
    outcome = row["outcome"]
    min_effect = stated(row["min_effect"], outcome, cat, lang)
    alpha_text = exact(alpha, lang)
    parts: list[tuple[str, str]] = []
    if "no_estimate" in codes:
        note = row.get("note")
        parts.append(msg.reason_no_estimate(pick(lang, note) if note else pick(lang, msg.NO_DATA)))
    elif "supported" in codes:
        parts.append(msg.reason_supported(p_text(row["p_adjusted"], lang), alpha_text, correction))
        if "smaller_than_min_effect" in codes:
            parts.append(msg.reason_small(min_effect))
    else:
        places = interval_decimals(row, cat)
        low = value(row["ci_low"], outcome, cat, lang, decimals=places)
        high = value(row["ci_high"], outcome, cat, lang, decimals=places)
        if "rules_out_min_effect" in codes:
            parts.append(msg.reason_rules_out(low, high, min_effect))
        else:
            parts.append(msg.reason_open(p_text(row["p_adjusted"], lang), alpha_text, min_effect))
        if "opposite_direction" in codes:
            parts.append(msg.OPPOSITE)
        mde = value(row["mde"], outcome, cat, lang)
        if "underpowered" in codes:
            parts.append(msg.reason_underpowered(mde, min_effect))
        elif "powered" in codes:
            parts.append(msg.reason_powered(mde, min_effect))
    if "few_clusters" in codes:
        parts.append(msg.reason_few_clusters(int(row["n_clusters_effective"]), int(row["df"]), row["cluster"]))
    if "periods_cut" in codes and row.get("periods"):
        parts.append(msg.reason_periods_cut(*row["periods"]))
    text = " ".join(pick(lang, p) for p in parts)
    return text[:1].upper() + text[1:]


def catalogue_listing(cat: Catalogue, lang: Lang = "id") -> str:
    """The text of ``kompetensi hypotheses --list``: outcomes, exposures, and each pair's design."""

    lines = [pick(lang, msg.LIST_OUTCOMES)]
    for code, o in cat.outcomes.items():
        lines.append(f"  {code:<22} {pick(lang, msg.LEVEL_WORDS[o.level]):<24} "
                     f"{pick(lang, o.units)}"
                     f"  — {pick(lang, o.label)}")
    lines += ["", pick(lang, msg.LIST_EXPOSURES)]
    for code, e in cat.exposures.items():
        lines.append(f"  {code:<26} {pick(lang, msg.KIND_WORDS[e.kind]):<11} {pick(lang, e.units)}"
                     f"  — {pick(lang, e.label)}")
        if e.kind == "categorical":
            lines.append(" " * 29 + pick(lang, msg.levels_text(e.levels, e.default_level, e.default_reference)))
    lines += ["", pick(lang, msg.LIST_PAIRS)]
    groups: dict[tuple[tuple[str, str], ...], list[str]] = {}
    for code in cat.outcomes:
        key = tuple((e, cat.design(code, e) or "") for e in cat.exposures_for(code))
        groups.setdefault(key, []).append(code)
    for key, outcomes in groups.items():
        level = cat.outcomes[outcomes[0]].level
        lines.append(f"  {', '.join(outcomes)}  [{pick(lang, msg.LIST_FILTERS)}: "
                     f"{', '.join(FILTER_COLUMNS[level])}]")
        for exposure, design in key:
            lines.append(f"    × {exposure:<26} -> {design}: {pick(lang, DESIGN_LABELS[design])}")  # type: ignore[index]
    lines += ["", pick(lang, msg.LIST_NOTE)]
    return "\n".join(lines)
