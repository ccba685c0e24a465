"""A person's transcript (学时证明): every ledger entry in date order, as CSV or XLSX."""

from __future__ import annotations

import csv
import io
from typing import Final

from openpyxl import Workbook

from domain.training.hours import from_tenths
from domain.training.models import HourEntry
from domain.training.vocabulary import ENTRY_SOURCE_LABELS, HOUR_CATEGORY_LABELS

HEADERS: Final = ("日期", "类别", "学时", "来源", "课程", "备注")


def transcript_rows(entries: list[HourEntry]) -> list[list[str]]:
    return [
        [
            entry.occurred_on.isoformat(),
            HOUR_CATEGORY_LABELS[entry.category],
            str(from_tenths(entry.tenths)),
            ENTRY_SOURCE_LABELS[entry.source],
            entry.course.title if entry.course else "",
            entry.reason or "",
        ]
        for entry in entries
    ]


def transcript_csv(name: str, entries: list[HourEntry]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens the Chinese correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([f"{name} 学时记录"])
    writer.writerow(HEADERS)
    writer.writerows(transcript_rows(entries))
    total = sum(e.tenths for e in entries)
    writer.writerow(["合计", "", str(from_tenths(total)), "", "", ""])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def transcript_xlsx(name: str, entries: list[HourEntry]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active or workbook.create_sheet()
    sheet.title = "学时记录"
    sheet.append([f"{name} 学时记录"])
    sheet.append(list(HEADERS))
    for row in transcript_rows(entries):
        # Hours as numbers, so the office can add them up in Excel.
        sheet.append([row[0], row[1], float(row[2]), row[3], row[4], row[5]])
    sheet.append(["合计", "", float(from_tenths(sum(e.tenths for e in entries)))])
    for column, width in zip("ABCDEF", (12, 12, 8, 10, 30, 30), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
