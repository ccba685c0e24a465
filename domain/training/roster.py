"""Reading completion rosters (CSV or XLSX, as offices export them) into rows, checked whole.

Chinese Excel exports come as GBK or as UTF-8 with a byte-order mark: both are read. The template's
headers are 身份证号, 姓名 (optional), 学时, 完成日期; rows are matched by ID number (用户名 may stand in for
it). Nothing here touches the database: the service matches rows to people and enrolments.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from openpyxl import Workbook

from domain.spreadsheets import UnreadableFile, read_rows

ID_CARD: Final = "身份证号"
NAME: Final = "姓名"
HOURS: Final = "学时"
COMPLETED_ON: Final = "完成日期"
USERNAME: Final = "用户名"
TEMPLATE_HEADERS: Final = (ID_CARD, NAME, HOURS, COMPLETED_ON)
MAX_ROWS: Final = 5000


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


# The file as a whole cannot be read; the message says why, in Chinese.
UnreadableRoster = UnreadableFile


def read_roster(data: bytes) -> tuple[list[RosterRow], list[RosterProblem]]:
    table = read_rows(data)
    header_row, header_cells = table[0]
    headers = [cell.strip().lstrip("\ufeff") for cell in header_cells]
    problems: list[RosterProblem] = []
    for required in (HOURS, COMPLETED_ON):
        if required not in headers:
            problems.append(RosterProblem(header_row, required, f"缺少「{required}」列"))
    if ID_CARD not in headers and USERNAME not in headers:
        problems.append(RosterProblem(header_row, ID_CARD, f"缺少「{ID_CARD}」列"))
    if problems:
        return [], problems
    if len(table) - 1 > MAX_ROWS:
        raise UnreadableRoster(f"一次最多导入 {MAX_ROWS} 行")
    if len(table) == 1:
        raise UnreadableRoster("文件只有表头，没有数据行")

    def cell(values: list[str], header: str) -> str:
        if header not in headers:
            return ""
        index = headers.index(header)
        return values[index].strip() if index < len(values) else ""

    rows: list[RosterRow] = []
    for number, values in table[1:]:
        completed_text = cell(values, COMPLETED_ON)
        completed_on = parse_date(completed_text)
        if completed_on is None:
            problems.append(RosterProblem(number, COMPLETED_ON, "完成日期格式应为 2026-05-20 或 2026/5/20"))
        rows.append(
            RosterRow(
                row=number,
                id_card_number=cell(values, ID_CARD) or None,
                username=cell(values, USERNAME) or None,
                name=cell(values, NAME) or None,
                hours=cell(values, HOURS),
                completed_on=completed_on,
                completed_on_text=completed_text,
            )
        )
    return rows, problems


def parse_date(text: str) -> date | None:
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date, no time zone
        except ValueError:
            continue
    return None


def template_csv() -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens the Chinese headers correctly."""
    return ("\ufeff" + ",".join(TEMPLATE_HEADERS) + "\r\n").encode("utf-8")


def template_xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active or workbook.create_sheet()
    sheet.title = "结业名单"
    sheet.append(list(TEMPLATE_HEADERS))
    for column, width in zip("ABCD", (22, 10, 8, 14), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
