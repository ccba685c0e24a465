"""`create_app()`: the Starlette application, its routes and its lifespan owning the ORM."""

from __future__ import annotations

import gc
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import lru_cache
from typing import Any, Final

import orjson
from cross_web import AsyncHTTPRequestAdapter, HTTPException, StarletteRequestAdapter
from graphql import GraphQLError, OperationDefinitionNode, parse, validate
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.extensions.parser_cache import _get_parse_cache
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.parse_content_type import parse_content_type
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET
from tortoise import connections
from tortoise.contrib.starlette import RegisterTortoise

from api import evidence_files, exports, multipart, web
from api.auth import authenticate_request
from api.context import Context
from api.errors import TopLevelCode
from api.middleware import BodyLimit, RequestLog
from api.request_errors import (
    MULTIPLE_OPERATIONS,
    NO_OPERATION,
    RequestError,
    describe,
    from_strawberry,
    unknown_operation,
)
from api.request_values import check_variable_values, json_body
from api.schema import build_schema
from api.schema.limits import DOCUMENT_CACHE_SIZE
from api.security_headers import SecurityHeaders
from api.settings import Settings
from domain.database import tortoise_config

GRAPHQL_RESPONSE_JSON: Final = "application/graphql-response+json"
JSON: Final = "application/json"
# Without a usable Accept header a client gets application/json, the legacy type every client reads.
_JSON_RANGES: Final = frozenset({JSON, "application/*", "*/*"})
UNSUPPORTED_CONTENT_TYPE: Final = (
    "不支持的请求类型：请用 Content-Type: application/json（上传文件用 multipart/form-data）"
)


def method_refused(method: str) -> str:
    """The 405 message: GET is named for what it is (a query in the URL), any other method as itself."""
    if method == "GET":
        return "GraphQL 请求请用 POST 发送（本服务不接受 GET 查询）"
    return f"GraphQL 请求请用 POST 发送（本服务不接受 {method[:10]} 请求）"


NOT_ACCEPTABLE: Final = (
    "无法按 Accept 头给出应答：本服务的应答类型是 application/graphql-response+json 或 application/json"
)


def negotiate(accept: str | None) -> str | None:
    """The response media type for an `Accept` header (GraphQL over HTTP §Accept), or None when the
    header names neither type acceptably (`text/html` alone, `application/json;q=0`).

    The highest-quality acceptable type wins; on a tie the spec's own `application/graphql-response+json`
    wins when it is named. No header (or an empty one): `application/json`. Media ranges are
    case-insensitive.
    """
    if not (accept or "").strip():
        return JSON
    best: str | None = None
    best_quality = 0.0
    for part in (accept or "").split(","):
        media_range, *parameters = (item.strip() for item in part.split(";"))
        media_range = media_range.lower()
        if media_range == GRAPHQL_RESPONSE_JSON:
            candidate = GRAPHQL_RESPONSE_JSON
        elif media_range in _JSON_RANGES:
            candidate = JSON
        else:
            continue
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > best_quality or (quality == best_quality > 0 and candidate == GRAPHQL_RESPONSE_JSON):
            best, best_quality = candidate, quality
    return best


def status_for(media_type: str, body: GraphQLHTTPResponse) -> int:
    """GraphQL over HTTP's status codes: with `application/json` every well-formed request is answered
    200; with `application/graphql-response+json` a response without `data` (the request failed before
    execution: parse, validation, variables, operation choice) is 400."""
    if media_type == GRAPHQL_RESPONSE_JSON and "data" not in body:
        return 400
    return 200


def is_request_error(result: ExecutionResult) -> bool:
    """The request failed before execution started: no data and no error at a field's path.

    A field error that made the whole `data` null (a non-null root field) carries its path; parse,
    validation, limit and variable errors never do.
    """
    errors = result.errors or []
    return result.data is None and bool(errors) and all(e.path is None for e in errors)


# Documents a client sends again and again are short; a long one is parsed afresh, not kept in memory.
MAX_CACHED_QUERY_CHARS: Final = 20_000


def operation_names(query: str, max_tokens: int) -> tuple[str | None, ...] | None:
    """The names of the document's operations (None for an anonymous one), or None when it does not parse
    (the schema then reports why)."""
    if len(query) > MAX_CACHED_QUERY_CHARS:
        return _operation_names.__wrapped__(query, max_tokens)
    return _operation_names(query, max_tokens)


@lru_cache(maxsize=256)
def _operation_names(query: str, max_tokens: int) -> tuple[str | None, ...] | None:
    try:
        # Parsed through strawberry's own parse cache (ParserCache, keyed as MaxTokensLimiter's options
        # make it), so the schema finds the document parsed: parsing is most of what refusing costs.
        document = _get_parse_cache(DOCUMENT_CACHE_SIZE)(query, max_tokens=max_tokens)
    except (GraphQLError, RecursionError):
        return None
    return tuple(
        d.name.value if d.name else None
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode)
    )


