"""What one fact of the exam is worth: an exam-fee subsidy or a one-time reward owed now, a wait for a
condition that does not hold yet, or nothing (DOMAIN.md §Subsidies).

A claim is judged against the policy version in force on the day of its fact (the fee's confirmation,
the certificate's issue) and against the person's and certificate's state now, so a fact read late, after
its certificate was registered, becomes an entitlement at once. The version found is kept on the wait and
on the entitlement: a policy changed later never changes either.

Rules of the switches, for every kind they apply to:
- `requires_pass` (fee subsidy): the person holds a certificate of the level registered for;
- `requires_registration`: that certificate is registered (登记), now or at any time before; for a fee
  subsidy only together with `requires_pass`, since a 登记 is of a certificate;
- `min_tenure_months`: local tenure counted from `Person.social_work_since` — the registry keeps no
  separate "working in this county since" date, so the start of social work stands for it;
- `full_time_community_worker_only`: a person who is not one (as the registry says now) is owed
  nothing, and no wait is left: the fact is judged once and the policy excludes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tortoise.exceptions import IntegrityError

from domain import clock
from domain.access import Actor
from domain.audit import service as audit
from domain.exam import service as exam
from domain.exam.vocabulary import LEVEL_GRADES, LEVEL_TITLES, ExamLevel
from domain.incentives import amounts
from domain.incentives.models import Entitlement, IncentivePolicy, WaitingEntitlement
from domain.incentives.vocabulary import LEVEL_ORDER, EntitlementStatus, IncentiveKind, WaitingCondition
from domain.money import from_fen
from domain.transaction import write_transaction

# Who the audit trail names for entitlements made from the exam's facts: no one signed in did it.
ENGINE = Actor(username="incentives-engine", request_id="incentives-engine")

# A one-time reward in these statuses counts as paid toward a higher level (就高差额); a rejected or
# revoked one does not.
LIVE_STATUSES = (
    EntitlementStatus.PENDING,
    EntitlementStatus.APPROVED,
    EntitlementStatus.IN_BATCH,
    EntitlementStatus.PAID,
)

# "助理社会工作师（初级）": how explanations name a level (the senior title already says its grade).
LEVEL_NAMES: dict[ExamLevel, str] = {
    level: (
        LEVEL_TITLES[level]
        if level is ExamLevel.SENIOR
        else f"{LEVEL_TITLES[level]}（{LEVEL_GRADES[level]}）"
    )
    for level in ExamLevel
}


def policy_phrase(policy: IncentivePolicy, county_names: dict[str, str]) -> str:
    """ "楚雄市政策（2027-01-01 起）" or "全州默认政策（2027-01-01 起）"."""
    owner = county_names.get(policy.county_id, policy.county_id) if policy.county_id else "全州默认"
    return f"{owner}政策（{policy.effective_from} 起）"


@dataclass(frozen=True, slots=True)
class Claim:
    """One entitlement a fact may be worth; `once_key` names it for good."""

    kind: IncentiveKind
    person_id: int
    county_code: str
    level: ExamLevel
    policy: IncentivePolicy
    once_key: str
    occurred_on: date
    source_event_id: int | None = None
    registration_id: int | None = None
    certificate_id: int | None = None
    fee_paid_fen: int | None = None

    @classmethod
    def of_wait(cls, row: WaitingEntitlement, policy: IncentivePolicy, county_code: str) -> Claim:
        return cls(
            kind=row.kind,
            person_id=row.person_id,
            county_code=county_code,
            level=row.level,
            policy=policy,
            once_key=row.once_key,
            occurred_on=row.occurred_on,
            source_event_id=row.source_event_id,
            registration_id=row.registration_id,
            certificate_id=row.certificate_id,
            fee_paid_fen=row.fee_paid_fen,
        )


@dataclass(frozen=True, slots=True)
class Owed:
    amount_fen: int
    paid_before_fen: int
    explanation: str
    # Lower rewards still PENDING that this one takes the place of (就高): (entitlement id, fen).
    supersedes: tuple[tuple[int, int], ...] = ()
    # A higher reward still PENDING that takes this one over at once: (entitlement id, its level).
    merged_into: tuple[int, ExamLevel] | None = None


@dataclass(frozen=True, slots=True)
class Wait:
    condition: WaitingCondition
    until: date | None
    detail: str


@dataclass(frozen=True, slots=True)
class Nothing:
    reason: str


@dataclass(frozen=True, slots=True)
class Holder:
    """What the rules read of the person."""

    social_work_since: date
    full_time_community_worker: bool


async def judge(claim: Claim, holder: Holder, policy_owner: str) -> Owed | Wait | Nothing:
    """What `claim` is worth today; `policy_owner` is `policy_phrase` of its policy."""
    policy = claim.policy
    level_name = LEVEL_NAMES[claim.level]
    if policy.full_time_community_worker_only and not holder.full_time_community_worker:
        return Nothing("本政策仅限专职社区工作者")
    certificates = {c.level: c for c in await exam.certificates_of(claim.person_id)}
    certificate = certificates.get(claim.level)
    if (
        claim.kind is IncentiveKind.EXAM_FEE_SUBSIDY
        and certificate is not None
        and certificate.issued_on < claim.occurred_on
    ):
        # The fee is refunded for passing the exam it paid for: a certificate dated before the fee was
        # paid (recorded from an earlier exam) is not that pass.
        certificate = None
    needs_certificate = claim.kind is IncentiveKind.ONE_TIME_REWARD or policy.requires_pass
    if needs_certificate and certificate is None:
        return Wait(
            WaitingCondition.EXAM_PASSED,
            None,
            f"待{level_name}考试合格、取得证书后生成（本政策须合格后发放）",
        )
    if (
        needs_certificate
        and policy.requires_registration
        and certificate is not None
        and exam.registered_span(certificate) is None
    ):
        return Wait(
            WaitingCondition.CERTIFICATE_REGISTRATION,
            None,
            f"待{level_name}证书登记后生成（本政策须证书已登记）",
        )
    if policy.min_tenure_months > 0:
        reached = amounts.tenure_reached_on(holder.social_work_since, policy.min_tenure_months)
        if reached > clock.today():
            return Wait(
                WaitingCondition.TENURE,
                reached,
                f"本地工作满 {policy.min_tenure_months} 个月（{reached}）后生成",
            )
    if claim.kind is IncentiveKind.EXAM_FEE_SUBSIDY:
        return _fee_subsidy(claim, level_name, policy_owner)
    return await _reward(claim, level_name, policy_owner)


def _fee_subsidy(claim: Claim, level_name: str, policy_owner: str) -> Owed | Nothing:
    paid = claim.fee_paid_fen or 0
    amount = amounts.fee_subsidy_fen(paid, claim.policy.amount_fen)
    if amount == 0:
        return Nothing("未缴考试费，无补贴")
    return Owed(
        amount,
        0,
        f"考试费补贴：{level_name}考试，{policy_owner}补贴上限 {from_fen(claim.policy.amount_fen)} 元，"
        f"实缴 {from_fen(paid)} 元，补贴 {from_fen(amount)} 元",
    )


@dataclass(frozen=True, slots=True)
class _OtherRewards:
    """The person's live rewards of other levels than a claim's, by what they mean to it."""

    settled_lower: dict[ExamLevel, int]  # approved, batched or paid: fen by level
    pending_lower: list[tuple[int, ExamLevel, int]]  # (id, level, fen) still PENDING
    settled_higher: int  # fen
    pending_higher: list[tuple[int, ExamLevel]]  # (id, level) still PENDING


async def _other_rewards(claim: Claim) -> _OtherRewards:
    rows = await Entitlement.filter(
        person_id=claim.person_id, kind=IncentiveKind.ONE_TIME_REWARD, status__in=LIVE_STATUSES
    ).values_list("id", "level", "amount_fen", "status")
    rank = LEVEL_ORDER.index(claim.level)
    found = _OtherRewards({}, [], 0, [])
    settled_higher = 0
    for entitlement_id, value, amount_fen, status in rows:
        level, pending = ExamLevel(value), EntitlementStatus(status) is EntitlementStatus.PENDING
        if LEVEL_ORDER.index(level) < rank and pending:
            found.pending_lower.append((entitlement_id, level, amount_fen))
        elif LEVEL_ORDER.index(level) < rank:
            found.settled_lower[level] = found.settled_lower.get(level, 0) + amount_fen
        elif LEVEL_ORDER.index(level) > rank and pending:
            found.pending_higher.append((entitlement_id, level))
        elif LEVEL_ORDER.index(level) > rank:
            settled_higher += amount_fen
    return _OtherRewards(found.settled_lower, found.pending_lower, settled_higher, found.pending_higher)


async def _reward(claim: Claim, level_name: str, policy_owner: str) -> Owed | Nothing:
    """就高差额: with `pay_difference_on_upgrade` the person's rewards together never pass the highest
    level's amount, and nothing is deducted for money that was not paid:
    - a lower level's reward approved, batched or paid is deducted (the difference is paid);
    - a lower level's reward still PENDING is taken over ("并入"): revoked when this one is created,
      which pays its whole amount; rejecting this one later restores it (`restore_merged`);
    - a higher level's reward approved, batched or paid is deducted too, so this adds nothing;
    - a higher level's reward still PENDING takes this one over at once: it is created merged
      (REVOKED, `superseded_by_id`), and restored should the higher one be rejected.
    `paid_for_lower_levels_fen` keeps what was deducted."""
    policy = claim.policy
    head = f"一次性奖励：{level_name}，{policy_owner}{from_fen(policy.amount_fen)} 元"
    if not policy.pay_difference_on_upgrade:
        return Owed(policy.amount_fen, 0, f"{head}，本政策各级别全额发放")
    others = await _other_rewards(claim)
    settled, pending_lower, settled_higher, pending_higher = (
        others.settled_lower,
        others.pending_lower,
        others.settled_higher,
        others.pending_higher,
    )
    deducted = sum(settled.values()) + settled_higher
    amount = amounts.one_time_reward_fen(policy.amount_fen, deducted, pay_difference=True)
    parts = [head]
    if settled:
        granted = "，".join(
            f"{LEVEL_NAMES[lv]} {from_fen(settled[lv])} 元" for lv in LEVEL_ORDER if lv in settled
        )
        parts.append(f"较低级别已批准或已发放：{granted}")
    if settled_higher:
        parts.append(f"较高级别已批准或已发放奖励 {from_fen(settled_higher)} 元")
    if amount == 0:
        return Nothing("，".join([*parts, "不低于本级别金额，无需补发"]))
    parts.append(f"补发差额 {from_fen(amount)} 元" if deducted else f"发放 {from_fen(amount)} 元")
    if pending_higher and not settled_higher:
        into, into_level = max(pending_higher, key=lambda p: LEVEL_ORDER.index(p[1]))
        return Owed(amount, deducted, "，".join(parts), merged_into=(into, into_level))
    if pending_lower:
        merged = "、".join(LEVEL_NAMES[level] for _, level, _ in pending_lower)
        parts.insert(-1, f"{merged}奖励尚未审核，并入本级别发放（就高），不再单独发放")
    return Owed(amount, deducted, "，".join(parts), tuple((i, a) for i, _, a in pending_lower))


def merged_note(into: ExamLevel) -> str:
    """What a reward taken over by `into`'s says after its own explanation (and loses when restored)."""
    return f"；未审核前已并入{LEVEL_NAMES[into]}奖励一并发放（就高），本级别不再单独发放"


