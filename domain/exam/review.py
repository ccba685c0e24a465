"""The county's work on a registration: review (approve, or reject with a reason) and fee
confirmation (per subject, idempotent; the outbox tells incentives)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Final

from domain import clock
from domain.access import Actor
from domain.audit import service as audit
from domain.errors import DomainError, InvalidInput, in_row
from domain.exam import service as exam_events
from domain.exam.eligibility import LEVEL_ORDER
from domain.exam.errors import CertificateAlreadyHeld, ExamAlreadyHeld, FeeMismatch, WrongRegistrationStatus
from domain.exam.models import Certificate, ExamRegistration, ExamSitting
from domain.exam.registration import registration_in_scope, release
from domain.exam.vocabulary import SUBJECTS_OF, ExamEventKind, ExamLevel, ExamRegistrationStatus
from domain.idempotency import Recorded, check_key, idempotent, request_digest
from domain.money import InvalidAmount, from_fen, to_fen
from domain.transaction import write_transaction

# A page of the queue and then some; a larger selection is refused, not cut short (as reviewEntitlements).
MAX_BULK: Final = 200
IDS_FIELD: Final = "registrationIds"


async def review_registration(
    actor: Actor, registration_id: int, *, approve: bool, reason: str | None
) -> ExamRegistration:
    """A county admin approves a submitted registration, or rejects it with a reason.

    `reason` is optional when approving and required when rejecting; at most 500 characters once
    trimmed. A rejection frees the registration's seat and its live slot, so the person may register
    again.

    Writes, in one transaction: the registration SUBMITTED → APPROVED or REJECTED (with the reason
    and the reviewer), the site's seat count on a rejection, and the audit event
    `exam_registration.approved` or `exam_registration.rejected`.

    Raises:
        RegistrationNotFound: no such registration, or of a person outside the actor's counties.
        WrongRegistrationStatus: the registration is not SUBMITTED (already reviewed, withdrawn).
        ExamAlreadyHeld: today is on or after the sitting's exam date.
        CertificateAlreadyHeld: approving, and the person holds a certificate of the level or a higher one.
        InvalidInput: a rejection without a reason, or a reason over 500 characters.
    """
    registration, county = await _reviewable(actor, registration_id, approve=approve)
    reason = _checked_reason(approve, reason)
    async with write_transaction():
        await _write_review(actor, registration, county, approve=approve, reason=reason)
    await registration.refresh_from_db()
    return registration


async def review_registrations(
    actor: Actor, registration_ids: Sequence[int], *, approve: bool, reason: str | None
) -> list[ExamRegistration]:
    """`review_registration` for 1–200 registrations at once, all or nothing, in the order given.

    The first refused registration stops the whole review and nothing is written; its refusal points
    at its row of `registrationIds`. Writes what `review_registration` writes, for each registration
    (one audit event each, with the size of the batch), in one transaction.

    Raises:
        InvalidInput: no ids, more than 200, or an id given twice (that row); a rejection without a
            reason, or a reason over 500 characters (field `reason`).
        RegistrationNotFound, WrongRegistrationStatus, ExamAlreadyHeld, CertificateAlreadyHeld: at the
            row of the first registration refused.
    """
    if not registration_ids:
        raise InvalidInput("请至少选择一项报名", field=IDS_FIELD)
    if len(registration_ids) > MAX_BULK:
        raise InvalidInput(f"一次最多审核 {MAX_BULK} 项报名，请分批审核", field=IDS_FIELD)
    seen: set[int] = set()
    for index, pk in enumerate(registration_ids):
        if pk in seen:
            with in_row(IDS_FIELD, index):
                raise InvalidInput("同一报名重复选择")
        seen.add(pk)
    reason = _checked_reason(approve, reason)
    rows: list[tuple[ExamRegistration, str]] = []
    for index, pk in enumerate(registration_ids):
        with _at_row(index):
            rows.append(await _reviewable(actor, pk, approve=approve))
    async with write_transaction():
        for index, (registration, county) in enumerate(rows):
            with _at_row(index):
                await _write_review(
                    actor, registration, county, approve=approve, reason=reason, bulk=len(rows)
                )
    reviewed = {r.id: r for r in await ExamRegistration.filter(id__in=list(registration_ids))}
    return [reviewed[pk] for pk in registration_ids]


@contextmanager
def _at_row(index: int) -> Iterator[None]:
    """A refusal about one registration of a bulk review points at its row of `registrationIds` (its
    own field, `registrationId`, is the row itself)."""
    try:
        yield
    except DomainError as error:
        error.field_path = (IDS_FIELD, str(index))
        raise


async def _reviewable(actor: Actor, registration_id: int, *, approve: bool) -> tuple[ExamRegistration, str]:
    """The registration and its county, if the actor may review it now."""
    registration, county = await registration_in_scope(actor, registration_id)
    if registration.status is not ExamRegistrationStatus.SUBMITTED:
        raise WrongRegistrationStatus("只能审核已提交、未审核的报名")
    await _check_before_exam(registration)
    if approve:
        await _check_level_not_held(registration)
    return registration, county


def _checked_reason(approve: bool, reason: str | None) -> str | None:
    reason = (reason or "").strip() or None
    if not approve and reason is None:
        raise InvalidInput("不予通过时须填写理由", field="reason")
    if reason is not None and len(reason) > 500:
        raise InvalidInput("理由不超过 500 字", field="reason")
    return reason


async def _write_review(
    actor: Actor,
    registration: ExamRegistration,
    county: str,
    *,
    approve: bool,
    reason: str | None,
    bulk: int | None = None,
) -> None:
    """Inside the caller's transaction: the status move and its audit event."""
    if approve:
        moved = await ExamRegistration.filter(
            id=registration.id, status=ExamRegistrationStatus.SUBMITTED
        ).update(
            status=ExamRegistrationStatus.APPROVED,
            review_reason=reason,
            reviewed_by_user_id=actor.user_id,
        )
    else:
        moved = int(
            await release(
                registration,
                ExamRegistrationStatus.REJECTED,
                review_reason=reason,
                reviewed_by_user_id=actor.user_id,
            )
        )
    if not moved:
        raise WrongRegistrationStatus("该报名已被审核")
    await audit.record(
        actor,
        "exam_registration.approved" if approve else "exam_registration.rejected",
        target_type="ExamRegistration",
        target_id=registration.id,
        county_code=county,
        summary={
            **({"reason": reason} if reason else {}),
            **({"bulk": bulk} if bulk else {}),
        },
    )


