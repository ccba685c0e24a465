"""The year's sitting: dates, levels offered, fee per subject, pass mark, and sites with capacity."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import Final

from tortoise.exceptions import IntegrityError

from domain import clock
from domain.access import Actor
from domain.audit import service as audit
from domain.errors import InvalidInput, in_row
from domain.exam.errors import (
    DuplicateSiteName,
    ExamDatePassed,
    SittingExists,
    SittingHasRegistrations,
    SittingLocked,
    SittingNotFound,
)
from domain.exam.models import ExamRegistration, ExamSite, ExamSitting
from domain.exam.vocabulary import ExamLevel
from domain.money import InvalidAmount, from_fen, to_fen
from domain.people import service as people
from domain.transaction import write_transaction

MAX_SITES: Final = 50
MAX_SITE_CAPACITY: Final = 100_000
MAX_REASON: Final = 500


@dataclass(frozen=True, slots=True)
class SitePlan:
    name: str
    county_code: str
    capacity: int


@dataclass(frozen=True, slots=True)
class SittingPlan:
    year: int
    exam_date: date
    registration_opens_on: date
    registration_closes_on: date
    levels: tuple[ExamLevel, ...]
    sites: tuple[SitePlan, ...]
    fee_per_subject: Decimal
    pass_mark: Decimal = Decimal(60)


def site_name(name: str) -> str:
    """A site's name as stored: NFKC (full-width letters and digits as ASCII), spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", name).split())


def site_name_key(name: str) -> str:
    """What two site names are compared by: NFKC, case folded, without spaces, so "一中 A 区",
    "一中a区" and "一中Ａ区" are one site."""
    return "".join(unicodedata.normalize("NFKC", name).casefold().split())


def check_sitting_plan(plan: SittingPlan) -> tuple[int, int]:
    """Everything checkable without the database; the fee in fen and the pass mark in tenths.

    Site names are unique within the sitting (`site_name_key`): candidates choose a site by its name."""
    if not 2000 <= plan.year <= 2100:
        raise InvalidInput("年份不合理", field="year")
    if plan.exam_date.year != plan.year:
        raise InvalidInput("考试日期须在当年", field="examDate")
    if not plan.registration_opens_on <= plan.registration_closes_on < plan.exam_date:
        raise InvalidInput("报名须在考试前开始和截止，且开始不晚于截止", field="registrationClosesOn")
    if not plan.levels or len(set(plan.levels)) != len(plan.levels):
        raise InvalidInput("至少开设一个级别，且不能重复", field="levels")
    if not 0 < len(plan.sites) <= MAX_SITES:
        raise InvalidInput(f"考点须有 1 到 {MAX_SITES} 个", field="sites")
    seen: set[str] = set()
    for index, site in enumerate(plan.sites):
        number = index + 1
        with in_row("sites", index):
            if not 0 < len(site_name(site.name)) <= 100:
                raise InvalidInput(f"第 {number} 个考点须有名称", field="name")
            key = site_name_key(site.name)
            if key in seen:
                raise DuplicateSiteName(site_name(site.name))
            seen.add(key)
            if not 1 <= site.capacity <= MAX_SITE_CAPACITY:
                raise InvalidInput(
                    f"第 {number} 个考点的容量须在 1 到 {MAX_SITE_CAPACITY} 之间", field="capacity"
                )
    try:
        fee = to_fen(plan.fee_per_subject)
    except InvalidAmount as exc:
        raise InvalidInput(str(exc), field="feePerSubject") from None
    if fee < 0:
        raise InvalidInput("每科考试费不能为负数", field="feePerSubject")
    pass_mark = plan.pass_mark * 10
    if pass_mark != pass_mark.to_integral_value() or not 0 < pass_mark <= 1000:
        raise InvalidInput("合格线须在 0 到 100 分之间，最多一位小数", field="passMark")
    return fee, int(pass_mark)


async def create_sitting(actor: Actor, plan: SittingPlan) -> ExamSitting:
    """The prefecture sets up the year's sitting: dates, levels offered, fee, pass mark and sites.

    Callers have checked that `actor` is a prefecture admin. One sitting a year (DOMAIN.md, The national
    exam): `plan.year` is 2000–2100 and `exam_date` falls in it; registration opens no later than it
    closes, and closes before the exam date (all Asia/Shanghai business dates). `levels` are at least one,
    without repeats. `sites` are 1–50, each named (1–100 characters), in a county of the prefecture, with
    1–100,000 seats; site names are stored NFKC with spaces collapsed and are unique within the sitting
    ignoring case and spaces. The exam date is not before today (`domain.clock`).
    `fee_per_subject` is Decimal yuan, not negative, with at most two decimal places,
    stored as integer fen; `pass_mark` is Decimal points above 0 and at most 100, with at most one decimal
    place, stored as integer tenths (60 unless set).

    Writes one `ExamSitting`, its `ExamSite`s and the audit event `exam_sitting.created`, in one
    transaction.

    Raises:
        InvalidInput: a date, level, site, fee or pass mark out of bounds (its field named).
        DuplicateSiteName: two sites with the same name (field `sites.<index>.name`, the second).
        ExamDatePassed: the exam date is before today.
        InvalidInput: registration closes before today, or (a correction) opens before today.
        UnknownCounty: a site's county is not a county of the prefecture (field `sites.<index>.countyCode`).
        SittingExists: the year already has a sitting.
    """
    fee, pass_mark = check_sitting_plan(plan)
    check_exam_date_ahead(plan)
    await _check_counties(plan)
    if await ExamSitting.exists(year=plan.year):
        raise SittingExists(plan.year)
    async with write_transaction():
        sitting = await ExamSitting.create(
            year=plan.year,
            exam_date=plan.exam_date,
            registration_opens_on=plan.registration_opens_on,
            registration_closes_on=plan.registration_closes_on,
            levels=",".join(level.value for level in plan.levels),
            fee_per_subject_fen=fee,
            pass_mark_tenths=pass_mark,
        )
        await _create_sites(sitting, plan.sites)
        await audit.record(
            actor,
            "exam_sitting.created",
            target_type="ExamSitting",
            target_id=sitting.id,
            summary={"year": plan.year, "levels": sitting.levels, "sites": len(plan.sites)},
        )
    return sitting


