"""Money as exact decimals of yuan (DOMAIN.md), stored as integer fen."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Final

FEN: Final = Decimal("0.01")
LIMIT: Final = Decimal(100_000_000)  # 1 亿元: far above any fee, reward or budget


class InvalidAmount(ValueError):
    pass


def to_fen(amount: Decimal | str | int) -> int:
    """Exact fen; more than two decimal places is refused, never rounded."""
    if isinstance(amount, str) and "_" in amount:
        raise InvalidAmount("金额须为数字，最多两位小数")
    try:
        value = Decimal(amount)
    except (InvalidOperation, ValueError):
        raise InvalidAmount("金额须为数字，最多两位小数") from None
    # By the exponent first: abs() of "1e1000000" overflows the decimal context (decimal.Overflow).
    if not value.is_finite() or value.adjusted() >= LIMIT.adjusted() or abs(value) >= LIMIT:
        raise InvalidAmount("金额须为合理的数字")
    if value != value.quantize(FEN):
        raise InvalidAmount("金额最多保留两位小数（分）")
    return int(value.quantize(FEN).scaleb(2))


def from_fen(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(FEN)