async def _check_before_exam(registration: ExamRegistration) -> ExamSitting:
    """The registration's sitting, if its exam is still ahead (Asia/Shanghai, `domain.clock`); a
    late approval or payment is still admitted by issuing tickets again before the exam day."""
    sitting = await ExamSitting.get(id=registration.sitting_id)
    if clock.today() >= sitting.exam_date:
        raise ExamAlreadyHeld(sitting.exam_date)
    return sitting


async def _check_level_not_held(registration: ExamRegistration) -> None:
    """Nobody sits a level they already hold (DOMAIN.md): a certificate of the level or a higher one
    recorded since the person registered (e.g. one obtained before the system, entered by the county)
    stops the registration from being approved or paid for; it can still be rejected."""
    held = (await held_certificates([registration])).get(registration.id)
    if held is not None:
        raise CertificateAlreadyHeld(
            f"此人已持有该级别或更高级别的证书（证书编号 {held}），此报名不能再审核通过或确认缴费，"
            "请作不予通过处理",
            field="registrationId",
        )


async def held_certificates(registrations: list[ExamRegistration]) -> dict[int, str]:
    """For each registration whose person holds a certificate of the registration's level or a higher
    one, its id → that certificate's number (the highest level's); one query whatever the number of
    registrations."""
    if not registrations:
        return {}
    rows = await Certificate.filter(person_id__in={r.person_id for r in registrations}).values_list(
        "person_id", "level", "number"
    )
    numbers: dict[tuple[int, ExamLevel], str] = {(p, ExamLevel(lv)): n for p, lv, n in rows}
    found: dict[int, str] = {}
    for registration in registrations:
        for level in reversed(LEVEL_ORDER[LEVEL_ORDER.index(registration.level) :]):
            if (registration.person_id, level) in numbers:
                found[registration.id] = numbers[registration.person_id, level]
                break
    return found