class GraphQLEndpoint(GraphQL[Context, None]):
    """GraphQL over HTTP as the spec and its `graphql-http` audit suite expect: POST with a JSON (or
    multipart upload) body; answers in the media type the client's `Accept` asks for, with the spec's
    status codes; every refusal a JSON GraphQL error in Chinese with `extensions.code`."""

    def __init__(self, settings: Settings) -> None:
        schema = build_schema(settings.limits, production=settings.production)
        # graphql-core's schema, for validating a document strawberry cannot take (no operation).
        self.graphql_schema = schema._schema
        super().__init__(
            schema,
            graphql_ide=None if settings.production else "graphiql",
            allow_queries_via_get=False,
            # Rosters arrive as files (the GraphQL multipart request spec); BodyLimit bounds their size.
            multipart_uploads_enabled=True,
        )
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope=scope, receive=receive)
        try:
            response = await self.run(request)
        except HTTPException as exc:
            response = self.refusal(request, from_strawberry(exc.status_code, exc.reason))
        except RequestError as exc:
            response = self.refusal(request, exc)
        await response(scope, receive, send)

    def refusal(self, request: Request, error: RequestError) -> Response:
        """A request refused before any GraphQL ran: no `data` key (GraphQL over HTTP §Response)."""
        request.scope.setdefault("state", {})["outcome"] = error.code.value
        body = {"errors": [{"message": error.message, "extensions": {"code": error.code.value}}]}
        headers = {"Allow": "POST"} if error.status == 405 else None
        return Response(
            self.encode_json(body),
            status_code=error.status,
            media_type=f"{negotiate(request.headers.get('accept')) or JSON}; charset=utf-8",
            headers=headers,
        )

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        try:
            if isinstance(request, Request) and request.method != "POST" and not self._shows_ide(request):
                # GraphQL over HTTP lets a server take POST only; GET would put queries (and their
                # variables) into URLs, proxy logs and caches.
                raise RequestError(405, method_refused(request.method))
            # GraphQL over HTTP §Accept: a client that accepts neither media type is answered 406
            # (RECOMMENDED over ignoring its header, as graphql-http's reference handler does), before
            # anything is parsed or run. The IDE's GET (text/html) is not a GraphQL request.
            accepted = negotiate(request.headers.get("accept")) if isinstance(request, Request) else JSON
            if request.method == "POST" and accepted is None:
                raise RequestError(406, NOT_ACCEPTABLE)
            return await super().run(request, context, root_value)
        finally:
            # Uploaded files stay open on the parsed form until the request is closed, also when a
            # resolver refused the request before reading them.
            if isinstance(request, Request):
                await request.close()

    async def render_graphql_ide(self, request: Request) -> Response:
        # The IDE is built from the `graphiql` package into web/dist and served from this origin, not
        # strawberry's page, which loads its scripts from a CDN (blank on a closed network).
        return web.page(self.settings.web_root, "graphiql.html")

    def _shows_ide(self, request: Request) -> bool:
        return self.graphql_ide is not None and self.should_render_graphql_ide(
            StarletteRequestAdapter(request)
        )

    async def parse_http_body(self, request: AsyncHTTPRequestAdapter) -> GraphQLRequestData:
        """The request's `query`, `variables`, `operationName` and `extensions`, each checked for its JSON
        type (GraphQL over HTTP §Request Parameters); for a multipart upload, the files put into
        `variables` where `map` says (api/multipart.py). Batches are not taken. Media types are
        case-insensitive (RFC 9110 §8.3.1)."""
        content_type, _ = parse_content_type(request.content_type or "")
        content_type = content_type.lower()
        form = None
        if content_type == JSON:
            body = await request.get_body()
            if not body.strip():
                raise RequestError(400, "请求体为空：请发送含 query 的 JSON 对象")
            data = json_body(body, self.settings.limits.max_variable_values)
        elif content_type == "multipart/form-data" and self.multipart_uploads_enabled:
            form = await multipart.read_form(request)
            data = multipart.operations_of(form, self.settings.limits.max_variable_values)
        else:
            raise RequestError(415, UNSUPPORTED_CONTENT_TYPE)
        if not isinstance(data, dict):
            raise RequestError(400, "请求体应为一个 JSON 对象（不支持批量请求）")
        query = data.get("query")
        if query is None:
            raise RequestError(400, "请求缺少 query（GraphQL 查询文本）")
        if not isinstance(query, str):
            raise RequestError(400, "query 应为字符串")
        if len(query) > (max_chars := self.settings.limits.max_query_chars):
            # Before any parsing: graphql-core's lexer reads a long name or string a character at a time.
            raise RequestError(
                413,
                f"查询过长：超过 {max_chars} 个字符的上限（长文本请放在 variables 中）",
                TopLevelCode.LIMIT_EXCEEDED,
            )
        for key, kind, label in (
            ("variables", dict, "对象"),
            ("extensions", dict, "对象"),
            ("operationName", str, "字符串"),
        ):
            if data.get(key) is not None and not isinstance(data[key], kind):
                raise RequestError(400, f"{key} 应为{label}或 null")
        # Before graphql-core coerces the values, one at a time, however soon a resolver would refuse them.
        check_variable_values(data.get("variables"), self.settings.limits.max_variable_values)
        if form is not None:
            multipart.place_files(data, form, self.settings.limits.max_variable_values)
        return GraphQLRequestData(
            query=query,
            variables=data.get("variables"),
            operation_name=data.get("operationName"),
            extensions=data.get("extensions"),
        )

    async def execute_single(  # noqa: PLR0917 - strawberry's signature
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """Picks the operation as the GraphQL spec's GetOperation does before anything runs: a document
        with several operations needs `operationName`, and the name must be one of them. (Strawberry
        would run the first operation, even a mutation.)"""
        if request_data.query:
            names = operation_names(request_data.query, self.settings.limits.max_tokens)
            wanted = request_data.operation_name
            if names == ():
                return self._without_operation(request_data.query)
            if names is not None and wanted is None and len(names) > 1:
                return _request_error(MULTIPLE_OPERATIONS)
            if names is not None and wanted is not None and wanted not in names:
                return _request_error(unknown_operation(wanted))
        return await super().execute_single(
            request=request,
            request_adapter=request_adapter,
            sub_response=sub_response,
            context=context,
            root_value=root_value,
            request_data=request_data,
        )

    def _without_operation(self, query: str) -> ExecutionResult:
        """A document with fragments or type definitions but no operation: what validation says about it
        (a type definition is not executable, a fragment is unused), else that there is nothing to run.
        (Strawberry would refuse it as an unexplained HTTP 400.)"""
        document = parse(query, max_tokens=self.settings.limits.max_tokens)
        errors = validate(self.graphql_schema, document)
        return ExecutionResult(data=None, errors=errors or [GraphQLError(NO_OPERATION)])

    def encode_json(self, data: object) -> bytes:
        """UTF-8 JSON with Chinese as it is, so curl and logs show it (orjson); ASCII escapes when a
        string is not valid Unicode (a lone surrogate a client sent), which UTF-8 cannot carry."""
        try:
            return orjson.dumps(data)
        except TypeError:  # orjson.JSONEncodeError: a lone surrogate (or a type only json knows)
            return json.dumps(data, separators=(",", ":")).encode()

    async def get_context(self, request: Request, response: Response) -> Context:  # type: ignore[override]
        actor, token_status, token, user = await authenticate_request(request)
        return Context(
            request=request,
            response=response,
            settings=self.settings,
            actor=actor,
            token_status=token_status,
            token=token,
            signed_in_user=user,
        )

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        # create_response has no request: the negotiated media type travels on the sub-response.
        sub_response.media_type = negotiate(request.headers.get("accept")) or JSON
        return sub_response

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        media_type = sub_response.media_type or JSON
        body = response_data if isinstance(response_data, dict) else {}
        response = Response(
            self.encode_json(response_data),
            status_code=sub_response.status_code or status_for(media_type, body),
            media_type=f"{media_type}; charset=utf-8",
        )
        response.headers.raw.extend(sub_response.headers.raw)
        if sub_response.background:
            response.background = sub_response.background
        return response

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        """Codes every error and says request errors in Chinese; a request that failed before execution
        started has no `data` key (GraphQL over HTTP §Response, GraphQL spec §7.1.2)."""
        response = await super().process_result(request, result)
        errors: list[dict[str, Any]] = list(response.get("errors") or [])  # type: ignore[arg-type]
        for error in errors:
            extensions = error.setdefault("extensions", {})
            message = str(error.get("message", ""))
            # A scalar's own coded refusal reaches the client wrapped in graphql-core's English
            # "Variable '$x' has invalid value": it is said in Chinese too, keeping the scalar's code.
            if "code" not in extensions or message.startswith("Variable '$"):
                described = describe(message, error.get("locations"))
                error["message"] = described.message
                extensions.setdefault("code", described.code.value)
        if is_request_error(result):
            response.pop("data", None)
        state = request.scope.setdefault("state", {})
        state["outcome"] = ",".join(sorted({e["extensions"]["code"] for e in errors})) or "ok"
        return response


def _request_error(message: str) -> ExecutionResult:
    return ExecutionResult(
        data=None,
        errors=[GraphQLError(message, extensions={"code": TopLevelCode.GRAPHQL_VALIDATION_FAILED.value})],
    )


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
            # What start-up built (the schema, the models, the caches' code) lives as long as the
            # process: frozen out of the collector, full collections stop walking ~100k objects each
            # time (#14: the catalog's p99 went from 75 to 22 ms).
            gc.collect()
            gc.freeze()
            try:
                yield
            finally:
                gc.unfreeze()  # an application stopped in a longer-lived process (tests) is collectable

    return Starlette(
        routes=[
            # Every method reaches the endpoint, which refuses all but POST (and the IDE's GET) in JSON.
            Route("/graphql", GraphQLEndpoint(settings)),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            *exports.routes,
            *evidence_files.routes,
            # Last: the front end's assets and its history-mode pages.
            *web.routes(settings.web_root),
        ],
        middleware=[
            # Outside the others: their own responses (a 413 from BodyLimit) get the headers too.
            Middleware(SecurityHeaders),
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
