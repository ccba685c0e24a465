"""The monthly accrual of professional allowances (职业津贴, DOMAIN.md §Subsidies): once a month has
ended, one entitlement per eligible certificate holder for that month, "MONTHLY_ALLOWANCE:<person>:<YYYY-MM>".

Eligibility is decided day by day and the amount by `amounts.monthly_allowance` (the highest level each
day, never stacked; prorated by days or paid whole as the policy says). On a day, a certificate of a level
counts when the policy of that level in force that day (the county's own, else the prefecture's default)
admits it: the certificate was issued by then; registered (登记) that day when the policy requires it;
local tenure — counted from `Person.social_work_since`, the registry keeping no separate "in this county
since" date — reached when it sets a minimum; and the person a full-time community worker when it is
for them only (as the registry says now: it keeps no history of that flag, nor of the county).

No wait is recorded for allowances: a holder not yet eligible is simply accrued from the month they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from tortoise.expressions import Q

from domain import clock
from domain.access import Actor
from domain.audit import service as audit
from domain.errors import OutOfScope
from domain.exam import service as exam
from domain.exam.vocabulary import ExamLevel
from domain.idempotency import Recorded, check_key, idempotent, request_digest
from domain.incentives import amounts
from domain.incentives.claims import LEVEL_NAMES, policy_phrase
from domain.incentives.errors import InvalidMonth
from domain.incentives.models import AllowanceAccrual, Entitlement, IncentivePolicy
from domain.incentives.vocabulary import EntitlementStatus, IncentiveKind
from domain.money import from_fen
from domain.people import service as people
from domain.transaction import write_transaction

if TYPE_CHECKING:
    from domain.exam.models import Certificate
    from domain.people.models import Person

_MONTH = re.compile(r"(\d{4})-(\d{2})")


@dataclass(frozen=True, slots=True)
class AccrualResult:
    """One accrual's outcome: entitlements it created (0 when the month was accrued before) and their
    total in fen."""

    month: str
    created: int
    total_fen: int
    accrual_id: int


def parse_month(text: str) -> amounts.Month:
    """`"2027-07"` → Month; exactly four digits, a hyphen and two digits (01–12).

    Raises InvalidMonth otherwise."""
    match = _MONTH.fullmatch(text.strip())
    if match is None or not 1 <= int(match[2]) <= 12 or int(match[1]) < 2000:
        raise InvalidMonth(f"月份须写作 YYYY-MM，如 2027-07（收到「{text[:20]}」）")
    return amounts.Month(int(match[1]), int(match[2]))


async def accrue_monthly_allowances(actor: Actor, month: str, key: str) -> AccrualResult:
    """The prefecture admin accrues `month`'s allowances for every county at once.

    `month` is "YYYY-MM" and must have ended (its last day before today, Asia/Shanghai). A retry with
    the same `key` returns the first run's result; a second run of a month with another key creates
    nothing for those already accrued (the once_key) and says so (created 0). Concurrent runs of one
    month create each allowance once (the insert skips a once_key taken meanwhile).

    Writes one `AllowanceAccrual` (key, digest, counts), the new `Entitlement`s (PENDING, each with its
    policy version, month, certificate and an explanation with the days counted) in one bulk insert,
    and the audit event `allowances.accrued`, in one transaction; a fixed number of queries whatever
    the number of holders.

    Raises:
        InvalidInput: the key is empty or too long.
        InvalidMonth: not "YYYY-MM", or the month has not ended.
        IdempotencyKeyReused: the key was first used for another month.
        OutOfScope: the actor is not a prefecture admin.
    """
    key = check_key(key)
    parsed = parse_month(month)
    digest = request_digest("allowance-accrual", month=str(parsed))

    async def find(k: str) -> Recorded[AccrualResult] | None:
        row = await AllowanceAccrual.get_or_none(idempotency_key=k)
        if row is None:
            return None
        return Recorded(
            AccrualResult(row.month, row.created_count, row.total_fen, row.id), row.request_digest
        )

    async def scope() -> amounts.Month:
        if not actor.is_prefecture_admin:
            raise OutOfScope(field="month")
        if parsed.last_day >= clock.today():
            raise InvalidMonth(
                f"该月尚未结束：{parsed} 的职业津贴自 {parsed.last_day + timedelta(days=1)} 起方可计提"
            )
        return parsed

    async def write(target: amounts.Month) -> AccrualResult:
        return await _accrue(actor, target, key, digest)

    return await idempotent(key, digest, find=find, scope=scope, write=write)


async def _accrue(actor: Actor, month: amounts.Month, key: str, digest: str) -> AccrualResult:
    # Computed before the write lock is taken (about a second for 5,000 holders): a once_key taken in
    # between is skipped by the insert, so nothing read here can make an allowance twice.
    rows = await _owed(month)
    async with write_transaction():
        accrual = await AllowanceAccrual.create(
            month=str(month),
            idempotency_key=key,
            request_digest=digest,
            created_count=0,
            total_fen=0,
            run_by_user_id=actor.user_id,
        )
        # bulk_create skips Table.save, which stamps creation times from the one clock: stamp them
        # here, or the queue's oldest-first order would follow the machine's clock, not the rules'.
        now = clock.now()
        for row in rows:
            row.accrual_id, row.created_at = accrual.id, now
        if rows:
            # A run of the same month at the same moment may take a once_key first: skipped here.
            await Entitlement.bulk_create(rows, ignore_conflicts=True)
        created: list[int] = await Entitlement.filter(accrual_id=accrual.id).values_list(  # type: ignore[assignment]
            "amount_fen", flat=True
        )
        accrual.created_count, accrual.total_fen = len(created), sum(created)
        await accrual.save(update_fields=["created_count", "total_fen"])
        await audit.record(
            actor,
            "allowances.accrued",
            target_type="AllowanceAccrual",
            target_id=accrual.id,
            summary={"month": str(month), "created": len(created), "total": str(from_fen(sum(created)))},
        )
    return AccrualResult(str(month), accrual.created_count, accrual.total_fen, accrual.id)


async def _owed(month: amounts.Month) -> list[Entitlement]:
    """The month's allowances not yet accrued, unsaved."""
    policies = await IncentivePolicy.filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=month.first_day),
        kind=IncentiveKind.MONTHLY_ALLOWANCE,
        effective_from__lte=month.last_day,
    )
    if not policies:
        return []
    certificates = await exam.certificates_issued_by(month.last_day)
    accrued: list[int] = await Entitlement.filter(  # type: ignore[assignment]
        kind=IncentiveKind.MONTHLY_ALLOWANCE, month=str(month)
    ).values_list("person_id", flat=True)
    done = set(accrued)
    held: dict[int, list[Certificate]] = {}
    for certificate in certificates:
        if certificate.person_id not in done:
            held.setdefault(certificate.person_id, []).append(certificate)
    persons = await people.persons_by_ids(sorted(held))
    names = await people.county_names(sorted({p.county_id for p in persons.values()}))
    calendar = _PolicyCalendar(month, policies)
    rows = []
    for person_id, owned in held.items():
        person = persons[person_id]
        row = _allowance(month, person, owned, calendar, names)
        if row is not None:
            rows.append(row)
    return rows


