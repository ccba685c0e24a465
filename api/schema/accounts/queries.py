"""Accounts' root fields."""

from __future__ import annotations

import strawberry
from graphql import OperationType

from api.auth import require_role
from api.context import Info
from api.schema.accounts.loaders import AccountsLoaders
from api.schema.accounts.types import UserNode, Viewer, viewer_of
from api.schema.relay import Connection, check_first, connection, from_cursor
from domain.access import Role
from domain.accounts import service as accounts


@strawberry.input(description="账号列表的筛选条件")
class UserFilter:
    role: Role | None = strawberry.field(
        default=None, description="只列持有该角色的账号（如 EXPERT 评审专家）"
    )
    search: str | None = strawberry.field(
        default=None, description="用户名、姓名或单位中包含的文字（最多 50 字）"
    )


@strawberry.type
class AccountsQuery:
    @strawberry.field(description="当前登录者；未登录时为空")
    async def viewer(self, info: Info) -> Viewer | None:
        actor = info.context.actor
        if actor.user_id is None:
            return None
        row = info.context.signed_in_user
        if row is None or info.operation.operation is not OperationType.QUERY:
            # A mutation may have changed the user (a new password clears mustChangePassword): read
            # it afresh.
            row = await info.context.loaders(AccountsLoaders).user.load(actor.user_id)
        return viewer_of(row) if row else None

    @strawberry.field(
        description=(
            "账号列表（州级管理员），先建的在前；如按角色 EXPERT 查出评审专家的编号，"
            "用于 assignTalentReviewers"
        )
    )
    async def users(
        self, info: Info, first: int, after: str | None = None, filter: UserFilter | None = None
    ) -> Connection[UserNode]:
        actor = require_role(info.context, Role.PREFECTURE_ADMIN)
        check_first(first, info.context.settings.limits.max_page_size)
        after_pk = from_cursor(after)
        f = filter or UserFilter()
        page = await accounts.list_users(actor, first=first, after=after_pk, role=f.role, search=f.search)
        return connection(page, UserNode.from_model, after=after_pk)
