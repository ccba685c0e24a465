"""The year's sitting: dates, levels offered, fee per subject, pass mark, and sites with capacity."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final

from domain.access import Actor
from domain.audit import service as audit
from domain.errors import InvalidInput, in_row
from domain.exam.errors import SittingExists, SittingNotFound
from domain.exam.models import ExamSite, ExamSitting
from domain.exam.vocabulary import ExamLevel
from domain.money import InvalidAmount, to_fen
from domain.people import service as people
from domain.transaction import write_transaction

MAX_SITES: Final = 50
MAX_SITE_CAPACITY: Final = 100_000


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


def check_sitting_plan(plan: SittingPlan) -> tuple[int, int]:
    """Everything checkable without the database; the fee in fen and the pass mark in tenths."""
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
    for index, site in enumerate(plan.sites):
        number = index + 1
        with in_row("sites", index):
            if not 0 < len(site.name.strip()) <= 100:
                raise InvalidInput(f"第 {number} 个考点须有名称", field="name")
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
    1–100,000 seats. `fee_per_subject` is Decimal yuan, not negative, with at most two decimal places,
    stored as integer fen; `pass_mark` is Decimal points above 0 and at most 100, with at most one decimal
    place, stored as integer tenths (60 unless set).

    Writes one `ExamSitting`, its `ExamSite`s and the audit event `exam_sitting.created`, in one
    transaction.

    Raises:
        InvalidInput: a date, level, site, fee or pass mark out of bounds (its field named).
        UnknownCounty: a site's county is not a county of the prefecture (field `sites.<index>.countyCode`).
        SittingExists: the year already has a sitting.
    """
    fee, pass_mark = check_sitting_plan(plan)
    for index, site in enumerate(plan.sites):
        with in_row("sites", index):
            await people.check_county(site.county_code, field="countyCode")
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
        await ExamSite.bulk_create(
            [
                ExamSite(
                    sitting_id=sitting.id, name=s.name.strip(), county_id=s.county_code, capacity=s.capacity
                )
                for s in plan.sites
            ]
        )
        await audit.record(
            actor,
            "exam_sitting.created",
            target_type="ExamSitting",
            target_id=sitting.id,
            summary={"year": plan.year, "levels": sitting.levels, "sites": len(plan.sites)},
        )
    return sitting


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
