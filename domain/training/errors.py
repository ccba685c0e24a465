"""Training's refusals, named as facts."""

from __future__ import annotations

from domain.errors import DomainError, ErrorCode


class ProviderNotFound(DomainError):
    code = ErrorCode.PROVIDER_NOT_FOUND
    field = "providerId"

    def __init__(self, field: str | None = None) -> None:
        super().__init__("培训机构不存在或未备案", field=field)


class ProviderNameTaken(DomainError):
    code = ErrorCode.PROVIDER_NAME_TAKEN
    field = "name"

    def __init__(self) -> None:
        super().__init__("同名培训机构已备案")


class CourseNotFound(DomainError):
    code = ErrorCode.COURSE_NOT_FOUND
    field = "courseId"

    def __init__(self) -> None:
        super().__init__("课程不存在")


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

    def __init__(self) -> None:
        super().__init__("您已报名（或在候补名单中）")


class EnrollmentNotFound(DomainError):
    code = ErrorCode.ENROLLMENT_NOT_FOUND
    field = "enrollmentId"

    def __init__(self) -> None:
        super().__init__("报名记录不存在")


class EnrollmentClosed(DomainError):
    code = ErrorCode.ENROLLMENT_CLOSED
    field = "enrollmentId"


class NotEnrolled(DomainError):
    code = ErrorCode.NOT_ENROLLED
    field = "enrollmentId"


class SessionNotFound(DomainError):
    code = ErrorCode.SESSION_NOT_FOUND
    field = "sessionId"

    def __init__(self) -> None:
        super().__init__("该课次不属于此课程")


class HoursAboveCredit(DomainError):
    code = ErrorCode.HOURS_ABOVE_CREDIT
    field = "hours"


class AlreadyCredited(DomainError):
    code = ErrorCode.ALREADY_CREDITED
    field = "enrollmentId"

    def __init__(self) -> None:
        super().__init__("该报名已记录结业学时，不能重复记录")


class EntryNotFound(DomainError):
    code = ErrorCode.ENTRY_NOT_FOUND
    field = "entryId"

    def __init__(self) -> None:
        super().__init__("学时记录不存在")


class AlreadyReversed(DomainError):
    code = ErrorCode.ALREADY_REVERSED
    field = "entryId"


class RequirementNotFound(DomainError):
    code = ErrorCode.REQUIREMENT_NOT_FOUND
    field = "requirementId"

    def __init__(self) -> None:
        super().__init__("学时要求不存在")


class InvalidRoster(DomainError):
    code = ErrorCode.INVALID_ROSTER
    field = "file"


class FileTooLarge(DomainError):
    code = ErrorCode.FILE_TOO_LARGE
    field = "file"


class InvalidDate(DomainError):
    code = ErrorCode.INVALID_DATE
