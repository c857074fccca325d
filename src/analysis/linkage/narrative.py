"""Sentences of the service-link page, built from the results: effects, sectors, IKM, the panel, the tables.

Every builder takes tidy frames (or small result objects) and the language and
returns text; words come from :mod:`analysis.linkage.messages`, numbers and
intervals from :mod:`analysis.text.fmt` / :mod:`analysis.text.phrases`, and whether
a change is clear, or a group big enough, from :mod:`analysis.stats.verdict`.
The online roll-out and the design caveats are in
:mod:`analysis.linkage.online_narrative`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd

from analysis.data.periods import format_period
from analysis.linkage.codes import (
    JP_STEP,
    SECTOR_EQUAL_SLOPES,
    SECTOR_SLOPE,
    recorded_number,
    with_recorded_verdicts,
)
from analysis.linkage.effects import effect_statements, statement_verdict
from analysis.linkage.exposure import MIN_SECTOR_UNITS, MIN_UNITS
from analysis.linkage.ikm import IkmSummary, category_moves, share_good
from analysis.linkage.messages import (
    AGENCY_HEADING,
    AGENCY_NO_UNITS,
    EFFECT_SAMPLE,
    EFFECT_SENTENCE,
    EFFECT_VERDICTS,
    EQUAL_SLOPES_TEST,
    EQUAL_SLOPES_VERDICT,
    EXPLORATORY_P,
    EXPOSURE_CHANGE,
    EXPOSURE_CHANGE_OTHER,
    FEW_UNITS,
    FUTURE_EXPOSURE,
    IKM_MOVES,
    IKM_NONE,
    IKM_SHARE_GOOD,
    LAG_MANY,
    LAG_ONE,
    LEAVE_ONE_AGENCY_OUT,
    N_UNITS,
    PAGE_NAME,
    PANEL_DESCRIPTION,
    PANEL_TOO_SMALL,
    PLACEBO_CLEAR,
    PLACEBO_NONE,
    PLACEBO_NOT_ESTIMATED,
    SECTOR_TOO_SMALL,
    TABLE_NOTES,
    TABLE_TITLES,
    metric_short,
)
from analysis.linkage.panel import EXPOSURE_STEPS, PanelSize
from analysis.stats.verdict import MIN_N, enough_data
from analysis.text import Lang, check_lang, fmt, phrases, pick
from analysis.text.lang import t


def _capitalised(text: str) -> str:
    return text[0].upper() + text[1:]


def step_text(exposure: str, step: float, lang: Lang) -> str:
    """The exposure change in words: ``+5 JP per pegawai dalam empat triwulan terakhir``.

    Share exposures are written in percentage points; JP exposures carry their sign.
    """
    template = pick(lang, EXPOSURE_CHANGE.get(exposure, EXPOSURE_CHANGE_OTHER))
    if exposure.startswith("share_"):
        shown = fmt.number(abs(step) * 100, lang, 0)
    else:
        shown = fmt.number(abs(step), lang, 0 if float(step).is_integer() else 2)
    if exposure.startswith("jp_"):
        shown = ("+" if step > 0 else "−") + shown
    return template.format(step=shown, exposure=exposure)


def exploratory_note(row: Mapping[str, object], lang: Lang) -> str:
    """`` (eksploratif; p disesuaikan Holm = 0,412)`` for a number of the exploratory family
    (``family`` and ``p_adjusted`` set, :func:`analysis.linkage.codes.with_recorded_verdicts`), else empty."""
    adjusted = row.get("p_adjusted")
    if not row.get("family") or adjusted is None or pd.isna(adjusted):
        return ""
    return pick(lang, EXPLORATORY_P).format(p=fmt.number(float(adjusted), lang, 3))  # type: ignore[arg-type]


def recorded_verdict_text(row: Mapping[str, object], lang: Lang) -> str:
    """The verdict words of a row: its recorded verdict (``verdict_code``, added by
    :func:`analysis.linkage.codes.with_recorded_verdicts`) when present, else the row's own
    ``verdict`` (:func:`analysis.linkage.effect_statements`); for a number of the exploratory
    family its Holm-adjusted p-value follows."""
    code = row.get("verdict_code")
    word = statement_verdict(str(code)) if isinstance(code, str) and code else str(row["verdict"])
    return pick(lang, EFFECT_VERDICTS[word]) + exploratory_note(row, lang)


def effect_sentence(
    statement: Mapping[str, object] | pd.Series, lang: Lang = "id", decimals: int = 2
) -> str:
    """One sentence from a row of :func:`analysis.linkage.effect_statements`.

    "+5 JP per staff member over the last four quarters is associated with +1.20 IKM
    points (95% CI 0.60 to 1.80; n = 1,234 unit-quarters, 120 units): better service."
    The verdict is the recorded one when the row carries it
    (:func:`analysis.linkage.codes.with_recorded_verdicts`: primary outcome, or the
    exploratory family's Holm rule, with its adjusted p-value); see
    :func:`recorded_verdict_text`. With fewer units than
    :data:`analysis.stats.verdict.MIN_N` it adds that there is not enough data for a firm
    conclusion.
    """
    lang = check_lang(lang)
    row = dict(statement)
    step = step_text(str(row["exposure"]), float(row["step"]), lang)
    lag = row.get("lag", 0)
    if lag is not None and not pd.isna(lag) and int(lag) > 0:
        step += pick(lang, LAG_ONE if int(lag) == 1 else LAG_MANY).format(k=int(lag))
    step = _capitalised(step)
    n_obs, n_units = int(row.get("n_obs", 0) or 0), int(row.get("n_units", 0) or 0)
    sample = pick(lang, EFFECT_SAMPLE).format(
        n_obs=fmt.number(n_obs, lang, 0), n_units=fmt.number(n_units, lang, 0)
    )
    if row.get("verdict") == "not_estimated" or pd.isna(row.get("change")):
        return f"{step}: {phrases.not_enough_data(lang)} ({sample})."
    return pick(lang, EFFECT_SENTENCE).format(
        step=step,
        change=fmt.points(float(row["change"]), lang, decimals),
        unit=row[pick(lang, ("metric_unit_id", "metric_unit_en"))],
        ci=fmt.interval(float(row["change_ci_low"]), float(row["change_ci_high"]), lang, decimals),
        sample=sample,
        verdict=recorded_verdict_text(row, lang),
        small="" if enough_data(n_units) else pick(lang, FEW_UNITS).format(min_n=MIN_N),
    )


def effect_sentences(statements: pd.DataFrame, lang: Lang = "id") -> str:
    """A Markdown list with :func:`effect_sentence` of every row."""
    return "\n".join("- " + effect_sentence(r, lang) for _, r in statements.iterrows())


def bullets(lines: Sequence[str]) -> str:
    """Lines as a Markdown list."""
    return "\n".join("- " + line for line in lines)


def sector_sentences(sectors: pd.DataFrame, lang: Lang = "id", decimals: int = 2,
                     numbers: Sequence[Mapping[str, object]] | None = None,
                     min_units: int = MIN_SECTOR_UNITS) -> list[str]:
    """One line per sector from :func:`analysis.linkage.sector_heterogeneity`, plus the equal-slopes test.

    The slope is restated per exposure step (:data:`analysis.linkage.panel.EXPOSURE_STEPS`);
    a sector that was not tested (fewer than ``min_units`` units, ``enough_units`` False;
    the same ``min_units`` as the model) says "not enough data" and how many units it has. With ``numbers``
    (:func:`analysis.linkage.codes.service_verdicts`) each sector line ends with its
    recorded verdict and Holm-adjusted p-value, and the equality test line with its
    recorded verdict (``different`` only when the adjusted p < 0.05).
    """
    lang = check_lang(lang)
    lines = []
    rows = effect_statements(sectors)
    if numbers is not None:
        rows = with_recorded_verdicts(rows, numbers, SECTOR_SLOPE)
    for _, r in rows.iterrows():
        units = pick(lang, N_UNITS).format(n=int(r["n_units"]))
        label = fmt.code_label(r["sector"], lang)
        if not bool(r.get("enough_units", enough_data(r["n_units"], min_units))) or pd.isna(r["change"]):
            too_small = pick(lang, SECTOR_TOO_SMALL).format(units=units, min_n=min_units)
            lines.append(f"{label}: {phrases.not_enough_data(lang)} {too_small}")
            continue
        line = (
            f"{label}: {fmt.points(r['change'], lang, decimals)} "
            f"({fmt.interval(r['change_ci_low'], r['change_ci_high'], lang, decimals)}; "
            f"n = {fmt.number(r['n_obs'], lang, 0)}, {units})"
        )
        if numbers is not None and isinstance(r.get("verdict_code"), str):
            line += ": " + recorded_verdict_text(r, lang)
        lines.append(line)
    p_eq = sectors["equal_slopes_p"].iloc[0] if len(sectors) else math.nan
    if pd.isna(p_eq):
        return lines
    test = None if numbers is None else recorded_number(numbers, f"{SECTOR_EQUAL_SLOPES}.{sectors['metric'].iloc[0]}")
    if test is None or test.get("p_adjusted") is None or pd.isna(test.get("p_adjusted")):
        lines.append(pick(lang, EQUAL_SLOPES_TEST).format(p=phrases.p_statement(p_eq, lang)))
    else:
        lines.append(pick(lang, EQUAL_SLOPES_VERDICT).format(
            k=int(sectors["equal_slopes_sectors"].iloc[0]), p=phrases.p_statement(p_eq, lang),
            p_adj=phrases.p_statement(float(test["p_adjusted"]), lang, pick(lang, ("p disesuaikan Holm", "Holm-adjusted p"))),
            verdict=phrases.verdict_word(str(test["verdict"]), lang)))
    return lines


def ikm_summary(categories: pd.DataFrame, period: str, lang: Lang = "id") -> IkmSummary:
    """Share of units in IKM category A or B in ``period`` (Wilson CI) and category movements.

    The numbers are :func:`analysis.linkage.ikm.share_good` and
    :func:`analysis.linkage.ikm.category_moves`; ``text`` says them in ``lang``.
    """
    lang = check_lang(lang)
    period = format_period(period)
    n, share, lo, hi = share_good(categories, period)
    moves, up, down = category_moves(categories)
    label = fmt.period_label(period, lang)
    if n == 0:
        text = pick(lang, IKM_NONE).format(period=label)
    else:
        text = pick(lang, IKM_SHARE_GOOD).format(
            period=label,
            share=fmt.percent(share, lang),
            n=fmt.number(n, lang, 0),
            ci=phrases.interval(lo, hi, lang, lambda x: fmt.percent(x, lang)),
        )
    text += pick(lang, IKM_MOVES).format(
        moves=fmt.number(moves, lang, 0), up=fmt.number(up, lang, 0), down=fmt.number(down, lang, 0)
    )
    return IkmSummary(period, n, share, lo, hi, moves, up, down, text)


def robustness_sentences(
    placebo: pd.DataFrame,
    leave_one_out: pd.DataFrame | None = None,
    lang: Lang = "id",
    decimals: int = 2,
    numbers: Sequence[Mapping[str, object]] | None = None,
) -> list[str]:
    """One line per metric: the placebo (future exposure) and the leave-one-agency-out range.

    Both restated per exposure step (+5 JP per staff member by default). With ``numbers``
    (:func:`analysis.linkage.codes.service_verdicts`) the placebo carries its recorded
    verdict (a clear change with future exposure is a warning sign) and Holm-adjusted p-value.
    """
    lang = check_lang(lang)
    lines = []
    future_rows = placebo.loc[placebo["term"] == "future"]
    if numbers is not None:
        future_rows = with_recorded_verdicts(future_rows, numbers)
    for _, fut in future_rows.iterrows():
        m = fut["metric"]
        step = EXPOSURE_STEPS.get(str(fut["exposure"]), 1.0)
        if pd.isna(fut["estimate"]):
            lines.append(f"{m}: {pick(lang, PLACEBO_NOT_ESTIMATED)}")
            continue
        lo, hi = sorted((fut["ci_low"] * step, fut["ci_high"] * step))
        future = pick(lang, FUTURE_EXPOSURE).format(
            step=step_text(str(fut["exposure"]), step, lang), lead=int(fut["lead"])
        )
        text = (
            f"{m}: {future}: {fmt.points(fut['estimate'] * step, lang, decimals)} "
            f"({fmt.interval(lo, hi, lang, decimals)}; n = {fmt.number(fut['n_obs'], lang, 0)})"
        )
        if isinstance(fut.get("verdict_code"), str):
            text += ": " + _placebo_word(fut, lang)
        if leave_one_out is not None:
            text += _leave_one_out_range(leave_one_out, m, step, lang, decimals)
        lines.append(text)
    return lines


def _placebo_word(row: pd.Series, lang: Lang) -> str:
    """The recorded placebo verdict in words: a clear change is a warning sign, else none."""
    code = str(row["verdict_code"])
    if code == "insufficient_data":
        text = phrases.not_enough_data(lang)
    else:
        text = pick(lang, PLACEBO_CLEAR if code in ("higher", "lower") else PLACEBO_NONE)
    return text + exploratory_note(row, lang)


def _leave_one_out_range(
    leave_one_out: pd.DataFrame, metric: str, step: float, lang: Lang, decimals: int
) -> str:
    """``; tanpa satu OPD bergantian (14 OPD): +0,60 s.d. +0,64`` (empty without estimates)."""
    part = leave_one_out.loc[
        (leave_one_out["metric"] == metric) & (leave_one_out["left_out"] != "(none)")
    ].dropna(subset=["estimate"])
    if not len(part):
        return ""
    low, high = part["estimate"].min() * step, part["estimate"].max() * step
    span = phrases.span(fmt.points(low, lang, decimals), fmt.points(high, lang, decimals), lang)
    return pick(lang, LEAVE_ONE_AGENCY_OUT).format(k=len(part), range=span)


def panel_description(size: PanelSize, metrics: Sequence[str], period: str, lang: Lang = "id") -> str:
    """The panel's size, metrics, exposure and model in one paragraph (Markdown)."""
    return pick(lang, PANEL_DESCRIPTION).format(
        n_units=fmt.number(size.n_units, lang, 0),
        n_quarters=fmt.number(size.n_quarters, lang, 0),
        period=fmt.period_label(period, lang),
        n_unit_quarters=fmt.number(size.n_unit_quarters, lang, 0),
        metrics=", ".join(metric_short(m, lang)[0] for m in metrics),
    )


def panel_shortfall(size: PanelSize, lang: Lang = "id") -> str | None:
    """Why the panel models cannot run (fewer than :data:`~analysis.linkage.exposure.MIN_UNITS`
    units with a metric and a complete exposure window), or ``None`` when they can."""
    if size.n_units >= MIN_UNITS:
        return None
    return pick(lang, PANEL_TOO_SMALL).format(min_units=MIN_UNITS, n_units=fmt.number(size.n_units, lang, 0))


def page_name(lang: Lang = "id") -> str:
    """The page's name in a "data belum cukup" line."""
    return pick(lang, PAGE_NAME)


def agency_heading(agency: str, period: str, lang: Lang = "id", has_units: bool = True) -> str:
    """Heading of an agency's own units (the models use the whole city), or that it has none."""
    if not has_units:
        return pick(lang, AGENCY_NO_UNITS).format(agency=agency)
    return pick(lang, AGENCY_HEADING).format(agency=agency, period=fmt.period_label(period, lang))


def table_caption(name: str, lang: Lang = "id", metric: str = "") -> dict[str, str]:
    """``title`` and ``note`` of a saved table (:data:`analysis.linkage.messages.TABLE_TITLES`).

    ``metric`` fills the titles about one metric; the note is empty for tables without one.
    """
    title = pick(lang, TABLE_TITLES[name]).format(metric=metric, step=fmt.number(JP_STEP, lang, 0))
    note = pick(lang, TABLE_NOTES[name]) if name in TABLE_NOTES else ""
    return {"title": title, "note": note}


def verdict_lines(numbers: Sequence[Mapping[str, object]], family_size: int, lang: Lang = "id") -> list[str]:
    """One line per recorded service-side number: its verdict word, as recorded, and whether it is exploratory.

    ``numbers`` are :func:`analysis.linkage.codes.service_verdicts` (or the recorded rows of
    ``results.json``). Primary outcomes are read on their own; exploratory ones name their
    Holm-adjusted p-value and family size. The first line says how many comparisons stand
    behind the verdicts (``family_size``: :func:`analysis.linkage.codes.exploratory_family_size`).
    """
    lang = check_lang(lang)
    primary = [n for n in numbers if n.get("primary")]
    size = family_size
    lines = [t(lang,
               f"{len(primary)} hasil utama (dibaca sendiri-sendiri) dan {size} perbandingan eksploratif "
               "(p disesuaikan Holm bersama; kata penilaian hanya bila p disesuaikan < 0,05).",
               f"{len(primary)} primary outcomes (read on their own) and {size} exploratory comparisons "
               "(Holm-adjusted together; a verdict word only when the adjusted p < 0.05).")]
    for n in numbers:
        word = phrases.verdict_word(str(n.get("verdict") or "no_clear_difference"), lang)
        label = t(lang, "utama", "primary") if n.get("primary") else t(lang, "eksploratif", "exploratory")
        adjusted = n.get("p_adjusted")
        p_text = "" if n.get("primary") or adjusted is None or pd.isna(adjusted) else \
            f", {phrases.p_statement(float(adjusted), lang, 'p Holm')}"
        name = f"{n['code']}[{n['group']}]" if n.get("group") else str(n["code"])
        lines.append(f"`{name}` ({label}{p_text}): {word}")
    return lines
