"""Incentive policies as data: versions per county (or the prefecture's default), kind and level, each
with an amount, an effective date range and rule switches (DOMAIN.md §Subsidies).

Each county sets its own rates; the prefecture sets defaults, which apply where a county has no version
of its own in force. Versions of one county (or of the defaults), kind and level never overlap, so a
day has one amount; a version is never edited, only closed (`end_policy`) before its successor is set,
and an entitlement keeps the version it was computed from. Policies are public documents.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Final

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q

from domain import clock, money
from domain.access import Actor
from domain.audit import service as audit
from domain.errors import DomainError, InvalidInput, OutOfScope
from domain.exam.vocabulary import ExamLevel
from domain.incentives import amounts
from domain.incentives.errors import PolicyNotFound, PolicyOverlap
from domain.incentives.models import IncentivePolicy
from domain.incentives.vocabulary import (
    DEFAULT_MIN_TENURE_MONTHS,
    DEFAULT_PAY_DIFFERENCE_ON_UPGRADE,
    DEFAULT_PRORATE,
    DEFAULT_REQUIRES_PASS,
    DEFAULT_REQUIRES_REGISTRATION,
    LEVEL_ORDER,
    IncentiveKind,
    default_full_time_only,
)
from domain.people import service as people
from domain.people.errors import DatesOutOfOrder, UnknownCounty
from domain.transaction import write_transaction

# Fifty years: a tenure rule longer than a working life is a typing mistake.
MAX_TENURE_MONTHS: Final = 600
DEFAULT_SCOPE: Final = "*"  # the lock and audit name of the prefecture's defaults


async def policies_by_ids(ids: list[int]) -> dict[int, IncentivePolicy]:
    """Rows for a DataLoader; policies are public documents."""
    return {p.id: p for p in await IncentivePolicy.filter(id__in=ids)}


@dataclass(frozen=True, slots=True)
class PolicyRules:
    """A version's rule switches as given; None takes the default (domain/incentives/vocabulary.py):
    a fee subsidy after passing, the certificate registered, no minimum tenure, full-time community
    workers only for the allowance, the difference paid on an upgrade, a partial month prorated."""

    requires_pass: bool | None = None
    requires_registration: bool | None = None
    min_tenure_months: int | None = None
    full_time_community_worker_only: bool | None = None
    pay_difference_on_upgrade: bool | None = None
    prorate: bool | None = None


@dataclass(frozen=True, slots=True)
class PolicyVersion:
    """A new version of a policy: `county_code` None is the prefecture's default; `amount` in yuan (the
    fee subsidy's cap, the reward, or the monthly allowance); in force from `effective_from` to
    `effective_to` inclusive (None: until closed)."""

    county_code: str | None
    kind: IncentiveKind
    level: ExamLevel
    amount: Decimal
    effective_from: date
    effective_to: date | None = None
    rules: PolicyRules = field(default_factory=PolicyRules)


def _check_may_set(actor: Actor, county_code: str | None, *, field: str) -> None:
    # Each county sets its own rates; only the prefecture sets the defaults (DOMAIN.md §Subsidies).
    allowed = actor.is_prefecture_admin if county_code is None else actor.can_administer_county(county_code)
    if not allowed:
        message = "只有州级管理员可以设定全州默认政策" if county_code is None else "只能设定本县市的激励政策"
        raise OutOfScope(message, field=field)


def _in_rules(error: DomainError) -> DomainError:
    error.field_path = ("rules", *error.field_path)
    return error


def _check_dates(effective_from: date, effective_to: date | None) -> None:
    if effective_to is not None and effective_to < effective_from:
        raise DatesOutOfOrder(f"截止日期不能早于生效日期（{effective_from}）", field="effectiveTo")


def _lock_key(county_code: str | None, kind: IncentiveKind, level: ExamLevel) -> int:
    name = f"incentive_policy:{county_code or DEFAULT_SCOPE}:{kind.value}:{level.value}"
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)


async def _serialise_writers(
    connection: BaseDBAsyncClient, county_code: str | None, kind: IncentiveKind, level: ExamLevel
) -> None:
    """Within the caller's write transaction: wait for any other writer of this county's (or the
    defaults') versions of `kind` and `level` to finish, so that the overlap check and the write that
    follows cannot interleave with another's. On PostgreSQL a transaction-scoped advisory lock on the
    series (a row lock would leave the first version of a series, which has no row yet, unguarded, and
    incentives may not lock people's County row); on SQLite `write_transaction` already holds the one
    write lock from its first statement."""
    if connection.capabilities.dialect == "postgres":
        await connection.execute_query(
            "SELECT pg_advisory_xact_lock($1)", [_lock_key(county_code, kind, level)]
        )


async def _first_overlapping(
    county_code: str | None,
    kind: IncentiveKind,
    level: ExamLevel,
    span: tuple[date, date | None],
    *,
    other_than: int | None = None,
) -> IncentivePolicy | None:
    series = IncentivePolicy.filter(kind=kind, level=level).order_by("effective_from")
    series = series.filter(county_id=county_code) if county_code else series.filter(county_id__isnull=True)
    for row in await series:
        if row.id != other_than and amounts.overlap(span, (row.effective_from, row.effective_to)):
            return row
    return None


def _summary(row: IncentivePolicy) -> dict[str, object]:
    return {
        "county": row.county_id,
        "kind": row.kind.value,
        "level": row.level.value,
        "amount": str(money.from_fen(row.amount_fen)),
        "effectiveFrom": row.effective_from.isoformat(),
        "effectiveTo": row.effective_to.isoformat() if row.effective_to else None,
        "rules": {
            "requiresPass": row.requires_pass,
            "requiresRegistration": row.requires_registration,
            "minTenureMonths": row.min_tenure_months,
            "fullTimeCommunityWorkerOnly": row.full_time_community_worker_only,
            "payDifferenceOnUpgrade": row.pay_difference_on_upgrade,
            "prorate": row.prorate,
        },
    }


async def set_policy(actor: Actor, version: PolicyVersion) -> IncentivePolicy:
    """Set a new version of a policy: a county's own (the prefecture admin, or that county's admin) or,
    `county_code` None, the prefecture's default (the prefecture admin only).

    `amount` is yuan, at least 0 with at most two decimals (stored as integer fen); the dates are
    Asia/Shanghai business dates, `effective_to` (inclusive) no earlier than `effective_from`; the rule
    switches left None take their defaults (`PolicyRules`); `min_tenure_months` is 0–600. The new
    version must share no day with another version of the same county (or of the defaults), kind and
    level (`amounts.overlap`): close the old one first (`end_policy`). Two requests setting overlapping
    versions at once cannot both land: writers of one series are serialised (`_serialise_writers`) and
    the overlap is checked inside the write transaction.

    Writes one `IncentivePolicy` and the audit event `incentive_policy.set` in one transaction.

    Raises:
        UnknownCounty: `county_code` is not a county of the prefecture.
        OutOfScope: the actor may not set this county's policy, or the defaults (field `countyCode`).
        InvalidAmount: negative, more than two decimals, or absurdly large (field `amount`).
        DatesOutOfOrder: `effective_to` before `effective_from` (field `effectiveTo`).
        InvalidInput: `min_tenure_months` outside 0–600 (field `rules.minTenureMonths`).
        PolicyOverlap: another version shares a day with this one (the message gives its dates).
    """
    if version.county_code is not None:
        await people.check_county(version.county_code)
    _check_may_set(actor, version.county_code, field="countyCode")
    amount_fen = amounts.fen_of(version.amount)
    _check_dates(version.effective_from, version.effective_to)
    rules = version.rules
    tenure = DEFAULT_MIN_TENURE_MONTHS if rules.min_tenure_months is None else rules.min_tenure_months
    if not 0 <= tenure <= MAX_TENURE_MONTHS:
        raise _in_rules(
            InvalidInput(f"本地工作最少月数须在 0 到 {MAX_TENURE_MONTHS} 之间", field="minTenureMonths")
        )
    span = (version.effective_from, version.effective_to)

    def chosen(value: bool | None, default: bool) -> bool:
        return default if value is None else value

    async with write_transaction() as connection:
        await _serialise_writers(connection, version.county_code, version.kind, version.level)
        clash = await _first_overlapping(version.county_code, version.kind, version.level, span)
        if clash is not None:
            raise PolicyOverlap(clash.effective_from, clash.effective_to)
        row = await IncentivePolicy.create(
            county_id=version.county_code,
            kind=version.kind,
            level=version.level,
            amount_fen=amount_fen,
            effective_from=version.effective_from,
            effective_to=version.effective_to,
            requires_pass=chosen(rules.requires_pass, DEFAULT_REQUIRES_PASS),
            requires_registration=chosen(rules.requires_registration, DEFAULT_REQUIRES_REGISTRATION),
            min_tenure_months=tenure,
            full_time_community_worker_only=chosen(
                rules.full_time_community_worker_only, default_full_time_only(version.kind)
            ),
            pay_difference_on_upgrade=chosen(
                rules.pay_difference_on_upgrade, DEFAULT_PAY_DIFFERENCE_ON_UPGRADE
            ),
            prorate=chosen(rules.prorate, DEFAULT_PRORATE),
            set_by_user_id=actor.user_id,
        )
        await audit.record(
            actor,
            "incentive_policy.set",
            target_type="IncentivePolicy",
            target_id=row.id,
            county_code=row.county_id,
            summary=_summary(row),
        )
    return row


async def end_policy(actor: Actor, policy_id: int, effective_to: date) -> IncentivePolicy:
    """Close a version on `effective_to` (inclusive), the way to make room for its successor: a version
    is otherwise never edited, and entitlements computed from it keep it. Only shortening: an open-ended
    version gets an end, an ended one an earlier end, never a later one (which could reach into the next
    version); the same end again changes nothing. Who may set the version may end it.

    Writes the version's `effective_to` and the audit event `incentive_policy.ended` (with the end
    before and after) in one transaction, serialised with the series' other writers.

    Raises:
        PolicyNotFound: no version has that id.
        OutOfScope: the actor may not set this county's policy, or the defaults (field `policyId`).
        DatesOutOfOrder: `effective_to` before the version's `effective_from` (field `effectiveTo`).
        InvalidInput: `effective_to` after the version's current end, or, for a version already in
            force, before today (field `effectiveTo`): the days already judged under it keep it.
    """
    found = await IncentivePolicy.get_or_none(id=policy_id)
    if found is None:
        raise PolicyNotFound()
    _check_may_set(actor, found.county_id, field="policyId")
    async with write_transaction() as connection:
        await _serialise_writers(connection, found.county_id, found.kind, found.level)
        row = await IncentivePolicy.get(id=policy_id)
        _check_dates(row.effective_from, effective_to)
        if row.effective_to is not None and effective_to > row.effective_to:
            raise InvalidInput(
                f"该版本已于 {row.effective_to} 截止，只能提前截止，不能延后；延续原金额请设定一个新版本",
                field="effectiveTo",
            )
        if row.effective_to == effective_to:
            return row
        today = clock.today()
        if row.effective_from <= today and effective_to < today:
            # The days up to today were judged under this version (entitlements and waits keep it):
            # ending it earlier would make the record say another amount applied then.
            raise InvalidInput(
                f"该版本已生效，截止日期不能早于今天（{today}）：此前各天已按该版本计算待遇；"
                "新的金额请从明天起另设一个版本",
                field="effectiveTo",
            )
        before = row.effective_to
        await IncentivePolicy.filter(id=row.id).update(effective_to=effective_to)
        row.effective_to = effective_to
        await audit.record(
            actor,
            "incentive_policy.ended",
            target_type="IncentivePolicy",
            target_id=row.id,
            county_code=row.county_id,
            summary={
                "county": row.county_id,
                "kind": row.kind.value,
                "level": row.level.value,
                "effectiveTo": effective_to.isoformat(),
                "previousEffectiveTo": before.isoformat() if before else None,
            },
        )
    return row


def _reading_order(row: IncentivePolicy) -> tuple[int, int, str, date]:
    return (
        list(IncentiveKind).index(row.kind),
        LEVEL_ORDER.index(row.level),
        row.county_id or "",  # the defaults before a county's own versions
        row.effective_from,
    )


async def list_policies(county_code: str | None) -> list[IncentivePolicy]:
    """Policy versions, public to anyone: for a county, its own versions and the prefecture's defaults
    (what applies there); with no county, every version of every county and the defaults. Ordered by
    kind (as IncentiveKind lists them), level (lowest first), the defaults before a county's own, then
    effective date. A code that is no county of the prefecture lists nothing."""
    query = IncentivePolicy.all()
    if county_code is not None:
        try:
            await people.check_county(county_code)
        except UnknownCounty:
            return []
        query = query.filter(Q(county_id=county_code) | Q(county_id__isnull=True))
    return sorted(await query, key=_reading_order)


async def policy_in_force(
    kind: IncentiveKind, county_code: str, level: ExamLevel, day: date
) -> IncentivePolicy | None:
    """The version of `kind` and `level` that applies to a person of `county_code` on `day`: the
    county's own version in force then, else the prefecture's default in force then, else None
    (`amounts.policy_in_force`; versions of one series never overlap, so at most one of each)."""
    rows = await IncentivePolicy.filter(
        Q(county_id=county_code) | Q(county_id__isnull=True),
        Q(effective_to__isnull=True) | Q(effective_to__gte=day),
        kind=kind,
        level=level,
        effective_from__lte=day,
    )
    terms = [
        amounts.PolicyTerms(
            id=r.id,
            county_code=r.county_id,
            level=r.level,
            amount_fen=r.amount_fen,
            effective_from=r.effective_from,
            effective_to=r.effective_to,
        )
        for r in rows
    ]
    chosen = amounts.policy_in_force(terms, county_code=county_code, level=level, day=day)
    return next((r for r in rows if chosen is not None and r.id == chosen.id), None)
