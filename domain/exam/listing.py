"""The lists the exam's staff work from, and a person's own registrations. Reads only.

- `list_registrations`: the county's review queue (SUBMITTED first, then oldest first), which a status
  filter turns into the fee queue (APPROVED) or any other; the prefecture sees every county.
- `list_certificates`: certificates by where their 登记 stands, the one whose registration ends soonest
  first: who must register or renew soon.
- `registrations_of_person`: a person's own registrations, newest first.

Admins see the rows of persons of the counties they administer (`Actor.admin_county_scope`); anyone else
sees nothing, as `people.list_persons` does. A county filter outside that scope therefore lists nothing;
a code that names no county is refused (`UnknownCounty`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from tortoise.expressions import Case, Q, When
from tortoise.queryset import QuerySet

from domain import clock
from domain.access import Actor
from domain.exam.certificates import RENEWAL_WINDOW_DAYS
from domain.exam.models import Certificate, ExamRegistration
from domain.exam.vocabulary import CertificateRegistrationState, ExamLevel, ExamRegistrationStatus
from domain.paging import Page, check_page_size, keyset_page
from domain.people import service as people

__all__ = [
    "CertificateFilter",
    "QueueKey",
    "RegistrationFilter",
    "RenewalKey",
    "list_certificates",
    "list_registrations",
    "queue_key",
    "registered_until_range",
    "registrations_of_person",
    "renewal_key",
]


M = TypeVar("M", ExamRegistration, Certificate)


async def _scoped(query: QuerySet[M], actor: Actor, county_code: str | None) -> QuerySet[M]:
    """`query` narrowed to persons of the actor's counties and, if asked, of one county."""
    counties = actor.admin_county_scope()
    if counties is not None:
        query = query.filter(person__county_id__in=sorted(counties))
    if county_code:
        await people.check_county(county_code)
        query = query.filter(person__county_id=county_code)
    return query


# --- registrations --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RegistrationFilter:
    """Each condition given must hold; ids are primary keys."""

    sitting_id: int | None = None
    county_code: str | None = None
    status: ExamRegistrationStatus | None = None
    level: ExamLevel | None = None
    person_id: int | None = None


@dataclass(frozen=True, slots=True)
class QueueKey:
    """A registration's place in the review queue: those waiting for review (SUBMITTED) first, then
    the rest; oldest (lowest id) first within each. The status is the one the row had when read, so a
    page boundary stays put if the row is reviewed meanwhile."""

    waiting: bool
    id: int


def queue_key(row: ExamRegistration) -> QueueKey:
    return QueueKey(waiting=row.status is ExamRegistrationStatus.SUBMITTED, id=row.id)


async def list_registrations(
    actor: Actor, *, first: int, after: QueueKey | None, filter: RegistrationFilter
) -> Page[ExamRegistration]:
    """Registrations of persons in the admin's counties (all for the prefecture), keyset-paged in
    review-queue order (`QueueKey`): SUBMITTED first, then every other status, each oldest first. With
    `status` given the list is that one queue, oldest first (APPROVED: the fees to collect).

    `first` is 1–100 rows after the row keyed `after` (exclusive). A county code outside the actor's
    counties, like an id that names nothing, lists nothing.

    Raises:
        InvalidInput: `first` out of bounds (field `first`).
        UnknownCounty: `filter.county_code` is not a county of the prefecture.
    """
    check_page_size(first)
    query = await _scoped(ExamRegistration.all(), actor, filter.county_code)
    if filter.sitting_id is not None:
        query = query.filter(sitting_id=filter.sitting_id)
    if filter.status is not None:
        query = query.filter(status=filter.status)
    if filter.level is not None:
        query = query.filter(level=filter.level)
    if filter.person_id is not None:
        query = query.filter(person_id=filter.person_id)
    total = await query.count()
    submitted = ExamRegistrationStatus.SUBMITTED
    if after is not None and after.waiting:
        query = query.filter(~Q(status=submitted) | Q(id__gt=after.id))
    elif after is not None:
        query = query.filter(~Q(status=submitted), id__gt=after.id)
    # Tortoise's Case takes text constants: "0" sorts before "1" on both databases.
    rows = (
        await query.annotate(queue=Case(When(status=submitted, then="0"), default="1"))
        .order_by("queue", "id")
        .limit(first + 1)
    )
    return Page(items=rows[:first], has_next_page=len(rows) > first, total_count=total)


