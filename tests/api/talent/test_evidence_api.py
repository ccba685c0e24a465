"""Evidence over HTTP: files with the application, attachTalentEvidence and removeTalentEvidence, and the
download route GET /files/talent-evidence/{id} with who may read it."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

from api.schema.relay import decode_pk, to_global_id
from domain.accounts.models import User
from domain.talent.models import TalentApplication, TalentAssignment, TalentEvidence
from domain.talent.vocabulary import ApplicationStatus
from tests.api.conftest import Api, Tokens, error_codes
from tests.api.talent.application_api import APPLICATION_FIELDS, APPLY, apply_with_files, mutate, open_round
from tests.api.talent.test_applications_api import SUBMIT
from tests.domain.talent.applicant_rows import TODAY, applicant
from tests.factories import person_id_of

ATTACH = f"""
mutation Attach($input: AttachTalentEvidenceInput!) {{
  attachTalentEvidence(input: $input) {{
    application {{ {APPLICATION_FIELDS} }}
    evidence {{ id fileName contentType sizeBytes downloadPath }}
    userErrors {{ code field message }}
  }}
}}
"""
REMOVE = """
mutation Remove($input: RemoveTalentEvidenceInput!) {
  removeTalentEvidence(input: $input) { application { id evidence { id } } userErrors { code field message } }
}
"""
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ZIP = b"PK\x03\x04" + b"\x00" * 64


@pytest.fixture(autouse=True)
def business_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", TODAY)


async def draft(api: Api, tokens: Tokens, username: str = "li.na") -> tuple[str, dict[str, Any]]:
    round_ = await open_round(api, tokens.prefecture)
    await applicant(username)
    token = await api.login(username)
    payload = await mutate(
        api,
        APPLY,
        "applyForTalentRound",
        {"roundId": round_["id"], "statement": "陈述", "submit": False},
        token,
    )
    return token, payload["application"]


async def attach(api: Api, token: str, application_id: str, name: str, content: bytes) -> dict[str, Any]:
    body = await api.upload(ATTACH, {"applicationId": application_id}, (name, content), token=token)
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"]["attachTalentEvidence"]
    return payload


async def test_files_arrive_with_the_application(api: Api, tokens: Tokens) -> None:
    round_ = await open_round(api, tokens.prefecture)
    await applicant("li.na")
    token = await api.login("li.na")
    body = await apply_with_files(
        api,
        {"roundId": round_["id"], "statement": "陈述"},
        [("获奖证书.pdf", PDF, "application/pdf"), ("工作照.png", PNG, "image/png")],
        token=token,
    )
    payload = body["data"]["applyForTalentRound"]
    assert payload["userErrors"] == []
    assert [
        (e["fileName"], e["contentType"], e["sizeBytes"]) for e in payload["application"]["evidence"]
    ] == [
        ("获奖证书.pdf", "application/pdf", len(PDF)),
        ("工作照.png", "image/png", len(PNG)),
    ]
    refused = await apply_with_files(
        api,
        {"roundId": round_["id"], "statement": "陈述"},
        [("ok.pdf", PDF, "application/pdf"), ("改名.pdf", ZIP, "application/pdf")],
        token=await api.login((await applicant("wang.fang"))[0].username),
    )
    [error] = refused["data"]["applyForTalentRound"]["userErrors"]
    assert (error["code"], error["field"]) == ("INVALID_EVIDENCE", ["input", "evidence", "1"])
    assert await TalentApplication.all().count() == 1


async def test_the_applicant_attaches_and_removes_a_file(api: Api, tokens: Tokens) -> None:
    token, application = await draft(api, tokens)
    payload = await attach(api, token, application["id"], "C:\\证明\\获奖证书.pdf", PDF)
    assert payload["userErrors"] == []
    evidence = payload["evidence"]
    assert (evidence["fileName"], evidence["contentType"]) == ("获奖证书.pdf", "application/pdf")
    assert evidence["downloadPath"] == f"/files/talent-evidence/{evidence['id']}"
    assert [e["id"] for e in payload["application"]["evidence"]] == [evidence["id"]]
    removed = await mutate(api, REMOVE, "removeTalentEvidence", {"evidenceId": evidence["id"]}, token)
    assert removed["userErrors"] == []
    assert removed["application"]["evidence"] == []
    again = await mutate(api, REMOVE, "removeTalentEvidence", {"evidenceId": evidence["id"]}, token)
    assert [e["code"] for e in again["userErrors"]] == ["EVIDENCE_NOT_FOUND"]


async def test_a_non_pdf_renamed_pdf_and_an_oversized_file_are_refused(api: Api, tokens: Tokens) -> None:
    token, application = await draft(api, tokens)
    [renamed] = (await attach(api, token, application["id"], "证书.pdf", ZIP))["userErrors"]
    assert (renamed["code"], renamed["field"]) == ("INVALID_EVIDENCE", ["input", "file"])
    assert "PDF 或图片" in renamed["message"]
    big = PDF + b"\x00" * (10 * 1024 * 1024)
    [oversized] = (await attach(api, token, application["id"], "大文件.pdf", big))["userErrors"]
    assert oversized["code"] == "INVALID_EVIDENCE"
    assert "10 MB" in oversized["message"]
    assert f"该文件 {len(big):,} 字节" in oversized["message"]
    assert await TalentEvidence.all().count() == 0


async def test_others_may_not_attach(api: Api, tokens: Tokens) -> None:
    _token, application = await draft(api, tokens)
    await applicant("wang.fang")
    stranger = await api.login("wang.fang")
    assert [
        e["code"] for e in (await attach(api, stranger, application["id"], "a.pdf", PDF))["userErrors"]
    ] == ["TALENT_APPLICATION_NOT_FOUND"]
    # The county does not see a draft; once submitted it sees it, but the files are not its to change.
    assert [
        e["code"] for e in (await attach(api, tokens.chuxiong, application["id"], "a.pdf", PDF))["userErrors"]
    ] == ["TALENT_APPLICATION_NOT_FOUND"]
    submitted = await mutate(
        api, SUBMIT, "submitTalentApplication", {"applicationId": application["id"]}, _token
    )
    assert submitted["userErrors"] == []
    assert [
        e["code"] for e in (await attach(api, tokens.chuxiong, application["id"], "a.pdf", PDF))["userErrors"]
    ] == ["OUT_OF_SCOPE"]
    body = await api.upload(ATTACH, {"applicationId": application["id"]}, ("a.pdf", PDF), token="")
    assert error_codes(body) == ["UNAUTHENTICATED"]
    assert await TalentEvidence.all().count() == 0


async def test_a_download_is_served_only_to_those_who_may_see_the_application(
    api: Api, tokens: Tokens
) -> None:
    token, application = await draft(api, tokens)
    evidence = (await attach(api, token, application["id"], "获奖 证书.pdf", PDF))["evidence"]
    path = evidence["downloadPath"]
    await applicant("wang.fang")
    stranger = await api.login("wang.fang")

    async def get(who: str | None) -> Any:
        headers = {"Authorization": f"Bearer {who}"} if who else {}
        return await api.client.get(path, headers=headers)

    own = await get(token)
    assert own.status_code == 200
    assert own.content == PDF
    assert own.headers["content-type"] == "application/pdf"
    assert own.headers["x-content-type-options"] == "nosniff"
    assert own.headers["content-disposition"] == (
        f"attachment; filename=\"evidence.pdf\"; filename*=UTF-8''{quote('获奖 证书.pdf', safe='')}"
    )
    # A draft's files are the applicant's own; the county and the prefecture see them once submitted.
    assert (await get(tokens.chuxiong)).status_code == 404
    assert (await get(tokens.prefecture)).status_code == 404
    submitted = await mutate(
        api, SUBMIT, "submitTalentApplication", {"applicationId": application["id"]}, token
    )
    assert submitted["userErrors"] == []
    assert (await get(tokens.chuxiong)).status_code == 200
    assert (await get(tokens.prefecture)).status_code == 200
    for who in (tokens.lufeng, stranger, tokens.expert):
        refused = await get(who)
        assert refused.status_code == 404
        assert refused.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert (await get(None)).status_code == 401
    other = to_global_id("TalentEvidence", 999)
    assert (
        await api.client.get(f"/files/talent-evidence/{other}", headers={"Authorization": f"Bearer {token}"})
    ).status_code == 404
    assert (
        await api.client.get("/files/talent-evidence/garbage", headers={"Authorization": f"Bearer {token}"})
    ).status_code == 404
    # An expert assigned to the application reads it; one with a conflict does not.
    pk = decode_pk(application["id"], "TalentApplication")
    assert pk is not None
    await TalentApplication.filter(id=pk).update(status=ApplicationStatus.COUNTY_PASSED)
    row = await TalentApplication.get(id=pk)
    expert = await User.get(username="yang")
    await TalentAssignment.create(round_id=row.round_id, application_id=pk, reviewer_user_id=expert.id)
    assert (await get(tokens.expert)).status_code == 200
    assert person_id_of(await User.get(username="li.na")) == row.person_id
