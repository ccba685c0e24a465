"""recordExistingCertificate refuses certificates that cannot be true (issue #8 §4): issued before the exam
existed (2008) or in the future, and a 高级 certificate for someone with no 中级 one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
import pytest_asyncio

from api.schema.relay import to_global_id
from domain.exam.models import Certificate
from tests.api.conftest import Api, Tokens
from tests.api.exam.test_results import EXISTING
from tests.factories import person_id_of, trainee

TODAY = "2026-11-30"


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", TODAY)


@dataclass
class Recorder:
    """The 楚雄市 admin recording certificates of one person from before the system."""

    api: Api
    token: str
    person: str

    async def __call__(self, level: str, number: str, issued_on: str) -> dict[str, Any]:
        variables = {"personId": self.person, "level": level, "number": number, "issuedOn": issued_on}
        data = await self.api.data(EXISTING, {"input": variables}, token=self.token)
        payload: dict[str, Any] = data["recordExistingCertificate"]
        return payload


@pytest_asyncio.fixture
async def record(api: Api, tokens: Tokens) -> Recorder:
    user = await trainee("li.na", name="李娜", born=date(1985, 4, 1), social_work_since=date(2007, 7, 1))
    return Recorder(api, tokens.chuxiong, to_global_id("Person", person_id_of(user)))


def only_error(payload: dict[str, Any]) -> tuple[str, list[str], str]:
    assert payload["certificate"] is None
    [error] = payload["userErrors"]
    return error["code"], error["field"], error["message"]


async def test_a_certificate_issued_before_2008_is_refused_and_one_of_2008_recorded(record: Recorder) -> None:
    code, field, message = only_error(await record("ASSISTANT", "Z2007001", "2007-12-31"))
    assert (code, field) == ("INVALID_ISSUE_DATE", ["input", "issuedOn"])
    assert "2008" in message
    assert await Certificate.all().count() == 0
    done = await record("ASSISTANT", "Z2008001", "2008-01-01")
    assert done["userErrors"] == []
    assert done["certificate"]["level"] == "ASSISTANT"


async def test_a_certificate_issued_after_today_is_refused_and_one_of_today_recorded(
    record: Recorder,
) -> None:
    code, field, _ = only_error(await record("SOCIAL_WORKER", "Z2026002", "2026-12-01"))
    assert (code, field) == ("INVALID_ISSUE_DATE", ["input", "issuedOn"])
    assert await Certificate.all().count() == 0
    done = await record("SOCIAL_WORKER", "Z2026003", TODAY)
    assert done["userErrors"] == []


async def test_a_senior_certificate_needs_the_social_worker_one_recorded_first(record: Recorder) -> None:
    assistant = await record("ASSISTANT", "Z2009001", "2009-10-01")
    assert assistant["userErrors"] == []
    code, field, message = only_error(await record("SENIOR", "Z2022003", "2022-12-01"))
    assert (code, field) == ("SOCIAL_WORKER_CERTIFICATE_MISSING", ["input", "level"])
    assert "中级" in message
    assert await Certificate.all().count() == 1

    social_worker = await record("SOCIAL_WORKER", "Z2015002", "2015-09-01")
    assert social_worker["userErrors"] == []
    code, field, message = only_error(await record("SENIOR", "Z2015003", "2015-08-31"))
    assert (code, field) == ("INVALID_ISSUE_DATE", ["input", "issuedOn"])
    assert "2015-09-01" in message
    senior = await record("SENIOR", "Z2022003", "2022-12-01")
    assert senior["userErrors"] == []
    assert senior["certificate"]["level"] == "SENIOR"
    assert await Certificate.all().count() == 3