class _PolicyCalendar:
    """The version in force on each day of the month, per county and level (own, else the default)."""

    def __init__(self, month: amounts.Month, policies: list[IncentivePolicy]) -> None:
        self.month = month
        self.policies = {p.id: p for p in policies}
        self.terms = [
            amounts.PolicyTerms(p.id, p.county_id, p.level, p.amount_fen, p.effective_from, p.effective_to)
            for p in policies
        ]
        self.days = [month.first_day + timedelta(days=n) for n in range(month.days)]
        self._cache: dict[tuple[str, ExamLevel], list[tuple[IncentivePolicy, date, date]]] = {}

    def runs(self, county_code: str, level: ExamLevel) -> list[tuple[IncentivePolicy, date, date]]:
        """The month cut where the version in force changes: (version, first day, last day), days
        without one left out."""
        found = self._cache.get((county_code, level))
        if found is None:
            found = []
            for day in self.days:
                chosen = amounts.policy_in_force(self.terms, county_code=county_code, level=level, day=day)
                if chosen is None:
                    continue
                policy = self.policies[chosen.id]
                if found and found[-1][0] is policy and found[-1][2] == day - timedelta(days=1):
                    found[-1] = (policy, found[-1][1], day)
                else:
                    found.append((policy, day, day))
            self._cache[county_code, level] = found
        return found


