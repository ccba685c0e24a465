"""`create_app()`: the Starlette application, its routes and its lifespan owning the ORM."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET
from tortoise import connections
from tortoise.contrib.starlette import RegisterTortoise

from api import exports
from api.auth import resolve_actor
from api.context import Context
from api.errors import TopLevelCode
from api.middleware import BodyLimit, RequestLog
from api.schema import build_schema
from api.schema.limits import is_token_limit_error
from api.settings import Settings
from domain.database import tortoise_config


class GraphQLEndpoint(GraphQL[Context, None]):
    def __init__(self, settings: Settings) -> None:
        super().__init__(
            build_schema(settings.limits, production=settings.production),
            graphql_ide=None if settings.production else "graphiql",
            allow_queries_via_get=False,
            # Rosters arrive as files (the GraphQL multipart request spec); BodyLimit bounds their size.
            multipart_uploads_enabled=True,
        )
        self.settings = settings

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        try:
            return await super().run(request, context, root_value)
        finally:
            # Uploaded files stay open on the parsed form until the request is closed, also when a
            # resolver refused the request before reading them.
            if isinstance(request, Request):
                await request.close()

    async def get_context(self, request: Request, response: Response) -> Context:  # type: ignore[override]
        actor, token_status, token = await resolve_actor(request)
        return Context(
            request=request,
            response=response,
            settings=self.settings,
            actor=actor,
            token_status=token_status,
            token=token,
        )

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        response = await super().process_result(request, result)
        errors: list[dict[str, Any]] = list(response.get("errors") or [])  # type: ignore[arg-type]
        for error in errors:
            extensions = error.setdefault("extensions", {})
            if "code" not in extensions:
                limited = is_token_limit_error(str(error.get("message", "")))
                extensions["code"] = (
                    TopLevelCode.LIMIT_EXCEEDED if limited else TopLevelCode.GRAPHQL_VALIDATION_FAILED
                ).value
        state = request.scope.setdefault("state", {})
        state["outcome"] = ",".join(sorted({e["extensions"]["code"] for e in errors})) or "ok"
        return response


async def healthz(_: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def readyz(_: Request) -> Response:
    """Ready when the database answers."""
    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception as exc:
        return JSONResponse({"status": "unavailable", "reason": type(exc).__name__}, status_code=503)
    return JSONResponse({"status": "ready"})


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # RegisterTortoise makes the ORM state global, so request tasks (which do not inherit the
        # lifespan task's context variables) see it too.
        async with RegisterTortoise(app, config=tortoise_config(settings.database_url)):
            yield

    async def landing(_: Request) -> Response:
        return FileResponse(settings.web_root / "index.html", media_type="text/html; charset=utf-8")

    return Starlette(
        routes=[
            Route("/graphql", GraphQLEndpoint(settings), methods=["GET", "POST"]),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            *exports.routes,
            Route("/", landing),
        ],
        middleware=[
            Middleware(RequestLog),
            Middleware(
                BodyLimit,
                max_body_bytes=settings.limits.max_body_bytes,
                max_upload_bytes=settings.limits.max_upload_bytes,
            ),
        ],
        lifespan=lifespan,
    )


__all__ = ["create_app"]
