"""Passwords over HTTP: the weak ones refused, changing one's own, and an admin's reset to a one-time
password that opens nothing but the change-password form."""

from __future__ import annotations

import asyncio
from typing import Any

from api.demo.data import DEMO_PASSWORD
from domain.accounts.models import AccessToken, User
from domain.audit.models import AuditEvent
from tests.api.accounts.test_register_account import REGISTER, registration
from tests.api.conftest import LOGIN, Api, Tokens, error_codes
from tests.factories import PASSWORD, trainee

VIEWER = "{ viewer { user { username mustChangePassword } } }"
PERSONS = "{ persons(first: 5) { totalCount } }"
CHANGE = """
mutation Change($input: ChangePasswordInput!) {
  changePassword(input: $input) {
    viewer { user { username mustChangePassword } }
    userErrors { code field message }
  }
}
"""
RESET = """
mutation Reset($input: ResetPasswordInput!) {
  resetPassword(input: $input) { user { username mustChangePassword } temporaryPassword userErrors { code field message } }
}
"""
NEW_PASSWORD = "Chuxiong-2027-new"


def change(current: str, new: str) -> dict[str, Any]:
    return {"input": {"currentPassword": current, "newPassword": new}}


async def login_codes(api: Api, username: str, password: str) -> list[str]:
    data = await api.data(LOGIN, {"input": {"username": username, "password": password}})
    return [e["code"] for e in data["login"]["userErrors"]]


# --- weak passwords -------------------------------------------------------------------------------


async def test_a_password_equal_to_the_username_in_another_case_is_refused(api: Api) -> None:
    data = await api.data(REGISTER, {"input": registration(username="li.na2026", password="LI.NA2026")})
    assert data["registerAccount"]["token"] is None
    assert data["registerAccount"]["userErrors"] == [
        {"code": "WEAK_PASSWORD", "field": ["input", "password"], "message": "密码不能与用户名相同"}
    ]
    assert not await User.exists()


async def test_a_common_password_is_refused(api: Api) -> None:
    for common in ["qq123456", "woaini1314", "Password1"]:
        data = await api.data(REGISTER, {"input": registration(password=common)})
        assert data["registerAccount"]["userErrors"] == [
            {
                "code": "WEAK_PASSWORD",
                "field": ["input", "password"],
                "message": "该密码过于常见，容易被猜中，请换一个",
            }
        ], common
    assert not await User.exists()


async def test_the_published_demo_password_still_registers(api: Api) -> None:
    data = await api.data(REGISTER, {"input": registration(password=DEMO_PASSWORD)})
    assert data["registerAccount"]["userErrors"] == []


# --- changePassword -------------------------------------------------------------------------------


async def test_changing_the_password_keeps_this_token_and_revokes_the_others(api: Api) -> None:
    await trainee("li.na")
    here = await api.login("li.na")
    elsewhere = await api.login("LI.NA")
    data = await api.data(CHANGE, change(PASSWORD, NEW_PASSWORD), token=here)
    assert data["changePassword"] == {
        "viewer": {"user": {"username": "li.na", "mustChangePassword": False}},
        "userErrors": [],
    }
    assert (await api.data(VIEWER, token=here))["viewer"]["user"]["username"] == "li.na"
    assert error_codes(await api.post(PERSONS, token=elsewhere)) == ["UNAUTHENTICATED"]
    assert await login_codes(api, "li.na", PASSWORD) == ["INVALID_CREDENTIALS"]
    assert await login_codes(api, "li.na", NEW_PASSWORD) == []
    event = await AuditEvent.get(action="account.password_changed")
    # The other sign-in and the token registration issued.
    assert (event.actor_username, event.summary) == ("li.na", {"otherTokensRevoked": 2})