def _eligible_window(
    policy: IncentivePolicy, person: Person, certificate: Certificate
) -> tuple[date, date | None] | None:
    """The days (first, last or None: open) on which `policy` admits the certificate, or None."""
    if policy.full_time_community_worker_only and not person.full_time_community_worker:
        return None
    starts_on, ends_on = certificate.issued_on, None
    if policy.requires_registration:
        registered = exam.registered_span(certificate)
        if registered is None:
            return None
        starts_on, ends_on = max(starts_on, registered[0]), registered[1]
    if policy.min_tenure_months > 0:
        reached = amounts.tenure_reached_on(person.social_work_since, policy.min_tenure_months)
        starts_on = max(starts_on, reached)
    return starts_on, ends_on


def _allowance(
    month: amounts.Month,
    person: Person,
    certificates: list[Certificate],
    calendar: _PolicyCalendar,
    names: dict[str, str],
) -> Entitlement | None:
    spans: list[tuple[amounts.EligibleSpan, IncentivePolicy, Certificate]] = []
    for certificate in certificates:
        for policy, first, last in calendar.runs(person.county_id, certificate.level):
            window = _eligible_window(policy, person, certificate)
            if window is None:
                continue
            starts_on = max(first, window[0])
            ends_on = last if window[1] is None else min(last, window[1])
            if starts_on <= ends_on:
                spans.append(
                    (
                        amounts.EligibleSpan(certificate.level, policy.amount_fen, starts_on, ends_on),
                        policy,
                        certificate,
                    )
                )
    if not spans:
        return None
    _, top_policy, _ = max(spans, key=lambda s: (s[0].amount_fen, s[0].starts_on))
    allowance = amounts.monthly_allowance(month, [s for s, _, _ in spans], prorate=top_policy.prorate)
    if allowance.amount_fen == 0 or allowance.level is None:
        return None
    paid_span, policy, certificate = max(
        (s for s in spans if s[0].level is allowance.level), key=lambda s: s[0].amount_fen
    )
    return Entitlement(
        person_id=person.id,
        county_id=person.county_id,
        kind=IncentiveKind.MONTHLY_ALLOWANCE,
        level=allowance.level,
        amount_fen=allowance.amount_fen,
        status=EntitlementStatus.PENDING,
        policy_id=policy.id,
        once_key=f"{IncentiveKind.MONTHLY_ALLOWANCE.value}:{person.id}:{month}",
        explanation=_explain(
            month, allowance=allowance, span=paid_span, policy=policy, spans=spans, names=names
        )[:500],
        certificate_id=certificate.id,
        month=str(month),
    )


def _explain(
    month: amounts.Month,
    *,
    allowance: amounts.MonthlyAllowance,
    span: amounts.EligibleSpan,
    policy: IncentivePolicy,
    spans: list[tuple[amounts.EligibleSpan, IncentivePolicy, Certificate]],
    names: dict[str, str],
) -> str:
    """ "职业津贴 2027-07：社会工作师（中级） 300.00 元/月（楚雄市政策（2027-01-01 起）），符合条件 21/31 天
    （2027-07-11 起），按天折算 203.23 元"."""
    text = (
        f"职业津贴 {month}：{LEVEL_NAMES[span.level]} {from_fen(span.amount_fen)} 元/月"
        f"（{policy_phrase(policy, names)}）"
    )
    if len({s.level for s, _, _ in spans}) > 1:
        text += "，当月持多个级别证书，每天按最高级别计，不叠加"
    if not policy.prorate:
        return f"{text}，按月末所具资格整月发放 {from_fen(allowance.amount_fen)} 元"
    if len(allowance.shares) > 1:
        # Days at different rates (two levels, or a version changing mid-month): say each, so the
        # person can add it up.
        parts = " + ".join(
            f"{LEVEL_NAMES[level]} {from_fen(amount_fen)} 元/月 × {days} 天"
            for level, amount_fen, days in allowance.shares
        )
        return (
            f"职业津贴 {month}：每天按当天最高标准计（就高不叠加），{parts}，"
            f"按 {month.days} 天折算 {from_fen(allowance.amount_fen)} 元"
            f"（最高标准依据{policy_phrase(policy, names)}）"
        )
    if allowance.days == month.days:
        return f"{text}，全月符合条件，发放 {from_fen(allowance.amount_fen)} 元"
    first = min(s.starts_on for s, _, _ in spans)
    return (
        f"{text}，符合条件 {allowance.days}/{month.days} 天（{first} 起），"
        f"按天折算 {from_fen(allowance.amount_fen)} 元"
    )