def merged_reason(into: ExamLevel) -> str:
    return f"已取得{LEVEL_NAMES[into]}证书，并入该级别奖励发放（就高），本级别不再单独发放"


async def restore_merged(actor: Actor, higher: Entitlement) -> int:
    """Within the caller's transaction, after `higher` (a reward) was rejected or revoked before payment:
    of the rewards it took over, the highest level's is PENDING again, as before (its explanation
    without the merged note), audited `entitlement.restored`; the lower ones stay taken over, now by
    that one (就高 again: restoring them all would pay 初级 and 中级 whole, more than 中级's amount).
    Returns how many were restored (0 or 1)."""
    merged = await Entitlement.filter(superseded_by_id=higher.id, status=EntitlementStatus.REVOKED)
    if not merged:
        return 0
    top = max(merged, key=lambda row: (LEVEL_ORDER.index(row.level), row.id))
    for row in merged:
        if row is not top:
            await Entitlement.filter(id=row.id, status=EntitlementStatus.REVOKED).update(
                superseded_by_id=top.id,
                revoked_reason=merged_reason(top.level),
                explanation=row.explanation.removesuffix(merged_note(higher.level)) + merged_note(top.level),
            )
    moved = await Entitlement.filter(id=top.id, status=EntitlementStatus.REVOKED).update(
        status=EntitlementStatus.PENDING,
        superseded_by_id=None,
        revoked_reason=None,
        revoked_at=None,
        explanation=top.explanation.removesuffix(merged_note(higher.level)),
    )
    if moved:
        await audit.record(
            actor,
            "entitlement.restored",
            target_type="Entitlement",
            target_id=top.id,
            county_code=top.county_id,
            summary={"because": higher.id, "amount": str(from_fen(top.amount_fen))},
        )
    return moved


