"""The stable error contract: one `ErrorCode` enum, and `DomainError`s named as facts.

A `DomainError` is a business rule saying no. Mutations return it as a `userError` (code, input field
path, a Chinese message the user can act on); anything else is a bug and is masked at the edge.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import ClassVar


class ErrorCode(StrEnum):
    # Input that does not parse or does not check out.
    INVALID_INPUT = "INVALID_INPUT"
    INVALID_ID = "INVALID_ID"
    INVALID_ID_CARD_NUMBER = "INVALID_ID_CARD_NUMBER"
    INVALID_NAME = "INVALID_NAME"
    INVALID_CREDIT_CODE = "INVALID_CREDIT_CODE"
    INVALID_PHONE = "INVALID_PHONE"
    UNKNOWN_COUNTY = "UNKNOWN_COUNTY"
    # Accounts.
    USERNAME_TAKEN = "USERNAME_TAKEN"
    WEAK_PASSWORD = "WEAK_PASSWORD"  # noqa: S105 - an error code, not a password
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    TOO_MANY_ATTEMPTS = "TOO_MANY_ATTEMPTS"
    UNKNOWN_USER = "UNKNOWN_USER"
    ROLE_SCOPE_INVALID = "ROLE_SCOPE_INVALID"
    ROLE_ALREADY_HELD = "ROLE_ALREADY_HELD"
    ROLE_NOT_HELD = "ROLE_NOT_HELD"
    # The talent registry.
    ID_CARD_NUMBER_TAKEN = "ID_CARD_NUMBER_TAKEN"
    NO_PERSON = "NO_PERSON"
    DATES_OUT_OF_ORDER = "DATES_OUT_OF_ORDER"
    # Organisations.
    CREDIT_CODE_TAKEN = "CREDIT_CODE_TAKEN"
    ORGANIZATION_NOT_FOUND = "ORGANIZATION_NOT_FOUND"
    ORGANIZATION_ALREADY_REVIEWED = "ORGANIZATION_ALREADY_REVIEWED"
    ORGANIZATION_NOT_APPROVED = "ORGANIZATION_NOT_APPROVED"
    REASON_REQUIRED = "REASON_REQUIRED"
    # Reference data.
    INVALID_POPULATION_RECORD = "INVALID_POPULATION_RECORD"
    # Training.
    PROVIDER_NOT_FOUND = "PROVIDER_NOT_FOUND"
    PROVIDER_NAME_TAKEN = "PROVIDER_NAME_TAKEN"
    COURSE_NOT_FOUND = "COURSE_NOT_FOUND"
    INVALID_HOURS = "INVALID_HOURS"
    INVALID_SESSIONS = "INVALID_SESSIONS"
    COURSE_NOT_EDITABLE = "COURSE_NOT_EDITABLE"
    COURSE_NOT_OPEN = "COURSE_NOT_OPEN"
    ALREADY_ENROLLED = "ALREADY_ENROLLED"
    ENROLLMENT_NOT_FOUND = "ENROLLMENT_NOT_FOUND"
    ENROLLMENT_CLOSED = "ENROLLMENT_CLOSED"
    NOT_ENROLLED = "NOT_ENROLLED"
    SESSION_NOT_FOUND = "SESSION_NOT_FOUND"
    HOURS_ABOVE_CREDIT = "HOURS_ABOVE_CREDIT"
    ALREADY_CREDITED = "ALREADY_CREDITED"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    ENTRY_NOT_FOUND = "ENTRY_NOT_FOUND"
    ALREADY_REVERSED = "ALREADY_REVERSED"
    REQUIREMENT_NOT_FOUND = "REQUIREMENT_NOT_FOUND"
    INVALID_ROSTER = "INVALID_ROSTER"
    FILE_TOO_LARGE = "FILE_TOO_LARGE"
    INVALID_DATE = "INVALID_DATE"
    SESSION_NOT_STARTED = "SESSION_NOT_STARTED"
    COURSE_NOT_HELD = "COURSE_NOT_HELD"
    HOURS_ABOVE_BALANCE = "HOURS_ABOVE_BALANCE"
    # Exam.
    SITTING_EXISTS = "SITTING_EXISTS"
    SITTING_NOT_FOUND = "SITTING_NOT_FOUND"
    SITE_NOT_FOUND = "SITE_NOT_FOUND"
    LEVEL_NOT_OFFERED = "LEVEL_NOT_OFFERED"
    REGISTRATION_CLOSED = "REGISTRATION_CLOSED"
    EXAM_SITE_FULL = "EXAM_SITE_FULL"
    ALREADY_REGISTERED = "ALREADY_REGISTERED"
    NOT_ELIGIBLE = "NOT_ELIGIBLE"
    REGISTRATION_NOT_FOUND = "REGISTRATION_NOT_FOUND"
    WRONG_REGISTRATION_STATUS = "WRONG_REGISTRATION_STATUS"
    FEE_MISMATCH = "FEE_MISMATCH"
    CERTIFICATE_NUMBER_TAKEN = "CERTIFICATE_NUMBER_TAKEN"
    CERTIFICATE_ALREADY_HELD = "CERTIFICATE_ALREADY_HELD"
    CERTIFICATE_NOT_FOUND = "CERTIFICATE_NOT_FOUND"
    INVALID_ISSUE_DATE = "INVALID_ISSUE_DATE"
    SOCIAL_WORKER_CERTIFICATE_MISSING = "SOCIAL_WORKER_CERTIFICATE_MISSING"
    INVALID_SCORE = "INVALID_SCORE"
    RESULT_ALREADY_RECORDED = "RESULT_ALREADY_RECORDED"
    REGISTRATION_NOT_DUE = "REGISTRATION_NOT_DUE"
    CONTINUING_EDUCATION_MISSING = "CONTINUING_EDUCATION_MISSING"
    EXAM_NOT_YET_HELD = "EXAM_NOT_YET_HELD"
    REGISTRATION_STILL_OPEN = "REGISTRATION_STILL_OPEN"
    SITTING_LOCKED = "SITTING_LOCKED"
    SITTING_HAS_REGISTRATIONS = "SITTING_HAS_REGISTRATIONS"
    DUPLICATE_SITE_NAME = "DUPLICATE_SITE_NAME"
    EXAM_DATE_PASSED = "EXAM_DATE_PASSED"
    EXAM_ALREADY_HELD = "EXAM_ALREADY_HELD"
    # Incentives.
    INVALID_AMOUNT = "INVALID_AMOUNT"
    INCENTIVE_POLICY_OVERLAP = "INCENTIVE_POLICY_OVERLAP"
    INCENTIVE_POLICY_NOT_FOUND = "INCENTIVE_POLICY_NOT_FOUND"
    INVALID_ACCOUNT_NUMBER = "INVALID_ACCOUNT_NUMBER"
    ENTITLEMENT_NOT_FOUND = "ENTITLEMENT_NOT_FOUND"
    WRONG_ENTITLEMENT_STATUS = "WRONG_ENTITLEMENT_STATUS"
    BUDGET_EXCEEDED = "BUDGET_EXCEEDED"
    BUDGET_BELOW_USED = "BUDGET_BELOW_USED"
    PAYOUT_BATCH_NOT_FOUND = "PAYOUT_BATCH_NOT_FOUND"
    PAYOUT_BATCH_EMPTY = "PAYOUT_BATCH_EMPTY"
    PAYOUT_BATCH_ALREADY_PAID = "PAYOUT_BATCH_ALREADY_PAID"
    RECOVERY_NOT_FOUND = "RECOVERY_NOT_FOUND"
    RECOVERY_ALREADY_RECORDED = "RECOVERY_ALREADY_RECORDED"
    INVALID_MONTH = "INVALID_MONTH"
    # The leading-talent programme.
    TALENT_ROUND_NOT_FOUND = "TALENT_ROUND_NOT_FOUND"
    INVALID_QUOTA = "INVALID_QUOTA"
    INVALID_RUBRIC = "INVALID_RUBRIC"
    TALENT_ROUND_LOCKED = "TALENT_ROUND_LOCKED"
    WRONG_ROUND_STATUS = "WRONG_ROUND_STATUS"
    APPLICATION_WINDOW_CLOSED = "APPLICATION_WINDOW_CLOSED"
    TALENT_NOT_ELIGIBLE = "TALENT_NOT_ELIGIBLE"
    ALREADY_APPLIED = "ALREADY_APPLIED"
    TALENT_APPLICATION_NOT_FOUND = "TALENT_APPLICATION_NOT_FOUND"
    WRONG_APPLICATION_STATUS = "WRONG_APPLICATION_STATUS"
    COUNTY_QUOTA_FULL = "COUNTY_QUOTA_FULL"
    INVALID_EVIDENCE = "INVALID_EVIDENCE"
    EVIDENCE_NOT_FOUND = "EVIDENCE_NOT_FOUND"
    NOT_AN_EXPERT = "NOT_AN_EXPERT"
    REVIEWER_CONFLICT = "REVIEWER_CONFLICT"
    NOT_ASSIGNED = "NOT_ASSIGNED"
    INVALID_SCORES = "INVALID_SCORES"
    ALREADY_SCORED = "ALREADY_SCORED"
    SCORING_INCOMPLETE = "SCORING_INCOMPLETE"
    INVALID_WORKING_DAYS = "INVALID_WORKING_DAYS"
    NOT_ON_NOTICE = "NOT_ON_NOTICE"
    TOO_MANY_OBJECTIONS = "TOO_MANY_OBJECTIONS"
    OBJECTION_NOT_FOUND = "OBJECTION_NOT_FOUND"
    OBJECTION_ALREADY_RESOLVED = "OBJECTION_ALREADY_RESOLVED"
    OBJECTIONS_OPEN = "OBJECTIONS_OPEN"
    NOTICE_NOT_ENDED = "NOTICE_NOT_ENDED"
    LEADING_TALENT_NOT_FOUND = "LEADING_TALENT_NOT_FOUND"
    WRONG_TALENT_STATUS = "WRONG_TALENT_STATUS"
    INVALID_ASSESSMENT_YEAR = "INVALID_ASSESSMENT_YEAR"
    ASSESSMENT_ALREADY_RECORDED = "ASSESSMENT_ALREADY_RECORDED"
    CALENDAR_DAY_NOT_FOUND = "CALENDAR_DAY_NOT_FOUND"
    # Reports: the plan periods and their targets.
    PLAN_PERIOD_NOT_FOUND = "PLAN_PERIOD_NOT_FOUND"
    INVALID_TARGET = "INVALID_TARGET"
    # Scope: an admin acting on something outside their county.
    OUT_OF_SCOPE = "OUT_OF_SCOPE"


class DomainError(Exception):
    """A business rule refused the request; `message` is Chinese and says what to change.

    A subclass whose message is fixed text declares it as `default_message` and is raised with no
    arguments; one whose message depends on the case passes it (or builds it in its own `__init__`).
    `field` names the input the user should change; a raise site may override it with `field=`.
    `field_path` is where that input sits under `input`: the field alone, or, for a refusal about one row
    of a list input, the list, the row's index and the field (`in_row`), e.g. ("results", "0", "score").
    """

    code: ClassVar[ErrorCode] = ErrorCode.INVALID_INPUT
    field: ClassVar[str | None] = None
    default_message: ClassVar[str | None] = None

    def __init__(self, message: str | None = None, *, field: str | None = None) -> None:
        if message is None:
            message = type(self).default_message
            if message is None:
                msg = f"{type(self).__name__} has no default message: pass one"
                raise TypeError(msg)
        super().__init__(message)
        self.message = message
        self.field_name = field if field is not None else type(self).field
        self.field_path: tuple[str, ...] = (self.field_name,) if self.field_name else ()


@contextmanager
def in_row(list_field: str, index: int) -> Iterator[None]:
    """Refusals raised inside are about row `index` (from 0, as GraphQL counts) of the list input
    `list_field`: their `field_path` becomes (list_field, index, their field), so the client is pointed at
    the row and field to change. The row's checks name the field within the row ("score"); a refusal
    without one points at the row. Rows of a list inside a row nest.
    """
    try:
        yield
    except DomainError as error:
        error.field_path = (list_field, str(index), *error.field_path)
        raise


class InvalidInput(DomainError):
    code = ErrorCode.INVALID_INPUT


class InvalidId(DomainError):
    code = ErrorCode.INVALID_ID
    default_message = "编号格式不正确或对象不存在"

    # The field is required here: an id is always some input's, and raise sites pass it positionally.
    def __init__(self, field: str) -> None:
        super().__init__(field=field)


class OutOfScope(DomainError):
    code = ErrorCode.OUT_OF_SCOPE
    default_message = "超出您的管理范围"


class IdempotencyKeyReused(DomainError):
    code = ErrorCode.IDEMPOTENCY_KEY_REUSED
    field = "idempotencyKey"
    default_message = "该幂等键已用于另一个不同的请求，请换一个新的键"
