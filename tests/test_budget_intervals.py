"""The stats-layer pieces the budget area uses: the grouped ratio-of-sums interval and the option check."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

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


# --------------------------------------------------------------------------- clustered by programme


def _city_with_programme_prices(seed: int, programmes: int = 60) -> tuple[np.ndarray, ...]:
    """A simulated year: each programme sets its own price per JP (lognormal, SD 0.4 on
    the log scale, mean 100,000), its JP and its size; 80% of enrollments complete."""
    rng = np.random.default_rng(seed)
    size = rng.integers(10, 200, size=programmes)
    jp = rng.choice([8.0, 12.0, 20.0, 40.0], size=programmes)
    price = 100_000.0 * rng.lognormal(-(0.4**2) / 2, 0.4, size=programmes)
    programme = np.repeat(np.arange(programmes), size)
    cost = (jp * price)[programme] * rng.gamma(10.0, 0.1, size=programme.size)
    completed = rng.random(programme.size) < 0.8
    return cost, np.where(completed, jp[programme], 0.0), programme


def test_clustered_ratio_ci_sums_within_clusters() -> None:
    cost, jp, programme = _city_with_programme_prices(3, programmes=25)
    got = ratio_ci(cost, jp, cluster=programme)
    assert got["n_clusters"] == 25 and got["n"] == len(cost)
    # the same SE as the unclustered formula on the programme totals ...
    totals = ratio_ci(np.bincount(programme, cost), np.bincount(programme, jp))
    assert got["estimate"] == pytest.approx(totals["estimate"])
    assert got["std_error"] == pytest.approx(totals["std_error"], rel=1e-10)
    # ... and as statsmodels' cluster-robust WLS slope (G/(G-1) correction; (N-1)/(N-K) = 1)
    keep = jp > 0
    fit = sm.WLS(cost[keep], jp[keep, None], weights=1 / jp[keep]).fit(
        cov_type="cluster", cov_kwds={"groups": programme[keep]})
    ours = ratio_ci(cost[keep], jp[keep], cluster=programme[keep])
    assert ours["std_error"] == pytest.approx(fit.bse[0], rel=1e-8)
    # t with G - 1 degrees of freedom
    half = ours["ci_high"] - ours["estimate"]
    assert half == pytest.approx(stats.t.ppf(0.975, 24) * ours["std_error"])
    boot = ratio_ci(cost, jp, cluster=programme, method="bootstrap", n_boot=500, seed=2)
    assert boot["std_error"] == pytest.approx(got["std_error"], rel=0.25)
    one = ratio_ci(cost[:5], jp[:5], cluster=np.zeros(5))
    assert one["n_clusters"] == 1 and np.isnan(one["ci_low"])
    with pytest.raises(ValueError, match="cluster"):
        ratio_ci(cost, jp, cluster=programme[:-1])


def test_grouped_ratio_ci_clusters_each_group() -> None:
    cost, jp, programme = _city_with_programme_prices(4, programmes=20)
    frame = pd.DataFrame({"cost": cost, "jp": jp, "program_id": programme.astype(str),
                          "group": np.where(programme % 2 == 0, "even", "odd")})
    out = grouped_ratio_ci(frame, "cost", "jp", "group", cluster="program_id").set_index("group")
    rows = frame.loc[frame["group"] == "odd"]
    ci = ratio_ci(rows["cost"], rows["jp"], cluster=rows["program_id"])
    assert out.loc["odd", "std_error"] == pytest.approx(ci["std_error"])
    assert out.loc["odd", "n_clusters"] == 10


@pytest.mark.slow
def test_programme_clustered_cost_ci_coverage() -> None:
    # 400 simulated cities with programme-level prices: the clustered interval covers the
    # population ratio (E[price] / completion = 125,000) 93-97% of the time; the interval
    # that treats enrollments as independent covers it far less often.
    rng = np.random.default_rng(11)
    truth = 100_000.0 / 0.8
    reps, clustered, independent = 400, 0, 0
    for _ in range(reps):
        cost, jp, programme = _city_with_programme_prices(int(rng.integers(1 << 31)))
        ci = ratio_ci(cost, jp, cluster=programme)
        clustered += ci["ci_low"] <= truth <= ci["ci_high"]
        naive = ratio_ci(cost, jp)
        independent += naive["ci_low"] <= truth <= naive["ci_high"]
    assert 0.93 <= clustered / reps <= 0.97
    assert independent / reps < 0.5


def test_a_clustered_group_with_fewer_than_min_clusters_has_not_enough_data() -> None:
    """A format with 40 enrollments in 2 programmes gets no verdict; with 8 programmes it does."""
    from analysis.stats.verdict import MIN_CLUSTERS, enough_data, verdict

    rng = np.random.default_rng(5)
    frame = pd.DataFrame({
        "format": ["internship"] * 40 + ["classroom"] * 40,
        "program_id": [f"I{i % 2}" for i in range(40)] + [f"C{i % 8}" for i in range(40)],
        "cost": rng.uniform(1e5, 1e6, size=80), "jp": rng.integers(1, 20, size=80).astype(float),
    })
    out = grouped_ratio_ci(frame, "cost", "jp", "format", cluster="program_id",
                           min_clusters=MIN_CLUSTERS).set_index("format")
    assert out.loc["internship", "n_clusters"] == 2 and out.loc["classroom", "n_clusters"] == 8
    assert not out.loc["internship", "enough_data"] and out.loc["classroom", "enough_data"]
    # without clustering (or a minimum of clusters) the count of enrollments alone decides
    assert grouped_ratio_ci(frame, "cost", "jp", "format").set_index("format")["enough_data"].all()
    assert grouped_ratio_ci(frame, "cost", "jp", "format", cluster="program_id")["enough_data"].all()
    # the rule, written once
    assert MIN_CLUSTERS == 5
    assert enough_data(40, n_clusters=4) is False and enough_data(40, n_clusters=5) is True
    assert verdict(1.0, 2.0, n=40, n_clusters=2) == "insufficient_data"
    assert verdict(1.0, 2.0, n=40, n_clusters=6) == "higher"
