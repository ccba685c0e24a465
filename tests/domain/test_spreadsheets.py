"""The one reader of CSV, XLSX and XLS: files as Excel and WPS write them, dates in every office form,
serial dates in both of Excel's date systems, and ID numbers that Excel has turned into numbers."""

from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Final

import pytest
from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from domain import spreadsheets
from domain.spreadsheets import (
    HEADER_SEARCH_ROWS,
    MAX_COLUMNS,
    SPARE_ROWS,
    CellValue,
    NumberLostDigits,
    Row,
    TooManyRows,
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


def test_of_two_sheets_carrying_the_headers_the_one_the_workbook_opens_on_is_read() -> None:
    workbook = Workbook()
    last_term = workbook.active
    assert last_term is not None
    last_term.title = "上期名单"
    last_term.append(list(ROSTER))
    last_term.append([ID, "旧数据", 1, date(2026, 1, 5)])
    this_term = workbook.create_sheet("本期名单")
    this_term.append(list(ROSTER))
    this_term.append([ID, "李娜", 16, date(2027, 1, 5)])
    workbook.active = 1
    table = read_table(workbook_bytes(workbook), required=REQUIRED)
    assert (table.sheet, [row.text("姓名") for row in table.rows]) == ("本期名单", ["李娜"])


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("46392", date(2027, 1, 5), id="a serial a CSV export wrote out"),
        pytest.param(" 46392 ", date(2027, 1, 5), id="with spaces"),
        pytest.param("2027", None, id="a year is not a serial"),
        pytest.param("463920", None, id="six digits are neither"),
    ],
)
def test_a_csv_date_column_holding_serial_numbers_is_read_as_excel_wrote_them(
    text: str, expected: date | None
) -> None:
    data = f"身份证号,姓名,学时,完成日期\r\n{ID},李娜,16,{text}\r\n".encode()
    assert read_table(data, required=REQUIRED).rows[0].as_date("完成日期") == expected


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


def test_an_id_number_a_csv_kept_as_text_with_an_excel_formula_is_read_as_the_number() -> None:
    # ="…" is how our exports (and many offices' systems) keep codes whole for Excel.
    data = f'身份证号,学时,完成日期\r\n="{ID}",="8",2027-01-05\r\n'.encode()
    row = first_row(data)
    assert row.code("身份证号") == ID
    assert row.text("学时") == "8"


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


# --- hostile and damaged files --------------------------------------------------------------------


def xfd_workbook(rows: int, *, first_column: str | None = None) -> bytes:
    """The reviewer's 27 KB file: the roster's headers, then `rows` rows each with one cell in column
    XFD (the last of 16,384) and, if given, one in `first_column`."""
    cells = "".join(
        f'<row r="{i}">'
        + (f'<c r="{first_column}{i}" t="inlineStr"><is><t>{ID}</t></is></c>' if first_column else "")
        + f'<c r="XFD{i}" t="inlineStr"><is><t>x</t></is></c></row>'
        for i in range(2, rows + 2)
    )
    header = "".join(
        f'<c r="{col}1" t="inlineStr"><is><t>{text}</t></is></c>'
        for col, text in zip("ABC", ["身份证号", "学时", "完成日期"], strict=True)
    )
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
            'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override'
            ' PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{package}"><Relationship Id="rId1"'
            f' Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{package}"><Relationship Id="rId1"'
            f' Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><dimension ref="A1"/>'
            f'<sheetData><row r="1">{header}</row>{cells}</sheetData></worksheet>'
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


