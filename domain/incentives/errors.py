"""The refusals of incentives, named as facts (messages in Chinese, with the figures a clerk needs)."""

from __future__ import annotations

from datetime import date

from domain.errors import DomainError, ErrorCode
from domain.money import from_fen


class InvalidAmount(DomainError):
    code = ErrorCode.INVALID_AMOUNT
    field = "amount"
    default_message = "金额须为不小于零的元，最多两位小数"


class PolicyOverlap(DomainError):
    code = ErrorCode.INCENTIVE_POLICY_OVERLAP
    field = "effectiveFrom"

    def __init__(self, starts_on: date, ends_on: date | None) -> None:
        until = f"{ends_on}" if ends_on else "长期"
        super().__init__(
            f"与已有政策版本（{starts_on} 至 {until}）的有效期重叠：同一县、类别和级别每天只能有一个金额；"
            "请先为旧版本设定截止日期，或调整新版本的生效日期"
        )


class PolicyNotFound(DomainError):
    code = ErrorCode.INCENTIVE_POLICY_NOT_FOUND
    field = "policyId"
    default_message = "激励政策不存在"


class EntitlementNotFound(DomainError):
    code = ErrorCode.ENTITLEMENT_NOT_FOUND
    field = "entitlementId"
    default_message = "待遇不存在或不在您的管理范围"


class WrongEntitlementStatus(DomainError):
    code = ErrorCode.WRONG_ENTITLEMENT_STATUS
    field = "entitlementId"


class BudgetExceeded(DomainError):
    code = ErrorCode.BUDGET_EXCEEDED
    field = "entitlementId"

    def __init__(self, county_name: str, year: int, remaining_fen: int | None, needed_fen: int) -> None:
        if remaining_fen is None:
            super().__init__(
                f"{county_name} {year} 年度激励资金预算尚未设置，不能审核通过（需 {from_fen(needed_fen)} 元）"
            )
        else:
            super().__init__(
                f"超出{county_name} {year} 年度预算：剩余 {from_fen(remaining_fen)} 元，"
                f"本次需 {from_fen(needed_fen)} 元"
            )


class BudgetBelowUsed(DomainError):
    code = ErrorCode.BUDGET_BELOW_USED
    field = "amount"

    def __init__(self, used_fen: int) -> None:
        super().__init__(f"预算额不能低于已承诺和已发放（扣除已追回）的 {from_fen(used_fen)} 元")


class PayoutBatchNotFound(DomainError):
    code = ErrorCode.PAYOUT_BATCH_NOT_FOUND
    field = "batchId"
    default_message = "发放批次不存在或不在您的管理范围"


class PayoutBatchEmpty(DomainError):
    code = ErrorCode.PAYOUT_BATCH_EMPTY
    field = "countyCode"


class PayoutBatchAlreadyPaid(DomainError):
    code = ErrorCode.PAYOUT_BATCH_ALREADY_PAID
    field = "batchId"
    default_message = "该发放批次已标记为已发放"


class RecoveryNotFound(DomainError):
    code = ErrorCode.RECOVERY_NOT_FOUND
    field = "recoveryId"
    default_message = "追回事项不存在或不在您的管理范围"


class RecoveryAlreadyRecorded(DomainError):
    code = ErrorCode.RECOVERY_ALREADY_RECORDED
    field = "recoveryId"
    default_message = "该追回事项已登记为已追回"


class InvalidMonth(DomainError):
    code = ErrorCode.INVALID_MONTH
    field = "month"


class PaymentDateInvalid(DomainError):
    """A day money was paid or recovered that cannot be (in the future, or before the thing existed)."""

    code = ErrorCode.INVALID_DATE
    field = "paidOn"
