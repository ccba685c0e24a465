"""Sign-in, tokens, and role management over HTTP."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from domain import clock
from domain.accounts.models import AccessToken
from domain.accounts.tokens import digest
from tests.api.conftest import LOGIN, Api, Tokens, error_codes
from tests.factories import PASSWORD, trainee

VIEWER = "{ viewer { user { username } } }"
LOGOUT = "mutation { logout { ok userErrors { code } } }"
CREATE_USER = """
mutation Create($input: CreateUserInput!) {
  createUser(input: $input) {
    user { username roles { role countyCode providerId } }
    userErrors { code field message }
  }
}
"""
GRANT = """
mutation Grant($input: GrantRoleInput!) {
  grantRole(input: $input) { user { username roles { role } } userErrors { code field message } }
}
"""
REVOKE = """
mutation Revoke($input: RevokeRoleInput!) {
  revokeRole(input: $input) { user { username roles { role } } userErrors { code field message } }
}
"""


async def login_errors(api: Api, username: str, password: str) -> list[str]:
    data = await api.data(LOGIN, {"input": {"username": username, "password": password}})
    return [e["code"] for e in data["login"]["userErrors"]]


async def test_a_token_from_login_identifies_the_viewer(api: Api, tokens: Tokens) -> None:
    data = await api.data(VIEWER, token=tokens.expert)
    assert data["viewer"]["user"]["username"] == "yang"


async def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(
    api: Api, tokens: Tokens
) -> None:
    data = await api.data(LOGIN, {"input": {"username": "yang", "password": "not-the-password1"}})
    assert data["login"]["token"] is None
    assert data["login"]["userErrors"] == [
        {"code": "INVALID_CREDENTIALS", "field": None, "message": "用户名或密码不正确"}
    ]
    assert await login_errors(api, "nobody-here", PASSWORD) == ["INVALID_CREDENTIALS"]


async def test_repeated_failures_lock_the_username_out_even_with_the_right_password(
    api: Api, tokens: Tokens
) -> None:
    for _ in range(5):
        assert await login_errors(api, "yang", "wrong-password-1") == ["INVALID_CREDENTIALS"]
    assert await login_errors(api, "yang", PASSWORD) == ["TOO_MANY_ATTEMPTS"]
    # Another account is not locked by someone guessing at this one.
    assert await login_errors(api, "zhou", PASSWORD) == []


async def test_logout_revokes_the_token(api: Api, tokens: Tokens) -> None:
    data = await api.data(LOGOUT, token=tokens.expert)
    assert data["logout"] == {"ok": True, "userErrors": []}
    body = await api.post("{ persons(first: 5) { totalCount } }", token=tokens.expert)
    assert error_codes(body) == ["UNAUTHENTICATED"]
    assert body["errors"][0]["message"] == "登录凭证无效，请重新登录"
    assert (await api.data(VIEWER, token=tokens.expert))["viewer"] is None


async def test_an_expired_token_is_refused_as_expired(api: Api, tokens: Tokens) -> None:
    await AccessToken.filter(token_hash=digest(tokens.prefecture)).update(
        expires_at=clock.now() - timedelta(seconds=1)
    )
    body = await api.post("{ persons(first: 5) { totalCount } }", token=tokens.prefecture)
    assert error_codes(body) == ["UNAUTHENTICATED"]
    assert body["errors"][0]["message"] == "登录已过期，请重新登录"


async def test_a_garbage_token_is_unauthenticated(api: Api, db: str) -> None:
    body = await api.post("{ persons(first: 5) { totalCount } }", token="not-a-token")
    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_a_prefecture_admin_creates_staff_accounts_with_scoped_roles(api: Api, tokens: Tokens) -> None:
    data = await api.data(
        CREATE_USER,
        {
            "input": {
                "username": "dayao.admin",
                "password": "dayao-2026",
                "name": "大姚管理员",
                "organizationName": "大姚县民政局",
                "roles": [{"role": "COUNTY_ADMIN", "countyCode": "532326"}],
            }
        },
        token=tokens.prefecture,
    )
    assert data["createUser"] == {
        "user": {
            "username": "dayao.admin",
            "roles": [{"role": "COUNTY_ADMIN", "countyCode": "532326", "providerId": None}],
        },
        "userErrors": [],
    }
    assert await login_errors(api, "dayao.admin", "dayao-2026") == []


async def test_create_user_refuses_bad_input_with_the_field_named(api: Api, tokens: Tokens) -> None:
    cases: list[tuple[dict[str, Any], str, list[str]]] = [
        ({"username": "zhou"}, "USERNAME_TAKEN", ["input", "username"]),
        ({"password": "short"}, "WEAK_PASSWORD", ["input", "password"]),
        ({"roles": [{"role": "COUNTY_ADMIN"}]}, "ROLE_SCOPE_INVALID", ["input", "roles", "0", "countyCode"]),
        (
            {"roles": [{"role": "COUNTY_ADMIN", "countyCode": "110101"}]},
            "UNKNOWN_COUNTY",
            ["input", "roles", "0", "countyCode"],
        ),
        (
            {"roles": [{"role": "EXPERT", "countyCode": "532301"}]},
            "ROLE_SCOPE_INVALID",
            ["input", "roles", "0", "countyCode"],
        ),
        ({"roles": [{"role": "PROVIDER"}]}, "ROLE_SCOPE_INVALID", ["input", "roles", "0", "providerId"]),
        (
            {"roles": [{"role": "EXPERT"}, {"role": "PROVIDER", "providerId": "bm9wZQ=="}]},
            "INVALID_ID",
            ["input", "roles", "1", "providerId"],
        ),
        ({"roles": [{"role": "EXPERT"}, {"role": "EXPERT"}]}, "ROLE_SCOPE_INVALID", ["input", "roles", "1"]),
        ({"roles": []}, "ROLE_SCOPE_INVALID", ["input", "roles"]),
    ]
    for override, code, field in cases:
        payload = {
            "username": "new.staff",
            "password": "good-pass-1",
            "name": "新员工",
            "roles": [{"role": "EXPERT"}],
            **override,
        }
        data = await api.data(CREATE_USER, {"input": payload}, token=tokens.prefecture)
        assert data["createUser"]["user"] is None, override
        [error] = data["createUser"]["userErrors"]
        assert (error["code"], error["field"]) == (code, field), override
        assert error["message"]
    assert await login_errors(api, "new.staff", "good-pass-1") == ["INVALID_CREDENTIALS"]


async def test_only_prefecture_admins_create_users(api: Api, tokens: Tokens) -> None:
    variables = {
        "input": {
            "username": "x.user",
            "password": "good-pass-1",
            "name": "某",
            "roles": [{"role": "EXPERT"}],
        }
    }
    body = await api.post(CREATE_USER, variables, token=tokens.chuxiong)
    assert error_codes(body) == ["FORBIDDEN"]
    assert body["data"] is None
    body = await api.post(CREATE_USER, variables)
    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_a_registered_social_worker_can_be_made_an_expert_and_back(api: Api, tokens: Tokens) -> None:
    await trainee("li.na")
    data = await api.data(GRANT, {"input": {"username": "li.na", "role": "EXPERT"}}, token=tokens.prefecture)
    assert data["grantRole"]["user"]["roles"] == [{"role": "TRAINEE"}, {"role": "EXPERT"}]
    again = await api.data(GRANT, {"input": {"username": "li.na", "role": "EXPERT"}}, token=tokens.prefecture)
    assert [e["code"] for e in again["grantRole"]["userErrors"]] == ["ROLE_ALREADY_HELD"]

    data = await api.data(REVOKE, {"input": {"username": "li.na", "role": "EXPERT"}}, token=tokens.prefecture)
    assert data["revokeRole"]["user"]["roles"] == [{"role": "TRAINEE"}]
    again = await api.data(
        REVOKE, {"input": {"username": "li.na", "role": "EXPERT"}}, token=tokens.prefecture
    )
    assert [e["code"] for e in again["revokeRole"]["userErrors"]] == ["ROLE_NOT_HELD"]

    unknown = await api.data(
        GRANT, {"input": {"username": "ghost", "role": "EXPERT"}}, token=tokens.prefecture
    )
    assert [e["code"] for e in unknown["grantRole"]["userErrors"]] == ["UNKNOWN_USER"]


async def test_county_admins_cannot_grant_roles(api: Api, tokens: Tokens) -> None:
    body = await api.post(GRANT, {"input": {"username": "yang", "role": "EXPERT"}}, token=tokens.chuxiong)
    assert error_codes(body) == ["FORBIDDEN"]
    body = await api.post(REVOKE, {"input": {"username": "yang", "role": "EXPERT"}}, token=tokens.chuxiong)
    assert error_codes(body) == ["FORBIDDEN"]
