"""Registering for the exam: eligibility, one live registration per person per sitting, county
review, fee confirmation, withdrawal, and admission tickets (准考证).

Seats are guarded by a conditional update (`taken < capacity`) that works on SQLite and PostgreSQL,
so a site is never oversold whatever the concurrency; a unique `live_key` keeps one live
registration per person per sitting even when two requests race.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from tortoise.expressions import F

from domain import clock
from domain.access import Actor
from domain.audit import service as audit
from domain.errors import InvalidInput, OutOfScope
from domain.exam import service as exam_events
from domain.exam.eligibility import Candidate, Eligibility, HeldCertificate, check_eligibility
from domain.exam.errors import (
    AlreadyRegistered,
    ExamSiteFull,
    FeeMismatch,
    LevelNotOffered,
    NotEligible,
    RegistrationClosed,
    RegistrationNotFound,
    SiteNotFound,
    WrongRegistrationStatus,
)
from domain.exam.models import Certificate, ExamRegistration, ExamSite, ExamSitting
from domain.exam.sittings import get_sitting, levels_of
from domain.exam.vocabulary import LEVEL_DIGIT, SUBJECTS_OF, ExamEventKind, ExamLevel, ExamRegistrationStatus
from domain.idempotency import Recorded, check_key, idempotent, request_digest
from domain.money import InvalidAmount, from_fen, to_fen
from domain.people import service as people
from domain.people.errors import NoPerson
from domain.transaction import write_transaction

if TYPE_CHECKING:
    from domain.people.models import Person

LIVE = (
    ExamRegistrationStatus.SUBMITTED,
    ExamRegistrationStatus.APPROVED,
    ExamRegistrationStatus.PAID,
    ExamRegistrationStatus.ADMITTED,
    ExamRegistrationStatus.SAT,
)


async def candidate_of(person: Person) -> Candidate:
    held = await Certificate.filter(person_id=person.id).values_list("level", "issued_on")
    return Candidate(
        education=person.education,
        major=person.major,
        social_work_since=person.social_work_since,
        graduated_on=person.graduated_on,
        certificates=tuple(HeldCertificate(level=ExamLevel(level), issued_on=day) for level, day in held),
    )


async def eligibility_of(person: Person, level: ExamLevel, exam_year: int) -> Eligibility:
    return check_eligibility(await candidate_of(person), level, exam_year)


async def person_for(actor: Actor, person_id: int | None) -> Person:
    """The viewer's own record, or (admins in scope) another person's."""
    if person_id is None or person_id == actor.person_id:
        if actor.person_id is None:
            raise NoPerson()
        person_id = actor.person_id
    person = await people.get_person(actor, person_id)
    if person is None:
        raise OutOfScope(field="personId")
    return person


async def register_for_exam(
    actor: Actor, sitting_id: int, *, level: ExamLevel, site_id: int, idempotency_key: str
) -> ExamRegistration:
    """The signed-in person (`actor.person_id`) registers for one level of a sitting, at one site.

    Only within the sitting's registration window (Asia/Shanghai business dates), for a level it
    offers and a person eligible for it (`check_eligibility`; the rule met is stored). One live
    registration per person per sitting (a unique `live_key`, so two racing requests cannot both
    register); a site's seats are never oversold. A retry with the same `idempotency_key` and
    input returns the first registration and writes nothing, even when it races the first request.

    Writes, in one transaction: one `ExamRegistration` (SUBMITTED), a seat taken at the site, and
    the audit event `exam_registration.submitted`.

    Raises:
        NoPerson: the account has no registry record.
        InvalidInput: the key is empty or too long.
        IdempotencyKeyReused: the key was first used for a different request, or by another person.
        SittingNotFound, SiteNotFound: no such sitting, or no such site in it.
        LevelNotOffered: the sitting does not offer the level.
        RegistrationClosed: today is outside the registration window.
        AlreadyRegistered: the person already has a live registration for the sitting.
        NotEligible: the person does not meet the level's conditions (the reasons are in the message).
        ExamSiteFull: the site has no seat left.
    """
    if actor.person_id is None:
        raise NoPerson()
    key = check_key(idempotency_key)
    # The person is part of the request: a registration is always the actor's own, so another
    # person's retry with the key is a different request, refused rather than shown the first one.
    digest = request_digest(
        "exam-registration", person=actor.person_id, sitting=sitting_id, level=level.value, site=site_id
    )
    return await idempotent(
        key,
        digest,
        find=_registration_with_key,
        scope=lambda: person_for(actor, None),
        write=lambda person: _register(actor, person, sitting_id, level, site_id, key=key, digest=digest),
        conflict=AlreadyRegistered,
    )


async def _registration_with_key(key: str) -> Recorded[ExamRegistration] | None:
    registration = await ExamRegistration.get_or_none(idempotency_key=key)
    return None if registration is None else Recorded(registration, registration.request_digest)


async def _register(
    actor: Actor, person: Person, sitting_id: int, level: ExamLevel, site_id: int, *, key: str, digest: str
) -> ExamRegistration:
    sitting = await get_sitting(sitting_id)
    if level not in levels_of(sitting):
        raise LevelNotOffered()
    today = clock.today()
    if not sitting.registration_opens_on <= today <= sitting.registration_closes_on:
        raise RegistrationClosed(
            f"报名时间为 {sitting.registration_opens_on} 至 {sitting.registration_closes_on}",
            field="sittingId",
        )
    site = await ExamSite.get_or_none(id=site_id, sitting_id=sitting.id)
    if site is None:
        raise SiteNotFound()
    if await ExamRegistration.exists(sitting_id=sitting.id, person_id=person.id, status__in=LIVE):
        raise AlreadyRegistered()
    eligibility = await eligibility_of(person, level, sitting.year)
    if not eligibility.eligible or eligibility.rule is None:
        raise NotEligible("不符合报考条件：" + "；".join(eligibility.reasons))
    async with write_transaction():
        # The registration first, the seat second: a racing twin then waits on the unique
        # `live_key` (and is refused) before it takes a seat, so it never holds one that another
        # person needs and finds the site full for them.
        registration = await ExamRegistration.create(
            sitting_id=sitting.id,
            person_id=person.id,
            level=level,
            site_id=site.id,
            status=ExamRegistrationStatus.SUBMITTED,
            live_key=f"{sitting.id}:{person.id}",
            eligibility_rule=eligibility.rule.code,
            idempotency_key=key,
            request_digest=digest,
        )
        took_seat = await ExamSite.filter(id=site.id, taken__lt=F("capacity")).update(taken=F("taken") + 1)
        if not took_seat:
            raise ExamSiteFull(site.name)
        await audit.record(
            actor,
            "exam_registration.submitted",
            target_type="ExamRegistration",
            target_id=registration.id,
            county_code=person.county_id,  # type: ignore[attr-defined]
            summary={
                "year": sitting.year,
                "level": level.value,
                "site": site.name,
                "rule": eligibility.rule.code,
            },
        )
    return registration


async def _registration_in_scope(actor: Actor, registration_id: int) -> tuple[ExamRegistration, str]:
    """A registration an admin may act on: of a person in the admin's county."""
    registration = await ExamRegistration.get_or_none(id=registration_id).select_related("person")
    if registration is None:
        raise RegistrationNotFound()
    county: str = registration.person.county_id  # type: ignore[attr-defined]
    if not actor.can_administer_county(county):
        raise RegistrationNotFound()
    return registration, county


