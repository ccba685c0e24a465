"""The exam's refusals, named as facts."""

from __future__ import annotations

from datetime import date

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


class ExamNotYetHeld(DomainError):
    code = ErrorCode.EXAM_NOT_YET_HELD
    field = "sittingId"

    def __init__(self, exam_date: date) -> None:
        super().__init__(f"考试日期为 {exam_date.isoformat()}，考试当天及以后才能录入成绩")


class RegistrationStillOpen(DomainError):
    code = ErrorCode.REGISTRATION_STILL_OPEN
    field = "sittingId"

    def __init__(self, closes_on: date) -> None:
        super().__init__(f"报名 {closes_on.isoformat()} 截止，截止后才能发放准考证")


class SittingLocked(DomainError):
    code = ErrorCode.SITTING_LOCKED
    field = "sittingId"

    def __init__(self, opens_on: date) -> None:
        super().__init__(f"报名已于 {opens_on.isoformat()} 开始，考试安排不能再修改")


class SittingHasRegistrations(DomainError):
    code = ErrorCode.SITTING_HAS_REGISTRATIONS
    field = "sittingId"

    def __init__(self, count: int) -> None:
        super().__init__(f"已有 {count} 条报名记录，考试不能取消")


class DuplicateSiteName(DomainError):
    code = ErrorCode.DUPLICATE_SITE_NAME
    field = "name"

    def __init__(self, name: str) -> None:
        super().__init__(f"考点名称「{name}」重复：同一次考试的考点须各有其名")


class ExamDatePassed(DomainError):
    code = ErrorCode.EXAM_DATE_PASSED
    field = "examDate"

    def __init__(self, exam_date: date) -> None:
        super().__init__(f"考试日期 {exam_date.isoformat()} 已过，不能设立或改到已过的日期")


class ExamAlreadyHeld(DomainError):
    """Review, fee confirmation and admission tickets belong before the exam: on its day or after, a
    registration still waiting for any of them can no longer lead to a seat (DOMAIN.md, order of
    events). `refused` says what can no longer be done; `field` names the input it is about."""

    code = ErrorCode.EXAM_ALREADY_HELD
    field = "registrationId"

    def __init__(
        self, exam_date: date, *, refused: str = "报名不能再审核或确认缴费", field: str = "registrationId"
    ) -> None:
        super().__init__(f"考试已于 {exam_date.isoformat()} 举行，{refused}", field=field)
