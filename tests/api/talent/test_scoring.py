"""Expert scoring over HTTP: the prefecture assigns reviewers (conflicts recorded or refused, experts
only), reviewers see only their own applications and scores, scores are checked and sealed, a reviewer
declares a conflict or is excused, and closing the scoring publishes the ranking by role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
import pytest_asyncio

from api.schema.relay import to_global_id
from domain import clock
from domain.access import Role
from domain.accounts.models import User, UserRole
from domain.talent.models import TalentApplication, TalentAssignment, TalentRound, TalentScore
from domain.talent.vocabulary import ApplicationStatus, AssignmentStatus, RoundStatus
from tests.api.conftest import Api, Tokens, error_codes
from tests.domain.talent.round_rows import a_round, an_applicant, an_application
from tests.domain.talent.scoring_rows import an_expert_at, experts
from tests.factories import PASSWORD

ASSIGN = """
mutation A($input: AssignTalentReviewersInput!) {
  assignTalentReviewers(input: $input) {
    round { status }
    assignments { id status reason reviewer { name } application { id } }
    userErrors { code field message }
  }
}
"""
SCORE = """
mutation S($input: ScoreTalentApplicationInput!) {
  scoreTalentApplication(input: $input) {
    assignment { status weightedTotal comment myScores { dimension name score } }
    userErrors { code field message }
  }
}
"""
DECLARE = """
mutation D($input: DeclareTalentConflictInput!) {
  declareTalentConflict(input: $input) { assignment { status reason application { id } } userErrors { code field message } }
}
"""
EXCUSE = """
mutation E($input: ExcuseTalentReviewerInput!) {
  excuseTalentReviewer(input: $input) { round { status } userErrors { code field message } }
}
"""
CLOSE = """
mutation C($input: CloseTalentScoringInput!) {
  closeTalentScoring(input: $input) {
    round { status ranking { application { id } score rank withinQuota } }
    userErrors { code field message }
  }
}
"""
MINE = """
query M($after: String) {
  myTalentAssignments(first: 2, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id status application { id statement } myScores { dimension score } scores { score } weightedTotal }
  }
}
"""
ADMIN_VIEW = """
query V($roundId: ID!) {
  talentAssignments(roundId: $roundId) { status reason reviewer { name } scores { dimension score } weightedTotal }
}
"""
RANKING = """
query R($id: ID!) { node(id: $id) { ... on TalentRound { status ranking { application { id } rank withinQuota } } } }
"""
GOOD = ["14", "13.5", "18", "17", "19", "9"]  # 90.5
DIMENSIONS = ["ETHICS", "PROFESSIONALISM", "EXPERTISE", "CAPABILITY", "PERFORMANCE", "CLIENT_FEEDBACK"]


@pytest.fixture(autouse=True)
def after_the_window(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", "2026-11-02")


def gid(kind: str, pk: int) -> str:
    return to_global_id(kind, pk)


def scores(*values: str) -> list[dict[str, str]]:
    return [{"dimension": d, "score": v} for d, v in zip(DIMENSIONS, values, strict=True)]


@dataclass
class Panel:
    round_id: str
    round_pk: int
    applications: list[int]  # 楚雄市 李娜, 楚雄市 王芳, 禄丰市 普秀
    reviewers: list[int]  # yang and expertA, expertB
    tokens: list[str]


@pytest_asyncio.fixture
async def panel(api: Api, tokens: Tokens) -> Panel:
    round_ = await a_round(quota=2, county_quotas={"532301": 1, "532302": 1})
    applications = []
    for username, name, county in (
        ("lina", "李娜", "532301"),
        ("wangfang", "王芳", "532301"),
        ("puxiu", "普秀", "532302"),
    ):
        applicant = await an_applicant(username, county_code=county, name=name)
        row = await an_application(
            round_, applicant, status=ApplicationStatus.COUNTY_PASSED, county_code=county
        )
        applications.append(row.id)
    await TalentApplication.filter(round_id=round_.id).update(submitted_at=clock.now())
    others = await experts(2)
    yang_user = await User.get(username="yang")
    return Panel(
        round_id=gid("TalentRound", round_.id),
        round_pk=round_.id,
        applications=applications,
        reviewers=[yang_user.id, *(u.id for u in others)],
        tokens=[tokens.expert, *[await api.login(u.username, PASSWORD) for u in others]],
    )


async def assign(
    api: Api, token: str, panel: Panel, reviewers: list[int], applications: list[int] | None = None
) -> Any:
    variables: dict[str, Any] = {
        "input": {"roundId": panel.round_id, "reviewerIds": [gid("User", r) for r in reviewers]}
    }
    if applications is not None:
        variables["input"]["applicationIds"] = [gid("TalentApplication", a) for a in applications]
    return (await api.data(ASSIGN, variables, token=token))["assignTalentReviewers"]


async def score(
    api: Api, token: str, application: int, values: list[dict[str, str]], comment: str | None = None
) -> Any:
    variables = {
        "input": {
            "applicationId": gid("TalentApplication", application),
            "scores": values,
            "comment": comment,
        }
    }
    return (await api.data(SCORE, variables, token=token))["scoreTalentApplication"]


# --- assigning ------------------------------------------------------------------------------------


async def test_assigning_starts_the_scoring_and_records_a_colleague_as_a_conflict(
    api: Api, tokens: Tokens, panel: Panel
) -> None:
    colleague = await an_expert_at("colleague", "禄丰市 鹿城镇社区服务中心")
    await an_application(
        await TalentRound.get(id=panel.round_pk),
        await an_applicant("other", county_code="532302", name="罗华"),
        status=ApplicationStatus.COUNTY_PASSED,
        county_code="532302",
        organization_name="禄丰市鹿城镇社区服务中心",
    )
    await TalentApplication.filter(round_id=panel.round_pk).update(submitted_at=clock.now())
    answer = await assign(api, tokens.prefecture, panel, [panel.reviewers[0], colleague.id])
    assert answer["userErrors"] == []
    assert answer["round"]["status"] == "SCORING"
    assert len(answer["assignments"]) == 8
    [conflict] = [a for a in answer["assignments"] if a["status"] == "CONFLICT"]
    assert conflict["reason"] == "与申报人同一单位：禄丰市鹿城镇社区服务中心"
    assert conflict["reviewer"] == {"name": "colleague"}
    assert conflict["application"] is not None  # the prefecture admin sees every application


async def test_a_conflict_with_explicit_applications_is_refused_and_nothing_is_assigned(
    api: Api, tokens: Tokens, panel: Panel
) -> None:
    colleague = await an_expert_at("colleague", "楚雄市鹿城镇社区服务中心")
    answer = await assign(
        api, tokens.prefecture, panel, [panel.reviewers[0], colleague.id], panel.applications[:1]
    )
    assert answer["round"] is None
    [error] = answer["userErrors"]
    assert (error["code"], error["field"]) == ("REVIEWER_CONFLICT", ["input", "reviewerIds", "1"])
    assert (
        error["message"]
        == "专家「colleague」与申报人「李娜」同一单位（楚雄市鹿城镇社区服务中心），须回避，不能分配"
    )
    assert not await TalentAssignment.exists()


async def test_only_experts_are_assigned_and_only_by_the_prefecture(
    api: Api, tokens: Tokens, panel: Panel
) -> None:
    chen = await User.get(username="chen")
    answer = await assign(api, tokens.prefecture, panel, [panel.reviewers[0], chen.id])
    [error] = answer["userErrors"]
    assert (error["code"], error["field"]) == ("NOT_AN_EXPERT", ["input", "reviewerIds", "1"])
    assert "「chen」不是评审专家账号" in error["message"]
    variables = {"input": {"roundId": panel.round_id, "reviewerIds": [gid("User", panel.reviewers[0])]}}
    for token in (tokens.chuxiong, tokens.expert, await api.login("lina", PASSWORD)):
        assert error_codes(await api.post(ASSIGN, variables, token=token)) == ["FORBIDDEN"]
    assert not await TalentAssignment.exists()


async def test_scoring_waits_for_the_county_reviews(api: Api, tokens: Tokens, panel: Panel) -> None:
    await an_application(await TalentRound.get(id=panel.round_pk), await an_applicant("waiting"))
    answer = await assign(api, tokens.prefecture, panel, panel.reviewers)
    assert answer["userErrors"][0]["code"] == "WRONG_ROUND_STATUS"
    assert answer["userErrors"][0]["message"] == "还有 1 份申报待县级初审，县级初审全部完成后才能开始专家评审"


# --- scoring --------------------------------------------------------------------------------------


async def test_a_reviewer_scores_sees_their_own_scores_and_never_anothers(
    api: Api, tokens: Tokens, panel: Panel
) -> None:
    assert (await assign(api, tokens.prefecture, panel, panel.reviewers))["userErrors"] == []
    yang, other = panel.tokens[0], panel.tokens[1]
    done = await score(api, yang, panel.applications[0], scores(*GOOD), "业绩扎实")
    assert done["userErrors"] == []
    assert done["assignment"]["status"] == "SCORED"
    assert done["assignment"]["weightedTotal"] == "90.5000"
    assert done["assignment"]["comment"] == "业绩扎实"
    assert [s["score"] for s in done["assignment"]["myScores"]] == [
        "14.00",
        "13.50",
        "18.00",
        "17.00",
        "19.00",
        "9.00",
    ]
    # The other reviewer's list: the same application, nothing of yang's scores.
    first = (await api.data(MINE, token=other))["myTalentAssignments"]
    assert (first["totalCount"], first["pageInfo"]["hasNextPage"]) == (3, True)
    second = (await api.data(MINE, {"after": first["pageInfo"]["endCursor"]}, token=other))[
        "myTalentAssignments"
    ]
    nodes = first["nodes"] + second["nodes"]
    assert {n["application"]["id"] for n in nodes} == {
        gid("TalentApplication", a) for a in panel.applications
    }
    assert all(n["myScores"] == [] and n["scores"] is None and n["weightedTotal"] is None for n in nodes)
    yang_assignment = (await api.data(MINE, token=yang))["myTalentAssignments"]["nodes"][0]
    assert yang_assignment["myScores"][0] == {"dimension": "ETHICS", "score": "14.00"}
    hidden = await api.data(
        "query($id: ID!) { node(id: $id) { id } }", {"id": yang_assignment["id"]}, token=other
    )
    assert hidden["node"] is None
    # The prefecture admin sees who scored, not how, until the ranking.
    view = (await api.data(ADMIN_VIEW, {"roundId": panel.round_id}, token=tokens.prefecture))[
        "talentAssignments"
    ]
    assert [v["status"] for v in view].count("SCORED") == 1
    assert all(v["scores"] is None and v["weightedTotal"] is None for v in view)
    assert error_codes(await api.post(ADMIN_VIEW, {"roundId": panel.round_id}, token=tokens.chuxiong)) == [
        "FORBIDDEN"
    ]


async def test_scores_over_a_maximum_are_refused_at_their_row(api: Api, tokens: Tokens, panel: Panel) -> None:
    await assign(api, tokens.prefecture, panel, panel.reviewers)
    answer = await score(
        api, panel.tokens[0], panel.applications[0], scores("15", "15", "25", "20", "20", "10")
    )
    assert answer["assignment"] is None
    [error] = answer["userErrors"]
    assert (error["code"], error["field"]) == ("INVALID_SCORES", ["input", "scores", "2", "score"])
    assert error["message"] == "「专业技术」的得分须在 0 到 20 分之间"
    assert not await TalentScore.exists()


async def test_sealed_scores_cannot_be_sent_again(api: Api, tokens: Tokens, panel: Panel) -> None:
    await assign(api, tokens.prefecture, panel, panel.reviewers)
    await score(api, panel.tokens[0], panel.applications[0], scores(*GOOD))
    again = await score(api, panel.tokens[0], panel.applications[0], scores("1", "1", "1", "1", "1", "1"))
    assert [e["code"] for e in again["userErrors"]] == ["ALREADY_SCORED"]
    assert await TalentScore.all().count() == 6


async def test_an_unassigned_expert_and_a_non_expert_may_not_score(
    api: Api, tokens: Tokens, panel: Panel
) -> None:
    await assign(api, tokens.prefecture, panel, panel.reviewers[:1])
    answer = await score(api, panel.tokens[1], panel.applications[0], scores(*GOOD))
    assert [e["code"] for e in answer["userErrors"]] == ["NOT_ASSIGNED"]
    variables = {
        "input": {"applicationId": gid("TalentApplication", panel.applications[0]), "scores": scores(*GOOD)}
    }
    assert error_codes(await api.post(SCORE, variables, token=tokens.prefecture)) == ["FORBIDDEN"]
    assert not await TalentScore.exists()


async def test_scoring_before_being_assigned_tells_nothing_of_the_round_or_application(
    api: Api, tokens: Tokens, panel: Panel
) -> None:
    answer = await score(api, panel.tokens[0], panel.applications[0], scores(*GOOD))
    [error] = answer["userErrors"]
    assert (error["code"], error["message"]) == ("NOT_ASSIGNED", "您未被分配评审此申报")


async def test_a_reviewer_declares_a_conflict_and_no_longer_reads_the_application(
    api: Api, tokens: Tokens, panel: Panel
) -> None:
    await assign(api, tokens.prefecture, panel, panel.reviewers)
    variables = {
        "input": {
            "applicationId": gid("TalentApplication", panel.applications[0]),
            "reason": "申报人是我的学生",
        }
    }
    answer = (await api.data(DECLARE, variables, token=panel.tokens[0]))["declareTalentConflict"]
    assert answer["userErrors"] == []
    assert answer["assignment"]["status"] == "CONFLICT_DECLARED"
    assert answer["assignment"]["application"] is None
    again = await score(api, panel.tokens[0], panel.applications[0], scores(*GOOD))
    assert [e["code"] for e in again["userErrors"]] == ["REVIEWER_CONFLICT"]


# --- excusing and closing -------------------------------------------------------------------------


async def test_closing_needs_every_score_then_ranks_and_shows_the_ranking_by_role(
    api: Api, tokens: Tokens, panel: Panel
) -> None:
    await assign(api, tokens.prefecture, panel, panel.reviewers)
    plans = {  # per application, each reviewer's six scores
        panel.applications[0]: GOOD,  # 90.5
        panel.applications[1]: ["13", "13", "17", "17", "17", "9"],  # 86: second of 楚雄市 (quota 1)
        panel.applications[2]: ["10", "10", "15", "15", "15", "5"],  # 70
    }
    for application, values in plans.items():
        for token in panel.tokens[:2]:
            assert (await score(api, token, application, scores(*values)))["userErrors"] == []
    close = {"input": {"roundId": panel.round_id}}
    assert error_codes(await api.post(CLOSE, close, token=panel.tokens[0])) == ["FORBIDDEN"]
    pending = (await api.data(CLOSE, close, token=tokens.prefecture))["closeTalentScoring"]
    [error] = pending["userErrors"]
    assert (error["code"], error["field"]) == ("SCORING_INCOMPLETE", ["input", "roundId"])
    assert error["message"].startswith("还有 3 份评分未提交：expertB（3 份）")
    excuse = {
        "input": {
            "roundId": panel.round_id,
            "reviewerId": gid("User", panel.reviewers[2]),
            "reason": "出国交流",
        }
    }
    assert (await api.data(EXCUSE, excuse, token=tokens.prefecture))["excuseTalentReviewer"][
        "userErrors"
    ] == []
    assert error_codes(await api.post(EXCUSE, excuse, token=tokens.chuxiong)) == ["FORBIDDEN"]
    closed = (await api.data(CLOSE, close, token=tokens.prefecture))["closeTalentScoring"]
    assert closed["userErrors"] == []
    assert closed["round"]["status"] == "RANKED"
    assert [
        (e["application"]["id"], e["score"], e["rank"], e["withinQuota"]) for e in closed["round"]["ranking"]
    ] == [
        (gid("TalentApplication", panel.applications[0]), "90.50", 1, True),
        (gid("TalentApplication", panel.applications[1]), "86.00", 2, False),
        (gid("TalentApplication", panel.applications[2]), "70.00", 3, True),
    ]
    # County admins see their county's entries; an expert sees none.
    lufeng = (await api.data(RANKING, {"id": panel.round_id}, token=tokens.lufeng))["node"]["ranking"]
    assert [e["rank"] for e in lufeng] == [3]
    assert (await api.data(RANKING, {"id": panel.round_id}, token=tokens.expert))["node"]["ranking"] == []
    # Now the prefecture admin may read how each reviewer scored; the excused one's reason stays.
    view = (await api.data(ADMIN_VIEW, {"roundId": panel.round_id}, token=tokens.prefecture))[
        "talentAssignments"
    ]
    scored_ = [v for v in view if v["status"] == "SCORED"]
    assert len(scored_) == 6
    assert all(v["scores"] and len(v["scores"]) == 6 for v in scored_)
    assert {v["reason"] for v in view if v["status"] == "EXCUSED"} == {"出国交流"}
    assert (await TalentRound.get(id=panel.round_pk)).status is RoundStatus.RANKED
    assert await TalentAssignment.filter(status=AssignmentStatus.EXCUSED).count() == 3


async def test_declaring_and_excusing_need_a_reason_an_assignment_and_the_right_role(
    api: Api, tokens: Tokens, panel: Panel
) -> None:
    await assign(api, tokens.prefecture, panel, panel.reviewers[:1])
    application = gid("TalentApplication", panel.applications[0])
    blank = {"input": {"applicationId": application, "reason": " "}}
    [error] = (await api.data(DECLARE, blank, token=panel.tokens[0]))["declareTalentConflict"]["userErrors"]
    assert (error["code"], error["field"]) == ("REASON_REQUIRED", ["input", "reason"])
    declare = {"input": {"applicationId": application, "reason": "亲属关系"}}
    stranger = (await api.data(DECLARE, declare, token=panel.tokens[1]))["declareTalentConflict"]
    assert [e["code"] for e in stranger["userErrors"]] == ["NOT_ASSIGNED"]
    assert error_codes(await api.post(DECLARE, declare, token=tokens.chuxiong)) == ["FORBIDDEN"]
    excuse = {
        "input": {"roundId": panel.round_id, "reviewerId": gid("User", panel.reviewers[1]), "reason": "出差"}
    }
    nothing = (await api.data(EXCUSE, excuse, token=tokens.prefecture))["excuseTalentReviewer"]
    [error] = nothing["userErrors"]
    assert (error["code"], error["field"]) == ("NOT_ASSIGNED", ["input", "reviewerId"])
    assert await TalentAssignment.filter(status=AssignmentStatus.ASSIGNED).count() == 3


# --- what an expert may learn ----------------------------------------------------------------------

APPLICATION = """
query A($id: ID!) {
  node(id: $id) {
    ... on TalentApplication {
      applicantName score rank withinQuota person { id } steps { toStatus comment }
    }
  }
}
"""
EVENT_ACTIONS = "query { auditEvents(first: 100) { nodes { action countyCode summary } } }"


async def close_with_two_reviewers(api: Api, tokens: Tokens, panel: Panel) -> None:
    await assign(api, tokens.prefecture, panel, panel.reviewers[:2])
    for application in panel.applications:
        for token in panel.tokens[:2]:
            assert (await score(api, token, application, scores(*GOOD)))["userErrors"] == []
    closed = await api.data(CLOSE, {"input": {"roundId": panel.round_id}}, token=tokens.prefecture)
    assert closed["closeTalentScoring"]["userErrors"] == []


async def test_an_expert_reads_the_applicants_name_but_no_score_rank_or_history(
    api: Api, tokens: Tokens, panel: Panel
) -> None:
    await close_with_two_reviewers(api, tokens, panel)
    first = {"id": gid("TalentApplication", panel.applications[0])}
    expert = (await api.data(APPLICATION, first, token=panel.tokens[1]))["node"]
    assert expert == {
        "applicantName": "李娜",
        "score": None,
        "rank": None,
        "withinQuota": None,
        "person": None,
        "steps": [],
    }
    for token in (await api.login("lina", PASSWORD), tokens.chuxiong, tokens.prefecture):
        seen = (await api.data(APPLICATION, first, token=token))["node"]
        assert (seen["applicantName"], seen["score"], seen["rank"], seen["withinQuota"]) == (
            "李娜",
            "90.50",
            1,
            True,
        )
        assert seen["steps"][-1] == {"toStatus": "SHORTLISTED", "comment": "专家评审得分 90.50，排名第 1 名"}
    # Another applicant of the round sees nothing of it; the other county's admin neither.
    for token in (await api.login("wangfang", PASSWORD), tokens.lufeng):
        assert (await api.data(APPLICATION, first, token=token))["node"] is None


async def test_a_county_admin_reads_no_reviewers_scoring_or_conflict_events(
    api: Api, tokens: Tokens, panel: Panel
) -> None:
    await assign(api, tokens.prefecture, panel, panel.reviewers[:2])
    assert (await score(api, panel.tokens[0], panel.applications[0], scores(*GOOD)))["userErrors"] == []
    declare = {"input": {"applicationId": gid("TalentApplication", panel.applications[1]), "reason": "亲属"}}
    assert (await api.data(DECLARE, declare, token=panel.tokens[1]))["declareTalentConflict"][
        "userErrors"
    ] == []
    hidden = {"talent.application.scored", "talent.assignment.conflict_declared", "talent.reviewers.assigned"}
    county = (await api.data(EVENT_ACTIONS, token=tokens.chuxiong))["auditEvents"]["nodes"]
    assert not hidden & {e["action"] for e in county}
    prefecture = (await api.data(EVENT_ACTIONS, token=tokens.prefecture))["auditEvents"]["nodes"]
    assert hidden <= {e["action"] for e in prefecture}
    assert all(e["countyCode"] is None for e in prefecture if e["action"] in hidden)


async def test_an_applicant_of_the_round_is_recorded_as_a_conflict_with_every_application(
    api: Api, tokens: Tokens, panel: Panel
) -> None:
    applying = await an_applicant("applying", county_code="532302", name="申评审", organization_name="某中心")
    await UserRole.create(user_id=applying.id, role=Role.EXPERT)
    round_ = await TalentRound.get(id=panel.round_pk)
    await an_application(round_, applying, status=ApplicationStatus.RETURNED, county_code="532302")
    await TalentApplication.filter(status=ApplicationStatus.RETURNED).update(
        status=ApplicationStatus.REJECTED
    )
    refused = await assign(api, tokens.prefecture, panel, [applying.id], panel.applications[2:])
    [error] = refused["userErrors"]
    assert (error["code"], error["field"]) == ("REVIEWER_CONFLICT", ["input", "reviewerIds", "0"])
    assert error["message"] == "专家「申评审」本人为本轮申报人，须回避本轮全部申报，不能分配"
    assert not await TalentAssignment.exists()
    answer = await assign(api, tokens.prefecture, panel, [panel.reviewers[0], applying.id])
    assert answer["userErrors"] == []
    mine = [a for a in answer["assignments"] if a["reviewer"] == {"name": "申评审"}]
    assert [(a["status"], a["reason"]) for a in mine] == [("CONFLICT", "评审专家本人为本轮申报人")] * 3


async def test_scoring_waits_for_returned_applications_to_be_resubmitted_or_rejected(
    api: Api, tokens: Tokens, panel: Panel
) -> None:
    await an_application(
        await TalentRound.get(id=panel.round_pk),
        await an_applicant("back"),
        status=ApplicationStatus.RETURNED,
    )
    answer = await assign(api, tokens.prefecture, panel, panel.reviewers)
    [error] = answer["userErrors"]
    assert error["code"] == "WRONG_ROUND_STATUS"
    assert error["message"] == (
        "还有 1 份退回修改的申报尚未重新提交：请县级在其重新提交后初审，或以逾期未重新提交为由不予通过"
    )
    assert not await TalentAssignment.exists()


async def test_a_negative_zero_is_shown_as_zero_and_the_comment_keeps_its_paragraphs(
    api: Api, tokens: Tokens, panel: Panel
) -> None:
    await assign(api, tokens.prefecture, panel, panel.reviewers[:1])
    done = await score(
        api,
        panel.tokens[0],
        panel.applications[0],
        scores("-0", "13.5", "18", "17", "19", "9"),
        "甲。\n\n乙。",
    )
    assert done["userErrors"] == []
    assert done["assignment"]["myScores"][0]["score"] == "0.00"
    assert done["assignment"]["comment"] == "甲。\n\n乙。"


async def test_declaring_a_conflict_after_the_scoring_closed_points_at_the_application(
    api: Api, tokens: Tokens, panel: Panel
) -> None:
    await assign(api, tokens.prefecture, panel, panel.reviewers[:1])
    await TalentRound.filter(id=panel.round_pk).update(status=RoundStatus.RANKED)
    declare = {"input": {"applicationId": gid("TalentApplication", panel.applications[0]), "reason": "亲属"}}
    [error] = (await api.data(DECLARE, declare, token=panel.tokens[0]))["declareTalentConflict"]["userErrors"]
    assert (error["code"], error["field"]) == ("WRONG_ROUND_STATUS", ["input", "applicationId"])
