"""The county's review of entitlements (DOMAIN.md §Subsidies: entitlement → county review → payout batch →
paid, within the county's yearly budget): approve, committing the amount against the county's budget of
the current year, or reject with a reason; one at a time or in bulk, all or nothing.

Exactly once: each status change is a conditional update on the status read (PENDING), and the budget
is moved by a conditional update on what remains (`budget_moves.commit`), both in one transaction, so two
admins approving the same entitlement at once approve it, and commit its amount, once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Final

from domain import clock
from domain.access import Actor
from domain.audit import service as audit
from domain.errors import DomainError, InvalidInput, in_row
from domain.incentives import budget_moves, claims, rejudge
from domain.incentives.errors import BudgetExceeded, EntitlementNotFound, WrongEntitlementStatus
from domain.incentives.models import Entitlement
from domain.incentives.vocabulary import EntitlementStatus, IncentiveKind
from domain.incentives.workflow import STATUS_NAMES
from domain.money import from_fen
from domain.names import free_text
from domain.people import service as people
from domain.people.errors import ReasonRequired
from domain.transaction import write_transaction

__all__ = ["MAX_BULK", "review_entitlement", "review_entitlements"]

# A page of the queue and then some; a larger selection is refused, not cut short.
MAX_BULK: Final = 200
MAX_REASON_LENGTH: Final = 500
IDS_FIELD: Final = "entitlementIds"


async def review_entitlement(
    actor: Actor, entitlement_id: int, *, approve: bool, reason: str | None
) -> Entitlement:
    """A county admin of the entitlement's county, or the prefecture admin, approves a PENDING
    entitlement or rejects it with a reason.

    `reason` (trimmed, at most 500 characters) is optional when approving and required when rejecting.
    Approving commits the amount (integer fen) against the county's budget of the current business year
    (`clock.today().year`, stored as `budget_year`).

    Writes, in one transaction: the entitlement PENDING → APPROVED or REJECTED (reason, reviewer, time,
    budget year), the county budget's committed and remaining on an approval; on rejecting a one-time
    reward, the lower reward it took over restored (`claims.restore_merged`) and the person's other
    rewards judged again (`rejudge.rejudge_rewards`); and the audit event `entitlement.approved` or
    `entitlement.rejected`.

    Raises:
        EntitlementNotFound: no such entitlement, or of a county the actor does not administer.
        WrongEntitlementStatus: it is not PENDING (the message names its status: 已审核通过, 已撤销, ...),
            also when another admin reviewed it a moment earlier.
        ReasonRequired: a rejection without a reason.
        InvalidInput: a reason over 500 characters (field `reason`).
        BudgetExceeded: approving, and the county has no budget for the year or less remains than the
            amount (the message gives both figures). Nothing is written then.
    """
    [row] = await _review(actor, [entitlement_id], approve=approve, reason=reason, bulk=False)
    return row


async def review_entitlements(
    actor: Actor, entitlement_ids: Sequence[int], *, approve: bool, reason: str | None
) -> list[Entitlement]:
    """`review_entitlement` for 1–200 entitlements at once, all or nothing, in the order given.

    The first refused entitlement stops the whole review and nothing is written; its refusal points at
    its row of `entitlementIds` (`in_row`). The budget check of an approval is on the total per county
    (the message gives the total needed), so a selection fits the budget as a whole or not at all.
    Writes what `review_entitlement` writes, for each entitlement (one audit event each), in one
    transaction.

    Raises:
        InvalidInput: no ids, more than 200, or an id given twice (that row), or a reason over 500
            characters (field `reason`).
        EntitlementNotFound, WrongEntitlementStatus: at the row of the first entitlement refused.
        ReasonRequired: a rejection without a reason.
        BudgetExceeded: approving, and a county's total exceeds what remains of its budget (field
            `entitlementIds`).
    """
    if not entitlement_ids:
        raise InvalidInput("请至少选择一项待遇", field=IDS_FIELD)
    if len(entitlement_ids) > MAX_BULK:
        raise InvalidInput(f"一次最多审核 {MAX_BULK} 项待遇，请分批审核", field=IDS_FIELD)
    seen: set[int] = set()
    for index, pk in enumerate(entitlement_ids):
        if pk in seen:
            with in_row(IDS_FIELD, index):
                raise InvalidInput("同一待遇重复选择")
        seen.add(pk)
    return await _review(actor, list(entitlement_ids), approve=approve, reason=reason, bulk=True)


def _checked_reason(approve: bool, reason: str | None) -> str | None:
    # One line as people type it, Chinese punctuation kept; a reason of invisible characters is no reason
    # (names.free_text).
    reason = free_text(reason or "") or None
    if not approve and reason is None:
        raise ReasonRequired()
    if reason is not None and len(reason) > MAX_REASON_LENGTH:
        raise InvalidInput(f"理由不超过 {MAX_REASON_LENGTH} 字", field="reason")
    return reason


@contextmanager
def _at_row(index: int) -> Iterator[None]:
    """A refusal about one entitlement of a bulk review points at its row of `entitlementIds` (its
    own field, `entitlementId`, is the row itself)."""
    try:
        yield
    except DomainError as error:
        error.field_path = (IDS_FIELD, str(index))
        raise


def _at(bulk: bool, index: int) -> AbstractContextManager[None]:
    return _at_row(index) if bulk else nullcontext()


def _refusal(status: EntitlementStatus) -> WrongEntitlementStatus:
    return WrongEntitlementStatus(f"该待遇{STATUS_NAMES[status]}，只能审核待审核的待遇")


async def _review(
    actor: Actor, ids: list[int], *, approve: bool, reason: str | None, bulk: bool
) -> list[Entitlement]:
    reason = _checked_reason(approve, reason)
    found = {e.id: e for e in await Entitlement.filter(id__in=ids)}
    rows: list[Entitlement] = []
    for index, pk in enumerate(ids):
        with _at(bulk, index):
            row = found.get(pk)
            if row is None or not actor.can_administer_county(row.county_id):
                raise EntitlementNotFound()
            if row.status is not EntitlementStatus.PENDING:
                raise _refusal(row.status)
            rows.append(row)
    target = EntitlementStatus.APPROVED if approve else EntitlementStatus.REJECTED
    year = clock.today().year
    now = clock.now()
    async with write_transaction():
        for index, row in enumerate(rows):
            with _at(bulk, index):
                moved = await Entitlement.filter(id=row.id, status=EntitlementStatus.PENDING).update(
                    status=target,
                    review_reason=reason,
                    reviewed_by_user_id=actor.user_id,
                    reviewed_at=now,
                    budget_year=year if approve else None,
                )
                if not moved:
                    # Someone else reviewed (or revoked) it since it was read: say what it is now.
                    current = await Entitlement.get(id=row.id)
                    raise _refusal(current.status)
        if approve:
            await _commit_budgets(rows, year, bulk=bulk)
        else:
            for row in rows:
                if row.kind is IncentiveKind.ONE_TIME_REWARD:
                    # A rejected reward gives back the lower one it took over (就高), and the person's
                    # other rewards, judged against it, are judged again: never left with neither.
                    await claims.restore_merged(actor, row)
                    await rejudge.rejudge_rewards(actor, row.person_id)
        for row in rows:
            await audit.record(
                actor,
                "entitlement.approved" if approve else "entitlement.rejected",
                target_type="Entitlement",
                target_id=row.id,
                county_code=row.county_id,
                summary={
                    "amount": str(from_fen(row.amount_fen)),
                    **({"budgetYear": year} if approve else {}),
                    **({"reason": reason} if reason else {}),
                    **({"bulk": len(rows)} if bulk else {}),
                },
            )
    reviewed = {e.id: e for e in await Entitlement.filter(id__in=ids)}
    return [reviewed[pk] for pk in ids]


async def _commit_budgets(rows: list[Entitlement], year: int, *, bulk: bool) -> None:
    """Each county's total, in the order its first entitlement was given."""
    totals: dict[str, int] = {}
    for row in rows:
        totals[row.county_id] = totals.get(row.county_id, 0) + row.amount_fen
    names = await people.county_names(list(totals))
    for county_code, total in totals.items():
        try:
            await budget_moves.commit(county_code, names.get(county_code, county_code), year, total)
        except BudgetExceeded as error:
            if bulk:
                error.field_path = (IDS_FIELD,)
            raise
