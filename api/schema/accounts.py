"""Accounts over GraphQL: sign-in, online registration, the viewer, and role management."""

from __future__ import annotations

from datetime import date

import strawberry

from api.auth import require_prefecture_admin, require_signed_in
from api.context import Info
from api.schema.enums import Education, Major, Role
from api.schema.errors import UserError, payload_or_user_errors
from api.schema.people import PersonNode, person_node
from api.schema.relay import Node, input_pk, register_node, to_global_id
from domain.access import Grant
from domain.accounts import service as accounts
from domain.accounts.models import User
from domain.people.service import PersonDetails
from domain.training import catalog


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
    pk: strawberry.Private[int]
    person_pk: strawberry.Private[int | None]

    @strawberry.field
    async def roles(self, info: Info) -> list[RoleGrant]:
        grants = await info.context.loaders.grants.load(self.pk) or []
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
            pk=user.id,
            person_pk=user.person_id,  # type: ignore[attr-defined]
        )


async def _resolve_user(info: Info, pk: int) -> UserNode | None:
    actor = info.context.actor
    if actor.user_id != pk and not actor.is_prefecture_admin:
        return None
    row = await info.context.loaders.user.load(pk)
    return UserNode.from_model(row) if row else None


register_node("User", _resolve_user)


@strawberry.type(description="当前登录者")
class Viewer:
    user: UserNode

    @strawberry.field
    async def person(self, info: Info) -> PersonNode | None:
        pk = self.user.person_pk
        return await person_node(info, pk) if pk is not None else None


def viewer_of(user: User) -> Viewer:
    return Viewer(user=UserNode.from_model(user))


@strawberry.input
class LoginInput:
    username: str
    password: str


@strawberry.type
class LoginPayload:
    token: str | None
    viewer: Viewer | None
    user_errors: list[UserError]


@strawberry.type
class LogoutPayload:
    ok: bool
    user_errors: list[UserError]


@strawberry.input(description="在线注册（楚人社发〔2021〕13号 §七）")
class RegisterAccountInput:
    username: str
    password: str
    name: str
    id_card_number: str
    phone: str
    county_code: str
    education: Education
    major: Major
    social_work_since: date
    graduated_on: date | None = strawberry.field(default=None, description="全日制学习结束日期")
    organization_name: str
    front_line: bool
    full_time_community_worker: bool


@strawberry.type
class RegisterAccountPayload:
    token: str | None
    viewer: Viewer | None
    user_errors: list[UserError]


@strawberry.input
class RoleGrantInput:
    role: Role
    county_code: str | None = None
    provider_id: strawberry.ID | None = None


@strawberry.input
class CreateUserInput:
    username: str
    password: str
    name: str
    organization_name: str = ""
    roles: list[RoleGrantInput]


@strawberry.type
class CreateUserPayload:
    user: UserNode | None
    user_errors: list[UserError]


@strawberry.input
class GrantRoleInput:
    username: str
    role: Role
    county_code: str | None = None
    provider_id: strawberry.ID | None = None


@strawberry.type
class GrantRolePayload:
    user: UserNode | None
    user_errors: list[UserError]


@strawberry.input
class RevokeRoleInput(GrantRoleInput):
    pass


@strawberry.type
class RevokeRolePayload(GrantRolePayload):
    pass


async def _grant(role: Role, county_code: str | None, provider_id: strawberry.ID | None, field: str) -> Grant:
    """A grant from input; a provider account must belong to a filed provider (备案)."""
    provider = input_pk(provider_id, "Provider", field) if provider_id is not None else None
    if provider is not None:
        await catalog.check_provider(provider, field=field)
    return Grant(role=role, county_code=county_code or None, provider_id=provider)


@strawberry.type
class AccountsQuery:
    @strawberry.field(description="当前登录者；未登录时为空")
    async def viewer(self, info: Info) -> Viewer | None:
        actor = info.context.actor
        if actor.user_id is None:
            return None
        row = await info.context.loaders.user.load(actor.user_id)
        return viewer_of(row) if row else None


