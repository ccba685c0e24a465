"""Objections during 公示 and their answers (DOMAIN.md §leading talent, step 6: "anyone may object; objections
are investigated and answered; an upheld objection removes the candidate").

- `file_objection`: anyone, signed in or not, objects to a candidate on notice, within that candidate's
  notice, leaving a contact for the answer; at most 5 an hour and 20 a day from one client address.
- `resolve_objection`: the prefecture admin upholds or dismisses an OPEN objection with a written answer.
  Upholding removes the candidate, closes the candidate's other open objections as upheld too (one
  finding settles them all), and, when the round says so, moves the next-ranked up with a full notice of
  their own (see `resolve_objection` for who that is).
- `list_objections`: the prefecture admin's list of a round's objections, a county admin's of those
  against the county's candidates, oldest first.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Final

from tortoise.backends.base.client import BaseDBAsyncClient

from domain import clock
from domain.access import Actor
from domain.audit import service as audit
from domain.errors import InvalidInput, OutOfScope
from domain.names import free_text, plain_text
from domain.paging import Page, keyset_page
from domain.people.errors import ReasonRequired
from domain.talent import calendar_days, steps, working_days
from domain.talent.errors import NotOnNotice, ObjectionNotFound, TooManyObjections, WrongRoundStatus
from domain.talent.models import (
    TalentApplication,
    TalentCountyQuota,
    TalentObjection,
    TalentRound,
)
from domain.talent.vocabulary import (
    MIN_NOTICE_WORKING_DAYS,
    ApplicationStatus,
    ObjectionStatus,
    RoundStatus,
)
from domain.talent.workflow import ROUND_NAMES, check_objection_move
from domain.transaction import write_transaction

__all__ = [
    "MAX_CONTACT_LENGTH",
    "MAX_PER_DAY",
    "MAX_PER_HOUR",
    "MAX_RESOLUTION_LENGTH",
    "MAX_TEXT_LENGTH",
    "MIN_TEXT_LENGTH",
    "SAME_CANDIDATE_RESOLUTION",
    "Resolution",
    "file_objection",
    "list_objections",
    "resolve_objection",
]

MIN_TEXT_LENGTH: Final = 10
MAX_TEXT_LENGTH: Final = 2000
MAX_CONTACT_LENGTH: Final = 100
MAX_RESOLUTION_LENGTH: Final = 2000
# Per client address (rolling windows): enough for anyone with something to say about several
# candidates, too few to bury the admin's list.
MAX_PER_HOUR: Final = 5
MAX_PER_DAY: Final = 20
# A phone number as people write it (landline with area code, mobile, with +86 or dashes) has at least
# seven digits.
MIN_CONTACT_DIGITS: Final = 7
SAME_CANDIDATE_RESOLUTION: Final = "同一人选的其他异议已成立，人选已取消，本件随之办结"
RESOLVE_ACTION: Final = "再次处理"


def _checked_text(raw: str) -> str:
    text = free_text(raw, paragraphs=True)
    # Letters and digits make the facts and reasons; ten emoji or punctuation marks are not an objection.
    if sum(unicodedata.category(char)[0] in "LN" for char in text) < MIN_TEXT_LENGTH:
        raise InvalidInput(f"异议内容至少 {MIN_TEXT_LENGTH} 个字，请写明所反映的事实和理由", field="text")
    if len(text) > MAX_TEXT_LENGTH:
        raise InvalidInput(f"异议内容不超过 {MAX_TEXT_LENGTH} 字", field="text")
    return text


def _checked_contact(raw: str) -> str:
    contact = plain_text(raw)
    if not contact:
        raise InvalidInput("请留下联系电话或电子邮箱，以便告知处理结果", field="contact")
    if len(contact) > MAX_CONTACT_LENGTH:
        raise InvalidInput(f"联系方式不超过 {MAX_CONTACT_LENGTH} 字", field="contact")
    local, at, domain_part = contact.partition("@")
    digits = sum(char.isdigit() for char in contact)
    if not ((at and local.strip() and domain_part.strip()) or digits >= MIN_CONTACT_DIGITS):
        raise InvalidInput("请填写能联系到您的电话号码或电子邮箱", field="contact")
    return contact


async def _serialise_client(connection: BaseDBAsyncClient, client: str | None) -> None:
    """Within the write transaction: objections from one client are counted and written one at a time,
    so a burst sent at once cannot all pass the count. On PostgreSQL a transaction-scoped advisory lock
    on the client; on SQLite `write_transaction` already holds the one write lock."""
    if connection.capabilities.dialect == "postgres":
        digest = hashlib.blake2b(f"talent_objection:{client}".encode(), digest_size=8).digest()
        await connection.execute_query(
            "SELECT pg_advisory_xact_lock($1)", [int.from_bytes(digest, "big", signed=True)]
        )


async def _check_rate(client: str | None) -> None:
    now = clock.now()
    recent = (
        TalentObjection.filter(client=client)
        if client is not None
        else TalentObjection.filter(client__isnull=True)
    )
    if await recent.filter(filed_at__gt=now - timedelta(hours=1)).count() >= MAX_PER_HOUR:
        raise TooManyObjections()
    if await recent.filter(filed_at__gt=now - timedelta(days=1)).count() >= MAX_PER_DAY:
        raise TooManyObjections(
            f"24 小时内提交的异议已达 {MAX_PER_DAY} 条，请明天再试；如情况紧急请直接联系州级主管部门"
        )


def _check_on_notice(application: TalentApplication | None, round_: TalentRound, today: date) -> None:
    if application is None or application.status is not ApplicationStatus.ON_NOTICE:
        raise NotOnNotice()
    starts_on = application.notice_starts_on or round_.notice_starts_on
    if starts_on is not None and today < starts_on:
        raise NotOnNotice(f"该人选的公示将于 {starts_on} 开始，开始后方可提出异议")
    if application.notice_ends_on is not None and today > application.notice_ends_on:
        raise NotOnNotice(f"该人选的公示期已于 {application.notice_ends_on} 结束，不能再提出异议")


async def file_objection(actor: Actor, application_id: int, text: str, contact: str) -> TalentObjection:
    """Anyone (`actor` may be anonymous) objects to a candidate on 公示.

    `text` is 10–2000 characters after normalising (`names.free_text` as paragraphs: line breaks
    kept); `contact` one line of at most 100 characters that reads as an e-mail address (something@
    something) or a phone number (at least 7 digits). The candidate must be ON_NOTICE and today within
    [round.notice_starts_on, the candidate's own notice_ends_on]. At most 5 objections an hour and 20 in
    24 hours from one client address (`actor.client`; actors without one count together), counted from
    the rows already filed, one client at a time.

    Writes, in one transaction: the `TalentObjection` (OPEN, with the client address and the signed-in
    user if any, filed now) and the audit event `talent.objection.filed` in the candidate's county (the
    text and contact are not copied into the audit trail).

    Raises:
        NotOnNotice: no such application, or not on notice (the same message, so nothing is told about
            applications that are not public), or outside its notice (the message gives the dates).
        InvalidInput: text or contact refused (fields `text`, `contact`).
        TooManyObjections: over the hourly or daily limit for the client.
    """
    text = _checked_text(text)
    contact = _checked_contact(contact)
    application = await TalentApplication.get_or_none(id=application_id)
    if application is None:
        raise NotOnNotice()
    round_ = await TalentRound.get(id=application.round_id)
    _check_on_notice(application, round_, clock.today())
    async with write_transaction() as connection:
        await _serialise_client(connection, actor.client)
        await _check_rate(actor.client)
        # Read again under the lock: the candidate may have been removed a moment ago.
        _check_on_notice(await TalentApplication.get_or_none(id=application_id), round_, clock.today())
        row = await TalentObjection.create(
            round_id=application.round_id,
            application_id=application.id,
            text=text,
            contact=contact,
            client=actor.client[:64] if actor.client else None,
            filed_by_user_id=actor.user_id,
            status=ObjectionStatus.OPEN,
            filed_at=clock.now(),
        )
        await audit.record(
            actor,
            "talent.objection.filed",
            target_type="TalentObjection",
            target_id=row.id,
            county_code=application.county_id,
            summary={"applicationId": application.id, "roundId": application.round_id},
        )
    return row


@dataclass(frozen=True, slots=True)
class Resolution:
    """What resolving an objection did: the objection and round as written; when upheld, the candidate
    removed, the candidate's other objections closed with it, and the application moved up (None: the
    round does not move anyone up, or no one is left who fits the quotas, so the place stays unfilled)."""

    objection: TalentObjection
    round: TalentRound
    removed: TalentApplication | None = None
    also_closed: list[TalentObjection] = field(default_factory=list)
    promoted: TalentApplication | None = None

    @property
    def place_left_unfilled(self) -> bool:
        return self.removed is not None and self.promoted is None


def _checked_resolution(raw: str) -> str:
    resolution = free_text(raw, paragraphs=True)
    if not resolution:
        raise ReasonRequired("请填写处理意见：异议是否成立及其理由", field="resolution")
    if len(resolution) > MAX_RESOLUTION_LENGTH:
        raise InvalidInput(f"处理意见不超过 {MAX_RESOLUTION_LENGTH} 字", field="resolution")
    return resolution


async def resolve_objection(actor: Actor, objection_id: int, *, upheld: bool, resolution: str) -> Resolution:
    """The prefecture admin answers an OPEN objection: upheld (异议成立) or dismissed (不成立), with a
    written `resolution` (1–2000 characters, normalised as objection text is).

    Dismissed writes the objection OPEN → DISMISSED (resolution, admin, time) and the audit event
    `talent.objection.resolved`.

    Upheld writes, in one transaction, besides that (→ UPHELD):
    - the candidate ON_NOTICE → REMOVED, `within_quota` false, with a `TalentApplicationStep` carrying
      the resolution, and the audit event `talent.application.removed`;
    - the candidate's other OPEN objections → CLOSED with SAME_CANDIDATE_RESOLUTION: their subject is
      settled and a removed candidate can no longer be objected to, but no one examined them, so they
      are not recorded as upheld;
    - when `round.promote_next_on_upheld`: the best-ranked NOT_SELECTED application (rank, then id;
      unranked never) whose county is under its county quota, counting the county's candidates
      ON_NOTICE (a county without a quota row is held only to the total), while the candidates ON_NOTICE
      are fewer than the total quota, moves NOT_SELECTED → ON_NOTICE, `within_quota` true, with a full
      notice of its own: `notice_ends_on` = the round's `notice_working_days`th working day counted from
      the first working day after today; the round's `notice_ends_on` becomes the later of its own and
      that, so approval waits for it. A step and the audit event `talent.application.promoted` record
      it. No one fits: the place stays unfilled (`Resolution.place_left_unfilled`).

    Raises:
        OutOfScope: the actor is not the prefecture admin.
        ObjectionNotFound: no such objection.
        ReasonRequired: no resolution (field `resolution`); InvalidInput: one over 2000 characters.
        ObjectionAlreadyResolved: the objection is not OPEN (the message says how it was resolved), also
            when another admin resolved it a moment earlier.
        WrongApplicationStatus, WrongRoundStatus: upheld, and the candidate is no longer on notice or the
            round no longer ON_NOTICE.
    """
    if not actor.is_prefecture_admin:
        raise OutOfScope("只有州级管理员可以处理公示异议")
    resolution = _checked_resolution(resolution)
    objection = await TalentObjection.get_or_none(id=objection_id)
    if objection is None:
        raise ObjectionNotFound()
    target = ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED
    check_objection_move(objection.status, target, RESOLVE_ACTION)
    now = clock.now()
    removed: TalentApplication | None = None
    also_closed: list[TalentObjection] = []
    promoted: TalentApplication | None = None
    async with write_transaction():
        # One resolution of a round at a time (PostgreSQL; SQLite's write lock is already held): the
        # quota counts and the choice of whom to move up must not interleave with another's.
        round_ = await TalentRound.filter(id=objection.round_id).select_for_update().get()
        moved = await TalentObjection.filter(id=objection.id, status=ObjectionStatus.OPEN).update(
            status=target, resolution=resolution, resolved_by_user_id=actor.user_id, resolved_at=now
        )
        if not moved:
            current = await TalentObjection.get(id=objection.id)
            check_objection_move(current.status, target, RESOLVE_ACTION)
        application = await TalentApplication.get(id=objection.application_id)
        if upheld:
            if round_.status is not RoundStatus.ON_NOTICE:
                raise WrongRoundStatus(f"选拔轮次{ROUND_NAMES[round_.status]}，异议不能再认定成立")
            removed = await _remove(actor, application, resolution)
            also_closed = await _close_others(actor, objection, now)
            if round_.promote_next_on_upheld:
                promoted = await _promote_next(actor, round_)
        await audit.record(
            actor,
            "talent.objection.resolved",
            target_type="TalentObjection",
            target_id=objection.id,
            county_code=application.county_id,
            summary={
                "applicationId": application.id,
                "upheld": upheld,
                "resolution": resolution,
                **({"alsoUpheld": [row.id for row in also_closed]} if also_closed else {}),
                **({"promotedApplicationId": promoted.id} if promoted else {}),
                **({"placeLeftUnfilled": True} if upheld and promoted is None else {}),
            },
        )
    return Resolution(
        objection=await TalentObjection.get(id=objection.id),
        round=await TalentRound.get(id=round_.id),
        removed=removed,
        also_closed=also_closed,
        promoted=promoted,
    )


async def _remove(actor: Actor, application: TalentApplication, resolution: str) -> TalentApplication:
    return await steps.move_application(
        actor,
        application,
        ApplicationStatus.REMOVED,
        action="removed",
        refusal="取消人选资格",
        comment=f"公示异议成立：{resolution}",
        summary={"rank": application.rank},
        within_quota=False,
    )


async def _close_others(actor: Actor, upheld: TalentObjection, now: datetime) -> list[TalentObjection]:
    others = TalentObjection.filter(
        application_id=upheld.application_id, status=ObjectionStatus.OPEN
    ).exclude(id=upheld.id)
    ids = [row.id for row in await others.order_by("id")]
    if not ids:
        return []
    await TalentObjection.filter(id__in=ids, status=ObjectionStatus.OPEN).update(
        status=ObjectionStatus.CLOSED,
        resolution=SAME_CANDIDATE_RESOLUTION,
        resolved_by_user_id=actor.user_id,
        resolved_at=now,
    )
    return list(await TalentObjection.filter(id__in=ids).order_by("id"))


async def _promote_next(actor: Actor, round_: TalentRound) -> TalentApplication | None:
    """The best-ranked NOT_SELECTED application that fits the quotas, moved up; None if no one fits."""
    on_notice = await TalentApplication.filter(
        round_id=round_.id, status=ApplicationStatus.ON_NOTICE
    ).values_list("county_id", flat=True)
    if len(on_notice) >= round_.quota:
        return None
    per_county: dict[str, int] = {}
    for county in on_notice:
        per_county[str(county)] = per_county.get(str(county), 0) + 1
    quotas = dict(await TalentCountyQuota.filter(round_id=round_.id).values_list("county_id", "quota"))
    waiting = await TalentApplication.filter(
        round_id=round_.id, status=ApplicationStatus.NOT_SELECTED, rank__isnull=False
    ).order_by("rank", "id")
    chosen = next(
        (
            row
            for row in waiting
            if row.county_id not in quotas or per_county.get(row.county_id, 0) < quotas[row.county_id]
        ),
        None,
    )
    if chosen is None:
        return None
    today = clock.today()
    overrides = await calendar_days.overrides_from(today)
    # A full notice of their own, from the first working day after today (DOMAIN.md step 6: the public
    # must have the whole term to object to the newcomer).
    term = round_.notice_working_days or MIN_NOTICE_WORKING_DAYS
    ends_on = working_days.nth_working_day(today + timedelta(days=1), term, overrides)
    first = working_days.first_working_day(today + timedelta(days=1), overrides)
    promoted = await steps.move_application(
        actor,
        chosen,
        ApplicationStatus.ON_NOTICE,
        action="promoted",
        refusal="递补公示",
        comment=f"递补：原人选因公示异议成立取消；公示 {first} 至 {ends_on}",
        summary={
            "rank": chosen.rank,
            "noticeStartsOn": first.isoformat(),
            "noticeEndsOn": ends_on.isoformat(),
        },
        within_quota=True,
        notice_starts_on=first,
        notice_ends_on=ends_on,
    )
    if round_.notice_ends_on is None or ends_on > round_.notice_ends_on:
        await TalentRound.filter(id=round_.id, status=RoundStatus.ON_NOTICE).update(notice_ends_on=ends_on)
    return promoted


async def list_objections(
    actor: Actor, round_id: int, *, first: int, after: int | None, status: ObjectionStatus | None
) -> Page[TalentObjection]:
    """A round's objections, oldest first (keyset-paged by id: `first` 1–100 after the id `after`):
    every one for the prefecture admin, those against the county's candidates for a county admin.
    A round that does not exist lists nothing.

    Raises:
        OutOfScope: the actor is not an admin.
        InvalidInput: `first` out of bounds (field `first`).
    """
    if not actor.is_admin:
        raise OutOfScope()
    query = TalentObjection.filter(round_id=round_id)
    scope = actor.admin_county_scope()
    if scope is not None:
        query = query.filter(application__county_id__in=sorted(scope))
    if status is not None:
        query = query.filter(status=status)
    return await keyset_page(query, first=first, after=after)
