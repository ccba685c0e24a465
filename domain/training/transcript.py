"""A person's transcript (学时证明): every ledger entry in date order, as CSV or XLSX.

Course titles and reasons are text that providers and admins typed: they are written through
`domain.exports`, so none of them becomes a formula in the trainee's spreadsheet.
"""

from __future__ import annotations

from typing import Final

from domain.exports import Cell, Sheet, csv_bytes, xlsx_bytes
from domain.training.hours import from_tenths
from domain.training.models import HourEntry
from domain.training.vocabulary import ENTRY_SOURCE_LABELS, HOUR_CATEGORY_LABELS

HEADERS: Final = ("日期", "类别", "学时", "来源", "课程", "备注")
WIDTHS: Final = (12, 12, 8, 10, 30, 30)


def transcript_rows(name: str, entries: list[HourEntry]) -> list[list[Cell]]:
    """The transcript as rows: a title, the headers, one row per entry (date, category, hours as a
    Decimal, source, course title, reason), and the total."""
    lines: list[list[Cell]] = [
        [
            entry.occurred_on,
            HOUR_CATEGORY_LABELS[entry.category],
            from_tenths(entry.tenths),
            ENTRY_SOURCE_LABELS[entry.source],
            entry.course.title if entry.course else "",
            entry.reason or "",
        ]
        for entry in entries
    ]
    total = from_tenths(sum(e.tenths for e in entries))
    return [[f"{name} 学时记录"], list(HEADERS), *lines, ["合计", "", total, "", "", ""]]


def transcript_csv(name: str, entries: list[HourEntry]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens the Chinese correctly; see `domain.exports`."""
    return csv_bytes(transcript_rows(name, entries))


def transcript_xlsx(name: str, entries: list[HourEntry]) -> bytes:
    """One sheet 学时记录: dates as date cells and hours as numbers, so the office can add them up."""
    return xlsx_bytes([Sheet("学时记录", transcript_rows(name, entries), widths=WIDTHS)])
