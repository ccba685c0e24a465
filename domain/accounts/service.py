"""Accounts' public interface: registration, sign-in, tokens, and role grants."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from tortoise.exceptions import IntegrityError

from domain import clock
from domain.access import Actor, Grant, Role
from domain.accounts.errors import (
    InvalidCredentials,
    InvalidUsername,
    RoleAlreadyHeld,
    RoleNotHeld,
    RoleScopeInvalid,
    TooManyAttempts,
    UnknownUser,
    UsernameTaken,
    WeakPassword,
)
from domain.accounts.models import AccessToken, User, UserRole
from domain.accounts.passwords import (
    hash_password,
    password_problem,
    unknown_user_hash,
    verify_password,
)
from domain.accounts.policy import SignInPolicy
from domain.accounts.tokens import digest, new_token
from domain.audit import service as audit
from domain.errors import InvalidInput
from domain.people import service as people
from domain.people.service import PersonDetails
from domain.transaction import write_transaction

USERNAME: Final = re.compile(r"^[A-Za-z0-9_.\-]{3,50}$")


@dataclass(frozen=True, slots=True)
class Session:
    user: User
    token: str


def check_new_credentials(username: str, password: str) -> None:
    if not USERNAME.fullmatch(username):
        raise InvalidUsername()
    if problem := password_problem(password):
        raise WeakPassword(problem)


async def register_account(
    actor: Actor, *, username: str, password: str, details: PersonDetails, policy: SignInPolicy
) -> Session:
    """Online self-registration (seed §七): a trainee account and its registry record, together.

    `actor` is the anonymous request (its request id and client address go into the audit trail).
    `username` is 3–50 letters, digits, `_`, `.` or `-` (trimmed); `password` is 8–128 characters with at
    least one letter and one digit, and only its hash is stored; `details` are checked as in
    `people.add_person`. Signs the new account in: the returned token is valid for
    `policy.token_lifetime` and is stored only as a digest.

    Writes, in one transaction: the `Person` (with the audit event `person.registered`), the `User`
    linked to it, its TRAINEE `UserRole`, the audit event `account.registered` (by the new account) and
    one `AccessToken`.

    Raises:
        InvalidUsername: a malformed username.
        WeakPassword: a password that is too short, too long or lacks a letter or a digit; the message
            says which.
        UsernameTaken: the username is already used.
        InvalidInput, InvalidIdCardNumber, InvalidPhone, DatesOutOfOrder, UnknownCounty,
            IdCardNumberTaken: the registry details, as in `people.add_person`.
    """
    username = username.strip()
    check_new_credentials(username, password)
    if await User.exists(username=username):
        raise UsernameTaken()
    async with write_transaction():
        person = await people.add_person(actor, details)
        user = await User.create(
            username=username,
            password_hash=hash_password(password),
            name=person.name,
            organization_name=person.organization_name,
            person=person,
        )
        await UserRole.create(user=user, role=Role.TRAINEE)
        signed_in = actor_for(user, [Grant(Role.TRAINEE)], actor)
        await audit.record(
            signed_in,
            "account.registered",
            target_type="User",
            target_id=user.id,
            county_code=details.county_code,
            summary={"username": username},
        )
        token = await _issue_token(user, policy)
    return Session(user=user, token=token)


async def login(actor: Actor, *, username: str, password: str, policy: SignInPolicy) -> Session:
    """Sign in with a username and password; returns the user and a new bearer token.

    Guessing is throttled (`SignInPolicy`): once a username, or the client address, has had too many
    failed sign-ins within the policy's window (by default 5 per username or 20 per address in 15
    minutes), every attempt is refused until the window has passed, even with the right password. An
    unknown username costs the same password check as a known one, so timing does not tell them apart.

    On failure, writes the audit event `login.failed` (target: the username as given, and whether such a
    user exists) in its own transaction, which is what the throttle counts. On success, writes one
    `AccessToken` (stored as a digest, valid `policy.token_lifetime`) and the audit event
    `account.logged_in`, in one transaction.

    Raises:
        TooManyAttempts: the username or client is locked out; the message gives the window in minutes.
        InvalidCredentials: no such user, or the wrong password (the same answer for both).
    """
    username = username.strip()
    username_failures = await audit.count_failed_logins(username=username, within=policy.failure_window)
    client_failures = (
        await audit.count_failed_logins(client=actor.client, within=policy.failure_window)
        if actor.client
        else 0
    )
    if policy.is_locked_out(username_failures=username_failures, client_failures=client_failures):
        raise TooManyAttempts(int(policy.failure_window.total_seconds() // 60))
    user = await User.get_or_none(username=username)
    if not verify_password(password, user.password_hash if user else unknown_user_hash()) or not user:
        async with write_transaction():
            await audit.record(
                actor,
                audit.LOGIN_FAILED,
                target_type="Username",
                target_id=username[:100],
                county_code=None,
                summary={"knownUser": user is not None},
            )
        raise InvalidCredentials()
    async with write_transaction():
        token = await _issue_token(user, policy)
        await audit.record(
            actor_for(user, await grants_of(user.id), actor),
            "account.logged_in",
            target_type="User",
            target_id=user.id,
        )
    return Session(user=user, token=token)


async def _issue_token(user: User, policy: SignInPolicy) -> str:
    token = new_token()
    await AccessToken.create(
        token_hash=digest(token), user=user, expires_at=clock.now() + policy.token_lifetime
    )
    return token


async def logout(actor: Actor, token: str) -> bool:
    """Revoke the bearer token the request came with; True if a live token was revoked.

    Writes the token's `revoked_at` (UTC) and, when it was live, the audit event `account.logged_out`,
    in one transaction. An unknown or already revoked token writes nothing and raises nothing.
    """
    async with write_transaction():
        revoked = await AccessToken.filter(token_hash=digest(token), revoked_at__isnull=True).update(
            revoked_at=clock.now()
        )
        if revoked:
            await audit.record(actor, "account.logged_out", target_type="User", target_id=actor.user_id)
    return revoked > 0


class TokenStatus(StrEnum):
    VALID = "VALID"
    EXPIRED = "EXPIRED"
    INVALID = "INVALID"


@dataclass(frozen=True, slots=True)
class Authentication:
    status: TokenStatus
    user_id: int | None = None
    username: str | None = None
    person_id: int | None = None
    grants: tuple[Grant, ...] = ()


async def authenticate(token: str) -> Authentication:
    """Who a bearer token speaks for: one query for the token and its user, one for the grants."""
    row = await AccessToken.filter(token_hash=digest(token)).select_related("user").first()
    if row is None or row.revoked_at is not None:
        return Authentication(TokenStatus.INVALID)
    if row.expires_at <= clock.now():
        return Authentication(TokenStatus.EXPIRED)
    user = row.user
    return Authentication(
        TokenStatus.VALID,
        user_id=user.id,
        username=user.username,
        person_id=user.person_id,  # type: ignore[attr-defined]
        grants=tuple(await grants_of(user.id)),
    )


async def grants_of(user_id: int) -> list[Grant]:
    return [_grant(r) for r in await UserRole.filter(user_id=user_id).order_by("id")]


async def grants_by_user_ids(ids: list[int]) -> dict[int, list[Grant]]:
    result: dict[int, list[Grant]] = {i: [] for i in ids}
    for r in await UserRole.filter(user_id__in=ids).order_by("id"):
        result[r.user_id].append(_grant(r))  # type: ignore[attr-defined]
    return result


async def users_by_ids(ids: list[int]) -> dict[int, User]:
    return {u.id: u for u in await User.filter(id__in=ids)}


def _grant(row: UserRole) -> Grant:
    return Grant(role=row.role, county_code=row.county_code, provider_id=row.provider_id)


def actor_for(user: User, grants: list[Grant], request: Actor) -> Actor:
    """The actor a request becomes once `user` is known (registration and login)."""
    return Actor(
        user_id=user.id,
        username=user.username,
        person_id=user.person_id,  # type: ignore[attr-defined]
        grants=tuple(grants),
        request_id=request.request_id,
        client=request.client,
    )


async def check_grant(grant: Grant, *, field: str = "roles") -> None:
    """A grant's scope must fit its role: county admins need a county, providers a provider."""
    if grant.role is Role.COUNTY_ADMIN:
        if not grant.county_code:
            raise RoleScopeInvalid("县级管理员须指定所管辖的县市", field=field)
        await people.check_county(grant.county_code, field=field)
    elif grant.county_code:
        raise RoleScopeInvalid("只有县级管理员角色可以指定县市", field=field)
    if grant.role is Role.PROVIDER:
        if grant.provider_id is None:
            raise RoleScopeInvalid("培训机构账号须指定所属培训机构", field=field)
    elif grant.provider_id is not None:
        raise RoleScopeInvalid("只有培训机构角色可以指定培训机构", field=field)


