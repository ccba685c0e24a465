"""`setCalendarDay`, `removeCalendarDay`, `calendarDays`, `startTalentPublicNotice` and `talentPublicNotice`
over HTTP: the prefecture admin keeps the calendar and starts the 公示 of a ranked round; anyone reads the
public page, which carries no ID number, phone, birth date, score or statement."""

from __future__ import annotations

from typing import Any

import pytest

from api.schema.relay import to_global_id
from domain.audit.models import AuditEvent
from domain.people.models import Person
from domain.talent.models import CalendarDay, TalentRound
from domain.talent.vocabulary import RoundStatus
from tests.api.conftest import Api, Tokens, error_codes, sign_in_staff
from tests.domain.talent.notice_rows import Ranked, a_ranked_round
from tests.domain.talent.round_rows import a_round

SET_DAY = """
mutation S($input: SetCalendarDayInput!) {
  setCalendarDay(input: $input) {
    calendarDay { date isWorkingDay name setByAdmin } userErrors { code field message }
  }
}
"""
REMOVE_DAY = """
mutation R($input: RemoveCalendarDayInput!) {
  removeCalendarDay(input: $input) {
    calendarDay { date isWorkingDay name setByAdmin } userErrors { code field message }
  }
}
"""
DAYS = "query D($year: Int!) { calendarDays(year: $year) { date isWorkingDay name setByAdmin } }"
START = """
mutation N($input: StartTalentPublicNoticeInput!) {
  startTalentPublicNotice(input: $input) {
    round { id status noticeWorkingDays noticeStartsOn noticeEndsOn noticeCalendarWarning }
    userErrors { code field message }
  }
}
"""
PUBLIC = """
query P($roundId: ID!) {
  talentPublicNotice(roundId: $roundId) {
    roundId roundTitle startsOn endsOn
    candidates { applicationId name organizationName countyCode countyName rank noticeEndsOn }
  }
}
"""


@pytest.fixture(autouse=True)
def business_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", "2026-09-28")


def _round_id(ranked: Ranked | TalentRound) -> str:
    row = ranked.round if isinstance(ranked, Ranked) else ranked
    return to_global_id("TalentRound", row.id)


async def _payload(api: Api, query: str, input: dict[str, Any], token: str | None) -> dict[str, Any]:
    data = await api.data(query, {"input": input}, token=token)
    payload: dict[str, Any] = next(iter(data.values()))
    return payload


async def test_the_prefecture_admin_keeps_the_calendar_and_anyone_reads_it(api: Api, tokens: Tokens) -> None:
    added = await _payload(
        api, SET_DAY, {"date": "2027-02-08", "isWorkingDay": False, "name": "2027年春节"}, tokens.prefecture
    )
    await _payload(
        api, SET_DAY, {"date": "2027-02-13", "isWorkingDay": True, "name": "春节调休"}, tokens.prefecture
    )

    assert added == {
        "calendarDay": {
            "date": "2027-02-08",
            "isWorkingDay": False,
            "name": "2027年春节",
            "setByAdmin": True,
        },
        "userErrors": [],
    }
    days = (await api.data(DAYS, {"year": 2027}))["calendarDays"]
    assert [(d["date"], d["isWorkingDay"]) for d in days] == [("2027-02-08", False), ("2027-02-13", True)]
    official = (await api.data(DAYS, {"year": 2026}))["calendarDays"]
    assert {"date": "2026-10-10", "isWorkingDay": True, "name": "国庆节", "setByAdmin": False} in official

    removed = await _payload(api, REMOVE_DAY, {"date": "2027-02-13"}, tokens.prefecture)

    assert removed["calendarDay"] == {
        "date": "2027-02-13",
        "isWorkingDay": False,
        "name": "",
        "setByAdmin": False,
    }
    assert await CalendarDay.filter().count() == 1
    again = await _payload(api, REMOVE_DAY, {"date": "2027-02-13"}, tokens.prefecture)
    assert again["userErrors"] == [
        {
            "code": "CALENDAR_DAY_NOT_FOUND",
            "field": ["input", "date"],
            "message": "该日期没有管理员添加的节假日或调休工作日，无需删除",
        }
    ]
    bad = await _payload(
        api, SET_DAY, {"date": "2027-02-09", "isWorkingDay": False, "name": " "}, tokens.prefecture
    )
    assert [(e["code"], e["field"]) for e in bad["userErrors"]] == [("INVALID_INPUT", ["input", "name"])]


async def test_only_the_prefecture_admin_changes_the_calendar(api: Api, tokens: Tokens) -> None:
    day = {"date": "2027-02-08", "isWorkingDay": False, "name": "春节"}

    county = await api.post(SET_DAY, {"input": day}, token=tokens.chuxiong)
    anonymous = await api.post(REMOVE_DAY, {"input": {"date": "2027-02-08"}})

    assert error_codes(county) == ["FORBIDDEN"]
    assert error_codes(anonymous) == ["UNAUTHENTICATED"]
    assert not await CalendarDay.exists()


async def test_a_ranked_round_goes_on_notice_for_five_working_days(api: Api, tokens: Tokens) -> None:
    ranked = await a_ranked_round()

    started = await _payload(
        api,
        START,
        {"roundId": _round_id(ranked), "workingDays": 5, "startsOn": "2026-09-28"},
        tokens.prefecture,
    )

    assert started == {
        "round": {
            "id": _round_id(ranked),
            "status": "ON_NOTICE",
            "noticeWorkingDays": 5,
            "noticeStartsOn": "2026-09-28",
            "noticeEndsOn": "2026-10-09",
            "noticeCalendarWarning": None,
        },
        "userErrors": [],
    }


