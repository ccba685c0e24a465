"""Hours as exact decimals with one decimal place (DOMAIN.md), stored as integer tenths."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Final

TENTH: Final = Decimal("0.1")
# Far above any real figure (a course, a requirement, a balance), and small enough that every step
# below is exact within the default 28-digit decimal context.
LIMIT: Final = Decimal(1_000_000)


class InvalidHours(ValueError):
    pass


def to_tenths(hours: Decimal | str | int) -> int:
    """Exact tenths of an hour; more than one decimal place is refused, never rounded."""
    if isinstance(hours, str) and "_" in hours:  # Decimal() would read "1_0" as 10
        raise InvalidHours("学时须为数字，最多一位小数")
    try:
        value = Decimal(hours)
    except (InvalidOperation, ValueError):
        raise InvalidHours("学时须为数字，最多一位小数") from None
    if not value.is_finite():
        raise InvalidHours("学时须为数字，最多一位小数")
    # By the exponent first: abs() of "1e1000000" overflows the decimal context (decimal.Overflow).
    if value.adjusted() >= LIMIT.adjusted() or abs(value) >= LIMIT:
        raise InvalidHours("学时数值过大")
    # Compared exactly: a value with more places than the context's precision is not rounded away.
    if value != value.quantize(TENTH):
        raise InvalidHours("学时最多保留一位小数")
    return int(value.quantize(TENTH).scaleb(1))


def from_tenths(tenths: int) -> Decimal:
    return (Decimal(tenths) / 10).quantize(TENTH)
