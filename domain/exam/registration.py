"""Registering for the exam: eligibility, one live registration per person per sitting, county
review, fee confirmation, withdrawal, and admission tickets (准考证).

Seats are guarded by a conditional update (`taken < capacity`) that works on SQLite and PostgreSQL,
so a site is never oversold whatever the concurrency; a unique `live_key` keeps one live
registration per person per sitting even when two requests race.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F

from domain import clock
from domain.access import Actor
from domain.audit import service as audit
from domain.errors import IdempotencyKeyReused, InvalidInput, OutOfScope
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
from domain.idempotency import check_key, check_same_request, request_digest
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
    if actor.person_id is None:
        raise NoPerson()
    key = check_key(idempotency_key)
    digest = request_digest("exam-registration", sitting=sitting_id, level=level.value, site=site_id)
    if (first := await ExamRegistration.get_or_none(idempotency_key=key)) is not None:
        check_same_request(first.request_digest, digest)
        return first
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
    if await ExamRegistration.exists(sitting_id=sitting.id, person_id=actor.person_id, status__in=LIVE):
        raise AlreadyRegistered()
    person = await person_for(actor, None)
    eligibility = await eligibility_of(person, level, sitting.year)
    if not eligibility.eligible or eligibility.rule is None:
        raise NotEligible("不符合报考条件：" + "；".join(eligibility.reasons))
    try:
        async with write_transaction():
            took_seat = await ExamSite.filter(id=site.id, taken__lt=F("capacity")).update(
                taken=F("taken") + 1
            )
            if not took_seat:
                raise ExamSiteFull(site.name)
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
    except IntegrityError:
        # A concurrent request for the same person (or with the same key) got there first.
        if (first := await ExamRegistration.get_or_none(idempotency_key=key)) is not None:
            check_same_request(first.request_digest, digest)
            return first
        raise AlreadyRegistered() from None
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
    key = check_key(idempotency_key)
    digest = request_digest(
        "exam-fee", registration=registration_id, amount=amount, reference=payment_reference.strip()
    )
    if (first := await ExamRegistration.get_or_none(fee_idempotency_key=key)) is not None:
        check_same_request(first.fee_request_digest, digest)
        if first.id != registration_id:
            raise IdempotencyKeyReused()
        return first
    registration, county = await _registration_in_scope(actor, registration_id)
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
    reference = payment_reference.strip()
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
    """The person withdraws until the registration window closes; the seat is freed."""
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
    """PAID → ADMITTED with an admission number (准考证号) and a seat; running it again only admits
    registrations paid since."""
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