async def create_user(
    actor: Actor,
    *,
    username: str,
    password: str,
    name: str,
    organization_name: str,
    grants: list[Grant],
) -> User:
    """A staff account (admin, provider, expert) created by a prefecture admin.

    Callers have checked that `actor` is a prefecture admin (or are the command line). The username and
    password follow the rules of `register_account`; `name` is 1–50 characters. `grants` are at least
    one, without repeats, each with the scope its role needs (`check_grant`: a county admin names a
    county of the prefecture, a provider account its provider, and no other role names either); that
    the named provider exists is the caller's check. A staff account has no registry record.

    Writes the `User`, one `UserRole` per grant and the audit event `account.created`, in one transaction.

    Raises:
        InvalidUsername, WeakPassword: as in `register_account`.
        InvalidInput: the name is empty or too long (field `name`).
        RoleScopeInvalid: no grants, a repeated grant, or a scope that does not fit its role (field `roles`).
        UnknownCounty: a county admin's county is not a county of the prefecture (field `roles`).
        UsernameTaken: the username is already used, also when a concurrent request took it first.
    """
    username = username.strip()
    check_new_credentials(username, password)
    if not 0 < len(name.strip()) <= 50:
        raise InvalidInput("姓名不能为空，且不超过 50 个字", field="name")
    if not grants:
        raise RoleScopeInvalid("至少指定一个角色", field="roles")
    if len(set(grants)) != len(grants):
        raise RoleScopeInvalid("角色不能重复", field="roles")
    for grant in grants:
        await check_grant(grant)
    if await User.exists(username=username):
        raise UsernameTaken()
    async with write_transaction():
        try:
            user = await User.create(
                username=username,
                password_hash=hash_password(password),
                name=name.strip(),
                organization_name=organization_name.strip(),
            )
        except IntegrityError:
            raise UsernameTaken() from None
        for grant in grants:
            await UserRole.create(
                user=user,
                role=grant.role,
                county_code=grant.county_code,
                provider_id=grant.provider_id,
            )
        await audit.record(
            actor,
            "account.created",
            target_type="User",
            target_id=user.id,
            summary={"username": username, "roles": [_describe(g) for g in grants]},
        )
    return user


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
    user = await User.get_or_none(username=username.strip())
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
            summary={"username": user.username, "role": _describe(grant)},
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
    user = await User.get_or_none(username=username.strip())
    if user is None:
        raise UnknownUser()
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
            summary={"username": user.username, "role": _describe(grant)},
        )
    return user


def _describe(grant: Grant) -> str:
    scope = grant.county_code or (str(grant.provider_id) if grant.provider_id is not None else "")
    return f"{grant.role.value}:{scope}" if scope else grant.role.value


async def any_user_exists() -> bool:
    return await User.exists()


async def person_ids_by_usernames(usernames: list[str]) -> dict[str, int]:
    rows = await User.filter(username__in=usernames, person_id__isnull=False).values("username", "person_id")
    return {row["username"]: row["person_id"] for row in rows}
