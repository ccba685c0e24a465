"""The peer a team might pick instead of GraphQL: hand-written Starlette JSON endpoints doing the same
work as the benchmark's GraphQL documents (bench/queries.py), and a bare route (the server's floor).

"The same work" means: the same middleware (request log, body limit), the bearer token resolved by
`api.auth.authenticate_request`, the same visibility checks, the same domain functions reading the
same rows as the GraphQL resolvers do (the same SQL statements: 9 for my hours, 6 for the catalog
page), the same JSON fields and values (ids, cursors, decimals, timestamps in 北京时间) serialised by
hand with the same encoder (orjson), and the same process tuning (`gc.freeze()` after start-up). Each
endpoint answers `{"data": ...}` shaped exactly as the GraphQL answer, so `bench.http` can check that
both agree before it measures them. When the app's resolvers change what they read, this must follow.

    GET /bare                                              {"status": "ok"}, no database
    GET /my-hours?requirementId=<global id>&first=20[&after=<cursor>]   MY_HOURS
    GET /catalog?first=50[&after=<cursor>]                 CATALOG (NEWEST first)

Served by uvicorn as a factory: `uvicorn bench.peer:create_peer_app --factory` (DATABASE_URL from the
environment), or `create_peer_app(database_url)`.
"""

from __future__ import annotations

import base64
import binascii
import gc
import json
import os
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Final

import orjson
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from tortoise.contrib.starlette import RegisterTortoise

from api.auth import authenticate_request
from api.middleware import BodyLimit, RequestLog
from api.settings import DEFAULT_DATABASE_URL, Limits
from domain.access import can_see_identity
from domain.database import tortoise_config
from domain.exam import continuing_education
from domain.paging import Page
from domain.people import service as people
from domain.training import catalog, progress, providers
from domain.training.hours import from_tenths
from domain.training.models import Course, HourEntry
from domain.training.vocabulary import CourseStatus

SHANGHAI: Final = timezone(timedelta(hours=8), "Asia/Shanghai")
JSON_TYPE: Final = "application/json; charset=utf-8"
LIMITS: Final = Limits()


# --- wire forms, as api/schema/scalars.py and api/schema/relay.py write them ------------------------