async def test_two_sessions_changing_at_once_one_wins_and_keeps_its_session(api: Api) -> None:
    # Both check the same current password; without compare-and-set each would revoke the other's
    # token and the user would be signed out everywhere.
    await trainee("li.na")
    here, elsewhere = await api.login("li.na"), await api.login("li.na")
    answers = await asyncio.gather(
        api.data(CHANGE, change(PASSWORD, NEW_PASSWORD), token=here),
        api.data(CHANGE, change(PASSWORD, NEW_PASSWORD + "-b"), token=elsewhere),
    )
    errors = [a["changePassword"]["userErrors"] for a in answers]
    assert sorted(len(e) for e in errors) == [0, 1]
    winner = 0 if not errors[0] else 1
    assert errors[1 - winner] == [
        {
            "code": "INVALID_CREDENTIALS",
            "field": ["input", "currentPassword"],
            "message": "密码刚刚已被修改：请用修改后的密码重新登录后再试",
        }
    ]
    winning_token, winning_password = [(here, NEW_PASSWORD), (elsewhere, NEW_PASSWORD + "-b")][winner]
    assert (await api.data(VIEWER, token=winning_token))["viewer"]["user"]["username"] == "li.na"
    assert await login_codes(api, "li.na", winning_password) == []
    assert await AuditEvent.filter(action="account.password_changed").count() == 1


async def test_changing_the_password_needs_the_current_one(api: Api) -> None:
    await trainee("li.na")
    token = await api.login("li.na")
    data = await api.data(CHANGE, change("not-" + PASSWORD, NEW_PASSWORD), token=token)
    assert data["changePassword"] == {
        "viewer": None,
        "userErrors": [
            {
                "code": "INVALID_CREDENTIALS",
                "field": ["input", "currentPassword"],
                "message": "当前密码不正确",
            }
        ],
    }
    assert await login_codes(api, "li.na", PASSWORD) == []


async def test_guessing_the_current_password_locks_the_account_as_failed_sign_ins_do(api: Api) -> None:
    await trainee("li.na")
    token = await api.login("li.na")
    for _ in range(5):
        data = await api.data(CHANGE, change("guess-" + PASSWORD, NEW_PASSWORD), token=token)
        assert [e["code"] for e in data["changePassword"]["userErrors"]] == ["INVALID_CREDENTIALS"]
    data = await api.data(CHANGE, change(PASSWORD, NEW_PASSWORD), token=token)
    assert [e["code"] for e in data["changePassword"]["userErrors"]] == ["TOO_MANY_ATTEMPTS"]
    assert await login_codes(api, "li.na", PASSWORD) == ["TOO_MANY_ATTEMPTS"]


async def test_a_new_password_follows_the_password_rule(api: Api) -> None:
    await trainee("li.na")
    token = await api.login("li.na")
    for new, message in [
        ("short1", "密码长度须为 8 到 128 位"),
        ("qq123456", "该密码过于常见，容易被猜中，请换一个"),
        ("Li.Na", "密码长度须为 8 到 128 位"),
        (PASSWORD, "新密码不能与当前密码相同"),
    ]:
        data = await api.data(CHANGE, change(PASSWORD, new), token=token)
        assert data["changePassword"]["userErrors"] == [
            {"code": "WEAK_PASSWORD", "field": ["input", "newPassword"], "message": message}
        ], new
    assert not await AuditEvent.exists(action="account.password_changed")


async def test_changing_a_password_needs_a_signed_in_account(api: Api) -> None:
    body = await api.post(CHANGE, change(PASSWORD, NEW_PASSWORD))
    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_staff_change_their_own_password_too(api: Api, tokens: Tokens) -> None:
    data = await api.data(CHANGE, change(PASSWORD, NEW_PASSWORD), token=tokens.expert)
    assert data["changePassword"]["userErrors"] == []
    assert await login_codes(api, "yang", NEW_PASSWORD) == []


# --- resetPassword --------------------------------------------------------------------------------


async def test_a_prefecture_admin_resets_any_account_to_a_one_time_password(api: Api, tokens: Tokens) -> None:
    data = await api.data(RESET, {"input": {"username": "YANG"}}, token=tokens.prefecture)
    payload = data["resetPassword"]
    assert payload["userErrors"] == []
    assert payload["user"] == {"username": "yang", "mustChangePassword": True}
    one_time = payload["temporaryPassword"]
    assert len(one_time) == 12
    # Whoever held the account is signed out; the old password no longer works.
    assert error_codes(
        await api.post(
            VIEWER.replace("viewer", "persons(first: 1) { totalCount } viewer"), token=tokens.expert
        )
    ) == ["UNAUTHENTICATED"]
    assert await login_codes(api, "yang", PASSWORD) == ["INVALID_CREDENTIALS"]
    event = await AuditEvent.get(action="account.password_reset")
    assert (event.actor_username, event.summary) == ("zhou", {"username": "yang"})
    assert one_time not in str(event.summary)


