"""How money moves through a county's yearly budget (DOMAIN.md §Subsidies: entitlement → county review →
payout batch → paid, within the county's yearly budget; a fraudulent claim is revoked and recovered).

Each move is one conditional `UPDATE` on the `CountyBudget` row, run inside the caller's transaction
together with the entitlement's own change, so the figures always agree with the entitlements and two
approvals at once can never spend past the budget: the database, not a read, decides who got the
last yuan. Amounts are integer fen; `year` is the budget year (the calendar year an entitlement was
approved in, `Entitlement.budget_year`).

remaining = amount − committed − paid + recovered, kept in `remaining_fen`.
"""

from __future__ import annotations

from tortoise.expressions import F

from domain.incentives.errors import BudgetExceeded
from domain.incentives.models import CountyBudget


async def commit(county_code: str, county_name: str, year: int, amount_fen: int) -> None:
    """An approval: `amount_fen` moves from remaining to committed.

    Raises:
        BudgetExceeded: no budget is set for the county and year, or less than `amount_fen` remains;
            the message gives what remains and what is needed. Nothing is changed then.
    """
    changed = await CountyBudget.filter(
        county_id=county_code, year=year, remaining_fen__gte=amount_fen
    ).update(remaining_fen=F("remaining_fen") - amount_fen, committed_fen=F("committed_fen") + amount_fen)
    if changed == 1:
        return
    budget = await CountyBudget.get_or_none(county_id=county_code, year=year)
    raise BudgetExceeded(county_name, year, budget.remaining_fen if budget else None, amount_fen)


async def release(county_code: str, year: int, amount_fen: int) -> None:
    """An approved, unpaid entitlement revoked: its commitment returns to remaining."""
    await CountyBudget.filter(county_id=county_code, year=year).update(
        remaining_fen=F("remaining_fen") + amount_fen, committed_fen=F("committed_fen") - amount_fen
    )


async def pay(county_code: str, year: int, amount_fen: int) -> None:
    """A batch marked paid: its entitlements' commitment becomes paid (remaining unchanged)."""
    await CountyBudget.filter(county_id=county_code, year=year).update(
        committed_fen=F("committed_fen") - amount_fen, paid_fen=F("paid_fen") + amount_fen
    )


async def recover(county_code: str, year: int, amount_fen: int) -> None:
    """Money collected back on a revoked, paid entitlement returns to the year it was paid from."""
    await CountyBudget.filter(county_id=county_code, year=year).update(
        remaining_fen=F("remaining_fen") + amount_fen, recovered_fen=F("recovered_fen") + amount_fen
    )
