"""analysis.stats.comparisons against scipy, statsmodels and hand calculations."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.power import TTestIndPower, TTestPower
from statsmodels.stats.proportion import proportion_confint

from analysis.stats import comparisons as stats


def test_paired_change_matches_scipy_ttest_rel():
    rng = np.random.default_rng(5)
    pre = rng.normal(60, 10, 40)
    post = pre + rng.normal(4, 6, 40)
    row = stats.paired_change(pre, post).iloc[0]
    ref = sps.ttest_rel(post, pre)
    assert row["statistic"] == pytest.approx(ref.statistic, rel=1e-12)
    assert row["p_value"] == pytest.approx(ref.pvalue, rel=1e-10)
    assert row["df"] == 39 and row["n"] == 40
    ci = ref.confidence_interval(0.95)
    assert row["ci_low"] == pytest.approx(ci.low, rel=1e-12)
    assert row["ci_high"] == pytest.approx(ci.high, rel=1e-12)
    d = post - pre
    assert row["effect_size"] == pytest.approx(d.mean() / d.std(ddof=1), rel=1e-12)
    assert math.isnan(row["normalised_gain"])


def test_paired_change_hand_case_with_missing_and_hake_gain():
    # three people; the fourth has no post score and is left out
    out = stats.paired_change([50, 60, 80, 70], [60, 80, 90, None], max_score=100).iloc[0]
    assert out["n"] == 3
    assert out["estimate"] == pytest.approx((10 + 20 + 10) / 3)
    # Hake: 10/50, 20/40, 10/20 -> mean 0.4
    assert out["normalised_gain"] == pytest.approx((0.2 + 0.5 + 0.5) / 3)
    assert list(stats.paired_change([1, 2], [2, 3]).columns) == stats.CHANGE_COLUMNS


def test_paired_change_per_person_max_and_pre_at_max_excluded():
    out = stats.paired_change([10, 5, 100], [15, 7, 100], max_score=[20, 10, 100]).iloc[0]
    assert out["normalised_gain"] == pytest.approx((5 / 10 + 2 / 5) / 2)


def test_compare_groups_matches_scipy_welch_and_hedges_g():
    rng = np.random.default_rng(8)
    d = pd.DataFrame({"y": np.r_[rng.normal(70, 8, 30), rng.normal(75, 12, 45), rng.normal(68, 5, 12)],
                      "g": ["classroom"] * 30 + ["e_learning"] * 45 + ["coaching"] * 12})
    out = stats.compare_groups(d, "y", "g", reference="classroom").set_index("group")
    assert list(out.index) == ["coaching", "e_learning"]
    ref_y = d.loc[d.g == "classroom", "y"]
    for grp in out.index:
        x = d.loc[d.g == grp, "y"]
        t = sps.ttest_ind(x, ref_y, equal_var=False)
        row = out.loc[grp]
        assert row["statistic"] == pytest.approx(t.statistic, rel=1e-12)
        assert row["p_value"] == pytest.approx(t.pvalue, rel=1e-10)
        assert row["df"] == pytest.approx(t.df, rel=1e-12)
        ci = t.confidence_interval(0.95)
        assert row["ci_low"] == pytest.approx(ci.low, rel=1e-12)
        n1, n0 = len(x), len(ref_y)
        sp = math.sqrt(((n1 - 1) * x.var() + (n0 - 1) * ref_y.var()) / (n1 + n0 - 2))
        g = (1 - 3 / (4 * (n1 + n0) - 9)) * (x.mean() - ref_y.mean()) / sp
        assert row["effect_size"] == pytest.approx(g, rel=1e-12)
    with pytest.raises(ValueError, match="reference"):
        stats.compare_groups(d, "y", "g", reference="seminar")


def test_compare_groups_default_reference_is_first_sorted_level():
    d = pd.DataFrame({"y": [1.0, 2.0, 3.0, 5.0, 6.0, 8.0], "g": list("bbbaaa")})
    out = stats.compare_groups(d, "y", "g")
    assert out["reference"].iloc[0] == "a" and out["estimate"].iloc[0] == pytest.approx(2 - 19 / 3)


def test_wilson_matches_statsmodels_vectorised():
    x = np.array([0, 1, 5, 17, 50, 99, 100])
    n = np.array([10, 10, 20, 40, 100, 100, 100])
    lo, hi = stats.proportion_ci(x, n)
    ref_lo, ref_hi = proportion_confint(x, n, method="wilson")
    np.testing.assert_allclose(lo, ref_lo, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(hi, ref_hi, rtol=1e-12)
    lo1, hi1 = stats.proportion_ci(3, 12, level=0.9)
    r = proportion_confint(3, 12, alpha=0.1, method="wilson")
    assert (lo1, hi1) == pytest.approx(r, rel=1e-12)
    lo0, _ = stats.proportion_ci(np.array([0]), np.array([0]))
    assert np.isnan(lo0[0])


@pytest.mark.parametrize("method", ["holm", "fdr_bh"])
def test_adjust_pvalues_matches_multipletests(method):
    p = np.array([0.01, 0.04, 0.03, 0.005, 0.2, 0.5, 0.049])
    ref = multipletests(p, method=method)[1]
    np.testing.assert_allclose(stats.adjust_pvalues(p, method), ref, rtol=1e-12)
    s = pd.Series([0.02, np.nan, 0.03], index=["a", "b", "c"])
    out = stats.adjust_pvalues(s, method)
    assert list(out.index) == ["a", "b", "c"] and np.isnan(out["b"])
    np.testing.assert_allclose(out[["a", "c"]], multipletests([0.02, 0.03], method=method)[1])


def test_power_two_sample_and_paired_match_statsmodels():
    """Our MDE gives exactly the target power in statsmodels' power function (its own
    solve_power stops at a looser tolerance, so that is compared to 1e-4)."""
    ind = TTestIndPower()
    mde = stats.mde_two_sample(50)
    assert ind.power(mde, 50, 0.05) == pytest.approx(0.8, abs=1e-9)
    assert mde == pytest.approx(ind.solve_power(nobs1=50, alpha=0.05, power=0.8), rel=1e-4)
    mde = stats.mde_two_sample(40, 80, sd=10)
    assert ind.power(mde / 10, 40, 0.05, ratio=2) == pytest.approx(0.8, abs=1e-9)
    assert stats.n_two_sample(0.5) == math.ceil(ind.solve_power(effect_size=0.5, alpha=0.05, power=0.8))
    assert stats.n_two_sample(3, sd=10, power=0.9) == math.ceil(
        ind.solve_power(effect_size=0.3, alpha=0.05, power=0.9))
    one = TTestPower()
    mde = stats.mde_paired(30, sd_diff=5)
    assert one.power(mde / 5, 30, 0.05) == pytest.approx(0.8, abs=1e-9)
    assert stats.n_paired(0.4) == math.ceil(one.solve_power(effect_size=0.4, alpha=0.05, power=0.8))


def test_cluster_power_formula_and_design_effect():
    assert stats.design_effect(21, 0.05) == pytest.approx(2.0)
    g, m, icc = 40, 20, 0.1
    de = 1 + 19 * 0.1
    mult = sps.t.ppf(0.975, 38) + sps.t.ppf(0.8, 38)
    assert stats.mde_cluster(g, m, icc) == pytest.approx(mult * math.sqrt(de / (0.25 * g * m)), rel=1e-12)
    # more clustering -> bigger MDE; ICC 0 with many clusters ~ individual two-sample MDE
    assert stats.mde_cluster(g, m, 0.3) > stats.mde_cluster(g, m, 0.1)
    assert stats.mde_cluster(400, 10, 0.0) == pytest.approx(stats.mde_two_sample(2000), rel=0.01)
    need = stats.n_clusters_required(0.3, m, icc)
    assert stats.mde_cluster(need, m, icc) <= 0.3 < stats.mde_cluster(need - 1, m, icc)


def test_icc_oneway_recovers_planted_icc():
    rng = np.random.default_rng(1)
    g, m = 400, 10
    u = np.repeat(np.arange(g), m)
    y = rng.normal(0, math.sqrt(0.2), g)[u] + rng.normal(0, math.sqrt(0.8), g * m)
    assert stats.icc_oneway(pd.DataFrame({"y": y, "u": u}), "y", "u") == pytest.approx(0.2, abs=0.04)


def test_argument_checks_raise_clear_errors():
    with pytest.raises(ValueError, match="same length"):
        stats.paired_change([1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match="method"):
        stats.adjust_pvalues([0.1], "bonferroni")
    with pytest.raises(ValueError, match="power"):
        stats.mde_two_sample(10, power=1.2)
    with pytest.raises(ValueError, match="between 0 and n"):
        stats.proportion_ci(5, 3)


def test_family_verdict_keeps_a_direction_only_below_the_adjusted_level() -> None:
    from analysis.stats.verdict import equality_verdict, family_verdict

    # primary: the CI rule alone, whatever the family
    assert family_verdict(0.1, 0.5, primary=True, p_adjusted=None, higher_is_better=True) == "better"
    # exploratory: the same CI, kept only when the Holm-adjusted p < 0.05
    assert family_verdict(0.1, 0.5, primary=False, p_adjusted=0.049, higher_is_better=False) == "worse"
    assert family_verdict(0.1, 0.5, primary=False, p_adjusted=0.05) == "no_clear_difference"
    assert family_verdict(0.1, 0.5, primary=False, p_adjusted=float("nan")) == "no_clear_difference"
    assert family_verdict(0.1, 0.5, primary=False, p_adjusted=0.01, n=3, min_n=10) == "insufficient_data"
    assert family_verdict(0.1, 0.5, primary=True, p_adjusted=None, n_clusters=2) == "insufficient_data"
    assert equality_verdict(0.01) == "different" and equality_verdict(0.2) == "no_clear_difference"
    assert equality_verdict(0.01, testable=False) == "insufficient_data"