def fee_due_fen(sitting: ExamSitting, level: ExamLevel) -> int:
    """Fees are per subject (configurable per year)."""
    return sitting.fee_per_subject_fen * len(SUBJECTS_OF[level])


async def confirm_fee(
    actor: Actor,
    registration_id: int,
    *,
    amount: Decimal,
    payment_reference: str,
    idempotency_key: str,
) -> ExamRegistration:
    """A county admin confirms that an approved registration's exam fee was paid.

    `amount` is Decimal yuan with at most two decimal places, stored as integer fen; it must equal
    the fee due (the sitting's fee per subject times the level's subjects). `payment_reference` is
    the receipt or transaction number, 1–100 characters once trimmed. A retry with the same
    `idempotency_key` and input returns the registration and writes nothing, even when it races
    the first request.

    Writes, in one transaction: the registration APPROVED → PAID with the amount, reference and key;
    the outbox event FEE_CONFIRMED (`ExamEvent`, for incentives, exactly once per registration);
    and the audit event `exam_fee.confirmed`.

    Raises:
        InvalidInput: the key is empty or too long, or the reference is missing or too long.
        IdempotencyKeyReused: the key was first used for a different request.
        RegistrationNotFound: no such registration, or of a person outside the actor's counties
            (for retries too).
        WrongRegistrationStatus: the registration is not APPROVED (not yet reviewed, or already paid).
        ExamAlreadyHeld: today is on or after the sitting's exam date.
        CertificateAlreadyHeld: the person holds a certificate of the level or a higher one.
        FeeMismatch: the amount is not a sum of money, or not the fee due.
    """
    key = check_key(idempotency_key)
    reference = payment_reference.strip()
    digest = request_digest("exam-fee", registration=registration_id, amount=amount, reference=reference)
    return await idempotent(
        key,
        digest,
        find=_fee_with_key,
        scope=lambda: registration_in_scope(actor, registration_id),
        write=lambda target: _confirm_fee(actor, *target, amount, reference, key=key, digest=digest),
    )


async def _fee_with_key(key: str) -> Recorded[ExamRegistration] | None:
    registration = await ExamRegistration.get_or_none(fee_idempotency_key=key)
    return None if registration is None else Recorded(registration, registration.fee_request_digest)


async def _confirm_fee(
    actor: Actor,
    registration: ExamRegistration,
    county: str,
    amount: Decimal,
    reference: str,
    *,
    key: str,
    digest: str,
) -> ExamRegistration:
    if registration.status is not ExamRegistrationStatus.APPROVED:
        raise WrongRegistrationStatus("只能为已审核通过、未缴费的报名确认缴费")
    sitting = await _check_before_exam(registration)
    await _check_level_not_held(registration)
    try:
        paid = to_fen(amount)
    except InvalidAmount as exc:
        raise FeeMismatch(str(exc)) from None
    due = fee_due_fen(sitting, registration.level)
    if paid != due:
        raise FeeMismatch(
            f"应缴 {from_fen(due)} 元（{len(SUBJECTS_OF[registration.level])} 科），实缴 {from_fen(paid)} 元"
        )
    if not 0 < len(reference) <= 100:
        raise InvalidInput("须填写缴费凭证号（不超过 100 个字符）", field="paymentReference")
    async with write_transaction():
        moved = await ExamRegistration.filter(
            id=registration.id, status=ExamRegistrationStatus.APPROVED
        ).update(
            status=ExamRegistrationStatus.PAID,
            fee_paid_fen=paid,
            payment_reference=reference,
            fee_idempotency_key=key,
            fee_request_digest=digest,
        )
        if not moved:
            raise WrongRegistrationStatus("该报名已确认缴费")
        await exam_events.record_event(
            ExamEventKind.FEE_CONFIRMED,
            person_id=registration.person_id,
            level=registration.level,
            occurred_on=clock.today(),
            registration_id=registration.id,
            amount_fen=paid,
        )
        await audit.record(
            actor,
            "exam_fee.confirmed",
            target_type="ExamRegistration",
            target_id=registration.id,
            county_code=county,
            summary={"amount": str(from_fen(paid)), "reference": reference},
        )
    await registration.refresh_from_db()
    return registration