def check_exam_date_ahead(plan: SittingPlan, *, correcting: bool = False) -> None:
    """No sitting whose exam date has passed (DOMAIN.md, order of events): the exam date is today or later
    (Asia/Shanghai, `domain.clock`), and registration has not closed already, or nobody could ever
    register. A correction (allowed only before registration opens) may not move the opening before
    today either: the sitting would lock the moment it is saved, with nobody having registered.

    Raises:
        ExamDatePassed: the exam date is before today.
        InvalidInput: registration closes before today, or (a correction) opens before today.
        InvalidInput: registration closes before today (field `registrationClosesOn`), or a correction
            opens it before today (field `registrationOpensOn`).
    """
    today = clock.today()
    if plan.exam_date < today:
        raise ExamDatePassed(plan.exam_date)
    if plan.registration_closes_on < today:
        raise InvalidInput(
            f"报名截止日 {plan.registration_closes_on.isoformat()} 已过：报名须在今天或以后截止",
            field="registrationClosesOn",
        )
    if correcting and plan.registration_opens_on < today:
        raise InvalidInput(
            f"报名开始日 {plan.registration_opens_on.isoformat()} 早于今天：改后考试安排会立即锁定，"
            "报名开始日须为今天或以后",
            field="registrationOpensOn",
        )


async def _check_counties(plan: SittingPlan) -> None:
    for index, site in enumerate(plan.sites):
        with in_row("sites", index):
            await people.check_county(site.county_code, field="countyCode")


async def _create_sites(sitting: ExamSitting, sites: tuple[SitePlan, ...]) -> None:
    await ExamSite.bulk_create(
        [
            ExamSite(
                sitting_id=sitting.id, name=site_name(s.name), county_id=s.county_code, capacity=s.capacity
            )
            for s in sites
        ]
    )


@dataclass(frozen=True, slots=True)
class SittingCorrection:
    """What `update_sitting` changes: None leaves a value as it is; `sites` replaces every site."""

    exam_date: date | None = None
    registration_opens_on: date | None = None
    registration_closes_on: date | None = None
    levels: tuple[ExamLevel, ...] | None = None
    sites: tuple[SitePlan, ...] | None = None
    fee_per_subject: Decimal | None = None
    pass_mark: Decimal | None = None


async def _sites_of(sitting: ExamSitting) -> tuple[SitePlan, ...]:
    rows = await ExamSite.filter(sitting_id=sitting.id).order_by("id")
    return tuple(SitePlan(row.name, row.county_id, row.capacity) for row in rows)


