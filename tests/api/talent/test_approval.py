"""`approveTalentRound` over HTTP (DOMAIN.md step 7): the candidates on notice become leading talents with
their names, tranches and cultivation period; approving during the notice, with objections open, out of
order or twice is a worded userError with nothing written; only the prefecture admin may approve."""

from __future__ import annotations

import pytest

from api.schema.relay import to_global_id
from domain.talent.models import LeadingTalent, TalentRound
from domain.talent.vocabulary import RoundStatus
from tests.api.conftest import Api, Tokens, error_codes
from tests.api.talent.cultivation_api import APPROVE, approve, codes, pin
from tests.domain.talent.cultivation_rows import a_round_on_notice, an_open_objection


@pytest.fixture(autouse=True)
def after_the_notice(monkeypatch: pytest.MonkeyPatch) -> None:
    pin(monkeypatch, "2026-12-08")


async def test_approving_makes_the_candidates_leading_talents_with_their_names(
    api: Api, tokens: Tokens
) -> None:
    made = await a_round_on_notice()

    done = await approve(api, tokens.prefecture, made.round.id)

    assert done["userErrors"] == []
    assert done["round"] == {
        "id": to_global_id("TalentRound", made.round.id),
        "status": "APPROVED",
        "approvedOn": "2026-12-08",
    }
    talents = done["talents"]
    assert [(t["person"]["name"], t["countyCode"], t["status"]) for t in talents] == [
        ("阿依·木呷", "532301", "CULTIVATING"),
        ("李娜", "532302", "CULTIVATING"),
    ]
    assert {(t["awardedOn"], t["cultivationEndsOn"]) for t in talents} == {("2026-12-08", "2029-12-07")}
    assert talents[0]["tranches"] == [
        {"ordinal": 1, "amount": "10000.01", "status": "RELEASED"},
        {"ordinal": 2, "amount": "10000.00", "status": "PLANNED"},
        {"ordinal": 3, "amount": "10000.00", "status": "PLANNED"},
    ]
    assert talents[0]["person"]["id"] == to_global_id("Person", made.applications[0].person_id)


async def test_approving_during_the_notice_is_refused_with_the_day_it_becomes_possible(
    api: Api, tokens: Tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = await a_round_on_notice()
    pin(monkeypatch, "2026-12-07")
    token = await api.login("zhou")

    done = await approve(api, token, made.round.id)

    assert done["userErrors"] == [
        {
            "code": "NOTICE_NOT_ENDED",
            "field": ["input", "roundId"],
            "message": "公示期至 2026-12-07（含当日）结束，2026-12-08 起方可批准",
        }
    ]
    assert (done["round"], done["talents"]) == (None, [])
    assert (await TalentRound.get(id=made.round.id)).status is RoundStatus.ON_NOTICE


async def test_approving_with_an_objection_open_is_refused(api: Api, tokens: Tokens) -> None:
    made = await a_round_on_notice()
    await an_open_objection(made.applications[1])

    done = await approve(api, tokens.prefecture, made.round.id)

    assert done["userErrors"] == [
        {
            "code": "OBJECTIONS_OPEN",
            "field": ["input", "roundId"],
            "message": "本轮尚有 1 件公示异议未处理，请逐件答复后再批准",
        }
    ]
    assert await LeadingTalent.all().count() == 0


async def test_approving_during_scoring_is_refused_in_words(api: Api, tokens: Tokens) -> None:
    made = await a_round_on_notice(status=RoundStatus.SCORING, notice_ends_on=None)

    done = await approve(api, tokens.prefecture, made.round.id)

    assert done["userErrors"] == [
        {
            "code": "WRONG_ROUND_STATUS",
            "field": ["input", "roundId"],
            "message": "选拔轮次专家评审中，不能批准",
        }
    ]
    assert await LeadingTalent.all().count() == 0


async def test_a_second_approval_is_refused_as_already_approved(api: Api, tokens: Tokens) -> None:
    made = await a_round_on_notice()
    await approve(api, tokens.prefecture, made.round.id)

    again = await approve(api, tokens.prefecture, made.round.id)

    assert [(e["code"], e["message"]) for e in again["userErrors"]] == [
        ("WRONG_ROUND_STATUS", "选拔轮次已批准，不能批准")
    ]
    assert await LeadingTalent.all().count() == 2


async def test_a_missing_round_or_a_malformed_id_is_a_user_error(api: Api, tokens: Tokens) -> None:
    missing = await approve(api, tokens.prefecture, 999)
    assert codes(missing) == ["TALENT_ROUND_NOT_FOUND"]
    body = await api.data(APPROVE, {"input": {"roundId": "nonsense"}}, token=tokens.prefecture)
    assert codes(body["approveTalentRound"]) == ["INVALID_ID"]


async def test_county_admins_trainees_experts_and_strangers_may_not_approve(api: Api, tokens: Tokens) -> None:
    made = await a_round_on_notice()
    variables = {"input": {"roundId": to_global_id("TalentRound", made.round.id)}}

    for token in (tokens.chuxiong, tokens.expert, await api.login("ayi")):
        assert error_codes(await api.post(APPROVE, variables, token=token)) == ["FORBIDDEN"]
    assert error_codes(await api.post(APPROVE, variables)) == ["UNAUTHENTICATED"]
    assert (await TalentRound.get(id=made.round.id)).status is RoundStatus.ON_NOTICE
