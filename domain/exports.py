"""The one writer of the files the system hands out: CSV (UTF-8 with a byte-order mark) and XLSX.

Every export goes through here (transcripts, templates, payout batches, reports), because its cells hold
text that users typed (course titles, reasons, names) and a spreadsheet program runs a cell that starts
with `=`, `+`, `-` or `@` as a formula (OWASP "CSV injection": `=HYPERLINK(...)` sends data away when
clicked). Untrusted text never becomes a formula:

- in CSV, a text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`,
  which Excel and WPS show as the start of text;
- in XLSX, text is always a string cell (and marked "quote prefix", so editing it in Excel keeps it
  text); characters XML cannot hold are dropped rather than failing the whole export.

Numbers are written as numbers (hours and money as `Decimal`, exactly, so the office can add them up),
dates as date cells in XLSX and `2027-01-05` in CSV, time stamps in Asia/Shanghai. A `Decimal` shows
its own decimal places in both formats: hours, kept to one place (`96.0`), read `96.0` in the CSV and
in Excel alike (a number cell formatted `0.0`), never in exponent form. Empty text is an empty cell.
Sheet titles are made valid for Excel (no `[]:*?/\\`, at most 31 characters, distinct).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Final

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from domain.clock import SHANGHAI

# What a cell of an export may hold. Floats are left out on purpose: hours and money are Decimals.
Cell = str | int | Decimal | date | datetime | None

CSV_MEDIA_TYPE: Final = "text/csv; charset=utf-8"
XLSX_MEDIA_TYPE: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# OWASP, "CSV Injection": the characters a spreadsheet program reads as the start of a formula.
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")

DATE_FORMAT: Final = "yyyy-mm-dd"
DATETIME_FORMAT: Final = "yyyy-mm-dd hh:mm"
TEXT_FORMAT: Final = "@"

# Excel refuses a sheet title with these characters, or longer than 31 characters.
_TITLE_FORBIDDEN: Final = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))
MAX_TITLE: Final = 31


@dataclass(frozen=True, slots=True)
class Sheet:
    """One sheet of an XLSX: its title, rows, column widths (in characters, from column A), and the
    columns (0-based) formatted as text, so that what a user types there (an ID number) stays text."""

    title: str
    rows: Sequence[Sequence[Cell]]
    widths: Sequence[float] = ()
    text_columns: Sequence[int] = field(default=())


def neutralise(text: str) -> str:
    """Text that a spreadsheet program shows as text: a leading `'` before a formula character."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(rows: Sequence[Sequence[Cell]], *, text_columns: Sequence[int] = ()) -> bytes:
    """Rows as CSV in UTF-8 with a byte-order mark (so Excel opens the Chinese correctly), lines ending
    in CRLF; text neutralised (`neutralise`), dates as `2027-01-05`, numbers as written.

    In `text_columns` (0-based), a code of digits (an ID number, a bank account, an admission number) is
    written `="532301199003121027"`, which Excel and WPS open as that text: written bare, they read it
    as a number and keep 15 significant digits (5.32301E+17). `domain.spreadsheets` reads it back as
    the code."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    text = frozenset(text_columns)
    writer.writerows(
        [_csv_code(cell) if i in text else _csv_cell(cell) for i, cell in enumerate(row)] for row in rows
    )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """A workbook of `sheets`: text as string cells, numbers as numbers, dates as date cells."""
    workbook = Workbook()
    default = workbook.active
    if default is not None:
        workbook.remove(default)
    titles: set[str] = set()
    for spec in sheets:
        sheet = workbook.create_sheet(sheet_title(spec.title, taken=titles))
        titles.add(sheet.title.casefold())
        for r, values in enumerate(spec.rows, start=1):
            for c, value in enumerate(values, start=1):
                # An empty string is an empty cell, not a string cell holding nothing.
                if value is None or value == "":
                    continue
                cell = sheet.cell(row=r, column=c)
                if isinstance(value, str):
                    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
                    # openpyxl takes a string starting with "=" as a formula: make it a string again.
                    cell.data_type = "s"
                    cell.quotePrefix = value.startswith(FORMULA_STARTS)
                elif isinstance(value, datetime):
                    cell.value = _local(value)
                    cell.number_format = DATETIME_FORMAT
                elif isinstance(value, date):
                    cell.value = value
                    cell.number_format = DATE_FORMAT
                elif isinstance(value, Decimal):
                    cell.value = value
                    cell.number_format = _decimal_format(value)
                else:
                    cell.value = value
        for column, width in enumerate(spec.widths, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = width
        for column in spec.text_columns:
            sheet.column_dimensions[get_column_letter(column + 1)].number_format = TEXT_FORMAT
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_title(title: str, *, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A title Excel accepts: `[]:*?/\\` become `_`, no leading or trailing `'`, at most 31 characters,
    "Sheet" when nothing is left, and a ` (2)` suffix when `taken` (case-folded titles) holds it."""
    clean = ILLEGAL_CHARACTERS_RE.sub("", title).translate(_TITLE_FORBIDDEN).strip().strip("'")
    clean = clean[:MAX_TITLE] or "Sheet"
    candidate, n = clean, 2
    while candidate.casefold() in taken:
        suffix = f" ({n})"
        candidate, n = clean[: MAX_TITLE - len(suffix)] + suffix, n + 1
    return candidate


def _decimal_format(value: Decimal) -> str:
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return "0." + "0" * places if places else "0"


# A code Excel would take for a number: digits, an ID number's check X included.
_NUMERIC_CODE = re.compile(r"[0-9]+[Xx]?")


def _csv_code(value: Cell) -> str:
    if isinstance(value, str) and _NUMERIC_CODE.fullmatch(value):
        return f'="{value}"'
    return _csv_cell(value)


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        # Plain digits with the value's own places (96.0), never exponent form (1E+2).
        return format(value, "f")
    return str(value)


def _local(moment: datetime) -> datetime:
    """A time stamp as Shanghai wall time, without an offset: Excel cells hold no time zone."""
    return moment.astimezone(SHANGHAI).replace(tzinfo=None) if moment.tzinfo is not None else moment
