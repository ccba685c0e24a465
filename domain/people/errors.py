"""The registry's refusals, named as facts."""

from __future__ import annotations

from domain.errors import DomainError, ErrorCode


class InvalidIdCardNumber(DomainError):
    code = ErrorCode.INVALID_ID_CARD_NUMBER
    field = "idCardNumber"


class IdCardNumberTaken(DomainError):
    code = ErrorCode.ID_CARD_NUMBER_TAKEN
    field = "idCardNumber"
    default_message = "该身份证号已登记，请直接登录或联系县级民政部门"


class InvalidPhone(DomainError):
    code = ErrorCode.INVALID_PHONE
    field = "phone"
    default_message = "手机号应为 11 位数字，以 1 开头"


class UnknownCounty(DomainError):
    code = ErrorCode.UNKNOWN_COUNTY
    field = "countyCode"

    def __init__(self, code: str, *, field: str | None = None) -> None:
        shown = code if len(code) <= 12 else code[:12] + "…"  # a pasted paragraph is not quoted back whole
        super().__init__(f"县市代码「{shown}」不在楚雄州的县市之列", field=field)


class InvalidAccountNumber(DomainError):
    code = ErrorCode.INVALID_ACCOUNT_NUMBER
    field = "accountNumber"
    default_message = "银行账号须为 8 至 30 位数字（可含空格和连字符，不含字母和其他符号）"


class DatesOutOfOrder(DomainError):
    code = ErrorCode.DATES_OUT_OF_ORDER


class NoPerson(DomainError):
    code = ErrorCode.NO_PERSON
    default_message = "当前账号没有人才档案，请先在线注册"


class InvalidCreditCodeError(DomainError):
    code = ErrorCode.INVALID_CREDIT_CODE
    field = "unifiedSocialCreditCode"


class CreditCodeTaken(DomainError):
    code = ErrorCode.CREDIT_CODE_TAKEN
    field = "unifiedSocialCreditCode"
    default_message = "该统一社会信用代码的机构已备案"


class OrganizationNotFound(DomainError):
    code = ErrorCode.ORGANIZATION_NOT_FOUND
    field = "organizationId"
    default_message = "机构不存在"


class OrganizationAlreadyReviewed(DomainError):
    code = ErrorCode.ORGANIZATION_ALREADY_REVIEWED
    field = "organizationId"
    default_message = "该机构备案已审核，不能重复审核"


class OrganizationNotApproved(DomainError):
    code = ErrorCode.ORGANIZATION_NOT_APPROVED
    field = "organizationId"
    default_message = "只能关联已通过备案的机构"


class ReasonRequired(DomainError):
    code = ErrorCode.REASON_REQUIRED
    field = "reason"
    default_message = "不予通过时须填写理由"


class InvalidPopulationRecord(DomainError):
    code = ErrorCode.INVALID_POPULATION_RECORD
