"""The one reader of the tables offices exchange, for every import (rosters, exam results, populations,
and the incentive and talent lists to come).

Formats, recognised by their bytes rather than their name:

- CSV in UTF-8 (with or without a byte-order mark) or GBK/GB18030, as Chinese Excel and WPS save it;
- XLSX as Excel and WPS write it. WPS declares `<dimension ref="A1"/>` on sheets of any length, so the
  declared dimension is ignored and every row is read;
- XLS (Excel 97–2003), still common in county offices, through xlrd.

A caller names the headers it needs (`read_table(data, required=...)`); the reader takes the first
visible sheet whose first rows carry them, so a workbook that opens on a "填写说明" sheet, or puts a
title above the headers, is read. Row numbers are the ones users see in Excel. Cells keep their type, so
that a caller can tell a date cell, an Excel serial number in a date column (in the workbook's own 1900
or 1904 date system) and a long number that has lost its last digits (an ID number typed into a
number-formatted column) from text.
"""

from __future__ import annotations

import csv
import io
import re
import struct
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Final
from xml.etree.ElementTree import ParseError

import xlrd
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel
from xlrd.compdoc import CompDocError
from xlrd.xldate import XLDateError, xldate_as_datetime

# What a cell holds once read: text, a number, a truth value, a date or date-time (a date-formatted
# cell), or nothing.
CellValue = str | int | float | bool | date | datetime | time | timedelta | None

# A required column, or columns any one of which will do (身份证号 or 用户名).
Required = str | tuple[str, ...]

# How far down a sheet the header row is looked for: a title row or two above it is common.
HEADER_SEARCH_ROWS: Final = 10

# Excel keeps 15 significant digits of a number: a longer code typed into a number cell has lost the rest.
EXCEL_DIGITS: Final = 15

# The forms a date is written in, for messages.
DATE_FORMS: Final = "2026-05-20、2026/5/20、2026.5.20、2026年5月20日 或 20260520"

_OLE2: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound-file signature of an .xls
_ZIP: Final = b"PK\x03\x04"
_SCIENTIFIC: Final = re.compile(r"[0-9](?:\.[0-9]+)?E\+?[0-9]+", re.IGNORECASE)
_LAST_SERIAL: Final = 2_958_465  # 9999-12-31 in the 1900 date system
_TIME: Final = r"(?:\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?"
_DATE_PATTERNS: Final = (
    re.compile(rf"([0-9]{{4}})\s*([-/.])\s*([0-9]{{1,2}})\s*\2\s*([0-9]{{1,2}}){_TIME}"),
    re.compile(rf"([0-9]{{4}})\s*(年)\s*([0-9]{{1,2}})\s*月\s*([0-9]{{1,2}})\s*日{_TIME}"),
    re.compile(r"([0-9]{4})()([0-9]{2})([0-9]{2})"),
)


class UnreadableFile(ValueError):
    """The file as a whole cannot be read; the message says why, in Chinese."""


class NumberLostDigits(ValueError):
    """A code (ID number, admission number) stored as a number, whose last digits Excel has dropped."""

    def __init__(self, header: str, shown: str) -> None:
        super().__init__(
            f"{header}被存成了数字（Excel 显示为 {shown}，末几位已丢失）：请把该列设置为文本格式后重新填写"
        )


def parse_office_date(text: str) -> date | None:
    """A date written in a form offices use, or None.

    Read: `2027-01-05`, `2027-1-5`, `2027/1/5`, `2027.1.5`, `2027年1月5日` and `20270105`, with full-width
    digits too (NFKC), and an optional time of day after it (`2027-01-05 00:00:00`, as some systems
    export). Day-first, month-first and two-digit years are ambiguous and not read.
    """
    normal = unicodedata.normalize("NFKC", text).strip()
    for pattern in _DATE_PATTERNS:
        if match := pattern.fullmatch(normal):
            year, _, month, day = match.groups()
            try:
                return date(int(year), int(month), int(day))
            except ValueError:
                return None
    return None


def serial_date(serial: float, epoch: datetime = CALENDAR_WINDOWS_1900) -> date | None:
    """The date an Excel serial number stands for in a workbook's date system (`epoch`: 1900, or 1904
    as old Mac workbooks use), or None when it is out of Excel's range. A time of day is dropped."""
    if not 1 <= serial <= _LAST_SERIAL:
        return None
    converted = from_excel(serial, epoch)
    return converted.date() if isinstance(converted, datetime) else None


