"""Training's per-request DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass, field

from strawberry.dataloader import DataLoader

from api.schema.relay import loader
from domain.training import catalog, enrolment
from domain.training.models import Attendance, Course, CourseSession, Provider


@dataclass
class TrainingLoaders:
    provider: DataLoader[int, Provider | None] = field(default_factory=lambda: loader(catalog.providers_by_ids))
    course: DataLoader[int, Course | None] = field(default_factory=lambda: loader(catalog.courses_by_ids))
    sessions: DataLoader[int, list[CourseSession] | None] = field(
        default_factory=lambda: loader(catalog.sessions_by_course_ids)
    )
    attendance: DataLoader[int, list[Attendance] | None] = field(
        default_factory=lambda: loader(enrolment.attendance_by_enrollment_ids)
    )