async def settle(
    claim: Claim, outcome: Owed | Wait | Nothing, *, waiting: WaitingEntitlement | None = None
) -> bool:
    """Within the caller's write transaction: write what `judge` found. Owed → the entitlement (PENDING)
    and the audit event `entitlement.created`, resolving `waiting`; Wait → a new or updated wait;
    Nothing → `waiting` resolved with the reason (no wait is made for a fresh claim).

    Exactly once: a claim whose once_key already has an entitlement or a wait (another process got there
    first) writes nothing; the insert runs in a savepoint, so a unique-key collision at write time leaves
    the caller's transaction usable. Returns whether an entitlement was created."""
    if waiting is not None and not isinstance(outcome, Wait):
        resolution = "已生成待遇" if isinstance(outcome, Owed) else outcome.reason
        resolved = await WaitingEntitlement.filter(id=waiting.id, resolved_at__isnull=True).update(
            resolved_at=clock.now(), resolution=resolution[:300]
        )
        if not resolved:
            return False
    if isinstance(outcome, Owed):
        return not await Entitlement.exists(once_key=claim.once_key) and await _insert_entitlement(
            claim, outcome
        )
    if isinstance(outcome, Wait):
        await _wait(claim, outcome, waiting)
    return False


async def _wait(claim: Claim, wait: Wait, waiting: WaitingEntitlement | None) -> None:
    if waiting is not None:
        await WaitingEntitlement.filter(id=waiting.id, resolved_at__isnull=True).update(
            waiting_for=wait.condition, waiting_until=wait.until, detail=wait.detail
        )
    elif not (
        await WaitingEntitlement.exists(once_key=claim.once_key)
        or await Entitlement.exists(once_key=claim.once_key)
    ):
        await _insert_wait(claim, wait)


