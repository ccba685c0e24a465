"""The county's review of entitlements on the real database: approvals commit the county's budget of the
year exactly once, rejections need a reason, bulk reviews are all or nothing, and two admins approving
the same entitlement at once approve it once."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from domain.access import Actor, Grant, Role
from domain.audit.models import AuditEvent
from domain.errors import InvalidInput
from domain.incentives import review
from domain.incentives.errors import BudgetExceeded, EntitlementNotFound, WrongEntitlementStatus
from domain.incentives.models import CountyBudget, Entitlement
from domain.incentives.vocabulary import EntitlementStatus
from domain.people.errors import ReasonRequired
from tests.domain.incentives import entitlement_rows as rows
from tests.factories import SYSTEM, person_id_of, trainee

CHUXIONG = "532301"
LUFENG = "532302"
YEAR = 2027


@pytest.fixture(autouse=True)
def business_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", "2027-03-15")


def county_admin(county_code: str, user_id: int = 7) -> Actor:
    return Actor(
        user_id=user_id,
        username=f"admin.{county_code}",
        grants=(Grant(Role.COUNTY_ADMIN, county_code=county_code),),
        request_id="t",
    )


async def person(username: str, county_code: str = CHUXIONG) -> int:
    return person_id_of(await trainee(f"tr.{username}", county_code=county_code))


async def check_budget_figures(county_code: str, year: int = YEAR) -> CountyBudget:
    """remaining = amount − committed − paid + recovered, and committed is what the approved
    entitlements of that budget year add up to."""
    budget = await CountyBudget.get(county_id=county_code, year=year)
    assert budget.remaining_fen == (
        budget.amount_fen - budget.committed_fen - budget.paid_fen + budget.recovered_fen
    )
    approved = await Entitlement.filter(
        county_id=county_code,
        budget_year=year,
        status__in=[EntitlementStatus.APPROVED, EntitlementStatus.IN_BATCH],
    )
    assert budget.committed_fen == sum(e.amount_fen for e in approved)
    return budget


async def test_approving_commits_the_amount_against_the_county_budget_of_the_year(db: str) -> None:
    await rows.budget(CHUXIONG, YEAR, "5000")
    pending = await rows.entitlement(await person("p1"), amount="1200.50")
    admin = county_admin(CHUXIONG)
    approved = await review.review_entitlement(admin, pending.id, approve=True, reason=None)
    assert approved.status is EntitlementStatus.APPROVED
    assert approved.budget_year == YEAR
    assert approved.reviewed_by_user_id == admin.user_id
    assert approved.reviewed_at is not None
    budget = await check_budget_figures(CHUXIONG)
    assert (budget.committed_fen, budget.remaining_fen) == (120050, 379950)
    event = await AuditEvent.get(action="entitlement.approved")
    assert (event.target_id, event.county_code) == (str(pending.id), CHUXIONG)
    assert event.summary["amount"] == "1200.50"


async def test_the_prefecture_admin_approves_in_any_county(db: str) -> None:
    await rows.budget(LUFENG, YEAR, "5000")
    pending = await rows.entitlement(await person("p1", LUFENG))
    approved = await review.review_entitlement(SYSTEM, pending.id, approve=True, reason="材料齐全")
    assert (approved.status, approved.review_reason) == (EntitlementStatus.APPROVED, "材料齐全")
    await check_budget_figures(LUFENG)


async def test_rejecting_needs_a_reason_and_touches_no_budget(db: str) -> None:
    await rows.budget(CHUXIONG, YEAR, "5000")
    pending = await rows.entitlement(await person("p1"))
    admin = county_admin(CHUXIONG)
    for empty in (None, "", "   "):
        with pytest.raises(ReasonRequired):
            await review.review_entitlement(admin, pending.id, approve=False, reason=empty)
    with pytest.raises(InvalidInput) as too_long:
        await review.review_entitlement(admin, pending.id, approve=False, reason="长" * 501)
    assert too_long.value.field_path == ("reason",)
    assert (await Entitlement.get(id=pending.id)).status is EntitlementStatus.PENDING
    rejected = await review.review_entitlement(admin, pending.id, approve=False, reason=" 重复申报 ")
    assert (rejected.status, rejected.review_reason, rejected.budget_year) == (
        EntitlementStatus.REJECTED,
        "重复申报",
        None,
    )
    budget = await check_budget_figures(CHUXIONG)
    assert (budget.committed_fen, budget.remaining_fen) == (0, 500000)
    assert await AuditEvent.filter(action="entitlement.rejected").count() == 1


async def test_approving_past_the_remaining_budget_is_refused_with_the_figures_and_writes_nothing(
    db: str,
) -> None:
    await rows.budget(CHUXIONG, YEAR, "1500")
    first = await rows.entitlement(await person("p1"), amount="1000")
    second = await rows.entitlement(await person("p2"), amount="800")
    admin = county_admin(CHUXIONG)
    await review.review_entitlement(admin, first.id, approve=True, reason=None)
    with pytest.raises(BudgetExceeded) as refused:
        await review.review_entitlement(admin, second.id, approve=True, reason=None)
    assert "剩余 500.00 元" in refused.value.message
    assert "本次需 800.00 元" in refused.value.message
    assert (await Entitlement.get(id=second.id)).status is EntitlementStatus.PENDING
    assert await AuditEvent.filter(action="entitlement.approved").count() == 1
    budget = await check_budget_figures(CHUXIONG)
    assert (budget.committed_fen, budget.remaining_fen) == (100000, 50000)


async def test_approving_without_a_budget_for_the_year_is_refused(db: str) -> None:
    await rows.budget(CHUXIONG, YEAR - 1, "100000")
    pending = await rows.entitlement(await person("p1"))
    with pytest.raises(BudgetExceeded) as refused:
        await review.review_entitlement(county_admin(CHUXIONG), pending.id, approve=True, reason=None)
    assert "2027 年度激励资金预算尚未设置" in refused.value.message
    assert (await Entitlement.get(id=pending.id)).status is EntitlementStatus.PENDING


@pytest.mark.parametrize(
    ("status", "name"),
    [
        (EntitlementStatus.APPROVED, "已审核通过"),
        (EntitlementStatus.REJECTED, "审核未通过"),
        (EntitlementStatus.IN_BATCH, "已编入发放批次"),
        (EntitlementStatus.PAID, "已发放"),
        (EntitlementStatus.REVOKED, "已撤销"),
    ],
)
async def test_only_a_pending_entitlement_is_reviewed_and_the_refusal_names_its_status(
    db: str, status: EntitlementStatus, name: str
) -> None:
    await rows.budget(CHUXIONG, YEAR, "5000")
    done = await rows.entitlement(await person("p1"), status=status)
    for approve in (True, False):
        with pytest.raises(WrongEntitlementStatus) as refused:
            await review.review_entitlement(county_admin(CHUXIONG), done.id, approve=approve, reason="理由")
        assert f"该待遇{name}" in refused.value.message
    assert (await check_budget_figures(CHUXIONG)).committed_fen == 0


async def test_an_admin_of_another_county_is_told_the_entitlement_does_not_exist(db: str) -> None:
    await rows.budget(CHUXIONG, YEAR, "5000")
    pending = await rows.entitlement(await person("p1"))
    for missing in (pending.id, pending.id + 1000):
        with pytest.raises(EntitlementNotFound):
            await review.review_entitlement(county_admin(LUFENG), missing, approve=True, reason=None)
    assert (await Entitlement.get(id=pending.id)).status is EntitlementStatus.PENDING


async def test_two_admins_approving_the_same_entitlement_at_once_approve_and_commit_it_once(db: str) -> None:
    await rows.budget(CHUXIONG, YEAR, "5000")
    pending = await rows.entitlement(await person("p1"), amount="1000")
    admins = [county_admin(CHUXIONG, user_id=1), SYSTEM, county_admin(CHUXIONG, user_id=2)]
    answers = await asyncio.gather(
        *(review.review_entitlement(a, pending.id, approve=True, reason=None) for a in admins),
        return_exceptions=True,
    )
    approved = [a for a in answers if isinstance(a, Entitlement)]
    refused = [a for a in answers if isinstance(a, WrongEntitlementStatus)]
    assert (len(approved), len(refused)) == (1, 2), answers
    assert all("该待遇已审核通过" in r.message for r in refused)
    budget = await check_budget_figures(CHUXIONG)
    assert (budget.committed_fen, budget.remaining_fen) == (100000, 400000)
    assert await AuditEvent.filter(action="entitlement.approved").count() == 1


async def test_an_approval_and_a_rejection_at_once_leave_one_of_them(db: str) -> None:
    await rows.budget(CHUXIONG, YEAR, "5000")
    pending = await rows.entitlement(await person("p1"), amount="1000")
    answers = await asyncio.gather(
        review.review_entitlement(county_admin(CHUXIONG), pending.id, approve=True, reason=None),
        review.review_entitlement(SYSTEM, pending.id, approve=False, reason="不符合条件"),
        return_exceptions=True,
    )
    assert sum(isinstance(a, Entitlement) for a in answers) == 1, answers
    assert sum(isinstance(a, WrongEntitlementStatus) for a in answers) == 1, answers
    final = await Entitlement.get(id=pending.id)
    budget = await check_budget_figures(CHUXIONG)
    assert budget.committed_fen == (100000 if final.status is EntitlementStatus.APPROVED else 0)


async def test_approvals_racing_for_the_last_of_the_budget_never_spend_past_it(db: str) -> None:
    await rows.budget(CHUXIONG, YEAR, "2500")
    pending = [await rows.entitlement(await person(f"p{n}"), amount="1000") for n in range(5)]
    answers = await asyncio.gather(
        *(
            review.review_entitlement(county_admin(CHUXIONG, n), e.id, approve=True, reason=None)
            for n, e in enumerate(pending)
        ),
        return_exceptions=True,
    )
    assert sum(isinstance(a, Entitlement) for a in answers) == 2, answers
    assert sum(isinstance(a, BudgetExceeded) for a in answers) == 3, answers
    budget = await check_budget_figures(CHUXIONG)
    assert (budget.committed_fen, budget.remaining_fen) == (200000, 50000)


# --- in bulk ---------------------------------------------------------------------------------------


async def test_a_bulk_approval_approves_every_one_and_commits_their_total(db: str) -> None:
    await rows.budget(CHUXIONG, YEAR, "5000")
    pending = [await rows.entitlement(await person(f"p{n}"), amount="1000") for n in range(3)]
    approved = await review.review_entitlements(
        county_admin(CHUXIONG), [e.id for e in reversed(pending)], approve=True, reason=None
    )
    assert [e.id for e in approved] == [e.id for e in reversed(pending)]
    assert {e.status for e in approved} == {EntitlementStatus.APPROVED}
    budget = await check_budget_figures(CHUXIONG)
    assert (budget.committed_fen, budget.remaining_fen) == (300000, 200000)
    assert await AuditEvent.filter(action="entitlement.approved").count() == 3


async def test_one_revoked_entitlement_in_a_bulk_approval_stops_it_at_its_row_and_nothing_is_written(
    db: str,
) -> None:
    await rows.budget(CHUXIONG, YEAR, "5000")
    first = await rows.entitlement(await person("p1"))
    revoked = await rows.entitlement(await person("p2"), status=EntitlementStatus.REVOKED)
    last = await rows.entitlement(await person("p3"))
    with pytest.raises(WrongEntitlementStatus) as refused:
        await review.review_entitlements(
            county_admin(CHUXIONG), [first.id, revoked.id, last.id], approve=True, reason=None
        )
    assert refused.value.field_path == ("entitlementIds", "1")
    assert "已撤销" in refused.value.message
    others = await Entitlement.filter(id__in=[first.id, last.id])
    assert {e.status for e in others} == {EntitlementStatus.PENDING}
    assert (await check_budget_figures(CHUXIONG)).committed_fen == 0
    assert await AuditEvent.filter(action="entitlement.approved").count() == 0


async def test_a_bulk_review_with_an_entitlement_of_another_county_is_refused_at_that_row(db: str) -> None:
    await rows.budget(CHUXIONG, YEAR, "5000")
    own = await rows.entitlement(await person("p1"))
    foreign = await rows.entitlement(await person("p2", LUFENG))
    with pytest.raises(EntitlementNotFound) as refused:
        await review.review_entitlements(
            county_admin(CHUXIONG), [own.id, foreign.id], approve=False, reason="材料不全"
        )
    assert refused.value.field_path == ("entitlementIds", "1")
    assert (await Entitlement.get(id=own.id)).status is EntitlementStatus.PENDING


async def test_a_bulk_approval_checks_the_budget_on_the_total(db: str) -> None:
    await rows.budget(CHUXIONG, YEAR, "2500")
    pending = [await rows.entitlement(await person(f"p{n}"), amount="1000") for n in range(3)]
    with pytest.raises(BudgetExceeded) as refused:
        await review.review_entitlements(
            county_admin(CHUXIONG), [e.id for e in pending], approve=True, reason=None
        )
    assert refused.value.field_path == ("entitlementIds",)
    assert "剩余 2500.00 元，本次需 3000.00 元" in refused.value.message
    assert {e.status for e in await Entitlement.all()} == {EntitlementStatus.PENDING}
    assert (await check_budget_figures(CHUXIONG)).remaining_fen == 250000


async def test_a_bulk_approval_across_counties_commits_each_county_its_own_total(db: str) -> None:
    await rows.budget(CHUXIONG, YEAR, "5000")
    await rows.budget(LUFENG, YEAR, "5000")
    a = await rows.entitlement(await person("p1"), amount="1000")
    b = await rows.entitlement(await person("p2", LUFENG), amount="300")
    c = await rows.entitlement(await person("p3"), amount="200")
    await review.review_entitlements(SYSTEM, [a.id, b.id, c.id], approve=True, reason=None)
    assert (await check_budget_figures(CHUXIONG)).committed_fen == 120000
    assert (await check_budget_figures(LUFENG)).committed_fen == 30000


async def test_a_bulk_review_refuses_no_ids_too_many_ids_and_an_id_given_twice(db: str) -> None:
    pending = await rows.entitlement(await person("p1"))
    admin = county_admin(CHUXIONG)
    with pytest.raises(InvalidInput) as empty:
        await review.review_entitlements(admin, [], approve=True, reason=None)
    assert empty.value.field_path == ("entitlementIds",)
    with pytest.raises(InvalidInput) as many:
        await review.review_entitlements(admin, list(range(1, 202)), approve=True, reason=None)
    assert "最多审核 200 项" in many.value.message
    with pytest.raises(InvalidInput) as twice:
        await review.review_entitlements(admin, [pending.id, pending.id], approve=False, reason="重复")
    assert twice.value.field_path == ("entitlementIds", "1")
    assert (await Entitlement.get(id=pending.id)).status is EntitlementStatus.PENDING


async def test_a_bulk_rejection_needs_a_reason(db: str) -> None:
    pending = await rows.entitlement(await person("p1"))
    with pytest.raises(ReasonRequired):
        await review.review_entitlements(county_admin(CHUXIONG), [pending.id], approve=False, reason=None)


async def test_the_remaining_budget_formula_holds_after_every_step(db: str) -> None:
    await rows.budget(CHUXIONG, YEAR, "3000")
    admin = county_admin(CHUXIONG)
    pending = [await rows.entitlement(await person(f"p{n}"), amount=f"{n + 1}00.25") for n in range(4)]
    await review.review_entitlement(admin, pending[0].id, approve=True, reason=None)
    await check_budget_figures(CHUXIONG)
    await review.review_entitlement(admin, pending[1].id, approve=False, reason="不符合")
    await check_budget_figures(CHUXIONG)
    await rows.budget(CHUXIONG, YEAR, "2000")
    await check_budget_figures(CHUXIONG)
    await review.review_entitlements(admin, [pending[2].id, pending[3].id], approve=True, reason=None)
    budget = await check_budget_figures(CHUXIONG)
    assert budget.committed_fen == 10025 + 30025 + 40025
    assert budget.remaining_fen == 200000 - budget.committed_fen
    assert Decimal(budget.remaining_fen) >= 0


async def test_a_rejection_reason_of_invisible_characters_is_no_reason(db: str) -> None:
    await rows.budget(CHUXIONG, YEAR, "5000")
    pending = await rows.entitlement(await person("p1"))
    with pytest.raises(ReasonRequired):
        await review.review_entitlement(
            county_admin(CHUXIONG), pending.id, approve=False, reason="\u200b\u3164 "
        )
    assert (await Entitlement.get(id=pending.id)).status is EntitlementStatus.PENDING
