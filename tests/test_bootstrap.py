"""The restricted wild cluster bootstrap (analysis.stats.bootstrap)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.stats import models
from analysis.stats.bootstrap import webb_weights, wild_cluster_bootstrap


def _clustered(seed: int, n_clusters: int = 12, n: int = 300, slope: float = 0.15) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    g = rng.integers(0, n_clusters, n)
    x = rng.normal(size=n) + 0.3 * rng.normal(size=n_clusters)[g]
    z = rng.normal(size=n)
    y = 1 + slope * x + 0.2 * z + rng.normal(size=n) + rng.normal(size=n_clusters)[g]
    return pd.DataFrame({"y": y, "x": x, "z": z, "g": g})


def test_webb_weights_have_mean_zero_and_unit_variance() -> None:
    v = webb_weights(50, 2000, np.random.default_rng(0))
    assert v.shape == (50, 2000)
    assert abs(v.mean()) < 0.02 and abs(v.var() - 1) < 0.02
    assert len(np.unique(v.round(6))) == 6


def test_observed_statistic_is_the_crv1_t() -> None:
    d = _clustered(1)
    res = wild_cluster_bootstrap(d, "y ~ x + z", "x", "g", draws=199, confidence_interval=False)
    crv = models.fit(d, "y ~ x + z", vcov={"cluster": "g"}).tidy().set_index("term")
    assert res.statistic == pytest.approx(crv.loc["x", "statistic"], rel=1e-8)
    assert res.estimate == pytest.approx(crv.loc["x", "estimate"], rel=1e-10)
    assert res.n_clusters == 12


def test_absorbed_fixed_effects_give_the_dummy_regression_result() -> None:
    d = _clustered(2)
    d["period"] = np.arange(len(d)) % 5
    absorbed = wild_cluster_bootstrap(d, "y ~ x + z | g + period", "x", "g", draws=499, seed=5)
    dummies = wild_cluster_bootstrap(d, "y ~ x + z + C(g) + C(period)", "x", "g", draws=499, seed=5)
    assert absorbed.p_value == pytest.approx(dummies.p_value)
    assert absorbed.ci_low == pytest.approx(dummies.ci_low, rel=1e-3)
    assert absorbed.ci_high == pytest.approx(dummies.ci_high, rel=1e-3)


def test_interval_is_the_set_the_test_does_not_reject() -> None:
    d = _clustered(3)
    res = wild_cluster_bootstrap(d, "y ~ x + z", "x", "g", draws=999)
    assert res.ci_low < res.estimate < res.ci_high
    inside = wild_cluster_bootstrap(d, "y ~ x + z", "x", "g", null=0.5 * (res.estimate + res.ci_high),
                                    draws=999, confidence_interval=False)
    outside = wild_cluster_bootstrap(d, "y ~ x + z", "x", "g", null=res.ci_high + (res.ci_high - res.estimate),
                                     draws=999, confidence_interval=False)
    assert inside.p_value > 0.05 > outside.p_value


def test_joint_restriction_gives_a_p_value() -> None:
    d = _clustered(4)
    res = wild_cluster_bootstrap(d, "y ~ x + z", [{"x": 1}, {"z": 1}], "g", draws=499)
    assert 0 <= res.p_value <= 1 and np.isnan(res.ci_low)
    with pytest.raises(KeyError):
        wild_cluster_bootstrap(d, "y ~ x + z", "w", "g", draws=199)


def test_agrees_with_the_wildboottest_package() -> None:
    """Independent implementation: wildboottest's WCR-11 with Webb weights, no absorbed effects."""
    wbt = pytest.importorskip("wildboottest.wildboottest")
    d = _clustered(1)
    draws = 9999
    ours = wild_cluster_bootstrap(d, "y ~ x + z", "x", "g", draws=draws, confidence_interval=False)
    x = np.column_stack([np.ones(len(d)), d["x"], d["z"]])
    theirs = wbt.WildboottestCL(X=x, Y=d["y"].to_numpy(), cluster=d["g"].to_numpy(),
                                R=np.array([0.0, 1.0, 0.0]), B=draws, seed=3, parallel=False)
    theirs.get_scores(bootstrap_type="11", impose_null=True)
    theirs.get_weights(weights_type="webb")
    theirs.get_numer()
    theirs.get_denom()
    theirs.get_tboot()
    theirs.get_vcov()
    theirs.get_tstat()
    theirs.get_pvalue()
    assert float(np.ravel(theirs.t_stat)[0]) == pytest.approx(ours.statistic, rel=1e-8)
    # Monte Carlo SE of each p-value is sqrt(p (1 - p) / B) ~ 0.0035; allow 4 SE of the difference
    se = np.sqrt(2 * ours.p_value * (1 - ours.p_value) / draws)
    assert abs(float(theirs.pvalue) - ours.p_value) < 4 * se + 1e-3


@pytest.mark.slow
def test_size_with_few_clusters() -> None:
    """Null slope, 8 clusters of very different sizes: the bootstrap rejects near 5%."""
    rejections = []
    for seed in range(150):
        rng = np.random.default_rng(seed)
        sizes = np.array([5, 5, 10, 10, 20, 30, 60, 100])
        g = np.repeat(np.arange(8), sizes)
        x = rng.normal(size=8)[g] + 0.5 * rng.normal(size=len(g))
        y = rng.normal(size=8)[g] + rng.normal(size=len(g))
        d = pd.DataFrame({"y": y, "x": x, "g": g})
        res = wild_cluster_bootstrap(d, "y ~ x", "x", "g", draws=199, seed=seed,
                                     confidence_interval=False)
        rejections.append(res.p_value < 0.05)
    assert np.mean(rejections) <= 0.10
