"""Changing a password, and an admin's reset to a one-time password the user must change."""

from __future__ import annotations

import secrets
from typing import Final

from domain import clock
from domain.access import Actor, Role
from domain.accounts.attempts import one_at_a_time, username_failures
from domain.accounts.errors import TooManyAttempts, UnknownUser, WeakPassword, WrongPassword
from domain.accounts.models import AccessToken, User
from domain.accounts.passwords import hash_password_off_loop, password_problem, verify_password_off_loop
from domain.accounts.policy import SignInPolicy
from domain.accounts.roles import grants_of, user_named
from domain.accounts.tokens import digest
from domain.audit import service as audit
from domain.errors import OutOfScope
from domain.people import service as people
from domain.transaction import write_transaction

# Letters and digits a person reads off a screen or a phone call without confusing them (no 0/O, 1/l/I).
ONE_TIME_ALPHABET: Final = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ONE_TIME_LENGTH: Final = 12


async def change_password(
    actor: Actor, *, token: str, current_password: str, new_password: str, policy: SignInPolicy
) -> User:
    """The signed-in user chooses a new password (any role; also after an admin's reset).

    `token` is the bearer token of this request: it stays valid, and every other live token of the user
    is revoked, so a session on a lost phone or a shared computer ends. The new password follows the
    rule of `register_account` and differs from the current one; both hashes are computed in a worker
    thread before the transaction opens. A wrong current password counts as a failed sign-in of the
    username (`SignInPolicy`), so a borrowed session cannot be used to guess it and take the account.

    On a wrong current password, writes the audit event `login.failed` in its own transaction.
    Otherwise writes, in one transaction: the user's new password hash, `must_change_password`
    cleared, `revoked_at` on the user's other live `AccessToken`s, and the audit event
    `account.password_changed` (summary: how many other tokens were revoked).

    Raises:
        TooManyAttempts: the username is locked out, as for `login`.
        WrongPassword: `current_password` is not the user's password, or the password changed while
            this request ran (field `currentPassword`).
        WeakPassword: the new password breaks the password rule, or equals the current one (field
            `newPassword`).
    """
    if actor.user_id is None:
        raise WrongPassword()  # the API signs the caller in first; this keeps the types honest
    user = await User.get(id=actor.user_id)
    async with one_at_a_time(user.username):
        # As at sign-in: failures before an admin's reset do not count, or a user locked out and then
        # reset could not change the one-time password until the lockout passed.
        failures = await username_failures(user.username, user, policy)
        if policy.is_locked_out(username_failures=failures, client_failures=0):
            raise TooManyAttempts(int(policy.failure_window.total_seconds() // 60))
        if not await verify_password_off_loop(current_password, user.password_hash):
            async with write_transaction():
                await audit.record(
                    actor,
                    audit.LOGIN_FAILED,
                    target_type="Username",
                    target_id=user.username,
                    summary={"knownUser": True, "changingPassword": True},
                )
            raise WrongPassword()
    if problem := password_problem(new_password, username=user.username):
        raise WeakPassword(problem, field="newPassword")
    if new_password == current_password:
        raise WeakPassword("新密码不能与当前密码相同", field="newPassword")
    password_hash = await hash_password_off_loop(new_password)
    async with write_transaction():
        # Compare and set: a change (or an admin's reset) that landed since the check above wins, and this
        # one is refused, so two sessions changing at once cannot revoke each other's tokens.
        changed = await User.filter(id=user.id, password_hash=user.password_hash).update(
            password_hash=password_hash, must_change_password=False
        )
        if not changed:
            raise WrongPassword("密码刚刚已被修改：请用修改后的密码重新登录后再试")
        revoked = (
            await AccessToken.filter(user_id=user.id, revoked_at__isnull=True)
            .exclude(token_hash=digest(token))
            .update(revoked_at=clock.now())
        )
        await audit.record(
            actor,
            "account.password_changed",
            target_type="User",
            target_id=user.id,
            # The person's county, so the county admin who reset the password sees it was changed.
            county_code=await people.county_of(user.person_id) if user.person_id is not None else None,
            summary={"otherTokensRevoked": revoked},
        )
    await user.refresh_from_db()
    return user


async def reset_password(actor: Actor, *, username: str) -> tuple[User, str]:
    """An admin gives an account a new, one-time password (the user forgot theirs); returns the user and
    that password, which is shown once to the admin and never stored in clear.

    Scope: a prefecture admin may reset any account; a county admin the trainee accounts of registered
    people of their county (never a staff account, which has no county of its own, nor one holding any
    other role, which the one-time password would hand over). Callers have checked that
    `actor` is an admin. The one-time password is 12 letters and digits; with it the user can sign in
    but do nothing except change it
    (`Authentication.must_change_password`). Every live token of the user is
    revoked, so whoever held the account loses it, and failed sign-ins before the reset no longer count
    toward the lockout (the user who locked themselves out is the one who asked for it).

    Writes, in one transaction: the password hash (computed beforehand in a worker thread),
    `must_change_password` set, `revoked_at` on the user's live tokens, and the audit event
    `account.password_reset` with the person's county.

    Raises:
        UnknownUser: no account of that username, or (to a county admin) none of a person of their
            county (field `username`).
        OutOfScope: a county admin and an account holding any role besides TRAINEE; or the actor's own
            account (field `username`).
    """
    user = await user_named(username)
    if user is None:
        raise UnknownUser()
    if user.id == actor.user_id:
        # A reset skips the current-password check of changePassword: on one's own account it would
        # let a stolen token take the account for good.
        raise OutOfScope("不能重置自己的密码：请用「修改密码」，需要输入当前密码", field="username")
    county = await people.county_of(user.person_id) if user.person_id is not None else None
    if not actor.is_prefecture_admin:
        if county is None or not actor.can_administer_county(county):
            # As if it did not exist: a county admin learns nothing of usernames outside the county.
            raise UnknownUser()
        # A role beyond TRAINEE (an admin, a provider, an expert) would pass to whoever holds the
        # one-time password: such accounts are the prefecture's to reset.
        if any(grant.role is not Role.TRAINEE for grant in await grants_of(user.id)):
            raise OutOfScope("该账号有管理、培训机构或评审专家角色，须由州级管理员重置密码", field="username")
    one_time = "".join(secrets.choice(ONE_TIME_ALPHABET) for _ in range(ONE_TIME_LENGTH))
    password_hash = await hash_password_off_loop(one_time)
    async with write_transaction():
        await User.filter(id=user.id).update(password_hash=password_hash, must_change_password=True)
        await AccessToken.filter(user_id=user.id, revoked_at__isnull=True).update(revoked_at=clock.now())
        await audit.record(
            actor,
            "account.password_reset",
            target_type="User",
            target_id=user.id,
            county_code=county,
            summary={"username": user.username},
        )
    await user.refresh_from_db()
    return user, one_time
