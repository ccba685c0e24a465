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
    default_message = "考试不存在"


class SiteNotFound(DomainError):
    code = ErrorCode.SITE_NOT_FOUND
    field = "siteId"
    default_message = "考点不属于本次考试"


class LevelNotOffered(DomainError):
    code = ErrorCode.LEVEL_NOT_OFFERED
    field = "level"
    default_message = "本次考试不设此级别"


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
    default_message = "您已报名本次考试（每次考试只能有一个有效报名）"


class NotEligible(DomainError):
    code = ErrorCode.NOT_ELIGIBLE
    field = "level"


class RegistrationNotFound(DomainError):
    code = ErrorCode.REGISTRATION_NOT_FOUND
    field = "registrationId"
    default_message = "报名记录不存在"


class WrongRegistrationStatus(DomainError):
    code = ErrorCode.WRONG_REGISTRATION_STATUS
    field = "registrationId"


class FeeMismatch(DomainError):
    code = ErrorCode.FEE_MISMATCH
    field = "amount"


class CertificateNumberTaken(DomainError):
    code = ErrorCode.CERTIFICATE_NUMBER_TAKEN
    field = "number"
    default_message = "该证书编号已登记在系统中"


class CertificateAlreadyHeld(DomainError):
    code = ErrorCode.CERTIFICATE_ALREADY_HELD
    field = "level"
    default_message = "此人已有该级别的证书"


class CertificateNotFound(DomainError):
    code = ErrorCode.CERTIFICATE_NOT_FOUND
    field = "certificateId"
    default_message = "证书不存在"


class IssueDateImpossible(DomainError):
    code = ErrorCode.INVALID_ISSUE_DATE
    field = "issuedOn"


class SocialWorkerCertificateMissing(DomainError):
    code = ErrorCode.SOCIAL_WORKER_CERTIFICATE_MISSING
    field = "level"
    default_message = "高级社会工作师须已取得社会工作师（中级）证书：请先录入此人的中级证书"


class InvalidScore(DomainError):
    code = ErrorCode.INVALID_SCORE
    field = "results"


class ResultAlreadyRecorded(DomainError):
    code = ErrorCode.RESULT_ALREADY_RECORDED
    field = "results"


class RegistrationNotDue(DomainError):
    code = ErrorCode.REGISTRATION_NOT_DUE
    field = "certificateId"


class ContinuingEducationMissing(DomainError):
    code = ErrorCode.CONTINUING_EDUCATION_MISSING
    field = "certificateId"


class WrongSubject(DomainError):
    code = ErrorCode.INVALID_SCORE
    field = "results"
