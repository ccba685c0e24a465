"""Training's refusals, named as facts."""

from __future__ import annotations

from domain.errors import DomainError, ErrorCode


class ProviderNotFound(DomainError):
    code = ErrorCode.PROVIDER_NOT_FOUND
    field = "providerId"
    default_message = "培训机构不存在或未备案"


class ProviderNameTaken(DomainError):
    code = ErrorCode.PROVIDER_NAME_TAKEN
    field = "name"
    default_message = "同名培训机构已备案"


class CourseNotFound(DomainError):
    code = ErrorCode.COURSE_NOT_FOUND
    field = "courseId"
    default_message = "课程不存在"


class InvalidHours(DomainError):
    code = ErrorCode.INVALID_HOURS


class InvalidSessions(DomainError):
    code = ErrorCode.INVALID_SESSIONS
    field = "sessions"


class CourseNotEditable(DomainError):
    code = ErrorCode.COURSE_NOT_EDITABLE
    field = "courseId"


class CourseNotOpen(DomainError):
    code = ErrorCode.COURSE_NOT_OPEN
    field = "courseId"


class AlreadyEnrolled(DomainError):
    code = ErrorCode.ALREADY_ENROLLED
    field = "courseId"
    default_message = "您已报名（或在候补名单中）"


class EnrollmentNotFound(DomainError):
    code = ErrorCode.ENROLLMENT_NOT_FOUND
    field = "enrollmentId"
    default_message = "报名记录不存在"


class EnrollmentClosed(DomainError):
    code = ErrorCode.ENROLLMENT_CLOSED
    field = "enrollmentId"


class NotEnrolled(DomainError):
    code = ErrorCode.NOT_ENROLLED
    field = "enrollmentId"


class SessionNotFound(DomainError):
    code = ErrorCode.SESSION_NOT_FOUND
    field = "sessionId"
    default_message = "该课次不属于此课程"


class HoursAboveCredit(DomainError):
    code = ErrorCode.HOURS_ABOVE_CREDIT
    field = "hours"


class AlreadyCredited(DomainError):
    code = ErrorCode.ALREADY_CREDITED
    field = "enrollmentId"
    default_message = "该报名已记录结业学时，不能重复记录"


class EntryNotFound(DomainError):
    code = ErrorCode.ENTRY_NOT_FOUND
    field = "entryId"
    default_message = "学时记录不存在"


class AlreadyReversed(DomainError):
    code = ErrorCode.ALREADY_REVERSED
    field = "entryId"


class RequirementNotFound(DomainError):
    code = ErrorCode.REQUIREMENT_NOT_FOUND
    field = "requirementId"
    default_message = "学时要求不存在"


class InvalidRoster(DomainError):
    code = ErrorCode.INVALID_ROSTER
    field = "file"


class FileTooLarge(DomainError):
    code = ErrorCode.FILE_TOO_LARGE
    field = "file"


class InvalidDate(DomainError):
    code = ErrorCode.INVALID_DATE


class SessionNotStarted(DomainError):
    code = ErrorCode.SESSION_NOT_STARTED
    field = "sessionId"
    default_message = "该课次尚未开始，不能记录考勤"


class CourseNotHeld(DomainError):
    """A completion before the course's last session has started."""

    code = ErrorCode.COURSE_NOT_HELD
    field = "enrollmentId"
    default_message = "课程最后一次课尚未开始，不能记录结业"


class HoursAboveBalance(DomainError):
    """A negative adjustment taking away more hours than the category holds."""

    code = ErrorCode.HOURS_ABOVE_BALANCE
    field = "hours"
