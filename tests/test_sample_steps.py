"""The generator's vectorised steps against their one-at-a-time definitions (hand-made cases).

The committed sample regenerating byte for byte (``test_sample.py``) checks the whole chain;
these pin down the steps whose fast form differs from the plain definition, including ties
and sizes the sample does not reach.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.sample.catalogue import Catalogue
from analysis.sample.employees import lookup
from analysis.sample.nip import NipRegistry
from analysis.sample.outcomes import enrollment_ids
from analysis.sample.quarters import _top_per_agency


def test_top_per_agency_is_the_last_of_a_stable_sort_by_agency_and_key() -> None:
    rng = np.random.default_rng(7)
    for _ in range(200):
        n = int(rng.integers(1, 50))
        agency = rng.integers(0, 5, n)
        keys = np.where(rng.random(n) < 0.3, -1.0, rng.integers(0, 3, n) / 3.0)  # many ties
        order = np.lexsort((keys, agency))
        last = np.r_[agency[order][1:] != agency[order][:-1], True]
        assert np.array_equal(_top_per_agency(keys, agency), order[last])
    # hand-made: agency 0 has a tie at 0.5 (indices 0 and 3): the higher index wins
    keys = np.array([0.5, 0.9, 0.1, 0.5, -1.0])
    agency = np.array([0, 1, 1, 0, 2])
    assert list(_top_per_agency(keys, agency)) == [3, 1, 4]


def test_enrollment_ids_match_the_formatted_numbers() -> None:
    for n in (0, 1, 12, 999_999, 1_000_002):
        got = enrollment_ids("ENR-1201-", n)
        want = [f"ENR-1201-{i + 1:06d}" for i in range(n)]
        assert len(got) == n
        if n:
            assert list(got[:3]) == want[:3] and list(got[-3:]) == want[-3:]
    assert list(enrollment_ids("ENR-", 10)) == [f"ENR-{i:06d}" for i in range(1, 11)]


def test_nips_are_birth_date_tmt_gender_and_serial() -> None:
    reg = NipRegistry()
    birth = np.array(
        ["1975-03-09", "1975-03-09", "1999-12-31", "1940-01-01"], dtype="datetime64[D]"
    )
    tmt = np.array(["2001-11-01", "2001-11-01", "2024-04-01", "1960-01-01"], dtype="datetime64[D]")
    nip = reg.issue(birth, tmt, np.array([2, 2, 1, 1]))
    assert list(nip) == [
        "197503092001112001",
        "197503092001112002",
        "199912312024041001",
        "194001011960011001",
    ]
    # a second batch continues the serials of the same birth date, month and gender
    assert list(reg.issue(birth[:1], tmt[:1], np.array([2]))) == ["197503092001112003"]


def test_lookup_maps_every_value_once_per_distinct_value() -> None:
    table = {"s1": 8, "d3": 6, "sma": 4}
    values = np.array(["sma", "s1", "s1", "d3", "sma"])
    assert list(lookup(values, table)) == [4, 8, 8, 6, 4]
    assert lookup(np.array([], dtype=str), table).shape == (0,)


def test_draw_programme_counts_cdf_entries_below_the_draw() -> None:
    cdf = np.array([[0.2, 0.2, 0.7, 1.0], [0.0, 0.5, 0.5, 1.0]])
    n = 4
    cat = Catalogue(
        *(np.zeros(n) for _ in range(13)),
        cdf=cdf,
        it_programmes=np.zeros(0, int),
        campaign=np.zeros(0, int),
    )
    groups = np.array([0, 1, 0, 1, 1, 0] * 50)
    got = cat.draw_programme(groups, np.random.default_rng(3))
    u = np.random.default_rng(3).random(len(groups))
    want = np.minimum((cdf[groups] < u[:, None]).sum(axis=1), n - 1)
    assert np.array_equal(got, want)
    # zero-weight programmes are never drawn: 1 in group 0, 0 and 2 in group 1
    assert set(got[groups == 0]) <= {0, 2, 3} and set(got[groups == 1]) <= {1, 3}


def test_sample_frames_keep_the_contract_order() -> None:
    # the province scale is generated district by district; one district is enough here
    from analysis.sample import generate

    frames = generate(1500, seed=5).frames
    enr = frames["enrollments"]
    assert enr["enrollment_id"].is_unique and enr["enrollment_id"].str.match(r"^ENR-\d{6}$").all()
    ass = frames["assessments"]
    assert ass["assessed_on"].is_monotonic_increasing
    # each employee's three domains of a round are consecutive, in name order
    domains = ass["domain"].to_numpy().reshape(-1, 3)
    assert (domains == np.array(["managerial", "socio_cultural", "technical"])).all()
    assert (
        ass["employee_id"].to_numpy().reshape(-1, 3) == ass["employee_id"].to_numpy()[::3, None]
    ).all()
    assert pd.api.types.is_integer_dtype(ass["score"])
