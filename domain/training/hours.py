"""Hours as exact decimals with one decimal place (DOMAIN.md), stored as integer tenths."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Final

TENTH: Final = Decimal("0.1")


class InvalidHours(ValueError):
    pass


def to_tenths(hours: Decimal | str | int) -> int:
    """Exact tenths of an hour; more than one decimal place is refused, never rounded."""
    try:
        value = Decimal(hours)
    except (InvalidOperation, ValueError):
        raise InvalidHours("学时须为数字，最多一位小数") from None
    if not value.is_finite():
        raise InvalidHours("学时须为数字，最多一位小数")
    tenths = value * 10
    if tenths != tenths.to_integral_value():
        raise InvalidHours("学时最多保留一位小数")
    return int(tenths)


def from_tenths(tenths: int) -> Decimal:
    return (Decimal(tenths) / 10).quantize(TENTH)
