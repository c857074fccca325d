"""Property-based tests of the cell parsers (hypothesis): NIPs, dates, numbers, booleans.

Each property draws a batch of values and parses them in one call, as the
loader does; any text, however odd, gives a value or a located problem, never
an exception.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from analysis.data.validate import (  # noqa: E402
    FALSE_WORDS,
    TRUE_WORDS,
    check_nips,
    normalise_text,
    parse_bool,
    parse_date,
    parse_number,
)

SETTINGS = settings(max_examples=40, deadline=None)
TODAY = pd.Timestamp("2026-11-30")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def series(values: list[str | None]) -> pd.Series:
    return normalise_text(pd.Series(values, dtype="string"))


any_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


# ---------------------------------------------------------------------------- numbers


def _grouped(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


@SETTINGS
@given(st.lists(st.integers(min_value=0, max_value=10**12), min_size=1, max_size=20), st.data())
def test_money_in_every_spelling_parses_to_the_amount(amounts: list[int], data: st.DataObject) -> None:
    spellings = []
    for a in amounts:
        style = data.draw(st.sampled_from(["plain", "id", "en", "rp", "rp_dot", "idr"]))
        spellings.append({
            "plain": str(a), "id": _grouped(a, "."), "en": _grouped(a, ","), "rp": f"Rp {_grouped(a, '.')}",
            "rp_dot": f"Rp.{a}", "idr": f"IDR {a}",
        }[style])
    values, bad = parse_number(series(spellings), "money")
    assert not bad.any(), [s for s, b in zip(spellings, bad, strict=True) if b]
    assert values.tolist() == [float(a) for a in amounts]


@SETTINGS
@given(st.lists(st.decimals(min_value=-10**6, max_value=10**6, places=2, allow_nan=False), min_size=1, max_size=20),
       st.lists(st.booleans(), min_size=20, max_size=20))
def test_decimal_comma_or_point(numbers: list, comma: list[bool]) -> None:
    text = [str(n).replace(".", ",") if c else str(n) for n, c in zip(numbers, comma, strict=False)]
    values, bad = parse_number(series(text), "float")
    assert not bad.any()
    np.testing.assert_allclose(values.to_numpy(), [float(n) for n in numbers])


@SETTINGS
@given(st.lists(st.one_of(st.none(), any_text), max_size=25), st.sampled_from(["float", "int", "money"]))
def test_any_text_is_a_number_or_flagged(text: list[str | None], kind: str) -> None:
    s = series(text)
    values, bad = parse_number(s, kind)
    present = s.notna().to_numpy()
    assert (np.isfinite(values.to_numpy()) | bad.to_numpy() | ~present).all()
    assert not (bad.to_numpy() & ~present).any()


# ---------------------------------------------------------------------------- booleans


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(TRUE_WORDS + FALSE_WORDS), st.sampled_from([str.lower, str.upper, str.title])),
                min_size=1, max_size=20))
def test_yes_no_words_in_any_case(words: list) -> None:
    text = [f" {case(w)} " for w, case in words]
    values, bad = parse_bool(series(text))
    assert not bad.any()
    assert values.tolist() == [w in TRUE_WORDS for w, _ in words]


@SETTINGS
@given(st.lists(any_text, max_size=25))
def test_other_text_is_not_a_boolean(text: list[str]) -> None:
    s = series(text)
    values, bad = parse_bool(s)
    known = s.str.lower().isin(TRUE_WORDS + FALSE_WORDS).fillna(False).to_numpy()
    assert (bad.to_numpy() == (s.notna().to_numpy() & ~known)).all()
    assert values[bad].isna().all()


# ---------------------------------------------------------------------------- dates


dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31))


@SETTINGS
@given(st.lists(st.tuples(dates, st.sampled_from(["iso", "dmy/", "dmy-", "dmy.", "serial", "iso time"])),
                min_size=1, max_size=20))
def test_dates_in_every_accepted_format(drawn: list) -> None:
    text = []
    for d, style in drawn:
        text.append({
            "iso": d.isoformat(), "dmy/": f"{d:%d/%m/%Y}", "dmy-": f"{d:%d-%m-%Y}", "dmy.": f"{d:%d.%m.%Y}",
            "serial": str((d - date(1899, 12, 30)).days), "iso time": f"{d.isoformat()} 13:45:00",
        }[style])
    values, messages = parse_date(series(text))
    assert messages.isna().all(), [(t, m) for t, m in zip(text, messages, strict=True) if m is not pd.NA]
    assert [v.date() for v in values] == [d for d, _ in drawn]


@SETTINGS
@given(st.lists(st.one_of(st.none(), any_text), max_size=25))
def test_any_text_is_a_date_or_has_a_message(text: list[str | None]) -> None:
    s = series(text)
    values, messages = parse_date(s)
    present = s.notna().to_numpy()
    assert (values.notna().to_numpy() | messages.notna().to_numpy() | ~present).all()
    assert not (values.notna().to_numpy() & messages.notna().to_numpy()).any()


# ---------------------------------------------------------------------------- NIPs


@st.composite
def nips(draw: st.DrawFn) -> str:
    """A NIP whose every part is valid (birth date, appointment at 17+, not in the future)."""
    birth = draw(st.dates(min_value=date(1955, 1, 1), max_value=date(2005, 12, 31)))
    first = date(birth.year + 17, birth.month, 1) + timedelta(days=31)
    appointed = draw(st.dates(min_value=first, max_value=date(2026, 11, 1)))
    pppk = draw(st.booleans())
    month = "21" if pppk else f"{appointed.month:02d}"
    gender = draw(st.sampled_from("12"))
    serial = draw(st.integers(min_value=1, max_value=999))
    if serial % 1000 == 0:
        serial = 1
    return f"{birth:%Y%m%d}{appointed.year}{month}{gender}{serial:03d}"


@SETTINGS
@given(st.lists(nips(), min_size=1, max_size=20))
def test_valid_nips_pass_and_keep_their_digits(values: list[str]) -> None:
    check = check_nips(series(values), today=TODAY)
    flagged = np.zeros(len(values), dtype=bool)
    for mask, _ in check.problems:
        flagged |= mask
    assert not flagged.any(), [v for v, f in zip(values, flagged, strict=True) if f]
    assert check.canonical.tolist() == values
    assert check.gender_digit.tolist() == [v[14] for v in values]


@SETTINGS
@given(st.lists(nips(), min_size=1, max_size=10), st.sampled_from([FULL_WIDTH, ARABIC_INDIC]))
def test_non_ascii_digits_are_named_as_such(values: list[str], table: dict) -> None:
    check = check_nips(series([v.translate(table) for v in values]), today=TODAY)
    messages = [msg for mask, msg in check.problems if mask.all()]
    assert any("non-ASCII digits" in m for m in messages)
    assert not any("birth date" in msg for mask, msg in check.problems if mask.any())
    assert check.canonical.isna().all()


@SETTINGS
@given(st.lists(st.one_of(st.none(), any_text, st.from_regex(r"[0-9]{16,19}", fullmatch=True)), max_size=25))
def test_any_text_is_a_nip_or_flagged(text: list[str | None]) -> None:
    s = series(text)
    check = check_nips(s, today=TODAY)
    flagged = np.zeros(len(s), dtype=bool)
    for mask, _ in check.problems:
        flagged |= mask
    present = s.str.replace(r"[ \t\r\n\f\v\u00a0']", "", regex=True).replace("", pd.NA).notna().to_numpy()
    ok = check.canonical.notna().to_numpy()
    assert (ok | flagged | ~present).all()
    assert not (ok & flagged).any()
