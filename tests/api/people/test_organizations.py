"""Organisation filing (seed §七): filed by whoever acts for it, reviewed by its county."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.people.credit_code import make_credit_code
from domain.people.id_card import make_id_card_number
from domain.people.models import Organization
from tests.api.conftest import Api, Tokens, error_codes
from tests.factories import PASSWORD, trainee

FILE = """
mutation File($input: FileOrganizationInput!) {
  fileOrganization(input: $input) {
    organization { id name unifiedSocialCreditCode countyCode status }
    userErrors { code field message }
  }
}
"""
REVIEW = """
mutation Review($input: ReviewOrganizationInput!) {
  reviewOrganization(input: $input) {
    organization { status reviewReason }
    userErrors { code field message }
  }
}
"""
MEMBERS = """
query Members($id: ID!) {
  node(id: $id) { ... on Organization { name members(first: 10) { totalCount nodes { name idCardNumber phone identityMasked } } } }
}
"""
CODE = make_credit_code("52532301MJ0000010")


def filing(**override: Any) -> dict[str, Any]:
    return {
        "name": "楚雄市彝心社会工作服务中心",
        "unifiedSocialCreditCode": CODE,
        "countyCode": "532301",
        "township": "鹿城镇",
        "type": "SOCIAL_WORK_SERVICE_ORGANIZATION",
        **override,
    }


async def file_as(api: Api, token: str, **override: Any) -> dict[str, Any]:
    data = await api.data(FILE, {"input": filing(**override)}, token=token)
    payload: dict[str, Any] = data["fileOrganization"]
    return payload


async def test_a_filed_organisation_is_approved_by_its_county_and_its_filer_linked(
    api: Api, tokens: Tokens
) -> None:
    await trainee("wang.qiang", name="王强", organization_name="彝心社工")
    filer = await api.login("wang.qiang", PASSWORD)
    filed = await file_as(api, filer)
    assert filed["userErrors"] == []
    assert filed["organization"]["status"] == "PENDING"
    org_id = filed["organization"]["id"]

    refused = await api.data(
        REVIEW, {"input": {"organizationId": org_id, "approve": True}}, token=tokens.lufeng
    )
    assert [e["code"] for e in refused["reviewOrganization"]["userErrors"]] == ["ORGANIZATION_NOT_FOUND"]

    data = await api.data(
        REVIEW, {"input": {"organizationId": org_id, "approve": True}}, token=tokens.chuxiong
    )
    assert data["reviewOrganization"] == {
        "organization": {"status": "APPROVED", "reviewReason": None},
        "userErrors": [],
    }
    me = await api.data("{ viewer { person { organizationName organization { name } } } }", token=filer)
    assert me["viewer"]["person"] == {
        "organizationName": "楚雄市彝心社会工作服务中心",
        "organization": {"name": "楚雄市彝心社会工作服务中心"},
    }
    again = await api.data(
        REVIEW, {"input": {"organizationId": org_id, "approve": False, "reason": "x"}}, token=tokens.chuxiong
    )
    assert [e["code"] for e in again["reviewOrganization"]["userErrors"]] == ["ORGANIZATION_ALREADY_REVIEWED"]


async def test_a_rejection_needs_a_reason(api: Api, tokens: Tokens) -> None:
    filed = await file_as(api, tokens.expert)
    org_id = filed["organization"]["id"]
    data = await api.data(
        REVIEW, {"input": {"organizationId": org_id, "approve": False}}, token=tokens.chuxiong
    )
    assert data["reviewOrganization"]["userErrors"] == [
        {"code": "REASON_REQUIRED", "field": ["input", "reason"], "message": "不予通过时须填写理由"}
    ]
    assert (await Organization.get(credit_code=CODE)).status == "PENDING"
    data = await api.data(
        REVIEW,
        {"input": {"organizationId": org_id, "approve": False, "reason": "登记证书与名称不符"}},
        token=tokens.chuxiong,
    )
    assert data["reviewOrganization"]["organization"] == {
        "status": "REJECTED",
        "reviewReason": "登记证书与名称不符",
    }


async def test_filing_refuses_bad_codes_and_duplicates(api: Api, tokens: Tokens) -> None:
    wrong_check = CODE[:17] + ("0" if CODE[17] != "0" else "1")
    cases = [
        ({"unifiedSocialCreditCode": wrong_check}, "INVALID_CREDIT_CODE", "unifiedSocialCreditCode"),
        ({"unifiedSocialCreditCode": "12345"}, "INVALID_CREDIT_CODE", "unifiedSocialCreditCode"),
        ({"countyCode": "530100"}, "UNKNOWN_COUNTY", "countyCode"),
        ({"name": ""}, "INVALID_INPUT", "name"),
        ({"township": ""}, "INVALID_INPUT", "township"),
    ]
    for override, code, field in cases:
        payload = await file_as(api, tokens.expert, **override)
        assert payload["organization"] is None
        assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [(code, ["input", field])]
    assert await Organization.all().count() == 0
    assert (await file_as(api, tokens.expert))["userErrors"] == []
    dup = await file_as(api, tokens.expert, name="另一个名字")
    assert [e["code"] for e in dup["userErrors"]] == ["CREDIT_CODE_TAKEN"]


async def test_filing_needs_a_signed_in_user_and_review_an_admin(api: Api, tokens: Tokens) -> None:
    assert error_codes(await api.post(FILE, {"input": filing()})) == ["UNAUTHENTICATED"]
    filed = await file_as(api, tokens.expert)
    body = await api.post(
        REVIEW,
        {"input": {"organizationId": filed["organization"]["id"], "approve": True}},
        token=tokens.expert,
    )
    assert error_codes(body) == ["FORBIDDEN"]
    bad_id = await api.data(
        REVIEW, {"input": {"organizationId": "bogus", "approve": True}}, token=tokens.chuxiong
    )
    assert bad_id["reviewOrganization"]["userErrors"][0]["code"] == "INVALID_ID"


async def test_the_filer_sees_members_with_masked_identity_numbers(api: Api, tokens: Tokens) -> None:
    await trainee("wang.qiang", name="王强")
    worker_id = make_id_card_number("532301", date(1992, 2, 2), 222)
    await trainee("he.li", name="何丽", id_card_number=worker_id, phone="13911112222")
    filer = await api.login("wang.qiang", PASSWORD)
    worker = await api.login("he.li", PASSWORD)
    org_id = (await file_as(api, filer))["organization"]["id"]
    await api.data(REVIEW, {"input": {"organizationId": org_id, "approve": True}}, token=tokens.chuxiong)
    linked = await api.data(
        "mutation L($input: UpdateMyProfileInput!) { updateMyProfile(input: $input) { userErrors { code } } }",
        {"input": {"organizationId": org_id}},
        token=worker,
    )
    assert linked["updateMyProfile"]["userErrors"] == []

    as_filer = await api.data(MEMBERS, {"id": org_id}, token=filer)
    members = {m["name"]: m for m in as_filer["node"]["members"]["nodes"]}
    assert members["何丽"] == {
        "name": "何丽",
        "idCardNumber": worker_id[:4] + "*" * 10 + worker_id[-4:],
        "phone": "139****2222",
        "identityMasked": True,
    }
    as_admin = await api.data(MEMBERS, {"id": org_id}, token=tokens.chuxiong)
    admin_view = {m["name"]: m for m in as_admin["node"]["members"]["nodes"]}
    assert admin_view["何丽"]["idCardNumber"] == worker_id
    # A member who did not file it sees the organisation but not its people.
    body = await api.post(MEMBERS, {"id": org_id}, token=worker)
    assert error_codes(body) == ["FORBIDDEN"]


async def test_pending_organisations_are_visible_only_to_filer_and_county(api: Api, tokens: Tokens) -> None:
    org_id = (await file_as(api, tokens.expert))["organization"]["id"]
    node = "query N($id: ID!) { node(id: $id) { id } }"
    assert (await api.data(node, {"id": org_id}, token=tokens.expert))["node"] == {"id": org_id}
    assert (await api.data(node, {"id": org_id}, token=tokens.chuxiong))["node"] == {"id": org_id}
    assert (await api.data(node, {"id": org_id}, token=tokens.lufeng))["node"] is None
    listed = await api.data("{ organizations(first: 10) { totalCount } }", token=tokens.lufeng)
    assert listed["organizations"]["totalCount"] == 0
    listed = await api.data("{ organizations(first: 10) { totalCount } }", token=tokens.chuxiong)
    assert listed["organizations"]["totalCount"] == 1
