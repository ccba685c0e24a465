"""Per-request DataLoaders: nested fields resolve with one query per kind of row, whatever the page."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from strawberry.dataloader import DataLoader

from domain.access import Grant
from domain.accounts import service as accounts
from domain.accounts.models import User
from domain.exam import sittings as exam_sittings
from domain.exam.models import ExamSite
from domain.people import organizations
from domain.people import service as people
from domain.people.models import Organization, Person
from domain.training import catalog, enrolment
from domain.training.models import Attendance, Course, CourseSession, Provider

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def _by_key(
    fetch: Callable[[list[K]], Awaitable[dict[K, V]]],
) -> Callable[[Sequence[K]], Awaitable[list[V | None]]]:
    async def load(keys: Sequence[K]) -> list[V | None]:
        found = await fetch(list(keys))
        return [found.get(key) for key in keys]

    return load


def _loader(fetch: Callable[[list[K]], Awaitable[dict[K, V]]]) -> DataLoader[K, V | None]:
    return DataLoader(load_fn=_by_key(fetch))


@dataclass
class Loaders:
    person: DataLoader[int, Person | None] = field(default_factory=lambda: _loader(people.persons_by_ids))
    organization: DataLoader[int, Organization | None] = field(
        default_factory=lambda: _loader(organizations.organizations_by_ids)
    )
    user: DataLoader[int, User | None] = field(default_factory=lambda: _loader(accounts.users_by_ids))
    grants: DataLoader[int, list[Grant] | None] = field(
        default_factory=lambda: _loader(accounts.grants_by_user_ids)
    )
    county_name: DataLoader[str, str | None] = field(default_factory=lambda: _loader(people.county_names))
    provider: DataLoader[int, Provider | None] = field(
        default_factory=lambda: _loader(catalog.providers_by_ids)
    )
    course: DataLoader[int, Course | None] = field(default_factory=lambda: _loader(catalog.courses_by_ids))
    sessions: DataLoader[int, list[CourseSession] | None] = field(
        default_factory=lambda: _loader(catalog.sessions_by_course_ids)
    )
    exam_sites: DataLoader[int, list[ExamSite] | None] = field(
        default_factory=lambda: _loader(exam_sittings.sites_by_sitting_ids)
    )
    exam_site: DataLoader[int, ExamSite | None] = field(
        default_factory=lambda: _loader(exam_sittings.sites_by_ids)
    )
    attendance: DataLoader[int, list[Attendance] | None] = field(
        default_factory=lambda: _loader(enrolment.attendance_by_enrollment_ids)
    )
