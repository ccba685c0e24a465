"""Training's per-request DataLoaders: one query per kind of row, whatever the page or `nodes(ids:)`."""

from __future__ import annotations

from dataclasses import dataclass, field

from strawberry.dataloader import DataLoader

from api.schema.relay import loader
from domain.training import catalog, enrolment, progress, providers
from domain.training.models import Attendance, Course, CourseSession, Enrollment, Provider
from domain.training.vocabulary import HourCategory


@dataclass
class TrainingLoaders:
    provider: DataLoader[int, Provider | None] = field(
        default_factory=lambda: loader(providers.providers_by_ids)
    )
    course: DataLoader[int, Course | None] = field(default_factory=lambda: loader(catalog.courses_by_ids))
    sessions: DataLoader[int, list[CourseSession] | None] = field(
        default_factory=lambda: loader(catalog.sessions_by_course_ids)
    )
    enrollment: DataLoader[int, Enrollment | None] = field(
        default_factory=lambda: loader(enrolment.enrollments_by_ids)
    )
    attendance: DataLoader[int, list[Attendance] | None] = field(
        default_factory=lambda: loader(enrolment.attendance_by_enrollment_ids)
    )
    # A course's wait-listed enrolment ids, first in line first.
    waitlist: DataLoader[int, list[int] | None] = field(
        default_factory=lambda: loader(enrolment.waitlists_by_course_ids)
    )
    # A requirement's caps in tenths of an hour, by category.
    caps: DataLoader[int, dict[HourCategory, int] | None] = field(
        default_factory=lambda: loader(progress.caps_by_requirement_ids)
    )
