"""The pure measures of the targets report: exact, in whole people where a floor decides."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.reports.measures import floor_from_hundredths, floor_talents, meets_floor, per_mille, share


@pytest.mark.parametrize(
    ("talents", "population", "expected"),
    [
        (2648, 2_648_301, Decimal("1.00")),
        (539, 538_301, Decimal("1.00")),
        (3, 2000, Decimal("1.50")),
        (0, 1000, Decimal("0.00")),
        (1, 200, Decimal("5.00")),
        (1, 800, Decimal("1.25")),
        (1, 1600, Decimal("0.63")),  # 0.625 rounds half up
        (5, None, None),
        (5, 0, None),
    ],
)
def test_per_mille_is_exact_to_two_places(
    talents: int, population: int | None, expected: Decimal | None
) -> None:
    assert per_mille(talents, population) == expected


@pytest.mark.parametrize(
    ("population", "floor", "needed"),
    [
        (538_301, Decimal(1), 539),
        (538_000, Decimal(1), 538),
        (2000, Decimal("1.5"), 3),
        (2001, Decimal("1.5"), 4),
        (2_648_301, Decimal(1), 2649),
        (None, Decimal(1), None),
        (1000, None, None),
    ],
)
def test_the_floor_asks_whole_people_rounded_up(
    population: int | None, floor: Decimal | None, needed: int | None
) -> None:
    assert floor_talents(population, floor) == needed


def test_a_county_one_person_short_of_the_floor_does_not_meet_it_though_its_ratio_rounds_to_it() -> None:
    # 538 of 538,301 is 0.9994‰, shown as 1.00‰; the floor asks 539 people.
    assert per_mille(538, 538_301) == Decimal("1.00")
    assert meets_floor(538, 538_301, Decimal(1)) is False
    assert meets_floor(539, 538_301, Decimal(1)) is True
    assert meets_floor(5, None, Decimal(1)) is None


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (1, 3, Decimal("0.3333")),
        (2, 3, Decimal("0.6667")),
        (0, 5, Decimal("0.0000")),
        (3, 0, None),
        (7, 5, Decimal("1.4000")),
    ],
)
def test_shares_have_four_places_and_none_without_a_whole(
    part: int, whole: int, expected: Decimal | None
) -> None:
    assert share(part, whole) == expected


def test_the_stored_floor_reads_as_per_mille() -> None:
    assert floor_from_hundredths(100) == Decimal("1.00")
    assert floor_from_hundredths(150) == Decimal("1.50")
    assert floor_from_hundredths(None) is None
