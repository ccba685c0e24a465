"""Account refusals, named as facts."""

from __future__ import annotations

from domain.errors import DomainError, ErrorCode


class UsernameTaken(DomainError):
    code = ErrorCode.USERNAME_TAKEN
    field = "username"
    default_message = "该用户名已被使用，请换一个"


class InvalidUsername(DomainError):
    code = ErrorCode.INVALID_INPUT
    field = "username"
    default_message = "用户名须为 3 到 50 位字母、数字、下划线、点或连字符"


class WeakPassword(DomainError):
    code = ErrorCode.WEAK_PASSWORD
    field = "password"


class InvalidCredentials(DomainError):
    code = ErrorCode.INVALID_CREDENTIALS
    default_message = "用户名或密码不正确"


class WrongPassword(DomainError):
    code = ErrorCode.INVALID_CREDENTIALS
    field = "currentPassword"
    default_message = "当前密码不正确"


class TooManyAttempts(DomainError):
    code = ErrorCode.TOO_MANY_ATTEMPTS

    def __init__(self, minutes: int) -> None:
        super().__init__(f"登录失败次数过多，请 {minutes} 分钟后再试")


class UnknownUser(DomainError):
    code = ErrorCode.UNKNOWN_USER
    field = "username"
    default_message = "用户不存在"


class RoleScopeInvalid(DomainError):
    code = ErrorCode.ROLE_SCOPE_INVALID


class RoleAlreadyHeld(DomainError):
    code = ErrorCode.ROLE_ALREADY_HELD
    field = "role"
    default_message = "该用户已拥有此角色"


class RoleNotHeld(DomainError):
    code = ErrorCode.ROLE_NOT_HELD
    field = "role"
    default_message = "该用户没有此角色"
