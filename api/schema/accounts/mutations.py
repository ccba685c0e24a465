"""Accounts' mutations: sign-in and out, online registration, staff accounts and role grants."""

from __future__ import annotations

from datetime import date

import strawberry

from api.context import Info
from api.schema.accounts.types import UserNode, Viewer, viewer_of
from api.schema.mutation import ADMINS, PREFECTURE_ADMIN, PUBLIC, SIGNED_IN, Payload, mutation
from api.schema.relay import input_pk
from domain.access import Grant, Role
from domain.accounts import service as accounts
from domain.errors import in_row
from domain.people.service import PersonDetails
from domain.people.vocabulary import Education, Major
from domain.training import providers


@strawberry.input
class LoginInput:
    username: str
    password: str


@strawberry.type
class LoginPayload(Payload):
    token: str | None = None
    viewer: Viewer | None = None


@strawberry.type
class LogoutPayload(Payload):
    ok: bool = False


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
class RegisterAccountPayload(Payload):
    token: str | None = None
    viewer: Viewer | None = None


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
class CreateUserPayload(Payload):
    user: UserNode | None = None


@strawberry.input
class GrantRoleInput:
    username: str
    role: Role
    county_code: str | None = None
    provider_id: strawberry.ID | None = None


@strawberry.type
class GrantRolePayload(Payload):
    user: UserNode | None = None


@strawberry.input
class RevokeRoleInput(GrantRoleInput):
    pass


@strawberry.type
class RevokeRolePayload(GrantRolePayload):
    pass


@strawberry.input
class ChangePasswordInput:
    current_password: str
    new_password: str


@strawberry.type
class ChangePasswordPayload(Payload):
    viewer: Viewer | None = None


@strawberry.input
class ResetPasswordInput:
    username: str


@strawberry.type
class ResetPasswordPayload(Payload):
    user: UserNode | None = None
    temporary_password: str | None = strawberry.field(
        default=None, description="一次性密码：只显示这一次，请当面或电话告知本人；登录后须立即修改"
    )


async def _grant(role: Role, county_code: str | None, provider_id: strawberry.ID | None, field: str) -> Grant:
    """A grant from input; a provider account must belong to a filed provider (备案)."""
    provider = input_pk(provider_id, "Provider", field) if provider_id is not None else None
    if provider is not None:
        await providers.check_provider(provider, field=field)
    return Grant(role=role, county_code=county_code or None, provider_id=provider)


@strawberry.type
class AccountsMutation:
    @mutation("用户名密码登录，返回不透明的访问令牌", roles=PUBLIC)
    async def login(self, info: Info, input: LoginInput) -> LoginPayload:
        context = info.context
        session = await accounts.login(
            context.actor,
            username=input.username,
            password=input.password,
            policy=context.settings.sign_in_policy,
        )
        return LoginPayload(token=session.token, viewer=viewer_of(session.user))

    @mutation("注销当前令牌", roles=SIGNED_IN)
    async def logout(self, info: Info) -> LogoutPayload:
        return LogoutPayload(ok=await accounts.logout(info.context.actor, info.context.token or ""))

    @mutation("修改本人密码；本人的其他登录令牌随即失效，当前令牌保留", roles=SIGNED_IN)
    async def change_password(self, info: Info, input: ChangePasswordInput) -> ChangePasswordPayload:
        user = await accounts.change_password(
            info.context.actor,
            token=info.context.token or "",
            current_password=input.current_password,
            new_password=input.new_password,
            policy=info.context.settings.sign_in_policy,
        )
        return ChangePasswordPayload(viewer=viewer_of(user))

    @mutation("管理员为辖区内账号重置密码，返回须由本人修改的一次性密码", roles=ADMINS)
    async def reset_password(self, info: Info, input: ResetPasswordInput) -> ResetPasswordPayload:
        user, one_time = await accounts.reset_password(info.context.actor, username=input.username)
        return ResetPasswordPayload(user=UserNode.from_model(user), temporary_password=one_time)

    @mutation("在线注册学员账号并建立人才档案", roles=PUBLIC)
    async def register_account(self, info: Info, input: RegisterAccountInput) -> RegisterAccountPayload:
        context = info.context
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
        return RegisterAccountPayload(token=session.token, viewer=viewer_of(session.user))

    @mutation("州级管理员创建工作人员账号", roles=PREFECTURE_ADMIN)
    async def create_user(self, info: Info, input: CreateUserInput) -> CreateUserPayload:
        grants = []
        for index, row in enumerate(input.roles):
            with in_row("roles", index):
                grants.append(await _grant(row.role, row.county_code, row.provider_id, "providerId"))
        user = await accounts.create_user(
            info.context.actor,
            username=input.username,
            password=input.password,
            name=input.name,
            organization_name=input.organization_name,
            grants=grants,
        )
        return CreateUserPayload(user=UserNode.from_model(user))

    @mutation("州级管理员授予角色，例如把已登记的社工设为评审专家", roles=PREFECTURE_ADMIN)
    async def grant_role(self, info: Info, input: GrantRoleInput) -> GrantRolePayload:
        grant = await _grant(input.role, input.county_code, input.provider_id, "providerId")
        user = await accounts.grant_role(info.context.actor, username=input.username, grant=grant)
        return GrantRolePayload(user=UserNode.from_model(user))

    @mutation("州级管理员收回角色", roles=PREFECTURE_ADMIN)
    async def revoke_role(self, info: Info, input: RevokeRoleInput) -> RevokeRolePayload:
        grant = await _grant(input.role, input.county_code, input.provider_id, "providerId")
        user = await accounts.revoke_role(info.context.actor, username=input.username, grant=grant)
        return RevokeRolePayload(user=UserNode.from_model(user))
