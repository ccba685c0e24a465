"""County budgets for incentives (DOMAIN.md §Subsidies: money flows within the county's yearly budget):
the prefecture sets each county's budget for a calendar year; county admins read theirs.

Amounts are Decimal yuan at the edge and integer fen in the row. The figures an approval, a payout or a
recovery moves are kept by `budget_moves`; this module only sets the amount and reads the row, keeping
remaining = amount − committed − paid + recovered.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

from tortoise.exceptions import IntegrityError

from domain.access import Actor
from domain.audit import service as audit
from domain.errors import InvalidInput, OutOfScope
from domain.incentives import amounts
from domain.incentives.errors import BudgetBelowUsed
from domain.incentives.models import CountyBudget
from domain.money import from_fen
from domain.people import service as people
from domain.transaction import write_transaction

__all__ = ["FIRST_YEAR", "LAST_YEAR", "county_budget", "set_county_budget", "used_fen"]

# The scheme starts with the 14th five-year plan (2021); a year past 2100 is a typo.
FIRST_YEAR: Final = 2021
LAST_YEAR: Final = 2100


def used_fen(budget: CountyBudget) -> int:
    """What the budget is spent on: committed (approved, unpaid) and paid, less what was recovered."""
    return budget.committed_fen + budget.paid_fen - budget.recovered_fen


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput(f"预算年度须在 {FIRST_YEAR} 至 {LAST_YEAR} 年之间", field="year")


async def set_county_budget(actor: Actor, county_code: str, year: int, amount: Decimal) -> CountyBudget:
    """The prefecture admin sets a county's incentive budget for a calendar year (creating or changing it).

    `amount` is Decimal yuan, at least 0, with at most two decimal places (stored as integer fen); `year`
    is 2021–2100. The new amount may not be below what the budget is already used for (committed + paid −
    recovered); remaining becomes amount − committed − paid + recovered. The row is locked while it is
    changed (PostgreSQL; SQLite's write transaction holds the whole database), so an approval committing
    at the same time is counted either before or after, never lost.

    Writes, in one transaction: the `CountyBudget` row (created with nothing committed, or its amount and
    remaining changed) and the audit event `county_budget.set` (year, amount, the previous amount).

    Raises:
        OutOfScope: the actor is not the prefecture admin (field `countyCode`).
        UnknownCounty: `county_code` is not a county of the prefecture.
        InvalidInput: the year is outside 2021–2100 (field `year`).
        InvalidAmount: the amount is negative, not a sum of money, or has more than two decimal places.
        BudgetBelowUsed: the amount is below what is committed and paid, less what was recovered (the
            message gives that figure).
    """
    if not actor.is_prefecture_admin:
        raise OutOfScope(field="countyCode")
    county = await people.check_county(county_code)
    _check_year(year)
    amount_fen = amounts.fen_of(amount)
    async with write_transaction():
        budget = await _locked(county.code, year)
        previous: int | None = None
        if budget is None:
            try:
                async with write_transaction():  # a savepoint: a budget created meanwhile is changed below
                    budget = await CountyBudget.create(
                        county_id=county.code, year=year, amount_fen=amount_fen, remaining_fen=amount_fen
                    )
            except IntegrityError:
                budget = await _locked(county.code, year)
                if budget is None:  # pragma: no cover - the unique row that refused the insert exists
                    raise
                previous = budget.amount_fen
        else:
            previous = budget.amount_fen
        if previous is not None:
            used = used_fen(budget)
            if amount_fen < used:
                raise BudgetBelowUsed(used)
            await CountyBudget.filter(id=budget.id).update(
                amount_fen=amount_fen, remaining_fen=amount_fen - used
            )
        await audit.record(
            actor,
            "county_budget.set",
            target_type="CountyBudget",
            target_id=budget.id,
            county_code=county.code,
            summary={
                "year": year,
                "amount": str(from_fen(amount_fen)),
                "previous": None if previous is None else str(from_fen(previous)),
            },
        )
    await budget.refresh_from_db()
    return budget


async def _locked(county_code: str, year: int) -> CountyBudget | None:
    return await CountyBudget.filter(county_id=county_code, year=year).select_for_update().first()


async def county_budget(actor: Actor, county_code: str, year: int) -> CountyBudget | None:
    """A county's budget for a year: amount, committed, paid, recovered and remaining (integer fen).
    None when the prefecture has set no budget for that county and year (nothing can be approved then).

    Raises:
        UnknownCounty: `county_code` is not a county of the prefecture.
        OutOfScope: the actor administers neither that county nor the prefecture (field `countyCode`).
        InvalidInput: the year is outside 2021–2100 (field `year`).
    """
    county = await people.check_county(county_code)
    if not actor.can_administer_county(county.code):
        raise OutOfScope(field="countyCode")
    _check_year(year)
    return await CountyBudget.get_or_none(county_id=county.code, year=year)
