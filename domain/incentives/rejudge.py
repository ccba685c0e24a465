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

from domain.access import Actor
from domain.audit import service as audit
from domain.exam import service as exam
from domain.exam.vocabulary import ExamLevel
from domain.incentives import claims, policies
from domain.incentives.models import Entitlement, IncentivePolicy, WaitingEntitlement
from domain.incentives.vocabulary import EntitlementStatus, IncentiveKind
from domain.money import from_fen
from domain.people import service as people

REWARD = IncentiveKind.ONE_TIME_REWARD


async def rejudge_rewards(actor: Actor, person_id: int) -> None:
    """Within the caller's write transaction, after one of the person's rewards was rejected or revoked:
    their PENDING rewards re-worked (audited `entitlement.rejudged` when the amount changes) and the
    levels they hold without a reward claimed again. Writes nothing when nothing changed."""
    person = (await people.persons_by_ids([person_id]))[person_id]
    holder = claims.Holder(person.social_work_since, person.full_time_community_worker)
    for row in await Entitlement.filter(person_id=person_id, kind=REWARD, status=EntitlementStatus.PENDING):
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
    # Only a plain amount is applied: a take-over (of lower rewards, or by a higher one) is left as it
    # is, to be settled when that reward is reviewed.
    if not isinstance(outcome, claims.Owed) or outcome.supersedes or outcome.merged_into:
        return
    if (outcome.amount_fen, outcome.explanation) == (row.amount_fen, row.explanation):
        return
    moved = await Entitlement.filter(id=row.id, status=EntitlementStatus.PENDING).update(
        amount_fen=outcome.amount_fen,
        paid_for_lower_levels_fen=outcome.paid_before_fen,
        explanation=outcome.explanation[:500],
    )
    if moved and outcome.amount_fen != row.amount_fen:
        await audit.record(
            actor,
            "entitlement.rejudged",
            target_type="Entitlement",
            target_id=row.id,
            county_code=row.county_id,
            summary={"from": str(from_fen(row.amount_fen)), "to": str(from_fen(outcome.amount_fen))},
        )
