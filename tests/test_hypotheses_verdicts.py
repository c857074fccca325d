"""The verdict rule on hand-made estimates: one-sided tests, the file-wide correction (checked
against statsmodels), the minimum detectable effect, the reasons; and the logit's average
marginal effect against statsmodels' own."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.multitest import multipletests

from analysis.hypotheses import catalogue
from analysis.hypotheses.estimate import Estimate, average_marginal_effect
from analysis.hypotheses.narrative import reason
from analysis.hypotheses.spec import Hypothesis
from analysis.hypotheses.verdicts import adjust, judge, mde, p_value, single_test_level


def _h(hid: str, direction: str = "greater", min_effect: float = 0.5) -> Hypothesis:
    return Hypothesis(hid, f"statement {hid}", "ikm", "jp_per_staff", direction, min_effect)


def _e(estimate: float, se: float, df: int = 100, g: int = 101) -> Estimate:
    return Estimate(estimate, se, df, n=1000, n_clusters=g, n_clusters_effective=df + 1, periods=("2025Q1", "2026Q2"))


def _judge(items, correction: str = "holm", alpha: float = 0.05) -> pd.DataFrame:
    return judge([(h, e, "panel_fe") for h, e in items], alpha, correction).set_index("id")


P_VALUES = np.array([0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216, 0.5, 0.9])


@pytest.mark.parametrize(("correction", "method"), [("holm", "holm"), ("bh", "fdr_bh")])
def test_adjusted_p_values_equal_statsmodels(correction: str, method: str) -> None:
    rng = np.random.default_rng(3)
    for p in (P_VALUES, rng.uniform(0, 1, 25), rng.uniform(0, 0.05, 7), np.array([0.3])):
        np.testing.assert_allclose(adjust(p, correction), multipletests(p, method=method)[1], rtol=0, atol=1e-15)
    # missing p-values (hypotheses without an estimate) stay missing and do not count
    with_gap = np.array([0.01, np.nan, 0.04, 0.03])
    expected = multipletests(with_gap[~np.isnan(with_gap)], method=method)[1]
    got = adjust(with_gap, correction)
    assert np.isnan(got[1])
    np.testing.assert_allclose(got[~np.isnan(with_gap)], expected)
    np.testing.assert_array_equal(adjust(P_VALUES, "none"), P_VALUES)


@pytest.mark.parametrize(("correction", "method"), [("holm", "holm"), ("bh", "fdr_bh"), ("none", None)])
def test_a_file_is_adjusted_as_a_whole(correction: str, method: str | None) -> None:
    items = [(_h(f"H{i}"), _e(0.25 * i - 0.2, 0.2)) for i in range(6)]
    table = _judge(items, correction)
    raw = table["p_value"].to_numpy()
    expected = raw if method is None else multipletests(raw, method=method)[1]
    np.testing.assert_allclose(table["p_adjusted"].to_numpy(), expected)


def test_one_sided_p_values_follow_the_stated_direction() -> None:
    assert p_value(2.0, 1.0, 1000, "greater") == pytest.approx(0.0228, abs=1e-3)
    assert p_value(2.0, 1.0, 1000, "less") == pytest.approx(0.9772, abs=1e-3)
    assert p_value(-2.0, 1.0, 1000, "two_sided") == pytest.approx(0.0455, abs=1e-3)
    assert math.isnan(p_value(1.0, math.nan, 10, "greater"))


def test_verdicts_and_reason_codes() -> None:
    table = _judge([
        (_h("true"), _e(1.0, 0.1)),
        (_h("opposite"), _e(-1.0, 0.1)),
        (_h("opposite_less", "less"), _e(1.0, 0.1)),
        (_h("two_sided_down", "two_sided"), _e(-1.0, 0.1)),
        (_h("null"), _e(0.0, 0.05)),
        (_h("null_two_sided", "two_sided"), _e(0.02, 0.05)),
        (_h("underpowered", min_effect=0.2), _e(0.1, 0.5)),
        (_h("powered", min_effect=0.5), _e(0.25, 0.16)),
        (_h("small_but_real", min_effect=1.0), _e(0.1, 0.01)),
        (_h("missing"), Estimate(note=("tidak ada data", "no data"))),
        (_h("few"), _e(1.0, 0.1, df=10)),
    ], correction="none")
    v = table["verdict"].to_dict()
    codes = table["reason_codes"].to_dict()
    assert v["true"] == "supported" and codes["true"] == ("supported",)
    # a one-sided test never supports an effect that went the other way
    assert v["opposite"] == "not_supported" and "opposite_direction" in codes["opposite"]
    assert v["opposite_less"] == "not_supported" and table.loc["opposite_less", "p_value"] > 0.99
    assert v["two_sided_down"] == "supported"
    assert v["null"] == "not_supported" and codes["null"] == ("rules_out_min_effect",)
    assert v["null_two_sided"] == "not_supported"
    assert v["underpowered"] == "inconclusive" and codes["underpowered"] == ("underpowered",)
    assert table.loc["underpowered", "mde"] > 0.2
    assert v["powered"] == "inconclusive" and codes["powered"] == ("powered",)
    assert v["small_but_real"] == "supported" and "smaller_than_min_effect" in codes["small_but_real"]
    assert v["missing"] == "inconclusive" and codes["missing"] == ("no_estimate",)
    assert math.isnan(table.loc["missing", "p_adjusted"])
    assert "few_clusters" in codes["few"] and "few_clusters" not in codes["true"]


def test_confidence_interval_and_mde() -> None:
    table = _judge([(_h("a", "two_sided"), _e(1.0, 0.1, df=10**6))], correction="none")
    row = table.loc["a"]
    assert row["ci_low"] == pytest.approx(1.0 - 1.959964 * 0.1, abs=1e-5)
    assert row["ci_high"] == pytest.approx(1.0 + 1.959964 * 0.1, abs=1e-5)
    # one two-sided 5% test with many degrees of freedom: the familiar 2.8 x SE
    assert row["mde"] / 0.1 == pytest.approx(1.959964 + 0.841621, abs=1e-4)
    assert mde(0.1, 10**6, 0.05, "greater") / 0.1 == pytest.approx(1.644854 + 0.841621, abs=1e-4)
    # with Holm over m tests the most stringent test runs at alpha / m; few clusters widen it (t on G-1 df)
    assert single_test_level(0.05, "holm", 5) == 0.01 and single_test_level(0.05, "none", 5) == 0.05
    five = _judge([(_h(f"H{i}", "two_sided"), _e(1.0, 0.1, df=10**6)) for i in range(5)], correction="holm")
    assert five["mde"].iloc[0] / 0.1 == pytest.approx(2.575829 + 0.841621, abs=1e-4)
    assert mde(0.1, 9, 0.05, "two_sided") > mde(0.1, 10**6, 0.05, "two_sided")


def test_reasons_in_both_languages() -> None:
    cat = catalogue()
    table = _judge([(_h("u", min_effect=0.2), _e(0.1, 0.5)), (_h("s"), _e(1.0, 0.1, df=10))], correction="holm")
    rows = table.reset_index().to_dict("records")
    en = reason(rows[0], cat, "en", 0.05, "holm")
    assert en.startswith("Adjusted p 0.") and "Under-powered" in en and "min_effect 0.2" in en
    idn = reason(rows[0], cat, "id", 0.05, "holm")
    assert "Daya uji kurang" in idn and "0,2" in idn
    few = reason(rows[1], cat, "en", 0.05, "holm")
    assert few.startswith("Adjusted p") and "Holm correction" in few and "Only 11 units" in few


def test_average_marginal_effect_matches_statsmodels() -> None:
    import statsmodels.api as sm

    from analysis.stats.models import logit

    rng = np.random.default_rng(11)
    n = 4000
    d = pd.DataFrame({"x": rng.integers(0, 2, n).astype(float), "z": rng.normal(size=n),
                      "w": rng.integers(0, 2, n).astype(float)})
    eta = -0.5 + 0.8 * d["x"] + 0.4 * d["z"] - 0.3 * d["w"]
    d["y"] = (rng.uniform(size=n) < 1 / (1 + np.exp(-eta))).astype(float)
    ours = logit(d, "y ~ x + z + w", vcov="iid")
    ame, se = average_marginal_effect(ours.coef, ours.vcov, d, "x")
    theirs = sm.Logit(d["y"], sm.add_constant(d[["x", "z", "w"]])).fit(disp=0)
    margeff = theirs.get_margeff(at="overall", method="dydx", dummy=True)
    assert ame == pytest.approx(float(margeff.margeff[0]), rel=1e-6)
    assert se == pytest.approx(float(margeff.margeff_se[0]), rel=1e-4)
