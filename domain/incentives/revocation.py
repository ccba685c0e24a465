"""Revoking an entitlement (a fraudulent claim, DOMAIN.md §Subsidies) and collecting back what was paid.

Nothing is deleted: a revoked entitlement stays, REVOKED with its reason, and one already paid gets a
`Recovery` (OUTSTANDING, the amount and the budget year it was paid from) that the county marks
RECOVERED when the money is back, which returns it to that year's budget. Each status change is a
conditional update on the status read, inside the transaction that moves the budget and records the
audit event, so two admins acting at once change it once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from domain import clock
from domain.access import Actor
from domain.audit import service as audit
from domain.errors import InvalidInput
from domain.incentives import budget_moves, claims, listing, rejudge
from domain.incentives.errors import (
    EntitlementNotFound,
    RecoveryAlreadyRecorded,
    RecoveryNotFound,
    WrongEntitlementStatus,
)
from domain.incentives.models import Entitlement, Recovery
from domain.incentives.payouts import check_payment_day, check_reference
from domain.incentives.vocabulary import EntitlementStatus, IncentiveKind, RecoveryStatus
from domain.incentives.workflow import STATUS_NAMES, can_move
from domain.money import from_fen
from domain.names import free_text
from domain.paging import Page, keyset_page
from domain.transaction import write_transaction

MAX_REASON_LENGTH: Final = 500
IN_BATCH_REFUSAL: Final = "已编入发放批次：请先标记批次已发放，再撤销并追回"


@dataclass(frozen=True, slots=True)
class Revocation:
    """A revoked entitlement and, when it had been paid, the recovery to collect."""

    entitlement: Entitlement
    recovery: Recovery | None


async def entitlement_in_scope(actor: Actor, entitlement_id: int) -> Entitlement:
    """The entitlement, if the actor administers its county.

    Raises:
        EntitlementNotFound: no such entitlement, or of a county outside the actor's (told alike).
    """
    entitlement = await Entitlement.get_or_none(id=entitlement_id)
    if entitlement is None or not actor.can_administer_county(entitlement.county_id):
        raise EntitlementNotFound()
    return entitlement


def _check_revocable(status: EntitlementStatus) -> None:
    if status is EntitlementStatus.IN_BATCH:
        raise WrongEntitlementStatus(IN_BATCH_REFUSAL)
    if not can_move(status, EntitlementStatus.REVOKED):
        raise WrongEntitlementStatus(f"该待遇{STATUS_NAMES[status]}，不能撤销")


async def revoke_entitlement(actor: Actor, entitlement_id: int, *, reason: str) -> Revocation:
    """A county admin revokes an entitlement (fraud, a claim that should not have been made).

    `reason` is required, at most 500 characters once trimmed. What happens depends on the status:
    PENDING → REVOKED; APPROVED → REVOKED and its commitment returns to its budget year
    (`budget_moves.release`); PAID → REVOKED and a `Recovery` (OUTSTANDING, the amount in fen, the
    budget year it was paid from, the reason) is created. One IN_BATCH is refused until its batch is
    marked paid; REJECTED and REVOKED are final.

    Writes, in one transaction: the status change (conditional on the status read, with reason, actor
    and time), the budget move or the recovery; for a reward, the lower reward it took over restored
    (`claims.restore_merged`) and the person's other rewards judged again (`rejudge.rejudge_rewards`);
    and the audit event `entitlement.revoked`.

    Raises:
        EntitlementNotFound: no such entitlement, or outside the actor's counties.
        InvalidInput: the reason is missing or too long (field `reason`).
        WrongEntitlementStatus: IN_BATCH, REJECTED or REVOKED, also when it changed meanwhile (the
            message gives the current status).
    """
    entitlement = await entitlement_in_scope(actor, entitlement_id)
    reason = free_text(reason)  # a reason of invisible characters is no reason
    if not reason:
        raise InvalidInput("撤销须填写理由", field="reason")
    if len(reason) > MAX_REASON_LENGTH:
        raise InvalidInput(f"理由不超过 {MAX_REASON_LENGTH} 字", field="reason")
    was = entitlement.status
    _check_revocable(was)
    recovery: Recovery | None = None
    async with write_transaction():
        moved = await Entitlement.filter(id=entitlement.id, status=was).update(
            status=EntitlementStatus.REVOKED,
            revoked_reason=reason,
            revoked_by_user_id=actor.user_id,
            revoked_at=clock.now(),
        )
        if not moved:
            await entitlement.refresh_from_db()
            _check_revocable(entitlement.status)
            raise WrongEntitlementStatus(f"该待遇已变为{STATUS_NAMES[entitlement.status]}，请刷新后重试")
        if was is EntitlementStatus.APPROVED and entitlement.budget_year is not None:
            await budget_moves.release(entitlement.county_id, entitlement.budget_year, entitlement.amount_fen)
        if entitlement.kind is IncentiveKind.ONE_TIME_REWARD:
            # A revoked reward gives back the lower one it took over (就高), and the person's other
            # rewards, judged against it, are judged again: never left with neither.
            await claims.restore_merged(actor, entitlement)
            await rejudge.rejudge_rewards(actor, entitlement.person_id)
        if was is EntitlementStatus.PAID:
            recovery = await Recovery.create(
                entitlement_id=entitlement.id,
                county_id=entitlement.county_id,
                amount_fen=entitlement.amount_fen,
                # The year the payment was counted in (`payouts.mark_batch_paid` pays that year).
                budget_year=entitlement.budget_year or (entitlement.paid_on or clock.today()).year,
                status=RecoveryStatus.OUTSTANDING,
                reason=reason,
            )
        await audit.record(
            actor,
            "entitlement.revoked",
            target_type="Entitlement",
            target_id=entitlement.id,
            county_code=entitlement.county_id,
            summary={
                "reason": reason,
                "was": was.value,
                "amount": str(from_fen(entitlement.amount_fen)),
                **({"recovery": recovery.id} if recovery is not None else {}),
            },
        )
    await entitlement.refresh_from_db()
    return Revocation(entitlement=entitlement, recovery=recovery)


async def recovery_in_scope(actor: Actor, recovery_id: int) -> Recovery:
    """The recovery, if the actor administers its county.

    Raises:
        RecoveryNotFound: no such recovery, or of a county outside the actor's (told alike).
    """
    recovery = await Recovery.get_or_none(id=recovery_id)
    if recovery is None or not actor.can_administer_county(recovery.county_id):
        raise RecoveryNotFound()
    return recovery


async def record_recovery(actor: Actor, recovery_id: int, *, recovered_on: date, reference: str) -> Recovery:
    """The money of a revoked, paid entitlement is back: the county admin records it.

    `recovered_on` is the business date it came back: not after today, not before the entitlement was
    paid. `reference` is the receipt's voucher number, 1–100 characters once trimmed.

    Writes, in one transaction: the recovery OUTSTANDING → RECOVERED (conditional update) with date,
    reference and recorder; `budget_moves.recover` of its amount to its budget year (recovered and
    remaining up); and the audit event `recovery.recorded`.

    Raises:
        RecoveryNotFound: no such recovery, or outside the actor's counties.
        RecoveryAlreadyRecorded: already RECOVERED (also when another admin recorded it meanwhile).
        PaymentDateInvalid: the date is after today or before the payment (field `recoveredOn`).
        InvalidInput: the reference is missing or too long (field `reference`).
    """
    recovery = await recovery_in_scope(actor, recovery_id)
    if recovery.status is RecoveryStatus.RECOVERED:
        raise RecoveryAlreadyRecorded()
    paid = await Entitlement.get(id=recovery.entitlement_id)
    check_payment_day(recovered_on, not_before=paid.paid_on, today=clock.today(), field="recoveredOn")
    reference = check_reference(reference)
    async with write_transaction():
        moved = await Recovery.filter(id=recovery.id, status=RecoveryStatus.OUTSTANDING).update(
            status=RecoveryStatus.RECOVERED,
            recovered_on=recovered_on,
            reference=reference,
            recorded_by_user_id=actor.user_id,
        )
        if not moved:
            raise RecoveryAlreadyRecorded()
        await budget_moves.recover(recovery.county_id, recovery.budget_year, recovery.amount_fen)
        await audit.record(
            actor,
            "recovery.recorded",
            target_type="Recovery",
            target_id=recovery.id,
            county_code=recovery.county_id,
            summary={
                "entitlement": recovery.entitlement_id,
                "amount": str(from_fen(recovery.amount_fen)),
                "recoveredOn": recovered_on.isoformat(),
                "reference": reference,
            },
        )
    await recovery.refresh_from_db()
    return recovery


async def list_recoveries(
    actor: Actor,
    *,
    county_code: str | None,
    status: RecoveryStatus | None,
    first: int,
    after: int | None,
) -> Page[Recovery]:
    """Recoveries of the actor's counties (every county for the prefecture), oldest first (the order
    they are to be collected in), keyset-paged by id after `after` (exclusive). A county outside the
    actor's scope lists nothing.

    Raises:
        InvalidInput: `first` out of 1–100 (field `first`).
        UnknownCounty: `county_code` names no county.
    """
    query = await listing.in_admin_counties(Recovery.all(), actor, county_code)
    if status is not None:
        query = query.filter(status=status)
    return await keyset_page(query, first=first, after=after)