async def test_the_one_time_password_opens_only_the_change_password_form(api: Api, tokens: Tokens) -> None:
    data = await api.data(RESET, {"input": {"username": "yang"}}, token=tokens.prefecture)
    one_time = data["resetPassword"]["temporaryPassword"]
    token = await api.login("yang", one_time)
    assert (await api.data(VIEWER, token=token))["viewer"]["user"] == {
        "username": "yang",
        "mustChangePassword": True,
    }
    refused = [
        PERSONS,
        "{ viewer { user { username } } persons(first: 1) { totalCount } }",
        "query { ...Everything } fragment Everything on Query { persons(first: 1) { totalCount } }",
        'mutation { grantRole(input: {username: "chen", role: EXPERT}) { userErrors { code } } }',
    ]
    for query in refused:
        body = await api.post(query, token=token)
        assert error_codes(body) == ["PASSWORD_CHANGE_REQUIRED"], query
        assert body["errors"][0]["message"] == "管理员已重置您的密码，请先修改密码再继续操作"
        assert body.get("data") is None
    export = await api.client.get("/exports/transcript.csv", headers={"Authorization": f"Bearer {token}"})
    assert (export.status_code, error_codes(export.json())) == (403, ["PASSWORD_CHANGE_REQUIRED"])
    changed = await api.data(CHANGE, change(one_time, NEW_PASSWORD), token=token)
    assert changed["changePassword"]["viewer"]["user"]["mustChangePassword"] is False
    # Changed: the same token now does what the account's roles allow (an expert sees no registry).
    assert "PASSWORD_CHANGE_REQUIRED" not in error_codes(await api.post(PERSONS, token=token))
    assert (await api.data("{ viewer { user { username } } }", token=token))["viewer"]


async def test_with_a_one_time_password_one_may_still_sign_out(api: Api, tokens: Tokens) -> None:
    data = await api.data(RESET, {"input": {"username": "yang"}}, token=tokens.prefecture)
    token = await api.login("yang", data["resetPassword"]["temporaryPassword"])
    signed_out = await api.data("mutation { logout { ok userErrors { code } } }", token=token)
    assert signed_out["logout"] == {"ok": True, "userErrors": []}


async def test_a_county_admin_resets_the_accounts_of_people_of_their_county(api: Api, tokens: Tokens) -> None:
    await trainee("li.na", county_code="532301")
    data = await api.data(RESET, {"input": {"username": "li.na"}}, token=tokens.chuxiong)
    assert data["resetPassword"]["userErrors"] == []
    assert await login_codes(api, "li.na", data["resetPassword"]["temporaryPassword"]) == []
    event = await AuditEvent.get(action="account.password_reset")
    assert (event.actor_username, event.county_code) == ("chen", "532301")


async def test_a_county_admin_cannot_reset_an_account_outside_their_county(api: Api, tokens: Tokens) -> None:
    await trainee("li.na", county_code="532301")
    token = await api.login("li.na")
    # Another county's person, staff accounts (no county) and no account at all get one answer, so a
    # county admin cannot tell which usernames exist elsewhere.
    for username in ["li.na", "zhou", "yang", "nobody"]:
        data = await api.data(RESET, {"input": {"username": username}}, token=tokens.lufeng)
        assert data["resetPassword"] == {
            "user": None,
            "temporaryPassword": None,
            "userErrors": [{"code": "UNKNOWN_USER", "field": ["input", "username"], "message": "用户不存在"}],
        }, username
    assert (await api.data(VIEWER, token=token))["viewer"]["user"]["mustChangePassword"] is False
    assert await login_codes(api, "li.na", PASSWORD) == []
    assert not await AuditEvent.exists(action="account.password_reset")


async def test_resetting_an_unknown_account_says_so(api: Api, tokens: Tokens) -> None:
    data = await api.data(RESET, {"input": {"username": "nobody"}}, token=tokens.prefecture)
    assert data["resetPassword"]["userErrors"] == [
        {"code": "UNKNOWN_USER", "field": ["input", "username"], "message": "用户不存在"}
    ]


