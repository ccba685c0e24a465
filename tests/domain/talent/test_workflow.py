"""The programme's five state machines, tested from their own tables (domain/talent/workflow.py): every
(from, to) pair of every machine is its own test, allowed exactly when the table says so, and every refused
pair is refused with its code and a Chinese message naming the current status and the action."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

import pytest

from domain.errors import DomainError, ErrorCode
from domain.talent import workflow
from domain.talent.vocabulary import (
    ApplicationStatus,
    AssignmentStatus,
    ObjectionStatus,
    RoundStatus,
    TalentStatus,
)

ACTION = "做这件事"


@dataclass(frozen=True)
class Machine:
    name: str
    table: Mapping[StrEnum, frozenset[StrEnum]]
    names: Mapping[StrEnum, str]
    statuses: type[StrEnum]
    starts: tuple[StrEnum, ...]
    # The refusal of a move the table does not allow, and its code; None where the machine has no
    # `check_*_move` (an assignment's moves are checked where its reviewer acts, by their own refusals).
    check: Callable[[StrEnum, StrEnum, str], None] | None
    code: ErrorCode | None


MACHINES = (
    Machine(
        "round",
        workflow.ROUND_MOVES,  # type: ignore[arg-type]
        workflow.ROUND_NAMES,  # type: ignore[arg-type]
        RoundStatus,
        (RoundStatus.CALLING,),
        workflow.check_round_move,  # type: ignore[arg-type]
        ErrorCode.WRONG_ROUND_STATUS,
    ),
    Machine(
        "application",
        workflow.APPLICATION_MOVES,  # type: ignore[arg-type]
        workflow.APPLICATION_NAMES,  # type: ignore[arg-type]
        ApplicationStatus,
        (ApplicationStatus.RECOMMENDED, ApplicationStatus.DRAFT),
        workflow.check_application_move,  # type: ignore[arg-type]
        ErrorCode.WRONG_APPLICATION_STATUS,
    ),
    Machine(
        "assignment",
        workflow.ASSIGNMENT_MOVES,  # type: ignore[arg-type]
        workflow.ASSIGNMENT_NAMES,  # type: ignore[arg-type]
        AssignmentStatus,
        # Assigning records ASSIGNED, or CONFLICT when the reviewer works where the applicant does.
        (AssignmentStatus.ASSIGNED, AssignmentStatus.CONFLICT),
        None,
        None,
    ),
    Machine(
        "objection",
        workflow.OBJECTION_MOVES,  # type: ignore[arg-type]
        workflow.OBJECTION_NAMES,  # type: ignore[arg-type]
        ObjectionStatus,
        (ObjectionStatus.OPEN,),
        workflow.check_objection_move,  # type: ignore[arg-type]
        ErrorCode.OBJECTION_ALREADY_RESOLVED,
    ),
    Machine(
        "talent",
        workflow.TALENT_MOVES,  # type: ignore[arg-type]
        workflow.TALENT_NAMES,  # type: ignore[arg-type]
        TalentStatus,
        (TalentStatus.CULTIVATING,),
        workflow.check_talent_move,  # type: ignore[arg-type]
        ErrorCode.WRONG_TALENT_STATUS,
    ),
)

PAIRS = [
    pytest.param(machine, current, to, id=f"{machine.name}:{current.value}->{to.value}")
    for machine in MACHINES
    for current in machine.statuses
    for to in machine.statuses
]
BY_MACHINE = [pytest.param(machine, id=machine.name) for machine in MACHINES]


@pytest.mark.parametrize(("machine", "current", "to"), PAIRS)
def test_a_move_is_allowed_exactly_when_its_table_lists_it(
    machine: Machine, current: StrEnum, to: StrEnum
) -> None:
    allowed = to in machine.table[current]

    assert workflow.can_move(machine.table, current, to) is allowed
    if machine.check is None:
        return
    if allowed:
        assert machine.check(current, to, ACTION) is None
        return
    with pytest.raises(DomainError) as refused:
        machine.check(current, to, ACTION)
    assert refused.value.code is machine.code
    assert machine.names[current] in refused.value.message
    assert refused.value.message.endswith(f"不能{ACTION}")
    assert workflow.status_name(current) == machine.names[current]  # type: ignore[arg-type]


@pytest.mark.parametrize("machine", BY_MACHINE)
def test_every_status_has_a_row_and_a_chinese_name(machine: Machine) -> None:
    assert set(machine.table) == set(machine.statuses)
    assert set(machine.names) == set(machine.statuses)
    assert all(machine.names.values())
    for targets in machine.table.values():
        assert targets <= set(machine.statuses)


@pytest.mark.parametrize("machine", BY_MACHINE)
def test_every_status_is_reachable_from_a_start(machine: Machine) -> None:
    reached = set(machine.starts)
    frontier = list(machine.starts)
    while frontier:
        for to in machine.table[frontier.pop()]:
            if to not in reached:
                reached.add(to)
                frontier.append(to)

    assert reached == set(machine.statuses)


@pytest.mark.parametrize("machine", BY_MACHINE)
def test_no_status_moves_to_itself(machine: Machine) -> None:
    assert all(status not in machine.table[status] for status in machine.statuses)


FINAL = [
    (RoundStatus.APPROVED, workflow.ROUND_MOVES),
    (ApplicationStatus.REJECTED, workflow.APPLICATION_MOVES),
    (ApplicationStatus.WITHDRAWN, workflow.APPLICATION_MOVES),
    (ApplicationStatus.REMOVED, workflow.APPLICATION_MOVES),
    (ApplicationStatus.APPROVED, workflow.APPLICATION_MOVES),
    (AssignmentStatus.SCORED, workflow.ASSIGNMENT_MOVES),
    (AssignmentStatus.CONFLICT, workflow.ASSIGNMENT_MOVES),
    (AssignmentStatus.CONFLICT_DECLARED, workflow.ASSIGNMENT_MOVES),
    (AssignmentStatus.EXCUSED, workflow.ASSIGNMENT_MOVES),
    (ObjectionStatus.UPHELD, workflow.OBJECTION_MOVES),
    (ObjectionStatus.DISMISSED, workflow.OBJECTION_MOVES),
    (ObjectionStatus.CLOSED, workflow.OBJECTION_MOVES),
    (TalentStatus.REVOKED, workflow.TALENT_MOVES),
]


@pytest.mark.parametrize(("status", "table"), [pytest.param(s, t, id=s.value) for s, t in FINAL])
def test_final_statuses_have_no_moves(status: StrEnum, table: Mapping[StrEnum, frozenset[StrEnum]]) -> None:
    assert table[status] == frozenset()


@pytest.mark.parametrize("machine", BY_MACHINE)
def test_the_statuses_without_moves_are_exactly_the_final_ones(machine: Machine) -> None:
    finals = {status for status, table in FINAL if table is machine.table}

    assert {status for status in machine.statuses if not machine.table[status]} == finals


def test_a_refusal_reads_as_a_sentence() -> None:
    with pytest.raises(DomainError) as refused:
        workflow.check_round_move(RoundStatus.SCORING, RoundStatus.APPROVED, "批准")

    assert refused.value.message == "选拔轮次专家评审中，不能批准"
    assert refused.value.field_name == "roundId"
