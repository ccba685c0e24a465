"""Creation timestamps come from the one clock (domain/tables.py), so a pinned or moved date is what
the rows say too."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain import clock
from domain.people.models import Person
from tests.factories import person_id_of, trainee


async def test_rows_created_with_the_clock_moved_are_stamped_with_that_date(db: str) -> None:
    with clock.travel_to(date(2026, 3, 20)) as moment:
        user = await trainee("li.na")
    person = await Person.get(id=person_id_of(user))
    for stamp in (user.created_at, person.registered_at):
        assert stamp.astimezone(clock.SHANGHAI).date() == date(2026, 3, 20)
        assert timedelta(0) <= stamp - moment < timedelta(minutes=1)


async def test_rows_created_on_a_pinned_date_are_stamped_with_it(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", "2027-01-05")
    user = await trainee("wang.qiang")
    person = await Person.get(id=person_id_of(user))
    assert person.registered_at.astimezone(clock.SHANGHAI).date() == date(2027, 1, 5)


async def test_a_partly_loaded_row_can_still_be_saved(db: str) -> None:
    user = await trainee("zhang.mei")
    partial = await Person.filter(id=person_id_of(user)).only("id", "phone").get()
    partial.phone = "13987800000"
    await partial.save(update_fields=["phone"])
    assert (await Person.get(id=person_id_of(user))).phone == "13987800000"
