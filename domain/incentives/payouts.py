"""Payout batches (DOMAIN.md §Subsidies: entitlement → county review → payout batch → paid): a county's
approved entitlements, each to the payment account its person recorded, handed to the county finance
office as one list (`payout_export`) and closed by marking it paid.

Exactly once: an entitlement goes into a batch by a conditional update on (APPROVED, no batch), so two
batches created at once never share one; a batch is created through `domain.idempotency`, so a retry
with its key returns the first batch; it is marked paid by a conditional update on OPEN. Amounts are
integer fen; the budget moves (`budget_moves.pay`) run in the same transaction as the batch's change.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Final

from domain import clock
from domain.access import Actor
from domain.audit import service as audit
from domain.errors import InvalidInput, OutOfScope
from domain.idempotency import Recorded, check_key, idempotent, request_digest
from domain.incentives import budget_moves, listing
from domain.incentives.errors import (
    PaymentDateInvalid,
    PayoutBatchAlreadyPaid,
    PayoutBatchEmpty,
    PayoutBatchNotFound,
)
from domain.incentives.models import Entitlement, PayoutBatch
from domain.incentives.vocabulary import EntitlementStatus, PayoutBatchStatus
from domain.money import from_fen
from domain.names import plain_text
from domain.paging import Page, keyset_page
from domain.people import service as people
from domain.transaction import write_transaction

MAX_REFERENCE_LENGTH: Final = 100
# What an approved entitlement of a person without a payment account shows (API `payoutBlockedReason`).
NO_PAYMENT_ACCOUNT: Final = "未登记收款账户（开户银行、账号），不能编入发放批次"


def entitlement_number(county_code: str, entitlement_id: int) -> str:
    """The number the payout list and the person see: `532301-0000042` (county code, zero-padded id)."""
    return f"{county_code}-{entitlement_id:07d}"


def batch_number(county_code: str, batch_id: int) -> str:
    """A batch's number, as its file is named: `532301-P00001`."""
    return f"{county_code}-P{batch_id:05d}"


def has_payment_account(bank_name: str | None, account_number: str | None) -> bool:
    """Money goes to a recorded account: both the bank (开户银行) and the account number (账号)."""
    return bool((bank_name or "").strip() and (account_number or "").strip())


def payout_blocked_reason(
    status: EntitlementStatus, bank_name: str | None, account_number: str | None
) -> str | None:
    """Why an approved entitlement cannot go into a batch (its person has no account), else None."""
    if status is EntitlementStatus.APPROVED and not has_payment_account(bank_name, account_number):
        return NO_PAYMENT_ACCOUNT
    return None


# --- creating a batch -------------------------------------------------------------------------------


async def create_payout_batch(actor: Actor, county_code: str, *, idempotency_key: str) -> PayoutBatch:
    """A county admin (or the prefecture admin) puts the county's approved entitlements into a batch.

    Takes every APPROVED entitlement of the county not yet in a batch whose person has a payment account
    (`has_payment_account`), in id order; the others stay APPROVED and show why
    (`payout_blocked_reason`). A retry with the same `idempotency_key` (and county) returns the first
    batch and writes nothing, even when it races the first request.

    Writes, in one transaction: one `PayoutBatch` (OPEN, `total_fen` the sum in fen of its entitlements,
    `entitlement_count`, the key and request digest); each entitlement APPROVED → IN_BATCH with the batch
    and the person's bank and account copied (`payout_bank_name`, `payout_account_number`), by a
    conditional update, so an entitlement another batch took meanwhile is left out; and the audit event
    `payout_batch.created`. The budget is untouched: the entitlements stay committed until paid.

    Raises:
        InvalidInput: the key is empty or too long.
        IdempotencyKeyReused: the key was first used for a different county.
        UnknownCounty: no county has that code.
        OutOfScope: the actor does not administer the county (field `countyCode`).
        PayoutBatchEmpty: nothing could go into a batch; the message says how many approved
            entitlements lack an account.
    """
    key = check_key(idempotency_key)
    digest = request_digest("payout_batch", countyCode=county_code)
    return await idempotent(
        key,
        digest,
        find=_batch_with_key,
        scope=lambda: _county_in_scope(actor, county_code),
        write=lambda county: _create_batch(actor, county, key=key, digest=digest),
    )


async def _batch_with_key(key: str) -> Recorded[PayoutBatch] | None:
    batch = await PayoutBatch.get_or_none(idempotency_key=key)
    return None if batch is None else Recorded(batch, batch.request_digest)


