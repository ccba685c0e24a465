"""The audit trail's root field, for admins within their scope."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.auth import require_admin
from api.context import Info
from api.schema.audit.types import AuditEventNode
from api.schema.relay import Connection, connection, page_window, parse_global_id, query_pk
from domain.audit import service as audit


@strawberry.input(description="审计记录的筛选条件；各条件同时满足，不填的不限")
class AuditEventFilter:
    action: str | None = strawberry.field(
        default=None, description="动作，如 course.posted、account.logged_in"
    )
    actor_id: strawberry.ID | None = strawberry.field(
        default=None, description="操作人（用户 User 的全局编号）"
    )
    target_id: strawberry.ID | None = strawberry.field(default=None, description="被操作对象的全局编号")
    from_: datetime | None = strawberry.field(default=None, name="from", description="起始时间（含）")
    to: datetime | None = strawberry.field(default=None, description="截止时间（不含）")


@strawberry.type
class AuditQuery:
    @strawberry.field(description="审计记录，按时间倒序（管理员，限本辖区）")
    async def audit_events(
        self,
        info: Info,
        first: int,
        after: str | None = None,
        filter: AuditEventFilter | None = None,
    ) -> Connection[AuditEventNode]:
        actor = require_admin(info.context)
        after_pk = page_window(first, after, info.context.settings.limits.max_page_size)
        f = filter or AuditEventFilter()
        target_type: str | None = None
        target_id: str | None = None
        if f.target_id is not None:
            parsed = parse_global_id(f.target_id)
            target_type, target_id = parsed if parsed else (None, str(f.target_id))
        page = await audit.list_events(
            actor,
            first=first,
            after=after_pk,
            filter=audit.AuditFilter(
                action=f.action,
                actor_user_id=query_pk(f.actor_id, "User") if f.actor_id is not None else None,
                target_type=target_type,
                target_id=target_id,
                since=f.from_,
                until=f.to,
            ),
        )
        return connection(page, AuditEventNode.from_model, after=after_pk)
