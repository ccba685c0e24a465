"""Hours as exact decimals stored as integer tenths: one decimal place, refused beyond, never rounded."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.training.hours import LIMIT, InvalidHours, from_tenths, to_tenths

# to_tenths refuses a million hours or more (LIMIT): the properties range over what it accepts.
MOST_TENTHS = int(LIMIT * 10) - 1


@pytest.mark.parametrize(
    ("hours", "tenths"),
    [
        pytest.param("12.5", 125, id="one decimal place"),
        pytest.param("12", 120, id="a whole number as text"),
        pytest.param(12, 120, id="an int"),
        pytest.param(Decimal("12.5"), 125, id="a Decimal"),
        pytest.param("0", 0, id="zero"),
        pytest.param("0.1", 1, id="one tenth"),
        pytest.param("12.50", 125, id="a trailing zero is not a second decimal place"),
        pytest.param("12.500000", 125, id="many trailing zeros"),
        pytest.param(Decimal("90.00"), 900, id="a Decimal with two places that are zero"),
        pytest.param("160", 1600, id="the front-line requirement"),
        pytest.param("-8.5", -85, id="a negative amount, as a reversal records"),
        pytest.param(-3, -30, id="a negative int"),
        pytest.param("-0", 0, id="negative zero"),
        pytest.param("1E+2", 1000, id="exponent notation"),
        pytest.param("1e-1", 1, id="a tenth in exponent notation"),
        pytest.param(" 12.5 ", 125, id="surrounding spaces"),
    ],
)
def test_an_amount_with_at_most_one_decimal_place_becomes_exact_tenths(
    hours: Decimal | str | int, tenths: int
) -> None:
    assert to_tenths(hours) == tenths


@pytest.mark.parametrize(
    "hours",
    [
        pytest.param("12.25", id="two places"),
        pytest.param("12.05", id="two places below a half"),
        pytest.param("12.55", id="two places at a half"),
        pytest.param("0.01", id="one hundredth"),
        pytest.param("-0.05", id="a negative hundredth"),
        pytest.param("12.5000001", id="a far decimal place"),
        pytest.param(Decimal("7.99"), id="a Decimal with two places"),
        pytest.param("1e-2", id="a hundredth in exponent notation"),
    ],
)
def test_more_than_one_decimal_place_is_refused_not_rounded(hours: Decimal | str) -> None:
    with pytest.raises(InvalidHours, match="最多保留一位小数"):
        to_tenths(hours)


@pytest.mark.parametrize(
    "hours",
    [
        pytest.param("NaN", id="NaN"),
        pytest.param("nan", id="lowercase nan"),
        pytest.param("sNaN", id="signalling NaN"),
        pytest.param(Decimal("NaN"), id="a Decimal NaN"),
        pytest.param("Infinity", id="Infinity"),
        pytest.param("-Infinity", id="minus Infinity"),
        pytest.param("inf", id="inf"),
        pytest.param(Decimal("Infinity"), id="a Decimal Infinity"),
        pytest.param("", id="empty"),
        pytest.param("   ", id="blank"),
        pytest.param("abc", id="letters"),
        pytest.param("12,5", id="a decimal comma"),
        pytest.param("12.5小时", id="a unit after the number"),
        pytest.param("十二", id="Chinese numerals"),
        pytest.param("1.2.3", id="two points"),
        pytest.param("0x10", id="hexadecimal"),
        pytest.param("--1", id="two signs"),
    ],
)
def test_something_that_is_not_a_finite_number_is_refused(hours: Decimal | str) -> None:
    with pytest.raises(InvalidHours, match="学时须为数字"):
        to_tenths(hours)


def test_the_refusal_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="学时"):
        to_tenths("12.25")


@pytest.mark.parametrize(
    "hours",
    [
        pytest.param("1e999999", id="an exponent at the limit of Decimal"),
        pytest.param("-1e999999", id="a negative one"),
        # Issue #8: past the context's largest exponent abs() raised decimal.Overflow (INTERNAL) from
        # adjustTrainingHours, updateTrainingRequirement and a roster's hours cell.
        pytest.param("1e1000000", id="an exponent past the limit of the decimal context"),
        pytest.param("-1e1000000", id="a negative one past it"),
        pytest.param("9" * 30 + "e999990", id="many digits and a large exponent"),
    ],
)
def test_a_number_too_large_for_the_decimal_context_is_refused_as_invalid_hours(hours: str) -> None:
    with pytest.raises(InvalidHours):
        to_tenths(hours)


def test_a_second_decimal_place_beyond_the_decimal_precision_is_still_refused() -> None:
    with pytest.raises(InvalidHours):
        to_tenths("0.10000000000000000000000000001")


def test_digits_separated_by_an_underscore_are_refused() -> None:
    with pytest.raises(InvalidHours):
        to_tenths("1_0")


@pytest.mark.parametrize(
    ("tenths", "text"),
    [
        pytest.param(125, "12.5", id="one decimal place"),
        pytest.param(120, "12.0", id="a whole number keeps its one place"),
        pytest.param(0, "0.0", id="zero"),
        pytest.param(1, "0.1", id="one tenth"),
        pytest.param(-85, "-8.5", id="negative"),
        pytest.param(1600, "160.0", id="the front-line requirement"),
    ],
)
def test_tenths_become_a_decimal_with_exactly_one_decimal_place(tenths: int, text: str) -> None:
    hours = from_tenths(tenths)
    assert isinstance(hours, Decimal)
    assert str(hours) == text
    assert hours.as_tuple().exponent == -1


@given(st.integers(min_value=-MOST_TENTHS, max_value=MOST_TENTHS))
def test_tenths_survive_the_round_trip_through_hours(tenths: int) -> None:
    assert to_tenths(from_tenths(tenths)) == tenths


@given(st.integers(min_value=-MOST_TENTHS, max_value=MOST_TENTHS))
def test_tenths_survive_the_round_trip_through_the_text_of_the_hours(tenths: int) -> None:
    assert to_tenths(str(from_tenths(tenths))) == tenths


@given(
    st.decimals(
        min_value=Decimal("-999999.9"),
        max_value=Decimal("999999.9"),
        places=1,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_hours_with_one_decimal_place_survive_the_round_trip_through_tenths(hours: Decimal) -> None:
    assert from_tenths(to_tenths(hours)) == hours


@given(
    whole=st.integers(min_value=-(10**9), max_value=10**9),
    hundredths=st.integers(min_value=1, max_value=99).filter(lambda h: h % 10 != 0),
)
def test_any_amount_with_a_nonzero_second_decimal_place_is_refused(whole: int, hundredths: int) -> None:
    with pytest.raises(InvalidHours):
        to_tenths(Decimal(whole) + Decimal(hundredths) / 100)


@given(st.integers(min_value=-(int(LIMIT) - 1), max_value=int(LIMIT) - 1))
def test_an_integer_number_of_hours_is_ten_tenths_each(hours: int) -> None:
    assert to_tenths(hours) == hours * 10
    assert to_tenths(str(hours)) == hours * 10


@pytest.mark.parametrize("hours", ["1000000", "-1000000", "1e7", Decimal("123456789.5")])
def test_a_million_hours_or_more_is_refused(hours: str | Decimal) -> None:
    with pytest.raises(InvalidHours):
        to_tenths(hours)
