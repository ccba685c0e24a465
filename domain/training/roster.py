"""Reading completion rosters (CSV or XLSX, as offices export them) into rows, checked whole.

Chinese Excel exports come as GBK or as UTF-8 with a byte-order mark: both are read. The template's
headers are 身份证号, 姓名 (optional), 学时, 完成日期; rows are matched by ID number (用户名 may stand in for
it). Nothing here touches the database: the service matches rows to people and enrolments.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final
from xml.etree.ElementTree import ParseError

from openpyxl import Workbook, load_workbook

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


class UnreadableRoster(ValueError):
    """The file as a whole cannot be read; the message says why, in Chinese."""


def read_roster(data: bytes) -> tuple[list[RosterRow], list[RosterProblem]]:
    raw = _xlsx_rows(data) if data[:4] == b"PK\x03\x04" else _csv_rows(data)
    # Blank lines are skipped, but rows keep the numbers the spreadsheet shows.
    table = [(number, row) for number, row in enumerate(raw, start=1) if any(cell.strip() for cell in row)]
    if not table:
        raise UnreadableRoster("文件为空")
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


def _csv_rows(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UnreadableRoster("文件编码无法识别：请另存为 UTF-8 或 GBK 编码的 CSV")
    try:
        return [list(row) for row in csv.reader(io.StringIO(text))]
    except csv.Error as exc:
        raise UnreadableRoster(f"CSV 格式错误：{exc}") from None


def _xlsx_rows(data: bytes) -> list[list[str]]:
    unreadable = UnreadableRoster("无法读取 XLSX 文件：请确认是 Excel 2007 及以上格式")
    # A damaged file fails as a bad zip, a missing part, or malformed XML, now or while rows are read.
    damaged = (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError, ParseError)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except damaged:
        raise unreadable from None
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    except damaged:
        raise unreadable from None
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


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
