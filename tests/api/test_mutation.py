"""The one mutation mechanism (api/schema/mutation.py): the role check, userErrors from a DomainError,
and everything else left to the masked top-level errors."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry
from starlette.requests import Request

from api.context import Context, Info
from api.schema import MaskUnexpectedErrors
from api.schema.mutation import ADMINS, PUBLIC, SIGNED_IN, Payload, mutation
from api.settings import Settings
from domain.access import Actor, Grant, Role
from domain.errors import InvalidInput


@strawberry.type
class EchoPayload(Payload):
    echo: str | None = None


@strawberry.type
class Query:
    ok: bool = True


@strawberry.type
class Mutation:
    @mutation("原样返回；no 被业务规则拒绝，boom 是程序缺陷", roles=PUBLIC)
    async def echo(self, info: Info, text: str) -> EchoPayload:
        if text == "no":
            raise InvalidInput("不可以", field="text")
        if text == "boom":
            raise RuntimeError("a bug with a secret in it")
        return EchoPayload(echo=text)

    @mutation("登录即可", roles=SIGNED_IN)
    async def whoami(self, info: Info) -> EchoPayload:
        return EchoPayload(echo=info.context.actor.username)

    @mutation("管理员才可以", roles=ADMINS)
    async def admin_echo(self, info: Info) -> EchoPayload:
        return EchoPayload(echo="admin")


SCHEMA = strawberry.Schema(query=Query, mutation=Mutation, extensions=[MaskUnexpectedErrors])
TRAINEE = Actor(user_id=1, username="li.na", grants=(Grant(Role.TRAINEE),))
COUNTY_ADMIN = Actor(user_id=2, username="chen", grants=(Grant(Role.COUNTY_ADMIN, county_code="532301"),))


ANONYMOUS = Actor()


async def run(document: str, actor: Actor = ANONYMOUS) -> Any:
    request = Request({"type": "http", "method": "POST", "headers": [], "path": "/graphql"})
    context = Context(request=request, response=None, settings=Settings(), actor=actor)
    return await SCHEMA.execute(document, context_value=context)


async def test_a_resolver_that_succeeds_answers_its_payload_with_no_user_errors() -> None:
    result = await run('mutation { echo(text: "你好") { echo userErrors { code } } }')
    assert result.errors is None
    assert result.data == {"echo": {"echo": "你好", "userErrors": []}}


async def test_a_domain_error_becomes_a_user_error_with_every_object_field_null() -> None:
    result = await run('mutation { echo(text: "no") { echo userErrors { code field message } } }')
    assert result.errors is None
    assert result.data == {
        "echo": {
            "echo": None,
            "userErrors": [{"code": "INVALID_INPUT", "field": ["input", "text"], "message": "不可以"}],
        }
    }


async def test_any_other_exception_stays_a_masked_top_level_error() -> None:
    result = await run('mutation { echo(text: "boom") { echo } }')
    assert result.data is None
    assert result.errors is not None
    assert [e.message for e in result.errors] == ["服务器内部错误"]
    assert result.errors[0].extensions == {"code": "INTERNAL"}


@pytest.mark.parametrize(
    ("document", "actor", "code"),
    [
        ("mutation { whoami { echo } }", ANONYMOUS, "UNAUTHENTICATED"),
        ("mutation { adminEcho { echo } }", ANONYMOUS, "UNAUTHENTICATED"),
        ("mutation { adminEcho { echo } }", TRAINEE, "FORBIDDEN"),
    ],
)
async def test_the_role_check_runs_before_the_resolver(document: str, actor: Actor, code: str) -> None:
    result = await run(document, actor)
    assert result.data is None
    assert result.errors is not None
    assert [e.extensions for e in result.errors] == [{"code": code}]


async def test_a_viewer_with_an_allowed_role_reaches_the_resolver() -> None:
    assert (await run("mutation { whoami { echo } }", TRAINEE)).data == {"whoami": {"echo": "li.na"}}
    assert (await run("mutation { adminEcho { echo } }", COUNTY_ADMIN)).data == {
        "adminEcho": {"echo": "admin"}
    }
