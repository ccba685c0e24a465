"""The exam's refusals, named as facts."""

from __future__ import annotations

from domain.errors import DomainError, ErrorCode


class SittingExists(DomainError):
    code = ErrorCode.SITTING_EXISTS
    field = "year"

    def __init__(self, year: int) -> None:
        super().__init__(f"{year} 年的考试已设立")


class SittingNotFound(DomainError):
    code = ErrorCode.SITTING_NOT_FOUND
    field = "sittingId"

    def __init__(self) -> None:
        super().__init__("考试不存在")


class SiteNotFound(DomainError):
    code = ErrorCode.SITE_NOT_FOUND
    field = "siteId"

    def __init__(self) -> None:
        super().__init__("考点不属于本次考试")


class LevelNotOffered(DomainError):
    code = ErrorCode.LEVEL_NOT_OFFERED
    field = "level"

    def __init__(self) -> None:
        super().__init__("本次考试不设此级别")


class RegistrationClosed(DomainError):
    code = ErrorCode.REGISTRATION_CLOSED


class ExamSiteFull(DomainError):
    code = ErrorCode.EXAM_SITE_FULL
    field = "siteId"

    def __init__(self, site_name: str) -> None:
        super().__init__(f"考点「{site_name}」名额已满")


class AlreadyRegistered(DomainError):
    code = ErrorCode.ALREADY_REGISTERED
    field = "sittingId"

    def __init__(self) -> None:
        super().__init__("您已报名本次考试（每次考试只能有一个有效报名）")


class NotEligible(DomainError):
    code = ErrorCode.NOT_ELIGIBLE
    field = "level"


class RegistrationNotFound(DomainError):
    code = ErrorCode.REGISTRATION_NOT_FOUND
    field = "registrationId"

    def __init__(self) -> None:
        super().__init__("报名记录不存在")


class WrongRegistrationStatus(DomainError):
    code = ErrorCode.WRONG_REGISTRATION_STATUS
    field = "registrationId"


class FeeMismatch(DomainError):
    code = ErrorCode.FEE_MISMATCH
    field = "amount"
