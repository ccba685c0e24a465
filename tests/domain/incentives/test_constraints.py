"""The database itself refuses what the code already guards against (migration incentives/0002): a budget
figure below zero, an entitlement of no money, a batched or paid entitlement outside any batch, a paid batch
of nothing, a negative policy amount, a policy ending before it starts. On both databases."""

from __future__ import annotations

from datetime import date

import pytest
from tortoise.exceptions import IntegrityError
from tortoise.expressions import F

from domain.incentives.models import CountyBudget, Entitlement, IncentivePolicy, PayoutBatch
from domain.incentives.vocabulary import EntitlementStatus, PayoutBatchStatus
from tests.domain.incentives.entitlement_rows import budget, entitlement, policy
from tests.factories import person_id_of, trainee

CHUXIONG = "532301"


async def test_a_budget_move_that_would_spend_past_it_is_refused_by_the_database(db: str) -> None:
    row = await budget(CHUXIONG, 2027, "100")
    with pytest.raises(IntegrityError):
        await CountyBudget.filter(id=row.id).update(remaining_fen=F("remaining_fen") - 10_001)
    with pytest.raises(IntegrityError):
        await CountyBudget.filter(id=row.id).update(committed_fen=-1)
    assert (await CountyBudget.get(id=row.id)).remaining_fen == 10_000


async def test_an_entitlement_is_never_of_no_money_nor_paid_outside_a_batch(db: str) -> None:
    person = person_id_of(await trainee("lina"))
    row = await entitlement(person, amount="100")
    with pytest.raises(IntegrityError):
        await Entitlement.filter(id=row.id).update(amount_fen=0)
    with pytest.raises(IntegrityError):
        await Entitlement.filter(id=row.id).update(status=EntitlementStatus.PAID)
    with pytest.raises(IntegrityError):
        await entitlement(person, amount="0")
    assert (await Entitlement.get(id=row.id)).status is EntitlementStatus.PENDING


async def test_a_paid_batch_of_nothing_and_a_policy_out_of_order_are_refused_by_the_database(db: str) -> None:
    with pytest.raises(IntegrityError):
        await PayoutBatch.create(
            county_id=CHUXIONG,
            status=PayoutBatchStatus.PAID,
            total_fen=0,
            entitlement_count=0,
            idempotency_key="k",
            request_digest="d",
        )
    with pytest.raises(IntegrityError):
        await policy(amount="-1")
    with pytest.raises(IntegrityError):
        await policy(effective_from=date(2027, 1, 1), effective_to=date(2026, 12, 31))
    assert await IncentivePolicy.all().count() == 0