async def update_sitting(actor: Actor, sitting_id: int, correction: SittingCorrection) -> ExamSitting:
    """The prefecture corrects a sitting (dates, levels, sites, fee, pass mark) until its registration opens.

    Callers have checked that `actor` is a prefecture admin. Allowed while today (Asia/Shanghai,
    `domain.clock`) is before `registration_opens_on`, so no candidate has seen the sitting's terms yet;
    the year stays. The corrected sitting is checked whole as `create_sitting` checks a new one (the
    merged dates in order and in the year, the exam date not passed, sites 1–50 with unique names, in
    counties of the prefecture, fee and pass mark in bounds). Given `sites` replace all the sitting's
    sites (new ids): nobody has registered at them yet.

    Writes, in one transaction: the sitting's changed columns, its sites when given, and the audit event
    `exam_sitting.updated` naming the changed fields.

    Raises:
        SittingNotFound: no such sitting.
        SittingLocked: registration has opened (today is on or after `registration_opens_on`).
        InvalidInput, UnknownCounty, DuplicateSiteName: as for `create_sitting`.
        ExamDatePassed: the exam date is before today.
        InvalidInput: registration closes before today, or (a correction) opens before today.
        SittingHasRegistrations: the sitting has registrations (only by a clock moved back).
    """
    sitting = await get_sitting(sitting_id)
    if clock.today() >= sitting.registration_opens_on:
        raise SittingLocked(sitting.registration_opens_on)
    c = correction
    plan = SittingPlan(
        year=sitting.year,
        exam_date=c.exam_date or sitting.exam_date,
        registration_opens_on=c.registration_opens_on or sitting.registration_opens_on,
        registration_closes_on=c.registration_closes_on or sitting.registration_closes_on,
        levels=levels_of(sitting) if c.levels is None else c.levels,
        sites=await _sites_of(sitting) if c.sites is None else c.sites,
        fee_per_subject=from_fen(sitting.fee_per_subject_fen)
        if c.fee_per_subject is None
        else c.fee_per_subject,
        pass_mark=Decimal(sitting.pass_mark_tenths) / 10 if c.pass_mark is None else c.pass_mark,
    )
    changed = sorted(f.name for f in fields(correction) if getattr(correction, f.name) is not None)
    fee, pass_mark = check_sitting_plan(plan)
    check_exam_date_ahead(plan, correcting=True)
    if correction.sites is not None:
        await _check_counties(plan)
    async with write_transaction():
        if correction.sites is not None:
            registered = await ExamRegistration.filter(sitting_id=sitting.id).count()
            if registered:
                raise SittingHasRegistrations(registered)
            await ExamSite.filter(sitting_id=sitting.id).delete()
            await _create_sites(sitting, plan.sites)
        sitting.exam_date = plan.exam_date
        sitting.registration_opens_on = plan.registration_opens_on
        sitting.registration_closes_on = plan.registration_closes_on
        sitting.levels = ",".join(level.value for level in plan.levels)
        sitting.fee_per_subject_fen = fee
        sitting.pass_mark_tenths = pass_mark
        await sitting.save()
        await audit.record(
            actor,
            "exam_sitting.updated",
            target_type="ExamSitting",
            target_id=sitting.id,
            summary={"year": sitting.year, "changed": changed},
        )
    return sitting


async def cancel_sitting(actor: Actor, sitting_id: int, reason: str) -> int:
    """The prefecture cancels a sitting nobody has registered for; returns the cancelled sitting's id.

    Callers have checked that `actor` is a prefecture admin. `reason` is 1–500 characters. A sitting with
    any registration, live or not (withdrawn and rejected ones are the candidates' history), is kept. The
    year is then free for a new sitting.

    Writes, in one transaction: deletes the sitting and its sites, and records the audit event
    `exam_sitting.cancelled` with the year, the dates and the reason (the record of what was cancelled).

    Raises:
        SittingNotFound: no such sitting.
        InvalidInput: the reason is empty or longer than 500 characters (field `reason`).
        SittingHasRegistrations: someone has registered for the sitting, even if since withdrawn.
    """
    reason = reason.strip()
    if not 0 < len(reason) <= MAX_REASON:
        raise InvalidInput(f"请填写取消原因（不超过 {MAX_REASON} 字）", field="reason")
    sitting = await get_sitting(sitting_id)
    try:
        async with write_transaction():
            registered = await ExamRegistration.filter(sitting_id=sitting.id).count()
            if registered:
                raise SittingHasRegistrations(registered)
            await audit.record(
                actor,
                "exam_sitting.cancelled",
                target_type="ExamSitting",
                target_id=sitting.id,
                summary={
                    "year": sitting.year,
                    "examDate": sitting.exam_date.isoformat(),
                    "registrationOpensOn": sitting.registration_opens_on.isoformat(),
                    "reason": reason,
                },
            )
            await ExamSite.filter(sitting_id=sitting.id).delete()
            await sitting.delete()
    except IntegrityError:  # a registration raced in after the count (PostgreSQL): the sitting stays
        raise SittingHasRegistrations(1) from None
    return sitting_id


def levels_of(sitting: ExamSitting) -> tuple[ExamLevel, ...]:
    return tuple(ExamLevel(value) for value in sitting.levels.split(",") if value)


async def get_sitting_or_none(sitting_id: int) -> ExamSitting | None:
    return await ExamSitting.get_or_none(id=sitting_id)


async def get_sitting(sitting_id: int) -> ExamSitting:
    sitting = await ExamSitting.get_or_none(id=sitting_id)
    if sitting is None:
        raise SittingNotFound()
    return sitting


async def list_sittings(year: int | None) -> list[ExamSitting]:
    query = ExamSitting.all()
    if year is not None:
        query = query.filter(year=year)
    return await query.order_by("-year")


async def sittings_by_ids(ids: list[int]) -> dict[int, ExamSitting]:
    """Rows for a DataLoader; sittings are public."""
    return {s.id: s for s in await ExamSitting.filter(id__in=ids)}


async def sites_by_sitting_ids(ids: list[int]) -> dict[int, list[ExamSite]]:
    result: dict[int, list[ExamSite]] = {i: [] for i in ids}
    for site in await ExamSite.filter(sitting_id__in=ids).order_by("id"):
        result[site.sitting_id].append(site)
    return result


async def sites_by_ids(ids: list[int]) -> dict[int, ExamSite]:
    return {s.id: s for s in await ExamSite.filter(id__in=ids)}
