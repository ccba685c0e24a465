"""Adjustments and reversals on the real database: racing retries, and keys replayed out of scope."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from decimal import Decimal

import pytest

from domain import clock
from domain.audit.models import AuditEvent
from domain.errors import OutOfScope
from domain.training import adjustments, completions
from domain.training.errors import EntryNotFound
from domain.training.models import HourEntry
from domain.training.progress import verify_ledger
from domain.training.vocabulary import EntrySource, HourCategory
from tests.domain.training.conftest import HeldCourse

SAME_TIME = 20
REASON = "社会工作专业本科学历折算（民发〔2009〕123号）"


async def adjust(held_course: HeldCourse, key: str, *, by_other_county: bool = False) -> HourEntry:
    return await adjustments.adjust_hours(
        held_course.other_admin if by_other_county else held_course.admin,
        held_course.person_ids[0],
        hours=Decimal(90),
        category=HourCategory.DEGREE_STUDY,
        reason=REASON,
        occurred_on=date(2026, 3, 1),
        idempotency_key=key,
    )


async def test_the_same_adjustment_sent_many_times_at_once_is_written_once(held_course: HeldCourse) -> None:
    entries = await asyncio.gather(*(adjust(held_course, "a-1") for _ in range(SAME_TIME)))
    assert {entry.id for entry in entries} == {entries[0].id}
    assert await HourEntry.all().count() == 1
    assert await AuditEvent.filter(action="hours.adjusted").count() == 1
    assert (await verify_ledger())[1] == []


async def test_an_admin_of_another_county_replaying_an_adjustment_key_is_refused(
    held_course: HeldCourse,
) -> None:
    first = await adjust(held_course, "a-1")
    with pytest.raises(OutOfScope):
        await adjust(held_course, "a-1", by_other_county=True)
    assert (await adjust(held_course, "a-1")).id == first.id
    assert await HourEntry.all().count() == 1


async def test_the_same_reversal_sent_many_times_at_once_reverses_once(held_course: HeldCourse) -> None:
    credit = await completions.record_completion(
        held_course.provider,
        held_course.enrollment_ids[0],
        hours=None,
        completed_on=None,
        idempotency_key="c-1",
    )
    reversals = await asyncio.gather(
        *(
            adjustments.reverse_entry(
                held_course.admin, credit.entry.id, reason="签到记录有误", idempotency_key="r-1"
            )
            for _ in range(SAME_TIME)
        )
    )
    assert {reversal.id for reversal in reversals} == {reversals[0].id}
    assert reversals[0].source is EntrySource.REVERSAL
    assert await HourEntry.filter(source=EntrySource.REVERSAL).count() == 1
    assert await AuditEvent.filter(action="hours.reversed").count() == 1
    assert (await verify_ledger())[1] == []


async def test_an_admin_of_another_county_replaying_a_reversal_key_is_refused(
    held_course: HeldCourse,
) -> None:
    entry = await adjust(held_course, "a-1")
    first = await adjustments.reverse_entry(
        held_course.admin, entry.id, reason="录入错误", idempotency_key="r-1"
    )
    with pytest.raises(EntryNotFound):
        await adjustments.reverse_entry(
            held_course.other_admin, entry.id, reason="录入错误", idempotency_key="r-1"
        )
    again = await adjustments.reverse_entry(
        held_course.admin, entry.id, reason="录入错误", idempotency_key="r-1"
    )
    assert again.id == first.id
    assert await HourEntry.all().count() == 2


async def test_an_adjustment_without_a_date_retried_on_a_later_day_gets_the_first_entry(
    held_course: HeldCourse,
) -> None:
    async def undated() -> HourEntry:
        return await adjustments.adjust_hours(
            held_course.admin,
            held_course.person_ids[0],
            hours=Decimal(90),
            category=HourCategory.DEGREE_STUDY,
            reason=REASON,
            occurred_on=None,
            idempotency_key="a-undated",
        )

    first = await undated()
    with clock.travel_to(first.occurred_on + timedelta(days=21)):
        retry = await undated()
    assert retry.id == first.id
    assert retry.occurred_on == first.occurred_on
    assert await HourEntry.all().count() == 1