async def _insert_wait(claim: Claim, wait: Wait) -> None:
    try:
        async with write_transaction():
            await WaitingEntitlement.create(
                person_id=claim.person_id,
                county_id=claim.county_code,
                kind=claim.kind,
                level=claim.level,
                once_key=claim.once_key,
                policy_id=claim.policy.id,
                waiting_for=wait.condition,
                waiting_until=wait.until,
                detail=wait.detail,
                source_event_id=claim.source_event_id,
                registration_id=claim.registration_id,
                certificate_id=claim.certificate_id,
                fee_paid_fen=claim.fee_paid_fen,
                occurred_on=claim.occurred_on,
            )
    except IntegrityError:
        pass  # the same wait made at the same moment by another caller


class Superseded(Exception):
    """A lower reward meant to be superseded was approved meanwhile and covers this level: roll back."""


async def supersede(claim: Claim, owed: Owed, row: Entitlement) -> None:
    """Revoke the lower rewards still PENDING that `row` (just created from `owed`) takes the place of
    (就高), each by a conditional update, linked to it so rejecting it restores them. REVOKED because
    the API's statuses have no other end; both texts say it was merged and never paid, and there is
    nothing to recover. One an admin approved meanwhile is deducted from `row` instead.

    Raises Superseded when that leaves nothing to pay (the caller rolls back)."""
    deducted = 0
    for entitlement_id, amount_fen in owed.supersedes:
        lower = await Entitlement.get(id=entitlement_id)
        revoked = await Entitlement.filter(id=entitlement_id, status=EntitlementStatus.PENDING).update(
            status=EntitlementStatus.REVOKED,
            superseded_by_id=row.id,
            revoked_reason=merged_reason(claim.level),
            explanation=lower.explanation + merged_note(claim.level),
            revoked_at=clock.now(),
        )
        if revoked:
            await audit.record(
                ENGINE,
                "entitlement.superseded",
                target_type="Entitlement",
                target_id=entitlement_id,
                county_code=claim.county_code,
                summary={"by": row.id, "byLevel": claim.level.value, "amount": str(from_fen(amount_fen))},
            )
        elif await Entitlement.exists(
            id=entitlement_id, status__in=(EntitlementStatus.APPROVED, EntitlementStatus.IN_BATCH)
        ):
            deducted += amount_fen
    if not deducted:
        return
    if row.amount_fen <= deducted:
        raise Superseded
    row.amount_fen -= deducted
    row.paid_for_lower_levels_fen += deducted
    row.explanation = (
        f"{row.explanation}；较低级别奖励 {from_fen(deducted)} 元同时已批准，"
        f"实发差额 {from_fen(row.amount_fen)} 元"
    )[:500]
    await row.save(update_fields=["amount_fen", "paid_for_lower_levels_fen", "explanation"])


