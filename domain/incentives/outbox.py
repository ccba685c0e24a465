"""Reading the exam's outbox into entitlements (DOMAIN.md §Subsidies): a confirmed exam fee may be owed
an exam-fee subsidy, an issued or recorded certificate a one-time reward; a fact whose conditions do not
hold yet leaves a wait, which a later certificate, a 登记, or the clock passing a tenure date resolves.

Exactly once, whatever runs at the same time: the events are read in batches after the cursor, and each
batch is handled in one write transaction that first moves the cursor by a conditional update from the
position it read — a second process reading the same batch changes no row and stops, rolled back. Below
that, every entitlement and wait has a unique once_key, checked before the insert and enforced by the
database at it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Final

from tortoise.exceptions import IntegrityError

from domain import clock
from domain.exam import service as exam
from domain.exam.vocabulary import ExamEventKind
from domain.incentives.claims import Claim, Holder, judge, policy_phrase, settle
from domain.incentives.models import IncentivePolicy, OutboxCursor, WaitingEntitlement
from domain.incentives.policies import policy_in_force
from domain.incentives.vocabulary import IncentiveKind, WaitingCondition
from domain.people import service as people
from domain.transaction import write_transaction

if TYPE_CHECKING:
    from domain.exam.models import ExamEvent

CURSOR: Final = "exam"
BATCH: Final = 200


class _Overtaken(Exception):
    """Another process moved the cursor first: it handles this batch."""


async def catch_up() -> int:
    """Handle every exam event since the cursor, then the waits whose tenure date has come; returns how
    many entitlements were created. Safe to call often and concurrently: with nothing new it costs three
    reads and writes nothing. Tenure waits are resolved in batches until none is due.

    Per event (the policy version in force on its `occurred_on`, the county's own else the prefecture's
    default; no version in force → nothing):
    - FEE_CONFIRMED → EXAM_FEE_SUBSIDY "EXAM_FEE_SUBSIDY:<registration id>", the fee paid up to the policy;
    - CERTIFICATE_ISSUED / CERTIFICATE_RECORDED → ONE_TIME_REWARD "ONE_TIME_REWARD:<person>:<level>", and
      the person's waits are looked at again (a fee subsidy waiting for the pass);
    - CERTIFICATE_REGISTERED → the person's waits are looked at again.
    Entitlements are PENDING, in the person's county, with the policy version, the source event and an
    explanation; each is audited (`entitlement.created`, by the system actor `claims.ENGINE`).
    """
    created = 0
    while True:
        last_seen_id = await _last_seen_id()
        events = await exam.events_after(last_seen_id, limit=BATCH)
        if not events:
            break
        try:
            created += await _handle_batch(last_seen_id, events)
        except _Overtaken:
            break
        if len(events) < BATCH:
            break
    after = 0
    while True:
        due = (
            await WaitingEntitlement.filter(
                id__gt=after,
                resolved_at__isnull=True,
                waiting_for=WaitingCondition.TENURE,
                waiting_until__lte=clock.today(),
            )
            .order_by("id")
            .limit(BATCH)
        )
        created += await _recheck(due)
        if len(due) < BATCH:
            return created
        after = due[-1].id


async def _last_seen_id() -> int:
    cursor = await OutboxCursor.get_or_none(name=CURSOR)
    if cursor is not None:
        return cursor.last_seen_id
    try:
        async with write_transaction():
            await OutboxCursor.create(name=CURSOR, last_seen_id=0)
    except IntegrityError:
        pass  # created at the same moment by another caller
    return 0


async def _handle_batch(last_seen_id: int, events: list[ExamEvent]) -> int:
    created = 0
    async with write_transaction():
        moved = await OutboxCursor.filter(name=CURSOR, last_seen_id=last_seen_id).update(
            last_seen_id=events[-1].id
        )
        if not moved:
            raise _Overtaken()
        persons = await people.persons_by_ids(sorted({e.person_id for e in events}))
        names = await people.county_names(sorted({p.county_id for p in persons.values()}))
        for event in events:
            person = persons[event.person_id]
            holder = Holder(person.social_work_since, person.full_time_community_worker)
            if event.kind is ExamEventKind.FEE_CONFIRMED:
                created += await _claim(
                    event, IncentiveKind.EXAM_FEE_SUBSIDY, person.county_id, holder, names
                )
            elif event.kind in (ExamEventKind.CERTIFICATE_ISSUED, ExamEventKind.CERTIFICATE_RECORDED):
                created += await _claim(event, IncentiveKind.ONE_TIME_REWARD, person.county_id, holder, names)
            if event.kind is not ExamEventKind.FEE_CONFIRMED:
                waits = await WaitingEntitlement.filter(
                    person_id=event.person_id,
                    resolved_at__isnull=True,
                    waiting_for__in=[WaitingCondition.EXAM_PASSED, WaitingCondition.CERTIFICATE_REGISTRATION],
                ).order_by("id")
                created += await _recheck(waits, in_transaction=True)
    return created


async def _claim(
    event: ExamEvent, kind: IncentiveKind, county_code: str, holder: Holder, names: dict[str, str]
) -> int:
    policy = await policy_in_force(kind, county_code, event.level, event.occurred_on)
    if policy is None:
        return 0
    if kind is IncentiveKind.EXAM_FEE_SUBSIDY:
        once_key = f"{kind.value}:{event.registration_id}"
    else:
        once_key = f"{kind.value}:{event.person_id}:{event.level.value}"
    claim = Claim(
        kind=kind,
        person_id=event.person_id,
        county_code=county_code,
        level=event.level,
        policy=policy,
        once_key=once_key,
        occurred_on=event.occurred_on,
        source_event_id=event.id,
        registration_id=event.registration_id,
        certificate_id=event.certificate_id,
        fee_paid_fen=event.amount_fen,
    )
    return int(await settle(claim, await judge(claim, holder, policy_phrase(policy, names))))


async def _recheck(waits: Iterable[WaitingEntitlement], *, in_transaction: bool = False) -> int:
    """Judge open waits again; each becomes an entitlement, a wait for the next condition, or is resolved
    with the reason nothing is owed."""
    waits = list(waits)
    if not waits:
        return 0
    if not in_transaction:
        async with write_transaction():
            return await _recheck(waits, in_transaction=True)
    policies = {p.id: p for p in await IncentivePolicy.filter(id__in=sorted({w.policy_id for w in waits}))}
    persons = await people.persons_by_ids(sorted({w.person_id for w in waits}))
    names = await people.county_names(sorted({p.county_id for p in persons.values()} | _owners(policies)))
    created = 0
    for wait in waits:
        person = persons[wait.person_id]
        policy = policies[wait.policy_id]
        claim = Claim.of_wait(wait, policy, person.county_id)
        holder = Holder(person.social_work_since, person.full_time_community_worker)
        outcome = await judge(claim, holder, policy_phrase(policy, names))
        created += int(await settle(claim, outcome, waiting=wait))
    return created


def _owners(policies: dict[int, IncentivePolicy]) -> set[str]:
    return {p.county_id for p in policies.values() if p.county_id}
