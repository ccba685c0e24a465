"""The exam's interface for the contexts above it (incentives, talent, reports)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from tortoise.functions import Count

from domain import clock
from domain.exam.models import Certificate, ExamEvent, ExamRegistration
from domain.exam.vocabulary import REGISTRATION_YEARS, ExamEventKind, ExamLevel
from domain.training.vocabulary import RequirementAudience


async def record_event(
    kind: ExamEventKind,
    *,
    person_id: int,
    level: ExamLevel,
    occurred_on: date,
    certificate_id: int | None = None,
    registration_id: int | None = None,
    amount_fen: int | None = None,
) -> ExamEvent:
    """Within the caller's transaction, so the fact and the change commit together."""
    return await ExamEvent.create(
        kind=kind,
        person_id=person_id,
        level=level,
        occurred_on=occurred_on,
        certificate_id=certificate_id,
        registration_id=registration_id,
        amount_fen=amount_fen,
    )


async def events_after(last_seen_id: int, *, limit: int = 500) -> list[ExamEvent]:
    """The outbox in order: a consumer passes the last id it handled and gets what came since."""
    return await ExamEvent.filter(id__gt=last_seen_id).order_by("id").limit(limit)


async def certified_person_ids() -> frozenset[int]:
    """Everyone holding a certificate of any level (issued or recorded), for filters elsewhere."""
    ids: list[int] = await Certificate.all().distinct().values_list("person_id", flat=True)  # type: ignore[assignment]
    return frozenset(ids)


async def certified_counts_by_county(*, issued_until: date | None = None) -> dict[str, int]:
    """Certified people per county code (a person with several levels counts once), counting only
    certificates issued on or before `issued_until` when given. One grouped query."""
    certificates = (
        Certificate.all() if issued_until is None else Certificate.filter(issued_on__lte=issued_until)
    )
    rows = (
        await certificates.annotate(people=Count("person_id", distinct=True))
        .group_by("person__county_id")
        .values("person__county_id", "people")
    )
    return {row["person__county_id"]: row["people"] for row in rows}


@dataclass(frozen=True, slots=True)
class IssuedCount:
    """Certificates of one level issued in one county in one calendar year."""

    county_code: str
    year: int
    level: ExamLevel
    count: int


async def certificates_issued_between(first_day: date, last_day: date) -> list[IssuedCount]:
    """Certificates issued in `first_day`..`last_day` (issue dates, recorded existing ones included),
    counted per county, year and level, ordered by year, level and county. One query grouped by day and
    level (a few thousand rows at most over five years), bucketed into years here: the year of a date
    is written differently in SQLite and PostgreSQL."""
    rows = (
        await Certificate.filter(issued_on__gte=first_day, issued_on__lte=last_day)
        .annotate(n=Count("id"))
        .group_by("person__county_id", "issued_on", "level")
        .values("person__county_id", "issued_on", "level", "n")
    )
    counts: dict[tuple[int, ExamLevel, str], int] = defaultdict(int)
    for row in rows:
        counts[(row["issued_on"].year, ExamLevel(row["level"]), row["person__county_id"])] += row["n"]
    order = list(ExamLevel)
    return [
        IssuedCount(county_code=county, year=year, level=level, count=n)
        for (year, level, county), n in sorted(
            counts.items(), key=lambda item: (item[0][0], order.index(item[0][1]), item[0][2])
        )
    ]


HOLDERS: dict[RequirementAudience, tuple[ExamLevel, ...]] = {
    RequirementAudience.ASSISTANT_HOLDERS: (ExamLevel.ASSISTANT,),
    RequirementAudience.SOCIAL_WORKER_HOLDERS: (ExamLevel.SOCIAL_WORKER, ExamLevel.SENIOR),
}


async def current_registration(person_id: int, audience: RequirementAudience) -> tuple[date, date] | None:
    """The window continuing education is counted in today (民发〔2009〕123号), (first day, last day), for
    the person's certificate that `audience` is about, if registered and not lapsed: from the day its
    hours count (`education_counts_from`, else `registered_on`) to the end of the registration recorded.
    After an early renewal that is the next period, counted from the day after the renewal: the hours
    until then made the renewal."""
    levels = HOLDERS.get(audience, ())
    today = clock.today()
    certificate = (
        await Certificate.filter(
            person_id=person_id,
            level__in=list(levels),
            registered_on__isnull=False,
            registered_until__gte=today,
        )
        .order_by("-registered_until")
        .first()
    )
    if certificate is None or certificate.registered_on is None or certificate.registered_until is None:
        return None
    return certificate.education_counts_from or certificate.registered_on, certificate.registered_until


async def registrations_by_ids(ids: list[int]) -> dict[int, ExamRegistration]:
    """Rows for a DataLoader (as `people.persons_by_ids`); a registration is visible to whoever may
    see its person."""
    return {r.id: r for r in await ExamRegistration.filter(id__in=ids)}


async def certificates_of(person_id: int) -> list[Certificate]:
    """Issued and recorded alike: both count everywhere a certificate counts."""
    return await Certificate.filter(person_id=person_id).order_by("issued_on")


async def certificates_issued_by(day: date) -> list[Certificate]:
    """Every certificate issued (or recorded as issued) on or before `day`, of every holder: what the
    monthly allowance is accrued over, in one query."""
    return await Certificate.filter(issued_on__lte=day).order_by("person_id", "issued_on")


def registered_span(certificate: Certificate) -> tuple[date, date] | None:
    """The days (first, last) a certificate is known to have been registered (登记), or None if never.

    The row keeps only the latest registration. A renewal (续期) is made before the current one ends
    and runs from the day after it, so a row renewed in advance (`education_counts_from` before
    `registered_on`) was registered for the whole three years before `registered_on` too: a month
    before the renewed period starts is still covered."""
    if certificate.registered_on is None or certificate.registered_until is None:
        return None
    starts_on = certificate.registered_on
    counts_from = certificate.education_counts_from
    if counts_from is not None and counts_from < starts_on:
        starts_on = clock.add_years(starts_on, -REGISTRATION_YEARS)
    return starts_on, certificate.registered_until
