"""Formula handling for :mod:`analysis.stats.models` (patsy underneath).

``"y ~ x1 + C(g) + x1:x2 | fe1 + fe2"``: the part after ``|`` lists absorbed
fixed effects (fixest style); ``a^b`` there absorbs the combination of two
columns. The left part is an ordinary patsy formula. Plain sums of numeric
column names skip patsy (a fast path for very large data).
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_\.]*")


@dataclass(frozen=True)
class ParsedFormula:
    lhs: str
    rhs: str
    fe: tuple[str, ...]

    @property
    def text(self) -> str:
        base = f"{self.lhs} ~ {self.rhs}"
        return base + (" | " + " + ".join(self.fe) if self.fe else "")


def parse(formula: str, fe: list[str] | tuple[str, ...] | str | None) -> ParsedFormula:
    """Split ``formula`` into response, right-hand side and fixed effects."""
    if not isinstance(formula, str) or "~" not in formula:
        raise ValueError(f"formula must look like 'y ~ x1 + x2 | fe1 + fe2'; got {formula!r}")
    lhs, rest = formula.split("~", 1)
    parts = rest.split("|")
    if len(parts) > 2:
        raise ValueError(f"formula may contain at most one '|' (fixed effects); got {formula!r}")
    rhs = parts[0].strip() or "1"
    fe_terms: list[str] = []
    if len(parts) == 2:
        fe_terms = [t.strip() for t in parts[1].split("+") if t.strip()]
        if fe_terms == ["0"]:
            fe_terms = []
    if fe is not None:
        extra = [fe] if isinstance(fe, str) else list(fe)
        if fe_terms and extra:
            raise ValueError("give fixed effects either after '|' in the formula or as fe=[...], not both")
        fe_terms = [str(x) for x in extra]
    lhs = lhs.strip()
    if not lhs:
        raise ValueError(f"formula has no response on the left of '~': {formula!r}")
    return ParsedFormula(lhs=lhs, rhs=rhs, fe=tuple(fe_terms))


def fe_columns(term: str) -> list[str]:
    """Columns that make up one fixed-effect term (``a`` or ``a^b``)."""
    return [c.strip() for c in term.split("^")]


def referenced_columns(parsed: ParsedFormula, data: pd.DataFrame) -> list[str]:
    """Data columns named anywhere in the formula (for listwise deletion)."""
    cols: list[str] = []
    for text in (parsed.lhs, parsed.rhs):
        for tok in _IDENT.findall(text):
            if tok in data.columns and tok not in cols and not keyword.iskeyword(tok):
                cols.append(tok)
    for term in parsed.fe:
        for c in fe_columns(term):
            if c not in data.columns:
                raise KeyError(f"fixed effect column {c!r} is not in the data")
            if c not in cols:
                cols.append(c)
    return cols


def _simple_terms(rhs: str, data: pd.DataFrame) -> list[str] | None:
    terms = [t.strip() for t in rhs.split("+")]
    names: list[str] = []
    for t in terms:
        if t in ("1",):
            continue
        if not t.isidentifier() or t not in data.columns:
            return None
        s = data[t]
        if not (pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)):
            return None
        names.append(t)
    return names


def design(parsed: ParsedFormula, data: pd.DataFrame, intercept: bool) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Response vector, design matrix (N x K, float64) and column names.

    ``data`` must already be free of missing values in the referenced columns.
    With ``intercept=False`` (absorbed fixed effects) the constant is removed
    after patsy has chosen full-rank contrasts, so ``C(g)`` keeps a reference
    level exactly as it would with an intercept.
    """
    lhs = parsed.lhs
    if lhs.isidentifier() and lhs in data.columns:
        y = data[lhs].to_numpy(dtype=np.float64)
    else:
        import patsy

        y = np.asarray(patsy.dmatrix(f"{lhs} - 1", _patsy_frame(data), NA_action="raise"),
                       dtype=np.float64)
        if y.ndim == 2:
            if y.shape[1] != 1:
                raise ValueError(f"the response {lhs!r} must be a single numeric column")
            y = y[:, 0]
    simple = _simple_terms(parsed.rhs, data)
    if simple is not None:
        names = (["Intercept"] if intercept and "- 1" not in parsed.rhs else []) + simple
        x = np.empty((len(data), len(names)), dtype=np.float64, order="F")
        for j, n in enumerate(names):
            x[:, j] = 1.0 if n == "Intercept" else data[n].to_numpy(dtype=np.float64)
        return y, x, names
    import patsy

    rhs = parsed.rhs
    mat = patsy.dmatrix(rhs, _patsy_frame(data), NA_action="raise", return_type="dataframe")
    names = list(mat.columns)
    if not intercept and "Intercept" in names:
        mat = mat.drop(columns="Intercept")
        names.remove("Intercept")
    x = np.asfortranarray(mat.to_numpy(dtype=np.float64))
    return y, x, names


def _patsy_frame(data: pd.DataFrame) -> pd.DataFrame:
    """Patsy-friendly copy: pandas string columns become object columns."""
    out = {}
    for c in data.columns:
        s = data[c]
        if pd.api.types.is_string_dtype(s) and not isinstance(s.dtype, pd.CategoricalDtype):
            s = s.astype(object)
        out[c] = s
    return pd.DataFrame(out, index=data.index)
