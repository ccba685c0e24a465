"""The demo's incentives: prefecture defaults and the own policies of 楚雄市 and 禄丰市, this year's budgets,
a certificate registered ten months ago whose reward and allowances reached 楚雄市's review queue, one
batch paid, and a fee subsidy waiting for the pass. Everything goes through the services, in the order
users act, with the clock moved back where the story happened earlier."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Final

from api.demo.data import SEEDER
from domain import clock
from domain.access import Actor
from domain.exam import certificates
from domain.exam import service as exam_service
from domain.exam.vocabulary import ExamLevel
from domain.incentives import accrual, budgets, outbox, payouts, policies, review
from domain.incentives.amounts import Month, add_months
from domain.incentives.models import Entitlement
from domain.incentives.vocabulary import EntitlementStatus, IncentiveKind
from domain.people import payment_account

POLICIES_FROM: Final = date(2021, 1, 1)  # the seed policy's year (楚人社发〔2021〕13号)

# county (None: the prefecture's default), kind, amounts for 初级/中级/高级 in yuan, rules
POLICY_TABLE: Final = [
    (None, IncentiveKind.EXAM_FEE_SUBSIDY, ("120", "180", "300"), policies.PolicyRules()),
    (None, IncentiveKind.ONE_TIME_REWARD, ("1000", "2000", "3000"), policies.PolicyRules()),
    (None, IncentiveKind.MONTHLY_ALLOWANCE, ("100", "200", "300"), policies.PolicyRules()),
    ("532301", IncentiveKind.ONE_TIME_REWARD, ("1500", "3000", "5000"), policies.PolicyRules()),
    ("532301", IncentiveKind.MONTHLY_ALLOWANCE, ("200", "300", "500"), policies.PolicyRules()),
    (
        "532302",
        IncentiveKind.ONE_TIME_REWARD,
        ("1000", "2000", "3000"),
        policies.PolicyRules(min_tenure_months=12),
    ),
    ("532302", IncentiveKind.MONTHLY_ALLOWANCE, ("150", "250", "400"), policies.PolicyRules(prorate=False)),
]
LEVELS: Final = (ExamLevel.ASSISTANT, ExamLevel.SOCIAL_WORKER, ExamLevel.SENIOR)
BUDGETS: Final = [("532301", Decimal("200000")), ("532302", Decimal("100000"))]


async def seed_incentives(talents: dict[str, Actor]) -> None:
    """After the exam demo (its outbox already holds 张梅's and 普秀's certificates and 李娜's fee)."""
    for county, kind, yuan, rules in POLICY_TABLE:
        for level, amount in zip(LEVELS, yuan, strict=True):
            await policies.set_policy(
                SEEDER,
                policies.PolicyVersion(
                    county_code=county,
                    kind=kind,
                    level=level,
                    amount=Decimal(amount),
                    effective_from=POLICIES_FROM,
                    rules=rules,
                ),
            )
    today = clock.today()
    for county, budget in BUDGETS:
        await budgets.set_county_budget(SEEDER, county, today.year, budget)
    li_na = talents["li.na"]
    if li_na.person_id is None:
        raise RuntimeError("li.na")
    # 李娜 passed 初级 before the system; the county recorded her certificate ten months ago and she
    # registered it (登记) the same day, so her allowance runs from then.
    with clock.travel_to(today - timedelta(days=300)):
        await certificates.record_existing_certificate(
            SEEDER,
            li_na.person_id,
            level=ExamLevel.ASSISTANT,
            number="Z20255301017",
            issued_on=clock.today() - timedelta(days=30),
            local_only=False,
        )
        held = await exam_service.certificates_of(li_na.person_id)
        await certificates.register_certificate(li_na, held[0].id)
    # The outbox: 李娜's and 张梅's rewards; 李娜's 中级 fee waits for her pass; 普秀's 2015 certificate
    # predates every policy.
    await outbox.catch_up()
    last_month = Month(today.year, today.month)
    for back in (3, 2, 1):
        first = add_months(date(last_month.year, last_month.month, 1), -back)
        month = Month(first.year, first.month)
        await accrual.accrue_monthly_allowances(SEEDER, str(month), f"demo-accrual-{month}")
    await payment_account.set_payment_account(
        li_na, None, bank_name="中国农业银行楚雄分行", account_number="6228480123456789012"
    )
    # 楚雄市 approved her reward and the first month, and the finance office paid them; the other
    # months wait in the queue.
    queue = await Entitlement.filter(county_id="532301", status=EntitlementStatus.PENDING).order_by("id")
    for row in queue[:2]:
        await review.review_entitlement(SEEDER, row.id, approve=True, reason=None)
    batch = await payouts.create_payout_batch(SEEDER, "532301", idempotency_key="demo-batch-532301-1")
    await payouts.mark_batch_paid(SEEDER, batch.id, paid_on=today, reference="楚财支〔演示〕1号")
