"""Reading the tables offices exchange: CSV (UTF-8, UTF-8 with a byte-order mark, or GBK, as
Chinese Excel exports them) or XLSX, into numbered rows of text."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook


class UnreadableFile(ValueError):
    """The file as a whole cannot be read; the message says why, in Chinese."""


def read_rows(data: bytes) -> list[tuple[int, list[str]]]:
    """Non-blank rows with the numbers a spreadsheet shows them under (the header is row 1)."""
    raw = _xlsx_rows(data) if data[:4] == b"PK\x03\x04" else _csv_rows(data)
    rows = [(number, row) for number, row in enumerate(raw, start=1) if any(cell.strip() for cell in row)]
    if not rows:
        raise UnreadableFile("文件为空")
    return rows


def _csv_rows(data: bytes) -> list[list[str]]:
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


def _xlsx_rows(data: bytes) -> list[list[str]]:
    unreadable = UnreadableFile("无法读取 XLSX 文件：请确认是 Excel 2007 及以上格式")
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
