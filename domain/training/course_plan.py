"""What a course plan must satisfy before it is posted or edited: a pure rule, checked against the
moment `now` it is given (the clock's, so a pinned date agrees), never the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Final

from domain.errors import InvalidInput, in_row
from domain.training.errors import InvalidHours, InvalidSessions
from domain.training.ledger import tenths_of
from domain.training.vocabulary import DeliveryMode, HourCategory, ServiceField

MAX_CREDIT_TENTHS: Final = 2000  # 200 h: more than any one course awards
MAX_CAPACITY: Final = 20_000  # a course can seat a whole roster (`roster.MAX_ROWS` rows)
MAX_SESSIONS: Final = 100


@dataclass(frozen=True, slots=True)
class SessionPlan:
    starts_at: datetime
    ends_at: datetime
    location: str


@dataclass(frozen=True, slots=True)
class CoursePlan:
    title: str
    description: str
    service_field: ServiceField
    hour_category: HourCategory
    credit_hours: Decimal
    delivery_mode: DeliveryMode
    county_code: str
    capacity: int
    sessions: tuple[SessionPlan, ...]


def check_course_plan(plan: CoursePlan, *, now: datetime) -> int:
    """Everything about a course that can be checked without the database; its credit in tenths."""
    if not 0 < len(plan.title.strip()) <= 100:
        raise InvalidInput("课程名称不能为空，且不超过 100 个字", field="title")
    if len(plan.description) > 5000:
        raise InvalidInput("课程简介不超过 5000 字", field="description")
    credit = tenths_of(plan.credit_hours, field="creditHours")
    if credit <= 0:
        raise InvalidHours("课程学时须大于 0", field="creditHours")
    if credit > MAX_CREDIT_TENTHS:
        raise InvalidHours("单门课程学时不超过 200 学时", field="creditHours")
    if not 1 <= plan.capacity <= MAX_CAPACITY:
        raise InvalidInput(f"人数上限须在 1 到 {MAX_CAPACITY} 之间", field="capacity")
    if not plan.sessions:
        raise InvalidSessions("至少安排一个课次")
    if len(plan.sessions) > MAX_SESSIONS:
        raise InvalidSessions(f"课次不超过 {MAX_SESSIONS} 个")
    for index, session in enumerate(plan.sessions):
        with in_row("sessions", index):
            _check_session(session, index + 1, now=now)
    return credit


def _check_session(session: SessionPlan, number: int, *, now: datetime) -> None:
    if session.ends_at <= session.starts_at:
        raise InvalidSessions(f"第 {number} 个课次的结束时间须晚于开始时间", field="endsAt")
    if session.starts_at <= now:
        raise InvalidSessions(f"第 {number} 个课次的开始时间已过", field="startsAt")
    if not 0 < len(session.location.strip()) <= 200:
        raise InvalidSessions(f"第 {number} 个课次须填写地点", field="location")
