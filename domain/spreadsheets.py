"""The one reader of the tables offices exchange, for every import (rosters, exam results, populations,
and the incentive and talent lists to come).

Formats, recognised by their bytes rather than their name:

- CSV in UTF-8 (with or without a byte-order mark) or GBK/GB18030, as Chinese Excel and WPS save it;
- XLSX as Excel and WPS write it. WPS declares `<dimension ref="A1"/>` on sheets of any length, so the
  declared dimension is ignored and every row is read;
- XLS (Excel 97–2003), still common in county offices, through xlrd.

A caller names the headers it needs (`read_table(data, required=...)`); the reader takes the first
visible sheet whose first rows carry them, so a workbook that opens on a "填写说明" sheet, or puts a
title above the headers, is read. Headers are compared as a clerk writes them: `姓  名`, `身份证号\n(18位)`
and `完成日期*` are 姓名, 身份证号 and 完成日期 (`header_key`), and the caller may name synonyms
(身份证号码 for 身份证号). Rows of a footer under the data (合计, 填表人：…, 制表日期…) are left out.

A file is untrusted: at most `MAX_COLUMNS` columns and a bounded number of rows are read (a 27 KB XLSX
with a cell in column XFD on every row must not cost gigabytes), and every failure of a damaged file,
whatever the library raises, is `UnreadableFile`. Parsing is CPU work: async callers run `read_table`
in a worker thread (`asyncio.to_thread`), so other requests go on meanwhile.

Row numbers are the ones users see in Excel. Cells keep their type, so
that a caller can tell a date cell, an Excel serial number in a date column (in the workbook's own 1900
or 1904 date system) and a long number that has lost its last digits (an ID number typed into a
number-formatted column) from text.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Final

import xlrd
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel
from xlrd.xldate import XLDateError, xldate_as_datetime

# What a cell holds once read: text, a number, a truth value, a date or date-time (a date-formatted
# cell), or nothing.
CellValue = str | int | float | bool | date | datetime | time | timedelta | None

# A required column, or columns any one of which will do (身份证号 or 用户名).
Required = str | tuple[str, ...]

# How far down a sheet the header row is looked for: a title row or two above it is common.
HEADER_SEARCH_ROWS: Final = 10

# Columns read from the left of a sheet: every template has fewer than 20, and a sheet whose rows reach
# column XFD (16,384) must not be padded out to it.
MAX_COLUMNS: Final = 100

# Data rows read when the caller names no limit of its own.
DEFAULT_MAX_ROWS: Final = 20_000

# Blank rows tolerated beyond the caller's limit before the file is refused: a sheet of a million blank
# rows (formatting dragged to the bottom) costs as much to read as a million filled ones.
SPARE_ROWS: Final = 1_000

# The first cell of a footer row under the data: a total, who filled the form in, who checked it.
FOOTER_STARTS: Final = ("合计", "总计", "小计", "填表人", "制表", "审核人", "审核", "备注", "负责人")

# Excel keeps 15 significant digits of a number: a longer code typed into a number cell has lost the rest.
EXCEL_DIGITS: Final = 15
# A serial date written out as text by a CSV export: five digits, 10000 (1927-05-18) to 99999.
CSV_SERIAL: Final = re.compile(r"[1-9][0-9]{4}")

# The forms a date is written in, for messages.
DATE_FORMS: Final = "2026-05-20、2026/5/20、2026.5.20、2026年5月20日 或 20260520"

_OLE2: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound-file signature of an .xls
_ZIP: Final = b"PK\x03\x04"
_SCIENTIFIC: Final = re.compile(r"[0-9](?:\.[0-9]+)?E\+?[0-9]+", re.IGNORECASE)
_LAST_SERIAL: Final = 2_958_465  # 9999-12-31 in the 1900 date system
# A time of day after the date, as systems export it: `2026-12-15 00:00:00` or ISO's `2026-12-15T00:00:00`.
_TIME: Final = r"(?:(?:\s+|T)[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?"
_DATE_PATTERNS: Final = (
    re.compile(rf"([0-9]{{4}})\s*([-/.])\s*([0-9]{{1,2}})\s*\2\s*([0-9]{{1,2}}){_TIME}"),
    re.compile(rf"([0-9]{{4}})\s*(年)\s*([0-9]{{1,2}})\s*月\s*([0-9]{{1,2}})\s*[日号]{_TIME}"),
    re.compile(r"([0-9]{4})()([0-9]{2})([0-9]{2})"),
)


# Files people upload by mistake, or on purpose, under a spreadsheet's name (a 证书.pdf renamed 名单.xlsx, a
# web page some systems export as "xls"): known by their first bytes, what each is, and what to do. Read as
# a CSV they would decode as mojibake and be refused for missing columns, which tells the user nothing.
_NOT_TABLES: Final[tuple[tuple[tuple[bytes, ...], str], ...]] = (
    ((b"%PDF-",), "该文件是 PDF 文档，不是表格"),
    ((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a"), "该文件是图片，不是表格"),
    ((b"\x7fELF",), "该文件是可执行程序，不是表格"),
    ((b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b"), "该文件是压缩包，不是表格"),
)
_MARKUP: Final = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*<(?:!doctype|html|table|\?xml|head|body|meta)\b", re.I)


def _not_a_table(data: bytes) -> str | None:
    """Why `data` is no CSV, XLSX or XLS whatever its name (a PDF, an image, a program, an archive, a web
    page or XML, or binary bytes), or None when it may be one."""
    if data.startswith((_ZIP, _OLE2, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    for signatures, reason in _NOT_TABLES:
        if data.startswith(signatures):
            return reason
    if _MARKUP.match(data[:1024]):
        return "该文件是网页（HTML）或 XML，不是表格（系统导出的“Excel”网页表格请用 Excel 打开后另存为 XLSX）"
    if b"\x00" in data[:8192]:
        # Text has no NUL byte; a Windows program (MZ), a WebP or BMP image and most binary files do.
        return (
            "该文件是可执行程序，不是表格" if data.startswith(b"MZ") else "该文件含二进制内容，不是文本表格"
        )
    return None


class UnreadableFile(ValueError):
    """The file as a whole cannot be read; the message says why, in Chinese."""


class TooManyRows(UnreadableFile):
    """The file has more data rows than one import takes."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"一次最多导入 {limit} 行")


