"""Design matrices: which regressors a model can identify."""

from __future__ import annotations

import numpy as np
import pandas as pd


def independent_terms(data: pd.DataFrame, terms: list[str]) -> list[str]:
    """Keep terms in order while each adds rank to [intercept, kept terms]: a term that a
    combination of earlier ones reproduces (e.g. in one small agency) is dropped.

    Works on the small cross-product matrix X'X (rank X'X = rank X), so the cost
    does not grow with the number of rows beyond one matrix product.
    """
    x = np.column_stack([np.ones(len(data)), *[data[t].to_numpy(dtype=float) for t in terms]])
    scale = np.sqrt((x**2).sum(axis=0))
    scale[scale == 0] = 1.0
    gram = (x / scale).T @ (x / scale)
    kept_idx = [0]
    for j in range(1, gram.shape[0]):
        idx = [*kept_idx, j]
        eig = np.linalg.eigvalsh(gram[np.ix_(idx, idx)])
        if eig.min() > 1e-10 * max(eig.max(), 1.0):
            kept_idx.append(j)
    return [terms[j - 1] for j in kept_idx[1:]]
