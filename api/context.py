"""The typed request context every resolver receives."""

from __future__ import annotations

from dataclasses import dataclass, field

import strawberry
from starlette.requests import Request
from starlette.responses import Response

from api.loaders import Loaders
from api.settings import Settings
from domain.access import Actor
from domain.accounts.service import TokenStatus


@dataclass
class Context:
    request: Request
    response: Response | None
    settings: Settings
    actor: Actor
    # None when no bearer token was sent; otherwise what became of it.
    token_status: TokenStatus | None = None
    token: str | None = None
    loaders: Loaders = field(default_factory=Loaders)


Info = strawberry.Info[Context, None]