async def test_only_admins_reset_passwords(api: Api, tokens: Tokens) -> None:
    await trainee("li.na")
    trainee_token = await api.login("li.na")
    for token in [tokens.expert, trainee_token]:
        body = await api.post(RESET, {"input": {"username": "zhou"}}, token=token)
        assert error_codes(body) == ["FORBIDDEN"]
    assert await AccessToken.filter(revoked_at__isnull=False).count() == 0
    assert not await User.exists(must_change_password=True)


async def test_an_admin_cannot_reset_their_own_password(api: Api, tokens: Tokens) -> None:
    # A reset skips changePassword's current-password check: on one's own account a stolen token
    # would take the account for good.
    data = await api.data(RESET, {"input": {"username": "ZHOU"}}, token=tokens.prefecture)
    assert data["resetPassword"]["temporaryPassword"] is None
    assert [(e["code"], e["field"]) for e in data["resetPassword"]["userErrors"]] == [
        ("OUT_OF_SCOPE", ["input", "username"])
    ]
    assert await login_codes(api, "zhou", PASSWORD) == []


async def test_a_reset_lets_a_locked_out_user_sign_in_with_the_one_time_password(
    api: Api, tokens: Tokens
) -> None:
    for _ in range(5):
        assert await login_codes(api, "yang", "wrong-password-1") == ["INVALID_CREDENTIALS"]
    assert await login_codes(api, "yang", PASSWORD) == ["TOO_MANY_ATTEMPTS"]
    data = await api.data(RESET, {"input": {"username": "yang"}}, token=tokens.prefecture)
    one_time = data["resetPassword"]["temporaryPassword"]
    assert await login_codes(api, "yang", one_time) == []
    # ...and change it at once: changePassword counts failures since the reset too.
    token = await api.login("yang", one_time)
    changed = await api.data(CHANGE, change(one_time, NEW_PASSWORD), token=token)
    assert changed["changePassword"]["userErrors"] == []
    assert await login_codes(api, "yang", NEW_PASSWORD) == []


async def test_a_county_admin_cannot_reset_an_account_holding_more_than_the_trainee_role(
    api: Api, tokens: Tokens
) -> None:
    # The one-time password would hand the role over: such accounts are the prefecture's to reset.
    await trainee("wang.qiang", county_code="532301")
    grant = "mutation G($input: GrantRoleInput!) { grantRole(input: $input) { userErrors { code } } }"
    for role in ("EXPERT", "PREFECTURE_ADMIN"):
        assert (
            await api.data(
                grant, {"input": {"username": "wang.qiang", "role": role}}, token=tokens.prefecture
            )
        )["grantRole"]["userErrors"] == []
    refused = await api.data(RESET, {"input": {"username": "wang.qiang"}}, token=tokens.chuxiong)
    assert refused["resetPassword"]["userErrors"] == [
        {
            "code": "OUT_OF_SCOPE",
            "field": ["input", "username"],
            "message": "该账号有管理、培训机构或评审专家角色，须由州级管理员重置密码",
        }
    ]
    assert await login_codes(api, "wang.qiang", PASSWORD) == []
    done = await api.data(RESET, {"input": {"username": "wang.qiang"}}, token=tokens.prefecture)
    assert done["resetPassword"]["userErrors"] == []


async def test_guesses_sent_at_once_are_checked_no_more_than_the_lockout_allows(api: Api) -> None:
    await trainee("li.na")
    answers = await asyncio.gather(*(login_codes(api, "li.na", f"wrong-{n}-pass") for n in range(20)))
    assert (
        sorted(code for codes in answers for code in codes)
        == ["INVALID_CREDENTIALS"] * 5 + ["TOO_MANY_ATTEMPTS"] * 15
    )
    assert await AuditEvent.filter(action="login.failed").count() == 5


async def test_a_common_password_typed_full_width_is_common_still(api: Api) -> None:
    data = await api.data(REGISTER, {"input": registration(password="ＡＢＣ１２３４５６")})
    assert [e["message"] for e in data["registerAccount"]["userErrors"]] == [
        "该密码过于常见，容易被猜中，请换一个"
    ]


async def test_a_changed_password_is_in_the_trail_of_the_persons_county(api: Api) -> None:
    await trainee("li.na", county_code="532302")
    token = await api.login("li.na")
    assert (await api.data(CHANGE, change(PASSWORD, NEW_PASSWORD), token=token))["changePassword"][
        "userErrors"
    ] == []
    event = await AuditEvent.get(action="account.password_changed")
    assert event.county_code == "532302"
