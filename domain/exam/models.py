"""Tables of the exam: sittings and their sites, registrations, and certificates.

Money is stored in integer fen and scores in integer tenths, so sums and comparisons are exact on
both databases.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields

from domain.exam.vocabulary import ExamEventKind, ExamLevel, ExamRegistrationStatus, ExamSubject
from domain.tables import Table

if TYPE_CHECKING:
    from domain.people.models import County, Person


# The year's sitting (one a year: registration about March, exam late May), set up by the prefecture.
class ExamSitting(Table):
    id = fields.IntField(primary_key=True)
    year = fields.IntField(unique=True)
    exam_date = fields.DateField()
    registration_opens_on = fields.DateField()
    registration_closes_on = fields.DateField()
    # The levels offered this year, as a comma-separated list of ExamLevel values.
    levels = fields.CharField(max_length=100)
    fee_per_subject_fen = fields.IntField()
    pass_mark_tenths = fields.IntField(default=600)
    created_at = fields.DatetimeField(auto_now_add=True)

    sites: fields.ReverseRelation[ExamSite]

    class Meta:
        table = "exam_sitting"


# An exam site in a county; `taken` is guarded by a conditional update so it never passes capacity.
class ExamSite(Table):
    id = fields.IntField(primary_key=True)
    sitting: fields.ForeignKeyRelation[ExamSitting] = fields.ForeignKeyField(
        "exam.ExamSitting", related_name="sites", on_delete=fields.CASCADE, db_index=True
    )
    sitting_id: int
    name = fields.CharField(max_length=100)
    county: fields.ForeignKeyRelation[County] = fields.ForeignKeyField(
        "people.County", related_name="exam_sites", on_delete=fields.RESTRICT
    )
    county_id: str
    capacity = fields.IntField()
    taken = fields.IntField(default=0)

    class Meta:
        table = "exam_site"


class ExamRegistration(Table):
    id = fields.IntField(primary_key=True)
    sitting: fields.ForeignKeyRelation[ExamSitting] = fields.ForeignKeyField(
        "exam.ExamSitting", related_name="registrations", on_delete=fields.RESTRICT, db_index=True
    )
    sitting_id: int
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "people.Person", related_name="exam_registrations", on_delete=fields.RESTRICT, db_index=True
    )
    person_id: int
    level = fields.CharEnumField(ExamLevel, max_length=20)
    site: fields.ForeignKeyRelation[ExamSite] = fields.ForeignKeyField(
        "exam.ExamSite", related_name="registrations", on_delete=fields.RESTRICT, db_index=True
    )
    site_id: int
    status = fields.CharEnumField(ExamRegistrationStatus, max_length=12, db_index=True)
    # "sitting:person" while the registration is live, NULL once withdrawn or rejected: the database
    # itself keeps one live registration per person per sitting, whatever the concurrency.
    live_key = fields.CharField(max_length=40, unique=True, null=True)
    eligibility_rule = fields.CharField(max_length=60)
    review_reason = fields.CharField(max_length=500, null=True)
    reviewed_by_user_id = fields.IntField(null=True)
    fee_paid_fen = fields.IntField(null=True)
    payment_reference = fields.CharField(max_length=100, null=True)
    admission_number = fields.CharField(max_length=30, unique=True, null=True)
    seat = fields.IntField(null=True)
    submitted_at = fields.DatetimeField(auto_now_add=True)
    idempotency_key = fields.CharField(max_length=100, unique=True, null=True)
    request_digest = fields.CharField(max_length=64, null=True)
    fee_idempotency_key = fields.CharField(max_length=100, unique=True, null=True)
    fee_request_digest = fields.CharField(max_length=64, null=True)

    class Meta:
        table = "exam_registration"


# One subject's score for one registration; scores are integer tenths (0–1000).
class ExamResult(Table):
    id = fields.IntField(primary_key=True)
    registration: fields.ForeignKeyRelation[ExamRegistration] = fields.ForeignKeyField(
        "exam.ExamRegistration", related_name="results", on_delete=fields.RESTRICT, db_index=True
    )
    registration_id: int
    subject = fields.CharEnumField(ExamSubject, max_length=30)
    score_tenths = fields.IntField()
    # 单独划线: a result on the lower local pass line, valid only locally.
    local_line = fields.BooleanField(default=False)
    recorded_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "exam_result"
        unique_together = (("registration", "subject"),)


# A certificate: issued on passing a level, or recorded by a county admin when obtained before the
# system existed. It never expires; its registration (登记) lapses (registered_until).
class Certificate(Table):
    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "people.Person", related_name="certificates", on_delete=fields.RESTRICT, db_index=True
    )
    person_id: int
    level = fields.CharEnumField(ExamLevel, max_length=20)
    number = fields.CharField(max_length=40, unique=True)
    issued_on = fields.DateField()
    local_only = fields.BooleanField(default=False)
    verification_code = fields.CharField(max_length=16, unique=True)
    recorded_existing = fields.BooleanField(default=False)
    registered_on = fields.DateField(null=True)
    registered_until = fields.DateField(null=True)
    # The first day continuing education counts toward the registration recorded: after a renewal or a
    # late registration, the day after it was made (the hours up to then were counted to make it);
    # NULL means registered_on (registrations recorded before this column).
    education_counts_from = fields.DateField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "certificate"
        unique_together = (("person", "level"),)


# The outbox: facts the incentives context turns into entitlements, read in id order and never
# changed, so a consumer that remembers the last id it handled sees each fact exactly once.
class ExamEvent(Table):
    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(ExamEventKind, max_length=30, db_index=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "people.Person", related_name="exam_events", on_delete=fields.RESTRICT, db_index=True
    )
    person_id: int
    level = fields.CharEnumField(ExamLevel, max_length=20)
    certificate: fields.ForeignKeyNullableRelation[Certificate] = fields.ForeignKeyField(
        "exam.Certificate", related_name="events", null=True, on_delete=fields.RESTRICT
    )
    certificate_id: int | None
    registration: fields.ForeignKeyNullableRelation[ExamRegistration] = fields.ForeignKeyField(
        "exam.ExamRegistration", related_name="events", null=True, on_delete=fields.RESTRICT
    )
    registration_id: int | None
    amount_fen = fields.IntField(null=True)
    occurred_on = fields.DateField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "exam_event"
