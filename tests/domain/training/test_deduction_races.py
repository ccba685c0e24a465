"""Deductions sent at once, on the real database (SQLite, and PostgreSQL under `.ci/run`): a negative
adjustment takes away at most what the category holds, however many race for the same hours, also on a
day outside every requirement window, where no balance row guards them (the person's row does)."""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal

from domain.access import Grant, Role
from domain.training import adjustments
from domain.training.errors import HoursAboveBalance
from domain.training.models import HourEntry
from domain.training.vocabulary import HourCategory
from tests.domain.training.conftest import COUNTY
from tests.factories import actor_of, person_id_of, staff, trainee


async def test_deductions_racing_for_the_same_hours_outside_every_window_take_them_once(db: str) -> None:
    admin = await actor_of(await staff("chen", Grant(Role.COUNTY_ADMIN, county_code=COUNTY)))
    person = person_id_of(await trainee("li.na", county_code=COUNTY))
    # 2019 lies before the first fixed window (2021–2025): no HourBalance row is kept for it.
    await adjustments.adjust_hours(
        admin,
        person,
        hours=Decimal(15),
        category=HourCategory.KNOWLEDGE,
        reason="省外培训",
        occurred_on=date(2019, 6, 1),
        idempotency_key="credit",
    )

    async def deduct(n: int) -> HourEntry | HoursAboveBalance:
        try:
            return await adjustments.adjust_hours(
                admin,
                person,
                hours=Decimal(-10),
                category=HourCategory.KNOWLEDGE,
                reason="重复录入",
                occurred_on=date(2019, 6, 2),
                idempotency_key=f"deduct-{n}",
            )
        except HoursAboveBalance as refused:
            return refused

    answers = await asyncio.gather(*(deduct(n) for n in range(6)))
    assert sum(isinstance(a, HourEntry) for a in answers) == 1
    refused = [a for a in answers if isinstance(a, HoursAboveBalance)]
    assert len(refused) == 5
    assert {r.message for r in refused} == {"该类别已计 5.0 学时，不能减去 10.0 学时"}
    assert sum(e.tenths for e in await HourEntry.filter(person_id=person)) == 50
