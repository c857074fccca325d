"""The stats-layer pieces the budget area uses: the grouped ratio-of-sums interval and the option check."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.stats.intervals import check_choice, grouped_ratio_ci, ratio_ci


def _frame() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    n = 60
    return pd.DataFrame({
        "group": rng.choice(["b", "a"], size=n),
        "other": pd.array(rng.choice(["x", None], size=n), dtype="string"),
        "cost": rng.uniform(1e5, 1e6, size=n),
        "jp": rng.integers(0, 20, size=n).astype(float),
        "completed": rng.random(n) < 0.7,
    })


def test_each_group_is_ratio_ci_of_its_rows() -> None:
    frame = _frame()
    out = grouped_ratio_ci(frame, "cost", "jp", "group")
    assert out["group"].tolist() == ["a", "b"]  # sorted
    for row in out.itertuples():
        rows = frame.loc[frame["group"] == row.group]
        ci = ratio_ci(rows["cost"], rows["jp"])
        assert (row.estimate, row.std_error, row.ci_low, row.ci_high) == (
            ci["estimate"], ci["std_error"], ci["ci_low"], ci["ci_high"])
        assert row.n == len(rows) and row.cost == rows["cost"].sum() and row.jp == rows["jp"].sum()
        assert row.enough_data == (len(rows) >= 30) and row.method == "delta"


def test_one_row_without_groups_and_missing_keys_form_a_group() -> None:
    frame = _frame()
    city = grouped_ratio_ci(frame, "cost", "jp")
    assert len(city) == 1 and city["estimate"].iloc[0] == frame["cost"].sum() / frame["jp"].sum()
    by_other = grouped_ratio_ci(frame, "cost", "jp", ["other"])
    assert len(by_other) == 2 and by_other["n"].sum() == len(frame)


def test_count_column_decides_enough_data() -> None:
    frame = _frame()
    out = grouped_ratio_ci(frame, "cost", "jp", count="completed", min_n=40)
    done = int(frame["completed"].sum())
    assert list(out.columns[:4]) == ["n", "completed", "cost", "jp"]
    assert out["completed"].iloc[0] == done and out["enough_data"].iloc[0] == (done >= 40)


def test_bootstrap_and_empty_frame() -> None:
    frame = _frame()
    boot = grouped_ratio_ci(frame, "cost", "jp", "group", method="bootstrap", n_boot=200, seed=1)
    first = frame.loc[frame["group"] == "a"]
    assert boot["ci_low"].iloc[0] == ratio_ci(first["cost"], first["jp"], method="bootstrap", n_boot=200,
                                             seed=1)["ci_low"]
    empty = grouped_ratio_ci(frame.iloc[:0], "cost", "jp", "group")
    assert empty.empty and "estimate" in empty


def test_check_choice_names_the_choices() -> None:
    check_choice("method", "delta", ("delta", "bootstrap"))
    with pytest.raises(ValueError, match="method must be one of 'delta', 'bootstrap'; got 'x'"):
        check_choice("method", "x", ("delta", "bootstrap"))
    with pytest.raises(KeyError):
        check_choice("kind", 3, (1, 2), error=KeyError)
    with pytest.raises(ValueError, match="method"):
        grouped_ratio_ci(_frame(), "cost", "jp", method="jackknife")  # type: ignore[arg-type]
