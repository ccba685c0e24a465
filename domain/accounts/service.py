"""Accounts' public interface: registration and staff accounts here; sign-in and tokens from
`sessions.py`, role grants from `roles.py`."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q, Subquery

from domain import clock
from domain.access import Actor, Grant, Role
from domain.accounts.errors import (
    InvalidUsername,
    RoleScopeInvalid,
    UsernameTaken,
    WeakPassword,
)
from domain.accounts.models import User, UserRole
from domain.accounts.password_changes import change_password, reset_password
from domain.accounts.passwords import (
    hash_password_off_loop,
    password_problem,
)
from domain.accounts.policy import SignInPolicy
from domain.accounts.roles import (
    actor_for,
    check_grant,
    describe_grant,
    grant_role,
    grants_by_user_ids,
    grants_of,
    revoke_role,
)
from domain.accounts.sessions import (
    Authentication,
    Session,
    TokenStatus,
    authenticate,
    issue_token,
    login,
    logout,
)
from domain.accounts.usernames import is_valid_username, normalize_username
from domain.audit import service as audit
from domain.columns import check_fits
from domain.errors import OutOfScope, in_row
from domain.names import normalize_name, validate_name
from domain.paging import Page, keyset_page
from domain.people import service as people
from domain.people.service import PersonDetails
from domain.transaction import write_transaction


def check_new_credentials(username: str, password: str) -> str:
    """The username as stored (`normalize_username`), once it and the password pass their rules."""
    username = normalize_username(username)
    if not is_valid_username(username):
        raise InvalidUsername()
    if problem := password_problem(password, username=username):
        raise WeakPassword(problem)
    return username


async def register_account(
    actor: Actor, *, username: str, password: str, details: PersonDetails, policy: SignInPolicy
) -> Session:
    """Online self-registration (seed §七): a trainee account and its registry record, together.

    `actor` is the anonymous request (its request id and client address go into the audit trail).
    `username` is 3–50 letters, digits, `_`, `.` or `-`, stored normalised (NFKC, trimmed, lower case:
    `Li.Na` and `li.na` are one account); `password` is 8–128 characters with at least one letter and one
    digit, not the username and not a common password, and only its hash is stored, computed in a worker
    thread before the transaction opens; `details` are checked as in
    `people.add_person`. Signs the new account in: the returned token is valid for
    `policy.token_lifetime` and is stored only as a digest.

    Writes, in one transaction: the `User`, its TRAINEE `UserRole`, the `Person` linked to it (with the
    audit event `person.registered`, by the new account), the audit event `account.registered` (by the
    new account) and one `AccessToken`.

    Raises:
        InvalidUsername: a malformed username.
        WeakPassword: a password that is too short, too long, lacks a letter or a digit, equals the
            username or is a common password; the message says which.
        UsernameTaken: the username is already used, in any case, also when a concurrent request took
            it first.
        InvalidName, InvalidInput, InvalidIdCardNumber, InvalidPhone, DatesOutOfOrder, UnknownCounty,
            IdCardNumberTaken: the registry details, as in `people.add_person` (the account's name is
            the registry record's, normalised there).
    """
    username = check_new_credentials(username, password)
    # Everything checkable without the database, before any row is written (the user row comes first).
    people.check_person_details(details, today=clock.today())
    if await User.exists(username=username):
        raise UsernameTaken()
    password_hash = await hash_password_off_loop(password)
    async with write_transaction():
        try:
            user = await User.create(
                username=username,
                password_hash=password_hash,
                name=validate_name(details.name),
                organization_name=details.organization_name.strip(),
            )
        except IntegrityError:
            raise UsernameTaken() from None
        await UserRole.create(user=user, role=Role.TRAINEE)
        # The new account registers its own person, so the registry's audit trail names who did it.
        person = await people.add_person(actor_for(user, [Grant(Role.TRAINEE)], actor), details)
        user.person = person
        await user.save(update_fields=["person_id"])
        signed_in = actor_for(user, [Grant(Role.TRAINEE)], actor)
        await audit.record(
            signed_in,
            "account.registered",
            target_type="User",
            target_id=user.id,
            county_code=details.county_code,
            summary={"username": username},
        )
        token = await issue_token(user, policy)
    return Session(user=user, token=token)


async def users_by_ids(ids: list[int]) -> dict[int, User]:
    return {u.id: u for u in await User.filter(id__in=ids)}


async def list_users(
    actor: Actor, *, first: int, after: int | None, role: Role | None = None, search: str | None = None
) -> Page[User]:
    """Accounts, oldest first (keyset-paged by id: `first` 1–100 after the id `after`), for the prefecture
    admin, who assigns expert reviewers by their accounts (API.md `assignTalentReviewers`): those holding
    `role` when given, and those whose username, name or organisation contains `search` (at most 50
    characters). Reads only; never the password hash.

    Raises:
        OutOfScope: the actor is not a prefecture admin.
    """
    if not actor.is_prefecture_admin:
        raise OutOfScope("只有州级管理员可以查看账号列表")
    query = User.all()
    if role is not None:
        query = User.filter(id__in=Subquery(UserRole.filter(role=role).values("user_id")))
    text = (search or "").strip()[:50]
    if text:
        # Names are stored normalised (domain/names.py): 阿依.木呷 typed in search finds 阿依·木呷.
        name = normalize_name(text) or text
        query = query.filter(
            Q(username__icontains=text) | Q(name__icontains=name) | Q(organization_name__icontains=text)
        )
    return await keyset_page(query, first=first, after=after)


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
    password follow the rules of `register_account`; `name` is a personal name, stored normalised and
    checked as a registered person's is (`domain.names.validate_name`). `grants` are at least
    one, without repeats, each with the scope its role needs (`check_grant`: a county admin names a
    county of the prefecture, a provider account its provider, and no other role names either); that
    the named provider exists is the caller's check. A staff account has no registry record.

    Writes the `User`, one `UserRole` per grant and the audit event `account.created`, in one transaction.

    Raises:
        InvalidUsername, WeakPassword: as in `register_account`.
        InvalidName: the name is not a name (field `name`); the message says why.
        InvalidInput: an organisation name longer than its column (field `organizationName`).
        RoleScopeInvalid: no grants (field `roles`), a repeated grant (field `roles.<row>`), or a scope
            that does not fit its role (field `roles.<row>.countyCode` or `roles.<row>.providerId`).
        UnknownCounty: a county admin's county is not a county of the prefecture
            (field `roles.<row>.countyCode`).
        UsernameTaken: the username is already used, also when a concurrent request took it first.
    """
    username = check_new_credentials(username, password)
    name = validate_name(name)
    organization_name = check_fits(
        User, "organization_name", organization_name.strip(), input_field="organizationName", label="单位名称"
    )
    if not grants:
        raise RoleScopeInvalid("至少指定一个角色", field="roles")
    for index, grant in enumerate(grants):
        # Each refusal points at the row of `roles` to change (API.md: `field` is the path into the input).
        with in_row("roles", index):
            if grant in grants[:index]:
                raise RoleScopeInvalid("角色不能重复")
            await check_grant(grant, field=None)
    if await User.exists(username=username):
        raise UsernameTaken()
    password_hash = await hash_password_off_loop(password)
    async with write_transaction():
        try:
            user = await User.create(
                username=username,
                password_hash=password_hash,
                name=name,
                organization_name=organization_name,
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
            summary={"username": username, "roles": [describe_grant(g) for g in grants]},
        )
    return user


async def any_user_exists() -> bool:
    return await User.exists()


async def person_ids_by_usernames(usernames: list[str]) -> dict[str, int]:
    """The person of each username as given (in any case) that has one."""
    keys = {given: normalize_username(given) for given in usernames}
    rows = await User.filter(username__in=sorted(set(keys.values())), person_id__isnull=False).values(
        "username", "person_id"
    )
    by_key = {row["username"]: row["person_id"] for row in rows}
    return {given: by_key[key] for given, key in keys.items() if key in by_key}


__all__ = [
    "Authentication",
    "Session",
    "TokenStatus",
    "actor_for",
    "any_user_exists",
    "authenticate",
    "change_password",
    "check_new_credentials",
    "create_user",
    "grant_role",
    "grants_by_user_ids",
    "grants_of",
    "login",
    "logout",
    "person_ids_by_usernames",
    "register_account",
    "reset_password",
    "revoke_role",
    "users_by_ids",
]
