"""GraphQL types of accounts: users, their role grants, and the viewer."""

from __future__ import annotations

import strawberry

from api.context import Info
from api.schema.accounts.loaders import AccountsLoaders
from api.schema.enums import described_enum
from api.schema.people.types import PersonNode, person_node
from api.schema.relay import Node, register_node, to_global_id
from domain.access import Grant, Role
from domain.accounts.models import User

described_enum(
    Role,
    name="Role",
    description="角色：学员、培训机构、县级管理员、州级管理员、评审专家",
    values={
        Role.TRAINEE: "学员：社会工作者本人，报名培训与考试",
        Role.PROVIDER: "培训机构账号：发布课程、登记结业",
        Role.COUNTY_ADMIN: "县级管理员：本县市范围内的审核与管理",
        Role.PREFECTURE_ADMIN: "州级管理员：全州范围的管理",
        Role.EXPERT: "评审专家",
    },
)


@strawberry.type(description="角色及其范围：县级管理员的县市、培训机构账号的机构")
class RoleGrant:
    role: Role
    county_code: str | None
    provider_id: strawberry.ID | None

    @classmethod
    def from_grant(cls, grant: Grant) -> RoleGrant:
        provider = to_global_id("Provider", grant.provider_id) if grant.provider_id else None
        return cls(role=grant.role, county_code=grant.county_code, provider_id=provider)


@strawberry.type(name="User", description="账号")
class UserNode(Node):
    username: str
    name: str
    organization_name: str
    must_change_password: bool = strawberry.field(
        description="管理员重置密码后为真：须先修改密码，其他操作一律拒绝（PASSWORD_CHANGE_REQUIRED）"
    )
    pk: strawberry.Private[int]
    person_pk: strawberry.Private[int | None]

    @strawberry.field
    async def roles(self, info: Info) -> list[RoleGrant]:
        grants = await info.context.loaders(AccountsLoaders).grants.load(self.pk) or []
        return [RoleGrant.from_grant(g) for g in grants]

    @strawberry.field(description="本账号的人才档案（如有）")
    async def person(self, info: Info) -> PersonNode | None:
        return await person_node(info, self.person_pk) if self.person_pk is not None else None

    @classmethod
    def from_model(cls, user: User) -> UserNode:
        return cls(
            id=to_global_id("User", user.id),
            username=user.username,
            name=user.name,
            organization_name=user.organization_name,
            must_change_password=user.must_change_password,
            pk=user.id,
            person_pk=user.person_id,
        )


async def user_node(info: Info, pk: int) -> UserNode | None:
    """The account with `pk`: visible to itself and to prefecture admins."""
    actor = info.context.actor
    if actor.user_id != pk and not actor.is_prefecture_admin:
        return None
    row = await info.context.loaders(AccountsLoaders).user.load(pk)
    return UserNode.from_model(row) if row else None


register_node("User", user_node)


@strawberry.type(description="当前登录者")
class Viewer:
    user: UserNode

    @strawberry.field
    async def person(self, info: Info) -> PersonNode | None:
        pk = self.user.person_pk
        return await person_node(info, pk) if pk is not None else None


def viewer_of(user: User) -> Viewer:
    return Viewer(user=UserNode.from_model(user))


__all__ = ["RoleGrant", "UserNode", "Viewer", "user_node", "viewer_of"]
