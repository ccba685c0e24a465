"""Revoking entitlements and recovering what was paid, on the real database: each status's way out, the
budget's figures after each step, and nothing deleted."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest

from domain.access import Actor, Grant, Role
from domain.audit.models import AuditEvent
from domain.errors import InvalidInput
from domain.incentives import payouts, revocation
from domain.incentives.errors import (
    EntitlementNotFound,
    PaymentDateInvalid,
    RecoveryAlreadyRecorded,
    RecoveryNotFound,
    WrongEntitlementStatus,
)
from domain.incentives.models import CountyBudget, Entitlement, Recovery
from domain.incentives.vocabulary import EntitlementStatus, RecoveryStatus
from tests.domain.incentives.payout_rows import (
    BUDGET_FEN,
    CHUXIONG,
    LUFENG,
    YEAR,
    budget,
    entitlement,
    person,
)

TODAY = date(2027, 7, 15)


@pytest.fixture(autouse=True)
def mid_year(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", TODAY.isoformat())


def county_admin(county_code: str = CHUXIONG) -> Actor:
    return Actor(
        user_id=900,
        username=f"admin.{county_code}",
        grants=(Grant(Role.COUNTY_ADMIN, county_code=county_code),),
        request_id="t",
    )


async def figures() -> tuple[int, int, int, int]:
    row = await CountyBudget.get(county_id=CHUXIONG, year=YEAR)
    return row.committed_fen, row.paid_fen, row.recovered_fen, row.remaining_fen


async def paid_entitlement(amount_fen: int = 200_000) -> Entitlement:
    made = await entitlement(await person(), amount_fen=amount_fen)
    batch = await payouts.create_payout_batch(county_admin(), CHUXIONG, idempotency_key=f"b-{made.id}")
    await payouts.mark_batch_paid(county_admin(), batch.id, paid_on=TODAY, reference="财政 001")
    return await Entitlement.get(id=made.id)


async def test_a_pending_entitlement_is_revoked_and_the_budget_is_untouched(db: str) -> None:
    await budget()
    pending = await entitlement(await person(), status=EntitlementStatus.PENDING)

    done = await revocation.revoke_entitlement(county_admin(), pending.id, reason=" 虚假材料 ")

    assert done.entitlement.status is EntitlementStatus.REVOKED
    assert (done.entitlement.revoked_reason, done.entitlement.revoked_by_user_id) == ("虚假材料", 900)
    assert done.recovery is None
    assert await figures() == (0, 0, 0, BUDGET_FEN)
    event = await AuditEvent.get(action="entitlement.revoked")
    assert event.summary["was"] == "PENDING"


async def test_an_approved_entitlement_is_revoked_and_its_commitment_returns_to_the_budget(db: str) -> None:
    await budget()
    approved = await entitlement(await person(), amount_fen=200_000)
    assert await figures() == (200_000, 0, 0, BUDGET_FEN - 200_000)

    done = await revocation.revoke_entitlement(county_admin(), approved.id, reason="重复申报")

    assert done.entitlement.status is EntitlementStatus.REVOKED
    assert done.recovery is None
    assert await figures() == (0, 0, 0, BUDGET_FEN)


async def test_an_entitlement_in_an_open_batch_is_refused_until_the_batch_is_paid(db: str) -> None:
    await budget()
    made = await entitlement(await person())
    await payouts.create_payout_batch(county_admin(), CHUXIONG, idempotency_key="b-1")

    with pytest.raises(WrongEntitlementStatus) as refused:
        await revocation.revoke_entitlement(county_admin(), made.id, reason="虚假材料")

    assert refused.value.message == "已编入发放批次：请先标记批次已发放，再撤销并追回"
    assert (await Entitlement.get(id=made.id)).status is EntitlementStatus.IN_BATCH


async def test_a_paid_entitlement_revoked_becomes_a_recovery_and_recovering_it_returns_the_money(
    db: str,
) -> None:
    await budget()
    paid = await paid_entitlement(200_000)
    assert await figures() == (0, 200_000, 0, BUDGET_FEN - 200_000)

    done = await revocation.revoke_entitlement(county_admin(), paid.id, reason="伪造证书")

    recovery = done.recovery
    assert recovery is not None
    assert (recovery.status, recovery.amount_fen, recovery.budget_year) == (
        RecoveryStatus.OUTSTANDING,
        200_000,
        YEAR,
    )
    assert recovery.reason == "伪造证书"
    assert done.entitlement.status is EntitlementStatus.REVOKED
    assert await Entitlement.exists(id=paid.id)
    assert await figures() == (0, 200_000, 0, BUDGET_FEN - 200_000)

    back = await revocation.record_recovery(
        county_admin(), recovery.id, recovered_on=TODAY, reference="退款 9"
    )

    assert (back.status, back.recovered_on, back.reference) == (RecoveryStatus.RECOVERED, TODAY, "退款 9")
    assert await figures() == (0, 200_000, 200_000, BUDGET_FEN)
    assert await AuditEvent.filter(action="recovery.recorded", target_id=str(recovery.id)).exists()
    with pytest.raises(RecoveryAlreadyRecorded):
        await revocation.record_recovery(county_admin(), recovery.id, recovered_on=TODAY, reference="退款 9")
    assert await figures() == (0, 200_000, 200_000, BUDGET_FEN)


async def test_rejected_and_revoked_entitlements_cannot_be_revoked(db: str) -> None:
    await budget()
    rejected = await entitlement(await person(), status=EntitlementStatus.REJECTED)
    revoked = await entitlement(await person(), status=EntitlementStatus.REVOKED)

    with pytest.raises(WrongEntitlementStatus, match="审核未通过"):
        await revocation.revoke_entitlement(county_admin(), rejected.id, reason="r")
    with pytest.raises(WrongEntitlementStatus, match="已撤销"):
        await revocation.revoke_entitlement(county_admin(), revoked.id, reason="r")


async def test_a_paid_entitlement_revoked_twice_at_once_makes_one_recovery(db: str) -> None:
    await budget()
    paid = await paid_entitlement()

    answers = await asyncio.gather(
        *(revocation.revoke_entitlement(county_admin(), paid.id, reason="伪造") for _ in range(5)),
        return_exceptions=True,
    )

    assert sum(isinstance(a, revocation.Revocation) for a in answers) == 1
    assert all(isinstance(a, revocation.Revocation | WrongEntitlementStatus) for a in answers), answers
    assert await Recovery.all().count() == 1


async def test_a_revocation_needs_a_reason_and_an_entitlement_in_scope(db: str) -> None:
    await budget()
    made = await entitlement(await person())

    with pytest.raises(InvalidInput) as blank:
        await revocation.revoke_entitlement(county_admin(), made.id, reason="   ")
    assert blank.value.field_name == "reason"
    with pytest.raises(InvalidInput):
        await revocation.revoke_entitlement(county_admin(), made.id, reason="理" * 501)
    with pytest.raises(EntitlementNotFound):
        await revocation.revoke_entitlement(county_admin(LUFENG), made.id, reason="r")
    with pytest.raises(EntitlementNotFound):
        await revocation.revoke_entitlement(county_admin(), made.id + 100, reason="r")
    assert (await Entitlement.get(id=made.id)).status is EntitlementStatus.APPROVED


async def test_a_recovery_dated_in_the_future_or_before_the_payment_or_out_of_scope_is_refused(
    db: str,
) -> None:
    await budget()
    paid = await paid_entitlement()
    done = await revocation.revoke_entitlement(county_admin(), paid.id, reason="伪造")
    assert done.recovery is not None
    recovery_id = done.recovery.id

    with pytest.raises(PaymentDateInvalid) as future:
        await revocation.record_recovery(
            county_admin(), recovery_id, recovered_on=TODAY + timedelta(days=1), reference="r"
        )
    assert future.value.field_name == "recoveredOn"
    with pytest.raises(PaymentDateInvalid):
        await revocation.record_recovery(
            county_admin(), recovery_id, recovered_on=TODAY - timedelta(days=1), reference="r"
        )
    with pytest.raises(InvalidInput):
        await revocation.record_recovery(county_admin(), recovery_id, recovered_on=TODAY, reference="")
    with pytest.raises(RecoveryNotFound):
        await revocation.record_recovery(county_admin(LUFENG), recovery_id, recovered_on=TODAY, reference="r")
    assert (await Recovery.get(id=recovery_id)).status is RecoveryStatus.OUTSTANDING


async def test_recoveries_are_listed_oldest_first_within_scope_and_by_status(db: str) -> None:
    await budget()
    ids = []
    for _ in range(3):
        paid = await paid_entitlement(10_000)
        done = await revocation.revoke_entitlement(county_admin(), paid.id, reason="伪造")
        assert done.recovery is not None
        ids.append(done.recovery.id)
    await revocation.record_recovery(county_admin(), ids[0], recovered_on=TODAY, reference="r")

    outstanding = await revocation.list_recoveries(
        county_admin(), county_code=None, status=RecoveryStatus.OUTSTANDING, first=10, after=None
    )
    assert [r.id for r in outstanding.items] == ids[1:]
    every = await revocation.list_recoveries(
        county_admin(), county_code=None, status=None, first=2, after=None
    )
    assert ([r.id for r in every.items], every.has_next_page) == (ids[:2], True)
    elsewhere = await revocation.list_recoveries(
        county_admin(LUFENG), county_code=None, status=None, first=10, after=None
    )
    assert elsewhere.items == []
