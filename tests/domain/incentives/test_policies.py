"""Policy versions on the real database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set): who may set
a county's policy or the defaults, the checks on amounts, dates and rules, no two versions of one series
sharing a day (at the edges, open-ended, at the same time), closing a version, and the version in force."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from domain import clock
from domain.access import Actor, Grant, Role
from domain.audit.models import AuditEvent
from domain.errors import InvalidInput, OutOfScope
from domain.exam.vocabulary import ExamLevel
from domain.incentives import policies
from domain.incentives.errors import InvalidAmount, PolicyNotFound, PolicyOverlap
from domain.incentives.models import IncentivePolicy
from domain.incentives.vocabulary import IncentiveKind
from domain.people.errors import DatesOutOfOrder, UnknownCounty
from tests.domain.incentives.policy_fixtures import (
    CHUXIONG,
    CHUXIONG_ADMIN,
    LUFENG,
    LUFENG_ADMIN,
    PREFECTURE,
    set_version,
)

REWARD = IncentiveKind.ONE_TIME_REWARD
ALLOWANCE = IncentiveKind.MONTHLY_ALLOWANCE
FEE = IncentiveKind.EXAM_FEE_SUBSIDY
MIDDLE = ExamLevel.SOCIAL_WORKER


async def test_a_version_left_without_rules_takes_the_defaults_and_is_audited(db: str) -> None:
    row = await set_version(amount="2000.50")
    assert (row.county_id, row.kind, row.level, row.amount_fen) == (CHUXIONG, REWARD, MIDDLE, 200050)
    assert (row.effective_from, row.effective_to) == (date(2027, 1, 1), None)
    assert (row.requires_pass, row.requires_registration, row.pay_difference_on_upgrade, row.prorate) == (
        True,
        True,
        True,
        True,
    )
    assert row.min_tenure_months == 0
    assert row.full_time_community_worker_only is False
    assert row.set_by_user_id == PREFECTURE.user_id
    [event] = await AuditEvent.filter(action="incentive_policy.set")
    assert (event.target_id, event.county_code) == (str(row.id), CHUXIONG)
    assert event.summary["amount"] == "2000.50"
    assert event.summary["rules"] == {
        "requiresPass": True,
        "requiresRegistration": True,
        "minTenureMonths": 0,
        "fullTimeCommunityWorkerOnly": False,
        "payDifferenceOnUpgrade": True,
        "prorate": True,
    }


async def test_the_allowance_is_for_full_time_community_workers_unless_the_policy_says_otherwise(
    db: str,
) -> None:
    allowance = await set_version(kind=ALLOWANCE, amount="200")
    assert allowance.full_time_community_worker_only is True
    everyone = await set_version(
        kind=ALLOWANCE,
        level=ExamLevel.SENIOR,
        rules=policies.PolicyRules(
            full_time_community_worker_only=False, prorate=False, min_tenure_months=12
        ),
    )
    assert (everyone.full_time_community_worker_only, everyone.prorate, everyone.min_tenure_months) == (
        False,
        False,
        12,
    )


async def test_a_county_admin_sets_her_own_countys_policy_but_not_anothers_nor_the_default(db: str) -> None:
    own = await set_version(CHUXIONG_ADMIN)
    assert own.county_id == CHUXIONG
    with pytest.raises(OutOfScope) as other:
        await set_version(LUFENG_ADMIN, county_code=CHUXIONG)
    assert other.value.field_path == ("countyCode",)
    with pytest.raises(OutOfScope) as default:
        await set_version(CHUXIONG_ADMIN, county_code=None)
    assert "州级" in default.value.message
    trainee = Actor(user_id=5, username="li.na", person_id=1, grants=(Grant(Role.TRAINEE),))
    with pytest.raises(OutOfScope):
        await set_version(trainee)
    assert await IncentivePolicy.all().count() == 1


async def test_the_prefecture_admin_sets_the_default_and_any_countys_policy(db: str) -> None:
    default = await set_version(county_code=None)
    lufeng = await set_version(county_code=LUFENG)
    assert (default.county_id, lufeng.county_id) == (None, LUFENG)
    [event] = await AuditEvent.filter(action="incentive_policy.set", target_id=str(default.id))
    assert event.county_code is None


@pytest.mark.parametrize("code", ["999999", "5323011", ""])
async def test_a_county_that_is_not_the_prefectures_is_unknown(db: str, code: str) -> None:
    with pytest.raises(UnknownCounty):
        await set_version(county_code=code)


@pytest.mark.parametrize(
    ("amount", "says"),
    [("-0.01", "负数"), ("100.001", "两位小数"), ("1e12", "合理"), ("NaN", "合理")],
)
async def test_an_amount_that_is_negative_or_finer_than_a_fen_is_refused(
    db: str, amount: str, says: str
) -> None:
    with pytest.raises(InvalidAmount) as refused:
        await set_version(amount=amount)
    assert refused.value.field_path == ("amount",)
    assert says in refused.value.message
    assert await IncentivePolicy.all().count() == 0


async def test_an_amount_of_zero_is_a_policy_paying_nothing(db: str) -> None:
    assert (await set_version(amount="0")).amount_fen == 0


async def test_an_end_before_the_start_is_refused_and_a_single_day_version_allowed(db: str) -> None:
    with pytest.raises(DatesOutOfOrder) as refused:
        await set_version(effective_from=date(2027, 7, 1), effective_to=date(2027, 6, 30))
    assert refused.value.field_path == ("effectiveTo",)
    one_day = await set_version(effective_from=date(2027, 7, 1), effective_to=date(2027, 7, 1))
    assert one_day.effective_to == date(2027, 7, 1)


@pytest.mark.parametrize("months", [-1, 601])
async def test_a_minimum_tenure_outside_fifty_years_is_refused_in_the_rules(db: str, months: int) -> None:
    with pytest.raises(InvalidInput) as refused:
        await set_version(rules=policies.PolicyRules(min_tenure_months=months))
    assert refused.value.field_path == ("rules", "minTenureMonths")
    assert (await set_version(rules=policies.PolicyRules(min_tenure_months=600))).min_tenure_months == 600


async def test_a_version_from_the_day_after_the_last_one_ends_does_not_overlap_but_one_from_its_last_day_does(
    db: str,
) -> None:
    await set_version(effective_from=date(2027, 1, 1), effective_to=date(2027, 6, 30))
    with pytest.raises(PolicyOverlap) as clash:
        await set_version(effective_from=date(2027, 6, 30))
    assert "2027-01-01 至 2027-06-30" in clash.value.message
    assert clash.value.field_path == ("effectiveFrom",)
    successor = await set_version(effective_from=date(2027, 7, 1), amount="2500")
    assert successor.effective_to is None
    assert await IncentivePolicy.all().count() == 2
    assert await AuditEvent.filter(action="incentive_policy.set").count() == 2


async def test_an_open_ended_version_overlaps_every_later_one_and_an_earlier_open_ended_one(db: str) -> None:
    await set_version(effective_from=date(2027, 7, 1))
    with pytest.raises(PolicyOverlap) as later:
        await set_version(effective_from=date(2030, 1, 1), effective_to=date(2030, 12, 31))
    assert "长期" in later.value.message
    with pytest.raises(PolicyOverlap):
        await set_version(effective_from=date(2026, 1, 1))
    # Ending before the open-ended one begins is no overlap.
    earlier = await set_version(effective_from=date(2026, 1, 1), effective_to=date(2027, 6, 30))
    assert earlier.effective_to == date(2027, 6, 30)


async def test_versions_of_other_counties_the_default_other_kinds_and_levels_never_overlap(db: str) -> None:
    await set_version()
    await set_version(county_code=LUFENG)
    await set_version(county_code=None)
    await set_version(kind=FEE)
    await set_version(level=ExamLevel.ASSISTANT)
    assert await IncentivePolicy.all().count() == 5
    with pytest.raises(PolicyOverlap):
        await set_version(county_code=None, effective_from=date(2028, 1, 1))


async def test_two_overlapping_versions_set_at_once_do_not_both_land(db: str) -> None:
    answers = await asyncio.gather(
        *(set_version(effective_from=date(2027, 1, n + 1), amount=str(1000 + n)) for n in range(6)),
        return_exceptions=True,
    )
    landed = [a for a in answers if isinstance(a, IncentivePolicy)]
    refused = [a for a in answers if isinstance(a, PolicyOverlap)]
    assert (len(landed), len(refused)) == (1, 5), answers
    assert await IncentivePolicy.all().count() == 1
    assert await AuditEvent.filter(action="incentive_policy.set").count() == 1


async def test_ending_an_open_ended_version_makes_room_for_its_successor(db: str) -> None:
    first = await set_version(effective_from=date(2027, 1, 1))
    ended = await policies.end_policy(CHUXIONG_ADMIN, first.id, date(2027, 6, 30))
    assert ended.effective_to == date(2027, 6, 30)
    assert (await IncentivePolicy.get(id=first.id)).effective_to == date(2027, 6, 30)
    [event] = await AuditEvent.filter(action="incentive_policy.ended")
    assert event.summary["effectiveTo"] == "2027-06-30"
    assert event.summary["previousEffectiveTo"] is None
    assert (await set_version(effective_from=date(2027, 7, 1), amount="3000")).amount_fen == 300000


async def test_a_version_ends_earlier_but_never_later_and_the_same_end_again_changes_nothing(db: str) -> None:
    row = await set_version(effective_from=date(2027, 1, 1), effective_to=date(2027, 12, 31))
    with pytest.raises(InvalidInput) as later:
        await policies.end_policy(PREFECTURE, row.id, date(2028, 1, 1))
    assert later.value.field_path == ("effectiveTo",)
    assert "2027-12-31" in later.value.message
    with pytest.raises(DatesOutOfOrder):
        await policies.end_policy(PREFECTURE, row.id, date(2026, 12, 31))
    same = await policies.end_policy(PREFECTURE, row.id, date(2027, 12, 31))
    assert same.effective_to == date(2027, 12, 31)
    assert await AuditEvent.filter(action="incentive_policy.ended").count() == 0
    # Its first day is its last: a version of one day.
    one_day = await policies.end_policy(PREFECTURE, row.id, date(2027, 1, 1))
    assert one_day.effective_to == date(2027, 1, 1)


async def test_only_who_may_set_a_version_may_end_it(db: str) -> None:
    chuxiong = await set_version()
    default = await set_version(county_code=None)
    with pytest.raises(OutOfScope) as other:
        await policies.end_policy(LUFENG_ADMIN, chuxiong.id, date(2027, 6, 30))
    assert other.value.field_path == ("policyId",)
    with pytest.raises(OutOfScope):
        await policies.end_policy(CHUXIONG_ADMIN, default.id, date(2027, 6, 30))
    with pytest.raises(PolicyNotFound):
        await policies.end_policy(PREFECTURE, default.id + 100, date(2027, 6, 30))
    assert await IncentivePolicy.filter(effective_to__isnull=False).count() == 0


async def test_the_countys_own_version_is_in_force_over_the_default_within_its_dates(db: str) -> None:
    default = await set_version(county_code=None, effective_from=date(2026, 1, 1), amount="1500")
    own = await set_version(effective_from=date(2027, 1, 1), effective_to=date(2027, 12, 31), amount="2000")
    await set_version(county_code=LUFENG, effective_from=date(2026, 1, 1), amount="9999")
    await set_version(kind=FEE, effective_from=date(2026, 1, 1), amount="300")

    async def in_force(day: date, county: str = CHUXIONG) -> int | None:
        row = await policies.policy_in_force(REWARD, county, MIDDLE, day)
        return row.id if row else None

    assert await in_force(date(2025, 12, 31)) is None
    assert await in_force(date(2026, 12, 31)) == default.id
    assert await in_force(date(2027, 1, 1)) == own.id
    assert await in_force(date(2027, 12, 31)) == own.id
    assert await in_force(date(2028, 1, 1)) == default.id
    # A county with no version of its own gets the default; another level has none at all.
    assert await in_force(date(2027, 6, 1), "532325") == default.id
    assert await policies.policy_in_force(REWARD, CHUXIONG, ExamLevel.SENIOR, date(2027, 6, 1)) is None
    fee = await policies.policy_in_force(FEE, CHUXIONG, MIDDLE, date(2027, 6, 1))
    assert fee is not None
    assert fee.amount_fen == 30000


async def test_a_countys_policies_are_its_own_and_the_defaults_in_reading_order(db: str) -> None:
    later = await set_version(effective_from=date(2028, 1, 1))
    earlier = await set_version(effective_from=date(2027, 1, 1), effective_to=date(2027, 12, 31))
    default = await set_version(county_code=None)
    lufeng = await set_version(county_code=LUFENG)
    assistant = await set_version(level=ExamLevel.ASSISTANT)
    fee = await set_version(kind=FEE, level=ExamLevel.SENIOR)
    allowance = await set_version(kind=ALLOWANCE, level=ExamLevel.ASSISTANT)

    listed = [p.id for p in await policies.list_policies(CHUXIONG)]
    assert listed == [fee.id, assistant.id, default.id, earlier.id, later.id, allowance.id]
    everything = [p.id for p in await policies.list_policies(None)]
    assert everything == [fee.id, assistant.id, default.id, earlier.id, later.id, lufeng.id, allowance.id]
    assert await policies.list_policies("999999") == []
    assert await policies.list_policies("x" * 300) == []


async def test_a_version_in_force_ends_today_at_the_earliest_so_the_past_keeps_its_amounts(db: str) -> None:
    with clock.travel_to(date(2027, 8, 1)):
        row = await set_version(effective_from=date(2027, 1, 1))
        with pytest.raises(InvalidInput) as earlier:
            await policies.end_policy(PREFECTURE, row.id, date(2027, 7, 31))
        assert earlier.value.field_path == ("effectiveTo",)
        assert "2027-08-01" in earlier.value.message
        assert (await IncentivePolicy.get(id=row.id)).effective_to is None
        ended = await policies.end_policy(PREFECTURE, row.id, date(2027, 8, 1))
    assert ended.effective_to == date(2027, 8, 1)
