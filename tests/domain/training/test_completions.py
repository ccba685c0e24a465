"""Recording completions on the real database: retries, racing retries, and keys used by others."""

from __future__ import annotations

import asyncio

import pytest

from domain.audit.models import AuditEvent
from domain.errors import IdempotencyKeyReused
from domain.training import completions
from domain.training.errors import AlreadyCredited, EnrollmentNotFound
from domain.training.models import HourEntry
from domain.training.progress import verify_ledger
from domain.training.vocabulary import EnrollmentStatus
from tests.domain.training.conftest import HeldCourse

SAME_TIME = 20


async def test_the_same_completion_sent_many_times_at_once_credits_once_and_answers_each_with_the_first(
    held_course: HeldCourse,
) -> None:
    [enrollment, _] = held_course.enrollment_ids
    answers = await asyncio.gather(
        *(
            completions.record_completion(
                held_course.provider, enrollment, hours=None, completed_on=None, idempotency_key="c-1"
            )
            for _ in range(SAME_TIME)
        ),
        return_exceptions=True,
    )
    refused = [a for a in answers if isinstance(a, BaseException)]
    assert refused == []
    credits = [a for a in answers if isinstance(a, completions.Credit)]
    assert {credit.entry.id for credit in credits} == {credits[0].entry.id}
    assert all(credit.enrollment is not None for credit in credits)
    assert {c.enrollment.status for c in credits if c.enrollment} == {EnrollmentStatus.COMPLETED}
    assert await HourEntry.all().count() == 1
    assert await AuditEvent.filter(action="completion.recorded").count() == 1
    assert (await verify_ledger())[1] == []


async def test_a_second_completion_with_another_key_is_refused_while_a_retry_is_answered(
    held_course: HeldCourse,
) -> None:
    [enrollment, _] = held_course.enrollment_ids
    first = await completions.record_completion(
        held_course.provider, enrollment, hours=None, completed_on=None, idempotency_key="c-1"
    )
    retry = completions.record_completion(
        held_course.provider, enrollment, hours=None, completed_on=None, idempotency_key="c-1"
    )
    second = completions.record_completion(
        held_course.provider, enrollment, hours=None, completed_on=None, idempotency_key="c-2"
    )
    answered, refused = await asyncio.gather(retry, second, return_exceptions=True)
    assert isinstance(answered, completions.Credit)
    assert answered.entry.id == first.entry.id
    assert isinstance(refused, AlreadyCredited)
    assert await HourEntry.all().count() == 1


async def test_another_provider_replaying_a_providers_key_is_refused_as_if_the_enrolment_were_not_theirs(
    held_course: HeldCourse,
) -> None:
    [enrollment, other_enrollment] = held_course.enrollment_ids
    first = await completions.record_completion(
        held_course.provider, enrollment, hours=None, completed_on=None, idempotency_key="c-1"
    )
    with pytest.raises(EnrollmentNotFound):
        await completions.record_completion(
            held_course.other_provider, enrollment, hours=None, completed_on=None, idempotency_key="c-1"
        )
    # The key's owner still gets the first result; the key cannot be used for another enrolment.
    again = await completions.record_completion(
        held_course.provider, enrollment, hours=None, completed_on=None, idempotency_key="c-1"
    )
    assert again.entry.id == first.entry.id
    with pytest.raises(IdempotencyKeyReused):
        await completions.record_completion(
            held_course.provider, other_enrollment, hours=None, completed_on=None, idempotency_key="c-1"
        )
    assert await HourEntry.all().count() == 1
