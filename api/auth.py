"""Bearer token -> actor, and the role and scope checks resolvers use before calling a service."""

from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING

from starlette.requests import Request

from api.context import Context
from api.errors import Forbidden, Unauthenticated
from domain.access import Actor, Role
from domain.accounts import service as accounts
from domain.accounts.service import TokenStatus

if TYPE_CHECKING:
    from domain.accounts.models import User

_REQUEST_ID = re.compile(r"^[A-Za-z0-9_\-]{1,64}$")


def request_id_of(scope_state: dict[str, object], header: str | None) -> str:
    """The caller's X-Request-ID when it is sane, else a new one; kept for the whole request."""
    existing = scope_state.get("request_id")
    if isinstance(existing, str):
        return existing
    request_id = header if header and _REQUEST_ID.fullmatch(header) else uuid.uuid4().hex
    scope_state["request_id"] = request_id
    return request_id


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


async def resolve_actor(request: Request) -> tuple[Actor, TokenStatus | None, str | None]:
    """Who the request's bearer token speaks for: the actor, what became of the token (None when none
    was sent) and the token."""
    actor, status, token, _ = await authenticate_request(request)
    return actor, status, token


async def authenticate_request(
    request: Request,
) -> tuple[Actor, TokenStatus | None, str | None, User | None]:
    """`resolve_actor`, with the signed-in user's row (read with the token) or None."""
    request_id = request_id_of(request.scope.setdefault("state", {}), request.headers.get("x-request-id"))
    client = request.client.host if request.client else None
    token = bearer_token(request)
    if token is None:
        return Actor(request_id=request_id, client=client), None, None, None
    auth = await accounts.authenticate(token)
    if auth.status is not TokenStatus.VALID:
        return Actor(request_id=request_id, client=client), auth.status, token, None
    actor = Actor(
        user_id=auth.user_id,
        username=auth.username,
        person_id=auth.person_id,
        grants=auth.grants,
        request_id=request_id,
        client=client,
        must_change_password=auth.must_change_password,
    )
    return actor, auth.status, token, auth.user


def require_signed_in(context: Context) -> Actor:
    if context.actor.is_signed_in:
        return context.actor
    if context.token_status is TokenStatus.EXPIRED:
        raise Unauthenticated("登录已过期，请重新登录")
    if context.token_status is TokenStatus.INVALID:
        raise Unauthenticated("登录凭证无效，请重新登录")
    raise Unauthenticated("请先登录")


def require_role(context: Context, *roles: Role) -> Actor:
    actor = require_signed_in(context)
    if not any(actor.has_role(role) for role in roles):
        raise Forbidden()
    return actor


def require_admin(context: Context) -> Actor:
    return require_role(context, Role.PREFECTURE_ADMIN, Role.COUNTY_ADMIN)
