"""A whole 彝乡 leading-talent round over GraphQL, as the people involved take it (issue #11): the
prefecture opens the round; social workers of two counties apply (one not eligible, told why rule by rule);
楚雄市 returns one application, which is edited and passes; six experts are assigned, one of them refused for
an applicant of their own organisation; they score (one score over its maximum refused); closing the
scoring ranks the five by the trimmed mean; the 公示 runs five working days across the National Day week;
an anonymous objection is upheld and the next-ranked moves up with a notice of its own; approval waits for
that notice to end, then makes three leading talents whose records show the title."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from api.schema.relay import to_global_id
from domain.access import Grant, Role
from domain.accounts import service as accounts
from domain.accounts.models import User
from domain.exam import certificates
from domain.exam.vocabulary import ExamLevel
from tests.api.conftest import Api, Tokens, sign_in_staff
from tests.factories import PASSWORD, SYSTEM, person_id_of, trainee

OPEN = """
mutation Open($input: OpenTalentRoundInput!) {
  openTalentRound(input: $input) { round { id status quota } userErrors { code field message } }
}
"""
APPLY = """
mutation Apply($input: ApplyForTalentRoundInput!) {
  applyForTalentRound(input: $input) { application { id status } userErrors { code field message } }
}
"""
REVIEW = """
mutation Review($input: ReviewTalentApplicationInput!) {
  reviewTalentApplication(input: $input) { application { status countyComment } userErrors { code message } }
}
"""
UPDATE = """
mutation Update($input: UpdateTalentApplicationInput!) {
  updateTalentApplication(input: $input) { application { status } userErrors { code message } }
}
"""
SUBMIT = """
mutation Submit($input: SubmitTalentApplicationInput!) {
  submitTalentApplication(input: $input) { application { status } userErrors { code message } }
}
"""
ASSIGN = """
mutation Assign($input: AssignTalentReviewersInput!) {
  assignTalentReviewers(input: $input) {
    round { status } assignments { status application { id } } userErrors { code message }
  }
}
"""
MY_ASSIGNMENTS = """
{ myTalentAssignments(first: 20) { nodes { status application { id } } } }
"""
SCORE = """
mutation Score($input: ScoreTalentApplicationInput!) {
  scoreTalentApplication(input: $input) { userErrors { code field message } }
}
"""
CLOSE = """
mutation Close($input: CloseTalentScoringInput!) {
  closeTalentScoring(input: $input) {
    round { status ranking { application { id } score rank withinQuota } } userErrors { code message }
  }
}
"""
NOTICE = """
mutation Notice($input: StartTalentPublicNoticeInput!) {
  startTalentPublicNotice(input: $input) { round { status noticeEndsOn } userErrors { code message } }
}
"""
PUBLIC = """
query Public($roundId: ID!) {
  talentPublicNotice(roundId: $roundId) {
    startsOn endsOn candidates { applicationId name organizationName countyName rank }
  }
}
"""
OBJECT = """
mutation Object($input: FileTalentObjectionInput!) {
  fileTalentObjection(input: $input) { objection { id } userErrors { code message } }
}
"""
RESOLVE = """
mutation Resolve($input: ResolveTalentObjectionInput!) {
  resolveTalentObjection(input: $input) { round { noticeEndsOn } userErrors { code message } }
}
"""
APPROVE = """
mutation Approve($input: ApproveTalentRoundInput!) {
  approveTalentRound(input: $input) { talents { id person { name } } userErrors { code message } }
}
"""
MY_TITLES = "{ myLeadingTalents { status awardedOn cultivationEndsOn round { title } } }"

# The base scores of each applicant per dimension (ETHICS … CLIENT_FEEDBACK; maxima 15/15/20/20/20/10),
# and what each of the six experts adds to PERFORMANCE: with six scores the +3 and the -2 are dropped,
# so each mean is the base total + 0.5; the conflicted expert (the +3) does not score 普小兰, whose five
# scores drop +2 and -2 and average the base total exactly.
BASES = {
    "ayi": (13, 13, 18, 18, 16, 9),  # 87 → 87.50
    "puxiu": (12, 12, 17, 17, 17, 8),  # 83 → 83.50
    "lina": (11, 11, 16, 16, 16, 8),  # 78 → 78.50
    "wangfang": (10, 12, 15, 15, 15, 7),  # 74 → 74.50
    "puxiaolan": (9, 10, 14, 14, 14, 7),  # 68 → 68.00
}
EXPERT_DELTAS = {"yang": 2, "expert.e1": -2, "expert.e2": 0, "expert.e3": 1, "expert.e4": -1, "expert.e5": 3}
DIMENSIONS = ("ETHICS", "PROFESSIONALISM", "EXPERTISE", "CAPABILITY", "PERFORMANCE", "CLIENT_FEEDBACK")


@pytest.fixture(autouse=True)
def august(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", "2026-08-20")


async def ok(api: Api, query: str, input: dict[str, Any], token: str | None) -> dict[str, Any]:
    data = await api.data(query, {"input": input}, token=token)
    payload: dict[str, Any] = next(iter(data.values()))
    assert payload["userErrors"] == [], payload
    return payload


async def refused(api: Api, query: str, input: dict[str, Any], token: str | None) -> dict[str, Any]:
    data = await api.data(query, {"input": input}, token=token)
    payload: dict[str, Any] = next(iter(data.values()))
    assert len(payload["userErrors"]) == 1, payload
    error: dict[str, Any] = payload["userErrors"][0]
    return error


async def an_applicant(
    username: str, name: str, county: str, organization: str, *, level: ExamLevel, issued: date
) -> None:
    user = await trainee(
        username,
        name=name,
        county_code=county,
        organization_name=organization,
        born=date(1986, 5, 4),
        social_work_since=date(2012, 9, 1),
    )
    await certificates.record_existing_certificate(
        SYSTEM,
        person_id_of(user),
        level=level,
        number=f"SW{username.upper()}01",
        issued_on=issued,
        local_only=False,
    )


def user_id(pk: int) -> str:
    return to_global_id("User", pk)


async def test_a_round_goes_from_its_call_to_three_leading_talents(
    api: Api, tokens: Tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    round_ = (
        await ok(
            api,
            OPEN,
            {
                "year": 2026,
                "title": "2026年度彝乡专业社会工作领军人才选拔",
                "quota": 3,
                "countyQuotas": [{"countyCode": "532301", "quota": 3}, {"countyCode": "532302", "quota": 2}],
                "applicationOpensOn": "2026-09-01",
                "applicationClosesOn": "2026-09-20",
                "eligibility": {"minCertificateLevel": "SOCIAL_WORKER", "minPracticeYears": 3, "maxAge": 55},
            },
            tokens.prefecture,
        )
    )["round"]
    assert round_["status"] == "CALLING"
    round_id = round_["id"]

    organizations = {
        "ayi": ("阿依·木呷", "532301", "楚雄市鹿城镇社区服务中心"),
        "lina": ("李娜", "532301", "楚雄市东兴社区"),
        "puxiaolan": ("普小兰", "532301", "楚雄市彝乡社会工作服务中心"),
        "puxiu": ("普秀", "532302", "禄丰市金山镇社工站"),
        "wangfang": ("王芳", "532302", "禄丰市勤丰镇社区"),
    }
    for username, (name, county, organization) in organizations.items():
        await an_applicant(
            username, name, county, organization, level=ExamLevel.SOCIAL_WORKER, issued=date(2018, 6, 20)
        )
    await an_applicant(
        "zhangli", "张丽", "532301", "楚雄市东瓜镇社区", level=ExamLevel.ASSISTANT, issued=date(2019, 6, 20)
    )
    for username, name, organization in [
        ("expert.e1", "赵文", "楚雄师范学院"),
        ("expert.e2", "钱武", "云南民族大学"),
        ("expert.e3", "孙立", "楚雄州社会工作协会"),
        ("expert.e4", "周敏", "云南大学"),
        ("expert.e5", "吴刚", "楚雄市彝乡社会工作服务中心"),  # 普小兰's organisation
    ]:
        await accounts.create_user(
            SYSTEM,
            username=username,
            password=PASSWORD,
            name=name,
            organization_name=organization,
            grants=[Grant(Role.EXPERT)],
        )

    monkeypatch.setenv("SWTALENT_TODAY", "2026-09-05")
    tokens = await sign_in_staff(api)
    person = {u: await api.login(u) for u in [*organizations, "zhangli"]}
    application: dict[str, str] = {}
    for username in organizations:
        payload = await ok(
            api,
            APPLY,
            {
                "roundId": round_id,
                "statement": "扎根基层社区多年。",
                "achievements": "主持彝乡社区服务项目。",
            },
            person[username],
        )
        assert payload["application"]["status"] == "SUBMITTED"
        application[username] = payload["application"]["id"]
    not_eligible = await refused(
        api, APPLY, {"roundId": round_id, "statement": "申请", "achievements": "无"}, person["zhangli"]
    )
    assert not_eligible["code"] == "TALENT_NOT_ELIGIBLE"
    assert "社会工作师" in not_eligible["message"]

    # 楚雄市 returns 李娜's application for changes; she edits and resubmits; 禄丰市 cannot touch it.
    returned = await ok(
        api,
        REVIEW,
        {"applicationId": application["lina"], "decision": "RETURN", "comment": "请补充近三年服务时长"},
        tokens.chuxiong,
    )
    assert returned["application"] == {"status": "RETURNED", "countyComment": "请补充近三年服务时长"}
    other_county = await refused(
        api, REVIEW, {"applicationId": application["lina"], "decision": "PASS", "comment": ""}, tokens.lufeng
    )
    assert other_county["code"] == "TALENT_APPLICATION_NOT_FOUND"
    await ok(
        api,
        UPDATE,
        {
            "applicationId": application["lina"],
            "statement": "近三年累计服务 2100 小时。",
            "achievements": "同上",
        },
        person["lina"],
    )
    await ok(api, SUBMIT, {"applicationId": application["lina"]}, person["lina"])
    for username, token in [
        ("ayi", tokens.chuxiong),
        ("lina", tokens.chuxiong),
        ("puxiaolan", tokens.chuxiong),
        ("puxiu", tokens.lufeng),
        ("wangfang", tokens.lufeng),
    ]:
        passed = await ok(
            api,
            REVIEW,
            {"applicationId": application[username], "decision": "PASS", "comment": "同意推荐"},
            token,
        )
        assert passed["application"]["status"] == "COUNTY_PASSED"

    # After the window: six experts; 吴刚 (expert.e5) works where 普小兰 works.
    monkeypatch.setenv("SWTALENT_TODAY", "2026-09-21")
    tokens = await sign_in_staff(api)
    experts = {u: await api.login(u) for u in EXPERT_DELTAS if u != "yang"} | {"yang": tokens.expert}
    expert_ids = [user_id(u.id) for u in await User.filter(username__in=list(EXPERT_DELTAS))]
    assert len(expert_ids) == 6
    conflict = await refused(
        api,
        ASSIGN,
        {"roundId": round_id, "reviewerIds": expert_ids, "applicationIds": [application["puxiaolan"]]},
        tokens.prefecture,
    )
    assert conflict["code"] == "REVIEWER_CONFLICT"
    assigned = await ok(api, ASSIGN, {"roundId": round_id, "reviewerIds": expert_ids}, tokens.prefecture)
    assert assigned["round"]["status"] == "SCORING"
    statuses = [a["status"] for a in assigned["assignments"]]
    assert statuses.count("CONFLICT") == 1
    assert statuses.count("ASSIGNED") == 29

    mine = (await api.data(MY_ASSIGNMENTS, token=experts["expert.e5"]))["myTalentAssignments"]["nodes"]
    assert application["puxiaolan"] not in {a["application"]["id"] for a in mine if a["status"] == "ASSIGNED"}
    over = await refused(
        api,
        SCORE,
        {
            "applicationId": application["ayi"],
            "scores": [{"dimension": d, "score": "16"} for d in DIMENSIONS],
            "comment": "",
        },
        experts["expert.e1"],
    )
    assert over["code"] == "INVALID_SCORES"
    for expert, delta in EXPERT_DELTAS.items():
        for username, base in BASES.items():
            if expert == "expert.e5" and username == "puxiaolan":
                continue
            scores = [
                {"dimension": d, "score": str(s + (delta if d == "PERFORMANCE" else 0))}
                for d, s in zip(DIMENSIONS, base, strict=True)
            ]
            await ok(
                api,
                SCORE,
                {"applicationId": application[username], "scores": scores, "comment": "材料翔实"},
                experts[expert],
            )

    closed = (await ok(api, CLOSE, {"roundId": round_id}, tokens.prefecture))["round"]
    assert closed["status"] == "RANKED"
    by_id = {v: k for k, v in application.items()}
    ranking = [
        (by_id[e["application"]["id"]], Decimal(e["score"]), e["rank"], e["withinQuota"])
        for e in closed["ranking"]
    ]
    assert ranking == [
        ("ayi", Decimal("87.50"), 1, True),
        ("puxiu", Decimal("83.50"), 2, True),
        ("lina", Decimal("78.50"), 3, True),
        ("wangfang", Decimal("74.50"), 4, False),
        ("puxiaolan", Decimal("68.00"), 5, False),
    ]

    # 公示 from Monday 28 September for five working days: 28, 29, 30 September, then the National Day
    # holiday (1–7 October), then 8 and 9 October.
    monkeypatch.setenv("SWTALENT_TODAY", "2026-09-28")
    tokens = await sign_in_staff(api)
    started = await ok(
        api, NOTICE, {"roundId": round_id, "workingDays": 5, "startsOn": "2026-09-28"}, tokens.prefecture
    )
    assert started["round"] == {"status": "ON_NOTICE", "noticeEndsOn": "2026-10-09"}
    public = (await api.data(PUBLIC, {"roundId": round_id}))["talentPublicNotice"]
    assert (public["startsOn"], public["endsOn"]) == ("2026-09-28", "2026-10-09")
    assert [(c["name"], c["rank"]) for c in public["candidates"]] == [
        ("阿依·木呷", 1),
        ("普秀", 2),
        ("李娜", 3),
    ]

    objection = await ok(
        api,
        OBJECT,
        {
            "applicationId": application["puxiu"],
            "text": "该同志所报服务项目并非本人主持，请核实。",
            "contact": "13900000000",
        },
        None,
    )
    assert objection["objection"]["id"]
    monkeypatch.setenv("SWTALENT_TODAY", "2026-09-30")
    tokens = await sign_in_staff(api)
    resolved = await ok(
        api,
        RESOLVE,
        {
            "objectionId": objection["objection"]["id"],
            "upheld": True,
            "resolution": "经核实，项目主持人另有其人。",
        },
        tokens.prefecture,
    )
    # 王芳 moves up with five working days of her own from 8 October: 8, 9, 10 (a make-up working day),
    # 12 and 13 October.
    assert resolved["round"]["noticeEndsOn"] == "2026-10-13"
    public = (await api.data(PUBLIC, {"roundId": round_id}))["talentPublicNotice"]
    assert [c["name"] for c in public["candidates"]] == ["阿依·木呷", "李娜", "王芳"]

    monkeypatch.setenv("SWTALENT_TODAY", "2026-10-12")
    tokens = await sign_in_staff(api)
    too_early = await refused(api, APPROVE, {"roundId": round_id}, tokens.prefecture)
    assert too_early["code"] == "NOTICE_NOT_ENDED"

    monkeypatch.setenv("SWTALENT_TODAY", "2026-10-14")
    tokens = await sign_in_staff(api)
    approved = await ok(api, APPROVE, {"roundId": round_id}, tokens.prefecture)
    assert sorted(t["person"]["name"] for t in approved["talents"]) == ["李娜", "王芳", "阿依·木呷"]
    titles = (await api.data(MY_TITLES, token=await api.login("wangfang")))["myLeadingTalents"]
    assert titles == [
        {
            "status": "CULTIVATING",
            "awardedOn": "2026-10-14",
            "cultivationEndsOn": "2029-10-13",
            "round": {"title": "2026年度彝乡专业社会工作领军人才选拔"},
        }
    ]
    assert (await api.data(MY_TITLES, token=await api.login("puxiu")))["myLeadingTalents"] == []
