"""A course's roster to fill in (结业名单), as CSV or XLSX: the people enrolled, each with the enrolment
number (报名号) the provider fills the roster in against, and the columns `importCompletions` reads.

The file is a roster `read_roster` reads back as it is: the provider fills in 学时 and 完成日期 and
uploads it. Rows are matched by 报名号, so a provider never needs the full ID numbers it may not see:
the ID number and phone are masked for everyone who downloads this file, admins included (an admin in
scope who needs a full number reads it in the API, where that read is audited). Names, titles and
numbers go through `domain.exports`, so none becomes a formula.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from domain.access import Actor
from domain.exports import Cell, Sheet, csv_bytes, xlsx_bytes
from domain.people import service as people
from domain.training.catalog import course_for_roster
from domain.training.enrolment_number import enrollment_number
from domain.training.models import Enrollment
from domain.training.roster import COMPLETED_ON, ENROLLMENT_NUMBER, HOURS, ID_CARD, NAME
from domain.training.vocabulary import EnrollmentStatus

PHONE: Final = "手机号"
# The roster's columns: who (报名号 first, what rows are matched by), then the two to fill in.
HEADERS: Final = (ENROLLMENT_NUMBER, NAME, ID_CARD, PHONE, HOURS, COMPLETED_ON)
WIDTHS: Final = (12, 10, 22, 14, 8, 14)
# What a provider types stays text in these columns (an enrolment number keeps its zeros).
TEXT_COLUMNS: Final = (HEADERS.index(ENROLLMENT_NUMBER), HEADERS.index(ID_CARD))
# Characters no file name may hold on Windows, and control characters.
_UNSAFE_IN_FILE_NAME: Final = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')


@dataclass(frozen=True, slots=True)
class RosterLine:
    enrollment_number: str
    name: str
    id_card_number: str  # masked
    phone: str  # masked


@dataclass(frozen=True, slots=True)
class CourseRoster:
    course_title: str
    lines: list[RosterLine]

    @property
    def file_stem(self) -> str:
        """`社会工作实务技能提升班结业名单`: the course title made safe for a file name (at most 60
        characters of it), and what the file is."""
        title = _UNSAFE_IN_FILE_NAME.sub("_", self.course_title).strip(" .")[:60]
        return f"{title}结业名单"


async def course_roster(actor: Actor, course_id: int) -> CourseRoster:
    """The roster of a course: its ENROLLED enrolments in the order they were made, each with its
    enrolment number, the person's name, and the ID number and phone masked (`5323**********1234`,
    `138****5678`). Wait-listed, withdrawn and cancelled enrolments are not on it, nor completed ones
    (credited already: a roster sent back with them and no hours would be refused). Reads only.

    Raises:
        CourseNotFound: no such course, or the actor is neither its provider nor an admin whose scope
            includes its county (`catalog.can_read_enrollments`).
    """
    course = await course_for_roster(actor, course_id)
    enrollments = await Enrollment.filter(course_id=course.id, status=EnrollmentStatus.ENROLLED).order_by(
        "id"
    )
    persons = await people.persons_by_ids(sorted({e.person_id for e in enrollments}))
    lines = [
        RosterLine(
            enrollment_number=enrollment_number(e.id),
            name=persons[e.person_id].name,
            id_card_number=people.mask_id_card_number(persons[e.person_id].id_card_number),
            phone=people.mask_phone(persons[e.person_id].phone),
        )
        for e in enrollments
    ]
    return CourseRoster(course_title=course.title, lines=lines)


def roster_rows(roster: CourseRoster) -> list[list[Cell]]:
    """A title row (the course), the headers, and one row per enrolee with 学时 and 完成日期 empty."""
    lines: list[list[Cell]] = [
        [line.enrollment_number, line.name, line.id_card_number, line.phone, "", ""] for line in roster.lines
    ]
    return [
        [f"{roster.course_title} 结业名单（填写学时和完成日期后上传；请勿改动报名号）"],
        list(HEADERS),
        *lines,
    ]


def roster_csv(roster: CourseRoster) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens the Chinese correctly; see `domain.exports`."""
    return csv_bytes(roster_rows(roster), text_columns=TEXT_COLUMNS)


def roster_xlsx(roster: CourseRoster) -> bytes:
    """One sheet 结业名单, its 报名号 and 身份证号 columns formatted as text."""
    return xlsx_bytes([Sheet("结业名单", roster_rows(roster), widths=WIDTHS, text_columns=TEXT_COLUMNS)])
