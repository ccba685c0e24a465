"""The one reader of CSV, XLSX and XLS: files as Excel and WPS write them, dates in every office form,
serial dates in both of Excel's date systems, and ID numbers that Excel has turned into numbers."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Final

import pytest
from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from domain.spreadsheets import (
    NumberLostDigits,
    Row,
    UnreadableFile,
    cell_text,
    parse_office_date,
    read_table,
    serial_date,
)

FIXTURES: Final = Path(__file__).parent.parent / "fixtures" / "spreadsheets"
ROSTER: Final = ("身份证号", "姓名", "学时", "完成日期")
REQUIRED: Final = ("学时", "完成日期", ("身份证号", "用户名"))
ID: Final = "53230119900312501X"


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def one_sheet(rows: Sequence[Sequence[object]], *, epoch: datetime | None = None) -> bytes:
    workbook = Workbook()
    if epoch is not None:
        workbook.epoch = epoch
    sheet = workbook.active
    assert sheet is not None
    for values in rows:
        sheet.append(list(values))
    return workbook_bytes(workbook)


def as_wps_writes_it(data: bytes) -> bytes:
    """The same workbook with every sheet declaring `<dimension ref="A1"/>`, as WPS saves long sheets."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as patched:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                content, count = re.subn(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1"/>', content)
                assert count == 1
            patched.writestr(item, content)
    return buffer.getvalue()


def first_row(data: bytes) -> Row:
    return read_table(data, required=REQUIRED).rows[0]


# --- XLSX as WPS writes it -----------------------------------------------------------------------


def test_a_wps_sheet_declaring_only_a1_is_read_to_its_last_row() -> None:
    rows = [ROSTER] + [[ID, f"学员{i}", 8, date(2027, 1, 5)] for i in range(300)]
    data = as_wps_writes_it(one_sheet(rows))
    assert b'<dimension ref="A1"/>' in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    table = read_table(data, required=REQUIRED)
    assert table.headers == ROSTER
    assert table.missing(REQUIRED) == []
    assert len(table.rows) == 300
    assert table.rows[-1].number == 301
    assert table.rows[-1].text("姓名") == "学员299"


def test_the_sheet_carrying_the_headers_is_read_when_the_instructions_come_first() -> None:
    workbook = Workbook()
    notes = workbook.active
    assert notes is not None
    notes.title = "填写说明"
    notes.append(["身份证号列请设置为文本格式"])
    roster = workbook.create_sheet("结业名单")
    roster.append(list(ROSTER))
    roster.append([ID, "李娜", 16, date(2027, 1, 5)])
    table = read_table(workbook_bytes(workbook), required=REQUIRED)
    assert (table.sheet, table.header_row, table.missing(REQUIRED)) == ("结业名单", 1, [])
    assert table.rows[0].text("姓名") == "李娜"


def test_a_hidden_sheet_is_not_read() -> None:
    workbook = Workbook()
    hidden = workbook.active
    assert hidden is not None
    hidden.append(list(ROSTER))
    hidden.append([ID, "旧数据", 1, date(2020, 1, 1)])
    hidden.sheet_state = "hidden"
    shown = workbook.create_sheet("名单")
    shown.append(list(ROSTER))
    shown.append([ID, "李娜", 16, date(2027, 1, 5)])
    workbook.active = 1
    table = read_table(workbook_bytes(workbook), required=REQUIRED)
    assert [row.text("姓名") for row in table.rows] == ["李娜"]


def test_a_title_above_the_headers_keeps_the_row_numbers_excel_shows() -> None:
    data = one_sheet([["2027年第一期结业名单"], [], ROSTER, [ID, "李娜", 16, "2027-01-05"]])
    table = read_table(data, required=REQUIRED)
    assert (table.header_row, [row.number for row in table.rows]) == (3, [4])


def test_without_the_headers_anywhere_the_active_sheet_is_read_and_the_missing_columns_named() -> None:
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    first.append(["说明"])
    second = workbook.create_sheet("名单")
    second.append(["身份证号", "姓名"])
    workbook.active = 1
    table = read_table(workbook_bytes(workbook), required=REQUIRED)
    assert (table.sheet, table.headers) == ("名单", ("身份证号", "姓名"))
    assert table.missing(REQUIRED) == ["学时", "完成日期"]


def test_a_csv_is_one_table_and_its_missing_columns_are_named_by_their_first_alternative() -> None:
    table = read_table("姓名,学时\r\n李娜,8\r\n".encode("gbk"), required=REQUIRED)
    assert (table.sheet, table.header_row) == (None, 1)
    assert table.missing(REQUIRED) == ["完成日期", "身份证号"]


# --- dates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2027-01-05",
        "2027/1/5",
        "2027.1.5",
        "2027年1月5日",
        "20270105",
        "2027-1-5",
        "2027/01/05",
        "2027 年 1 月 5 日",
        "２０２７年１月５日",
        "2027-01-05 00:00:00",
    ],
)
def test_every_form_of_date_offices_write_is_read(text: str) -> None:
    assert parse_office_date(text) == date(2027, 1, 5)


