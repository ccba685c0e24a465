"""The incentives' enumerations, in the business vocabulary (API.md §Incentives)."""

from __future__ import annotations

from enum import StrEnum


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
