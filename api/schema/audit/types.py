"""GraphQL types of the audit trail."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from api.context import Info
from api.schema.accounts.loaders import AccountsLoaders
from api.schema.accounts.types import UserNode
from api.schema.audit.loaders import AuditLoaders
from api.schema.relay import (
    Node,
    parse_global_id,
    register_node,
    resolve_node,
    to_global_id,
)
from domain.audit import service as audit
from domain.audit.models import AuditEvent


@strawberry.type(name="AuditEvent", description="审计事件：谁、以何角色、何时、对何对象做了什么")
class AuditEventNode(Node):
    action: str
    actor_role: str | None
    actor_scope: str | None
    actor_username: str | None
    target_type: str | None
    target_id: strawberry.ID | None = strawberry.field(
        description="被改动对象的全局编号（登录失败时为用户名）"
    )
    county_code: str | None
    request_id: str
    at: datetime
    summary: JSON
    actor_pk: strawberry.Private[int | None]

    @strawberry.field
    async def actor(self, info: Info) -> UserNode | None:
        if self.actor_pk is None:
            return None
        row = await info.context.loaders(AccountsLoaders).user.load(self.actor_pk)
        return UserNode.from_model(row) if row else None

    @strawberry.field(description="被改动的对象（如对查看者可见）")
    async def target(self, info: Info) -> Node | None:
        if self.target_id is None or parse_global_id(self.target_id) is None:
            return None
        return await resolve_node(info, self.target_id)

    @classmethod
    def from_model(cls, event: AuditEvent) -> AuditEventNode:
        target_id: strawberry.ID | None = None
        if event.target_id is not None:
            target_id = (
                to_global_id(event.target_type, event.target_id)
                if event.target_type and event.target_id.isdigit()
                else strawberry.ID(event.target_id)
            )
        return cls(
            id=to_global_id("AuditEvent", event.id),
            action=event.action,
            actor_role=event.actor_role,
            actor_scope=event.actor_scope,
            actor_username=event.actor_username,
            target_type=event.target_type,
            target_id=target_id,
            county_code=event.county_code,
            request_id=event.request_id,
            at=event.at,
            summary=JSON(event.summary),
            actor_pk=event.actor_user_id,
        )


async def audit_event_node(info: Info, pk: int) -> AuditEventNode | None:
    """The event with `pk` if the viewer administers its county."""
    row = await info.context.loaders(AuditLoaders).event.load(pk)
    return AuditEventNode.from_model(row) if row and audit.can_see_event(info.context.actor, row) else None


register_node("AuditEvent", audit_event_node)
