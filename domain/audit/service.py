"""Recording and reading the audit trail.

`record` is called by every service that changes data, inside the service's own transaction, so the
event and the change commit or roll back together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain import clock
from domain.access import Actor
from domain.audit.models import AuditEvent
from domain.columns import fits
from domain.paging import Page, keyset_page

LOGIN_FAILED = "login.failed"


async def record(
    actor: Actor,
    action: str,
    *,
    target_type: str | None = None,
    target_id: str | int | None = None,
    county_code: str | None = None,
    summary: dict[str, object] | None = None,
) -> AuditEvent:
    """Record who did what to which record, inside the caller's write transaction.

    Every service that changes data calls this in the same transaction as the change, so the event and
    the change commit or roll back together. `action` is a dotted name (`course.posted`); `target_type`
    and `target_id` name the record; `county_code` is the county whose records were touched, so county
    admins see the event in their scope (None: prefecture admins only); `summary` is a small JSON-able dict of
    what changed, which must not carry secrets (passwords, tokens).

    Writes one `AuditEvent`, stamped `clock.now()` (UTC), with the actor's user id and username, the role
    and county of the grant the action was taken under (`Actor.acting_grant`), and the request's id and
    client address. Raises nothing of its own.
    """
    grant = actor.acting_grant(county_code)
    return await AuditEvent.create(
        at=clock.now(),
        actor_user_id=actor.user_id,
        actor_username=actor.username,
        actor_role=grant.role.value if grant else None,
        actor_scope=grant.county_code if grant else None,
        action=action,
        target_type=target_type,
        target_id=str(target_id) if target_id is not None else None,
        county_code=county_code,
        request_id=actor.request_id,
        client=actor.client,
        summary=summary or {},
    )


async def count_failed_logins(
    *,
    username: str | None = None,
    client: str | None = None,
    within: timedelta,
    since: datetime | None = None,
) -> int:
    """Failed logins in the last `within` (and after `since`, when given), for one username or one
    client address."""
    start = clock.now() - within
    query = AuditEvent.filter(action=LOGIN_FAILED, at__gte=max(start, since) if since else start)
    if username is not None:
        query = query.filter(target_id=username)
    if client is not None:
        query = query.filter(client=client)
    return await query.count()


async def count_actor_events(action: str, *, user_id: int, within: timedelta) -> int:
    """How many events `action` the user has caused in the last `within`: for limits on what one
    account may try in a day."""
    return await AuditEvent.filter(action=action, actor_user_id=user_id, at__gte=clock.now() - within).count()


async def last_event_at(action: str, *, target_type: str, target_id: str) -> datetime | None:
    """When the latest event `action` on that target was recorded (UTC), or None if there is none."""
    event = (
        await AuditEvent.filter(action=action, target_type=target_type, target_id=target_id)
        .order_by("-id")
        .first()
    )
    return event.at if event else None


@dataclass(frozen=True, slots=True)
class AuditFilter:
    action: str | None = None
    actor_user_id: int | None = None
    target_type: str | None = None
    target_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None


async def list_events(
    actor: Actor, *, first: int, after: int | None, filter: AuditFilter
) -> Page[AuditEvent]:
    """Newest first, within the actor's scope: prefecture admins see all, county admins their county.

    Callers have already checked that `actor` is an admin.
    """
    if not _fits_columns(filter):
        # Longer than its column: no event can match (and Tortoise would refuse the value).
        return Page(items=[], has_next_page=False, total_count=0)
    query = AuditEvent.all()
    counties = actor.admin_county_scope()
    if counties is not None:
        query = query.filter(county_code__in=sorted(counties))
    if filter.action:
        query = query.filter(action=filter.action)
    if filter.actor_user_id is not None:
        query = query.filter(actor_user_id=filter.actor_user_id)
    if filter.target_type:
        query = query.filter(target_type=filter.target_type)
    if filter.target_id:
        query = query.filter(target_id=filter.target_id)
    if filter.since:
        query = query.filter(at__gte=filter.since)
    if filter.until:
        query = query.filter(at__lt=filter.until)
    return await keyset_page(query, first=first, after=after, descending=True)


def _fits_columns(filter: AuditFilter) -> bool:
    return all(
        value is None or fits(AuditEvent, name, value)
        for name, value in (
            ("action", filter.action),
            ("target_type", filter.target_type),
            ("target_id", filter.target_id),
        )
    )


def can_see_event(actor: Actor, event: AuditEvent) -> bool:
    """Admins see the events of their counties; the prefecture sees all."""
    if not actor.is_admin:
        return False
    counties = actor.admin_county_scope()
    return counties is None or event.county_code in counties


async def events_by_ids(ids: list[int]) -> dict[int, AuditEvent]:
    """Rows for a DataLoader; callers decide what the viewer may see (`can_see_event`)."""
    return {e.id: e for e in await AuditEvent.filter(id__in=ids)}
