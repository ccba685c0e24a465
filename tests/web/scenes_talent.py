"""Scenes for the leading-talent pages (issue #13): experts, a round whose application window has passed
with applicants who applied in it, county decisions and scores given over the API, as the people who are
not under test would have done them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from tests.web.backend import PASSWORD, Backend, unique
from tests.web.conftest import served_on

DIMENSIONS = ("ETHICS", "PROFESSIONALISM", "EXPERTISE", "CAPABILITY", "PERFORMANCE", "CLIENT_FEEDBACK")

OPEN = """
mutation($i: OpenTalentRoundInput!) {
  openTalentRound(input: $i) { round { id } userErrors { code field message } }
}
"""
APPLY = """
mutation($i: ApplyForTalentRoundInput!) {
  applyForTalentRound(input: $i) { application { id status } userErrors { code field message } }
}
"""
REVIEW = """
mutation($i: ReviewTalentApplicationInput!) {
  reviewTalentApplication(input: $i) { application { status } userErrors { code field message } }
}
"""
SCORE = """
mutation($i: ScoreTalentApplicationInput!) {
  scoreTalentApplication(input: $i) { assignment { status } userErrors { code field message } }
}
"""
APPROVE = """
mutation($i: ApproveTalentRoundInput!) {
  approveTalentRound(input: $i) { talents { id } userErrors { code field message } }
}
"""


def beijing_today() -> date:
    """The server's business day (Beijing time)."""
    return datetime.now(timezone(timedelta(hours=8))).date()


@dataclass
class Applicant:
    name: str
    application_id: str


@dataclass
class Round:
    id: str
    title: str
    applicants: list[Applicant]


def expert(backend: Backend, name: str, organization: str) -> tuple[str, str]:
    """An expert reviewer's account created by the prefecture admin: (username, user id)."""
    username = unique("web.expert")
    data = backend.gql(
        "mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } userErrors { code field message } } }",
        {
            "i": {
                "username": username,
                "password": PASSWORD,
                "name": name,
                "organizationName": organization,
                "roles": [{"role": "EXPERT"}],
            }
        },
        backend.admin(),
    )
    user_id: str = data["createUser"]["user"]["id"]
    return username, user_id


def closed_call(database_url: str, names: list[str], *, quota: int = 2) -> Round:
    """A round of 楚雄市 opened three days ago whose application window ended yesterday, with one submitted
    application (SUBMITTED, awaiting the county) per name: set on a server whose clock reads three days
    ago, since a window cannot open in the past."""
    today = beijing_today()
    title = unique("彝乡领军人才选拔（测试）")
    with served_on(database_url, today - timedelta(days=3)) as past:
        round_id: str = past.gql(
            OPEN,
            {
                "i": {
                    "year": today.year,
                    "title": title,
                    "quota": quota,
                    "countyQuotas": [{"countyCode": "532301", "quota": quota}],
                    "applicationOpensOn": (today - timedelta(days=3)).isoformat(),
                    "applicationClosesOn": (today - timedelta(days=1)).isoformat(),
                    "eligibility": {"minCertificateLevel": None, "minPracticeYears": 3},
                }
            },
            past.admin(),
        )["openTalentRound"]["round"]["id"]
        applicants = []
        for name in names:
            _, token = past.register_trainee(name, prefix="web.talent")
            application = past.gql(
                APPLY,
                {
                    "i": {
                        "roundId": round_id,
                        "statement": f"{name}：扎根彝乡社区十年，开展困境儿童和留守老人服务。",
                        "achievements": "主持社区社会工作项目三项；获评州级优秀社会工作者。",
                    }
                },
                token,
            )["applyForTalentRound"]["application"]
            applicants.append(Applicant(name, application["id"]))
    return Round(round_id, title, applicants)


def county_passes(backend: Backend, county_token: str, application_id: str) -> None:
    backend.gql(REVIEW, {"i": {"applicationId": application_id, "decision": "PASS"}}, county_token)


def scores(base: int) -> list[dict[str, Any]]:
    """Scores within the default maxima (15/15/20/20/20/10), higher for a higher `base` (0..5)."""
    maxima = (15, 15, 20, 20, 20, 10)
    return [{"dimension": d, "score": str(m - 5 + base)} for d, m in zip(DIMENSIONS, maxima, strict=True)]


def score(backend: Backend, expert_username: str, application_id: str, base: int) -> None:
    backend.gql(
        SCORE,
        {"i": {"applicationId": application_id, "scores": scores(base), "comment": "材料翔实。"}},
        backend.login(expert_username),
    )


def approve_after_notice(database_url: str, round_id: str, notice_ends_on: date) -> None:
    """The prefecture admin approves the round on the day after its notice ended."""
    with served_on(database_url, notice_ends_on + timedelta(days=1)) as later:
        later.gql(APPROVE, {"i": {"roundId": round_id}}, later.admin())
