"""Where a round, an application, a reviewer's assignment, an objection and a title may go from each status
(DOMAIN.md §The 彝乡 leading-talent programme, steps 1–9). Each table fits on one screen; the services move a
row only along them, by a conditional update on the status they read, and `check_move` words the refusal.

Round: calling (applications and county review) → expert scoring → ranked → public notice → approved.
Application: a recommendation waits for the person's confirmation (declined, or taken back by the
employer, it leaves the person free to apply themselves); a draft is edited until submitted and again
after a county RETURN; the county passes or rejects (a returned one not resubmitted may be rejected, so
expert scoring need not wait for it for ever); closing the scoring shortlists those within the
quotas; the notice puts the shortlist on public view; an upheld objection removes one (and may move the
next-ranked up from NOT_SELECTED); approval makes the rest leading talents.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Final, TypeVar

from domain.talent.errors import (
    ObjectionAlreadyResolved,
    WrongApplicationStatus,
    WrongRoundStatus,
    WrongTalentStatus,
)
from domain.talent.vocabulary import ApplicationStatus as A
from domain.talent.vocabulary import AssignmentStatus as G
from domain.talent.vocabulary import ObjectionStatus as O
from domain.talent.vocabulary import RoundStatus as R
from domain.talent.vocabulary import TalentStatus as T

ROUND_MOVES: Final[Mapping[R, frozenset[R]]] = {
    R.CALLING: frozenset({R.SCORING}),
    R.SCORING: frozenset({R.RANKED}),
    R.RANKED: frozenset({R.ON_NOTICE}),
    R.ON_NOTICE: frozenset({R.APPROVED}),
    R.APPROVED: frozenset(),
}

APPLICATION_MOVES: Final[Mapping[A, frozenset[A]]] = {
    A.RECOMMENDED: frozenset({A.DRAFT, A.DECLINED}),
    A.DECLINED: frozenset({A.DRAFT, A.SUBMITTED, A.RECOMMENDED}),
    A.DRAFT: frozenset({A.SUBMITTED, A.WITHDRAWN}),
    A.SUBMITTED: frozenset({A.COUNTY_PASSED, A.RETURNED, A.REJECTED}),
    A.RETURNED: frozenset({A.SUBMITTED, A.WITHDRAWN, A.REJECTED}),
    A.COUNTY_PASSED: frozenset({A.SHORTLISTED, A.NOT_SELECTED}),
    A.SHORTLISTED: frozenset({A.ON_NOTICE}),
    A.NOT_SELECTED: frozenset({A.ON_NOTICE}),
    A.ON_NOTICE: frozenset({A.APPROVED, A.REMOVED}),
    A.REJECTED: frozenset(),
    A.WITHDRAWN: frozenset(),
    A.REMOVED: frozenset(),
    A.APPROVED: frozenset(),
}

ASSIGNMENT_MOVES: Final[Mapping[G, frozenset[G]]] = {
    G.ASSIGNED: frozenset({G.SCORED, G.CONFLICT_DECLARED, G.EXCUSED}),
    G.SCORED: frozenset(),
    G.CONFLICT: frozenset(),
    G.CONFLICT_DECLARED: frozenset(),
    G.EXCUSED: frozenset(),
}

OBJECTION_MOVES: Final[Mapping[O, frozenset[O]]] = {
    O.OPEN: frozenset({O.UPHELD, O.DISMISSED, O.CLOSED}),
    O.UPHELD: frozenset(),
    O.DISMISSED: frozenset(),
    O.CLOSED: frozenset(),
}

TALENT_MOVES: Final[Mapping[T, frozenset[T]]] = {
    T.CULTIVATING: frozenset({T.COMPLETED, T.REVOKED}),
    T.COMPLETED: frozenset({T.REVOKED}),
    T.REVOKED: frozenset(),
}

# How each status reads in a refusal ("该申报已提交、待县级初审，不能修改"). One map per machine: the enums
# are StrEnums, and equal values of two machines (ON_NOTICE, APPROVED) would be one key of a shared map.
ROUND_NAMES: Final[Mapping[R, str]] = {
    R.CALLING: "征集中",
    R.SCORING: "专家评审中",
    R.RANKED: "评审已结束、待公示",
    R.ON_NOTICE: "公示中",
    R.APPROVED: "已批准",
}
APPLICATION_NAMES: Final[Mapping[A, str]] = {
    A.RECOMMENDED: "由单位推荐、待本人确认",
    A.DECLINED: "推荐未被接受或已撤回",
    A.DRAFT: "尚为草稿",
    A.SUBMITTED: "已提交、待县级初审",
    A.RETURNED: "已退回修改",
    A.REJECTED: "县级初审未通过",
    A.WITHDRAWN: "已撤回",
    A.COUNTY_PASSED: "县级初审已通过",
    A.SHORTLISTED: "评审排名在名额内",
    A.NOT_SELECTED: "评审排名在名额外",
    A.ON_NOTICE: "公示中",
    A.REMOVED: "因异议成立已取消",
    A.APPROVED: "已批准",
}
ASSIGNMENT_NAMES: Final[Mapping[G, str]] = {
    G.ASSIGNED: "待评分",
    G.SCORED: "已评分",
    G.CONFLICT: "因同一单位回避",
    G.CONFLICT_DECLARED: "已申明回避",
    G.EXCUSED: "已准予免评",
}
OBJECTION_NAMES: Final[Mapping[O, str]] = {
    O.OPEN: "待处理",
    O.UPHELD: "异议成立",
    O.DISMISSED: "异议不成立",
    O.CLOSED: "随同一人选的其他异议办结",
}
TALENT_NAMES: Final[Mapping[T, str]] = {
    T.CULTIVATING: "培养期内",
    T.COMPLETED: "培养期满",
    T.REVOKED: "已撤销",
}

S = TypeVar("S", bound=StrEnum)


def can_move(table: Mapping[S, frozenset[S]], current: S, to: S) -> bool:
    """Whether `table` allows `current` → `to`."""
    return to in table[current]


def status_name(status: R | A | G | O | T) -> str:
    """The Chinese name of a status of any of the five machines, as refusals say it."""
    if isinstance(status, R):
        return ROUND_NAMES[status]
    if isinstance(status, A):
        return APPLICATION_NAMES[status]
    if isinstance(status, G):
        return ASSIGNMENT_NAMES[status]
    if isinstance(status, O):
        return OBJECTION_NAMES[status]
    return TALENT_NAMES[status]


def check_round_move(current: R, to: R, action: str) -> None:
    """Raise `WrongRoundStatus` unless ROUND_MOVES allows `current` → `to`; `action` is what the caller
    tried, in Chinese ("开始专家评审"), so the refusal reads "选拔轮次专家评审中，不能开始专家评审"."""
    if not can_move(ROUND_MOVES, current, to):
        raise WrongRoundStatus(f"选拔轮次{ROUND_NAMES[current]}，不能{action}")


def check_application_move(current: A, to: A, action: str) -> None:
    """Raise `WrongApplicationStatus` unless APPLICATION_MOVES allows `current` → `to`."""
    if not can_move(APPLICATION_MOVES, current, to):
        raise WrongApplicationStatus(f"该申报{APPLICATION_NAMES[current]}，不能{action}")


def check_objection_move(current: O, to: O, action: str) -> None:
    """Raise `ObjectionAlreadyResolved` unless OBJECTION_MOVES allows `current` → `to`."""
    if not can_move(OBJECTION_MOVES, current, to):
        raise ObjectionAlreadyResolved(f"该异议已处理（{OBJECTION_NAMES[current]}），不能{action}")


def check_talent_move(current: T, to: T, action: str) -> None:
    """Raise `WrongTalentStatus` unless TALENT_MOVES allows `current` → `to`."""
    if not can_move(TALENT_MOVES, current, to):
        raise WrongTalentStatus(f"该领军人才{TALENT_NAMES[current]}，不能{action}")
