"""Reading entitlements, payout batches and recoveries, scoped to who may see them.

- `list_entitlements`: the entitlements an actor may see, oldest first; `status: PENDING` is the county's
  review queue. A county admin sees their county's, the prefecture admin every county's, anyone else only
  their own (an admin sees their own too). A filter naming a county or person outside that scope lists
  nothing, never an error that would tell whether it exists; a code that names no county is refused
  (`UnknownCounty`), as the exam's lists do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from domain.access import Actor
from domain.exam.vocabulary import ExamLevel
from domain.incentives import outbox
from domain.incentives.models import Entitlement, PayoutBatch, Recovery
from domain.incentives.vocabulary import EntitlementStatus, IncentiveKind
from domain.paging import Page, check_page_size
from domain.people import service as people

M = TypeVar("M", bound=Model)


@dataclass(frozen=True, slots=True)
class EntitlementFilter:
    """Each condition given must hold; `person_id` is a primary key."""

    county_code: str | None = None
    status: EntitlementStatus | None = None
    kind: IncentiveKind | None = None
    level: ExamLevel | None = None
    person_id: int | None = None


@dataclass(frozen=True, slots=True)
class EntitlementKey:
    """An entitlement's place in the list: when it was created (UTC), then its id."""

    created_at: datetime
    id: int


def entitlement_key(row: Entitlement) -> EntitlementKey:
    return EntitlementKey(created_at=row.created_at, id=row.id)


def _visible(actor: Actor) -> Q | None:
    """Rows the actor may see; None: none at all."""
    own = Q(person_id=actor.person_id) if actor.person_id is not None else None
    if actor.is_prefecture_admin:
        return Q()
    counties = actor.administered_counties
    if counties:
        scope = Q(county_id__in=sorted(counties))
        return scope | own if own is not None else scope
    return own


async def list_entitlements(
    actor: Actor, *, first: int, after: EntitlementKey | None, filter: EntitlementFilter
) -> Page[Entitlement]:
    """The entitlements the actor may see (see the module), keyset-paged oldest first (`EntitlementKey`:
    created_at, then id), so `status: PENDING` of a county is its review queue in the order the
    entitlements arose. `first` is 1–100 rows after the row keyed `after` (exclusive); `total_count`
    counts every row the filter matches. First catches up with the exam's outbox (`outbox.catch_up`), so
    a certificate issued or a fee confirmed a moment ago is already listed; that writes only when there
    is something new.

    Raises:
        InvalidInput: `first` out of bounds (field `first`).
        UnknownCounty: `filter.county_code` is not a county of the prefecture.
    """
    check_page_size(first)
    if filter.county_code:
        await people.check_county(filter.county_code)
    await outbox.catch_up()
    visible = _visible(actor)
    if visible is None:
        return Page(items=[], has_next_page=False, total_count=0)
    query = Entitlement.filter(visible)
    if filter.county_code:
        query = query.filter(county_id=filter.county_code)
    if filter.status is not None:
        query = query.filter(status=filter.status)
    if filter.kind is not None:
        query = query.filter(kind=filter.kind)
    if filter.level is not None:
        query = query.filter(level=filter.level)
    if filter.person_id is not None:
        query = query.filter(person_id=filter.person_id)
    total = await query.count()
    if after is not None:
        query = query.filter(
            Q(created_at__gt=after.created_at) | Q(created_at=after.created_at, id__gt=after.id)
        )
    rows = await query.order_by("created_at", "id").limit(first + 1)
    return Page(items=rows[:first], has_next_page=len(rows) > first, total_count=total)


async def in_admin_counties(query: QuerySet[M], actor: Actor, county_code: str | None) -> QuerySet[M]:
    """`query` (of rows with a `county`) narrowed to the counties the actor administers (all for the
    prefecture), then to `county_code` if given: a county outside the scope lists nothing.

    Raises:
        UnknownCounty: `county_code` names no county.
    """
    scope = actor.admin_county_scope()
    if scope is not None:
        query = query.filter(county_id__in=sorted(scope))
    if county_code:
        await people.check_county(county_code)
        query = query.filter(county_id=county_code)
    return query


async def entitlements_by_ids(ids: list[int]) -> dict[int, Entitlement]:
    """Rows for a DataLoader; the API checks that the viewer is the person or an admin of its county."""
    return {e.id: e for e in await Entitlement.filter(id__in=ids)}


async def batches_by_ids(ids: list[int]) -> dict[int, PayoutBatch]:
    """Rows for a DataLoader; the API checks that the viewer administers the batch's county."""
    return {b.id: b for b in await PayoutBatch.filter(id__in=ids)}


async def recoveries_by_ids(ids: list[int]) -> dict[int, Recovery]:
    """Rows for a DataLoader; the API checks that the viewer administers the recovery's county."""
    return {r.id: r for r in await Recovery.filter(id__in=ids)}


async def entitlements_of_batch(batch_id: int) -> list[Entitlement]:
    """A batch's entitlements in the order the payout list numbers them."""
    return await Entitlement.filter(batch_id=batch_id).order_by("id")
