"""Disclosure control on hand-made tables: primary and secondary suppression, numbers, policy file."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.data.disclosure import (
    DisclosurePolicy,
    DisclosurePolicyError,
    load_policy,
    suppress_number,
    suppress_table,
    suppression_mask,
)

POLICY = DisclosurePolicy()


def test_threshold_rule_is_zero_exclusive_and_k_exclusive():
    assert [POLICY.is_small(c) for c in (0, 1, 4, 5, 6, None, math.nan)] == [False, True, True, False, False, False, False]


def test_one_small_row_takes_the_next_smallest_with_it():
    table = pd.DataFrame({"agency": ["A", "B", "C", "D"], "n": [3, 10, 12, 40], "share": [0.5, 0.2, 0.3, 0.4]})
    out = suppress_table(table, ["n"], POLICY)
    assert out["suppressed"].tolist() == [True, True, False, False]
    assert out.loc[:1, ["n", "share"]].isna().all().all()
    # the city total (65) minus the visible rows leaves 13: the suppressed row cannot be recovered
    visible = out["n"].sum()
    assert table["n"].sum() - visible == 13 and out["agency"].tolist() == table["agency"].tolist()


def test_two_small_rows_alone_take_a_third_with_them():
    # hidden alone, 2 and 4 would be known to add up to 6 (total 86 minus 30 and 50)
    table = pd.DataFrame({"n": [2, 4, 30, 50]})
    assert suppression_mask(table, ["n"], POLICY).tolist() == [True, True, True, False]


def test_zero_is_not_suppressed_and_does_not_serve_as_the_secondary_cell():
    table = pd.DataFrame({"n": [0, 3, 9, 20]})
    assert suppression_mask(table, ["n"], POLICY).tolist() == [False, True, True, False]


def test_margins_are_suppressed_separately():
    table = pd.DataFrame({"period": ["Q1"] * 3 + ["Q2"] * 3, "n": [3, 8, 20, 6, 8, 20]})
    mask = suppression_mask(table, ["n"], POLICY, margins=["period"])
    assert mask.tolist() == [True, True, False, False, False, False]


def test_any_small_count_column_suppresses_the_row_and_keep_columns_stay():
    table = pd.DataFrame({"staff": [40, 50, 60], "dropped": [2, 10, 12], "allocated_idr": [1e9, 2e9, 3e9]})
    out = suppress_table(table, ["staff", "dropped"], POLICY, keep=["allocated_idr"], flag=None)
    assert out["allocated_idr"].tolist() == [1e9, 2e9, 3e9]
    assert out["staff"].isna().tolist() == [True, True, False]
    assert "suppressed" not in out


def test_secondary_rule_none_keeps_only_primary():
    table = pd.DataFrame({"n": [3, 10, 12]})
    assert suppression_mask(table, ["n"], DisclosurePolicy(secondary="none")).tolist() == [True, False, False]


def test_number_is_suppressed_with_its_interval():
    assert suppress_number(0.5, 0.1, 0.9, 4, POLICY) == (None, None, None, True)
    assert suppress_number(0.5, 0.1, 0.9, 5, POLICY) == (0.5, 0.1, 0.9, False)
    assert suppress_number(176, None, None, None, POLICY) == (176, None, None, False)


def test_policy_file_is_strict(tmp_path):
    good = tmp_path / "disclosure.yaml"
    good.write_text("min_people: 10\nsecondary: none\n")
    assert load_policy(good) == DisclosurePolicy(10, "none")
    bad = tmp_path / "bad.yaml"
    bad.write_text("min-people: 10\n")
    with pytest.raises(DisclosurePolicyError, match="unknown key.*min-people"):
        load_policy(bad)
    bad.write_text("min_people: '5'\n")
    with pytest.raises(DisclosurePolicyError, match="whole number"):
        load_policy(bad)


def test_the_shipped_policy_is_the_default():
    assert load_policy() == DisclosurePolicy(5, "next_smallest")


def test_disclose_finds_people_columns_margins_and_keeps_money():
    from analysis.data.disclosure import disclose

    table = pd.DataFrame({"period": ["Q1", "Q1", "Q1", "Q2", "Q2", "Q2"], "agency_id": list("ABCABC"),
                          "active_staff": [3, 9, 40, 12, 9, 40], "allocated_idr": [1.0, 2.0, 3.0, 1.0, 2.0, 3.0],
                          "share": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]})
    out = disclose(table, POLICY)
    assert out["suppressed"].tolist() == [True, True, False, False, False, False]
    assert out["allocated_idr"].tolist() == table["allocated_idr"].tolist()
    assert out.loc[0:1, "share"].isna().all() and out.loc[2:, "share"].notna().all()
    units_only = pd.DataFrame({"units": [1, 2], "rows": [3, 4]})
    assert disclose(units_only, POLICY).equals(units_only)
