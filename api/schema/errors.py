"""How failures reach clients: `userErrors` for business rules, coded top-level errors for the rest."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import TypeVar

import strawberry
from graphql import GraphQLError

from domain.errors import DomainError, ErrorCode

strawberry.enum(ErrorCode, name="ErrorCode", description="业务规则错误代码（稳定）")


class TopLevelCode(StrEnum):
    """Codes of failures a client cannot fix by changing input (API.md §Conventions)."""

    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    LIMIT_EXCEEDED = "LIMIT_EXCEEDED"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    INTERNAL = "INTERNAL"


class ApiError(GraphQLError):
    """A top-level error with `extensions.code`; never masked."""

    code: TopLevelCode = TopLevelCode.INTERNAL

    def __init__(self, message: str) -> None:
        super().__init__(message, extensions={"code": self.code.value})


class Unauthenticated(ApiError):
    code = TopLevelCode.UNAUTHENTICATED


class Forbidden(ApiError):
    code = TopLevelCode.FORBIDDEN

    def __init__(self, message: str = "您没有执行此操作的权限") -> None:
        super().__init__(message)


class NotFound(ApiError):
    code = TopLevelCode.NOT_FOUND

    def __init__(self, message: str = "对象不存在") -> None:
        super().__init__(message)


class LimitExceeded(ApiError):
    code = TopLevelCode.LIMIT_EXCEEDED


class BadUserInput(ApiError):
    code = TopLevelCode.BAD_USER_INPUT


@strawberry.type(description="业务规则未通过：code 稳定，field 指向输入中的字段，message 为中文说明")
class UserError:
    code: ErrorCode
    field: list[str] | None
    message: str

    @classmethod
    def from_domain(cls, error: DomainError) -> UserError:
        path = ["input", error.field_name] if error.field_name else None
        return cls(code=error.code, field=path, message=error.message)


P = TypeVar("P")


async def payload_or_user_errors(
    action: Callable[[], Awaitable[P]], on_error: Callable[[list[UserError]], P]
) -> P:
    """Run a mutation's one service call; a `DomainError` becomes the payload's `userErrors`."""
    try:
        return await action()
    except DomainError as error:
        return on_error([UserError.from_domain(error)])