async def _county_in_scope(actor: Actor, county_code: str) -> str:
    county = await people.check_county(county_code)
    if not actor.can_administer_county(county.code):
        raise OutOfScope(field="countyCode")
    return county.code


async def _create_batch(actor: Actor, county_code: str, *, key: str, digest: str) -> PayoutBatch:
    async with write_transaction():
        approved = await Entitlement.filter(
            county_id=county_code, status=EntitlementStatus.APPROVED, batch_id=None
        ).order_by("id")
        persons = await people.persons_by_ids(sorted({e.person_id for e in approved}))
        by_person: dict[int, list[int]] = defaultdict(list)
        lacking = 0
        for entitlement in approved:
            person = persons.get(entitlement.person_id)
            if person is not None and has_payment_account(person.bank_name, person.account_number):
                by_person[person.id].append(entitlement.id)
            else:
                lacking += 1
        if not by_person:
            raise _nothing_to_batch(lacking)
        batch = await PayoutBatch.create(
            county_id=county_code,
            status=PayoutBatchStatus.OPEN,
            total_fen=0,
            entitlement_count=0,
            created_by_user_id=actor.user_id,
            idempotency_key=key,
            request_digest=digest,
        )
        for person_id, ids in by_person.items():
            person = persons[person_id]
            # Conditional on (APPROVED, no batch): a batch created at the same time took it, or it was
            # revoked meanwhile, and it is left out of this one.
            await Entitlement.filter(id__in=ids, status=EntitlementStatus.APPROVED, batch_id=None).update(
                status=EntitlementStatus.IN_BATCH,
                batch_id=batch.id,
                payout_bank_name=(person.bank_name or "").strip(),
                payout_account_number=(person.account_number or "").strip(),
            )
        count, total = await _count_and_total(batch.id)
        if count == 0:
            # Every one was taken by another batch meanwhile: roll the empty batch back.
            raise _nothing_to_batch(lacking)
        await PayoutBatch.filter(id=batch.id).update(total_fen=total, entitlement_count=count)
        await audit.record(
            actor,
            "payout_batch.created",
            target_type="PayoutBatch",
            target_id=batch.id,
            county_code=county_code,
            summary={"count": count, "total": str(from_fen(total)), "withoutAccount": lacking},
        )
    await batch.refresh_from_db()
    return batch


def _nothing_to_batch(lacking: int) -> PayoutBatchEmpty:
    if lacking:
        return PayoutBatchEmpty(
            f"没有可编入发放批次的待遇：{lacking} 条已审核通过的待遇因本人未登记收款账户不能编入"
        )
    return PayoutBatchEmpty("没有可编入发放批次的待遇：本县没有已审核通过、尚未编入批次的待遇")


async def _count_and_total(batch_id: int) -> tuple[int, int]:
    """How many entitlements the batch holds and their sum in fen (summed exactly, in Python)."""
    rows = await Entitlement.filter(batch_id=batch_id).only("id", "amount_fen")
    return len(rows), sum(row.amount_fen for row in rows)


# --- marking it paid --------------------------------------------------------------------------------


async def batch_in_scope(actor: Actor, batch_id: int) -> PayoutBatch:
    """The batch, if the actor administers its county.

    Raises:
        PayoutBatchNotFound: no such batch, or of a county outside the actor's (told alike).
    """
    batch = await PayoutBatch.get_or_none(id=batch_id)
    if batch is None or not actor.can_administer_county(batch.county_id):
        raise PayoutBatchNotFound()
    return batch


def check_payment_day(day: date, *, not_before: date | None, today: date, field: str) -> None:
    """A day money moved: not after today (Asia/Shanghai) and not before `not_before`.

    Raises:
        PaymentDateInvalid: on `field`, with the bound it crossed.
    """
    if day > today:
        raise PaymentDateInvalid(f"日期 {day} 晚于今天（{today}），只能登记已经发生的收付", field=field)
    if not_before is not None and day < not_before:
        raise PaymentDateInvalid(f"日期 {day} 早于 {not_before}，不可能在那之前收付", field=field)


def check_reference(reference: str, *, field: str = "reference") -> str:
    """A payment or receipt reference (凭证号), trimmed: 1–100 characters.

    Raises:
        InvalidInput: empty or too long.
    """
    reference = plain_text(reference)
    if not 0 < len(reference) <= MAX_REFERENCE_LENGTH:
        raise InvalidInput(f"须填写凭证号（不超过 {MAX_REFERENCE_LENGTH} 个字符）", field=field)
    return reference


