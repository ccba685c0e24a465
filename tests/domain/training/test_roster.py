"""Reading completion rosters (CSV in UTF-8, UTF-8 with BOM, GBK, GB18030, or XLSX) and the templates."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from domain.training.roster import (
    BAD_DATE,
    COMPLETED_ON,
    HOURS,
    ID_CARD,
    MAX_ROWS,
    NAME,
    USERNAME,
    RosterProblem,
    RosterRow,
    UnreadableRoster,
    parse_date,
    read_roster,
    template_csv,
    template_xlsx,
)

HEADERS = "身份证号,姓名,学时,完成日期"
ZHANG_SAN = "532301199001011234"
LI_SI = "53230119851231002X"
BOM = b"\xef\xbb\xbf"


def csv_bytes(lines: Sequence[str], encoding: str = "utf-8") -> bytes:
    return "".join(line + "\r\n" for line in lines).encode(encoding)


def xlsx_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def excel_date(day: date) -> datetime:
    """What openpyxl returns for a date cell: a naive datetime, as Excel keeps no time zone."""
    return datetime(day.year, day.month, day.day)  # noqa: DTZ001 - Excel date cells are naive


def rewritten_xlsx(part: str, content: bytes) -> bytes:
    """A real XLSX (a valid zip) with one part replaced."""
    with zipfile.ZipFile(io.BytesIO(template_xlsx())) as original:
        parts = {name: original.read(name) for name in original.namelist()}
    assert part in parts
    parts[part] = content
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as rewritten:
        for name, data in parts.items():
            rewritten.writestr(name, data)
    return buffer.getvalue()


def row(
    number: int,
    *,
    id_card: str | None = ZHANG_SAN,
    username: str | None = None,
    name: str | None = "张三",
    hours: str = "8",
    completed_on: date | None = date(2026, 5, 20),
    completed_on_text: str = "2026-05-20",
    completed: bool = True,
) -> RosterRow:
    return RosterRow(
        row=number,
        id_card_number=id_card,
        username=username,
        name=name,
        hours=hours,
        completed_on=completed_on,
        completed_on_text=completed_on_text,
        completed=completed,
    )


def unreadable_message(data: bytes) -> str:
    with pytest.raises(UnreadableRoster) as caught:
        read_roster(data)
    return str(caught.value)


# --- CSV encodings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "name"),
    [
        pytest.param("utf-8", "张三", id="UTF-8"),
        pytest.param("utf-8-sig", "张三", id="UTF-8 with a byte-order mark"),
        pytest.param("gbk", "张三", id="GBK"),
        pytest.param("gb18030", "张三", id="GB18030"),
        pytest.param("utf-8", "王䶮", id="UTF-8 with a character outside GBK"),
        pytest.param("gb18030", "王䶮", id="GB18030 with a character outside GBK"),
    ],
)
def test_a_csv_roster_is_read_in_every_encoding_offices_export(encoding: str, name: str) -> None:
    data = csv_bytes([HEADERS, f"{ZHANG_SAN},{name},8,2026-05-20", f"{LI_SI},李四,12.5,2026/5/21"], encoding)
    rows, problems = read_roster(data)
    assert problems == []
    assert rows == [
        row(2, name=name),
        row(
            3,
            id_card=LI_SI,
            name="李四",
            hours="12.5",
            completed_on=date(2026, 5, 21),
            completed_on_text="2026/5/21",
        ),
    ]


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_gbk_bytes_are_not_utf_8_so_the_fallback_is_what_reads_them(encoding: str) -> None:
    data = csv_bytes([HEADERS, f"{ZHANG_SAN},张三,8,2026-05-20"], encoding)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    rows, _ = read_roster(data)
    assert rows[0].name == "张三"


def test_the_byte_order_mark_does_not_become_part_of_the_first_header() -> None:
    data = BOM + csv_bytes([HEADERS, f"{ZHANG_SAN},张三,8,2026-05-20"])
    rows, problems = read_roster(data)
    assert problems == []
    assert rows[0].id_card_number == ZHANG_SAN


def test_a_byte_order_mark_written_inside_gb18030_text_is_stripped_from_the_header() -> None:
    data = csv_bytes(["\ufeff" + HEADERS, f"{ZHANG_SAN},张三,8,2026-05-20"], "gb18030")
    rows, problems = read_roster(data)
    assert problems == []
    assert rows == [row(2)]


def test_headers_and_cells_are_stripped_and_columns_may_come_in_any_order() -> None:
    data = csv_bytes([" 完成日期 , 学时 ,身份证号 , 姓名", " 2026-05-20 , 8 , 532301199001011234 , 张三 "])
    rows, problems = read_roster(data)
    assert problems == []
    assert rows == [row(2)]


def test_the_name_column_is_optional() -> None:
    rows, problems = read_roster(csv_bytes(["身份证号,学时,完成日期", f"{ZHANG_SAN},8,2026-05-20"]))
    assert problems == []
    assert rows == [row(2, name=None)]


def test_a_short_row_leaves_its_missing_cells_empty_and_is_someone_who_did_not_complete() -> None:
    rows, problems = read_roster(csv_bytes([HEADERS, f"{ZHANG_SAN},张三"]))
    assert rows == [row(2, hours="", completed_on=None, completed_on_text="", completed=False)]
    assert problems == []


def test_hours_without_a_date_are_still_a_bad_date() -> None:
    rows, problems = read_roster(csv_bytes([HEADERS, f"{ZHANG_SAN},张三,8"]))
    assert rows == [row(2, completed_on=None, completed_on_text="")]
    assert problems == [RosterProblem(2, COMPLETED_ON, BAD_DATE)]


def test_an_empty_cell_becomes_none_for_the_id_and_name() -> None:
    rows, _ = read_roster(csv_bytes([HEADERS, ",,8,2026-05-20"]))
    assert rows == [row(2, id_card=None, name=None)]


def test_extra_columns_are_ignored() -> None:
    rows, problems = read_roster(csv_bytes([HEADERS + ",备注", f"{ZHANG_SAN},张三,8,2026-05-20,补录"]))
    assert problems == []
    assert rows == [row(2)]


def test_a_quoted_cell_may_hold_a_comma() -> None:
    rows, _ = read_roster(csv_bytes([HEADERS, f'{ZHANG_SAN},"张三,二组",8,2026-05-20']))
    assert rows[0].name == "张三,二组"


# --- headers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "missing"),
    [
        pytest.param("身份证号,姓名,完成日期", [HOURS], id="no hours"),
        pytest.param("身份证号,姓名,学时", [COMPLETED_ON], id="no completion date"),
        pytest.param("姓名,学时,完成日期", [ID_CARD], id="neither ID number nor username"),
        pytest.param("身份证号,姓名", [HOURS, COMPLETED_ON], id="no hours and no date"),
        pytest.param("姓名", [HOURS, COMPLETED_ON, ID_CARD], id="only the name"),
        pytest.param("证号,姓名,课时,日期", [HOURS, COMPLETED_ON, ID_CARD], id="near-miss names"),
    ],
)
def test_each_missing_required_header_is_reported_on_row_1_with_its_column(
    headers: str, missing: list[str]
) -> None:
    rows, problems = read_roster(csv_bytes([headers, "a,b,c,d"]))
    assert rows == []
    assert problems == [RosterProblem(1, column, missing_message(column)) for column in missing]


def missing_message(column: str) -> str:
    # A row is named by 报名号, 身份证号 or 用户名: the message names the two a clerk would use.
    return "缺少「报名号」或「身份证号」列" if column == ID_CARD else f"缺少「{column}」列"


def test_missing_headers_are_reported_even_without_data_rows() -> None:
    rows, problems = read_roster(csv_bytes(["姓名,学时,完成日期"]))
    assert rows == []
    assert problems == [RosterProblem(1, ID_CARD, "缺少「报名号」或「身份证号」列")]


def test_the_username_column_may_stand_in_for_the_id_number() -> None:
    rows, problems = read_roster(csv_bytes(["用户名,姓名,学时,完成日期", "zhangsan,张三,8,2026-05-20"]))
    assert problems == []
    assert rows == [row(2, id_card=None, username="zhangsan")]


def test_both_the_id_number_and_the_username_are_read_when_both_are_present() -> None:
    rows, problems = read_roster(
        csv_bytes(["身份证号,用户名,学时,完成日期", f"{ZHANG_SAN},zhangsan,8,2026-05-20"])
    )
    assert problems == []
    assert rows == [row(2, username="zhangsan", name=None)]


def test_the_column_constants_are_the_template_headers() -> None:
    assert (ID_CARD, NAME, HOURS, COMPLETED_ON, USERNAME) == (
        "身份证号",
        "姓名",
        "学时",
        "完成日期",
        "用户名",
    )


# --- dates in rows ------------------------------------------------------------------------------


def test_a_row_with_an_unreadable_date_is_returned_and_reported_on_its_own_row() -> None:
    data = csv_bytes([HEADERS, f"{ZHANG_SAN},张三,8,2026-05-20", f"{LI_SI},李四,8,20/05/2026"])
    rows, problems = read_roster(data)
    assert rows[1] == row(3, id_card=LI_SI, name="李四", completed_on=None, completed_on_text="20/05/2026")
    assert problems == [RosterProblem(3, COMPLETED_ON, BAD_DATE)]


def test_hours_are_returned_as_text_for_the_service_to_check() -> None:
    rows, problems = read_roster(csv_bytes([HEADERS, f"{ZHANG_SAN},张三,8.25,2026-05-20"]))
    assert problems == []
    assert rows[0].hours == "8.25"


# --- blank lines, empty and header-only files -----------------------------------------------------


def test_blank_lines_are_ignored() -> None:
    data = csv_bytes(["", HEADERS, "", f"{ZHANG_SAN},张三,8,2026-05-20", ",,,", "   ", ""])
    rows, problems = read_roster(data)
    assert problems == []
    assert [(r.id_card_number, r.hours) for r in rows] == [(ZHANG_SAN, "8")]


def test_a_blank_line_between_rows_does_not_shift_the_row_numbers_of_the_rows_after_it() -> None:
    data = csv_bytes([HEADERS, f"{ZHANG_SAN},张三,8,2026-05-20", "", f"{LI_SI},李四,8,bad"])
    rows, problems = read_roster(data)
    assert [r.row for r in rows] == [2, 4]
    assert problems == [RosterProblem(4, COMPLETED_ON, BAD_DATE)]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="no bytes"),
        pytest.param(b"\r\n\r\n\n", id="only line breaks"),
        pytest.param(b"   \r\n\t\r\n", id="only whitespace"),
        pytest.param(b",,,\r\n,,\r\n", id="only separators"),
        pytest.param(BOM, id="only a byte-order mark"),
    ],
)
def test_an_empty_file_is_unreadable(data: bytes) -> None:
    assert unreadable_message(data) == "文件为空"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(csv_bytes([HEADERS]), id="CSV"),
        pytest.param(csv_bytes([HEADERS], "gbk"), id="GBK CSV"),
        pytest.param(csv_bytes([HEADERS, "", ",,,"]), id="CSV with blank lines after the headers"),
        pytest.param(HEADERS.encode(), id="CSV without a final line break"),
        pytest.param(xlsx_bytes([["身份证号", "姓名", "学时", "完成日期"]]), id="XLSX"),
        pytest.param(
            xlsx_bytes([["身份证号", "姓名", "学时", "完成日期"], [None, None]]), id="XLSX, empty row"
        ),
    ],
)
def test_a_file_with_only_the_headers_is_unreadable(data: bytes) -> None:
    assert "没有数据行" in unreadable_message(data)


# --- XLSX ---------------------------------------------------------------------------------------


def test_an_xlsx_roster_reads_excel_dates_and_whole_hours_stored_as_floats() -> None:
    data = xlsx_bytes(
        [
            ["身份证号", "姓名", "学时", "完成日期"],
            [ZHANG_SAN, "张三", 8.0, excel_date(date(2026, 5, 20))],
            [LI_SI, "李四", 12.5, "2026/5/21"],
            ["532301200002291234", "王五", 6, date(2026, 5, 22)],
        ]
    )
    rows, problems = read_roster(data)
    assert problems == []
    assert rows == [
        row(2),
        row(
            3,
            id_card=LI_SI,
            name="李四",
            hours="12.5",
            completed_on=date(2026, 5, 21),
            completed_on_text="2026/5/21",
        ),
        row(
            4,
            id_card="532301200002291234",
            name="王五",
            hours="6",
            completed_on=date(2026, 5, 22),
            completed_on_text="2026-05-22",
        ),
    ]


def test_an_excel_date_cell_is_stored_as_a_date_not_as_text() -> None:
    data = xlsx_bytes([["身份证号", "学时", "完成日期"], [ZHANG_SAN, 8.0, excel_date(date(2026, 5, 20))]])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "2026-05-20" not in sheet  # a serial number with a date style, as Excel writes it
    rows, _ = read_roster(data)
    assert rows[0].completed_on == date(2026, 5, 20)
    assert rows[0].hours == "8"


def test_an_xlsx_roster_reads_the_username_column_and_empty_cells() -> None:
    data = xlsx_bytes([["用户名", "学时", "完成日期"], ["zhangsan", 8, None]])
    rows, problems = read_roster(data)
    assert rows == [
        row(2, id_card=None, username="zhangsan", name=None, completed_on=None, completed_on_text="")
    ]
    assert problems == [RosterProblem(2, COMPLETED_ON, BAD_DATE)]


def test_an_xlsx_roster_with_a_missing_header_is_reported_on_row_1() -> None:
    rows, problems = read_roster(
        xlsx_bytes([["身份证号", "姓名", "完成日期"], [ZHANG_SAN, "张三", "2026-05-20"]])
    )
    assert rows == []
    assert problems == [RosterProblem(1, HOURS, f"缺少「{HOURS}」列")]


def test_an_empty_xlsx_is_unreadable() -> None:
    assert unreadable_message(xlsx_bytes([])) == "文件为空"


def test_blank_rows_in_an_xlsx_are_ignored() -> None:
    data = xlsx_bytes(
        [
            ["身份证号", "姓名", "学时", "完成日期"],
            [None, None, None, None],
            [ZHANG_SAN, "张三", 8, "2026-05-20"],
            ["  "],
        ]
    )
    rows, problems = read_roster(data)
    assert problems == []
    assert [(r.id_card_number, r.hours) for r in rows] == [(ZHANG_SAN, "8")]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"PK\x03\x04", id="only the zip signature"),
        pytest.param(b"PK\x03\x04" + b"\x00" * 200, id="the signature then zeros"),
        pytest.param(template_xlsx()[: len(template_xlsx()) // 2], id="a truncated XLSX"),
        pytest.param(template_xlsx()[:-30], id="an XLSX missing its end"),
    ],
)
def test_a_file_starting_like_a_zip_that_is_not_a_valid_xlsx_is_unreadable(data: bytes) -> None:
    assert data.startswith(b"PK\x03\x04")
    assert unreadable_message(data) == "无法读取 XLSX 文件：请确认是 Excel 2007 及以上格式"


def test_a_zip_that_is_not_a_workbook_is_unreadable() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    assert unreadable_message(buffer.getvalue()) == "无法读取 XLSX 文件：请确认是 Excel 2007 及以上格式"


@pytest.mark.parametrize(
    "part",
    [
        pytest.param("[Content_Types].xml", id="content types"),
        pytest.param("xl/workbook.xml", id="the workbook part"),
        pytest.param("xl/worksheets/sheet1.xml", id="the sheet part"),
    ],
)
def test_a_zip_holding_malformed_workbook_xml_is_unreadable(part: str) -> None:
    with pytest.raises(UnreadableRoster):
        read_roster(rewritten_xlsx(part, b"<not xml"))


# --- row limit ----------------------------------------------------------------------------------


def test_max_rows_data_rows_are_accepted() -> None:
    data = csv_bytes([HEADERS] + [f"{ZHANG_SAN},张三,8,2026-05-20"] * MAX_ROWS)
    rows, problems = read_roster(data)
    assert problems == []
    assert len(rows) == MAX_ROWS
    assert rows[-1].row == MAX_ROWS + 1


def test_one_row_beyond_max_rows_is_refused() -> None:
    data = csv_bytes([HEADERS] + [f"{ZHANG_SAN},张三,8,2026-05-20"] * (MAX_ROWS + 1))
    assert unreadable_message(data) == f"一次最多导入 {MAX_ROWS} 行"


def test_blank_lines_do_not_count_toward_max_rows() -> None:
    data = csv_bytes([HEADERS] + [f"{ZHANG_SAN},张三,8,2026-05-20", ""] * MAX_ROWS)
    rows, _ = read_roster(data)
    assert len(rows) == MAX_ROWS


def test_max_rows_is_twenty_thousand() -> None:
    assert MAX_ROWS == 20_000


# --- parse_date ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2026-05-20",
        "2026/5/20",
        "2026/05/20",
        "2026.5.20",
        "2026年5月20日",
        "2026年05月20日",
        "2026-5-20",
        "2026-05-20 00:00:00",
        "  2026-05-20  ",
        "20260520",
    ],
)
def test_the_date_formats_offices_use_are_read(text: str) -> None:
    assert parse_date(text) == date(2026, 5, 20)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("20/05/2026", id="day first"),
        pytest.param("05/20/2026", id="month first"),
        pytest.param("", id="empty"),
        pytest.param("   ", id="blank"),
        pytest.param("2026-02-30", id="30 February"),
        pytest.param("2026-13-01", id="month 13"),
        pytest.param("2026052", id="seven digits"),
        pytest.param("20261320", id="eight digits that are no date"),
        pytest.param("26-05-20", id="a two-digit year"),
        pytest.param("2026年5月20", id="no 日"),
        pytest.param("2026-05", id="no day"),
        pytest.param("May 20, 2026", id="English"),
        pytest.param("二〇二六年五月二十日", id="Chinese numerals"),
    ],
)
def test_anything_else_is_not_a_date(text: str) -> None:
    assert parse_date(text) is None


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_every_date_is_read_back_from_each_accepted_format(day: date) -> None:
    y, m, d = day.year, day.month, day.day
    for text in (
        day.isoformat(),
        f"{y}/{m}/{d}",
        f"{y}.{m}.{d}",
        f"{y}年{m}月{d}日",
        f"{day.isoformat()} 00:00:00",
        day.strftime("%Y%m%d"),
    ):
        assert parse_date(text) == day


# --- templates ----------------------------------------------------------------------------------


def test_the_csv_template_starts_with_a_utf_8_byte_order_mark() -> None:
    assert template_csv().startswith(BOM)


def test_the_csv_template_has_exactly_the_four_headers() -> None:
    text = template_csv().decode("utf-8-sig")
    assert text.splitlines() == ["身份证号,姓名,学时,完成日期"]


@pytest.mark.parametrize("template", [template_csv, template_xlsx], ids=["CSV", "XLSX"])
def test_a_template_read_back_is_a_header_only_file(template: Callable[[], bytes]) -> None:
    assert unreadable_message(template()) == "文件只有表头，没有数据行"


def test_the_xlsx_template_first_row_is_the_four_headers() -> None:
    workbook = load_workbook(io.BytesIO(template_xlsx()))
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == ["身份证号", "姓名", "学时", "完成日期"]
    assert sheet.max_row == 1


def test_a_filled_in_csv_template_is_read() -> None:
    rows, problems = read_roster(template_csv() + f"{ZHANG_SAN},张三,8,2026-05-20\r\n".encode())
    assert problems == []
    assert rows == [row(2)]


def test_a_filled_in_xlsx_template_is_read() -> None:
    workbook = load_workbook(io.BytesIO(template_xlsx()))
    workbook.worksheets[0].append([ZHANG_SAN, "张三", 8.0, excel_date(date(2026, 5, 20))])
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows, problems = read_roster(buffer.getvalue())
    assert problems == []
    assert rows == [row(2)]


# --- round trips --------------------------------------------------------------------------------

names = st.text(alphabet="张王李赵刘陈杨黄周吴三四五六伟芳娜敏静丽强磊军洋", min_size=1, max_size=4)
id_numbers = st.from_regex(r"[0-9]{17}[0-9X]", fullmatch=True)
hours_texts = st.builds(
    lambda whole, tenth: f"{whole}.{tenth}" if tenth else str(whole),
    st.integers(min_value=0, max_value=200),
    st.integers(min_value=0, max_value=9),
)
completion_dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
roster_rows = st.lists(st.tuples(id_numbers, names, hours_texts, completion_dates), min_size=1, max_size=20)


@given(entries=roster_rows, encoding=st.sampled_from(["utf-8", "utf-8-sig", "gbk", "gb18030"]))
def test_any_csv_roster_reads_back_what_was_written(
    entries: list[tuple[str, str, str, date]], encoding: str
) -> None:
    data = csv_bytes([HEADERS] + [f"{i},{n},{h},{d.isoformat()}" for i, n, h, d in entries], encoding)
    rows, problems = read_roster(data)
    assert problems == []
    assert [(r.row, r.id_card_number, r.name, r.hours, r.completed_on) for r in rows] == [
        (number, i, n, h, d) for number, (i, n, h, d) in enumerate(entries, start=2)
    ]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries=roster_rows)
def test_any_xlsx_roster_reads_back_what_was_written(entries: list[tuple[str, str, str, date]]) -> None:
    data = xlsx_bytes(
        [["身份证号", "姓名", "学时", "完成日期"]]
        + [[i, n, float(h), excel_date(d)] for i, n, h, d in entries]
    )
    rows, problems = read_roster(data)
    assert problems == []
    assert [(r.row, r.id_card_number, r.name, r.hours, r.completed_on) for r in rows] == [
        (number, i, n, h, d) for number, (i, n, h, d) in enumerate(entries, start=2)
    ]


def test_the_xlsx_template_formats_the_id_column_as_text_so_ids_keep_every_digit() -> None:
    sheet = load_workbook(io.BytesIO(template_xlsx())).worksheets[0]
    assert sheet.title == "结业名单"
    assert sheet.column_dimensions["A"].number_format == "@"


def test_an_id_number_stored_as_a_number_is_reported_once_saying_so() -> None:
    data = xlsx_bytes(
        [["身份证号", "姓名", "学时", "完成日期"], [5.323011990010112e17, "张三", 8, "2026-05-20"]]
    )
    rows, problems = read_roster(data)
    assert [(r.row, r.id_card_number, r.id_card_lost_digits) for r in rows] == [(2, None, True)]
    assert problems == [
        RosterProblem(
            2,
            ID_CARD,
            "身份证号被存成了数字（Excel 显示为 5.32301E+17，末几位已丢失）：请把该列设置为文本格式后重新填写",
        )
    ]
