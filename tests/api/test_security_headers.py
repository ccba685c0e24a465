"""Security headers on every response (api/security_headers.py), and no cookie authentication: a
browser's ambient credentials (cookies) never sign anyone in, so a page on another site cannot make a
signed-in request on a user's behalf (CSRF); only an explicit `Authorization: Bearer` header does."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from api.security_headers import PAGE_POLICY, RESOURCE_POLICY, SecurityHeaders
from tests.api.conftest import Api
from tests.factories import PASSWORD, trainee

VIEWER = "{ viewer { user { username } } }"

# Requests that reach each kind of route and refusal: GraphQL (ok, refused, 405), the IDE and the app's
# pages, exports and files without a token, an unknown API path, health, an oversized body.
REQUESTS: list[tuple[str, str, dict[str, object], int]] = [
    ("POST", "/graphql", {"json": {"query": "{ counties { code } }"}}, 200),
    ("POST", "/graphql", {"json": {"query": "{ nothing }"}}, 200),
    ("POST", "/graphql", {"content": b"not json", "headers": {"content-type": "application/json"}}, 400),
    ("PUT", "/graphql", {}, 405),
    ("GET", "/graphql", {"headers": {"accept": "text/html"}}, 200),
    ("GET", "/", {}, 200),
    ("GET", "/me/hours", {}, 200),
    ("GET", "/exports/payout-batches/UGF5b3V0QmF0Y2g6MQ==.csv", {}, 401),
    ("GET", "/files/talent-evidence/VGFsZW50RXZpZGVuY2U6MQ==", {}, 401),
    ("GET", "/exports/nothing.csv", {}, 404),
    ("GET", "/healthz", {}, 200),
    ("POST", "/graphql", {"json": {"query": "{ counties { code } }", "x": "x" * 2_000_000}}, 413),
]


@pytest.mark.parametrize(
    ("method", "path", "options", "status"), REQUESTS, ids=[f"{r[0]} {r[1][:30]} {r[3]}" for r in REQUESTS]
)
async def test_every_response_carries_the_security_headers(
    api: Api, db: str, *, method: str, path: str, options: dict[str, object], status: int
) -> None:
    response = await api.client.request(method, path, **options)  # type: ignore[arg-type]
    assert response.status_code == status
    is_page = response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"] == (PAGE_POLICY if is_page else RESOURCE_POLICY)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-frame-options"] == "DENY"
    assert "set-cookie" not in response.headers


async def test_the_pages_and_the_ide_get_the_page_policy_and_the_api_the_inert_one(api: Api, db: str) -> None:
    for path, headers in (("/", {}), ("/courses", {}), ("/graphql", {"accept": "text/html"})):
        page = await api.client.get(path, headers=headers)
        assert page.headers["content-type"].startswith("text/html"), path
        assert page.headers["content-security-policy"] == PAGE_POLICY
    answer = await api.client.post("/graphql", json={"query": "{ counties { code } }"})
    assert answer.headers["content-security-policy"] == RESOURCE_POLICY


def test_the_page_policy_allows_only_this_origins_scripts_and_no_framing() -> None:
    directives = dict(d.strip().split(" ", 1) for d in PAGE_POLICY.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["connect-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert directives["form-action"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in PAGE_POLICY
    assert "http" not in PAGE_POLICY
    assert "*" not in PAGE_POLICY


async def test_a_header_a_route_set_itself_is_kept_once() -> None:
    async def download(_: Request) -> Response:
        return Response(
            b"%PDF-1.7", media_type="application/pdf", headers={"X-Content-Type-Options": "nosniff"}
        )

    app = Starlette(routes=[Route("/file", download)])
    app.add_middleware(SecurityHeaders)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        response = await client.get("/file")
    assert response.headers.get_list("x-content-type-options") == ["nosniff"]
    assert response.headers["content-security-policy"] == RESOURCE_POLICY


async def test_signing_in_and_registering_set_no_cookie(api: Api, db: str) -> None:
    await trainee("li.na")
    login = await api.client.post(
        "/graphql",
        json={
            "query": "mutation($i: LoginInput!) { login(input: $i) { token } }",
            "variables": {"i": {"username": "li.na", "password": PASSWORD}},
        },
    )
    assert login.json()["data"]["login"]["token"]
    assert "set-cookie" not in login.headers
    assert api.client.cookies == httpx.Cookies()


async def test_a_request_carrying_a_valid_token_only_in_a_cookie_is_anonymous(api: Api, db: str) -> None:
    await trainee("li.na")
    token = await api.login("li.na")
    assert (await api.data(VIEWER, token=token))["viewer"]["user"]["username"] == "li.na"
    for cookie in (
        f"token={token}",
        f"Authorization=Bearer {token}",
        f"authorization={token}; session={token}; access_token={token}",
    ):
        response = await api.client.post("/graphql", json={"query": VIEWER}, headers={"cookie": cookie})
        assert response.json()["data"] == {"viewer": None}, cookie
        exported = await api.client.get(
            "/exports/payout-batches/UGF5b3V0QmF0Y2g6MQ==.csv", headers={"cookie": cookie}
        )
        assert exported.status_code == 401, cookie
