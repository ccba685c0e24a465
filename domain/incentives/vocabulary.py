"""The incentives' enumerations, in the business vocabulary (API.md §Incentives)."""

from __future__ import annotations

from enum import StrEnum

from domain.exam.vocabulary import ExamLevel


class IncentiveKind(StrEnum):
    EXAM_FEE_SUBSIDY = "EXAM_FEE_SUBSIDY"  # 考试费补贴：退还已缴考试费，通常考试合格后发放
    ONE_TIME_REWARD = "ONE_TIME_REWARD"  # 一次性奖励：取得证书，按级别
    MONTHLY_ALLOWANCE = "MONTHLY_ALLOWANCE"  # 职业津贴：持证的专职社区工作者，按月


class EntitlementStatus(StrEnum):
    PENDING = "PENDING"  # 待县级审核
    APPROVED = "APPROVED"  # 审核通过，待编入发放批次
    REJECTED = "REJECTED"  # 审核未通过
    IN_BATCH = "IN_BATCH"  # 已编入发放批次
    PAID = "PAID"  # 已发放
    REVOKED = "REVOKED"  # 已撤销（发放后撤销的须追回）


class WaitingCondition(StrEnum):
    """What an event that arrived early waits for before it becomes an entitlement."""

    EXAM_PASSED = "EXAM_PASSED"  # 待考试合格（考试费补贴须合格后发放）
    CERTIFICATE_REGISTRATION = "CERTIFICATE_REGISTRATION"  # 待证书登记
    TENURE = "TENURE"  # 待本地工作年限届满


class PayoutBatchStatus(StrEnum):
    OPEN = "OPEN"  # 已编制，待县财政发放
    PAID = "PAID"  # 已发放


class RecoveryStatus(StrEnum):
    OUTSTANDING = "OUTSTANDING"  # 待追回
    RECOVERED = "RECOVERED"  # 已追回


# Policy rule switches when a policy leaves them out (API.md §Incentives `rules`; DOMAIN.md §Subsidies):
# a fee subsidy is refunded once the candidate passes; a certificate must be registered (登记); no
# minimum tenure; only the allowance is for full-time community workers; an upgrade pays the difference
# (就高差额); a month partly eligible pays its eligible days.
DEFAULT_REQUIRES_PASS = True
DEFAULT_REQUIRES_REGISTRATION = True
DEFAULT_MIN_TENURE_MONTHS = 0
DEFAULT_PAY_DIFFERENCE_ON_UPGRADE = True
DEFAULT_PRORATE = True


def default_full_time_only(kind: IncentiveKind) -> bool:
    """The allowance (职业津贴) is for certified full-time community workers; the others for anyone."""
    return kind is IncentiveKind.MONTHLY_ALLOWANCE


# Levels from lowest to highest: an upgrade pays the difference from the levels below it.
LEVEL_ORDER: tuple[ExamLevel, ...] = (ExamLevel.ASSISTANT, ExamLevel.SOCIAL_WORKER, ExamLevel.SENIOR)
