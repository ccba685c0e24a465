"""How failures reach clients: `userErrors` for business rules, coded top-level errors for the rest."""

from __future__ import annotations

import strawberry

from domain.errors import DomainError, ErrorCode

strawberry.enum(ErrorCode, name="ErrorCode", description="业务规则错误代码（稳定）")


@strawberry.type(description="业务规则未通过：code 稳定，field 指向输入中的字段，message 为中文说明")
class UserError:
    code: ErrorCode
    field: list[str] | None
    message: str

    @classmethod
    def from_domain(cls, error: DomainError) -> UserError:
        path = ["input", error.field_name] if error.field_name else None
        return cls(code=error.code, field=path, message=error.message)


@strawberry.type(description="导入文件中的一处错误：行号（与 Excel 中看到的一致，表头为第 1 行）、列名、原因")
class FileRowError:
    row: int
    column: str | None
    message: str