async def test_a_notice_into_an_uncovered_year_says_how_it_was_counted(
    api: Api, tokens: Tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    ranked = await a_ranked_round()
    monkeypatch.setenv("SWTALENT_TODAY", "2026-12-21")
    tokens = await sign_in_staff(api)
    await _payload(
        api, SET_DAY, {"date": "2027-01-01", "isWorkingDay": False, "name": "元旦"}, tokens.prefecture
    )

    started = await _payload(api, START, {"roundId": _round_id(ranked), "workingDays": 10}, tokens.prefecture)

    # 21–25 and 28–31 December, then 4 January 2027 (New Year's Day is the admin's holiday).
    assert (started["round"]["noticeStartsOn"], started["round"]["noticeEndsOn"]) == (
        "2026-12-21",
        "2027-01-04",
    )
    assert started["round"]["noticeCalendarWarning"] == (
        "2027 年的法定节假日尚未载入，已按周一至周五计算，并计入管理员添加的节假日"
    )


@pytest.mark.parametrize(
    ("input", "code", "field"),
    [
        ({"workingDays": 4}, "INVALID_WORKING_DAYS", ["input", "workingDays"]),
        ({"workingDays": 31}, "INVALID_WORKING_DAYS", ["input", "workingDays"]),
        ({"workingDays": 5, "startsOn": "2026-09-27"}, "INVALID_INPUT", ["input", "startsOn"]),
        ({"workingDays": 5, "roundId": "bm90IGFuIGlk"}, "INVALID_ID", ["input", "roundId"]),
    ],
)
async def test_a_notice_too_short_too_long_or_in_the_past_is_refused(
    api: Api, tokens: Tokens, input: dict[str, Any], code: str, field: list[str]
) -> None:
    ranked = await a_ranked_round()

    payload = await _payload(api, START, {"roundId": _round_id(ranked), **input}, tokens.prefecture)

    assert payload["round"] is None
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [(code, field)]
    assert (await TalentRound.get(id=ranked.round.id)).status is RoundStatus.RANKED
    assert not await AuditEvent.exists(action="talent.notice.started")


async def test_a_notice_before_the_scoring_is_closed_is_refused_in_words(api: Api, tokens: Tokens) -> None:
    scoring = await a_round(status=RoundStatus.SCORING)

    payload = await _payload(api, START, {"roundId": _round_id(scoring), "workingDays": 5}, tokens.prefecture)

    assert payload["userErrors"] == [
        {
            "code": "WRONG_ROUND_STATUS",
            "field": ["input", "roundId"],
            "message": "选拔轮次专家评审中，不能开始公示",
        }
    ]


async def test_only_the_prefecture_admin_starts_a_notice(api: Api, tokens: Tokens) -> None:
    ranked = await a_ranked_round()
    input = {"input": {"roundId": _round_id(ranked), "workingDays": 5}}

    assert error_codes(await api.post(START, input, token=tokens.chuxiong)) == ["FORBIDDEN"]
    assert error_codes(await api.post(START, input, token=tokens.expert)) == ["FORBIDDEN"]
    assert error_codes(await api.post(START, input)) == ["UNAUTHENTICATED"]
    assert (await TalentRound.get(id=ranked.round.id)).status is RoundStatus.RANKED


async def test_the_public_page_is_anonymous_and_shows_nothing_private(api: Api, tokens: Tokens) -> None:
    ranked = await a_ranked_round()
    before = await api.data(PUBLIC, {"roundId": _round_id(ranked)})
    assert before == {"talentPublicNotice": None}
    await _payload(api, START, {"roundId": _round_id(ranked), "workingDays": 5}, tokens.prefecture)

    response = await api.client.post(
        "/graphql", json={"query": PUBLIC, "variables": {"roundId": _round_id(ranked)}}
    )

    body = response.json()
    page = body["data"]["talentPublicNotice"]
    assert (page["roundTitle"], page["startsOn"], page["endsOn"]) == (
        "2026年度彝乡专业社会工作领军人才选拔",
        "2026-09-28",
        "2026-10-09",
    )
    assert page["candidates"][0] == {
        "applicationId": to_global_id("TalentApplication", ranked.pk("ayi")),
        "name": "阿依·木呷",
        "organizationName": "阿依·木呷所在的社会工作服务中心",
        "countyCode": "532301",
        "countyName": "楚雄市",
        "rank": 1,
        "noticeEndsOn": "2026-10-09",
    }
    assert [(c["name"], c["rank"]) for c in page["candidates"]] == [
        ("阿依·木呷", 1),
        ("普秀", 2),
        ("李娜", 3),
    ]
    text = response.text
    for person in await Person.all():
        assert person.id_card_number not in text
        assert person.phone not in text
        assert person.id_card_number[6:14] not in text  # the birth date
    assert "87.5" not in text  # no scores
    assert "扎根彝乡" not in text  # no statements


async def test_a_malformed_round_id_is_a_bad_request_not_a_crash(api: Api) -> None:
    body = await api.post(PUBLIC, {"roundId": "not-an-id"})

    assert error_codes(body) == ["BAD_USER_INPUT"]
