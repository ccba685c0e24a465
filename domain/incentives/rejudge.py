"""One-time rewards judged again when one of a person's rewards is rejected or revoked (就高差额).

A reward's amount, and whether a level is owed at all, depend on the person's other rewards: a lower
level's approved reward is deducted from a higher one; a higher level's settled reward leaves a lower
one nothing. When such a reward falls away (rejected, or revoked as a claim that should not have been
made), what was judged against it is no longer true:
- a PENDING reward is worked out again (its amount and explanation; nothing was committed yet);
- a level the person holds with no reward at all (judged "nothing owed" while the other stood) is
  judged again as a fresh claim: an entitlement or a wait.
Rewards already approved, batched or paid keep their amount: money committed or paid is not changed
here (a shortfall there is the county's to settle by hand, as DOMAIN.md's review allows).
"""

from __future__ import annotations

from domain import clock
from domain.access import Actor
from domain.audit import service as audit
from domain.exam import service as exam
from domain.exam.vocabulary import ExamLevel
from domain.incentives import claims, policies
from domain.incentives.models import Entitlement, IncentivePolicy, WaitingEntitlement
from domain.incentives.vocabulary import LEVEL_ORDER, EntitlementStatus, IncentiveKind
from domain.money import from_fen
from domain.people import service as people
from domain.transaction import write_transaction

REWARD = IncentiveKind.ONE_TIME_REWARD


async def rejudge_rewards(actor: Actor, person_id: int) -> None:
    """Within the caller's write transaction, after one of the person's rewards was rejected or revoked:
    their PENDING rewards re-worked (audited `entitlement.rejudged` when the amount changes) and the
    levels they hold without a reward claimed again. Writes nothing when nothing changed."""
    person = (await people.persons_by_ids([person_id]))[person_id]
    holder = claims.Holder(person.social_work_since, person.full_time_community_worker)
    pending = await Entitlement.filter(person_id=person_id, kind=REWARD, status=EntitlementStatus.PENDING)
    # Highest level first: it takes over the lower ones still pending (就高) before they are looked at.
    for found in sorted(pending, key=lambda r: LEVEL_ORDER.index(r.level), reverse=True):
        row = await Entitlement.get(id=found.id)
        if row.status is EntitlementStatus.PENDING:
            await _rework(actor, row, holder)
    levels: list[str] = await Entitlement.filter(  # type: ignore[assignment]
        person_id=person_id, kind=REWARD
    ).values_list("level", flat=True)
    rewarded = {ExamLevel(level) for level in levels}
    for certificate in await exam.certificates_of(person_id):
        if certificate.level in rewarded:
            continue
        policy = await policies.policy_in_force(
            REWARD, person.county_id, certificate.level, certificate.issued_on
        )
        if policy is None:
            continue
        once_key = f"{REWARD.value}:{person_id}:{certificate.level.value}"
        # A wait closed as "nothing owed" while the other reward stood is opened again to be re-judged.
        closed = await WaitingEntitlement.get_or_none(once_key=once_key)
        claim = claims.Claim(
            kind=REWARD,
            person_id=person_id,
            county_code=person.county_id,
            level=certificate.level,
            policy=policy if closed is None else await IncentivePolicy.get(id=closed.policy_id),
            once_key=once_key,
            occurred_on=certificate.issued_on,
            certificate_id=certificate.id,
        )
        owner = claims.policy_phrase(
            claim.policy, await people.county_names(_owners(claim.policy, person.county_id))
        )
        outcome = await claims.judge(claim, holder, owner)
        if closed is not None:
            await WaitingEntitlement.filter(id=closed.id).update(resolved_at=None, resolution=None)
            closed.resolved_at = None
        await claims.settle(claim, outcome, waiting=closed)


def _owners(policy: IncentivePolicy, county_code: str) -> list[str]:
    return sorted({county_code, *([policy.county_id] if policy.county_id else [])})


async def _rework(actor: Actor, row: Entitlement, holder: claims.Holder) -> None:
    policy = await IncentivePolicy.get(id=row.policy_id)
    claim = claims.Claim(
        kind=REWARD,
        person_id=row.person_id,
        county_code=row.county_id,
        level=row.level,
        policy=policy,
        once_key=row.once_key,
        occurred_on=row.created_at.date(),
        certificate_id=row.certificate_id,
    )
    owner = claims.policy_phrase(policy, await people.county_names(_owners(policy, row.county_id)))
    outcome = await claims.judge(claim, holder, owner)
    if not isinstance(outcome, claims.Owed):
        return  # a condition no longer holds (a lapsed 登记): the county decides in review
    if outcome.merged_into is not None:
        # A higher reward still pending now takes this one over (就高).
        into, into_level = outcome.merged_into
        await Entitlement.filter(id=row.id, status=EntitlementStatus.PENDING).update(
            status=EntitlementStatus.REVOKED,
            superseded_by_id=into,
            revoked_reason=claims.merged_reason(into_level),
            revoked_at=clock.now(),
            explanation=(row.explanation + claims.merged_note(into_level))[:500],
        )
        return
    explanation = outcome.explanation
    merged = await Entitlement.filter(superseded_by_id=row.id, status=EntitlementStatus.REVOKED)
    if merged and not outcome.supersedes:
        # Lower rewards it took over earlier still point at it: say so, as when it took them over.
        levels = "、".join(claims.LEVEL_NAMES[m.level] for m in sorted(merged, key=lambda m: m.level))
        head, _, last = explanation.rpartition("，")
        explanation = f"{head}，{levels}奖励尚未审核，并入本级别发放（就高），不再单独发放，{last}"
    if (outcome.amount_fen, explanation) == (row.amount_fen, row.explanation):
        return
    was = row.amount_fen
    try:
        async with write_transaction():  # a savepoint: a take-over that finds nothing to pay undoes it
            moved = await Entitlement.filter(id=row.id, status=EntitlementStatus.PENDING).update(
                amount_fen=outcome.amount_fen,
                paid_for_lower_levels_fen=outcome.paid_before_fen,
                explanation=explanation[:500],
            )
            if moved and outcome.supersedes:
                row.amount_fen = outcome.amount_fen
                row.paid_for_lower_levels_fen = outcome.paid_before_fen
                row.explanation = explanation[:500]
                await claims.supersede(claim, outcome, row)
    except claims.Superseded:
        return
    if moved and outcome.amount_fen != was:
        await audit.record(
            actor,
            "entitlement.rejudged",
            target_type="Entitlement",
            target_id=row.id,
            county_code=row.county_id,
            summary={"from": str(from_fen(was)), "to": str(from_fen(outcome.amount_fen))},
        )
