"""A leading talent's cultivation as pure rules (DOMAIN.md §The 彝乡 leading-talent programme, steps 8–9):
the funding plan in yearly tranches, which calendar year may be assessed next, and the title's history in
date order. No ORM, no I/O: `domain.talent.approval` and `domain.talent.cultivation` read and write.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Final

from domain.clock import add_years
from domain.money import from_fen
from domain.talent.errors import InvalidAssessmentYear
from domain.talent.vocabulary import (
    GRADE_NAMES,
    AssessmentGrade,
    RevocationCause,
    TalentStatus,
    TrancheStatus,
)

# Why a title is revoked, as its history says it (DOMAIN.md step 9).
CAUSE_NAMES: Final[dict[RevocationCause, str]] = {
    RevocationCause.FRAUD: "弄虚作假",
    RevocationCause.VIOLATION: "违法违纪",
    RevocationCause.ASSESSMENT_FAILED: "年度考核不合格",
    RevocationCause.LEFT_POST: "离开社会工作岗位",
}


def split_funding(total_fen: int, years: int) -> list[int]:
    """The amounts (integer fen) of the `years` yearly tranches of `total_fen`: equal whole fen, the
    remainder on the first tranche (it is paid on approval), so they add up to `total_fen` exactly.

    No funding (0 fen) is no plan: an empty list, nothing to release or stop (the round's default,
    vocabulary.DEFAULT_FUNDING_FEN). Raises ValueError for fewer than one year or negative funding:
    the round's own checks keep both out.
    """
    if years < 1:
        raise ValueError(f"a cultivation period of {years} years has no tranches")
    if total_fen < 0:
        raise ValueError(f"funding of {total_fen} fen is negative")
    if total_fen == 0:
        return []
    share, remainder = divmod(total_fen, years)
    return [share + remainder, *([share] * (years - 1))]


def assessment_years(awarded_on: date, cultivation_years: int) -> range:
    """The calendar years assessed: from the year after the award to the end of the period (the last
    is the final assessment, step 8)."""
    first = awarded_on.year + 1
    return range(first, first + cultivation_years)


def check_assessment_year(
    year: int, *, awarded_on: date, cultivation_years: int, recorded: Collection[int], today: date
) -> bool:
    """Check that `year` may be assessed now, and say whether it is the final assessment.

    `recorded` are the years already assessed (a year among them is the caller's to answer: the same
    grade again is a retry, another grade a refusal). The rule: a year of `assessment_years`, once the
    cultivation year it closes has ended (year Y is the k-th, k = Y − the award's year, which ends the day
    before the k-th anniversary of the award: an annual assessment looks back on a whole year, and the
    final one is not taken before the period ends), and in order (the previous year recorded first).

    Raises:
        InvalidAssessmentYear: outside the period (the message gives the range), its cultivation year not
            yet over (the message gives the first day it may be recorded), or not the next year to
            assess (the message names it).
    """
    years = assessment_years(awarded_on, cultivation_years)
    if year not in years:
        raise InvalidAssessmentYear(
            f"考核年度须在 {years[0]} 至 {years[-1]} 年之间（{awarded_on.year} 年授予称号，"
            f"培养期 {cultivation_years} 年，最后一年为期满考核）"
        )
    ordinal = year - awarded_on.year
    assessable_from = add_years(awarded_on, ordinal)
    if today < assessable_from:
        year_ends_on = assessable_from - timedelta(days=1)
        raise InvalidAssessmentYear(
            f"{year} 年度考核针对第 {ordinal} 个培养年度（至 {year_ends_on.isoformat()}），"
            f"{assessable_from.isoformat()} 起方可录入（今天是 {today.isoformat()}）"
        )
    expected = next((y for y in years if y not in recorded), None)
    if year != expected:
        raise InvalidAssessmentYear(f"请按年度顺序录入考核：下一个应录入的是 {expected} 年度")
    return year == years[-1]


class TalentEventKind(StrEnum):
    """What happened to a title, as its history lists it."""

    AWARDED = "AWARDED"  # 授予称号
    ASSESSED = "ASSESSED"  # 年度考核
    TRANCHE_RELEASED = "TRANCHE_RELEASED"  # 拨付一期培养经费
    TRANCHE_STOPPED = "TRANCHE_STOPPED"  # 停止拨付一期培养经费
    COMPLETED = "COMPLETED"  # 培养期满
    REVOKED = "REVOKED"  # 撤销称号


@dataclass(frozen=True, slots=True)
class AssessmentFact:
    year: int
    grade: AssessmentGrade
    on: date  # the business date it was recorded


@dataclass(frozen=True, slots=True)
class TrancheFact:
    ordinal: int
    amount_fen: int
    status: TrancheStatus
    decided_on: date | None


@dataclass(frozen=True, slots=True)
class TalentEvent:
    on: date
    kind: TalentEventKind
    detail: str


# Within one day: the award, then each assessment and what it released or stopped, then the end.
_ORDER: Final = {kind: index for index, kind in enumerate(TalentEventKind)}


def talent_history(
    *,
    awarded_on: date,
    final_year: int,
    status: TalentStatus,
    revoked_on: date | None,
    revocation_cause: RevocationCause | None,
    assessments: Sequence[AssessmentFact],
    tranches: Sequence[TrancheFact],
) -> list[TalentEvent]:
    """A title's history in date order: awarded, each assessment, each tranche released or stopped, its
    completion (the final assessment, of `final_year`, passed: dated by it) and its revocation (a title
    revoked after completion shows both). Planned tranches are not events yet. The revocation's cause is
    named; its written reason is not part of the history (it is shown where its readers are checked)."""
    events = [TalentEvent(awarded_on, TalentEventKind.AWARDED, "授予彝乡专业社会工作领军人才称号")]
    for a in assessments:
        events.append(
            TalentEvent(a.on, TalentEventKind.ASSESSED, f"{a.year} 年度考核：{GRADE_NAMES[a.grade]}")
        )
        if a.year == final_year and a.grade is not AssessmentGrade.FAIL:
            events.append(TalentEvent(a.on, TalentEventKind.COMPLETED, "培养期满，期满考核合格"))
    for t in tranches:
        amount = f"第 {t.ordinal} 期培养经费 {from_fen(t.amount_fen)} 元"
        if t.status is TrancheStatus.RELEASED and t.decided_on is not None:
            events.append(TalentEvent(t.decided_on, TalentEventKind.TRANCHE_RELEASED, f"{amount}已拨付"))
        elif t.status is TrancheStatus.STOPPED and t.decided_on is not None:
            events.append(TalentEvent(t.decided_on, TalentEventKind.TRANCHE_STOPPED, f"{amount}停止拨付"))
    if status is TalentStatus.REVOKED and revoked_on is not None:
        detail = f"称号撤销（{CAUSE_NAMES[revocation_cause]}）" if revocation_cause else "称号撤销"
        events.append(TalentEvent(revoked_on, TalentEventKind.REVOKED, detail))
    return sorted(events, key=lambda e: (e.on, _ORDER[e.kind]))
