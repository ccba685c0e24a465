"""Usernames are case-insensitive: one account whatever the case or width, at registration and sign-in."""

from __future__ import annotations

import importlib
from types import SimpleNamespace
from typing import Any

import pytest
from tortoise import connections
from tortoise.exceptions import IntegrityError

from domain.access import Grant, Role
from domain.accounts import service as accounts
from domain.accounts.models import User
from domain.accounts.policy import SignInPolicy
from tests.api.accounts.test_register_account import REGISTER, registration
from tests.api.conftest import LOGIN, Api, Tokens
from tests.factories import PASSWORD, SYSTEM, staff, trainee

CREATE_USER = """
mutation Create($input: CreateUserInput!) {
  createUser(input: $input) { user { username } userErrors { code field message } }
}
"""
GRANT = """
mutation Grant($input: GrantRoleInput!) {
  grantRole(input: $input) { user { username roles { role } } userErrors { code field message } }
}
"""


def staff_input(username: str, **override: Any) -> dict[str, Any]:
    return {
        "username": username,
        "password": "Staff-2026-ok",
        "name": "周明",
        "roles": [{"role": "EXPERT"}],
        **override,
    }


async def test_a_username_is_stored_in_lower_case_and_signs_in_in_any_case(api: Api) -> None:
    data = await api.data(REGISTER, {"input": registration(username="Li.Na")})
    assert data["registerAccount"]["userErrors"] == []
    assert data["registerAccount"]["viewer"]["user"]["username"] == "li.na"
    for typed in ["li.na", "LI.NA", " Li.Na ", "ｌｉ．ｎａ"]:
        signed_in = await api.data(LOGIN, {"input": {"username": typed, "password": "lina-2026-ok"}})
        assert signed_in["login"]["userErrors"] == [], typed
        assert signed_in["login"]["token"]


async def test_a_username_taken_in_another_case_is_refused_at_registration(api: Api) -> None:
    await trainee("li.na")
    data = await api.data(
        REGISTER, {"input": registration(username="LI.NA", idCardNumber="532301199003121238")}
    )
    assert data["registerAccount"]["token"] is None
    assert data["registerAccount"]["userErrors"] == [
        {"code": "USERNAME_TAKEN", "field": ["input", "username"], "message": "该用户名已被使用，请换一个"}
    ]
    assert await User.all().count() == 1


async def test_a_staff_username_taken_in_another_case_is_refused(api: Api, tokens: Tokens) -> None:
    data = await api.data(CREATE_USER, {"input": staff_input("ZHOU")}, token=tokens.prefecture)
    assert data["createUser"]["userErrors"][0]["code"] == "USERNAME_TAKEN"
    data = await api.data(CREATE_USER, {"input": staff_input("Zhou.Ming")}, token=tokens.prefecture)
    assert data["createUser"] == {"user": {"username": "zhou.ming"}, "userErrors": []}


async def test_creating_staff_with_any_case_is_still_for_prefecture_admins_only(
    api: Api, tokens: Tokens
) -> None:
    body = await api.post(CREATE_USER, {"input": staff_input("Zhou.Ming")}, token=tokens.chuxiong)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert not await User.exists(username="zhou.ming")


async def test_a_grant_finds_the_user_in_any_case(api: Api, tokens: Tokens) -> None:
    await trainee("li.na")
    data = await api.data(GRANT, {"input": {"username": "LI.NA", "role": "EXPERT"}}, token=tokens.prefecture)
    assert data["grantRole"]["userErrors"] == []
    assert data["grantRole"]["user"]["username"] == "li.na"


async def test_a_wrong_password_in_another_case_of_the_username_is_still_refused(api: Api) -> None:
    await staff("wang.qiang", Grant(Role.EXPERT))
    data = await api.data(LOGIN, {"input": {"username": "WANG.QIANG", "password": "not-" + PASSWORD}})
    assert [e["code"] for e in data["login"]["userErrors"]] == ["INVALID_CREDENTIALS"]


async def test_failed_sign_ins_in_any_case_count_toward_one_lockout(api: Api) -> None:
    await staff("wang.qiang", Grant(Role.EXPERT))
    for typed in ["wang.qiang", "WANG.QIANG", "Wang.Qiang", "wang.QIANG", "WANG.qiang"]:
        data = await api.data(LOGIN, {"input": {"username": typed, "password": "wrong-password-1"}})
        assert [e["code"] for e in data["login"]["userErrors"]] == ["INVALID_CREDENTIALS"]
    data = await api.data(LOGIN, {"input": {"username": "wang.qiang", "password": PASSWORD}})
    assert [e["code"] for e in data["login"]["userErrors"]] == ["TOO_MANY_ATTEMPTS"]


async def test_the_database_refuses_a_second_spelling_of_a_stored_username(db: str) -> None:
    # The unique index is on the normalised form: what the services store is the only form.
    user = await staff("wang.qiang", Grant(Role.EXPERT))
    with pytest.raises(IntegrityError):
        await User.create(username="wang.qiang", password_hash=user.password_hash, name="王强")


async def test_migration_0003_lower_cases_stored_usernames_and_renames_the_later_clash(db: str) -> None:
    migration = importlib.import_module("domain.accounts.migrations.0003_case_insensitive_usernames")
    first = await staff("li.na", Grant(Role.EXPERT))
    # Rows as an older release stored them, typed in mixed case (written directly: the services no longer can).
    await User.filter(id=first.id).update(username="Li.Na")
    second = await User.create(username="LI.NA", password_hash=first.password_hash, name="李娜")
    third = await User.create(username="Wang.Qiang", password_hash=first.password_hash, name="王强")
    await migration.forward(None, SimpleNamespace(client=connections.get("default")))
    stored = {u.id: u.username for u in await User.all()}
    assert stored == {first.id: "li.na", second.id: f"li.na-{second.id}", third.id: "wang.qiang"}
    # The oldest account signs in as before, in any case.
    assert await accounts.login(SYSTEM, username="LI.NA", password=PASSWORD, policy=SignInPolicy())
