"""Courses of filed providers (`providers.py`): posting, editing, publishing, cancelling, and the
public catalog."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Final

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from domain import clock
from domain.access import Actor, Role
from domain.audit import service as audit
from domain.errors import InvalidInput, OutOfScope
from domain.paging import Page, check_page_size
from domain.people import service as people
from domain.training import waitlist
from domain.training.course_plan import CoursePlan, SessionPlan, check_course_plan
from domain.training.errors import (
    CourseNotEditable,
    CourseNotFound,
)
from domain.training.models import Course, CourseSession, Enrollment
from domain.training.providers import check_provider
from domain.training.vocabulary import CourseStatus, EnrollmentStatus, ServiceField
from domain.transaction import write_transaction


def _can_manage(actor: Actor, provider_id: int) -> bool:
    return any(g.role is Role.PROVIDER and g.provider_id == provider_id for g in actor.grants)


def acting_provider(actor: Actor) -> int:
    """The provider a PROVIDER account acts for (callers have checked the role)."""
    for grant in actor.grants:
        if grant.role is Role.PROVIDER and grant.provider_id is not None:
            return grant.provider_id
    raise OutOfScope()


async def post_course(actor: Actor, plan: CoursePlan) -> Course:
    """A provider posts a course as a draft; the public sees it once it is published (`publish_course`).

    The course belongs to the provider `actor` acts for (a PROVIDER grant). `plan.credit_hours` is
    Decimal hours, more than 0 and at most 200, with at most one decimal place, stored as integer tenths;
    `capacity` is 1–20,000 seats; `county_code` is a county of the prefecture. `sessions` (1–100) are
    timezone-aware timestamps, stored in UTC: each ends after it starts, starts after now
    (`clock.now()`), and has a place. The course's `starts_at`/`ends_at` are its first session's start
    and its last session's end.

    Writes one `Course` (DRAFT, no seats taken), its `CourseSession`s and the audit event
    `course.posted`, in one transaction.

    Raises:
        OutOfScope: `actor` acts for no provider.
        InvalidInput: the title (1–100 characters), description (up to 5000) or capacity is out of bounds.
        InvalidHours: the credit hours are not a positive number of tenths up to 200 (field `creditHours`).
        InvalidSessions: no session, more than 100, or one that does not end after it starts, has
            already started, or has no place.
        UnknownCounty: `plan.county_code` is not a county of the prefecture.
        ProviderNotFound: the actor's provider is not filed.
    """
    provider_id = acting_provider(actor)
    credit = check_course_plan(plan, now=clock.now())
    await people.check_county(plan.county_code)
    await check_provider(provider_id)
    async with write_transaction():
        course = await Course.create(provider_id=provider_id, **_course_fields(plan, credit))
        await _replace_sessions(course, plan.sessions)
        await audit.record(
            actor,
            "course.posted",
            target_type="Course",
            target_id=course.id,
            county_code=plan.county_code,
            summary={"title": course.title, "creditHours": str(plan.credit_hours)},
        )
    return course


def _course_fields(plan: CoursePlan, credit_tenths: int) -> dict[str, Any]:
    """A course's columns from a checked plan, the same for posting and for editing."""
    return {
        "title": plan.title.strip(),
        "description": plan.description.strip(),
        "service_field": plan.service_field,
        "hour_category": plan.hour_category,
        "credit_tenths": credit_tenths,
        "delivery_mode": plan.delivery_mode,
        "county_id": plan.county_code,
        "capacity": plan.capacity,
        # The first session's start and the last one's end, for the catalog's filters and orderings.
        "starts_at": min(s.starts_at for s in plan.sessions),
        "ends_at": max(s.ends_at for s in plan.sessions),
    }


async def _replace_sessions(course: Course, sessions: tuple[SessionPlan, ...]) -> None:
    await CourseSession.filter(course_id=course.id).delete()
    await CourseSession.bulk_create(
        [
            CourseSession(
                course_id=course.id, starts_at=s.starts_at, ends_at=s.ends_at, location=s.location.strip()
            )
            for s in sorted(sessions, key=lambda s: s.starts_at)
        ]
    )


