"""Money as exact yuan stored as integer fen: two decimal places at most, within a bound, never rounded."""

from __future__ import annotations

import pytest

from domain.money import InvalidAmount, from_fen, to_fen


@pytest.mark.parametrize(("amount", "fen"), [("60", 6000), ("180.5", 18050), ("0.01", 1), (" 12 ", 1200)])
def test_an_amount_becomes_exact_fen(amount: str, fen: int) -> None:
    assert to_fen(amount) == fen
    assert to_fen(str(from_fen(fen))) == fen


@pytest.mark.parametrize(
    "amount",
    [
        pytest.param("1e1000000", id="an exponent past the decimal context (decimal.Overflow before)"),
        pytest.param("-1e1000000", id="a negative one"),
        pytest.param("NaN", id="NaN"),
        pytest.param("Infinity", id="Infinity"),
        pytest.param("100000000", id="one hundred million yuan"),
        pytest.param("0.001", id="a tenth of a fen"),
        pytest.param("1_0", id="an underscore"),
        pytest.param("", id="empty"),
    ],
)
def test_an_amount_that_is_not_a_bounded_number_of_fen_is_refused(amount: str) -> None:
    with pytest.raises(InvalidAmount):
        to_fen(amount)