class NumberLostDigits(ValueError):
    """A code (ID number, admission number) stored as a number, whose last digits Excel has dropped."""

    def __init__(self, header: str, shown: str) -> None:
        super().__init__(
            f"{header}被存成了数字（Excel 显示为 {shown}，末几位已丢失）：请把该列设置为文本格式后重新填写"
        )


def parse_office_date(text: str) -> date | None:
    """A date written in a form offices use, or None.

    Read: `2027-01-05`, `2027-1-5`, `2027/1/5`, `2027.1.5`, `2027年1月5日` (or `5号`) and `20270105`, with
    full-width digits too (NFKC), and an optional time of day after it (`2027-01-05 00:00:00` or
    `2027-01-05T00:00:00`, as some systems export). Day-first, month-first and two-digit years are
    ambiguous and not read.
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


def _text_date(text: str) -> date | None:
    """A date cell's text: a form `parse_office_date` reads, or five digits, a serial number as a CSV
    saved from a date column formatted as 常规 holds it (1927-05-18 to 2173-10-13, Excel's default
    date system)."""
    if CSV_SERIAL.fullmatch(digits := text.strip()):
        return serial_date(float(digits))
    return parse_office_date(text)


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
        None when blank or unreadable (tell them apart with `text`), and when it is only a year
        (`year_only`): 2027 typed into a number cell is serial day 2027, 1905-07-19, never what was meant.
        """
        value = self.value(header)
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if self.year_only(header):
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            if float(value).is_integer() and 10_000_000 <= value <= 99_999_999:
                return parse_office_date(str(int(value)))
            return serial_date(float(value), self.epoch)
        return _text_date(value) if isinstance(value, str) else None

    def year_only(self, header: str) -> bool:
        """The date cell holds only a year from 1900 to 2100 (as a number or text), not a date."""
        value = self.value(header)
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            return False
        text = unicodedata.normalize("NFKC", cell_text(value)).strip().removesuffix("年")
        return text.isdigit() and len(text) == 4 and 1900 <= int(text) <= 2100

    def code(self, header: str) -> str:
        """The cell as a code made of digits and letters (身份证号, 准考证号): NFKC (so full-width
        `２０２７００１` is `2027001`), spaces removed, letters upper-case (an ID number's check `x` is `X`).

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
        text = "".join(unicodedata.normalize("NFKC", cell_text(value)).split()).upper()
        if _SCIENTIFIC.fullmatch(text):
            raise NumberLostDigits(header, text)
        return text


@dataclass(frozen=True, slots=True)
class Table:
    """The sheet that was read: its header row (as Excel numbers it), headers (as `header_key` reads
    them, a synonym given as the caller's name for the column), and non-blank data rows."""

    sheet: str | None  # None for a CSV
    header_row: int
    headers: tuple[str, ...]
    rows: tuple[Row, ...] = field(default=())

    def missing(self, required: Sequence[Required]) -> list[str]:
        """The required columns not among the headers, each named by its first alternative."""
        return [_alternatives(need)[0] for need in required if not _has(self.headers, need)]


def header_key(text: str) -> str:
    """A header as it is compared: NFKC, without any whitespace (`姓  名`, a line break inside a cell),
    without notes in brackets (`身份证号(18位)`, `完成日期（必填）`, `【必填】`) or required-marks
    (`*`, `※`)."""
    normal = unicodedata.normalize("NFKC", text).replace("\ufeff", "")
    normal = "".join(normal.split())
    normal = _NOTE.sub("", normal)
    return normal.strip("*※")


def read_table(
    data: bytes,
    *,
    required: Sequence[Required],
    synonyms: Mapping[str, Sequence[str]] | None = None,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> Table:
    """The table in a CSV, XLSX or XLS file, from the sheet that carries the `required` headers.

    Headers are compared by `header_key` (case aside); `synonyms` maps a column's name to other
    names offices give it ({"身份证号": ("身份证号码", "公民身份号码")}), and a cell headed by a synonym is
    read under the column's name. The header row is the first row, among the first 10 of a
    visible sheet, that holds every required header (an item that is a tuple is satisfied by any
    one of its headers); the active sheet is tried first, then the others in order, and only the
    first 10 rows of the sheets not chosen are read. When no sheet has them, the table is the
    active sheet's (else the first visible sheet's with a non-blank row among its first 10) from
    its first non-blank row, and `Table.missing(required)` says what is missing. At most
    `MAX_COLUMNS` columns are read. Rows that hold only blanks are left out, without renumbering
    the rest; 1000 blank rows in a row end the table; rows of a footer under the data (the first
    non-blank cell starting with 合计, 总计, 填表人, 制表, 审核人, 备注 … and nothing but such rows below) are
    left out.

    Parsing is CPU-bound: call it through `asyncio.to_thread` from async code.

    Raises:
        TooManyRows: more than `max_rows` data rows (an `UnreadableFile`).
        UnreadableFile: the file is empty, in an unknown or mixed text encoding, cut short, not a
            well-formed CSV, a damaged or encrypted workbook, too large once unzipped or of more than
            `MAX_XLSX_CELLS` cells; every error a damaged file makes the parsing libraries raise ends
            here.
    """
    names = _Names(required, synonyms or {})
    if (reason := _not_a_table(data)) is not None:
        raise UnreadableFile(f"{reason}；请上传 CSV、XLSX 或 XLS 文件（按文件内容判断，与文件名无关）")
    if data.startswith(_ZIP):
        kind = "XLSX 文件：请确认是 Excel 2007 及以上格式"
    elif data.startswith(_OLE2):
        kind = "XLS 文件：文件已损坏或已加密，请用 Excel 另存为 XLSX 后重试"
    else:
        kind = "CSV 文件：文件已损坏"
    # A damaged file can make openpyxl, zipfile, zlib, the XML parser or xlrd raise nearly anything
    # (zlib.error, EOFError, NotImplementedError, AssertionError inside xlrd …), now or while the rows
    # are read: whatever it is, the user is told the file cannot be read, never an internal error.
    try:
        with warnings.catch_warnings():
            # openpyxl warns about parts it drops (WPS's data-validation extensions, a missing default
            # style); the cell values are still read, so the warnings are of no use to a user.
            warnings.simplefilter("ignore")
            if data.startswith(_ZIP):
                return _read_xlsx(data, names, max_rows)
            if data.startswith(_OLE2):
                return _read_xls(data, names, max_rows)
            source = _Source(None, _csv_rows(data))
            return _table([source], names, max_rows, CALENDAR_WINDOWS_1900)
    except UnreadableFile:
        raise
    except Exception:
        raise UnreadableFile(f"无法读取 {kind}") from None


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

_NOTE: Final = re.compile(r"\([^()]*\)|【[^【】]*】|\[[^\[\]]*\]")


@dataclass(frozen=True, slots=True)
class _Source:
    """A sheet to read: `rows` gives its rows afresh each call, each at most `MAX_COLUMNS` cells."""

    name: str | None
    rows: Callable[[], Iterator[list[CellValue]]]
    active: bool = False


class _Names:
    """The caller's column names, and the header keys that stand for each."""

    def __init__(self, required: Sequence[Required], synonyms: Mapping[str, Sequence[str]]) -> None:
        self.required = required
        self.canonical: dict[str, str] = {}
        for need in required:
            for name in _alternatives(need):
                self.canonical.setdefault(header_key(name).casefold(), name)
        for name, others in synonyms.items():
            for other in (name, *others):
                self.canonical.setdefault(header_key(other).casefold(), name)

    def headers(self, cells: Sequence[CellValue]) -> tuple[str, ...]:
        keys = [header_key(cell_text(cell)) for cell in cells]
        while keys and not keys[-1]:
            keys.pop()
        return tuple(self.canonical.get(key.casefold(), key) for key in keys)

    def all_present(self, headers: tuple[str, ...]) -> bool:
        return all(_has(headers, need) for need in self.required)


def _table(sources: list[_Source], names: _Names, max_rows: int, epoch: datetime) -> Table:
    probes: list[tuple[_Source, list[list[CellValue]]]] = []
    # The sheet the workbook opens on is the one the clerk filled in, if it carries the headers; then
    # the others in order (an instructions sheet often opens first and carries none).
    for source in sorted(sources, key=lambda source: not source.active):
        # Only the first rows of a sheet are read to see whether it is the one: the instructions sheet
        # or a sheet of a million rows beside the roster costs nothing more.
        probe = list(itertools.islice(source.rows(), HEADER_SEARCH_ROWS))
        for index, cells in enumerate(probe):
            headers = names.headers(cells)
            if names.all_present(headers):
                return _rows_under(source, index, headers, epoch, max_rows)
        probes.append((source, probe))
    filled = [(s, probe) for s, probe in probes if any(_is_filled(row) for row in probe)]
    if not filled:
        raise UnreadableFile("文件为空")
    source, probe = next(((s, p) for s, p in filled if s.active), filled[0])
    index = next(i for i, row in enumerate(probe) if _is_filled(row))
    return _rows_under(source, index, names.headers(probe[index]), epoch, max_rows)


def _rows_under(
    source: _Source, index: int, headers: tuple[str, ...], epoch: datetime, max_rows: int
) -> Table:
    # The first of two columns with the same header wins, as a reader of the sheet would take it.
    columns = {header: i for i, header in reversed(list(enumerate(headers))) if header}
    rows: list[Row] = []
    footers = 0  # how many of the last rows read look like a footer
    blanks = 0
    # A footer is a few lines; past that many rows beyond the limit, the file is too long.
    most = max_rows + len(FOOTER_STARTS)
    for number, cells in enumerate(itertools.islice(source.rows(), index + 1, None), start=index + 2):
        if not _is_filled(cells):
            blanks += 1
            if blanks >= SPARE_ROWS:
                break
            continue
        blanks = 0
        if len(rows) >= most:
            raise TooManyRows(max_rows)
        footers = footers + 1 if _is_footer(cells) else 0
        rows.append(
            Row(
                number=number,
                cells={header: cells[i] if i < len(cells) else None for header, i in columns.items()},
                epoch=epoch,
            )
        )
    # Judgement call: a clerk signs the form under the data (合计, 填表人：张三, 制表日期…); those lines are
    # not rows of the list. Only a run of such lines at the end is dropped: a 合计 in the middle is data
    # the caller reports on.
    if footers:
        del rows[-footers:]
    if len(rows) > max_rows:
        raise TooManyRows(max_rows)
    return Table(sheet=source.name, header_row=index + 1, headers=headers, rows=tuple(rows))


def _is_footer(cells: list[CellValue]) -> bool:
    first = next((text for cell in cells if (text := cell_text(cell))), "")
    return header_key(first).startswith(FOOTER_STARTS)


def _alternatives(need: Required) -> tuple[str, ...]:
    return (need,) if isinstance(need, str) else need


def _has(headers: tuple[str, ...], need: Required) -> bool:
    return any(name in headers for name in _alternatives(need))


def _is_filled(cells: Iterable[CellValue]) -> bool:
    return any(cell_text(cell) for cell in cells)


# --- formats ----------------------------------------------------------------------------------------

# What the parts of an XLSX may hold once unzipped: a 20,000-row roster of the export's 6 columns is
# 7.4 MB of XML (with shared or inline strings alike); a zip bomb declares far more.
MAX_UNZIPPED_BYTES: Final = 32 * 1024 * 1024
# Cells (`<c>` elements, empty ones too) in all the parts of an XLSX: openpyxl spends 30-45 µs on each,
# also on those past `MAX_COLUMNS`, so 1.5 million in one row (61 MB unzipped) took it 46 s. The largest
# file read has 20,000 data rows (`DEFAULT_MAX_ROWS`) of at most 6 template columns (the roster
# export's); this leaves room for 15 columns, so for an office's own extra ones.
MAX_XLSX_CELLS: Final = 300_000
# A cell's tag, `<c r="A1">`, or with a namespace prefix, `<x:c r="A1">`; that is at most this many bytes
# from its "<" to the end of the match. Unprefixed tags are counted with `bytes.count(b"<c")`, five times
# as fast (`<col>`, `<color>` and the like are counted too, a few hundred in a workbook).
_CELL: Final = re.compile(rb"<(?:\w{1,64}:)?c[\s>/]")
_TAG_SPAN: Final = 70
_CHUNK: Final = 1024 * 1024


def _decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV and its delimiter: UTF-16 with a byte-order mark is Excel's "Unicode 文本",
    separated by tabs; else UTF-8 (with or without a byte-order mark), else GB18030 (GBK's superset)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "\t"
        except UnicodeDecodeError:
            raise UnreadableFile("无法读取 Unicode 文本文件：文件不完整或已损坏") from None
    try:
        return _with_delimiter(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        utf8 = exc
    line = data.count(b"\n", 0, utf8.start) + 1
    header = data.split(b"\n", 1)[0]
    try:
        header_is_utf8 = not header.isascii() and bool(header.decode("utf-8-sig"))
    except UnicodeDecodeError:
        header_is_utf8 = False
    if header_is_utf8:
        # The headers are UTF-8, so the file is; one bad byte must not turn all of it into mojibake.
        if utf8.end == len(data):
            raise _cut_short(line)
        raise UnreadableFile(
            f"文件编码混杂：第 {line} 行不是 UTF-8 编码（文件其余部分是）："
            "请把整个文件另存为 UTF-8 编码的 CSV"
        )
    try:
        return _with_delimiter(data.decode("gb18030"))
    except UnicodeDecodeError as exc:
        if exc.end == len(data) and exc.reason.startswith("incomplete"):
            line = data.count(b"\n", 0, exc.start) + 1
            raise _cut_short(line) from None
    raise UnreadableFile("文件编码无法识别：请另存为 UTF-8 或 GBK 编码的 CSV")


def _cut_short(line: int) -> UnreadableFile:
    return UnreadableFile(f"文件不完整：第 {line} 行的最后一个字被截断，请重新导出完整的文件")


def _with_delimiter(text: str) -> tuple[str, str]:
    # A tab-separated export saved as UTF-8: its header line has tabs and no commas.
    first = text.split("\n", 1)[0]
    return text, "\t" if "\t" in first and "," not in first else ","


# ="532301199003121027": how CSV exports (ours, `domain.exports`, and many offices' systems) keep a
# long number as text in Excel and WPS, which would otherwise round it to 15 significant digits.
_TEXT_FORMULA = re.compile(r'="([^"]*)"')


def _unwrapped(cell: str) -> str:
    match = _TEXT_FORMULA.fullmatch(cell.strip())
    return match[1] if match else cell


def _csv_rows(data: bytes) -> Callable[[], Iterator[list[CellValue]]]:
    text, delimiter = _decode(data)

    def rows() -> Iterator[list[CellValue]]:
        try:
            for row in csv.reader(io.StringIO(text), delimiter=delimiter):
                yield [_unwrapped(cell) for cell in row[:MAX_COLUMNS]]
        except csv.Error as exc:
            raise UnreadableFile(f"CSV 格式错误：{exc}") from None

    return rows


def _read_xlsx(data: bytes, names: _Names, max_rows: int) -> Table:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        # zipfile reads no more of a part than its declared size, so the declared sizes bound the work.
        if sum(item.file_size for item in archive.infolist()) > MAX_UNZIPPED_BYTES:
            raise UnreadableFile("XLSX 文件解压后过大：请只保留名单所在的工作表，另存后重试")
        if _counts_more_cells(archive, MAX_XLSX_CELLS):
            raise UnreadableFile(
                f"XLSX 文件的单元格过多（超过 {MAX_XLSX_CELLS} 个，含空白但设了格式的单元格）："
                "请只保留名单所在的工作表，删除名单以外的行和列，另存后重试"
            )
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        active = workbook.active
        sources: list[_Source] = []
        for sheet in workbook.worksheets:
            if sheet.sheet_state != "visible":
                continue
            # WPS declares <dimension ref="A1"/> whatever the sheet holds; read what is there, but
            # never more than MAX_COLUMNS columns, however far to the right a stray cell sits.
            sheet.reset_dimensions()

            def rows(sheet: Any = sheet) -> Iterator[list[CellValue]]:
                for values in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
                    yield [_xlsx_value(v) for v in values]

            sources.append(_Source(sheet.title, rows, active=sheet is active))
        epoch = CALENDAR_MAC_1904 if workbook.epoch == CALENDAR_MAC_1904 else CALENDAR_WINDOWS_1900
        return _table(sources, names, max_rows, epoch)
    finally:
        workbook.close()


def _counts_more_cells(archive: zipfile.ZipFile, limit: int) -> bool:
    """Whether the XML parts of `archive` hold more than `limit` cells (`_CELL`), counted before
    openpyxl parses any: the parts are unzipped a megabyte at a time, and no further than the one where
    the count passes the limit."""
    cells = 0
    for item in archive.infolist():
        if not item.filename.endswith(".xml"):
            continue
        with archive.open(item) as part:
            last = b""
            while chunk := part.read(_CHUNK):
                text = last + chunk
                # A tag cut at the chunk's end is counted with the next chunk: keep it from its "<" on.
                cut = text.rfind(b"<", max(0, len(text) - _TAG_SPAN))
                cut = len(text) if cut < 0 else cut
                cells += _cells_in(text, cut)
                if cells > limit:
                    return True
                last = text[cut:]
            cells += _cells_in(last, len(last))
    return cells > limit


def _cells_in(text: bytes, end: int) -> int:
    if b":c" in text:
        return len(_CELL.findall(text, 0, end))
    return text.count(b"<c", 0, end)


def _read_xls(data: bytes, names: _Names, max_rows: int) -> Table:
    # xlrd reports oddities of the file to a log, which the user never sees.
    book = xlrd.open_workbook(file_contents=data, logfile=io.StringIO(), ragged_rows=True)
    epoch = CALENDAR_MAC_1904 if book.datemode == 1 else CALENDAR_WINDOWS_1900
    sources: list[_Source] = []
    for sheet in book.sheets():
        if sheet.visibility != 0:
            continue

        def rows(sheet: Any = sheet) -> Iterator[list[CellValue]]:
            for r in range(sheet.nrows):
                width = min(sheet.row_len(r), MAX_COLUMNS)
                yield [_xls_cell(sheet.cell(r, c), book.datemode) for c in range(width)]

        sources.append(_Source(sheet.name, rows, active=bool(sheet.sheet_visible)))
    return _table(sources, names, max_rows, epoch)


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