def global_id(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def cursor(pk: int) -> str:
    return base64.b64encode(f"cursor:{pk}".encode()).decode()


def course_cursor(at: datetime, pk: int) -> str:
    return base64.b64encode(f"course:{at.isoformat()}|{pk}".encode()).decode()


def _decoded(text: str) -> str | None:
    try:
        return base64.b64decode(text.encode(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


def _pk(text: str) -> int | None:
    if not (text.isascii() and text.isdigit()) or len(text) > 10:
        return None
    value = int(text)
    return value if 0 < value <= 2**31 - 1 else None


def pk_of_global_id(text: str, type_name: str) -> int | None:
    decoded = _decoded(text)
    if decoded is None or not decoded.startswith(f"{type_name}:"):
        return None
    return _pk(decoded.removeprefix(f"{type_name}:"))


def wire_decimal(value: Decimal) -> str:
    return format(value, "f")


def wire_date(value: date) -> str:
    return value.isoformat()


def wire_datetime(value: datetime) -> str:
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return aware.astimezone(SHANGHAI).isoformat()


def _opt(value: Any, wire: Any) -> Any:
    return None if value is None else wire(value)


# --- responses --------------------------------------------------------------------------------------


def json_response(body: object, status: int = 200) -> Response:
    """As GraphQLEndpoint.encode_json: orjson, and ASCII escapes for what UTF-8 cannot carry."""
    try:
        content = orjson.dumps(body)
    except TypeError:
        content = json.dumps(body, separators=(",", ":")).encode()
    return Response(content, status_code=status, media_type=JSON_TYPE)


def refusal(status: int, code: str, message: str) -> Response:
    return json_response({"errors": [{"message": message, "extensions": {"code": code}}]}, status)


def _first(params: Mapping[str, str], default: int) -> int | None:
    text = params.get("first", str(default))
    value = int(text) if text.isascii() and text.isdigit() and len(text) <= 4 else 0
    return value if 1 <= value <= LIMITS.max_page_size else None


# --- endpoints --------------------------------------------------------------------------------------


async def bare(_: Request) -> Response:
    return Response(b'{"status":"ok"}', media_type=JSON_TYPE)


class Refused(Exception):
    """A request refused as the GraphQL endpoint would refuse it (a top-level coded error)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.response = refusal(status, code, message)


def _after_pk(params: Mapping[str, str]) -> int | None:
    text = params.get("after")
    if text is None:
        return None
    decoded = _decoded(text) or ""
    after = _pk(decoded.removeprefix("cursor:")) if decoded.startswith("cursor:") else None
    if after is None:
        raise Refused(400, "BAD_USER_INPUT", "分页游标 after 无效")
    return after


async def my_hours(request: Request) -> Response:
    """MY_HOURS: the viewer's ledger toward one requirement with a page of its entries and their
    courses' titles. The same reads as the GraphQL resolvers: the viewer's account as read with the
    token (AccountsQuery.viewer), the person (person_node), `continuing_education.ledger_for` with
    the person's front-line flag, `progress.entries_of` and the entries' courses
    (`catalog.courses_by_ids`)."""
    try:
        return json_response({"data": {"viewer": await _my_hours(request)}})
    except Refused as exc:
        return exc.response


async def _my_hours(request: Request) -> dict[str, Any] | None:
    actor, _status, _token, user = await authenticate_request(request)
    if actor.user_id is None:
        raise Refused(401, "UNAUTHENTICATED", "请先登录")
    params = request.query_params
    requirement_pk = pk_of_global_id(params.get("requirementId", ""), "TrainingRequirement")
    first = _first(params, 20)
    after = _after_pk(params)
    if requirement_pk is None or first is None:
        raise Refused(400, "BAD_USER_INPUT", "参数不正确")
    if user is None:
        return None
    if user.person_id is None:
        return {"person": None}
    person = (await people.persons_by_ids([user.person_id])).get(user.person_id)
    if person is None or not people.can_see_person(actor, person):
        return {"person": None}
    if not can_see_identity(actor, person_id=person.id, county_code=person.county_id):
        raise Refused(403, "FORBIDDEN", "只有本人和辖区管理员可以查看此人的学时台账")
    view = await continuing_education.ledger_for(person.id, requirement_pk, front_line=person.front_line)
    if view is None:
        raise Refused(404, "NOT_FOUND", "学时要求不存在")
    return {"person": await _ledger_json(person.id, view, first=first, after=after)}


async def _ledger_json(
    person_pk: int, view: progress.LedgerView, *, first: int, after: int | None
) -> dict[str, Any]:
    requirement = view.requirement
    p = view.progress
    applicable = view.not_applicable is None
    if applicable:
        page = await progress.entries_of(person_pk, view.window, first=first, after=after)
    else:
        page = Page(items=[], has_next_page=False, total_count=0)
    course_ids = sorted({e.course_id for e in page.items if e.course_id is not None})
    courses = await catalog.courses_by_ids(course_ids) if course_ids else {}
    return {
        "id": global_id("Person", person_pk),
        "trainingLedger": {
            "requirement": {
                "id": global_id("TrainingRequirement", requirement.id),
                "code": requirement.code,
                "name": requirement.name,
                "audience": requirement.audience.name,
            },
            "applicable": applicable,
            "notApplicableReason": view.not_applicable,
            "startsOn": wire_date(view.window.starts_on) if applicable else None,
            "endsOn": wire_date(view.window.ends_on) if applicable else None,
            "requiredHours": wire_decimal(from_tenths(p.required_tenths)),
            "earnedHours": wire_decimal(from_tenths(p.earned_tenths)) if applicable else None,
            "remainingHours": wire_decimal(from_tenths(p.remaining_tenths)) if applicable else None,
            "met": p.met if applicable else None,
            "byCategory": [
                {
                    "category": row.category.name,
                    "hours": wire_decimal(from_tenths(row.tenths)),
                    "countedHours": wire_decimal(from_tenths(row.counted_tenths)),
                }
                for row in p.by_category
            ]
            if applicable
            else [],
            "entries": {
                "totalCount": page.total_count,
                "pageInfo": {
                    "hasNextPage": page.has_next_page,
                    "endCursor": cursor(page.items[-1].id) if page.items else None,
                },
                "nodes": [_entry_json(entry, courses) for entry in page.items],
            },
        },
    }


def _entry_json(entry: HourEntry, courses: Mapping[int, Course]) -> dict[str, Any]:
    course = courses.get(entry.course_id) if entry.course_id is not None else None
    return {
        "id": global_id("HourEntry", entry.id),
        "hours": wire_decimal(from_tenths(entry.tenths)),
        "category": entry.category.name,
        "source": entry.source.name,
        "occurredOn": wire_date(entry.occurred_on),
        "reason": entry.reason,
        "recordedAt": wire_datetime(entry.recorded_at),
        "reversesId": _opt(entry.reverses_id, lambda pk: global_id("HourEntry", pk)),
        "course": {"id": global_id("Course", course.id), "title": course.title} if course else None,
    }


async def catalog_page(request: Request) -> Response:
    """CATALOG: the first page of the public catalog, newest first, each course with its provider and
    sessions: `catalog.list_catalog`, `providers.providers_by_ids`, `catalog.sessions_by_course_ids`
    (one query each, as the GraphQL DataLoaders batch them)."""
    actor, _status, _token, _user = await authenticate_request(request)
    params = request.query_params
    first = _first(params, 50)
    if first is None:
        return refusal(400, "BAD_USER_INPUT", "参数不正确")
    after: tuple[datetime, int] | None = None
    if (after_text := params.get("after")) is not None:
        decoded = _decoded(after_text) or ""
        at, _, pk_text = decoded.removeprefix("course:").partition("|")
        pk = _pk(pk_text)
        try:
            moment = datetime.fromisoformat(at) if decoded.startswith("course:") else None
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None or pk is None:
            return refusal(400, "BAD_USER_INPUT", "分页游标 after 无效")
        after = (moment, pk)
    page, keys = await catalog.list_catalog(
        actor, first=first, after=after, filter=catalog.CatalogFilter(), order=catalog.CourseOrder.NEWEST
    )
    course_ids = [c.id for c in page.items]
    by_provider = await providers.providers_by_ids(sorted({c.provider_id for c in page.items}))
    sessions = await catalog.sessions_by_course_ids(course_ids) if course_ids else {}
    nodes = []
    for course in page.items:
        provider = by_provider[course.provider_id]
        remaining = (
            0 if course.status is CourseStatus.CANCELLED else max(course.capacity - course.enrolled_count, 0)
        )
        nodes.append(
            {
                "id": global_id("Course", course.id),
                "title": course.title,
                "serviceField": course.service_field.name,
                "deliveryMode": course.delivery_mode.name,
                "countyCode": course.county_id,
                "creditHours": wire_decimal(from_tenths(course.credit_tenths)),
                "capacity": course.capacity,
                "remainingSeats": remaining,
                "status": course.status.name,
                "startsAt": wire_datetime(course.starts_at),
                "endsAt": wire_datetime(course.ends_at),
                "provider": {"id": global_id("Provider", provider.id), "name": provider.name},
                "sessions": [
                    {
                        "id": global_id("CourseSession", s.id),
                        "startsAt": wire_datetime(s.starts_at),
                        "endsAt": wire_datetime(s.ends_at),
                        "location": s.location,
                    }
                    for s in sessions.get(course.id, [])
                ],
            }
        )
    body = {
        "data": {
            "courses": {
                "totalCount": page.total_count,
                "pageInfo": {
                    "hasNextPage": page.has_next_page,
                    "endCursor": course_cursor(*keys[-1]) if keys else None,
                },
                "nodes": nodes,
            }
        }
    }
    return json_response(body)


def create_peer_app(database_url: str | None = None) -> Starlette:
    """The peer app over `database_url` (default: DATABASE_URL, as the real app reads it), with the real
    app's middleware and its own Tortoise lifespan over the same `tortoise_config`."""
    url = database_url or os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with RegisterTortoise(app, config=tortoise_config(url)):
            # The app's own tuning (api/app.py): what start-up built is frozen out of the collector.
            gc.collect()
            gc.freeze()
            try:
                yield
            finally:
                gc.unfreeze()

    return Starlette(
        routes=[
            Route("/bare", bare),
            Route("/my-hours", my_hours),
            Route("/catalog", catalog_page),
        ],
        middleware=[
            Middleware(RequestLog),
            Middleware(
                BodyLimit, max_body_bytes=LIMITS.max_body_bytes, max_upload_bytes=LIMITS.max_upload_bytes
            ),
        ],
        lifespan=lifespan,
    )


__all__ = ["create_peer_app"]
