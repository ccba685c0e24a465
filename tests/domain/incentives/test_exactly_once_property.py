"""Exactly once, on the real database: whatever order exam events, outbox catch-ups, accruals (retried or
not), approvals, rejections, batches (retried or not), payments, revocations and recoveries come in, no
person is paid more than the policies allow, nothing is paid twice, and every county budget and batch
adds up (issue #10 "Exactly once"; DOMAIN.md §Subsidies: a reward once per person and level, an upgrade
pays the difference, allowances take the highest level and never stack).

Each example registers two new full-time community workers of 楚雄市 and drives the real use cases; the
refusals an out-of-order step gets (already held, nothing to batch, wrong status...) are part of the
game. The checks after every step are over the whole database, so earlier examples stay checked too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import count
from typing import Any

from hypothesis import HealthCheck, Phase, event, example, given, settings
from hypothesis import strategies as st

from domain import clock
from domain.access import Actor
from domain.errors import DomainError
from domain.exam.service import certificates_of
from domain.exam.vocabulary import ExamLevel
from domain.incentives import accrual, budgets, outbox, payouts, review, revocation
from domain.incentives.models import CountyBudget, Entitlement, IncentivePolicy, PayoutBatch, Recovery
from domain.incentives.vocabulary import (
    EntitlementStatus,
    IncentiveKind,
    PayoutBatchStatus,
    RecoveryStatus,
)
from domain.people import payment_account
from tests.domain.incentives.engine_fixtures import (
    CHUXIONG,
    county_admin,
    holder,
    pid,
    policy,
    record_certificate,
    register,
)
from tests.factories import SYSTEM

TODAY = date(2027, 8, 1)
LEVELS = (ExamLevel.ASSISTANT, ExamLevel.SOCIAL_WORKER, ExamLevel.SENIOR)
REWARD_FEN = {ExamLevel.ASSISTANT: 100_000, ExamLevel.SOCIAL_WORKER: 200_000, ExamLevel.SENIOR: 300_000}
ALLOWANCE_FEN = {ExamLevel.ASSISTANT: 10_000, ExamLevel.SOCIAL_WORKER: 20_000, ExamLevel.SENIOR: 30_000}
MONTHS = ("2027-02", "2027-03", "2027-04", "2027-05", "2027-06", "2027-07")
LIVE = (
    EntitlementStatus.PENDING,
    EntitlementStatus.APPROVED,
    EntitlementStatus.IN_BATCH,
    EntitlementStatus.PAID,
)
_keys = count(1)


@dataclass(frozen=True)
class Certify:
    person: int
    level: int
    day: int  # days after 2027-01-01 the certificate was issued


@dataclass(frozen=True)
class Register:
    person: int


@dataclass(frozen=True)
class CatchUp:
    pass


@dataclass(frozen=True)
class Accrue:
    month: int
    reuse_key: bool


@dataclass(frozen=True)
class Review:
    pick: int
    approve: bool


@dataclass(frozen=True)
class Batch:
    reuse_key: bool


@dataclass(frozen=True)
class Pay:
    pick: int


@dataclass(frozen=True)
class Revoke:
    pick: int


@dataclass(frozen=True)
class Recover:
    pick: int


Step = Certify | Register | CatchUp | Accrue | Review | Batch | Pay | Revoke | Recover

STEPS = st.one_of(
    st.builds(Certify, st.integers(0, 1), st.integers(0, 2), st.integers(0, 150)),
    st.builds(Register, st.integers(0, 1)),
    st.just(CatchUp()),
    st.builds(Accrue, st.integers(0, len(MONTHS) - 1), st.booleans()),
    st.builds(Review, st.integers(0, 20), st.booleans()),
    st.builds(Batch, st.booleans()),
    st.builds(Pay, st.integers(0, 5)),
    st.builds(Revoke, st.integers(0, 20)),
    st.builds(Recover, st.integers(0, 5)),
)


async def _policies_once() -> None:
    if await IncentivePolicy.exists():
        return
    for level in LEVELS:
        await policy(IncentiveKind.ONE_TIME_REWARD, level, REWARD_FEN[level], requires_registration=True)
        # Allowances from the issue date, rewards once registered: both paths, waits included.
        await policy(
            IncentiveKind.MONTHLY_ALLOWANCE, level, ALLOWANCE_FEN[level], requires_registration=False
        )
    await budgets.set_county_budget(SYSTEM, CHUXIONG, TODAY.year, Decimal(10_000_000))


class World:
    def __init__(self, people: list[int]) -> None:
        self.people = people
        self.actors: dict[int, Actor] = {}
        self.accrual_keys: dict[str, str] = {}
        self.batch_key = f"batch-{next(_keys)}"
        self.admin = county_admin(CHUXIONG)


async def _certify(world: World, step: Certify) -> None:
    person = world.people[step.person]
    issued = date.fromordinal(date(2027, 1, 1).toordinal() + step.day)
    await record_certificate(world.actors[person], LEVELS[step.level], issued)


async def _register(world: World, step: Register) -> None:
    person = world.people[step.person]
    for held in await certificates_of(person):
        if held.registered_on is None:
            await register(world.actors[person], held, TODAY)


async def _catch_up(world: World, step: CatchUp) -> None:
    await outbox.catch_up()


async def _accrue(world: World, step: Accrue) -> None:
    month = MONTHS[step.month]
    key = (world.accrual_keys.get(month) if step.reuse_key else None) or f"accrue-{next(_keys)}"
    world.accrual_keys[month] = key
    await accrual.accrue_monthly_allowances(SYSTEM, month, key)


async def _review(world: World, step: Review) -> None:
    pending = await Entitlement.filter(person_id__in=world.people, status=EntitlementStatus.PENDING).order_by(
        "id"
    )
    if pending:
        row = pending[step.pick % len(pending)]
        reason = None if step.approve else "材料不实"
        await review.review_entitlement(world.admin, row.id, approve=step.approve, reason=reason)


async def _batch(world: World, step: Batch) -> None:
    world.batch_key = world.batch_key if step.reuse_key else f"batch-{next(_keys)}"
    await payouts.create_payout_batch(world.admin, CHUXIONG, idempotency_key=world.batch_key)


async def _pay(world: World, step: Pay) -> None:
    open_batches = await PayoutBatch.filter(status=PayoutBatchStatus.OPEN).order_by("id")
    if open_batches:
        batch = open_batches[step.pick % len(open_batches)]
        await payouts.mark_batch_paid(world.admin, batch.id, paid_on=TODAY, reference=f"付-{next(_keys)}")


async def _revoke(world: World, step: Revoke) -> None:
    rows = await Entitlement.filter(person_id__in=world.people).order_by("id")
    if rows:
        await revocation.revoke_entitlement(world.admin, rows[step.pick % len(rows)].id, reason="冒领")


async def _recover(world: World, step: Recover) -> None:
    outstanding = await Recovery.filter(status=RecoveryStatus.OUTSTANDING).order_by("id")
    if outstanding:
        row = outstanding[step.pick % len(outstanding)]
        await revocation.record_recovery(
            world.admin, row.id, recovered_on=TODAY, reference=f"回-{next(_keys)}"
        )


SEND: dict[type[Step], Callable[[World, Any], Awaitable[None]]] = {
    Certify: _certify,
    Register: _register,
    CatchUp: _catch_up,
    Accrue: _accrue,
    Review: _review,
    Batch: _batch,
    Pay: _pay,
    Revoke: _revoke,
    Recover: _recover,
}


async def _held_levels(person_id: int) -> list[ExamLevel]:
    return [c.level for c in await certificates_of(person_id)]


async def _check_invariants() -> None:
    rows = await Entitlement.all()
    by_key: dict[tuple[int, IncentiveKind, str], int] = defaultdict(int)
    for row in rows:
        slot = row.month if row.kind is IncentiveKind.MONTHLY_ALLOWANCE else row.level.value
        by_key[(row.person_id, row.kind, slot or "")] += 1
    # Once ever: a reward per person and level, an allowance per person and month.
    assert all(n == 1 for n in by_key.values()), by_key
    people = {row.person_id for row in rows}
    for person in people:
        held = await _held_levels(person)
        top = max((LEVELS.index(level) for level in held), default=-1)
        mine = [r for r in rows if r.person_id == person]
        rewards = sum(
            r.amount_fen for r in mine if r.kind is IncentiveKind.ONE_TIME_REWARD and r.status in LIVE
        )
        # 就高差额: everything live for rewards adds up to at most the highest level's reward.
        assert top >= 0 or rewards == 0
        if top >= 0:
            assert rewards <= REWARD_FEN[LEVELS[top]], (person, held, rewards)
        for r in mine:
            if r.kind is IncentiveKind.MONTHLY_ALLOWANCE:
                # 就高不叠加: a month pays at most the highest level's amount.
                assert 0 < r.amount_fen <= ALLOWANCE_FEN[LEVELS[top]], r.explanation
    # Every paid entitlement went out in exactly one paid batch whose total is its entitlements'.
    for batch in await PayoutBatch.all():
        inside = [r for r in rows if r.batch_id == batch.id]
        assert batch.entitlement_count == len(inside) > 0
        assert batch.total_fen == sum(r.amount_fen for r in inside)
        if batch.status is PayoutBatchStatus.PAID:
            assert all(r.status in (EntitlementStatus.PAID, EntitlementStatus.REVOKED) for r in inside)
        else:
            assert all(r.status is EntitlementStatus.IN_BATCH for r in inside)
    for entitlement in rows:
        if entitlement.status in (EntitlementStatus.IN_BATCH, EntitlementStatus.PAID):
            assert entitlement.batch_id is not None
    recoveries = await Recovery.all()
    recovered_entitlements = [x.entitlement_id for x in recoveries]
    assert len(recovered_entitlements) == len(set(recovered_entitlements))
    # The budget agrees with the entitlements: committed, paid, recovered, remaining.
    for budget in await CountyBudget.all():
        mine = [r for r in rows if r.county_id == budget.county_id and r.budget_year == budget.year]
        committed = sum(
            r.amount_fen for r in mine if r.status in (EntitlementStatus.APPROVED, EntitlementStatus.IN_BATCH)
        )
        paid_out = {x.entitlement_id for x in recoveries}
        paid = sum(r.amount_fen for r in mine if r.status is EntitlementStatus.PAID or r.id in paid_out)
        recovered = sum(
            x.amount_fen
            for x in recoveries
            if x.status is RecoveryStatus.RECOVERED
            and x.county_id == budget.county_id
            and x.budget_year == budget.year
        )
        assert (budget.committed_fen, budget.paid_fen, budget.recovered_fen) == (committed, paid, recovered)
        assert budget.remaining_fen == budget.amount_fen - committed - paid + recovered >= 0


@settings(
    max_examples=20,
    deadline=None,
    phases=(Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(STEPS, min_size=3, max_size=14))
# Every step at least once, in the order users take them: 初级 then 中级 (the difference), 登记, the outbox,
# allowances for two months (one retried with its key, one accrued again with another), reviews, a batch
# and its retry, payment, a revocation of something paid and its recovery.
@example(
    steps=[
        Certify(0, 0, 10),
        Certify(1, 1, 20),
        Register(0),
        Register(1),
        CatchUp(),
        Certify(0, 1, 60),
        Register(0),
        Accrue(2, False),
        Accrue(2, True),
        Accrue(3, False),
        Accrue(3, False),
        CatchUp(),
        Review(0, True),
        Review(0, True),
        Review(1, True),
        Review(0, False),
        Batch(False),
        Batch(True),
        Pay(0),
        Revoke(0),
        Recover(0),
        Review(0, True),
        Batch(False),
    ]
)
async def test_no_sequence_of_events_and_actions_pays_more_than_the_policies_or_anything_twice(
    db: str, steps: list[Step]
) -> None:
    with clock.travel_to(TODAY):
        await _policies_once()
        actors = [await holder(f"holder{next(_keys)}", full_time=True) for _ in range(2)]
        world = World([pid(a) for a in actors])
        world.actors = dict(zip(world.people, actors, strict=True))
        for person in world.people:
            await payment_account.set_payment_account(
                SYSTEM, person, bank_name="中国农业银行楚雄分行", account_number=f"62284801{person:08d}"
            )
        for step in [*steps, CatchUp()]:
            try:
                await SEND[type(step)](world, step)
                event(f"{type(step).__name__}: done")
            except DomainError as refused:  # an out-of-order step is refused and writes nothing
                event(f"{type(step).__name__}: {type(refused).__name__}")
            await _check_invariants()
