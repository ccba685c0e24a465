"""Tables of training: providers, courses and sessions, enrolments and attendance, requirements, and
the append-only hour ledger with its cached balances.

Hours are stored as integer tenths of an hour (DOMAIN.md: one decimal place is enough), so sums are
exact on both databases; `domain.training.hours` converts to and from `Decimal`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields

from domain.tables import Table
from domain.training.vocabulary import (
    CourseStatus,
    DeliveryMode,
    EnrollmentStatus,
    EntrySource,
    HourCategory,
    RequirementAudience,
    ServiceField,
)

if TYPE_CHECKING:
    from domain.people.models import County, Person


# A training provider filed (备案) by the prefecture before its courses are listed.
class Provider(Table):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100, unique=True)
    county: fields.ForeignKeyRelation[County] = fields.ForeignKeyField(
        "people.County", related_name="providers", on_delete=fields.RESTRICT, db_index=True
    )
    county_id: str
    contact_name = fields.CharField(max_length=50)
    contact_phone = fields.CharField(max_length=20)
    filed_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "training_provider"


class Course(Table):
    id = fields.IntField(primary_key=True)
    provider: fields.ForeignKeyRelation[Provider] = fields.ForeignKeyField(
        "training.Provider", related_name="courses", on_delete=fields.RESTRICT, db_index=True
    )
    provider_id: int
    title = fields.CharField(max_length=100)
    description = fields.TextField()
    service_field = fields.CharEnumField(ServiceField, max_length=40, db_index=True)
    hour_category = fields.CharEnumField(HourCategory, max_length=30)
    credit_tenths = fields.IntField()
    delivery_mode = fields.CharEnumField(DeliveryMode, max_length=12)
    county: fields.ForeignKeyRelation[County] = fields.ForeignKeyField(
        "people.County", related_name="courses", on_delete=fields.RESTRICT, db_index=True
    )
    county_id: str
    capacity = fields.IntField()
    # Seats taken, guarded by a conditional update so enrolment never passes capacity.
    enrolled_count = fields.IntField(default=0)
    status = fields.CharEnumField(CourseStatus, max_length=10, default=CourseStatus.DRAFT, db_index=True)
    # The first session's start and the last session's end, for the catalog's filters and orderings.
    starts_at = fields.DatetimeField(db_index=True)
    ends_at = fields.DatetimeField()
    cancel_reason = fields.CharField(max_length=500, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    published_at = fields.DatetimeField(null=True, db_index=True)

    sessions: fields.ReverseRelation[CourseSession]

    class Meta:
        table = "course"
        # The catalog's NEWEST order walks this index instead of sorting every listed course.
        indexes = (("created_at", "id"),)


class CourseSession(Table):
    id = fields.IntField(primary_key=True)
    course: fields.ForeignKeyRelation[Course] = fields.ForeignKeyField(
        "training.Course", related_name="sessions", on_delete=fields.CASCADE, db_index=True
    )
    course_id: int
    starts_at = fields.DatetimeField()
    ends_at = fields.DatetimeField()
    location = fields.CharField(max_length=200)

    class Meta:
        table = "course_session"


class Enrollment(Table):
    id = fields.IntField(primary_key=True)
    course: fields.ForeignKeyRelation[Course] = fields.ForeignKeyField(
        "training.Course", related_name="enrollments", on_delete=fields.RESTRICT, db_index=True
    )
    course_id: int
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "people.Person", related_name="enrollments", on_delete=fields.RESTRICT, db_index=True
    )
    person_id: int
    status = fields.CharEnumField(EnrollmentStatus, max_length=12, db_index=True)
    enrolled_at = fields.DatetimeField(auto_now_add=True)
    withdrawn_at = fields.DatetimeField(null=True)
    # "course:person" while the enrolment is live (enrolled, wait-listed or completed), NULL once
    # withdrawn or cancelled: the database itself keeps one live enrolment per person per course,
    # whatever the concurrency (as `ExamRegistration.live_key` does for exam registrations).
    live_key = fields.CharField(max_length=40, unique=True, null=True)
    idempotency_key = fields.CharField(max_length=100, unique=True, null=True)
    # What the request that wrote this enrolment asked for: a retry with the key must ask the same.
    request_digest = fields.CharField(max_length=64, null=True)

    class Meta:
        table = "enrollment"


class Attendance(Table):
    id = fields.IntField(primary_key=True)
    enrollment: fields.ForeignKeyRelation[Enrollment] = fields.ForeignKeyField(
        "training.Enrollment", related_name="attendance", on_delete=fields.RESTRICT, db_index=True
    )
    enrollment_id: int
    session: fields.ForeignKeyRelation[CourseSession] = fields.ForeignKeyField(
        "training.CourseSession", related_name="attendance", on_delete=fields.RESTRICT
    )
    session_id: int
    present = fields.BooleanField()
    recorded_by_user_id = fields.IntField()
    recorded_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "attendance"
        unique_together = (("enrollment", "session"),)


# A requirement fed from the ledger: a fixed window (the front-line 160 h per five-year plan), or a
# period that restarts with each registration (continuing education, 民发〔2009〕123号).
class TrainingRequirement(Table):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=40, unique=True)
    name = fields.CharField(max_length=100)
    audience = fields.CharEnumField(RequirementAudience, max_length=30)
    starts_on = fields.DateField(null=True)
    ends_on = fields.DateField(null=True)
    period_years = fields.IntField(null=True)
    required_tenths = fields.IntField()
    updated_at = fields.DatetimeField(auto_now=True)

    caps: fields.ReverseRelation[CategoryCap]

    class Meta:
        table = "training_requirement"


# The most hours of one category that count toward a requirement (e.g. a degree counts 90 h once).
class CategoryCap(Table):
    id = fields.IntField(primary_key=True)
    requirement: fields.ForeignKeyRelation[TrainingRequirement] = fields.ForeignKeyField(
        "training.TrainingRequirement", related_name="caps", on_delete=fields.CASCADE, db_index=True
    )
    requirement_id: int
    category = fields.CharEnumField(HourCategory, max_length=30)
    cap_tenths = fields.IntField()

    class Meta:
        table = "category_cap"
        unique_together = (("requirement", "category"),)


# One line of the append-only hour ledger. Nothing updates or deletes a row (on PostgreSQL a trigger
# refuses it too); a correction is a reversing entry pointing at the original.
class HourEntry(Table):
    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "people.Person", related_name="hour_entries", on_delete=fields.RESTRICT, db_index=True
    )
    person_id: int
    tenths = fields.IntField()
    category = fields.CharEnumField(HourCategory, max_length=30)
    source = fields.CharEnumField(EntrySource, max_length=20)
    course: fields.ForeignKeyNullableRelation[Course] = fields.ForeignKeyField(
        "training.Course", related_name="hour_entries", null=True, on_delete=fields.RESTRICT
    )
    course_id: int | None
    # The first credit of an enrolment: the database refuses a second entry naming it. A credit
    # recorded again after its reversal names only the course (`credits.credit_enrollment`).
    enrollment: fields.ForeignKeyNullableRelation[Enrollment] = fields.OneToOneField(
        "training.Enrollment", related_name="credit", null=True, on_delete=fields.RESTRICT
    )
    enrollment_id: int | None
    # An entry is reversed at most once.
    reverses: fields.ForeignKeyNullableRelation[HourEntry] = fields.OneToOneField(
        "training.HourEntry", related_name="reversed_by", null=True, on_delete=fields.RESTRICT
    )
    reverses_id: int | None
    occurred_on = fields.DateField(db_index=True)
    reason = fields.CharField(max_length=500, null=True)
    recorded_by_user_id = fields.IntField(null=True)
    recorded_at = fields.DatetimeField(auto_now_add=True)
    idempotency_key = fields.CharField(max_length=100, unique=True, null=True)
    # What the request that wrote this entry asked for: a retry with the key must ask the same.
    request_digest = fields.CharField(max_length=64, null=True)

    class Meta:
        table = "hour_entry"


# Cached hours of one category toward one fixed-window requirement, updated in the entry's
# transaction; `swtalent verify-ledger` proves each equals the sum of its entries.
class HourBalance(Table):
    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "people.Person", related_name="hour_balances", on_delete=fields.RESTRICT, db_index=True
    )
    person_id: int
    requirement: fields.ForeignKeyRelation[TrainingRequirement] = fields.ForeignKeyField(
        "training.TrainingRequirement", related_name="balances", on_delete=fields.RESTRICT
    )
    requirement_id: int
    category = fields.CharEnumField(HourCategory, max_length=30)
    tenths = fields.IntField(default=0)

    class Meta:
        table = "hour_balance"
        unique_together = (("person", "requirement", "category"),)
        # Front-line compliance (compliance.py) sums one requirement's balances per person from the
        # index alone, without reading the table.
        indexes = (("requirement_id", "person_id", "category", "tenths"),)
