"""Incentive rows made directly, for tests of what happens to entitlements after they arise (review,
budgets, listing, payouts): a policy version and PENDING entitlements with a unique once-key and an
explanation, as the engine would leave them. Production creates them from the exam's outbox and the
monthly accrual; these builders skip that so a test says only what it is about."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count

from domain.access import Actor
from domain.exam.vocabulary import ExamLevel
from domain.incentives import budgets
from domain.incentives.models import CountyBudget, Entitlement, IncentivePolicy, PayoutBatch
from domain.incentives.vocabulary import EntitlementStatus, IncentiveKind, PayoutBatchStatus
from domain.money import from_fen, to_fen
from domain.people.models import Person
from tests.factories import SYSTEM

_sequence = count(1)


async def policy(
    *,
    county_code: str | None = None,
    kind: IncentiveKind = IncentiveKind.ONE_TIME_REWARD,
    level: ExamLevel = ExamLevel.ASSISTANT,
    amount: Decimal | str = "1000",
    effective_from: date = date(2021, 1, 1),
    effective_to: date | None = None,
) -> IncentivePolicy:
    """A policy version (the prefecture's default when `county_code` is None)."""
    return await IncentivePolicy.create(
        county_id=county_code,
        kind=kind,
        level=level,
        amount_fen=to_fen(Decimal(amount)),
        effective_from=effective_from,
        effective_to=effective_to,
    )


async def entitlement(
    person_id: int,
    *,
    amount: Decimal | str = "1000",
    kind: IncentiveKind = IncentiveKind.ONE_TIME_REWARD,
    level: ExamLevel = ExamLevel.ASSISTANT,
    status: EntitlementStatus = EntitlementStatus.PENDING,
    county_code: str | None = None,
    of_policy: IncentivePolicy | None = None,
    once_key: str | None = None,
) -> Entitlement:
    """A PENDING entitlement of the person (in the person's county unless `county_code` says otherwise),
    under `of_policy` or a new prefecture default policy of that kind, level and amount.

    The once-key has the production shape with a serial appended (unless `once_key` is given), so a test
    may give one person several entitlements of a kind and level; pass `once_key` to test the key itself."""
    person = await Person.get(id=person_id)
    county = county_code or person.county_id
    used = of_policy or await policy(kind=kind, level=level, amount=amount)
    serial = next(_sequence)
    month = f"2027-{serial % 12 + 1:02d}" if kind is IncentiveKind.MONTHLY_ALLOWANCE else None
    key = (
        once_key
        or {
            IncentiveKind.EXAM_FEE_SUBSIDY: f"EXAM_FEE_SUBSIDY:{90000 + serial}",
            IncentiveKind.ONE_TIME_REWARD: f"ONE_TIME_REWARD:{person_id}:{level.value}:{serial}",
            IncentiveKind.MONTHLY_ALLOWANCE: f"MONTHLY_ALLOWANCE:{person_id}:{month}:{serial}",
        }[kind]
    )
    amount_fen = to_fen(Decimal(amount))
    # A batched or paid entitlement is always in a batch (the database checks it).
    batch = (
        await PayoutBatch.create(
            county_id=county,
            status=PayoutBatchStatus.PAID if status is EntitlementStatus.PAID else PayoutBatchStatus.OPEN,
            total_fen=amount_fen,
            entitlement_count=1,
            idempotency_key=f"rows-{serial}",
            request_digest="rows",
        )
        if status in (EntitlementStatus.IN_BATCH, EntitlementStatus.PAID)
        else None
    )
    return await Entitlement.create(
        batch_id=batch.id if batch else None,
        person_id=person_id,
        county_id=county,
        kind=kind,
        level=level,
        amount_fen=amount_fen,
        status=status,
        policy_id=used.id,
        once_key=key,
        explanation=f"依据{'全州默认' if used.county_id is None else used.county_id}政策（测试），"
        f"{level.value} 级 {from_fen(amount_fen)} 元",
        month=month,
    )


async def budget(
    county_code: str, year: int, amount: Decimal | str, *, actor: Actor = SYSTEM
) -> CountyBudget:
    """A county's budget for the year, set as the prefecture would (through `budgets`)."""
    return await budgets.set_county_budget(actor, county_code, year, Decimal(amount))
