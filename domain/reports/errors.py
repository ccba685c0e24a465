"""The refusals of the reports context, named as facts (messages in Chinese)."""

from __future__ import annotations

from domain.errors import DomainError, ErrorCode


class PlanPeriodNotFound(DomainError):
    code = ErrorCode.PLAN_PERIOD_NOT_FOUND
    field = "periodId"
    default_message = "规划期不存在"


class InvalidTarget(DomainError):
    code = ErrorCode.INVALID_TARGET
