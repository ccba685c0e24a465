"""Admission tickets (准考证): PAID registrations become ADMITTED with an admission number and a seat."""

from __future__ import annotations

from domain import clock
from domain.access import Actor
from domain.audit import service as audit
from domain.exam.errors import ExamAlreadyHeld, RegistrationStillOpen
from domain.exam.models import ExamRegistration
from domain.exam.review import held_certificates
from domain.exam.sittings import get_sitting
from domain.exam.vocabulary import LEVEL_DIGIT, ExamRegistrationStatus
from domain.transaction import write_transaction


async def issue_admission_tickets(actor: Actor, sitting_id: int) -> list[ExamRegistration]:
    """The prefecture admits every paid registration of a sitting: PAID → ADMITTED with an admission
    number (准考证号) and a seat; running it again only admits registrations paid since.

    Seats are numbered per site from 1, after those already given, in registration order. The
    admission number is the year, the site's county code, the level's digit, the site id (3 digits)
    and the seat (4 digits).

    A registration whose person now holds a certificate of its level or a higher one (recorded by the
    county after they paid) is left PAID and gets no ticket.

    Writes, in one transaction: each admitted registration's status, seat and admission number,
    and one audit event `admission_tickets.issued` with the count (and the ids of those left out).

    Tickets come only after registration has closed (DOMAIN.md, order of events: registration window →
    admission tickets), i.e. from the day after `registration_closes_on` (Asia/Shanghai, `domain.clock`):
    while it is open, registrations may still be paid or withdrawn, freeing seats.

    Raises:
        SittingNotFound: no such sitting.
        RegistrationStillOpen: today is on or before the registration closing date.
        ExamAlreadyHeld: today is on or after the exam date: a ticket would admit no one.
    """
    sitting = await get_sitting(sitting_id)
    if clock.today() <= sitting.registration_closes_on:
        raise RegistrationStillOpen(sitting.registration_closes_on)
    if clock.today() >= sitting.exam_date:
        raise ExamAlreadyHeld(sitting.exam_date, refused="不能再发放准考证", field="sittingId")
    async with write_transaction():
        paid = (
            await ExamRegistration.filter(sitting_id=sitting.id, status=ExamRegistrationStatus.PAID)
            .order_by("site_id", "id")
            .select_related("site")
        )
        admitted: list[ExamRegistration] = []
        seats: dict[int, int] = {}
        held = await held_certificates(paid)
        for registration in paid:
            if registration.id in held:
                # A certificate of the level or above recorded since the fee was paid: nobody sits a
                # level they hold (DOMAIN.md). It stays PAID for the county to see and refund.
                continue
            site_id: int = registration.site_id
            if site_id not in seats:
                seats[site_id] = await ExamRegistration.filter(site_id=site_id, seat__isnull=False).count()
            seats[site_id] += 1
            county: str = registration.site.county_id
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
            summary={"admitted": len(admitted), "heldAlready": sorted(held)},
        )
    return admitted
