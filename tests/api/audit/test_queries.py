"""The audit trail: every change leaves an event in the same transaction; admins read their scope."""

from __future__ import annotations

from typing import Any

from api.schema.relay import to_global_id
from domain.audit.models import AuditEvent
from tests.api.conftest import LOGIN, Api, Tokens, error_codes
from tests.api.people.test_organizations import FILE, REVIEW, filing
from tests.factories import PASSWORD, trainee

EVENTS = """
query Events($first: Int!, $filter: AuditEventFilter) {
  auditEvents(first: $first, filter: $filter) {
    totalCount
    nodes { action actorRole actorScope requestId countyCode summary targetId
            actor { username } target { id } }
  }
}
"""


async def events(api: Api, token: str, **filter: Any) -> list[dict[str, Any]]:
    data = await api.data(EVENTS, {"first": 50, "filter": filter or None}, token=token)
    result: list[dict[str, Any]] = data["auditEvents"]["nodes"]
    return result


async def test_a_change_is_recorded_with_actor_role_scope_and_request_id(api: Api, tokens: Tokens) -> None:
    filed = (await api.data(FILE, {"input": filing()}, token=tokens.expert))["fileOrganization"]
    org_id = filed["organization"]["id"]
    response = await api.client.post(
        "/graphql",
        json={"query": REVIEW, "variables": {"input": {"organizationId": org_id, "approve": True}}},
        headers={"Authorization": f"Bearer {tokens.chuxiong}", "X-Request-ID": "req-review-1"},
    )
    assert response.headers["x-request-id"] == "req-review-1"
    [approved] = await events(api, tokens.chuxiong, action="organization.approved")
    assert approved == {
        "action": "organization.approved",
        "actorRole": "COUNTY_ADMIN",
        "actorScope": "532301",
        "requestId": "req-review-1",
        "countyCode": "532301",
        "summary": {},
        "targetId": org_id,
        "actor": {"username": "chen"},
        "target": {"id": org_id},
    }
    by_target = await events(api, tokens.prefecture, targetId=org_id)
    assert [e["action"] for e in by_target] == ["organization.approved", "organization.filed"]


async def test_county_admins_read_only_their_countys_events(api: Api, tokens: Tokens) -> None:
    await trainee("li.na", county_code="532301")
    await trainee("zhang.mei", county_code="532302", id_card_number=None)
    chuxiong = {e["countyCode"] for e in await events(api, tokens.chuxiong)}
    assert chuxiong == {"532301"}
    everything = {e["countyCode"] for e in await events(api, tokens.prefecture)}
    assert {"532301", "532302"} <= everything
    body = await api.post(EVENTS, {"first": 5}, token=tokens.expert)
    assert error_codes(body) == ["FORBIDDEN"]
    body = await api.post(EVENTS, {"first": 5})
    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_a_refused_mutation_writes_no_event(api: Api, tokens: Tokens) -> None:
    before = await AuditEvent.all().count()
    data = await api.data(FILE, {"input": filing(unifiedSocialCreditCode="bad")}, token=tokens.expert)
    assert data["fileOrganization"]["userErrors"]
    assert await AuditEvent.all().count() == before


async def test_failed_logins_are_audited_for_the_prefecture(api: Api, tokens: Tokens) -> None:
    await api.data(LOGIN, {"input": {"username": "yang", "password": "wrong-pass-1"}})
    [failed] = await events(api, tokens.prefecture, action="login.failed")
    assert failed["targetId"] == "yang"
    assert failed["actor"] is None
    assert failed["summary"] == {"knownUser": True}


async def test_registration_and_role_changes_are_audited(api: Api, tokens: Tokens) -> None:
    user = await trainee("li.na")
    await api.data(
        "mutation G($input: GrantRoleInput!) { grantRole(input: $input) { userErrors { code } } }",
        {"input": {"username": "li.na", "role": "EXPERT"}},
        token=tokens.prefecture,
    )
    user_id = to_global_id("User", user.id)
    actions = [e["action"] for e in await events(api, tokens.prefecture, targetId=user_id)]
    assert actions == ["role.granted", "account.registered"]
    login_token = await api.login("li.na", PASSWORD)
    assert login_token
    logged_in = await events(api, tokens.prefecture, action="account.logged_in", targetId=user_id)
    assert len(logged_in) == 1


async def test_a_filter_longer_than_any_recorded_value_finds_nothing(api: Api, tokens: Tokens) -> None:
    for audit_filter in ({"action": "x" * 51}, {"targetId": "y" * 101}):
        data = await api.data(
            "query A($filter: AuditEventFilter) { auditEvents(first: 5, filter: $filter) { totalCount } }",
            {"filter": audit_filter},
            token=tokens.prefecture,
        )
        assert data["auditEvents"]["totalCount"] == 0
