"""Registering for the exam: eligibility, one live registration per person per sitting, and
withdrawal; the county's review and fee are in `review.py`, admission tickets in `admission.py`.

Seats are guarded by a conditional update (`taken < capacity`) that works on SQLite and PostgreSQL,
so a site is never oversold whatever the concurrency; a unique `live_key` keeps one live
registration per person per sitting even when two requests race.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise.expressions import F

from domain import clock
from domain.access import Actor
from domain.audit import service as audit
from domain.errors import OutOfScope
from domain.exam.eligibility import Candidate, Eligibility, HeldCertificate, check_eligibility
from domain.exam.errors import (
    AlreadyRegistered,
    CertificateAlreadyHeld,
    ExamSiteFull,
    LevelNotOffered,
    NotEligible,
    RegistrationClosed,
    RegistrationNotFound,
    SiteNotFound,
    WrongRegistrationStatus,
)
from domain.exam.models import Certificate, ExamRegistration, ExamSite, ExamSitting
from domain.exam.sittings import get_sitting, levels_of
from domain.exam.vocabulary import ExamLevel, ExamRegistrationStatus
from domain.idempotency import Recorded, check_key, idempotent, request_digest
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


async def eligibility_for(
    actor: Actor, sitting_id: int, level: ExamLevel, person_id: int | None
) -> Eligibility:
    """Whether a person may sit `level` at sitting `sitting_id`, by which national rule, and why not:
    the viewer's own answer (`person_id` None), or another person's for admins of their county.
    Reads only.

    Raises:
        SittingNotFound: no such sitting.
        NoPerson: the viewer asks for themself and has no registry record.
        OutOfScope: the person is not the viewer's and not in their counties (or does not exist).
    """
    sitting = await get_sitting(sitting_id)
    person = await person_for(actor, person_id)
    return await eligibility_of(person, level, sitting.year)


async def person_for(actor: Actor, person_id: int | None) -> Person:
    """The viewer's own record, or (admins in scope) another person's."""
    if person_id is None or person_id == actor.person_id:
        if actor.person_id is None:
            raise NoPerson()
        person_id = actor.person_id
    person = await people.get_person_or_none(actor, person_id)
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
        CertificateAlreadyHeld: the person holds a certificate of the level or a higher one
            (`check_eligibility`: DOMAIN.md, nobody registers for a level they already hold).
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
    if eligibility.already_held is not None:
        raise CertificateAlreadyHeld(eligibility.reasons[0])
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
            county_code=person.county_id,
            summary={
                "year": sitting.year,
                "level": level.value,
                "site": site.name,
                "rule": eligibility.rule.code,
            },
        )
    return registration


async def registration_in_scope(actor: Actor, registration_id: int) -> tuple[ExamRegistration, str]:
    """A registration an admin may act on: of a person in the admin's county."""
    registration = await ExamRegistration.get_or_none(id=registration_id).select_related("person")
    if registration is None:
        raise RegistrationNotFound()
    county: str = registration.person.county_id
    if not actor.can_administer_county(county):
        raise RegistrationNotFound()
    return registration, county


async def release(registration: ExamRegistration, status: ExamRegistrationStatus, **fields: object) -> bool:
    """Move a live registration out of the live set, freeing its seat; False if it already moved."""
    moved = await ExamRegistration.filter(id=registration.id, status=registration.status).update(
        status=status, live_key=None, **fields
    )
    if moved:
        await ExamSite.filter(id=registration.site_id).update(taken=F("taken") - 1)
    return bool(moved)


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
    if registration is None or registration.person_id != actor.person_id:
        raise RegistrationNotFound()
    if registration.status not in (
        ExamRegistrationStatus.SUBMITTED,
        ExamRegistrationStatus.APPROVED,
        ExamRegistrationStatus.PAID,
    ):
        raise WrongRegistrationStatus("该报名已结束，不能退出")
    sitting = await ExamSitting.get(id=registration.sitting_id)
    if clock.today() > sitting.registration_closes_on:
        raise RegistrationClosed("报名已截止，不能退出", field="registrationId")
    async with write_transaction():
        if not await release(registration, ExamRegistrationStatus.WITHDRAWN):
            raise WrongRegistrationStatus("该报名状态已变化，请刷新后再试")
        await audit.record(
            actor,
            "exam_registration.withdrawn",
            target_type="ExamRegistration",
            target_id=registration.id,
            county_code=await people.county_of(registration.person_id),
        )
    await registration.refresh_from_db()
    return registration
