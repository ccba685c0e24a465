"""Accounts' root fields."""

from __future__ import annotations

import strawberry

from api.context import Info
from api.schema.accounts.loaders import AccountsLoaders
from api.schema.accounts.types import Viewer, viewer_of


@strawberry.type
class AccountsQuery:
    @strawberry.field(description="当前登录者；未登录时为空")
    async def viewer(self, info: Info) -> Viewer | None:
        actor = info.context.actor
        if actor.user_id is None:
            return None
        row = await info.context.loaders(AccountsLoaders).user.load(actor.user_id)
        return viewer_of(row) if row else None
