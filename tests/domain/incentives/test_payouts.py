"""Payout batches on the real database: what goes in (approved, with an account), what stays out and
why, retries and races, and marking a batch paid with the budget's figures following."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import date, timedelta

import pytest

from domain import clock
from domain.access import Actor, Grant, Role
from domain.audit.models import AuditEvent
from domain.errors import IdempotencyKeyReused, InvalidInput, OutOfScope
from domain.exam.vocabulary import ExamLevel
from domain.incentives import payouts
from domain.incentives.errors import (
    PaymentDateInvalid,
    PayoutBatchAlreadyPaid,
    PayoutBatchEmpty,
    PayoutBatchNotFound,
)
from domain.incentives.models import CountyBudget, Entitlement, PayoutBatch
from domain.incentives.payout_export import purpose_of
from domain.incentives.vocabulary import EntitlementStatus, IncentiveKind, PayoutBatchStatus
from domain.people.errors import UnknownCounty
from tests.domain.incentives.payout_rows import CHUXIONG, LUFENG, YEAR, budget, entitlement, person

TODAY = date(2027, 7, 15)
SAME_TIME = 10


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


PREFECTURE = Actor(user_id=901, username="zhou", grants=(Grant(Role.PREFECTURE_ADMIN),), request_id="t")


async def test_a_batch_takes_the_approved_entitlements_with_an_account_and_totals_them(db: str) -> None:
    await budget()
    li = await person(name="李娜", account_number="6228480012345678901")
    wang = await person(name="王芳", bank_name="楚雄农商银行", account_number="6217000011112222")
    first = await entitlement(li, amount_fen=200_000)
    second = await entitlement(
        wang,
        kind=IncentiveKind.MONTHLY_ALLOWANCE,
        level=ExamLevel.ASSISTANT,
        amount_fen=15_050,
        month="2027-06",
    )
    pending = await entitlement(li, status=EntitlementStatus.PENDING, level=ExamLevel.ASSISTANT)

    batch = await payouts.create_payout_batch(county_admin(), CHUXIONG, idempotency_key="b-1")

    assert batch.status is PayoutBatchStatus.OPEN
    assert (batch.entitlement_count, batch.total_fen) == (2, 215_050)
    rows = {e.id: e for e in await Entitlement.all()}
    assert rows[first.id].status is EntitlementStatus.IN_BATCH
    assert rows[first.id].batch_id == batch.id
    assert (rows[first.id].payout_bank_name, rows[first.id].payout_account_number) == (
        "中国农业银行楚雄分行",
        "6228480012345678901",
    )
    assert (rows[second.id].payout_bank_name, rows[second.id].payout_account_number) == (
        "楚雄农商银行",
        "6217000011112222",
    )
    assert rows[pending.id].status is EntitlementStatus.PENDING
    assert rows[pending.id].batch_id is None
    event = await AuditEvent.get(action="payout_batch.created")
    assert (event.target_id, event.county_code) == (str(batch.id), CHUXIONG)
    assert event.summary["count"] == 2


async def test_an_entitlement_whose_person_has_no_account_stays_approved_and_says_why(db: str) -> None:
    await budget()
    paid_to = await entitlement(await person())
    no_account = await entitlement(await person(account=False))

    batch = await payouts.create_payout_batch(county_admin(), CHUXIONG, idempotency_key="b-1")

    left = await Entitlement.get(id=no_account.id)
    assert left.status is EntitlementStatus.APPROVED
    assert left.batch_id is None
    assert batch.entitlement_count == 1
    assert (await Entitlement.get(id=paid_to.id)).batch_id == batch.id
    assert payouts.payout_blocked_reason(left.status, None, None) == payouts.NO_PAYMENT_ACCOUNT
    assert payouts.payout_blocked_reason(left.status, "农行", "  ") == payouts.NO_PAYMENT_ACCOUNT
    assert payouts.payout_blocked_reason(EntitlementStatus.PENDING, None, None) is None
    assert payouts.payout_blocked_reason(left.status, "农行", "6228480012345678") is None


async def test_nothing_to_batch_is_refused_and_says_how_many_lack_an_account(db: str) -> None:
    await budget()
    for _ in range(3):
        await entitlement(await person(account=False))

    with pytest.raises(PayoutBatchEmpty) as refused:
        await payouts.create_payout_batch(county_admin(), CHUXIONG, idempotency_key="b-1")

    assert refused.value.message == (
        "没有可编入发放批次的待遇：3 条已审核通过的待遇因本人未登记收款账户不能编入"
    )
    assert await PayoutBatch.all().count() == 0


async def test_a_county_with_nothing_approved_gets_no_batch(db: str) -> None:
    with pytest.raises(PayoutBatchEmpty, match="没有已审核通过"):
        await payouts.create_payout_batch(county_admin(), CHUXIONG, idempotency_key="b-1")


async def test_a_retry_with_the_same_key_returns_the_first_batch_and_a_new_approval_waits(db: str) -> None:
    await budget()
    await entitlement(await person())
    first = await payouts.create_payout_batch(county_admin(), CHUXIONG, idempotency_key="b-1")
    later = await entitlement(await person())

    again = await payouts.create_payout_batch(county_admin(), CHUXIONG, idempotency_key="b-1")

    assert again.id == first.id
    assert again.entitlement_count == 1
    assert (await Entitlement.get(id=later.id)).status is EntitlementStatus.APPROVED
    assert await AuditEvent.filter(action="payout_batch.created").count() == 1


async def test_a_key_used_for_another_county_is_refused(db: str) -> None:
    await budget()
    await entitlement(await person())
    await payouts.create_payout_batch(PREFECTURE, CHUXIONG, idempotency_key="b-1")

    with pytest.raises(IdempotencyKeyReused):
        await payouts.create_payout_batch(PREFECTURE, LUFENG, idempotency_key="b-1")


async def test_two_batches_created_at_once_never_share_an_entitlement(db: str) -> None:
    await budget()
    made = [await entitlement(await person()) for _ in range(6)]

    answers = await asyncio.gather(
        *(
            payouts.create_payout_batch(county_admin(), CHUXIONG, idempotency_key=f"b-{n}")
            for n in range(SAME_TIME)
        ),
        return_exceptions=True,
    )

    batches = [a for a in answers if isinstance(a, PayoutBatch)]
    assert batches, answers
    assert all(isinstance(a, PayoutBatch | PayoutBatchEmpty) for a in answers), answers
    rows = await Entitlement.filter(id__in=[e.id for e in made])
    assert all(r.status is EntitlementStatus.IN_BATCH for r in rows)
    per_batch = Counter(r.batch_id for r in rows)
    stored = await PayoutBatch.all()
    assert {b.id: b.entitlement_count for b in stored} == dict(per_batch)
    assert sum(b.total_fen for b in stored) == sum(e.amount_fen for e in made)


async def test_the_same_creation_sent_many_times_at_once_makes_one_batch(db: str) -> None:
    await budget()
    for _ in range(3):
        await entitlement(await person())

    answers = await asyncio.gather(
        *(
            payouts.create_payout_batch(county_admin(), CHUXIONG, idempotency_key="same")
            for _ in range(SAME_TIME)
        ),
        return_exceptions=True,
    )

    assert [a for a in answers if isinstance(a, BaseException)] == []
    assert len({a.id for a in answers if isinstance(a, PayoutBatch)}) == 1
    assert await PayoutBatch.all().count() == 1
    assert (await PayoutBatch.get()).entitlement_count == 3


async def test_another_county_s_admin_cannot_batch_and_an_unknown_county_is_named(db: str) -> None:
    await budget()
    await entitlement(await person())

    with pytest.raises(OutOfScope) as refused:
        await payouts.create_payout_batch(county_admin(LUFENG), CHUXIONG, idempotency_key="b-1")
    assert refused.value.field_name == "countyCode"
    with pytest.raises(UnknownCounty):
        await payouts.create_payout_batch(PREFECTURE, "999999", idempotency_key="b-2")
    assert await PayoutBatch.all().count() == 0


async def open_batch() -> PayoutBatch:
    await budget()
    await budget(year=YEAR - 1)
    li = await person()
    await entitlement(li, amount_fen=200_000)
    await entitlement(li, level=ExamLevel.ASSISTANT, amount_fen=100_000, year=YEAR - 1)
    await entitlement(await person(), amount_fen=50_000)
    return await payouts.create_payout_batch(county_admin(), CHUXIONG, idempotency_key="b-1")


async def test_marking_a_batch_paid_pays_its_entitlements_and_moves_each_year_s_budget(db: str) -> None:
    batch = await open_batch()
    before = await CountyBudget.get(county_id=CHUXIONG, year=YEAR)
    assert (before.committed_fen, before.paid_fen) == (250_000, 0)

    paid = await payouts.mark_batch_paid(county_admin(), batch.id, paid_on=TODAY, reference=" 财政凭证 0715 ")

    assert paid.status is PayoutBatchStatus.PAID
    assert (paid.paid_on, paid.payment_reference) == (TODAY, "财政凭证 0715")
    rows = await Entitlement.filter(batch_id=batch.id)
    assert {(r.status, r.paid_on) for r in rows} == {(EntitlementStatus.PAID, TODAY)}
    this_year = await CountyBudget.get(county_id=CHUXIONG, year=YEAR)
    last_year = await CountyBudget.get(county_id=CHUXIONG, year=YEAR - 1)
    assert (this_year.committed_fen, this_year.paid_fen) == (0, 250_000)
    assert (last_year.committed_fen, last_year.paid_fen) == (0, 100_000)
    assert this_year.remaining_fen == this_year.amount_fen - 250_000
    event = await AuditEvent.get(action="payout_batch.paid")
    assert event.summary["total"] == "3500.00"


async def test_a_batch_is_paid_once_and_every_twin_of_the_request_gets_the_paid_batch(db: str) -> None:
    batch = await open_batch()
    answers = await asyncio.gather(
        *(payouts.mark_batch_paid(county_admin(), batch.id, paid_on=TODAY, reference="r") for _ in range(5)),
        return_exceptions=True,
    )

    assert all(isinstance(a, PayoutBatch) and a.status is PayoutBatchStatus.PAID for a in answers), answers
    assert (await CountyBudget.get(county_id=CHUXIONG, year=YEAR)).paid_fen == 250_000
    assert await AuditEvent.filter(action="payout_batch.paid").count() == 1
    with pytest.raises(PayoutBatchAlreadyPaid):
        await payouts.mark_batch_paid(county_admin(), batch.id, paid_on=TODAY, reference="另一张凭证")


async def test_a_payment_date_in_the_future_or_before_the_batch_and_a_missing_reference_are_refused(
    db: str,
) -> None:
    batch = await open_batch()
    created = batch.created_at.astimezone(clock.SHANGHAI).date()

    with pytest.raises(PaymentDateInvalid) as future:
        await payouts.mark_batch_paid(
            county_admin(), batch.id, paid_on=TODAY + timedelta(days=1), reference="r"
        )
    assert future.value.field_name == "paidOn"
    with pytest.raises(PaymentDateInvalid):
        await payouts.mark_batch_paid(
            county_admin(), batch.id, paid_on=created - timedelta(days=1), reference="r"
        )
    with pytest.raises(InvalidInput) as blank:
        await payouts.mark_batch_paid(county_admin(), batch.id, paid_on=TODAY, reference="  ")
    assert blank.value.field_name == "reference"
    with pytest.raises(InvalidInput):
        await payouts.mark_batch_paid(county_admin(), batch.id, paid_on=TODAY, reference="x" * 101)
    assert (await PayoutBatch.get(id=batch.id)).status is PayoutBatchStatus.OPEN


async def test_another_county_s_admin_is_told_the_batch_does_not_exist(db: str) -> None:
    batch = await open_batch()
    with pytest.raises(PayoutBatchNotFound):
        await payouts.mark_batch_paid(county_admin(LUFENG), batch.id, paid_on=TODAY, reference="r")
    with pytest.raises(PayoutBatchNotFound):
        await payouts.mark_batch_paid(county_admin(), batch.id + 1, paid_on=TODAY, reference="r")


async def test_paying_an_empty_batch_is_refused(db: str) -> None:
    empty = await PayoutBatch.create(
        county_id=CHUXIONG,
        status=PayoutBatchStatus.OPEN,
        total_fen=0,
        entitlement_count=0,
        idempotency_key="k",
        request_digest="d",
    )
    with pytest.raises(PayoutBatchEmpty) as refused:
        await payouts.mark_batch_paid(county_admin(), empty.id, paid_on=TODAY, reference="r")
    assert refused.value.field_name == "batchId"
    assert (await PayoutBatch.get(id=empty.id)).status is PayoutBatchStatus.OPEN


async def test_batches_are_listed_newest_first_within_the_admin_s_counties(db: str) -> None:
    await budget()
    await budget(LUFENG)
    ids = []
    for n in range(3):
        await entitlement(await person())
        ids.append((await payouts.create_payout_batch(county_admin(), CHUXIONG, idempotency_key=f"c{n}")).id)
    await entitlement(await person(LUFENG), county_code=LUFENG)
    lufeng = await payouts.create_payout_batch(PREFECTURE, LUFENG, idempotency_key="l")

    page = await payouts.list_batches(county_admin(), county_code=None, first=2, after=None)
    assert [b.id for b in page.items] == [ids[2], ids[1]]
    assert (page.has_next_page, page.total_count) == (True, 3)
    rest = await payouts.list_batches(county_admin(), county_code=None, first=2, after=ids[1])
    assert [b.id for b in rest.items] == [ids[0]]
    everything = await payouts.list_batches(PREFECTURE, county_code=None, first=10, after=None)
    assert [b.id for b in everything.items] == [lufeng.id, *reversed(ids)]
    other = await payouts.list_batches(county_admin(), county_code=LUFENG, first=10, after=None)
    assert other.items == []


def test_numbers_are_the_county_and_a_zero_padded_id() -> None:
    assert payouts.entitlement_number("532301", 42) == "532301-0000042"
    assert payouts.batch_number("532301", 1) == "532301-P00001"


def test_the_payout_list_says_what_each_line_pays_for_and_when_it_is_a_difference() -> None:
    reward = Entitlement(kind=IncentiveKind.ONE_TIME_REWARD, level=ExamLevel.SOCIAL_WORKER, month=None)
    assert purpose_of(reward) == "一次性奖励（社会工作师）"
    reward.paid_for_lower_levels_fen = 100_000
    assert purpose_of(reward) == "一次性奖励（社会工作师，补差额）"
    allowance = Entitlement(kind=IncentiveKind.MONTHLY_ALLOWANCE, level=ExamLevel.ASSISTANT, month="2027-07")
    assert purpose_of(allowance) == "职业津贴 2027-07（助理社会工作师）"
