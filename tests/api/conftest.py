"""GraphQL over HTTP, as a front end speaks it: httpx through the ASGI app, real login tokens."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest_asyncio
from starlette.applications import Starlette

from api.app import create_app
from api.settings import Settings
from domain.access import Grant, Role
from tests.factories import PASSWORD, staff

LOGIN = """
mutation Login($input: LoginInput!) {
  login(input: $input) { token userErrors { code field message } }
}
"""


@dataclass
class Api:
    client: httpx.AsyncClient

    async def post(
        self, query: str, variables: dict[str, Any] | None = None, *, token: str | None = None
    ) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = await self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        body: dict[str, Any] = response.json()
        return body

    async def data(
        self, query: str, variables: dict[str, Any] | None = None, *, token: str | None = None
    ) -> dict[str, Any]:
        """The `data` of a response that must have no top-level errors."""
        body = await self.post(query, variables, token=token)
        assert "errors" not in body, body.get("errors")
        data: dict[str, Any] = body["data"]
        return data

    async def upload(
        self,
        query: str,
        input: dict[str, Any],
        file: tuple[str, bytes],
        *,
        token: str,
        media_type: str = "application/octet-stream",
    ) -> dict[str, Any]:
        """A mutation whose `input.file` is an upload, sent as the GraphQL multipart request spec says
        (as a browser or a provider's script sends it); the whole response body."""
        operations = {"query": query, "variables": {"input": {**input, "file": None}}}
        filename, content = file
        response = await self.client.post(
            "/graphql",
            data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.input.file"]})},
            files={"0": (filename, content, media_type)},
            headers={"Authorization": f"Bearer {token}"},
        )
        body: dict[str, Any] = response.json()
        return body

    async def login(self, username: str, password: str = PASSWORD) -> str:
        data = await self.data(LOGIN, {"input": {"username": username, "password": password}})
        assert data["login"]["userErrors"] == []
        token: str = data["login"]["token"]
        return token


def error_codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


def app_for(database_url: str, **overrides: Any) -> Starlette:
    return create_app(Settings(database_url=database_url, **overrides))


@pytest_asyncio.fixture
async def api(db: str) -> AsyncIterator[Api]:
    transport = httpx.ASGITransport(app=app_for(db), client=("10.1.2.3", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://swtalent.test") as client:
        yield Api(client)


@dataclass
class Tokens:
    prefecture: str
    chuxiong: str
    lufeng: str
    expert: str


@pytest_asyncio.fixture
async def tokens(api: Api) -> Tokens:
    """Signed-in staff: a prefecture admin, county admins of 楚雄市 and 禄丰市, an expert."""
    await staff("zhou", Grant(Role.PREFECTURE_ADMIN))
    await staff("chen", Grant(Role.COUNTY_ADMIN, county_code="532301"))
    await staff("lili", Grant(Role.COUNTY_ADMIN, county_code="532302"))
    await staff("yang", Grant(Role.EXPERT))
    return await sign_in_staff(api)


async def sign_in_staff(api: Api) -> Tokens:
    """The staff of `tokens` signed in now: again after the clock moved past their tokens' lifetime."""
    return Tokens(
        prefecture=await api.login("zhou"),
        chuxiong=await api.login("chen"),
        lufeng=await api.login("lili"),
        expert=await api.login("yang"),
    )
