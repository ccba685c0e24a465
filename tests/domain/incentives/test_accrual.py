"""The monthly accrual of allowances on the real database (domain/incentives/accrual.py)."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from domain import clock
from domain.audit.models import AuditEvent
from domain.errors import IdempotencyKeyReused, OutOfScope
from domain.incentives.accrual import AccrualResult, accrue_monthly_allowances
from domain.incentives.errors import InvalidMonth
from domain.incentives.models import AllowanceAccrual, Entitlement
from domain.incentives.vocabulary import EntitlementStatus, IncentiveKind
from tests.domain.incentives.engine_fixtures import (
    CHUXIONG,
    A,
    S,
    county_admin,
    holder,
    pid,
    policy,
    record_certificate,
    register,
)
from tests.factories import SYSTEM

ALLOWANCE = IncentiveKind.MONTHLY_ALLOWANCE
AUGUST = date(2027, 8, 1)


async def accrue(month: str = "2027-07", key: str = "july", today: date = AUGUST) -> AccrualResult:
    with clock.travel_to(today):
        return await accrue_monthly_allowances(SYSTEM, month, key)


async def registered_social_worker(username: str, *, registered_on: date, full_time: bool = True) -> int:
    """A 社会工作师 certificate issued in June 2027 and registered on `registered_on`."""
    person = await holder(username, full_time=full_time)
    certificate = await record_certificate(person, S, date(2027, 6, 1))
    await register(person, certificate, registered_on)
    return pid(person)


async def test_a_month_registered_from_its_eleventh_day_pays_twenty_one_days_of_thirty_one(db: str) -> None:
    person = await registered_social_worker("lina", registered_on=date(2027, 7, 11))
    version = await policy(ALLOWANCE, S, 30_000, county_code=CHUXIONG, requires_registration=True)
    result = await accrue()
    assert (result.month, result.created, result.total_fen) == ("2027-07", 1, 20_323)
    [allowance] = await Entitlement.all()
    assert (allowance.person_id, allowance.kind, allowance.level) == (person, ALLOWANCE, S)
    assert (allowance.amount_fen, allowance.month, allowance.status) == (
        20_323,
        "2027-07",
        EntitlementStatus.PENDING,
    )
    assert (allowance.policy_id, allowance.accrual_id, allowance.once_key) == (
        version.id,
        result.accrual_id,
        f"MONTHLY_ALLOWANCE:{person}:2027-07",
    )
    assert allowance.explanation == (
        "职业津贴 2027-07：社会工作师（中级） 300.00 元/月（楚雄市政策（2008-01-01 起）），"
        "符合条件 21/31 天（2027-07-11 起），按天折算 203.23 元"
    )
    assert await AuditEvent.filter(action="allowances.accrued").count() == 1
    # Stamped by the one clock (the day of the accrual), as every row is, so the queue orders by it.
    assert allowance.created_at.astimezone(clock.SHANGHAI).date() == AUGUST


async def test_a_policy_that_does_not_prorate_pays_the_month_whole_on_its_last_days_eligibility(
    db: str,
) -> None:
    await registered_social_worker("lina", registered_on=date(2027, 7, 11))
    await policy(ALLOWANCE, S, 30_000, requires_registration=True, prorate=False)
    assert (await accrue()).total_fen == 30_000
    [allowance] = await Entitlement.all()
    assert "整月发放 300.00 元" in allowance.explanation


async def test_two_levels_in_one_month_pay_the_higher_each_day_and_never_both(db: str) -> None:
    person = await holder("lina", full_time=True)
    await record_certificate(person, A, date(2016, 6, 1))
    await record_certificate(person, S, date(2027, 7, 11))
    await policy(ALLOWANCE, A, 20_000)
    await policy(ALLOWANCE, S, 30_000)
    # 10 days at 200 元 and 21 at 300 元 of 31: (2000 + 6300) / 31 = 267.74 元
    assert (await accrue()).total_fen == 26_774
    [allowance] = await Entitlement.all()
    assert allowance.level is S
    # The person can add it up from what they read.
    assert allowance.explanation == (
        "职业津贴 2027-07：每天按当天最高标准计（就高不叠加），助理社会工作师（初级） 200.00 元/月 × 10 天 + "
        "社会工作师（中级） 300.00 元/月 × 21 天，按 31 天折算 267.74 元（最高标准依据全州默认政策（2008-01-01 起））"
    )


async def test_a_whole_month_at_two_levels_pays_only_the_higher(db: str) -> None:
    person = await holder("lina", full_time=True)
    await record_certificate(person, A, date(2016, 6, 1))
    await record_certificate(person, S, date(2020, 6, 1))
    await policy(ALLOWANCE, A, 20_000)
    await policy(ALLOWANCE, S, 30_000)
    assert (await accrue()).total_fen == 30_000


async def test_someone_who_is_not_a_full_time_community_worker_is_owed_no_allowance(db: str) -> None:
    await registered_social_worker("lina", registered_on=date(2027, 7, 1), full_time=False)
    await policy(ALLOWANCE, S, 30_000)
    result = await accrue()
    assert (result.created, result.total_fen) == (0, 0)
    assert await Entitlement.all().count() == 0


async def test_an_unregistered_certificate_earns_no_allowance_where_registration_is_required(db: str) -> None:
    person = await holder("lina", full_time=True)
    await record_certificate(person, S, date(2027, 6, 1))
    await policy(ALLOWANCE, S, 30_000, requires_registration=True)
    assert (await accrue()).created == 0


async def test_a_minimum_tenure_reached_mid_month_prorates_from_that_day(db: str) -> None:
    with clock.travel_to(date(2027, 6, 1)):
        person = await holder("lina", social_work_since=date(2026, 7, 21), full_time=True)
    await record_certificate(person, S, date(2027, 6, 1))
    await policy(ALLOWANCE, S, 31_000, min_tenure_months=12)
    assert (await accrue()).total_fen == 11_000  # 21–31 July: 11 days of 31 at 310 元


async def test_the_same_key_again_returns_the_first_result_and_writes_nothing(db: str) -> None:
    await registered_social_worker("lina", registered_on=date(2027, 7, 1))
    await policy(ALLOWANCE, S, 30_000)
    first = await accrue()
    assert await accrue() == first
    assert await Entitlement.all().count() == 1
    assert await AllowanceAccrual.all().count() == 1


async def test_another_key_for_an_accrued_month_creates_nothing_new(db: str) -> None:
    await registered_social_worker("lina", registered_on=date(2027, 7, 1))
    await policy(ALLOWANCE, S, 30_000)
    assert (await accrue(key="first")).created == 1
    again = await accrue(key="second")
    assert (again.created, again.total_fen) == (0, 0)
    assert await Entitlement.all().count() == 1


async def test_a_key_used_for_another_month_is_refused(db: str) -> None:
    await policy(ALLOWANCE, S, 30_000)
    await accrue("2027-06", key="k")
    with pytest.raises(IdempotencyKeyReused):
        await accrue("2027-07", key="k")


async def test_accruals_of_one_month_at_once_make_each_allowance_once(db: str) -> None:
    for n in range(4):
        await registered_social_worker(f"person{n}", registered_on=date(2027, 7, 1))
    await policy(ALLOWANCE, S, 30_000)
    with clock.travel_to(AUGUST):
        results = await asyncio.gather(
            *(accrue_monthly_allowances(SYSTEM, "2027-07", f"k{n % 3}") for n in range(6))
        )
    assert await Entitlement.all().count() == 4
    assert sum({r.accrual_id: r.created for r in results}.values()) == 4
    assert results[3:] == results[:3]  # the same key answers with the same result


@pytest.mark.parametrize("month", ["2027-7", "2027/07", "07-2027", "2027-13", "2027-00", ""])
async def test_a_month_not_written_yyyy_mm_is_refused(db: str, month: str) -> None:
    with pytest.raises(InvalidMonth, match="YYYY-MM"):
        await accrue(month)


@pytest.mark.parametrize("today", [date(2027, 7, 31), date(2027, 7, 1), date(2027, 6, 30)])
async def test_a_month_not_yet_ended_is_refused(db: str, today: date) -> None:
    with pytest.raises(InvalidMonth, match="该月尚未结束"):
        await accrue(today=today)
    assert await AllowanceAccrual.all().count() == 0


async def test_only_the_prefecture_accrues(db: str) -> None:
    with clock.travel_to(AUGUST), pytest.raises(OutOfScope):
        await accrue_monthly_allowances(county_admin(CHUXIONG), "2027-07", "k")
