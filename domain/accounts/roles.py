"""Roles and their scope: the grants a user holds, granting and revoking them, and the actor a
request becomes once its user is known."""

from __future__ import annotations

from domain.access import Actor, Grant, Role
from domain.accounts.errors import RoleAlreadyHeld, RoleNotHeld, RoleScopeInvalid, UnknownUser
from domain.accounts.models import User, UserRole
from domain.accounts.usernames import normalize_username
from domain.audit import service as audit
from domain.columns import fits
from domain.people import service as people
from domain.transaction import write_transaction


async def grants_of(user_id: int) -> list[Grant]:
    return [_grant_of(r) for r in await UserRole.filter(user_id=user_id).order_by("id")]


async def grants_by_user_ids(ids: list[int]) -> dict[int, list[Grant]]:
    result: dict[int, list[Grant]] = {i: [] for i in ids}
    for r in await UserRole.filter(user_id__in=ids).order_by("id"):
        result[r.user_id].append(_grant_of(r))
    return result


def _grant_of(row: UserRole) -> Grant:
    return Grant(role=row.role, county_code=row.county_code, provider_id=row.provider_id)


def actor_for(user: User, grants: list[Grant], request: Actor) -> Actor:
    """The actor a request becomes once `user` is known (registration and login)."""
    return Actor(
        user_id=user.id,
        username=user.username,
        person_id=user.person_id,
        grants=tuple(grants),
        request_id=request.request_id,
        client=request.client,
    )


async def check_grant(grant: Grant, *, field: str | None = "roles") -> None:
    """A grant's scope must fit its role: county admins need a county, providers a provider.

    Refusals name `field`; with `field=None` (a grant that is one row of a list, see `in_row`) they
    name the grant's own field, `countyCode` or `providerId`.
    """
    county_field = field or "countyCode"
    provider_field = field or "providerId"
    if grant.role is Role.COUNTY_ADMIN:
        if not grant.county_code:
            raise RoleScopeInvalid("县级管理员须指定所管辖的县市", field=county_field)
        await people.check_county(grant.county_code, field=county_field)
    elif grant.county_code:
        raise RoleScopeInvalid("只有县级管理员角色可以指定县市", field=county_field)
    if grant.role is Role.PROVIDER:
        if grant.provider_id is None:
            raise RoleScopeInvalid("培训机构账号须指定所属培训机构", field=provider_field)
    elif grant.provider_id is not None:
        raise RoleScopeInvalid("只有培训机构角色可以指定培训机构", field=provider_field)


async def grant_role(actor: Actor, *, username: str, grant: Grant) -> User:
    """A prefecture admin gives an existing user one more role, with its scope.

    Callers have checked that `actor` is a prefecture admin. `grant` is checked as in `create_user`
    (`check_grant`, errors on field `role`).

    Writes one `UserRole` and the audit event `role.granted`, in one transaction.

    Raises:
        UnknownUser: no user of that username.
        RoleScopeInvalid, UnknownCounty: the grant's scope does not fit its role (field `role`).
        RoleAlreadyHeld: the user already holds exactly this grant.
    """
    user = await user_named(username)
    if user is None:
        raise UnknownUser()
    await check_grant(grant, field="role")
    if grant in await grants_of(user.id):
        raise RoleAlreadyHeld()
    async with write_transaction():
        await UserRole.create(
            user=user, role=grant.role, county_code=grant.county_code, provider_id=grant.provider_id
        )
        await audit.record(
            actor,
            "role.granted",
            target_type="User",
            target_id=user.id,
            summary={"username": user.username, "role": describe_grant(grant)},
        )
    return user


async def revoke_role(actor: Actor, *, username: str, grant: Grant) -> User:
    """A prefecture admin takes one role, with exactly that scope, away from a user.

    Callers have checked that `actor` is a prefecture admin. Tokens already issued stay valid; the
    user's grants are read afresh on every request, so the role is gone from the next one.

    Deletes the matching `UserRole` and writes the audit event `role.revoked`, in one transaction.

    Raises:
        UnknownUser: no user of that username.
        RoleNotHeld: the user does not hold this role with this scope.
    """
    user = await user_named(username)
    if user is None:
        raise UnknownUser()
    if grant.county_code is not None and not fits(UserRole, "county_code", grant.county_code):
        raise RoleNotHeld()  # no county code is that long, so no grant holds it
    async with write_transaction():
        removed = await UserRole.filter(
            user_id=user.id,
            role=grant.role,
            county_code=grant.county_code,
            provider_id=grant.provider_id,
        ).delete()
        if not removed:
            raise RoleNotHeld()
        await audit.record(
            actor,
            "role.revoked",
            target_type="User",
            target_id=user.id,
            summary={"username": user.username, "role": describe_grant(grant)},
        )
    return user


async def user_named(username: str) -> User | None:
    """The user of that username (in any case); None for any other text, one too long to be a username too."""
    username = normalize_username(username)
    return await User.get_or_none(username=username) if fits(User, "username", username) else None


def describe_grant(grant: Grant) -> str:
    scope = grant.county_code or (str(grant.provider_id) if grant.provider_id is not None else "")
    return f"{grant.role.value}:{scope}" if scope else grant.role.value
