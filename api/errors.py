"""Top-level GraphQL errors with `extensions.code`: failures a client cannot fix by changing input.

They live outside `api.schema` because `api.auth` raises them too.
"""

from __future__ import annotations

from enum import StrEnum

from graphql import GraphQLError


class TopLevelCode(StrEnum):
    """Codes of failures a client cannot fix by changing input (API.md §Conventions)."""

    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    LIMIT_EXCEEDED = "LIMIT_EXCEEDED"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    # The HTTP request is not a GraphQL-over-HTTP request (not JSON, GET, no query): nothing was parsed.
    BAD_REQUEST = "BAD_REQUEST"
    INTERNAL = "INTERNAL"
    # Signed in with a one-time password from an admin's reset: only changePassword, logout and viewer.
    PASSWORD_CHANGE_REQUIRED = "PASSWORD_CHANGE_REQUIRED"  # noqa: S105 - an error code, not a password


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


class PasswordChangeRequired(ApiError):
    code = TopLevelCode.PASSWORD_CHANGE_REQUIRED

    def __init__(self, message: str = "管理员已重置您的密码，请先修改密码再继续操作") -> None:
        super().__init__(message)


class BadUserInput(ApiError):
    code = TopLevelCode.BAD_USER_INPUT