async def _insert_entitlement(claim: Claim, owed: Owed) -> bool:
    """The entitlement of `owed`, PENDING — or, taken over at once by a higher reward still PENDING,
    REVOKED and linked to it (`merged_into`) — with the audit event, in a savepoint."""
    merged = owed.merged_into
    try:
        async with write_transaction():
            row = await Entitlement.create(
                person_id=claim.person_id,
                county_id=claim.county_code,
                kind=claim.kind,
                level=claim.level,
                amount_fen=owed.amount_fen,
                status=EntitlementStatus.REVOKED if merged else EntitlementStatus.PENDING,
                superseded_by_id=merged[0] if merged else None,
                revoked_reason=merged_reason(merged[1]) if merged else None,
                revoked_at=clock.now() if merged else None,
                policy_id=claim.policy.id,
                once_key=claim.once_key,
                explanation=(owed.explanation + (merged_note(merged[1]) if merged else ""))[:500],
                paid_for_lower_levels_fen=owed.paid_before_fen,
                source_event_id=claim.source_event_id,
                registration_id=claim.registration_id,
                certificate_id=claim.certificate_id,
            )
            await supersede(claim, owed, row)
            await audit.record(
                ENGINE,
                "entitlement.superseded" if merged else "entitlement.created",
                target_type="Entitlement",
                target_id=row.id,
                county_code=claim.county_code,
                summary={
                    "person": claim.person_id,
                    "kind": claim.kind.value,
                    "level": claim.level.value,
                    "amount": str(from_fen(row.amount_fen)),
                    "policy": claim.policy.id,
                    "onceKey": claim.once_key,
                    **({"by": merged[0], "byLevel": merged[1].value} if merged else {}),
                },
            )
    except (IntegrityError, Superseded):
        return False
    return True
