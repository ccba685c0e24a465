"""Closing the expert scoring of a round, and reading its ranking (DOMAIN.md §The 彝乡 leading-talent
programme, steps 4–5): every application's score, its rank and whether it falls within the total and
county quotas, by the rules of `domain.talent.scoring`."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from domain import clock
from domain.access import Actor
from domain.accounts import service as accounts
from domain.audit import service as audit
from domain.errors import OutOfScope
from domain.people import service as people
from domain.talent import scoring, steps
from domain.talent.errors import ScoringIncomplete, TalentRoundNotFound
from domain.talent.models import (
    TalentApplication,
    TalentAssignment,
    TalentCountyQuota,
    TalentRound,
    TalentScore,
)
from domain.talent.vocabulary import ApplicationStatus, AssignmentStatus, RoundStatus, TalentDimension
from domain.talent.workflow import check_round_move
from domain.transaction import write_transaction

__all__ = ["close_scoring", "ranking_of"]

# Rounds whose ranking is settled and may be read.
_RANKED = (RoundStatus.RANKED, RoundStatus.ON_NOTICE, RoundStatus.APPROVED)
_SHOWN_PENDING = 10


async def close_scoring(actor: Actor, round_id: int) -> TalentRound:
    """The prefecture admin closes the expert scoring of a SCORING round (steps 4–5): each COUNTY_PASSED
    application gets its score (the trimmed mean of its reviewers' weighted totals, 2 places), its rank
    (1 best, ties broken as `domain.talent.scoring` documents) and whether it is within the quotas.

    Needs every assigned score: no assignment still ASSIGNED (the admin may excuse a reviewer first,
    `assignments.excuse_reviewer`), and at least one score for each COUNTY_PASSED application.

    Writes, in one transaction: each application's `score`, `rank`, `within_quota`, and COUNTY_PASSED →
    SHORTLISTED (within quota) or NOT_SELECTED, each with a `TalentApplicationStep`; the round SCORING →
    RANKED with `scoring_closed_at`; the audit event `talent.round.scoring_closed` (the ranking).

    Raises:
        OutOfScope: the actor is not the prefecture admin.
        TalentRoundNotFound: no such round.
        WrongRoundStatus: the round is not SCORING (the message names its status).
        ScoringIncomplete: scores are still awaited (the message names the reviewers and how many each
            owes), or an application has no score at all (the message names the applicant).
    """
    if not actor.is_prefecture_admin:
        raise OutOfScope("只有州级管理员可以结束专家评审", field="roundId")
    if not await TalentRound.exists(id=round_id):
        raise TalentRoundNotFound()
    now = clock.now()
    async with write_transaction():
        # The round's lock keeps new assignments out while the ranking is computed (`assignments`).
        round_ = await TalentRound.filter(id=round_id).select_for_update().get()
        check_round_move(round_.status, RoundStatus.RANKED, "结束专家评审")
        await _check_no_score_pending(round_id)
        applications = list(
            await TalentApplication.filter(
                round_id=round_id, status=ApplicationStatus.COUNTY_PASSED
            ).order_by("id")
        )
        candidates = await _candidates(applications)
        quotas = {q.county_id: q.quota for q in await TalentCountyQuota.filter(round_id=round_id)}
        ranked = scoring.rank(candidates, quota=round_.quota, county_quotas=quotas)
        by_id = {row.id: row for row in applications}
        for entry in ranked:
            await steps.move_application(
                actor,
                by_id[entry.application_id],
                ApplicationStatus.SHORTLISTED if entry.within_quota else ApplicationStatus.NOT_SELECTED,
                action="ranked",
                refusal="排名",
                comment=f"专家评审得分 {entry.score}，排名第 {entry.rank} 名",
                score=entry.score,
                rank=entry.rank,
                within_quota=entry.within_quota,
            )
        await TalentRound.filter(id=round_id, status=RoundStatus.SCORING).update(
            status=RoundStatus.RANKED, scoring_closed_at=now
        )
        await audit.record(
            actor,
            "talent.round.scoring_closed",
            target_type="TalentRound",
            target_id=round_id,
            summary={
                "ranking": [
                    {
                        "application": e.application_id,
                        "county": e.county_code,
                        "score": str(e.score),
                        "rank": e.rank,
                        "withinQuota": e.within_quota,
                    }
                    for e in ranked
                ]
            },
        )
    return await TalentRound.get(id=round_id)


async def _check_no_score_pending(round_id: int) -> None:
    pending: Counter[int] = Counter(
        a.reviewer_user_id
        for a in await TalentAssignment.filter(round_id=round_id, status=AssignmentStatus.ASSIGNED)
    )
    if not pending:
        return
    users = await accounts.users_by_ids(list(pending))
    owed = [
        f"{users[pk].name if pk in users else pk}（{count} 份）"
        for pk, count in sorted(pending.items(), key=lambda item: (-item[1], item[0]))
    ]
    shown = "、".join(owed[:_SHOWN_PENDING]) + ("等" if len(owed) > _SHOWN_PENDING else "")
    raise ScoringIncomplete(
        f"还有 {sum(pending.values())} 份评分未提交：{shown}；请待专家评分，或准予其免评后再结束评审"
    )


async def _candidates(applications: list[TalentApplication]) -> list[scoring.Candidate]:
    scored = await TalentAssignment.filter(
        application_id__in=[a.id for a in applications], status=AssignmentStatus.SCORED
    ).order_by("id")
    scores: dict[int, dict[TalentDimension, Decimal]] = {a.id: {} for a in scored}
    for row in await TalentScore.filter(assignment_id__in=[a.id for a in scored]):
        scores[row.assignment_id][row.dimension] = row.score
    by_application: dict[int, list[TalentAssignment]] = {}
    for assignment in scored:
        by_application.setdefault(assignment.application_id, []).append(assignment)
    unscored = [a for a in applications if a.id not in by_application]
    if unscored:
        names = await people.persons_by_ids([a.person_id for a in unscored])
        who = "、".join(
            f"「{names[a.person_id].name}」" if a.person_id in names else str(a.id) for a in unscored[:10]
        )
        raise ScoringIncomplete(
            f"{len(unscored)} 份申报还没有任何专家评分：{who}；请为其分配评审专家，评分后再结束评审"
        )
    return [
        scoring.Candidate(
            application_id=a.id,
            county_code=a.county_id,
            submitted_at=a.submitted_at,
            totals=tuple(s.weighted_total or Decimal(0) for s in by_application[a.id]),
            scores=tuple(scores[s.id] for s in by_application[a.id]),
        )
        for a in applications
    ]


async def ranking_of(actor: Actor, round_: TalentRound) -> list[TalentApplication]:
    """The round's ranked applications by rank, once the scoring is closed (RANKED or later): all of them
    for the prefecture admin, their county's for a county admin, none for anyone else or before."""
    if round_.status not in _RANKED or not actor.is_admin:
        return []
    query = TalentApplication.filter(round_id=round_.id, rank__isnull=False)
    scope = actor.admin_county_scope()
    if scope is not None:
        query = query.filter(county_id__in=sorted(scope))
    return list(await query.order_by("rank"))
