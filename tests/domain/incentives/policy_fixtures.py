"""Actors and policy versions for the tests of incentive policies (tests/domain/incentives/test_policies.py),
usable by other incentives tests that need a policy in force."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain.access import Actor, Grant, Role
from domain.exam.vocabulary import ExamLevel
from domain.incentives import policies
from domain.incentives.models import IncentivePolicy
from domain.incentives.vocabulary import IncentiveKind

CHUXIONG = "532301"  # 楚雄市
LUFENG = "532302"  # 禄丰市

PREFECTURE = Actor(user_id=9001, username="zhou", grants=(Grant(Role.PREFECTURE_ADMIN),), request_id="t")
CHUXIONG_ADMIN = Actor(
    user_id=9002, username="chen", grants=(Grant(Role.COUNTY_ADMIN, county_code=CHUXIONG),), request_id="t"
)
LUFENG_ADMIN = Actor(
    user_id=9003, username="lili", grants=(Grant(Role.COUNTY_ADMIN, county_code=LUFENG),), request_id="t"
)


def version(
    *,
    county_code: str | None = CHUXIONG,
    kind: IncentiveKind = IncentiveKind.ONE_TIME_REWARD,
    level: ExamLevel = ExamLevel.SOCIAL_WORKER,
    amount: str = "2000",
    effective_from: date = date(2027, 1, 1),
    effective_to: date | None = None,
    rules: policies.PolicyRules | None = None,
) -> policies.PolicyVersion:
    return policies.PolicyVersion(
        county_code=county_code,
        kind=kind,
        level=level,
        amount=Decimal(amount),
        effective_from=effective_from,
        effective_to=effective_to,
        rules=rules or policies.PolicyRules(),
    )


async def set_version(actor: Actor = PREFECTURE, **kwargs: object) -> IncentivePolicy:
    """A version set through the service (by the prefecture admin unless told)."""
    return await policies.set_policy(actor, version(**kwargs))  # type: ignore[arg-type]
