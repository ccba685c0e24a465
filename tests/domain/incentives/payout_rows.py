"""Rows the payout and revocation tests start from, written directly: a policy, a county budget and
APPROVED entitlements, with the budget committed as an approval commits it (`budget_moves.commit`), so
the figures agree with the entitlements. In production approval goes through review; these tests are
about what comes after it."""

from __future__ import annotations

from datetime import date
from itertools import count

from domain.exam.vocabulary import ExamLevel
from domain.incentives import budget_moves
from domain.incentives.models import CountyBudget, Entitlement, IncentivePolicy
from domain.incentives.vocabulary import EntitlementStatus, IncentiveKind
from domain.people.models import Person
from tests.factories import person_id_of, trainee

CHUXIONG = "532301"
LUFENG = "532302"
COUNTY_NAMES = {CHUXIONG: "楚雄市", LUFENG: "禄丰市"}
YEAR = 2027
BUDGET_FEN = 10_000_000  # 100,000 元
_sequence = count(1)


async def budget(county_code: str = CHUXIONG, year: int = YEAR, amount_fen: int = BUDGET_FEN) -> CountyBudget:
    return await CountyBudget.create(
        county_id=county_code, year=year, amount_fen=amount_fen, remaining_fen=amount_fen
    )


async def policy(
    county_code: str = CHUXIONG,
    kind: IncentiveKind = IncentiveKind.ONE_TIME_REWARD,
    level: ExamLevel = ExamLevel.SOCIAL_WORKER,
    amount_fen: int = 200_000,
) -> IncentivePolicy:
    return await IncentivePolicy.create(
        county_id=county_code, kind=kind, level=level, amount_fen=amount_fen, effective_from=date(2026, 1, 1)
    )


async def person(
    county_code: str = CHUXIONG,
    *,
    account: bool = True,
    name: str = "李娜",
    bank_name: str = "中国农业银行楚雄分行",
    account_number: str = "6228480012345678901",
) -> int:
    """A registered person of the county; with a payment account unless `account` is False."""
    user = await trainee(f"payee{next(_sequence):03d}", county_code=county_code, name=name)
    person_id = person_id_of(user)
    if account:
        await Person.filter(id=person_id).update(bank_name=bank_name, account_number=account_number)
    return person_id


async def entitlement(
    person_id: int,
    *,
    county_code: str = CHUXIONG,
    kind: IncentiveKind = IncentiveKind.ONE_TIME_REWARD,
    level: ExamLevel = ExamLevel.SOCIAL_WORKER,
    amount_fen: int = 200_000,
    status: EntitlementStatus = EntitlementStatus.APPROVED,
    month: str | None = None,
    year: int = YEAR,
) -> Entitlement:
    """An entitlement of the person; APPROVED (the default) commits its amount to the county's `year`
    budget, which must exist (`budget`)."""
    rule = await IncentivePolicy.filter(county_id=county_code, kind=kind, level=level).first()
    if rule is None:
        rule = await policy(county_code, kind, level, amount_fen)
    approved = status is EntitlementStatus.APPROVED
    if approved:
        await budget_moves.commit(county_code, COUNTY_NAMES.get(county_code, county_code), year, amount_fen)
    return await Entitlement.create(
        person_id=person_id,
        county_id=county_code,
        kind=kind,
        level=level,
        amount_fen=amount_fen,
        status=status,
        policy_id=rule.id,
        once_key=f"{kind.value}:{person_id}:{level.value}:{month or next(_sequence)}",
        explanation="测试：按政策金额",
        month=month,
        budget_year=year if approved else None,
    )