async def _release(registration: ExamRegistration, status: ExamRegistrationStatus, **fields: object) -> bool:
    """Move a live registration out of the live set, freeing its seat; False if it already moved."""
    moved = await ExamRegistration.filter(id=registration.id, status=registration.status).update(
        status=status, live_key=None, **fields
    )
    if moved:
        await ExamSite.filter(id=registration.site_id).update(taken=F("taken") - 1)  # type: ignore[attr-defined]
    return bool(moved)


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
        InvalidInput: a rejection without a reason, or a reason over 500 characters.
    """
    registration, county = await _registration_in_scope(actor, registration_id)
    if registration.status is not ExamRegistrationStatus.SUBMITTED:
        raise WrongRegistrationStatus("只能审核已提交、未审核的报名")
    reason = (reason or "").strip() or None
    if not approve and reason is None:
        raise InvalidInput("不予通过时须填写理由", field="reason")
    if reason is not None and len(reason) > 500:
        raise InvalidInput("理由不超过 500 字", field="reason")
    async with write_transaction():
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
                await _release(
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
            summary={"reason": reason} if reason else {},
        )
    await registration.refresh_from_db()
    return registration


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
        FeeMismatch: the amount is not a sum of money, or not the fee due.
    """
    key = check_key(idempotency_key)
    reference = payment_reference.strip()
    digest = request_digest("exam-fee", registration=registration_id, amount=amount, reference=reference)
    return await idempotent(
        key,
        digest,
        find=_fee_with_key,
        scope=lambda: _registration_in_scope(actor, registration_id),
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
    try:
        paid = to_fen(amount)
    except InvalidAmount as exc:
        raise FeeMismatch(str(exc)) from None
    sitting = await ExamSitting.get(id=registration.sitting_id)  # type: ignore[attr-defined]
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
            person_id=registration.person_id,  # type: ignore[attr-defined]
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


async def withdraw_registration(actor: Actor, registration_id: int) -> ExamRegistration:
    """The person withdraws their own registration until the registration window closes (the
    Asia/Shanghai business date); the seat is freed and they may register again.

    Writes, in one transaction: the registration (SUBMITTED, APPROVED or PAID) → WITHDRAWN, the
    site's seat count, and the audit event `exam_registration.withdrawn`. A paid fee is not
    refunded here.

    Raises:
        RegistrationNotFound: no such registration, or not the actor's own.
        WrongRegistrationStatus: the registration is already over (rejected, withdrawn, admitted,
            sat), or changed while this request ran.
        RegistrationClosed: the registration window has closed.
    """
    registration = await ExamRegistration.get_or_none(id=registration_id)
    if registration is None or registration.person_id != actor.person_id:  # type: ignore[attr-defined]
        raise RegistrationNotFound()
    if registration.status not in (
        ExamRegistrationStatus.SUBMITTED,
        ExamRegistrationStatus.APPROVED,
        ExamRegistrationStatus.PAID,
    ):
        raise WrongRegistrationStatus("该报名已结束，不能退出")
    sitting = await ExamSitting.get(id=registration.sitting_id)  # type: ignore[attr-defined]
    if clock.today() > sitting.registration_closes_on:
        raise RegistrationClosed("报名已截止，不能退出", field="registrationId")
    async with write_transaction():
        if not await _release(registration, ExamRegistrationStatus.WITHDRAWN):
            raise WrongRegistrationStatus("该报名状态已变化，请刷新后再试")
        await audit.record(
            actor,
            "exam_registration.withdrawn",
            target_type="ExamRegistration",
            target_id=registration.id,
            county_code=await people.county_of(registration.person_id),  # type: ignore[attr-defined]
        )
    await registration.refresh_from_db()
    return registration


async def issue_admission_tickets(actor: Actor, sitting_id: int) -> list[ExamRegistration]:
    """The prefecture admits every paid registration of a sitting: PAID → ADMITTED with an admission
    number (准考证号) and a seat; running it again only admits registrations paid since.

    Seats are numbered per site from 1, after those already given, in registration order. The
    admission number is the year, the site's county code, the level's digit, the site id (3 digits)
    and the seat (4 digits).

    Writes, in one transaction: each admitted registration's status, seat and admission number,
    and one audit event `admission_tickets.issued` with the count.

    Raises:
        SittingNotFound: no such sitting.
    """
    sitting = await get_sitting(sitting_id)
    async with write_transaction():
        paid = (
            await ExamRegistration.filter(sitting_id=sitting.id, status=ExamRegistrationStatus.PAID)
            .order_by("site_id", "id")
            .select_related("site")
        )
        admitted: list[ExamRegistration] = []
        seats: dict[int, int] = {}
        for registration in paid:
            site_id: int = registration.site_id  # type: ignore[attr-defined]
            if site_id not in seats:
                seats[site_id] = await ExamRegistration.filter(site_id=site_id, seat__isnull=False).count()
            seats[site_id] += 1
            county: str = registration.site.county_id  # type: ignore[attr-defined]
            registration.status = ExamRegistrationStatus.ADMITTED
            registration.seat = seats[site_id]
            registration.admission_number = (
                f"{sitting.year}{county}{LEVEL_DIGIT[registration.level]}{site_id:03d}{seats[site_id]:04d}"
            )
            await registration.save(update_fields=["status", "seat", "admission_number"])
            admitted.append(registration)
        await audit.record(
            actor,
            "admission_tickets.issued",
            target_type="ExamSitting",
            target_id=sitting.id,
            summary={"admitted": len(admitted)},
        )
    return admitted


async def get_registration(actor: Actor, registration_id: int) -> ExamRegistration | None:
    """Visible to the person and to admins of the person's county."""
    registration = await ExamRegistration.get_or_none(id=registration_id).select_related("person")
    if registration is None:
        return None
    if registration.person_id == actor.person_id:  # type: ignore[attr-defined]
        return registration
    return registration if actor.can_administer_county(registration.person.county_id) else None  # type: ignore[attr-defined]
