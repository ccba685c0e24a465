"""Pure measures of the targets report (DOMAIN.md, Geography and targets): talents per mille of the
registered population against the floor, the number of talents the floor asks of a county, shares and
progress. Exact decimals throughout: a county exactly on 1‰ meets the floor, never a float's 0.9999."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from typing import Final

HUNDREDTH: Final = Decimal("0.01")
# Shares (training compliance, filing coverage, progress) are given to four places: 0.1234 = 12.34%.
SHARE_PLACES: Final = Decimal("0.0001")


def per_mille(talents: int, population: int | None) -> Decimal | None:
    """Talents per thousand of the registered population, to two places (half up); None without a
    population figure (a county whose population was never loaded has no ratio, not a zero)."""
    if not population:
        return None
    return (Decimal(talents) * 1000 / Decimal(population)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def floor_talents(population: int | None, floor_per_mille: Decimal | None) -> int | None:
    """The fewest talents that meet the floor: ⌈population × floor ÷ 1000⌉ (1‰ of 538,301 is 539)."""
    if not population or floor_per_mille is None:
        return None
    return int((Decimal(population) * floor_per_mille / 1000).to_integral_value(rounding=ROUND_CEILING))


def meets_floor(talents: int, population: int | None, floor_per_mille: Decimal | None) -> bool | None:
    """Whether the county has at least the floor's number of talents (compared in whole people, so the
    rounding of the displayed ratio never decides it); None when either figure is missing."""
    needed = floor_talents(population, floor_per_mille)
    return None if needed is None else talents >= needed


def share(part: int, whole: int) -> Decimal | None:
    """`part / whole` to four places (half up); None when `whole` is 0 (no one to measure, not 0%)."""
    if whole <= 0:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(SHARE_PLACES, rounding=ROUND_HALF_UP)


def floor_from_hundredths(hundredths: int | None) -> Decimal | None:
    """The stored floor (hundredths of ‰) as the Decimal ‰ the API shows: 100 → 1.00."""
    return None if hundredths is None else (Decimal(hundredths) / 100).quantize(HUNDREDTH)