async def course_for_provider(actor: Actor, course_id: int) -> Course:
    course = await Course.get_or_none(id=course_id)
    if course is None or not _can_manage(actor, course.provider_id):
        raise CourseNotFound()
    return course


async def update_course(actor: Actor, course_id: int, plan: CoursePlan) -> Course:
    """Edit a course before it starts; its sessions are replaced by the plan's.

    `actor` must be the course's provider. `plan` is checked as in `post_course` (hours in Decimal,
    stored as tenths; sessions in the future), and its capacity may not fall below the seats already
    taken. The status is kept: a published course stays published, with its enrolments. Seats added
    by a higher capacity go at once to the wait-list, longest-waiting first (`waitlist.fill_seats`),
    so nobody enrolling later takes them ahead of those waiting.

    The course row is locked for the change (`waitlist.lock_course`): the capacity is checked against
    the seats taken as they stand, and enrolments and withdrawals racing the change take their turn.

    Writes the `Course` (all but its status and seat count from the plan), replaces all its
    `CourseSession`s with the plan's, the promoted enrolments' status (ENROLLED) and the course's seat
    count, and records the audit event `course.updated` (with the capacity and the promoted
    enrolments' ids, in order), in one transaction.

    Raises:
        CourseNotFound: no such course, or not this provider's.
        CourseNotEditable: the course is cancelled or has started.
        InvalidInput, InvalidHours, InvalidSessions, UnknownCounty: the plan, as in `post_course`; also
            InvalidInput (field `capacity`) when the capacity is below the seats taken.
    """
    course = await course_for_provider(actor, course_id)
    _check_editable(course)
    credit = check_course_plan(plan, now=clock.now())
    await people.check_county(plan.county_code)
    fields = _course_fields(plan, credit)
    async with write_transaction():
        locked = await waitlist.lock_course(course.id)
        if locked is None:  # cannot happen: a course is never deleted
            raise CourseNotFound()
        _check_editable(locked)  # again, as it stands under the lock
        if plan.capacity < locked.enrolled_count:
            raise InvalidInput(f"已有 {locked.enrolled_count} 人报名，人数上限不能低于此数", field="capacity")
        # Only the plan's columns: the seat count is the enrolments' and may not be written back stale.
        await Course.filter(id=locked.id).update(**fields)
        await _replace_sessions(locked, plan.sessions)
        promoted = await waitlist.fill_seats(locked.id)
        await audit.record(
            actor,
            "course.updated",
            target_type="Course",
            target_id=locked.id,
            county_code=plan.county_code,
            summary={"title": fields["title"], "capacity": plan.capacity, "promoted": promoted},
        )
    return await Course.get(id=course.id)


def _check_editable(course: Course) -> None:
    if course.status is CourseStatus.CANCELLED:
        raise CourseNotEditable("课程已取消，不能修改")
    if course.starts_at <= clock.now():
        raise CourseNotEditable("课程已开始，不能修改")


async def publish_course(actor: Actor, course_id: int) -> Course:
    """A provider publishes a draft: the course joins the public catalog and opens for enrolment.

    Writes the course's status (PUBLISHED) and `published_at` (UTC) and the audit event
    `course.published`, in one transaction.

    Raises:
        CourseNotFound: no such course, or not this provider's.
        CourseNotEditable: the course is not a draft, or its first session has already started.
    """
    course = await course_for_provider(actor, course_id)
    if course.status is not CourseStatus.DRAFT:
        raise CourseNotEditable("只有草稿状态的课程可以发布")
    if course.starts_at <= clock.now():
        raise CourseNotEditable("课程开始时间已过，请先修改课次再发布")
    async with write_transaction():
        course.status = CourseStatus.PUBLISHED
        course.published_at = clock.now()
        await course.save(update_fields=["status", "published_at"])
        await audit.record(
            actor,
            "course.published",
            target_type="Course",
            target_id=course.id,
            county_code=course.county_id,
        )
    return course


