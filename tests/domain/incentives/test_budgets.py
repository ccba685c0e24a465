"""County budgets on the real database: the prefecture sets them, never below what is used, and
remaining = amount − committed − paid + recovered holds whatever the order of changes."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from domain.access import Actor, Grant, Role
from domain.audit.models import AuditEvent
from domain.errors import InvalidInput, OutOfScope
from domain.incentives import budget_moves, budgets, review
from domain.incentives.errors import BudgetBelowUsed, InvalidAmount
from domain.incentives.models import CountyBudget
from domain.people.errors import UnknownCounty
from tests.domain.incentives import entitlement_rows as rows
from tests.factories import SYSTEM, person_id_of, trainee

CHUXIONG = "532301"
LUFENG = "532302"


@pytest.fixture(autouse=True)
def business_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", "2027-03-15")


def county_admin(county_code: str) -> Actor:
    return Actor(
        user_id=5,
        username="admin",
        grants=(Grant(Role.COUNTY_ADMIN, county_code=county_code),),
        request_id="t",
    )


def figures(budget: CountyBudget) -> tuple[int, int, int, int, int]:
    assert budget.remaining_fen == (
        budget.amount_fen - budget.committed_fen - budget.paid_fen + budget.recovered_fen
    )
    return (
        budget.amount_fen,
        budget.committed_fen,
        budget.paid_fen,
        budget.recovered_fen,
        budget.remaining_fen,
    )


async def test_setting_a_budget_creates_it_with_everything_remaining_and_is_audited(db: str) -> None:
    budget = await budgets.set_county_budget(SYSTEM, CHUXIONG, 2027, Decimal("100000.50"))
    assert figures(budget) == (10000050, 0, 0, 0, 10000050)
    event = await AuditEvent.get(action="county_budget.set")
    assert (event.county_code, event.target_id) == (CHUXIONG, str(budget.id))
    assert event.summary == {"year": 2027, "amount": "100000.50", "previous": None}


async def test_changing_a_budget_keeps_what_is_used_and_moves_remaining(db: str) -> None:
    await budgets.set_county_budget(SYSTEM, CHUXIONG, 2027, Decimal(10000))
    await budget_moves.commit(CHUXIONG, "楚雄市", 2027, 300000)
    await budget_moves.pay(CHUXIONG, 2027, 100000)
    await budget_moves.recover(CHUXIONG, 2027, 50000)
    raised = await budgets.set_county_budget(SYSTEM, CHUXIONG, 2027, Decimal(12000))
    assert figures(raised) == (1200000, 200000, 100000, 50000, 950000)
    lowered = await budgets.set_county_budget(SYSTEM, CHUXIONG, 2027, Decimal(2500))
    assert figures(lowered) == (250000, 200000, 100000, 50000, 0)
    assert await CountyBudget.all().count() == 1
    last = await AuditEvent.filter(action="county_budget.set").order_by("-id").first()
    assert last is not None
    assert last.summary["previous"] == "12000.00"


async def test_a_budget_lowered_below_what_is_used_is_refused_with_the_figure(db: str) -> None:
    await budgets.set_county_budget(SYSTEM, CHUXIONG, 2027, Decimal(10000))
    await budget_moves.commit(CHUXIONG, "楚雄市", 2027, 300000)
    await budget_moves.pay(CHUXIONG, 2027, 100000)
    await budget_moves.commit(CHUXIONG, "楚雄市", 2027, 120000)
    await budget_moves.recover(CHUXIONG, 2027, 20000)
    # used = committed 3200 + paid 1000 − recovered 200 = 4000 元
    with pytest.raises(BudgetBelowUsed) as refused:
        await budgets.set_county_budget(SYSTEM, CHUXIONG, 2027, Decimal("3999.99"))
    assert "4000.00 元" in refused.value.message
    assert figures(await CountyBudget.get(county_id=CHUXIONG, year=2027)) == (
        1000000,
        320000,
        100000,
        20000,
        600000,
    )
    exactly = await budgets.set_county_budget(SYSTEM, CHUXIONG, 2027, Decimal(4000))
    assert exactly.remaining_fen == 0


@pytest.mark.parametrize("amount", ["-1", "-0.01", "1.001", "NaN", "1e12"])
async def test_a_negative_or_malformed_amount_is_refused(db: str, amount: str) -> None:
    with pytest.raises(InvalidAmount):
        await budgets.set_county_budget(SYSTEM, CHUXIONG, 2027, Decimal(amount))
    assert await CountyBudget.all().count() == 0


@pytest.mark.parametrize("year", [2020, 2101])
async def test_a_year_outside_the_scheme_is_refused(db: str, year: int) -> None:
    with pytest.raises(InvalidInput) as refused:
        await budgets.set_county_budget(SYSTEM, CHUXIONG, year, Decimal(1))
    assert refused.value.field_path == ("year",)


async def test_only_the_prefecture_sets_budgets_and_only_counties_of_the_prefecture(db: str) -> None:
    with pytest.raises(OutOfScope):
        await budgets.set_county_budget(county_admin(CHUXIONG), CHUXIONG, 2027, Decimal(1))
    with pytest.raises(UnknownCounty):
        await budgets.set_county_budget(SYSTEM, "110101", 2027, Decimal(1))
    assert await CountyBudget.all().count() == 0


async def test_a_county_admin_reads_their_own_county_budget_only(db: str) -> None:
    await budgets.set_county_budget(SYSTEM, CHUXIONG, 2027, Decimal(500))
    mine = await budgets.county_budget(county_admin(CHUXIONG), CHUXIONG, 2027)
    assert mine is not None
    assert mine.amount_fen == 50000
    assert await budgets.county_budget(county_admin(CHUXIONG), CHUXIONG, 2028) is None
    assert await budgets.county_budget(SYSTEM, LUFENG, 2027) is None
    with pytest.raises(OutOfScope):
        await budgets.county_budget(county_admin(LUFENG), CHUXIONG, 2027)


async def test_setting_a_budget_while_approvals_commit_loses_neither(db: str) -> None:
    await budgets.set_county_budget(SYSTEM, CHUXIONG, 2027, Decimal(10000))
    pending = [
        await rows.entitlement(person_id_of(await trainee(f"tr.b{n}", county_code=CHUXIONG)), amount="1000")
        for n in range(4)
    ]
    answers = await asyncio.gather(
        *(review.review_entitlement(SYSTEM, e.id, approve=True, reason=None) for e in pending[:2]),
        budgets.set_county_budget(SYSTEM, CHUXIONG, 2027, Decimal(20000)),
        *(review.review_entitlement(SYSTEM, e.id, approve=True, reason=None) for e in pending[2:]),
    )
    assert len(answers) == 5
    assert figures(await CountyBudget.get(county_id=CHUXIONG, year=2027)) == (2000000, 400000, 0, 0, 1600000)


async def test_two_first_settings_of_one_budget_at_once_leave_one_row(db: str) -> None:
    await asyncio.gather(
        budgets.set_county_budget(SYSTEM, CHUXIONG, 2027, Decimal(100)),
        budgets.set_county_budget(SYSTEM, CHUXIONG, 2027, Decimal(200)),
    )
    [budget] = await CountyBudget.all()
    assert figures(budget)[0] in (10000, 20000)
    assert await AuditEvent.filter(action="county_budget.set").count() == 2
