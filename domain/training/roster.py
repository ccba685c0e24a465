"""Reading completion rosters (CSV, XLSX or XLS, as offices and WPS save them) into rows, checked whole.

The file is read by `domain.spreadsheets` (encodings, the sheet carrying the headers, row numbers as Excel
shows them). The template's headers are 身份证号, 姓名 (optional), 学时, 完成日期; a row names its person by
报名号 (the enrolment number, `enrolment_number.py`, which the course's roster export lists), by ID number,
or by 用户名. An enrolment number may also stand in the 身份证号 column (it starts with BM, so it is never
taken for an ID number), and an ID number shown masked (`5323**********1234`, as the roster export writes
it) is left aside when the row has an enrolment number. Nothing here touches the database: the service
matches rows to people and enrolments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from domain.exports import Sheet, csv_bytes, xlsx_bytes
from domain.spreadsheets import (
    DATE_FORMS,
    NumberLostDigits,
    Required,
    UnreadableFile,
    parse_office_date,
    read_table,
)
from domain.training.enrolment_number import looks_like_enrollment_number

ID_CARD: Final = "身份证号"
NAME: Final = "姓名"
HOURS: Final = "学时"
COMPLETED_ON: Final = "完成日期"
USERNAME: Final = "用户名"
ENROLLMENT_NUMBER: Final = "报名号"
TEMPLATE_HEADERS: Final = (ID_CARD, NAME, HOURS, COMPLETED_ON)
REQUIRED: Final[tuple[Required, ...]] = (HOURS, COMPLETED_ON, (ID_CARD, ENROLLMENT_NUMBER, USERNAME))
# Other names offices give the template's columns; headers are also read without spaces, line breaks
# and notes in brackets (`姓  名`, `身份证号(18位)`: `domain.spreadsheets.header_key`).
SYNONYMS: Final = {
    ID_CARD: ("身份证号码", "公民身份号码", "公民身份证号码", "证件号码", "身份证"),
    NAME: ("学员姓名",),
    HOURS: ("学时数", "培训学时", "获得学时"),
    COMPLETED_ON: ("完成时间", "结业日期", "结业时间"),
    USERNAME: ("账号",),
    ENROLLMENT_NUMBER: ("报名编号", "报名号码"),
}
MAX_ROWS: Final = 20_000  # as the exam results file and `domain.spreadsheets` allow
MASK: Final = "*"
MASKED_ID: Final = "身份证号为掩码，无法识别此人：请保留报名号，或填写完整的身份证号"
BAD_DATE: Final = f"完成日期无法识别：请填写日期，如 {DATE_FORMS}"
YEAR_ONLY: Final = f"无法识别的日期：只有年份，请填写完整日期，如 {DATE_FORMS}"


@dataclass(frozen=True, slots=True)
class RosterProblem:
    row: int  # 1 is the header row, as a spreadsheet numbers it
    column: str | None
    message: str


@dataclass(frozen=True, slots=True)
class RosterRow:
    row: int
    id_card_number: str | None
    username: str | None
    name: str | None
    hours: str
    completed_on: date | None
    completed_on_text: str
    # The ID cell could not be used and that is already reported: stored as a number, it has lost its
    # last digits; or it is masked and the row has no enrolment number.
    id_card_lost_digits: bool = False
    # False when the row leaves both 学时 and 完成日期 empty: the person did not complete (no error).
    completed: bool = True
    # The enrolment number as written (the service checks it), and the column it was found in.
    enrollment_number: str | None = None
    enrollment_number_column: str | None = None


# The file as a whole cannot be read; the message says why, in Chinese.
UnreadableRoster = UnreadableFile


def read_roster(data: bytes) -> tuple[list[RosterRow], list[RosterProblem]]:
    """The roster's rows and the problems found in them (row and column as Excel shows them).

    Headers are read as `SYNONYMS` and `domain.spreadsheets.header_key` allow (身份证号码, `姓  名`).
    Missing columns are reported on the header row, with no rows. A row's completion date is a date
    cell, an Excel serial number, or text in a form offices write (`parse_office_date`); an ID number
    stored as a number (Excel shows 5.32301E+17 and has dropped the last digits) is reported as such, and
    a year alone in the date column (2027, which Excel would take for day 2027 of 1900) as only a year.
    Parsing is CPU work: async callers run it in a worker thread.

    Raises:
        UnreadableRoster: the file cannot be read, has no data rows, or more than 20,000 (`MAX_ROWS`).
    """
    table = read_table(data, required=REQUIRED, synonyms=SYNONYMS, max_rows=MAX_ROWS)
    problems = [
        RosterProblem(
            table.header_row,
            column,
            # A row is named by any of three columns: say the two a clerk would use.
            f"缺少「{ENROLLMENT_NUMBER}」或「{ID_CARD}」列" if column == ID_CARD else f"缺少「{column}」列",
        )
        for column in table.missing(REQUIRED)
    ]
    if problems:
        return [], problems
    if not table.rows:
        raise UnreadableRoster("文件只有表头，没有数据行")
    rows: list[RosterRow] = []
    for line in table.rows:
        id_card, lost_digits = "", False
        try:
            id_card = line.code(ID_CARD)
        except NumberLostDigits as exc:
            problems.append(RosterProblem(line.number, ID_CARD, str(exc)))
            lost_digits = True
        number, number_column = line.text(ENROLLMENT_NUMBER), ENROLLMENT_NUMBER
        if not number and looks_like_enrollment_number(id_card):
            number, number_column, id_card = id_card, ID_CARD, ""
        if MASK in id_card:
            if not number:
                problems.append(RosterProblem(line.number, ID_CARD, MASKED_ID))
                lost_digits = True  # reported: not "empty" too
            id_card = ""
        # 学时 and 完成日期 both left empty: the exported roster lists every enrolee, and a clerk leaves
        # blank those who did not complete; such a row credits nothing and is no error.
        completed = bool(line.text(HOURS) or line.text(COMPLETED_ON))
        completed_on = line.as_date(COMPLETED_ON)
        if completed_on is None and completed:
            message = YEAR_ONLY if line.year_only(COMPLETED_ON) else BAD_DATE
            problems.append(RosterProblem(line.number, COMPLETED_ON, message))
        rows.append(
            RosterRow(
                row=line.number,
                id_card_number=id_card or None,
                username=line.text(USERNAME) or None,
                enrollment_number=number or None,
                enrollment_number_column=number_column if number else None,
                name=line.text(NAME) or None,
                hours=line.text(HOURS),
                completed_on=completed_on,
                completed_on_text=line.text(COMPLETED_ON),
                id_card_lost_digits=lost_digits,
                completed=completed,
            )
        )
    return rows, problems


def parse_date(text: str) -> date | None:
    """A completion date written as text; see `domain.spreadsheets.parse_office_date`."""
    return parse_office_date(text)


def template_csv() -> bytes:
    """The roster template as CSV: the header row, UTF-8 with a byte-order mark."""
    return csv_bytes([TEMPLATE_HEADERS])


def template_xlsx() -> bytes:
    """The roster template as XLSX: the header row, with the 身份证号 column formatted as text, so an ID
    number typed or pasted there keeps all 18 digits (and its X)."""
    return xlsx_bytes(
        [
            Sheet(
                "结业名单",
                [TEMPLATE_HEADERS],
                widths=(22, 10, 8, 14),
                text_columns=(TEMPLATE_HEADERS.index(ID_CARD),),
            )
        ]
    )