async def cancel_course(actor: Actor, course_id: int, reason: str) -> Course:
    """A provider cancels a course before its first session starts, giving a reason (1–500 characters
    once trimmed).

    A cancelled course stays in the public catalog, closed to enrolment. Its live enrolments end with
    it: each enrolled or wait-listed one becomes CANCELLED (`withdrawn_at` now, its live key freed),
    and the course's seat count returns to 0. A course whose first session has started is held (its
    attendance and completions stand) and cannot be cancelled.

    Writes the course's status (CANCELLED), `cancel_reason` and seat count, its enrolments' status,
    and the audit event `course.cancelled` (with the number of enrolments cancelled), in one
    transaction.

    Raises:
        CourseNotFound: no such course, or not this provider's.
        CourseNotEditable: the course is already cancelled, or its first session has started.
        InvalidInput: the reason is empty or longer than 500 characters (field `reason`).
    """
    course = await course_for_provider(actor, course_id)
    if course.status is CourseStatus.CANCELLED:
        raise CourseNotEditable("课程已取消")
    if course.starts_at <= clock.now():
        raise CourseNotEditable("课程已开课，不能取消")
    reason = reason.strip()
    if not 0 < len(reason) <= 500:
        raise InvalidInput("取消课程须填写理由（不超过 500 字）", field="reason")
    async with write_transaction():
        # Conditional on the status read, so two racing cancellations write once.
        cancelled = await Course.filter(id=course.id, status=course.status).update(
            status=CourseStatus.CANCELLED, cancel_reason=reason, enrolled_count=0
        )
        if not cancelled:
            raise CourseNotEditable("课程已取消")
        withdrawn = await Enrollment.filter(
            course_id=course.id, status__in=(EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED)
        ).update(status=EnrollmentStatus.CANCELLED, withdrawn_at=clock.now(), live_key=None)
        await audit.record(
            actor,
            "course.cancelled",
            target_type="Course",
            target_id=course.id,
            county_code=course.county_id,
            summary={"reason": reason, "enrollmentsCancelled": withdrawn},
        )
    await course.refresh_from_db()
    return course


def can_manage_course(actor: Actor, course: Course) -> bool:
    """The course's own provider manages it: edits it, sees its roster, records its completions."""
    return _can_manage(actor, course.provider_id)


def can_read_enrollments(actor: Actor, course: Course) -> bool:
    """Who sees a course's enrolments and its roster: its own provider, and the admins whose scope
    includes the course's county (its county admin, the prefecture admin) once it is published;
    a draft has none but its provider's."""
    if _can_manage(actor, course.provider_id):
        return True
    return course.status is not CourseStatus.DRAFT and actor.can_administer_county(course.county_id)


async def course_for_roster(actor: Actor, course_id: int) -> Course:
    """The course whose enrolments `actor` may read (`can_read_enrollments`).

    Raises:
        CourseNotFound: no such course, or not one whose enrolments the actor may read.
    """
    course = await Course.get_or_none(id=course_id)
    if course is None or not can_read_enrollments(actor, course):
        raise CourseNotFound()
    return course


def can_see_course(actor: Actor, course: Course) -> bool:
    """Published and cancelled courses are public; drafts only to their provider."""
    return course.status is not CourseStatus.DRAFT or _can_manage(actor, course.provider_id)


async def get_course_or_none(actor: Actor, course_id: int) -> Course | None:
    course = await Course.get_or_none(id=course_id)
    return course if course is not None and can_see_course(actor, course) else None


async def courses_by_ids(ids: list[int]) -> dict[int, Course]:
    return {c.id: c for c in await Course.filter(id__in=ids)}


async def sessions_by_course_ids(ids: list[int]) -> dict[int, list[CourseSession]]:
    result: dict[int, list[CourseSession]] = {i: [] for i in ids}
    for session in await CourseSession.filter(course_id__in=ids).order_by("starts_at", "id"):
        result[session.course_id].append(session)
    return result


class CourseOrder(StrEnum):
    NEWEST = "NEWEST"  # most recently posted first
    SOONEST = "SOONEST"  # starting soonest first


