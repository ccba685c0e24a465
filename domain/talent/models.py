"""Tables of the leading-talent programme: rounds with their county quotas and rubric, applications with
their steps and evidence, reviewers' assignments and sealed scores, objections during 公示, the leading
talents with their cultivation tranches and annual assessments, and the calendar days an admin adds.

Scores, weights and maximums are `Decimal` with two places (summed in Python, never by the database);
money is integer fen. Uniqueness lives in the database: one application per person per round, one
assignment per reviewer and application, one score per dimension of an assignment, one assessment per
talent and year, one tranche per ordinal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields

from domain.exam.vocabulary import ExamLevel
from domain.tables import Table
from domain.talent.vocabulary import (
    ApplicationStatus,
    AssessmentGrade,
    AssignmentStatus,
    ObjectionStatus,
    RevocationCause,
    RoundStatus,
    TalentDimension,
    TalentStatus,
    TrancheStatus,
)

if TYPE_CHECKING:
    from domain.people.models import County, Person


# A selection round (seed §九; DOMAIN.md step 1): its call, eligibility criteria and rubric as data, the
# notice's dates once started, and the cultivation plan its talents get. Corrected only until its window
# opens; every later change is a move of `status` (domain.talent.workflow.ROUND_MOVES).
class TalentRound(Table):
    id = fields.IntField(primary_key=True)
    year = fields.IntField()
    title = fields.CharField(max_length=100)
    quota = fields.IntField()
    application_opens_on = fields.DateField()
    application_closes_on = fields.DateField()
    # Eligibility, read as of application_closes_on; NULL level or age: no such condition.
    min_certificate_level = fields.CharEnumField(ExamLevel, max_length=20, null=True)
    min_years_held = fields.IntField(default=0)
    min_practice_years = fields.IntField(default=0)
    max_age = fields.IntField(null=True)
    training_requirement_met = fields.BooleanField(default=False)
    # Whether the next-ranked moves up when an upheld objection removes a candidate.
    promote_next_on_upheld = fields.BooleanField(default=True)
    cultivation_years = fields.IntField(default=3)
    funding_fen = fields.IntField(default=0)
    status = fields.CharEnumField(RoundStatus, max_length=12, default=RoundStatus.CALLING, db_index=True)
    notice_working_days = fields.IntField(null=True)
    notice_starts_on = fields.DateField(null=True)
    # The last day of 公示; moved later when a promoted candidate's own notice ends later.
    notice_ends_on = fields.DateField(null=True)
    scoring_closed_at = fields.DatetimeField(null=True)
    approved_on = fields.DateField(null=True)
    opened_by_user_id = fields.IntField()
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    county_quotas: fields.ReverseRelation[TalentCountyQuota]
    rubric: fields.ReverseRelation[TalentRubricItem]

    class Meta:
        table = "talent_round"


class TalentCountyQuota(Table):
    id = fields.IntField(primary_key=True)
    round: fields.ForeignKeyRelation[TalentRound] = fields.ForeignKeyField(
        "talent.TalentRound", related_name="county_quotas", on_delete=fields.CASCADE, db_index=True
    )
    round_id: int
    county: fields.ForeignKeyRelation[County] = fields.ForeignKeyField(
        "people.County", related_name="talent_quotas", on_delete=fields.RESTRICT, db_index=True
    )
    county_id: str
    quota = fields.IntField()

    class Meta:
        table = "talent_county_quota"
        unique_together = (("round", "county"),)


class TalentRubricItem(Table):
    id = fields.IntField(primary_key=True)
    round: fields.ForeignKeyRelation[TalentRound] = fields.ForeignKeyField(
        "talent.TalentRound", related_name="rubric", on_delete=fields.CASCADE, db_index=True
    )
    round_id: int
    dimension = fields.CharEnumField(TalentDimension, max_length=20)
    weight = fields.DecimalField(max_digits=6, decimal_places=2)
    max_score = fields.DecimalField(max_digits=6, decimal_places=2)

    class Meta:
        table = "talent_rubric_item"
        unique_together = (("round", "dimension"),)


# One person's application to one round (DOMAIN.md steps 2–7), with the snapshot of where they work when
# they applied (the county reviews it; a reviewer of that organisation has a conflict).
class TalentApplication(Table):
    id = fields.IntField(primary_key=True)
    round: fields.ForeignKeyRelation[TalentRound] = fields.ForeignKeyField(
        "talent.TalentRound", related_name="applications", on_delete=fields.RESTRICT, db_index=True
    )
    round_id: int
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "people.Person", related_name="talent_applications", on_delete=fields.RESTRICT, db_index=True
    )
    person_id: int
    county: fields.ForeignKeyRelation[County] = fields.ForeignKeyField(
        "people.County", related_name="talent_applications", on_delete=fields.RESTRICT, db_index=True
    )
    county_id: str
    organization_id = fields.IntField(null=True)
    organization_name = fields.CharField(max_length=100)
    status = fields.CharEnumField(ApplicationStatus, max_length=20, db_index=True)
    statement = fields.TextField(default="")
    achievements = fields.TextField(default="")
    # The employer's account that recommended the person (单位推荐), when it did.
    recommended_by_user_id = fields.IntField(null=True)
    submitted_at = fields.DatetimeField(null=True)
    county_comment = fields.TextField(null=True)
    county_reviewed_at = fields.DatetimeField(null=True)
    # Set when scoring closes: the trimmed mean of the weighted totals, the rank (1 = best) and whether
    # the rank falls within the total and county quotas.
    score = fields.DecimalField(max_digits=8, decimal_places=2, null=True)
    rank = fields.IntField(null=True)
    within_quota = fields.BooleanField(default=False)
    # This candidate's own 公示 (a candidate moved up later is on notice for the full term of their own).
    notice_starts_on = fields.DateField(null=True)
    notice_ends_on = fields.DateField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "talent_application"
        unique_together = (("round", "person"),)


# Every move of an application, with who, when and why: what the applicant and the county read as its
# history (the audit trail records the same move).
class TalentApplicationStep(Table):
    id = fields.IntField(primary_key=True)
    application: fields.ForeignKeyRelation[TalentApplication] = fields.ForeignKeyField(
        "talent.TalentApplication", related_name="steps", on_delete=fields.CASCADE, db_index=True
    )
    application_id: int
    from_status = fields.CharEnumField(ApplicationStatus, max_length=20, null=True)
    to_status = fields.CharEnumField(ApplicationStatus, max_length=20)
    actor_user_id = fields.IntField(null=True)
    comment = fields.TextField(null=True)
    at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "talent_application_step"


# An evidence file (PDF or image) kept in the database, so it commits or rolls back with its application
# and needs no directory to back up; served only to those who may review the application.
class TalentEvidence(Table):
    id = fields.IntField(primary_key=True)
    application: fields.ForeignKeyRelation[TalentApplication] = fields.ForeignKeyField(
        "talent.TalentApplication", related_name="evidence", on_delete=fields.CASCADE, db_index=True
    )
    application_id: int
    file_name = fields.CharField(max_length=200)
    content_type = fields.CharField(max_length=50)
    size_bytes = fields.IntField()
    sha256 = fields.CharField(max_length=64)
    content = fields.BinaryField()
    uploaded_by_user_id = fields.IntField()
    uploaded_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "talent_evidence"


# One expert reviewer on one application (DOMAIN.md step 4). A conflict found when assigning is kept as
# CONFLICT so the list shows why the reviewer is not scoring; SCORED is sealed.
class TalentAssignment(Table):
    id = fields.IntField(primary_key=True)
    round: fields.ForeignKeyRelation[TalentRound] = fields.ForeignKeyField(
        "talent.TalentRound", related_name="assignments", on_delete=fields.RESTRICT, db_index=True
    )
    round_id: int
    application: fields.ForeignKeyRelation[TalentApplication] = fields.ForeignKeyField(
        "talent.TalentApplication", related_name="assignments", on_delete=fields.RESTRICT, db_index=True
    )
    application_id: int
    reviewer_user_id = fields.IntField(db_index=True)
    status = fields.CharEnumField(AssignmentStatus, max_length=20, default=AssignmentStatus.ASSIGNED)
    # Why the reviewer does not score: the conflict found or declared, or the admin's reason to excuse.
    reason = fields.TextField(null=True)
    decided_by_user_id = fields.IntField(null=True)
    # The reviewer's weighted total (Σ weight × score) once scored.
    weighted_total = fields.DecimalField(max_digits=10, decimal_places=4, null=True)
    comment = fields.TextField(null=True)
    assigned_at = fields.DatetimeField(auto_now_add=True)
    decided_at = fields.DatetimeField(null=True)

    scores: fields.ReverseRelation[TalentScore]

    class Meta:
        table = "talent_assignment"
        unique_together = (("application", "reviewer_user_id"),)


class TalentScore(Table):
    id = fields.IntField(primary_key=True)
    assignment: fields.ForeignKeyRelation[TalentAssignment] = fields.ForeignKeyField(
        "talent.TalentAssignment", related_name="scores", on_delete=fields.RESTRICT, db_index=True
    )
    assignment_id: int
    dimension = fields.CharEnumField(TalentDimension, max_length=20)
    score = fields.DecimalField(max_digits=6, decimal_places=2)

    class Meta:
        table = "talent_score"
        unique_together = (("assignment", "dimension"),)


# An objection filed during 公示 by anyone (DOMAIN.md step 6), and the admin's written answer.
class TalentObjection(Table):
    id = fields.IntField(primary_key=True)
    round: fields.ForeignKeyRelation[TalentRound] = fields.ForeignKeyField(
        "talent.TalentRound", related_name="objections", on_delete=fields.RESTRICT, db_index=True
    )
    round_id: int
    application: fields.ForeignKeyRelation[TalentApplication] = fields.ForeignKeyField(
        "talent.TalentApplication", related_name="objections", on_delete=fields.RESTRICT, db_index=True
    )
    application_id: int
    text = fields.TextField()
    contact = fields.CharField(max_length=100)
    # The client address it came from: objections are rate-limited per client.
    client = fields.CharField(max_length=64, null=True, db_index=True)
    filed_by_user_id = fields.IntField(null=True)
    status = fields.CharEnumField(ObjectionStatus, max_length=10, default=ObjectionStatus.OPEN, db_index=True)
    resolution = fields.TextField(null=True)
    resolved_by_user_id = fields.IntField(null=True)
    resolved_at = fields.DatetimeField(null=True)
    filed_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "talent_objection"


# A leading talent (彝乡专业社会工作领军人才) made by approving a round (DOMAIN.md steps 7–9).
class LeadingTalent(Table):
    id = fields.IntField(primary_key=True)
    round: fields.ForeignKeyRelation[TalentRound] = fields.ForeignKeyField(
        "talent.TalentRound", related_name="talents", on_delete=fields.RESTRICT, db_index=True
    )
    round_id: int
    application: fields.OneToOneRelation[TalentApplication] = fields.OneToOneField(
        "talent.TalentApplication", related_name="talent", on_delete=fields.RESTRICT
    )
    application_id: int
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "people.Person", related_name="leading_titles", on_delete=fields.RESTRICT, db_index=True
    )
    person_id: int
    county: fields.ForeignKeyRelation[County] = fields.ForeignKeyField(
        "people.County", related_name="leading_talents", on_delete=fields.RESTRICT, db_index=True
    )
    county_id: str
    awarded_on = fields.DateField()
    cultivation_ends_on = fields.DateField()
    status = fields.CharEnumField(
        TalentStatus, max_length=12, default=TalentStatus.CULTIVATING, db_index=True
    )
    revoked_on = fields.DateField(null=True)
    revocation_cause = fields.CharEnumField(RevocationCause, max_length=20, null=True)
    revocation_reason = fields.TextField(null=True)
    revoked_by_user_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    tranches: fields.ReverseRelation[CultivationTranche]
    assessments: fields.ReverseRelation[CultivationAssessment]

    class Meta:
        table = "leading_talent"


# One tranche of a talent's cultivation funding: the first is released on approval, each next one after
# the previous year's assessment is passed; a revoked title stops the rest.
class CultivationTranche(Table):
    id = fields.IntField(primary_key=True)
    talent: fields.ForeignKeyRelation[LeadingTalent] = fields.ForeignKeyField(
        "talent.LeadingTalent", related_name="tranches", on_delete=fields.RESTRICT, db_index=True
    )
    talent_id: int
    ordinal = fields.IntField()
    amount_fen = fields.IntField()
    status = fields.CharEnumField(TrancheStatus, max_length=10, default=TrancheStatus.PLANNED)
    decided_on = fields.DateField(null=True)

    class Meta:
        table = "cultivation_tranche"
        unique_together = (("talent", "ordinal"),)


class CultivationAssessment(Table):
    id = fields.IntField(primary_key=True)
    talent: fields.ForeignKeyRelation[LeadingTalent] = fields.ForeignKeyField(
        "talent.LeadingTalent", related_name="assessments", on_delete=fields.RESTRICT, db_index=True
    )
    talent_id: int
    year = fields.IntField()
    grade = fields.CharEnumField(AssessmentGrade, max_length=10)
    comment = fields.TextField(null=True)
    recorded_by_user_id = fields.IntField()
    recorded_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "cultivation_assessment"
        unique_together = (("talent", "year"),)


# A day an admin marks as a holiday or a make-up working day (调休上班), for years the official calendar
# (chinese-calendar) does not cover yet; an entry here wins over the library.
class CalendarDay(Table):
    id = fields.IntField(primary_key=True)
    day = fields.DateField(unique=True)
    is_working_day = fields.BooleanField()
    name = fields.CharField(max_length=50)
    set_by_user_id = fields.IntField()
    set_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "calendar_day"
