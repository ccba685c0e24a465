"""The money check (domain/incentives/verification.py) on the real database: money moved through the
services (approvals committed, a batch created and paid, a paid reward revoked and recovered) agrees;
each kind of row changed by hand is found and named."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date

import pytest
from tortoise.expressions import F

from domain.access import Actor, Grant, Role
from domain.exam.vocabulary import ExamLevel
from domain.incentives import payouts, revocation
from domain.incentives.models import CountyBudget, Entitlement, PayoutBatch, Recovery
from domain.incentives.service import verify_payments
from domain.incentives.vocabulary import EntitlementStatus
from tests.domain.incentives.payout_rows import CHUXIONG, budget, entitlement, person

TODAY = date(2027, 7, 15)
ADMIN = Actor(
    user_id=900,
    username="admin.532301",
    grants=(Grant(Role.COUNTY_ADMIN, county_code=CHUXIONG),),
    request_id="t",
)


@pytest.fixture(autouse=True)
def mid_year(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", TODAY.isoformat())


@dataclass(frozen=True, slots=True)
class Money:
    paid_batch: int  # a batch of two, paid; one of them later revoked and its money recovered
    open_batch: int  # a batch of one, not yet paid
    approved: int  # an approved entitlement in no batch
    recovery: int


async def moved_through_the_services() -> Money:
    await budget()
    paid = [await entitlement(await person(), amount_fen=200_000) for _ in range(2)]
    batch = await payouts.create_payout_batch(ADMIN, CHUXIONG, idempotency_key="paid")
    await payouts.mark_batch_paid(ADMIN, batch.id, paid_on=TODAY, reference="楚财支1号")
    revoked = await revocation.revoke_entitlement(ADMIN, paid[0].id, reason="冒领")
    assert revoked.recovery is not None
    await revocation.record_recovery(ADMIN, revoked.recovery.id, recovered_on=TODAY, reference="收据1号")
    await entitlement(await person(), amount_fen=15_050, level=ExamLevel.ASSISTANT)
    second = await payouts.create_payout_batch(ADMIN, CHUXIONG, idempotency_key="open")
    approved = await entitlement(await person(account=False), amount_fen=30_000)
    await entitlement(await person(), status=EntitlementStatus.PENDING)
    return Money(batch.id, second.id, approved.id, revoked.recovery.id)


async def test_money_moved_through_the_services_agrees(db: str) -> None:
    await moved_through_the_services()
    check = await verify_payments()
    assert check.mismatches == []
    assert (check.entitlements, check.batches, check.budgets, check.recoveries) == (5, 2, 1, 1)


async def _second_live_reward(money: Money) -> None:
    # The same person and level as the approved reward, under another key: owed once, held twice.
    first = await Entitlement.get(id=money.approved)
    await Entitlement.create(
        person_id=first.person_id,
        county_id=first.county_id,
        kind=first.kind,
        level=first.level,
        amount_fen=first.amount_fen,
        status=EntitlementStatus.PENDING,
        policy_id=first.policy_id,
        once_key="ONE_TIME_REWARD:forged",
        explanation="手工插入",
    )


async def _approved_line_slipped_into_a_batch(money: Money) -> None:
    # (A batched line with no batch the database refuses: CHECK entitlement_batched_in_a_batch.)
    await Entitlement.filter(id=money.approved).update(batch_id=money.open_batch)


async def _batch_total_raised(money: Money) -> None:
    await PayoutBatch.filter(id=money.paid_batch).update(total_fen=F("total_fen") + 1)


async def _commitment_lost(money: Money) -> None:
    await CountyBudget.filter(county_id=CHUXIONG).update(
        committed_fen=F("committed_fen") - 30_000, remaining_fen=F("remaining_fen") + 30_000
    )


async def _remaining_changed(money: Money) -> None:
    await CountyBudget.filter(county_id=CHUXIONG).update(remaining_fen=F("remaining_fen") + 100)


async def _paid_line_changed(money: Money) -> None:
    await Entitlement.filter(batch_id=money.paid_batch, status=EntitlementStatus.PAID).update(amount_fen=1)


async def _recovery_amount_changed(money: Money) -> None:
    await Recovery.filter(id=money.recovery).update(amount_fen=F("amount_fen") - 1)


async def _recovery_not_returned(money: Money) -> None:
    await CountyBudget.filter(county_id=CHUXIONG).update(
        recovered_fen=0, remaining_fen=F("remaining_fen") - F("recovered_fen")
    )


async def _paid_without_a_date(money: Money) -> None:
    await Entitlement.filter(batch_id=money.paid_batch, status=EntitlementStatus.PAID).update(paid_on=None)


@pytest.mark.parametrize(
    ("tamper", "subject", "figure"),
    [
        pytest.param(
            _second_live_reward,
            "应享待遇 ONE_TIME_REWARD:",
            "有效待遇条数",
            id="a reward owed once held twice",
        ),
        pytest.param(
            _approved_line_slipped_into_a_batch,
            "待遇 532301-",
            "所在批次",
            id="an approved line put in a batch",
        ),
        pytest.param(_batch_total_raised, "发放批次 532301-P", "合计", id="a batch total above its lines"),
        pytest.param(_commitment_lost, "预算 532301 2027 年", "已占用", id="an approval's commitment lost"),
        pytest.param(
            _remaining_changed, "预算 532301 2027 年", "余额", id="a remaining figure off by a yuan"
        ),
        pytest.param(_paid_line_changed, "预算 532301 2027 年", "已发放", id="a paid line's amount changed"),
        pytest.param(_recovery_amount_changed, "追回 ", "金额", id="a recovery for another amount"),
        pytest.param(
            _recovery_not_returned, "预算 532301 2027 年", "已追回", id="recovered money not returned"
        ),
        pytest.param(_paid_without_a_date, "待遇 532301-", "发放日期", id="a paid line without its date"),
    ],
)
async def test_a_row_changed_by_hand_is_named(
    db: str, tamper: Callable[[Money], Awaitable[None]], subject: str, figure: str
) -> None:
    await tamper(await moved_through_the_services())
    mismatches = (await verify_payments()).mismatches
    assert any(m.subject.startswith(subject) and m.figure == figure for m in mismatches), mismatches