# More words than this in one search are refused: each is a LIKE over title and description.
MAX_SEARCH_WORDS: Final = 10


@dataclass(frozen=True, slots=True)
class CatalogFilter:
    service_field: ServiceField | None = None
    county_code: str | None = None
    provider_id: int | None = None
    # Words separated by any whitespace (the full-width space U+3000 included): a course matches
    # when each word is in its title or its description.
    search: str | None = None
    starts_from: datetime | None = None
    starts_to: datetime | None = None
    # Courses whose last session has ended are left out unless this is set.
    include_ended: bool = False


def search_words(search: str | None) -> list[str]:
    """`"禁毒　督导 "` -> `["禁毒", "督导"]`: the words of a search, split on any whitespace
    (`str.split` takes U+3000 and the other Unicode spaces for whitespace), duplicates dropped.

    Raises:
        InvalidInput: more than `MAX_SEARCH_WORDS` words (field `search`).
    """
    words = list(dict.fromkeys((search or "").split()))
    if len(words) > MAX_SEARCH_WORDS:
        raise InvalidInput(f"搜索词不超过 {MAX_SEARCH_WORDS} 个", field="search")
    return words


def _catalog_query(actor: Actor, filter: CatalogFilter, words: list[str]) -> QuerySet[Course]:
    """The courses the catalog lists for `actor` under `filter`, in no order yet."""
    visible = Q(status__in=[CourseStatus.PUBLISHED, CourseStatus.CANCELLED])
    own = next((g.provider_id for g in actor.grants if g.role is Role.PROVIDER), None)
    if own is not None:
        visible |= Q(provider_id=own)
    query = Course.filter(visible)
    if filter.service_field:
        query = query.filter(service_field=filter.service_field)
    if not filter.include_ended:
        query = query.filter(ends_at__gt=clock.now())
    if filter.county_code:
        query = query.filter(county_id=filter.county_code)
    if filter.provider_id is not None:
        query = query.filter(provider_id=filter.provider_id)
    for word in words:
        query = query.filter(Q(title__icontains=word) | Q(description__icontains=word))
    if filter.starts_from:
        query = query.filter(starts_at__gte=filter.starts_from)
    if filter.starts_to:
        query = query.filter(starts_at__lt=filter.starts_to)
    return query


async def list_catalog(
    actor: Actor,
    *,
    first: int,
    after: tuple[datetime, int] | None,
    filter: CatalogFilter,
    order: CourseOrder,
) -> tuple[Page[Course], list[tuple[datetime, int]]]:
    """The public catalog: published and cancelled courses, and for a provider's account its own
    drafts too, keyset-paged on the ordering. Reads only.

    A course whose last session has ended (`ends_at` at or before `clock.now()`) has left the
    catalog: it is listed only when `filter.include_ended` is set (a provider's past courses, for their
    rosters), in the same ordering as the rest. A search of several words matches the courses that
    hold every one of them, each in the title or the description (`search_words`).

    Returns the page and each row's cursor key (the ordering's timestamp and the id).

    Raises:
        InvalidInput: `first` out of 1–100, or too many search words.
        UnknownCounty: `filter.county_code` is not a county of the prefecture.
    """
    check_page_size(first)
    words = search_words(filter.search)
    if filter.county_code:  # empty: no county chosen, as before
        await people.check_county(filter.county_code)
    query = _catalog_query(actor, filter, words)
    total = await query.count()
    if order is CourseOrder.SOONEST:
        if after is not None:
            at, pk = after
            query = query.filter(Q(starts_at__gt=at) | Q(starts_at=at, id__gt=pk))
        rows = await query.order_by("starts_at", "id").limit(first + 1)
        keys = [(r.starts_at, r.id) for r in rows]
    else:
        if after is not None:
            at, pk = after
            query = query.filter(Q(created_at__lt=at) | Q(created_at=at, id__lt=pk))
        rows = await query.order_by("-created_at", "-id").limit(first + 1)
        keys = [(r.created_at, r.id) for r in rows]
    page = Page(items=rows[:first], has_next_page=len(rows) > first, total_count=total)
    return page, keys[:first]