async def mark_batch_paid(actor: Actor, batch_id: int, *, paid_on: date, reference: str) -> PayoutBatch:
    """The county finance office paid a batch: the county admin closes it.

    `paid_on` is the business date of payment: not after today, not before the batch was created
    (Asia/Shanghai). `reference` is the payment's voucher number, 1–100 characters once trimmed.

    Writes, in one transaction: the batch OPEN → PAID (conditional update) with the date, reference and
    payer; its entitlements IN_BATCH → PAID with `paid_on`; for each budget year among them,
    `budget_moves.pay` of their sum in fen (committed → paid); and the audit event `payout_batch.paid`.

    Raises:
        PayoutBatchNotFound: no such batch, or outside the actor's counties.
        PayoutBatchAlreadyPaid: the batch is already PAID (also when another admin paid it meanwhile),
            unless on the same day with the same reference: a retry gets the paid batch back.
        PayoutBatchEmpty: the batch holds no entitlement (creation never makes one; guarded anyway).
        PaymentDateInvalid: `paid_on` after today or before the batch was created (field `paidOn`).
        InvalidInput: the reference is missing or too long (field `reference`).
    """
    batch = await batch_in_scope(actor, batch_id)
    reference = check_reference(reference)
    if batch.status is PayoutBatchStatus.PAID:
        if (batch.paid_on, batch.payment_reference) == (paid_on, reference):
            return batch  # a retry of the request that paid it (a lost response) gets its answer
        raise PayoutBatchAlreadyPaid(
            f"该发放批次已于 {batch.paid_on} 标记为已发放（凭证号 {batch.payment_reference}）"
        )
    if batch.entitlement_count == 0:
        # Entitlements never leave a batch (IN_BATCH only moves to PAID), so its count is the truth.
        raise PayoutBatchEmpty("该发放批次没有待发放的待遇，不能标记为已发放", field="batchId")
    check_payment_day(
        paid_on,
        not_before=batch.created_at.astimezone(clock.SHANGHAI).date(),
        today=clock.today(),
        field="paidOn",
    )
    try:
        async with write_transaction():
            # The batch first: whoever closes it pays its entitlements; a twin finds it closed.
            moved = await PayoutBatch.filter(id=batch.id, status=PayoutBatchStatus.OPEN).update(
                status=PayoutBatchStatus.PAID,
                paid_on=paid_on,
                payment_reference=reference,
                paid_by_user_id=actor.user_id,
            )
            if not moved:
                raise PayoutBatchAlreadyPaid()
            entitlements = await Entitlement.filter(batch_id=batch.id, status=EntitlementStatus.IN_BATCH)
            if not entitlements:
                raise PayoutBatchEmpty("该发放批次没有待发放的待遇，不能标记为已发放", field="batchId")
            await Entitlement.filter(
                id__in=[e.id for e in entitlements], status=EntitlementStatus.IN_BATCH
            ).update(status=EntitlementStatus.PAID, paid_on=paid_on)
            by_year: dict[int, int] = defaultdict(int)
            for entitlement in entitlements:
                # An approval always sets its budget year; one without is counted in the year it is paid.
                by_year[entitlement.budget_year or paid_on.year] += entitlement.amount_fen
            for year, amount_fen in sorted(by_year.items()):
                await budget_moves.pay(batch.county_id, year, amount_fen)
            await audit.record(
                actor,
                "payout_batch.paid",
                target_type="PayoutBatch",
                target_id=batch.id,
                county_code=batch.county_id,
                summary={
                    "paidOn": paid_on.isoformat(),
                    "reference": reference,
                    "count": len(entitlements),
                    "total": str(from_fen(sum(by_year.values()))),
                },
            )
    except PayoutBatchAlreadyPaid:
        # A twin of this request (the same day and voucher) that won the race answers for it.
        await batch.refresh_from_db()
        if (batch.paid_on, batch.payment_reference) != (paid_on, reference):
            raise PayoutBatchAlreadyPaid(
                f"该发放批次已于 {batch.paid_on} 标记为已发放（凭证号 {batch.payment_reference}）"
            ) from None
    await batch.refresh_from_db()
    return batch


# --- listing ----------------------------------------------------------------------------------------


async def list_batches(
    actor: Actor, *, county_code: str | None, first: int, after: int | None
) -> Page[PayoutBatch]:
    """Batches of the actor's counties (every county for the prefecture), newest first, keyset-paged by
    id after `after` (exclusive). A county outside the actor's scope lists nothing.

    Raises:
        InvalidInput: `first` out of 1–100 (field `first`).
        UnknownCounty: `county_code` names no county.
    """
    query = await listing.in_admin_counties(PayoutBatch.all(), actor, county_code)
    return await keyset_page(query, first=first, after=after, descending=True)
