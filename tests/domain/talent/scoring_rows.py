"""Staff and rows for tests of county review, reviewers' assignments, scores and the closing of scoring:
the actors who act, and a round already in expert scoring with its reviewers assigned (rows written
straight to the tables; each step is tested on its own)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from domain.access import Actor, Grant, Role
from domain.accounts import service as accounts
from domain.accounts.models import User
from domain.talent.models import TalentApplication, TalentAssignment, TalentRound, TalentScore
from domain.talent.vocabulary import (
    ApplicationStatus,
    AssignmentStatus,
    RoundStatus,
    TalentDimension,
)
from tests.domain.talent.round_rows import a_round, an_applicant, an_application, an_expert
from tests.factories import PASSWORD, SYSTEM, actor_of, staff

# The day after the default round's application window (1 Sep – 31 Oct 2026) has closed.
AFTER_WINDOW = date(2026, 11, 2)
DIMENSIONS = list(TalentDimension)


async def prefecture_admin(username: str = "zhou") -> Actor:
    return await actor_of(await staff(username, Grant(Role.PREFECTURE_ADMIN)))


async def county_admin(county_code: str, username: str | None = None) -> Actor:
    # Staff names are names: letters only.
    default = "admin" + "".join(chr(ord("a") + int(digit)) for digit in county_code[-2:])
    user = await staff(username or default, Grant(Role.COUNTY_ADMIN, county_code=county_code))
    return await actor_of(user)


async def an_expert_at(username: str, organization_name: str) -> User:
    """An EXPERT account of `organization_name` (no registry person)."""
    return await accounts.create_user(
        SYSTEM,
        username=username,
        password=PASSWORD,
        name=username,
        organization_name=organization_name,
        grants=[Grant(Role.EXPERT)],
    )


async def experts(count: int, prefix: str = "expert") -> list[User]:
    """`count` EXPERT accounts named `prefix` and a letter (expertA, expertB, …)."""
    return [await an_expert(f"{prefix}{chr(ord('A') + n)}") for n in range(count)]


def full_scores(*values: str) -> list[tuple[TalentDimension, Decimal]]:
    """Scores for the six dimensions in the seed's order (DEFAULT_RUBRIC maxima 15/15/20/20/20/10)."""
    return [(dimension, Decimal(value)) for dimension, value in zip(DIMENSIONS, values, strict=True)]


@dataclass
class Scoring:
    """A round in SCORING with COUNTY_PASSED applications and reviewers assigned to each."""

    round: TalentRound
    applications: list[TalentApplication]
    reviewers: list[User]


async def a_scoring_round(
    *,
    counties: list[str] | None = None,
    reviewers: int = 3,
    quota: int = 3,
    county_quotas: dict[str, int] | None = None,
) -> Scoring:
    """One COUNTY_PASSED application per entry of `counties` (default 楚雄市, 楚雄市, 禄丰市), each with
    `reviewers` experts ASSIGNED to it."""
    round_ = await a_round(status=RoundStatus.SCORING, quota=quota, county_quotas=county_quotas)
    applications = []
    for n, county in enumerate(counties or ["532301", "532301", "532302"]):
        applicant = await an_applicant(
            f"applicant{n}", county_code=county, name=f"申报人{'甲乙丙丁戊己庚辛'[n]}"
        )
        applications.append(
            await an_application(
                round_, applicant, status=ApplicationStatus.COUNTY_PASSED, county_code=county
            )
        )
    panel = await experts(reviewers)
    for application in applications:
        for reviewer in panel:
            await TalentAssignment.create(
                round_id=round_.id, application_id=application.id, reviewer_user_id=reviewer.id
            )
    return Scoring(round=round_, applications=applications, reviewers=panel)


async def scored(application: TalentApplication, reviewer: User, *values: str) -> TalentAssignment:
    """`reviewer`'s scores of `application` written as sealed (weights 1: the total is the sum)."""
    assignment = await TalentAssignment.get(application_id=application.id, reviewer_user_id=reviewer.id)
    scores = full_scores(*values)
    assignment.status = AssignmentStatus.SCORED
    assignment.weighted_total = sum((s for _, s in scores), Decimal(0))
    await assignment.save()
    for dimension, score in scores:
        await TalentScore.create(assignment_id=assignment.id, dimension=dimension, score=score)
    return assignment
