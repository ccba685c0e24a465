"""Entitlements from the exam's outbox on the real database (domain/incentives/outbox.py, claims.py): the
exam's own use cases make the facts, `catch_up` turns them into entitlements or waits."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from domain import clock
from domain.access import Actor
from domain.audit.models import AuditEvent
from domain.exam.models import Certificate, ExamEvent
from domain.exam.service import certificates_of
from domain.exam.vocabulary import ExamEventKind, ExamLevel
from domain.incentives.models import Entitlement, OutboxCursor, Recovery, WaitingEntitlement
from domain.incentives.outbox import catch_up
from domain.incentives.review import review_entitlement
from domain.incentives.revocation import revoke_entitlement
from domain.incentives.vocabulary import EntitlementStatus, IncentiveKind, WaitingCondition
from tests.domain.incentives.engine_fixtures import (
    CHUXIONG,
    LUFENG,
    A,
    H,
    S,
    county_admin,
    holder,
    issue_certificate,
    paid_exam_fee,
    pid,
    policy,
    record_certificate,
    register,
)

FEE = IncentiveKind.EXAM_FEE_SUBSIDY
REWARD = IncentiveKind.ONE_TIME_REWARD
TODAY = date(2027, 8, 1)


async def three_levels_held(
    person: Actor, fen: tuple[int, int, int] = (100_000, 300_000, 500_000)
) -> dict[ExamLevel, Certificate]:
    """楚雄市's rewards of 初级, 中级 and 高级 (each needing the 登记), and the person's three certificates
    of this year, not yet registered: a test registers them in the order it is about."""
    for level, amount in zip((A, S, H), fen, strict=True):
        await policy(REWARD, level, amount, county_code=CHUXIONG, requires_registration=True)
    return {
        level: await record_certificate(person, level, issued)
        for level, issued in ((A, date(2027, 1, 5)), (S, date(2027, 2, 5)), (H, date(2027, 3, 5)))
    }


async def register_and_read(person: Actor, certificate: Certificate) -> None:
    """The holder registers it, and the outbox is read."""
    await register(person, certificate, TODAY)
    with clock.travel_to(TODAY):
        await catch_up()


async def open_waits(person_id: int) -> list[WaitingEntitlement]:
    return await WaitingEntitlement.filter(person_id=person_id, resolved_at__isnull=True).order_by("id")


async def test_registering_a_certificate_tells_incentives_through_the_outbox(db: str) -> None:
    li = await holder("lina")
    certificate = await record_certificate(li, S, date(2027, 6, 1))
    await register(li, certificate, date(2027, 7, 11))
    [event] = await ExamEvent.filter(kind=ExamEventKind.CERTIFICATE_REGISTERED)
    assert (event.person_id, event.certificate_id, event.level, event.occurred_on) == (
        pid(li),
        certificate.id,
        S,
        date(2027, 7, 11),
    )


async def test_a_certificate_from_before_the_fee_was_paid_is_not_the_pass_it_refunds(db: str) -> None:
    # The county records an older 初级 certificate after the fee for this year's 初级 exam was confirmed:
    # that is no pass of the exam paid for, so the subsidy keeps waiting.
    li = await holder("lina")
    await paid_exam_fee(li)  # confirmed 2027-03-15
    await policy(FEE, A, 10_000)
    with clock.travel_to(date(2027, 4, 1)):
        await record_certificate(li, A, date(2026, 9, 1))
        assert await catch_up() == 0
        [wait] = await open_waits(pid(li))
    assert wait.waiting_for is WaitingCondition.EXAM_PASSED
    assert await Entitlement.filter(kind=FEE).count() == 0


async def test_a_fee_subsidy_waits_for_the_pass_and_is_then_the_fee_up_to_the_cap(db: str) -> None:
    li = await holder("lina")
    paid = await paid_exam_fee(li)  # 2 subjects × 60 元
    cap = await policy(FEE, A, 10_000)  # the prefecture's default: up to 100 元
    with clock.travel_to(date(2027, 4, 1)):
        assert await catch_up() == 0
        [wait] = await open_waits(pid(li))
    assert wait.waiting_for is WaitingCondition.EXAM_PASSED
    assert wait.once_key == f"EXAM_FEE_SUBSIDY:{paid.id}"
    assert "考试合格" in wait.detail
    assert await Entitlement.all().count() == 0

    with clock.travel_to(date(2027, 7, 1)):
        await issue_certificate(li, A, date(2027, 7, 1))
        assert await catch_up() == 1
    [subsidy] = await Entitlement.all()
    assert (subsidy.kind, subsidy.amount_fen, subsidy.status) == (FEE, 10_000, EntitlementStatus.PENDING)
    assert (subsidy.policy_id, subsidy.registration_id, subsidy.county_id) == (cap.id, paid.id, CHUXIONG)
    assert subsidy.once_key == f"EXAM_FEE_SUBSIDY:{paid.id}"
    assert "上限 100.00 元" in subsidy.explanation
    assert "实缴 120.00 元" in subsidy.explanation
    assert await open_waits(pid(li)) == []
    assert await AuditEvent.filter(action="entitlement.created", county_code=CHUXIONG).count() == 1


async def test_a_fee_below_the_cap_is_refunded_whole_as_soon_as_it_is_paid_when_no_pass_is_required(
    db: str,
) -> None:
    li = await holder("lina")
    await policy(FEE, A, 50_000, requires_pass=False)
    await paid_exam_fee(li)
    with clock.travel_to(TODAY):
        assert await catch_up() == 1
    [subsidy] = await Entitlement.all()
    assert subsidy.amount_fen == 12_000


async def test_a_fee_subsidy_requiring_registration_waits_for_the_pass_then_the_registration(db: str) -> None:
    li = await holder("lina")
    await policy(FEE, A, 50_000, requires_registration=True)
    await paid_exam_fee(li)
    with clock.travel_to(date(2027, 7, 1)):
        await catch_up()
        certificate = await issue_certificate(li, A, date(2027, 7, 1))
        assert await catch_up() == 0
        [wait] = await open_waits(pid(li))
    assert wait.waiting_for is WaitingCondition.CERTIFICATE_REGISTRATION
    await register(li, certificate, date(2027, 7, 20))
    with clock.travel_to(date(2027, 7, 20)):
        assert await catch_up() == 1
    assert [e.amount_fen for e in await Entitlement.filter(kind=FEE)] == [12_000]
    assert [w.resolution for w in await WaitingEntitlement.filter(resolved_at__isnull=False)] == [
        "已生成待遇"
    ]


async def test_a_reward_waits_for_the_registration_of_its_certificate(db: str) -> None:
    li = await holder("lina")
    await policy(REWARD, S, 300_000, requires_registration=True)
    with clock.travel_to(date(2027, 6, 15)):
        certificate = await record_certificate(li, S, date(2027, 6, 1))
        assert await catch_up() == 0
        [wait] = await open_waits(pid(li))
    assert (wait.waiting_for, wait.certificate_id) == (
        WaitingCondition.CERTIFICATE_REGISTRATION,
        certificate.id,
    )
    assert wait.detail == "待社会工作师（中级）证书登记后生成（本政策须证书已登记）"
    await register(li, certificate, date(2027, 7, 11))
    with clock.travel_to(date(2027, 7, 11)):
        assert await catch_up() == 1
    [reward] = await Entitlement.all()
    assert (reward.kind, reward.level, reward.amount_fen) == (REWARD, S, 300_000)
    assert reward.once_key == f"ONE_TIME_REWARD:{pid(li)}:SOCIAL_WORKER"
    assert reward.certificate_id == certificate.id


async def test_an_upgrade_pays_the_difference_from_the_lower_level_approved_or_paid(db: str) -> None:
    li = await holder("lina")
    await policy(REWARD, A, 100_000, county_code=CHUXIONG)
    await policy(REWARD, S, 300_000, county_code=CHUXIONG)
    with clock.travel_to(TODAY):
        await record_certificate(li, A, date(2015, 6, 1))
        assert await catch_up() == 1
        await Entitlement.filter(level=A).update(status=EntitlementStatus.APPROVED)
        await record_certificate(li, S, date(2018, 6, 1))
        assert await catch_up() == 1
    rewards = {e.level: e for e in await Entitlement.all()}
    assert (rewards[A].amount_fen, rewards[A].status) == (100_000, EntitlementStatus.APPROVED)
    assert (rewards[S].amount_fen, rewards[S].paid_for_lower_levels_fen) == (200_000, 100_000)
    assert rewards[S].explanation == (
        "一次性奖励：社会工作师（中级），楚雄市政策（2008-01-01 起）3000.00 元，"
        "较低级别已批准或已发放：助理社会工作师（初级） 1000.00 元，补发差额 2000.00 元"
    )


async def test_an_upgrade_before_the_lower_reward_is_reviewed_takes_its_place_and_pays_the_whole(
    db: str,
) -> None:
    # 就高: nothing of the 初级 reward was paid, so nothing is deducted; it is not paid as well.
    li = await holder("lina")
    await policy(REWARD, A, 100_000, county_code=CHUXIONG)
    await policy(REWARD, S, 300_000, county_code=CHUXIONG)
    with clock.travel_to(TODAY):
        await record_certificate(li, A, date(2015, 6, 1))
        assert await catch_up() == 1
        await record_certificate(li, S, date(2018, 6, 1))
        assert await catch_up() == 1
    rewards = {e.level: e for e in await Entitlement.all()}
    assert rewards[A].status is EntitlementStatus.REVOKED
    assert "并入" in (rewards[A].revoked_reason or "")
    # What the person reads no longer says it pays: it was never paid, and nothing is to recover.
    assert rewards[A].explanation.endswith(
        "；未审核前已并入社会工作师（中级）奖励一并发放（就高），本级别不再单独发放"
    )
    assert await Recovery.all().count() == 0
    assert (rewards[S].amount_fen, rewards[S].paid_for_lower_levels_fen) == (300_000, 0)
    assert rewards[S].explanation == (
        "一次性奖励：社会工作师（中级），楚雄市政策（2008-01-01 起）3000.00 元，"
        "助理社会工作师（初级）奖励尚未审核，并入本级别发放（就高），不再单独发放，发放 3000.00 元"
    )
    assert await AuditEvent.filter(action="entitlement.superseded", target_id=rewards[A].id).count() == 1


async def test_a_policy_that_pays_each_level_whole_pays_the_higher_level_in_full(db: str) -> None:
    li = await holder("lina")
    await policy(REWARD, A, 100_000, pay_difference_on_upgrade=False)
    await policy(REWARD, S, 300_000, pay_difference_on_upgrade=False)
    with clock.travel_to(TODAY):
        await record_certificate(li, A, date(2015, 6, 1))
        await record_certificate(li, S, date(2018, 6, 1))
        assert await catch_up() == 2
    assert sorted(e.amount_fen for e in await Entitlement.all()) == [100_000, 300_000]


async def test_a_lower_level_rewarded_after_a_higher_one_adds_nothing_past_the_higher_amount(db: str) -> None:
    li = await holder("lina")
    await policy(REWARD, A, 100_000, requires_registration=True)
    await policy(REWARD, S, 300_000)
    with clock.travel_to(date(2027, 7, 1)):
        assistant = await record_certificate(li, A, date(2027, 1, 10))
        await record_certificate(li, S, date(2027, 6, 1))
        assert await catch_up() == 1  # 中级 at once; 初级 waits for its 登记
    await register(li, assistant, date(2027, 7, 5))
    with clock.travel_to(date(2027, 7, 5)):
        assert await catch_up() == 1
    # The 中级 reward is still under review: the 初级 one is recorded taken over by it, never live.
    live = await Entitlement.filter(status=EntitlementStatus.PENDING)
    assert [e.amount_fen for e in live] == [300_000]
    merged = await Entitlement.get(level=A)
    assert (merged.status, merged.superseded_by_id) == (EntitlementStatus.REVOKED, live[0].id)


async def test_a_lower_level_after_a_higher_one_approved_adds_nothing(db: str) -> None:
    li = await holder("lina")
    await policy(REWARD, A, 100_000, requires_registration=True)
    await policy(REWARD, S, 300_000)
    with clock.travel_to(date(2027, 7, 1)):
        assistant = await record_certificate(li, A, date(2027, 1, 10))
        await record_certificate(li, S, date(2027, 6, 1))
        assert await catch_up() == 1
    await Entitlement.filter(level=S).update(status=EntitlementStatus.APPROVED)
    await register(li, assistant, date(2027, 7, 5))
    with clock.travel_to(date(2027, 7, 5)):
        assert await catch_up() == 0
    assert [e.amount_fen for e in await Entitlement.all()] == [300_000]
    [resolution] = [w.resolution for w in await WaitingEntitlement.all()]
    assert "无需补发" in str(resolution)


@pytest.mark.parametrize("higher_first", [False, True])
async def test_rejecting_the_higher_reward_restores_the_lower_one_it_took_over(
    db: str, higher_first: bool
) -> None:
    li = await holder("lina")
    await policy(REWARD, A, 100_000, county_code=CHUXIONG)
    await policy(REWARD, S, 300_000, county_code=CHUXIONG)
    with clock.travel_to(TODAY):
        for level, issued in ((S, date(2018, 6, 1)), (A, date(2015, 6, 1)))[:: 1 if higher_first else -1]:
            await record_certificate(li, level, issued)
            await catch_up()
        higher = await Entitlement.get(level=S)
        lower = await Entitlement.get(level=A)
        assert (higher.status, higher.amount_fen) == (EntitlementStatus.PENDING, 300_000)
        assert (lower.status, lower.superseded_by_id) == (EntitlementStatus.REVOKED, higher.id)
        await review_entitlement(county_admin(CHUXIONG), higher.id, approve=False, reason="证书存疑")
    restored = await Entitlement.get(level=A)
    assert (restored.status, restored.amount_fen, restored.superseded_by_id) == (
        EntitlementStatus.PENDING,
        100_000,
        None,
    )
    assert "并入" not in restored.explanation
    assert restored.revoked_reason is None
    assert await AuditEvent.filter(action="entitlement.restored", target_id=str(restored.id)).count() == 1


async def test_a_reward_waits_for_the_minimum_tenure_and_is_made_on_the_day_it_is_reached(db: str) -> None:
    await policy(REWARD, A, 100_000, min_tenure_months=12)
    with clock.travel_to(date(2027, 6, 15)):
        li = await holder("lina", social_work_since=date(2027, 1, 10))
        await record_certificate(li, A, date(2027, 6, 1))
        assert await catch_up() == 0
        [wait] = await open_waits(pid(li))
    assert (wait.waiting_for, wait.waiting_until) == (WaitingCondition.TENURE, date(2028, 1, 10))
    assert wait.detail == "本地工作满 12 个月（2028-01-10）后生成"
    with clock.travel_to(date(2028, 1, 9)):
        assert await catch_up() == 0
    with clock.travel_to(date(2028, 1, 10)):
        assert await catch_up() == 1
    assert await Entitlement.filter(kind=REWARD).count() == 1
    assert await open_waits(pid(li)) == []


async def test_no_policy_in_force_for_the_persons_county_leaves_nothing(db: str) -> None:
    li = await holder("lina")
    await policy(REWARD, A, 100_000, county_code=LUFENG)  # another county's own
    await policy(REWARD, A, 100_000, effective_from=date(2028, 1, 1))  # the default, later
    await policy(FEE, A, 10_000, effective_to=date(2027, 3, 14))  # ended the day before the fee
    with clock.travel_to(TODAY):
        await paid_exam_fee(li)
        await record_certificate(li, A, date(2027, 6, 1))
        assert await catch_up() == 0
    assert await Entitlement.all().count() == 0
    assert await WaitingEntitlement.all().count() == 0


async def test_a_countys_own_policy_wins_over_the_prefecture_default(db: str) -> None:
    li = await holder("lina")
    await policy(REWARD, A, 100_000)
    own = await policy(REWARD, A, 150_000, county_code=CHUXIONG)
    with clock.travel_to(TODAY):
        await record_certificate(li, A, date(2027, 6, 1))
        await catch_up()
    [reward] = await Entitlement.all()
    assert (reward.amount_fen, reward.policy_id) == (150_000, own.id)


async def test_a_policy_for_full_time_community_workers_only_rewards_no_one_else(db: str) -> None:
    li = await holder("lina")
    wang = await holder("wangfang", full_time=True)
    await policy(REWARD, A, 100_000, full_time_community_worker_only=True)
    with clock.travel_to(TODAY):
        await record_certificate(li, A, date(2027, 6, 1))
        await record_certificate(wang, A, date(2027, 6, 1))
        assert await catch_up() == 1
    assert [e.person_id for e in await Entitlement.all()] == [pid(wang)]
    assert await WaitingEntitlement.all().count() == 0


async def test_a_wait_keeps_the_version_in_force_on_the_day_of_its_fact(db: str) -> None:
    li = await holder("lina")
    old = await policy(REWARD, S, 200_000, requires_registration=True, effective_to=date(2027, 6, 30))
    await policy(REWARD, S, 500_000, requires_registration=True, effective_from=date(2027, 7, 1))
    with clock.travel_to(date(2027, 6, 20)):
        certificate = await record_certificate(li, S, date(2027, 6, 10))
        await catch_up()
    await register(li, certificate, date(2027, 7, 11))
    with clock.travel_to(date(2027, 7, 11)):
        await catch_up()
    [reward] = await Entitlement.all()
    assert (reward.amount_fen, reward.policy_id) == (200_000, old.id)


async def test_a_policy_changed_later_does_not_change_an_entitlement(db: str) -> None:
    li = await holder("lina")
    version = await policy(REWARD, A, 100_000)
    with clock.travel_to(TODAY):
        await record_certificate(li, A, date(2027, 6, 1))
        await catch_up()
        await policy(REWARD, A, 900_000, county_code=CHUXIONG)
        assert await catch_up() == 0
    [reward] = await Entitlement.all()
    assert (reward.amount_fen, reward.policy_id) == (100_000, version.id)


async def test_catching_up_again_makes_nothing_new(db: str) -> None:
    li = await holder("lina")
    await policy(REWARD, A, 100_000)
    await policy(REWARD, S, 300_000)
    with clock.travel_to(TODAY):
        await record_certificate(li, A, date(2015, 6, 1))
        await record_certificate(li, S, date(2018, 6, 1))
        assert await catch_up() == 2
        assert await catch_up() == 0
    assert await Entitlement.all().count() == 2
    cursor = await OutboxCursor.get(name="exam")
    assert cursor.last_seen_id == max(e.id for e in await ExamEvent.all())


async def test_catching_up_many_times_at_once_makes_each_entitlement_once(db: str) -> None:
    await policy(REWARD, A, 100_000)
    await policy(REWARD, S, 300_000, requires_registration=True)
    with clock.travel_to(date(2027, 7, 1)):
        people = [await holder(f"person{n}") for n in range(6)]
        for person in people:
            await record_certificate(person, A, date(2015, 6, 1))
            await record_certificate(person, S, date(2027, 6, 1))
        created = await asyncio.gather(*(catch_up() for _ in range(8)))
    assert sum(created) == 6
    assert await Entitlement.all().count() == 6
    assert await WaitingEntitlement.filter(resolved_at__isnull=True).count() == 6
    for person in people:
        certificate = next(c for c in await certificates_of(pid(person)) if c.level is S)
        await register(person, certificate, date(2027, 7, 2))
    with clock.travel_to(date(2027, 7, 2)):
        created = await asyncio.gather(*(catch_up() for _ in range(8)))
    assert sum(created) == 6
    # The 初级 rewards were still pending: each 中级 reward takes its place and pays the whole.
    assert sorted(e.amount_fen for e in await Entitlement.filter(level=S)) == [300_000] * 6
    assert await Entitlement.filter(level=A, status=EntitlementStatus.REVOKED).count() == 6
    assert await AuditEvent.filter(action="entitlement.created").count() == 12


async def test_a_senior_after_both_lower_levels_pays_what_remains(db: str) -> None:
    li = await holder("lina")
    for level, fen in ((A, 100_000), (S, 300_000), (H, 500_000)):
        await policy(REWARD, level, fen)
    with clock.travel_to(TODAY):
        await record_certificate(li, A, date(2012, 6, 1))
        assert await catch_up() == 1
        await Entitlement.filter(level=A).update(status=EntitlementStatus.APPROVED)
        await record_certificate(li, S, date(2016, 6, 1))
        assert await catch_up() == 1
        await Entitlement.filter(level=S).update(status=EntitlementStatus.APPROVED)
        await record_certificate(li, H, date(2022, 6, 1))
        assert await catch_up() == 1
    amounts = {e.level: e.amount_fen for e in await Entitlement.all()}
    assert amounts == {A: 100_000, S: 200_000, H: 200_000}


async def test_three_levels_read_at_once_pay_the_highest_once(db: str) -> None:
    li = await holder("lina")
    for level, fen in ((A, 100_000), (S, 300_000), (H, 500_000)):
        await policy(REWARD, level, fen)
    with clock.travel_to(TODAY):
        await record_certificate(li, A, date(2012, 6, 1))
        await record_certificate(li, S, date(2016, 6, 1))
        await record_certificate(li, H, date(2022, 6, 1))
        assert await catch_up() == 3
    live = [e for e in await Entitlement.all() if e.status is EntitlementStatus.PENDING]
    assert [(e.level, e.amount_fen) for e in live] == [(H, 500_000)]


async def test_revoking_the_higher_reward_before_payment_restores_the_lower_one_too(db: str) -> None:
    li = await holder("lina")
    await policy(REWARD, A, 100_000, county_code=CHUXIONG)
    await policy(REWARD, S, 300_000, county_code=CHUXIONG)
    with clock.travel_to(TODAY):
        await record_certificate(li, A, date(2015, 6, 1))
        await catch_up()
        await record_certificate(li, S, date(2018, 6, 1))
        await catch_up()
        higher = await Entitlement.get(level=S)
        await revoke_entitlement(county_admin(CHUXIONG), higher.id, reason="中级证书系伪造")
    assert (await Entitlement.get(level=A)).status is EntitlementStatus.PENDING


async def test_rejecting_a_reward_that_took_over_two_levels_restores_only_the_higher_of_them(db: str) -> None:
    # 初级 pending, then 高级 takes it over, then 中级 arrives taken over too. Rejecting 高级 must not
    # bring back 初级 and 中级 both (1000 + 3000 > 中级's 3000): 中级 returns, 初级 stays taken over by it.
    li = await holder("lina")
    admin = county_admin(CHUXIONG)
    held = await three_levels_held(li)
    for level in (A, H, S):  # registered in this order, each read before the next
        await register_and_read(li, held[level])
    with clock.travel_to(TODAY):
        senior = await Entitlement.get(level=H)
        await review_entitlement(admin, senior.id, approve=False, reason="证书存疑")
        live = await Entitlement.filter(status=EntitlementStatus.PENDING)
        assert [(e.level, e.amount_fen) for e in live] == [(S, 300_000)]
        assistant = await Entitlement.get(level=A)
        assert (assistant.status, assistant.superseded_by_id) == (EntitlementStatus.REVOKED, live[0].id)
        assert assistant.explanation.endswith(
            "并入社会工作师（中级）奖励一并发放（就高），本级别不再单独发放"
        )
        await review_entitlement(admin, live[0].id, approve=False, reason="证书存疑")
    assert [(e.level, e.amount_fen) for e in await Entitlement.filter(status=EntitlementStatus.PENDING)] == [
        (A, 100_000)
    ]


async def test_revoking_an_approved_higher_reward_judges_the_levels_held_below_it_again(db: str) -> None:
    # 高级 registered and approved first: 初级 and 中级 were then owed nothing past it. Revoked, they are.
    li = await holder("lina")
    admin = county_admin(CHUXIONG)
    held = await three_levels_held(li)
    await register(li, held[H], TODAY)
    with clock.travel_to(TODAY):
        await catch_up()
        await Entitlement.filter(level=H).update(status=EntitlementStatus.APPROVED)
    for level in (A, S):
        await register(li, held[level], TODAY)
    with clock.travel_to(TODAY):
        await catch_up()
        assert await Entitlement.all().count() == 1
        senior = await Entitlement.get(level=H)
        await revoke_entitlement(admin, senior.id, reason="高级证书系伪造")
    live = await Entitlement.filter(status=EntitlementStatus.PENDING)
    assert [(e.level, e.amount_fen) for e in live] == [(S, 300_000)]


async def test_revoking_an_approved_lower_reward_works_out_the_pending_higher_one_again(db: str) -> None:
    li = await holder("lina")
    await policy(REWARD, A, 100_000, county_code=CHUXIONG)
    await policy(REWARD, S, 300_000, county_code=CHUXIONG)
    with clock.travel_to(TODAY):
        await record_certificate(li, A, date(2015, 6, 1))
        await catch_up()
        await Entitlement.filter(level=A).update(status=EntitlementStatus.APPROVED)
        await record_certificate(li, S, date(2018, 6, 1))
        await catch_up()
        assert (await Entitlement.get(level=S)).amount_fen == 200_000
        await revoke_entitlement(
            county_admin(CHUXIONG), (await Entitlement.get(level=A)).id, reason="初级证书系伪造"
        )
    social_worker = await Entitlement.get(level=S)
    assert (social_worker.amount_fen, social_worker.paid_for_lower_levels_fen) == (300_000, 0)
    assert "已批准或已发放" not in social_worker.explanation
    assert await AuditEvent.filter(action="entitlement.rejudged").count() == 1


async def test_revoking_an_approved_middle_reward_gives_the_pending_senior_its_whole_amount(db: str) -> None:
    # 初级 taken over by 中级; 中级 approved; 高级 pays the difference from it. 中级 revoked: 初级 comes back,
    # and 高级, worked out again, is the whole 5000 and takes 初级 over — never 1500 + 2000 side by side.
    li = await holder("lina")
    admin = county_admin(CHUXIONG)
    held = await three_levels_held(li, (150_000, 300_000, 500_000))
    for level in (A, S):
        await register_and_read(li, held[level])
    await Entitlement.filter(level=S).update(status=EntitlementStatus.APPROVED)
    await register(li, held[H], TODAY)
    with clock.travel_to(TODAY):
        await catch_up()
        assert (await Entitlement.get(level=H)).amount_fen == 200_000
        await revoke_entitlement(admin, (await Entitlement.get(level=S)).id, reason="中级证书系伪造")
    live = await Entitlement.filter(status=EntitlementStatus.PENDING)
    assert [(e.level, e.amount_fen) for e in live] == [(H, 500_000)]
    senior = live[0]
    assert "已批准或已发放" not in senior.explanation
    assert "助理社会工作师（初级）奖励尚未审核，并入本级别发放" in senior.explanation
    assistant = await Entitlement.get(level=A)
    assert (assistant.status, assistant.superseded_by_id) == (EntitlementStatus.REVOKED, senior.id)
