"""Signing in and out: password sign-in with its throttle, opaque bearer tokens stored as digests,
and what a token speaks for."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain import clock
from domain.access import Actor, Grant
from domain.accounts.attempts import one_at_a_time, username_failures
from domain.accounts.errors import InvalidCredentials, TooManyAttempts
from domain.accounts.models import AccessToken, User
from domain.accounts.passwords import unknown_user_hash_off_loop, verify_password_off_loop
from domain.accounts.policy import SignInPolicy
from domain.accounts.roles import actor_for, grants_of
from domain.accounts.tokens import digest, new_token
from domain.accounts.usernames import normalize_username
from domain.audit import service as audit
from domain.columns import fits
from domain.transaction import write_transaction


@dataclass(frozen=True, slots=True)
class Session:
    user: User
    token: str


async def login(actor: Actor, *, username: str, password: str, policy: SignInPolicy) -> Session:
    """Sign in with a username and password; returns the user and a new bearer token.

    The username is matched in any case and width (`normalize_username`). The password is checked in a
    worker thread, so other requests go on meanwhile. A user whose password an admin reset signs in
    with the one-time password, but can then only change it (`Authentication.must_change_password`).

    Guessing is throttled (`SignInPolicy`): once a username, or the client address, has had too many
    failed sign-ins within the policy's window (by default 5 per username or 20 per address in 15
    minutes), every attempt is refused until the window has passed, even with the right password; an
    admin's reset clears the username's count. Attempts for one username are checked one at a time
    (`attempts.one_at_a_time`), so guesses sent at once cannot all pass. An unknown username costs the
    same password check as a known one, so timing does not tell them apart.

    On failure, writes the audit event `login.failed` (target: the username as given, and whether such a
    user exists) in its own transaction, which is what the throttle counts. On success, writes one
    `AccessToken` (stored as a digest, valid `policy.token_lifetime`) and the audit event
    `account.logged_in`, in one transaction.

    Raises:
        TooManyAttempts: the username or client is locked out; the message gives the window in minutes.
        InvalidCredentials: no such user, or the wrong password (the same answer for both).
    """
    username = normalize_username(username)
    user = await User.get_or_none(username=username) if fits(User, "username", username) else None
    async with one_at_a_time(username):
        failures = await username_failures(username, user, policy)
        client_failures = (
            await audit.count_failed_logins(client=actor.client, within=policy.failure_window)
            if actor.client
            else 0
        )
        if policy.is_locked_out(username_failures=failures, client_failures=client_failures):
            raise TooManyAttempts(int(policy.failure_window.total_seconds() // 60))
        stored = user.password_hash if user else await unknown_user_hash_off_loop()
        if not await verify_password_off_loop(password, stored) or not user:
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
        token = await issue_token(user, policy)
        await audit.record(
            actor_for(user, await grants_of(user.id), actor),
            "account.logged_in",
            target_type="User",
            target_id=user.id,
        )
    return Session(user=user, token=token)


async def issue_token(user: User, policy: SignInPolicy) -> str:
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
    must_change_password: bool = False
    # The user's row, read with the token: the request's user loader starts with it (`viewer`).
    user: User | None = None


async def authenticate(token: str) -> Authentication:
    """Who a bearer token speaks for: one query for the token and its user, one for the grants.
    `must_change_password`: the user signed in with a one-time password from an admin's reset and has
    not chosen their own yet; until then they may only change it, sign out, or read who they are."""
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
        person_id=user.person_id,
        grants=tuple(await grants_of(user.id)),
        must_change_password=user.must_change_password,
        user=user,
    )
