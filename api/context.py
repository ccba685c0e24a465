"""The typed request context every resolver receives."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import strawberry
from starlette.requests import Request
from starlette.responses import Response

from api.settings import Settings
from domain.access import Actor
from domain.accounts.models import User
from domain.accounts.service import TokenStatus

L = TypeVar("L")


@dataclass
class Context:
    request: Request
    response: Response | None
    settings: Settings
    actor: Actor
    # None when no bearer token was sent; otherwise what became of it.
    token_status: TokenStatus | None = None
    token: str | None = None
    # The signed-in user's row as read with the token at the start of the request (a query's `viewer`
    # answers from it; a mutation may have changed it since).
    signed_in_user: User | None = None
    _loaders: dict[type[Any], Any] = field(default_factory=dict)

    def loaders(self, kind: type[L]) -> L:
        """This request's instance of a context's DataLoaders (e.g. `PeopleLoaders`), made on first use.

        Each GraphQL context package declares its own loaders (`api/schema/<context>/loaders.py`), so
        this module names none of them; one instance per request keeps batching and caching per request.
        """
        found = self._loaders.get(kind)
        if found is None:
            found = self._loaders[kind] = kind()
        return cast(L, found)


Info = strawberry.Info[Context, None]
