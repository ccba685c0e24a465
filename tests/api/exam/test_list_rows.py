"""A refusal about one row of a list input (recordExamResults' lines, createExamSitting's sites) points at
that row and its field (API.md: `field` is the path into the input), so a client can mark the very cell."""

from __future__ import annotations

from datetime import date

import pytest

from api.schema.relay import to_global_id
from domain.exam.models import ExamResult
from tests.api.conftest import Api, Tokens
from tests.api.exam.test_registration import CREATE, create_sitting, sitting_input
from tests.api.exam.test_results import admitted, record
from tests.factories import PASSWORD, trainee


@pytest.fixture(autouse=True)
def registration_season(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", "2027-03-15")


async def test_a_refused_result_line_is_pointed_at_by_row_and_field(api: Api, tokens: Tokens) -> None:
    await trainee("li.na", social_work_since=date(2013, 7, 1))
    token = await api.login("li.na", PASSWORD)
    sitting = await create_sitting(api, tokens.prefecture)
    registration = await admitted(api, tokens, token, sitting, level="ASSISTANT", key="a")
    good = (registration, "ASSISTANT_COMPREHENSIVE", "80")
    cases = [
        ([(registration, "ASSISTANT_PRACTICE", "101")], ["input", "results", "0", "score"], "INVALID_SCORE"),
        (
            [good, (registration, "ASSISTANT_PRACTICE", "59.25")],
            ["input", "results", "1", "score"],
            "INVALID_SCORE",
        ),
        ([good, (registration, "PRACTICE", "70")], ["input", "results", "1", "subject"], "INVALID_SCORE"),
        (
            [good, (registration, "ASSISTANT_COMPREHENSIVE", "81")],
            ["input", "results", "1", "subject"],
            "RESULT_ALREADY_RECORDED",
        ),
        (
            [good, (to_global_id("ExamRegistration", 999), "ASSISTANT_PRACTICE", "70")],
            ["input", "results", "1", "registrationId"],
            "REGISTRATION_NOT_FOUND",
        ),
        (
            [good, good, ("not-an-id", "ASSISTANT_PRACTICE", "70")],
            ["input", "results", "2", "registrationId"],
            "INVALID_ID",
        ),
    ]
    for lines, field, code in cases:
        payload = await record(api, tokens, sitting, lines)
        assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [(code, field)], lines
    assert await ExamResult.all().count() == 0
    first = await record(api, tokens, sitting, [(registration, "ASSISTANT_PRACTICE", "101")])
    assert first["userErrors"][0]["message"] == "第 1 条：成绩须在 0 到 100 分之间"
    # Nothing to record is about the list itself.
    empty = await record(api, tokens, sitting, [])
    assert [(e["code"], e["field"]) for e in empty["userErrors"]] == [("INVALID_SCORE", ["input", "results"])]


async def test_a_refused_exam_site_is_pointed_at_by_row_and_field(api: Api, tokens: Tokens) -> None:
    good = {"name": "楚雄州民族中学", "countyCode": "532301", "capacity": 100}
    cases = [
        ({"name": " ", "countyCode": "532301", "capacity": 100}, "name", "INVALID_INPUT"),
        ({"name": "禄丰一中", "countyCode": "532302", "capacity": 0}, "capacity", "INVALID_INPUT"),
        ({"name": "昆明一中", "countyCode": "530102", "capacity": 100}, "countyCode", "UNKNOWN_COUNTY"),
        ({"name": " 楚雄州民族中学 ", "countyCode": "532301", "capacity": 10}, "name", "DUPLICATE_SITE_NAME"),
    ]
    for site, field, code in cases:
        data = await api.data(CREATE, {"input": sitting_input(sites=[good, site])}, token=tokens.prefecture)
        errors = data["createExamSitting"]["userErrors"]
        assert [(e["code"], e["field"]) for e in errors] == [(code, ["input", "sites", "1", field])], site
