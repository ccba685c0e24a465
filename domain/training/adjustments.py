"""An admin's corrections to the hour ledger: manual adjustments and reversals.

Neither changes an entry: an adjustment is a new entry with a reason, a reversal a new entry of the
opposite sign pointing at the one it cancels (ARCHITECTURE.md, Data). Both take an idempotency key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from domain import clock
from domain.access import Actor
from domain.audit import service as audit
from domain.errors import OutOfScope
from domain.idempotency import check_key, idempotent, request_digest
from domain.people import service as people
from domain.training import hours as hour_units
from domain.training.credits import (
    append_entry,
    entry_with_key,
    fixed_requirements_on,
    reopen_credited_enrollment,
)
from domain.training.errors import AlreadyReversed, EntryNotFound, HoursAboveBalance, InvalidDate
from domain.training.ledger import (
    check_adjustment_hours,
    check_entry_date,
    check_reason,
    check_reversible,
    reversing_tenths,
)
from domain.training.models import HourBalance, HourEntry
from domain.training.vocabulary import EntrySource, HourCategory
from domain.transaction import write_transaction


async def adjust_hours(
    actor: Actor,
    person_id: int,
    *,
    hours: Decimal,
    category: HourCategory,
    reason: str,
    occurred_on: date | None,
    idempotency_key: str,
) -> HourEntry:
    """An admin's manual entry: e.g. a social-work degree counted as 90 h once (民发〔2009〕123号),
    or hours earned in another province. Negative hours take hours away, with a reason.

    `hours` is Decimal hours with at most one decimal place, not 0 and at most 200 either way,
    stored as integer tenths. `reason` is 1–500 characters once trimmed. `occurred_on` is the
    Asia/Shanghai business date the hours were earned, not after today nor before the person's birth
    date (None: today); it decides which requirements' windows the entry counts toward. A retry with
    the same `idempotency_key` and input returns the first entry and writes nothing, even when it races
    the first request.

    Writes, in one transaction: one `HourEntry` (source ADJUSTMENT) with the `HourBalance`s it
    counts toward, and the audit event `hours.adjusted`.

    Raises:
        InvalidInput: the key is empty or too long, or the reason is missing or too long.
        IdempotencyKeyReused: the key was first used for a different request.
        OutOfScope: no such person, or not in a county the actor administers (for retries too).
        InvalidHours: `hours` is 0, beyond 200 either way, or has more than one decimal place.
        InvalidDate: `occurred_on` is after today, or before the person was born.
        HoursAboveBalance: negative hours beyond what the category holds where the entry counts
            (its balance in the five-year window of `occurred_on`; outside every window, the
            category's net over the whole ledger), with both figures: a deduction is never
            silently clamped to zero.
    """
    key = check_key(idempotency_key)
    today = clock.today()
    day = occurred_on or today
    # The request as sent: an omitted date stays omitted, so a retry on a later day is the same request
    # (and gets the first entry, dated the day it was first sent), as with completions.
    digest = request_digest(
        "adjustment",
        person=person_id,
        hours=hours,
        category=category.value,
        reason=reason,
        occurredOn=occurred_on,
    )
    return await idempotent(
        key,
        digest,
        find=entry_with_key,
        scope=lambda: _person_administered(actor, person_id),
        write=lambda person: _adjust(
            actor,
            person,
            hours=hours,
            category=category,
            reason=reason,
            day=day,
            today=today,
            key=key,
            digest=digest,
        ),
    )


@dataclass(frozen=True, slots=True)
class _Person:
    """What an adjustment needs to know of the person it is for."""

    id: int
    county: str
    born: date


async def _person_administered(actor: Actor, person_id: int) -> _Person:
    person = (await people.persons_by_ids([person_id])).get(person_id)
    if person is None or not actor.can_administer_county(person.county_id):
        raise OutOfScope(field="personId")
    return _Person(id=person.id, county=str(person.county_id), born=person.birth_date)


async def _adjust(
    actor: Actor,
    person: _Person,
    *,
    hours: Decimal,
    category: HourCategory,
    reason: str,
    day: date,
    today: date,
    key: str,
    digest: str,
) -> HourEntry:
    tenths = check_adjustment_hours(hours)
    reason = check_reason(reason, action="调整")
    check_entry_date(day, today=today)
    # Hours are earned by someone alive: a date before birth is a mistyped year (1919 for 1991).
    if day < person.born:
        raise InvalidDate(f"学时发生日期不能早于本人出生日期（{person.born}）", field="occurredOn")
    async with write_transaction():
        if tenths < 0:
            await _check_hours_to_take(person.id, category, day, tenths)
        entry = await append_entry(
            person_id=person.id,
            tenths=tenths,
            category=category,
            source=EntrySource.ADJUSTMENT,
            occurred_on=day,
            actor=actor,
            reason=reason,
            idempotency_key=key,
            digest=digest,
        )
        await audit.record(
            actor,
            "hours.adjusted",
            target_type="HourEntry",
            target_id=entry.id,
            county_code=person.county,
            summary={"person": person.id, "hours": str(hours), "category": category.value, "reason": reason},
        )
    return entry


async def _check_hours_to_take(person_id: int, category: HourCategory, day: date, tenths: int) -> None:
    """A negative adjustment takes away at most what the category holds where the entry counts: its
    balance in each fixed-window requirement whose window includes `day` (the balances it moves), or,
    on a day outside every window, the person's net hours in the category over the whole ledger.

    Raises:
        HoursAboveBalance: fewer hours than `-tenths`, both figures in the message.
    """
    requirements = await fixed_requirements_on(day)
    if requirements:
        # Locked to the transaction's end (PostgreSQL), so two racing deductions cannot both pass.
        balances = await HourBalance.filter(
            person_id=person_id, category=category, requirement_id__in=[r.id for r in requirements]
        ).select_for_update()
        held = {b.requirement_id: b.tenths for b in balances}
        counted = min(held.get(r.id, 0) for r in requirements)
    else:
        # No balance row guards a day outside every window: the person's row does instead.
        await people.lock_person(person_id)
        entries = await HourEntry.filter(person_id=person_id, category=category).only("id", "tenths")
        counted = sum(e.tenths for e in entries)
    if counted + tenths < 0:
        raise HoursAboveBalance(
            f"该类别已计 {hour_units.from_tenths(max(counted, 0))} 学时，"
            f"不能减去 {hour_units.from_tenths(-tenths)} 学时"
        )


async def reverse_entry(actor: Actor, entry_id: int, *, reason: str, idempotency_key: str) -> HourEntry:
    """A wrong entry is reversed by a new entry of the opposite sign, at most once.

    The reversal takes back exactly the entry's hours, in its category and on its date, so the same
    balances move back. `reason` is 1–500 characters once trimmed. A retry with the same
    `idempotency_key` and input returns the first reversal and writes nothing, even when it races
    the first request.

    Reversing a completion's credit (source COMPLETION or ROSTER_IMPORT) makes its enrolment
    ENROLLED again, so the completion can be recorded again with the corrected hours.

    Writes, in one transaction: one `HourEntry` (source REVERSAL, `reverses` the entry) with the
    `HourBalance`s it moves, the credited enrolment COMPLETED → ENROLLED when it reverses a credit,
    and the audit event `hours.reversed`.

    Raises:
        InvalidInput: the key is empty or too long, or the reason is missing or too long.
        IdempotencyKeyReused: the key was first used for a different request.
        EntryNotFound: no such entry, or of a person outside the actor's counties (for retries too).
        AlreadyReversed: the entry is already reversed, or is itself a reversal.
    """
    key = check_key(idempotency_key)
    digest = request_digest("reversal", entry=entry_id, reason=reason)
    return await idempotent(
        key,
        digest,
        find=entry_with_key,
        scope=lambda: _entry_administered(actor, entry_id),
        write=lambda target: _reverse(actor, *target, reason, key=key, digest=digest),
        conflict=lambda: AlreadyReversed("该记录已冲正"),
    )


async def _entry_administered(actor: Actor, entry_id: int) -> tuple[HourEntry, str]:
    """An entry of a person in a county the actor administers; any other is not found."""
    entry = await HourEntry.get_or_none(id=entry_id)
    if entry is None:
        raise EntryNotFound()
    county = await people.county_of(entry.person_id)
    if county is None or not actor.can_administer_county(county):
        raise EntryNotFound()
    return entry, county


async def _reverse(
    actor: Actor, entry: HourEntry, county: str, reason: str, *, key: str, digest: str
) -> HourEntry:
    check_reversible(entry.source, already_reversed=await HourEntry.exists(reverses_id=entry.id))
    reason = check_reason(reason, action="冲正")
    async with write_transaction():
        reversal = await append_entry(
            person_id=entry.person_id,
            tenths=reversing_tenths(entry.tenths),
            category=entry.category,
            source=EntrySource.REVERSAL,
            occurred_on=entry.occurred_on,
            actor=actor,
            course_id=entry.course_id,
            reverses_id=entry.id,
            reason=reason,
            idempotency_key=key,
            digest=digest,
        )
        reopened = await reopen_credited_enrollment(entry)
        await audit.record(
            actor,
            "hours.reversed",
            target_type="HourEntry",
            target_id=reversal.id,
            county_code=county,
            summary={"reverses": entry.id, "reason": reason, "enrollmentReopened": reopened},
        )
    return reversal