@dataclass(frozen=True, slots=True)
class Row:
    """One non-blank data row: `number` is the row number Excel shows; cells by header."""

    number: int
    cells: Mapping[str, CellValue]
    epoch: datetime = CALENDAR_WINDOWS_1900

    def value(self, header: str) -> CellValue:
        return self.cells.get(header)

    def text(self, header: str) -> str:
        """The cell as text, trimmed: a whole number without `.0`, a date as `2027-01-05`, blank as ""."""
        return cell_text(self.value(header))

    def as_date(self, header: str) -> date | None:
        """The cell as a date: a date cell; a number, as an Excel serial date in this workbook's date
        system (or an 8-digit number such as 20270105); text in a form `parse_office_date` reads.
        None when blank or unreadable (tell them apart with `text`)."""
        value = self.value(header)
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            if float(value).is_integer() and 10_000_000 <= value <= 99_999_999:
                return parse_office_date(str(int(value)))
            return serial_date(float(value), self.epoch)
        return parse_office_date(value) if isinstance(value, str) else None

    def code(self, header: str) -> str:
        """The cell as a code made of digits (身份证号, 准考证号), trimmed.

        Raises:
            NumberLostDigits: the cell is a number of more than 15 digits (Excel has kept only 15 of
                them), or text in scientific notation such as `5.32301E+17` (a CSV saved from a
                number-formatted column).
        """
        value = self.value(header)
        if isinstance(value, int | float) and not isinstance(value, bool):
            if abs(value) >= 10**EXCEL_DIGITS or not float(value).is_integer():
                raise NumberLostDigits(header, _as_excel_shows(float(value)))
            return str(int(value))
        text = cell_text(value)
        if _SCIENTIFIC.fullmatch(text):
            raise NumberLostDigits(header, text)
        return text


@dataclass(frozen=True, slots=True)
class Table:
    """The sheet that was read: its header row (as Excel numbers it), headers, and non-blank data rows."""

    sheet: str | None  # None for a CSV
    header_row: int
    headers: tuple[str, ...]
    rows: tuple[Row, ...] = field(default=())

    def missing(self, required: Sequence[Required]) -> list[str]:
        """The required columns not among the headers, each named by its first alternative."""
        return [_alternatives(need)[0] for need in required if not _has(self.headers, need)]


def read_table(data: bytes, *, required: Sequence[Required]) -> Table:
    """The table in a CSV, XLSX or XLS file, from the sheet that carries the `required` headers.

    The header row is the first row, among the first 10 of a visible sheet, that holds every required
    header (an item that is a tuple is satisfied by any one of its headers); sheets are tried in order.
    When no sheet has them, the table is the active sheet's (else the first visible non-blank sheet's)
    from its first non-blank row, and `Table.missing(required)` says what is missing. Headers are trimmed
    of spaces and a byte-order mark; rows that hold only blanks are left out, without renumbering the
    rest.

    Raises:
        UnreadableFile: the file is empty, in an unknown text encoding, not a well-formed CSV, or a
            damaged or encrypted workbook.
    """
    if data.startswith(_ZIP):
        sheets, epoch = _xlsx_sheets(data)
    elif data.startswith(_OLE2):
        sheets, epoch = _xls_sheets(data)
    else:
        sheets, epoch = [_Sheet(None, _csv_rows(data))], CALENDAR_WINDOWS_1900
    return _table(sheets, required, epoch)