@pytest.fixture
def cells_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many XLSX cells the reader converts: the work it does, counted rather than timed."""
    count = [0]
    convert = spreadsheets._xlsx_value

    def counting(value: object) -> CellValue:
        count[0] += 1
        return convert(value)

    monkeypatch.setattr(spreadsheets, "_xlsx_value", counting)
    return count


def test_a_cell_in_column_xfd_on_every_row_costs_a_bounded_number_of_cells(cells_read: list[int]) -> None:
    data = xfd_workbook(10_000)
    assert len(data) < 60_000  # a small upload: the cost must come from what the reader does with it
    table = read_table(data, required=REQUIRED)
    assert table.headers == ("身份证号", "学时", "完成日期")
    assert table.rows == ()
    # Never padded out to XFD (16,384 columns a row), nor read past a run of blank rows.
    assert cells_read[0] <= (HEADER_SEARCH_ROWS + 1 + SPARE_ROWS) * MAX_COLUMNS


def test_more_rows_than_the_caller_takes_are_refused_without_reading_them_all(
    cells_read: list[int],
) -> None:
    with pytest.raises(TooManyRows, match="一次最多导入 100 行"):
        read_table(xfd_workbook(5_000, first_column="A"), required=REQUIRED, max_rows=100)
    assert cells_read[0] <= 200 * MAX_COLUMNS


def test_only_the_first_rows_of_a_sheet_without_the_headers_are_read(cells_read: list[int]) -> None:
    workbook = Workbook()
    other = workbook.active
    assert other is not None
    for n in range(5_000):
        other.append([n])
    roster = workbook.create_sheet("名单")
    roster.append(ROSTER)
    roster.append([ID, "李娜", 16, "2027-01-05"])
    table = read_table(workbook_bytes(workbook), required=REQUIRED)
    assert (table.sheet, len(table.rows)) == ("名单", 1)
    assert cells_read[0] <= (HEADER_SEARCH_ROWS + 2 + SPARE_ROWS) * MAX_COLUMNS


def test_a_declared_unzipped_size_beyond_the_limit_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (spreadsheets.MAX_UNZIPPED_BYTES + 1))
    with pytest.raises(UnreadableFile, match="解压后过大"):
        read_table(buffer.getvalue(), required=REQUIRED)


def flip_bytes(data: bytes, rng: random.Random, start: int = 0) -> bytes:
    damaged = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        damaged[rng.randrange(start, len(damaged))] ^= rng.randrange(1, 256)
    return bytes(damaged)


def read_or_unreadable(data: bytes) -> str:
    try:
        read_table(data, required=REQUIRED)
    except UnreadableFile:
        return "unreadable"
    return "read"


def test_a_compressed_sheet_with_flipped_bytes_is_unreadable_not_an_internal_error() -> None:
    data = bytearray(one_sheet([ROSTER, [ID, "李娜", 16, "2027-01-05"]] * 50))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/worksheets/sheet1.xml")
    body = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(body + 5, body + 40):
        data[i] ^= 0x5A  # zlib.error inside zipfile, before the fix
    with pytest.raises(UnreadableFile, match="无法读取 XLSX 文件"):
        read_table(bytes(data), required=REQUIRED)


def test_an_xls_that_makes_xlrd_fail_an_assertion_is_unreadable() -> None:
    # Found by the reviewer's fuzzing of roster.xls: xlrd raises AssertionError while reading rows.
    with pytest.raises(UnreadableFile, match="无法读取 XLS 文件"):
        read_table((FIXTURES / "damaged_roster.xls").read_bytes(), required=REQUIRED)


@pytest.mark.parametrize(
    "original",
    [
        pytest.param(one_sheet([ROSTER, *[[ID, "李娜", 16, "2027-01-05"]] * 30]), id="xlsx"),
        pytest.param((FIXTURES / "roster.xls").read_bytes(), id="xls"),
    ],
)
def test_damaged_copies_of_a_workbook_are_read_or_unreadable_never_an_internal_error(
    original: bytes,
) -> None:
    # Fixed seed: the same 100 damaged copies on every run. noqa: not cryptography.
    rng = random.Random(20270105)  # noqa: S311
    outcomes = {read_or_unreadable(flip_bytes(original, rng, start=8)) for _ in range(100)}
    assert outcomes <= {"read", "unreadable"}
    assert "unreadable" in outcomes


# --- encodings ------------------------------------------------------------------------------------

CSV_ROWS: Final = f"身份证号,姓名,学时,完成日期\r\n{ID},李娜,16,2027-01-05\r\n"


def test_one_gbk_row_in_a_utf8_csv_is_named_rather_than_the_file_read_as_mojibake() -> None:
    data = CSV_ROWS.encode() + f"{ID},张梅,16,2027-01-05\r\n".encode("gbk")
    with pytest.raises(UnreadableFile) as caught:
        read_table(data, required=REQUIRED)
    assert str(caught.value).startswith("文件编码混杂：第 3 行不是 UTF-8 编码")


def test_a_utf8_csv_cut_in_the_middle_of_a_character_says_so() -> None:
    data = (CSV_ROWS + f"{ID},张梅").encode()[:-1]
    with pytest.raises(UnreadableFile, match="文件不完整：第 3 行的最后一个字被截断"):
        read_table(data, required=REQUIRED)


def test_excels_unicode_text_utf16_with_tabs_is_read() -> None:
    data = CSV_ROWS.replace(",", "\t").encode("utf-16")
    assert data.startswith(b"\xff\xfe")
    [row] = read_table(data, required=REQUIRED).rows
    assert (row.code("身份证号"), row.text("姓名"), row.as_date("完成日期")) == (ID, "李娜", date(2027, 1, 5))


def test_a_gbk_csv_is_still_read() -> None:
    [row] = read_table(CSV_ROWS.encode("gbk"), required=REQUIRED).rows
    assert row.text("姓名") == "李娜"


# --- headers as clerks write them ----------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param(("身份证号", "姓  名", "学时", "完成日期"), id="spaces inside"),
        pytest.param(("身份证号\n(18位)", "姓名", "学时", "完成日期"), id="a line break and a note"),
        pytest.param(("身份证号", "姓　名", "学时（小时）", "*完成日期"), id="full-width space, note, mark"),
        pytest.param(("身份证号（必填）", " 姓名 ", "学时[必填]", "完成日期【必填】"), id="notes"),
    ],
)
def test_headers_are_read_without_spaces_line_breaks_notes_or_marks(headers: tuple[str, ...]) -> None:
    table = read_table(one_sheet([headers, [ID, "李娜", 16, "2027-01-05"]]), required=REQUIRED)
    assert table.headers == ROSTER
    assert table.rows[0].text("姓名") == "李娜"


def test_the_callers_synonyms_stand_for_its_columns() -> None:
    synonyms = {"身份证号": ("身份证号码", "公民身份号码"), "完成日期": ("结业日期",), "学时": ("学时数",)}
    data = one_sheet([("公民身份号码", "姓名", "学时数", "结业日期"), [ID, "李娜", 16, "2027-01-05"]])
    assert read_table(data, required=REQUIRED).missing(REQUIRED) == ["学时", "完成日期", "身份证号"]
    table = read_table(data, required=REQUIRED, synonyms=synonyms)
    assert table.headers == ROSTER
    assert table.rows[0].code("身份证号") == ID


# --- codes, years, footers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("２０２７００１", "2027001", id="full-width digits"),
        pytest.param("53230119900312501x", ID, id="a lower-case check letter"),
        pytest.param("５３２３０１１９９００３１２５０１Ｘ", ID, id="full-width with Ｘ"),
        pytest.param("532301 19900312501X", ID, id="a space inside"),
    ],
)
def test_codes_are_normalised(value: str, expected: str) -> None:
    assert first_row(one_sheet([ROSTER, [value, "李娜", 16, "2027-01-05"]])).code("身份证号") == expected


@pytest.mark.parametrize("value", [2027, 2027.0, "2027", "2027年"])
def test_a_year_alone_in_a_date_column_is_not_a_serial_date(value: object) -> None:
    row = first_row(one_sheet([ROSTER, [ID, "李娜", 16, value]]))
    assert row.as_date("完成日期") is None  # not 1905-07-19, serial day 2027
    assert row.year_only("完成日期")


@pytest.mark.parametrize("text", ["2026-12-15T00:00:00", "2026-12-15 00:00:00", "2026年12月15号"])
def test_dates_as_systems_and_people_also_write_them(text: str) -> None:
    assert parse_office_date(text) == date(2026, 12, 15)


def test_footer_rows_under_the_data_are_left_out() -> None:
    data = one_sheet(
        [
            ("序号", *ROSTER),
            (1, ID, "李娜", 16, "2027-01-05"),
            ("合计", None, None, 16, None),
            ("填表人：张三", None, None, None, None),
            (None, None, None, None, None),
            ("制表日期：2027年1月6日", None, None, None, None),
        ]
    )
    table = read_table(data, required=REQUIRED)
    assert [row.number for row in table.rows] == [2]


def test_a_total_line_above_more_data_is_a_row_the_caller_sees() -> None:
    data = one_sheet([ROSTER, ("合计", None, 16, None), (ID, "李娜", 16, "2027-01-05")])
    assert [row.number for row in read_table(data, required=REQUIRED).rows] == [2, 3]
