"""Regression tables: several fitted models side by side (in the manner of fixest's etable).

Presentation only: a table is rendered from each model's ``tidy()`` and its
summary attributes (``nobs``, ``r2``, ``r2_within``, ``fe``, ``vcov_type``);
nothing is refitted. Numbers are formatted with :mod:`analysis.text.fmt`
(decimal comma and Indonesian labels with ``lang="id"``).
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from analysis.text import fmt
from analysis.text.lang import Lang, check_lang, pick

#: The tables' words as ``(id, en)`` pairs; ``fe`` takes the fixed effect's name.
LABELS: dict[str, tuple[str, str]] = {
    "nobs": ("Observasi", "Observations"),
    "r2": ("R²", "R²"),
    "r2_within": ("R² dalam (within)", "Within R²"),
    "pseudo_r2": ("Pseudo R²", "Pseudo R²"),
    "fe": ("Efek tetap: {}", "Fixed effects: {}"),
    "yes": ("Ya", "Yes"),
    "no": ("–", "–"),
    "se": ("Galat baku", "Standard errors"),
    "note_se": ("Galat baku dalam kurung.", "Standard errors in parentheses."),
    "note_stars": (
        "Signifikansi: *** p < 0,01; ** p < 0,05; * p < 0,1.",
        "Significance: *** p < 0.01; ** p < 0.05; * p < 0.1.",
    ),
    "cluster": ("klaster", "clustered"),
    "term": ("Variabel", "Variable"),
}


def _stars(p: float) -> str:
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return ""
    return "***" if p < 0.01 else "**" if p < 0.05 else "*" if p < 0.1 else ""


def _se_label(vcov_type: str, lang: Lang, labels: Mapping[str, str] | None = None) -> str:
    """``klaster (Kode unit layanan)``: the clustering variable by its label when ``labels`` has one."""
    if vcov_type.startswith("CRV1 ("):
        inner = vcov_type[len("CRV1 ("):-1]
        return f"{pick(lang, LABELS['cluster'])} ({(labels or {}).get(inner, inner)})"
    return vcov_type


@dataclass(frozen=True)
class RegressionTable:
    """A rendered table: ``body`` holds display strings, one column per model.

    Rows: for each term a coefficient row (label = term) and a standard-error
    row (empty label); then the statistics rows (observations, R², within R²,
    fixed effects, SE type). ``n_coef_rows`` marks where statistics start.
    """

    body: pd.DataFrame
    n_coef_rows: int
    notes: tuple[str, ...]
    lang: Lang
    title: str = ""
    numbers: pd.DataFrame | None = None

    def to_numbers(self) -> pd.DataFrame:
        """The coefficients as numbers, one row per term and model, for a workbook.

        Columns ``term`` (its display label), ``model``, ``estimate``, ``std_error``,
        ``p_value`` and ``stars`` (``***``/``**``/``*``, the thresholds of the notes):
        the stars sit in their own column so every estimate stays a number.
        """
        if self.numbers is None:
            return pd.DataFrame(columns=["term", "model", "estimate", "std_error", "p_value", "stars"])
        return self.numbers.copy()

    def to_frame(self) -> pd.DataFrame:
        """The table as a DataFrame of strings (first column the row label)."""
        return self.body.copy()

    def to_markdown(self) -> str:
        """A GitHub-flavoured Markdown table followed by the notes."""
        cols = list(self.body.columns)
        lines = ["| " + " | ".join(cols) + " |",
                 "|" + "|".join([":---"] + ["---:"] * (len(cols) - 1)) + "|"]
        for i, row in enumerate(self.body.itertuples(index=False)):
            if i == self.n_coef_rows:
                lines.append("| " + " | ".join([""] * len(cols)) + " |")
            lines.append("| " + " | ".join(str(v).replace("|", "\\|") for v in row) + " |")
        text = "\n".join(lines)
        if self.title:
            text = f"**{self.title}**\n\n" + text
        if self.notes:
            text += "\n\n" + " ".join(self.notes)
        return text

    def to_html(self) -> str:
        """An HTML ``<table class="regression-table">`` with the notes in a ``<tfoot>``."""
        esc = html.escape
        cols = list(self.body.columns)
        out = ['<table class="regression-table">']
        if self.title:
            out.append(f"<caption>{esc(self.title)}</caption>")
        out.append("<thead><tr>" + "".join(
            f'<th scope="col">{esc(c)}</th>' for c in cols) + "</tr></thead>")
        out.append("<tbody>")
        for i, row in enumerate(self.body.itertuples(index=False)):
            cls = []
            if i < self.n_coef_rows:
                cls.append("coef" if i % 2 == 0 else "se")
            else:
                cls.append("stat")
            if i == self.n_coef_rows:
                cls.append("first-stat")
            cells = [f'<th scope="row">{esc(str(row[0]))}</th>'] + [
                f"<td>{esc(str(v))}</td>" for v in row[1:]]
            out.append(f'<tr class="{" ".join(cls)}">' + "".join(cells) + "</tr>")
        out.append("</tbody>")
        if self.notes:
            out.append(f'<tfoot><tr><td colspan="{len(cols)}">'
                       + esc(" ".join(self.notes)) + "</td></tr></tfoot>")
        out.append("</table>")
        return "\n".join(out)

    def to_excel(self, writer: pd.ExcelWriter, sheet_name: str = "regression",
                 startrow: int = 0) -> None:
        """Write the table (and notes below it) to a sheet of an open ``pandas.ExcelWriter``."""
        row = startrow
        if self.title:
            pd.DataFrame([[self.title]]).to_excel(writer, sheet_name=sheet_name, startrow=row,
                                                  header=False, index=False)
            row += 2
        self.body.to_excel(writer, sheet_name=sheet_name, startrow=row, index=False)
        row += len(self.body) + 2
        if self.notes:
            pd.DataFrame([[n] for n in self.notes]).to_excel(
                writer, sheet_name=sheet_name, startrow=row, header=False, index=False)


def regression_table(models: Mapping[str, object], lang: Lang = "id", stars: bool = True,
                     decimals: int = 3, labels: Mapping[str, str] | None = None,
                     terms: list[str] | None = None, title: str = "") -> RegressionTable:
    """Several fitted models side by side.

    Parameters
    ----------
    models : mapping of column title -> result
        Results of :func:`analysis.stats.models.fit` (or ``logit``/``poisson``/``mixed``):
        anything with ``tidy()`` and ``nobs``. Never refitted.
    lang : {"id", "en"}
        Labels and number format (decimal comma for ``"id"``).
    stars : bool, default True
        Append ``*``/``**``/``***`` for p < 0.1/0.05/0.01.
    decimals : int, default 3
    labels : mapping, optional
        Display names for terms (e.g. ``{"jp_per_staff_4q": "JP per pegawai"}``).
    terms : list of str, optional
        Terms to show, in this order (default: all, in order of first appearance).
    title : str, optional

    Returns
    -------
    RegressionTable
        With ``to_html()``, ``to_markdown()``, ``to_excel(writer, sheet_name)``, ``to_frame()``.

    Notes
    -----
    Each coefficient cell is the estimate (with stars), the cell below its
    standard error in parentheses; a term a model does not have is blank.
    Statistics rows: observations, R² and within R² (when any model has
    them), one row per absorbed fixed effect ("Ya"/"Yes" when the model
    absorbs it), and the standard-error type of each model. The notes state
    that SEs are in parentheses and the star thresholds.
    """
    lang = check_lang(lang)
    if not models:
        raise ValueError("models is empty: give at least one fitted model")
    labels = dict(labels or {})
    tidies = {}
    for name, m in models.items():
        if not hasattr(m, "tidy") or not hasattr(m, "nobs"):
            raise TypeError(f"model {name!r} has no tidy()/nobs: pass fitted results")
        tidies[name] = m.tidy().set_index("term")
    if terms is None:
        terms = []
        for tidy in tidies.values():
            terms += [x for x in tidy.index if x not in terms]
    rows = _coefficient_rows(list(tidies.values()), terms, labels, lang, stars, decimals)
    n_coef = len(rows)
    rows += _statistic_rows(list(models.values()), labels, lang, decimals)
    body = pd.DataFrame(rows, columns=[pick(lang, LABELS["term"]), *models.keys()])
    notes = [pick(lang, LABELS["note_se"])] + ([pick(lang, LABELS["note_stars"])] if stars else [])
    numbers = pd.DataFrame(
        [
            {"term": labels.get(term, term), "model": name, "estimate": float(tidy.loc[term, "estimate"]),
             "std_error": float(tidy.loc[term, "std_error"]), "p_value": float(tidy.loc[term, "p_value"]),
             "stars": _stars(tidy.loc[term, "p_value"]) if stars else ""}
            for term in terms for name, tidy in tidies.items() if term in tidy.index
        ],
        columns=["term", "model", "estimate", "std_error", "p_value", "stars"],
    )
    return RegressionTable(body=body, n_coef_rows=n_coef, notes=tuple(notes), lang=lang, title=title,
                           numbers=numbers)


def _coefficient_rows(tidies: list[pd.DataFrame], terms: list[str], labels: Mapping[str, str],
                      lang: Lang, stars: bool, decimals: int) -> list[list[str]]:
    """Per term, the estimates (with stars) and below them the standard errors in parentheses."""
    rows: list[list[str]] = []
    for term in terms:
        coef_row = [labels.get(term, term)]
        se_row = [""]
        for tidy in tidies:
            if term in tidy.index:
                r = tidy.loc[term]
                star = _stars(r["p_value"]) if stars else ""
                coef_row.append(fmt.number(r["estimate"], lang, decimals) + star)
                se_row.append(f"({fmt.number(r['std_error'], lang, decimals)})")
            else:
                coef_row.append("")
                se_row.append("")
        rows += [coef_row, se_row]
    return rows


def _attribute(model: object, name: str) -> float:
    value = getattr(model, name, math.nan)
    return math.nan if value is None else float(value)


def _statistic_rows(models: list[object], labels: Mapping[str, str], lang: Lang,
                    decimals: int) -> list[list[str]]:
    """Observations, the R² rows any model has, one row per fixed effect, the SE type."""
    rows = [[pick(lang, LABELS["nobs"])] + [fmt.number(m.nobs, lang, 0) for m in models]]
    for key in ("r2", "r2_within", "pseudo_r2"):
        values = [_attribute(m, key) for m in models]
        if any(not math.isnan(v) for v in values):
            rows.append([pick(lang, LABELS[key])] + [fmt.number(v, lang, decimals) for v in values])
    fes: list[str] = []
    for m in models:
        fes += [f for f in getattr(m, "fe", ()) if f not in fes]
    yes, no = pick(lang, LABELS["yes"]), pick(lang, LABELS["no"])
    for f in fes:
        rows.append([pick(lang, LABELS["fe"]).format(labels.get(f, f))]
                    + [yes if f in getattr(m, "fe", ()) else no for m in models])
    rows.append([pick(lang, LABELS["se"])]
                + [_se_label(str(getattr(m, "vcov_type", "")), lang, labels) for m in models])
    return rows