def cell_text(value: CellValue) -> str:
    """A cell as text, trimmed: whole numbers without `.0`, dates as ISO dates, blanks as ""."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 10**EXCEL_DIGITS:
        return str(int(value))
    return str(value).strip()


# --- sheets ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Sheet:
    name: str | None
    rows: list[list[CellValue]]
    active: bool = False


def _table(sheets: list[_Sheet], required: Sequence[Required], epoch: datetime) -> Table:
    for sheet in sheets:
        for index, cells in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
            headers = _headers(cells)
            if all(_has(headers, need) for need in required):
                return _rows_under(sheet, index, headers, epoch)
    filled = [s for s in sheets if any(_is_filled(row) for row in s.rows)]
    if not filled:
        raise UnreadableFile("文件为空")
    sheet = next((s for s in filled if s.active), filled[0])
    index = next(i for i, row in enumerate(sheet.rows) if _is_filled(row))
    return _rows_under(sheet, index, _headers(sheet.rows[index]), epoch)


def _rows_under(sheet: _Sheet, index: int, headers: tuple[str, ...], epoch: datetime) -> Table:
    # The first of two columns with the same header wins, as a reader of the sheet would take it.
    columns = {header: i for i, header in reversed(list(enumerate(headers))) if header}
    rows = tuple(
        Row(
            number=number,
            cells={header: cells[i] if i < len(cells) else None for header, i in columns.items()},
            epoch=epoch,
        )
        for number, cells in enumerate(sheet.rows[index + 1 :], start=index + 2)
        if _is_filled(cells)
    )
    return Table(sheet=sheet.name, header_row=index + 1, headers=headers, rows=rows)


def _headers(cells: list[CellValue]) -> tuple[str, ...]:
    return tuple(cell_text(cell).lstrip("\ufeff").strip() for cell in cells)


def _alternatives(need: Required) -> tuple[str, ...]:
    return (need,) if isinstance(need, str) else need


def _has(headers: tuple[str, ...], need: Required) -> bool:
    return any(name in headers for name in _alternatives(need))


def _is_filled(cells: list[CellValue]) -> bool:
    return any(cell_text(cell) for cell in cells)


# --- formats ----------------------------------------------------------------------------------------


def _csv_rows(data: bytes) -> list[list[CellValue]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UnreadableFile("文件编码无法识别：请另存为 UTF-8 或 GBK 编码的 CSV")
    try:
        return [list(row) for row in csv.reader(io.StringIO(text))]
    except csv.Error as exc:
        raise UnreadableFile(f"CSV 格式错误：{exc}") from None


def _xlsx_sheets(data: bytes) -> tuple[list[_Sheet], datetime]:
    unreadable = UnreadableFile("无法读取 XLSX 文件：请确认是 Excel 2007 及以上格式")
    # A damaged file fails as a bad zip, a missing part, or malformed XML, now or while rows are read.
    damaged = (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError, TypeError, ParseError)
    # openpyxl warns about parts it drops (WPS's data-validation extensions, a missing default style);
    # the cell values are still read, so the warnings are of no use to a user importing a list.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except damaged:
            raise unreadable from None
        try:
            active = workbook.active
            sheets: list[_Sheet] = []
            for sheet in workbook.worksheets:
                if sheet.sheet_state != "visible":
                    continue
                # WPS declares <dimension ref="A1"/> whatever the sheet holds; read what is there.
                sheet.reset_dimensions()
                rows = [[_xlsx_value(v) for v in row] for row in sheet.iter_rows(values_only=True)]
                sheets.append(_Sheet(sheet.title, rows, active=sheet is active))
            epoch = CALENDAR_MAC_1904 if workbook.epoch == CALENDAR_MAC_1904 else CALENDAR_WINDOWS_1900
            return sheets, epoch
        except damaged:
            raise unreadable from None
        finally:
            workbook.close()


def _xls_sheets(data: bytes) -> tuple[list[_Sheet], datetime]:
    unreadable = UnreadableFile("无法读取 XLS 文件：文件已损坏或已加密，请用 Excel 另存为 XLSX 后重试")
    try:
        # xlrd reports oddities of the file to a log, which the user never sees.
        book = xlrd.open_workbook(file_contents=data, logfile=io.StringIO(), ragged_rows=True)
    except (xlrd.XLRDError, CompDocError, ValueError, IndexError, KeyError, struct.error):
        raise unreadable from None
    epoch = CALENDAR_MAC_1904 if book.datemode == 1 else CALENDAR_WINDOWS_1900
    sheets: list[_Sheet] = []
    for sheet in book.sheets():
        if sheet.visibility != 0:
            continue
        rows = [
            [_xls_cell(sheet.cell(r, c), book.datemode) for c in range(sheet.row_len(r))]
            for r in range(sheet.nrows)
        ]
        sheets.append(_Sheet(sheet.name, rows, active=bool(sheet.sheet_visible)))
    return sheets, epoch


def _xlsx_value(value: object) -> CellValue:
    if value is None or isinstance(value, str | int | float | date | time | timedelta):
        return value
    if isinstance(value, Decimal):
        return float(value)
    # Rich text keeps its characters; a formula without a cached value (never opened in Excel) is blank.
    return str(value) if isinstance(value, CellRichText) else None


def _xls_cell(cell: Any, datemode: int) -> CellValue:
    kind, value = cell.ctype, cell.value
    if kind == xlrd.XL_CELL_DATE:
        try:
            converted: datetime = xldate_as_datetime(value, datemode)
        except (XLDateError, ValueError, OverflowError):
            return float(value)
        return converted
    readers: dict[int, Callable[[Any], CellValue]] = {
        xlrd.XL_CELL_TEXT: str,
        xlrd.XL_CELL_NUMBER: float,
        xlrd.XL_CELL_BOOLEAN: bool,
        xlrd.XL_CELL_ERROR: lambda code: str(xlrd.error_text_from_code.get(code, "")),
    }
    reader = readers.get(kind)
    return reader(value) if reader is not None else None


def _as_excel_shows(number: float) -> str:
    """A long number as Excel's General format shows it: 5.32301E+17."""
    mantissa, exponent = f"{number:.5E}".split("E")
    return f"{mantissa.rstrip('0').rstrip('.')}E{exponent}"
