"""Incentives' interface for the contexts above it (reports): money against budget per county; and the
money check `swtalent verify-payments` runs (`verification.verify_payments`)."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.functions import Sum

from domain.incentives.models import CountyBudget
from domain.incentives.verification import PaymentMismatch, PaymentsCheck, verify_payments

__all__ = [
    "BudgetTotals",
    "PaymentMismatch",
    "PaymentsCheck",
    "budget_totals_by_county",
    "verify_payments",
]


@dataclass(frozen=True, slots=True)
class BudgetTotals:
    """A county's incentive budgets over some years, in integer fen: set, committed (approved or in a
    batch, not yet paid), paid, recovered, and remaining (= budget − committed − paid + recovered)."""

    budget_fen: int
    committed_fen: int
    paid_fen: int
    recovered_fen: int
    remaining_fen: int


async def budget_totals_by_county(first_year: int, last_year: int) -> dict[str, BudgetTotals]:
    """The budgets of `first_year`..`last_year` summed per county code (counties with no budget in those
    years are absent). One grouped query; the columns are integer fen, so the sums are exact."""
    rows = (
        await CountyBudget.filter(year__gte=first_year, year__lte=last_year)
        .annotate(
            budget=Sum("amount_fen"),
            committed=Sum("committed_fen"),
            paid=Sum("paid_fen"),
            recovered=Sum("recovered_fen"),
            remaining=Sum("remaining_fen"),
        )
        .group_by("county_id")
        .values("county_id", "budget", "committed", "paid", "recovered", "remaining")
    )
    return {
        row["county_id"]: BudgetTotals(
            budget_fen=int(row["budget"] or 0),
            committed_fen=int(row["committed"] or 0),
            paid_fen=int(row["paid"] or 0),
            recovered_fen=int(row["recovered"] or 0),
            remaining_fen=int(row["remaining"] or 0),
        )
        for row in rows
    }