@pytest.mark.parametrize(
    "text", ["05/01/2027", "2027-1/5", "2027年1月5", "20271305", "2027-02-30", "46392", "", "明天"]
)
def test_ambiguous_or_impossible_dates_are_not_read(text: str) -> None:
    assert parse_office_date(text) is None


@pytest.mark.parametrize(
    ("epoch", "serial"),
    [
        pytest.param(None, 46392, id="1900 date system (Windows Excel, WPS)"),
        pytest.param(CALENDAR_MAC_1904, 44930, id="1904 date system (old Mac workbooks)"),
    ],
)
def test_a_number_in_a_date_column_is_a_serial_date_in_the_workbooks_date_system(
    epoch: datetime | None, serial: int
) -> None:
    data = one_sheet([ROSTER, [ID, "李娜", 16, serial]], epoch=epoch)
    assert first_row(data).as_date("完成日期") == date(2027, 1, 5)


def test_a_date_cell_of_a_1904_workbook_is_its_own_date() -> None:
    data = one_sheet([ROSTER, [ID, "李娜", 16, date(2027, 1, 5)]], epoch=CALENDAR_MAC_1904)
    assert b'date1904="1"' in zipfile.ZipFile(io.BytesIO(data)).read("xl/workbook.xml")
    assert first_row(data).as_date("完成日期") == date(2027, 1, 5)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("2027年1月5日", date(2027, 1, 5), id="text"),
        pytest.param(20270105, date(2027, 1, 5), id="an 8-digit number typed as a date"),
        pytest.param(46392.75, date(2027, 1, 5), id="a serial with a time of day"),
        pytest.param(0, None, id="serial 0"),
        pytest.param(-3, None, id="a negative number"),
        pytest.param(True, None, id="a truth value"),
        pytest.param(None, None, id="blank"),
    ],
)
def test_a_date_cell_is_read_from_what_it_holds(value: object, expected: date | None) -> None:
    assert first_row(one_sheet([ROSTER, [ID, "李娜", 16, value]])).as_date("完成日期") == expected


def test_serial_dates_out_of_excels_range_are_none() -> None:
    assert serial_date(2_958_466) is None
    assert serial_date(1) == date(1900, 1, 1)
    assert serial_date(0, CALENDAR_MAC_1904) is None


# --- ID numbers that became numbers ---------------------------------------------------------------


def test_an_id_number_stored_as_a_number_says_so_and_how_to_fix_it() -> None:
    data = one_sheet([ROSTER, [532301199003125011, "李娜", 16, date(2027, 1, 5)]])
    with pytest.raises(NumberLostDigits) as caught:
        first_row(data).code("身份证号")
    assert str(caught.value) == (
        "身份证号被存成了数字（Excel 显示为 5.32301E+17，末几位已丢失）：请把该列设置为文本格式后重新填写"
    )


def test_an_id_number_saved_to_csv_from_a_number_column_says_so() -> None:
    data = "身份证号,学时,完成日期\r\n5.32301E+17,8,2027-01-05\r\n".encode()
    with pytest.raises(NumberLostDigits, match=r"Excel 显示为 5\.32301E\+17"):
        first_row(data).code("身份证号")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(ID, ID, id="text"),
        pytest.param(f" {ID} ", ID, id="text with spaces"),
        pytest.param(20279999, "20279999", id="a short number, exact"),
        pytest.param(20279999.0, "20279999", id="a short number stored as a float"),
        pytest.param(None, "", id="blank"),
    ],
)
def test_a_code_that_excel_kept_whole_is_read_as_text(value: object, expected: str) -> None:
    assert first_row(one_sheet([ROSTER, [value, "李娜", 16, "2027-01-05"]])).code("身份证号") == expected


# --- XLS (Excel 97–2003) --------------------------------------------------------------------------


def test_an_xls_workbook_is_read_from_the_sheet_with_the_headers() -> None:
    table = read_table((FIXTURES / "roster.xls").read_bytes(), required=REQUIRED)
    assert (table.sheet, table.header_row) == ("结业名单", 1)
    assert [(r.number, r.code("身份证号"), r.text("学时"), r.as_date("完成日期")) for r in table.rows] == [
        (2, ID, "16", date(2027, 1, 5)),
        (3, "532301198501025033", "12.5", date(2027, 1, 5)),  # a bare serial number
    ]


def test_a_damaged_xls_is_unreadable_with_a_message_about_xls() -> None:
    data = (FIXTURES / "roster.xls").read_bytes()[:1500]
    with pytest.raises(UnreadableFile, match="无法读取 XLS 文件"):
        read_table(data, required=REQUIRED)


# --- cells as text --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (8.0, "8"),
        (12.5, "12.5"),
        (datetime(2027, 1, 5), "2027-01-05"),  # noqa: DTZ001 - an Excel date cell
        (datetime(2027, 1, 5, 9, 30), "2027-01-05 09:30:00"),  # noqa: DTZ001 - an Excel date cell
        ("  李娜 ", "李娜"),
        (None, ""),
    ],
)
def test_cells_read_as_text(value: object, text: str) -> None:
    assert cell_text(value) == text  # type: ignore[arg-type]