async def registrations_of_person(person_id: int, *, first: int, after: int | None) -> Page[ExamRegistration]:
    """A person's own registrations, newest first; the caller has established that the viewer may see
    the person (themself, or an admin of their county).

    Raises:
        InvalidInput: `first` out of bounds (field `first`).
    """
    return await keyset_page(
        ExamRegistration.filter(person_id=person_id), first=first, after=after, descending=True
    )


# --- certificates ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CertificateFilter:
    county_code: str | None = None
    level: ExamLevel | None = None
    registration: CertificateRegistrationState | None = None


@dataclass(frozen=True, slots=True)
class RenewalKey:
    """A certificate's place in the renewal list: the registration ending soonest first (lapsed ones,
    then due, then registered), never-registered certificates last; then the earliest issued (for one
    never registered, the nearest deadline of its first 登记, a year after issue); then by id."""

    registered_until: date | None
    issued_on: date
    id: int


def renewal_key(row: Certificate) -> RenewalKey:
    return RenewalKey(registered_until=row.registered_until, issued_on=row.issued_on, id=row.id)


def registered_until_range(
    state: CertificateRegistrationState, today: date
) -> tuple[date | None, date | None] | None:
    """The `registered_until` dates, from and to inclusive (None: unbounded), of the certificates whose
    登记 is in `state` on `today`; None for UNREGISTERED (never registered: no date at all).

    `certificates.registration_state` read backwards, so the list filters in SQL by the same rule the
    certificate shows: DUE from `RENEWAL_WINDOW_DAYS` before the last day in force to that day, LAPSED
    after it (tests/domain/exam/test_listing.py proves the two agree day by day)."""
    window_closes = today + timedelta(days=RENEWAL_WINDOW_DAYS)
    match state:
        case CertificateRegistrationState.UNREGISTERED:
            return None
        case CertificateRegistrationState.LAPSED:
            return None, today - timedelta(days=1)
        case CertificateRegistrationState.DUE:
            return today, window_closes
        case CertificateRegistrationState.REGISTERED:
            return window_closes + timedelta(days=1), None


def _in_state(state: CertificateRegistrationState, today: date) -> Q:
    bounds = registered_until_range(state, today)
    if bounds is None:
        return Q(registered_until__isnull=True)
    low, high = bounds
    condition = Q(registered_until__isnull=False)
    if low is not None:
        condition &= Q(registered_until__gte=low)
    if high is not None:
        condition &= Q(registered_until__lte=high)
    return condition


def _after(key: RenewalKey) -> Q:
    """Rows after `key` in `RenewalKey` order."""
    later = Q(issued_on__gt=key.issued_on) | Q(issued_on=key.issued_on, id__gt=key.id)
    if key.registered_until is None:
        return Q(registered_until__isnull=True) & later
    return (
        Q(registered_until__isnull=True)
        | Q(registered_until__gt=key.registered_until)
        | (Q(registered_until=key.registered_until) & later)
    )


async def list_certificates(
    actor: Actor, *, first: int, after: RenewalKey | None, filter: CertificateFilter
) -> Page[Certificate]:
    """Certificates of holders in the admin's counties (all for the prefecture), keyset-paged in
    `RenewalKey` order: whose 登记 ends soonest first, so `registration: DUE` lists who must renew,
    most urgent first. The state is that of `certificates.registration_state` on `clock.today()`
    (Asia/Shanghai), computed in SQL from `registered_until`.

    Raises:
        InvalidInput: `first` out of bounds (field `first`).
        UnknownCounty: `filter.county_code` is not a county of the prefecture.
    """
    check_page_size(first)
    query = await _scoped(Certificate.all(), actor, filter.county_code)
    if filter.level is not None:
        query = query.filter(level=filter.level)
    if filter.registration is not None:
        query = query.filter(_in_state(filter.registration, clock.today()))
    total = await query.count()
    if after is not None:
        query = query.filter(_after(after))
    # Never registered last, whichever end of the order each database puts NULL (text constants, as above).
    rows = (
        await query.annotate(unregistered=Case(When(registered_until__isnull=True, then="1"), default="0"))
        .order_by("unregistered", "registered_until", "issued_on", "id")
        .limit(first + 1)
    )
    return Page(items=rows[:first], has_next_page=len(rows) > first, total_count=total)