@strawberry.type
class AccountsMutation:
    @strawberry.mutation(description="用户名密码登录，返回不透明的访问令牌")
    async def login(self, info: Info, input: LoginInput) -> LoginPayload:
        context = info.context

        async def run() -> LoginPayload:
            session = await accounts.login(
                context.actor,
                username=input.username,
                password=input.password,
                policy=context.settings.sign_in_policy,
            )
            return LoginPayload(token=session.token, viewer=viewer_of(session.user), user_errors=[])

        return await payload_or_user_errors(
            run, lambda errors: LoginPayload(token=None, viewer=None, user_errors=errors)
        )

    @strawberry.mutation(description="注销当前令牌")
    async def logout(self, info: Info) -> LogoutPayload:
        actor = require_signed_in(info.context)
        ok = await accounts.logout(actor, info.context.token or "")
        return LogoutPayload(ok=ok, user_errors=[])

    @strawberry.mutation(description="在线注册学员账号并建立人才档案")
    async def register_account(self, info: Info, input: RegisterAccountInput) -> RegisterAccountPayload:
        context = info.context

        async def run() -> RegisterAccountPayload:
            session = await accounts.register_account(
                context.actor,
                username=input.username,
                password=input.password,
                details=PersonDetails(
                    name=input.name,
                    id_card_number=input.id_card_number,
                    phone=input.phone,
                    county_code=input.county_code,
                    education=input.education,
                    major=input.major,
                    social_work_since=input.social_work_since,
                    graduated_on=input.graduated_on,
                    organization_name=input.organization_name,
                    front_line=input.front_line,
                    full_time_community_worker=input.full_time_community_worker,
                ),
                policy=context.settings.sign_in_policy,
            )
            # The new account is the viewer from here on: it sees its own record in full.
            context.actor = accounts.actor_for(session.user, [Grant(Role.TRAINEE)], context.actor)
            return RegisterAccountPayload(token=session.token, viewer=viewer_of(session.user), user_errors=[])

        return await payload_or_user_errors(
            run, lambda errors: RegisterAccountPayload(token=None, viewer=None, user_errors=errors)
        )

    @strawberry.mutation(description="州级管理员创建工作人员账号")
    async def create_user(self, info: Info, input: CreateUserInput) -> CreateUserPayload:
        actor = require_prefecture_admin(info.context)

        async def run() -> CreateUserPayload:
            user = await accounts.create_user(
                actor,
                username=input.username,
                password=input.password,
                name=input.name,
                organization_name=input.organization_name,
                grants=[await _grant(r.role, r.county_code, r.provider_id, "roles") for r in input.roles],
            )
            return CreateUserPayload(user=UserNode.from_model(user), user_errors=[])

        return await payload_or_user_errors(
            run, lambda errors: CreateUserPayload(user=None, user_errors=errors)
        )

    @strawberry.mutation(description="州级管理员授予角色，例如把已登记的社工设为评审专家")
    async def grant_role(self, info: Info, input: GrantRoleInput) -> GrantRolePayload:
        actor = require_prefecture_admin(info.context)

        async def run() -> GrantRolePayload:
            user = await accounts.grant_role(
                actor,
                username=input.username,
                grant=await _grant(input.role, input.county_code, input.provider_id, "providerId"),
            )
            return GrantRolePayload(user=UserNode.from_model(user), user_errors=[])

        return await payload_or_user_errors(
            run, lambda errors: GrantRolePayload(user=None, user_errors=errors)
        )

    @strawberry.mutation(description="州级管理员收回角色")
    async def revoke_role(self, info: Info, input: RevokeRoleInput) -> RevokeRolePayload:
        actor = require_prefecture_admin(info.context)

        async def run() -> RevokeRolePayload:
            user = await accounts.revoke_role(
                actor,
                username=input.username,
                grant=await _grant(input.role, input.county_code, input.provider_id, "providerId"),
            )
            return RevokeRolePayload(user=UserNode.from_model(user), user_errors=[])

        return await payload_or_user_errors(
            run, lambda errors: RevokeRolePayload(user=None, user_errors=errors)
        )


__all__ = ["AccountsMutation", "AccountsQuery", "UserNode", "Viewer"]
