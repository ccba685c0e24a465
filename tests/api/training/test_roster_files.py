"""`importCompletions` with rosters as Excel and WPS write them: the sheet declaring only A1, the
instructions sheet first, Excel 97–2003 files, dates in every office form and both date systems, and ID
numbers that Excel turned into numbers."""

from __future__ import annotations

import io
import re
import threading
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

import pytest
from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from domain.people.models import Person
from domain.training import roster_import
from domain.training.models import HourEntry
from domain.training.roster import read_roster
from tests.api.conftest import Api
from tests.api.training.fixtures import Training, training
from tests.api.training.test_roster_import import roster_course, upload
from tests.domain.test_spreadsheets import xfd_workbook

__all__ = ["training"]

FIXTURES: Final = Path(__file__).parent.parent.parent / "fixtures" / "spreadsheets"
TODAY: Final = date(2027, 1, 5)  # the completion date written in tests/fixtures/spreadsheets/roster.xls
HEADERS: Final = ["身份证号", "姓名", "学时", "完成日期"]


@pytest.fixture(autouse=True)
def filled_in_on_the_fixtures_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", TODAY.isoformat())


def saved(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def as_wps_writes_it(data: bytes) -> bytes:
    """The workbook with its sheet declaring `<dimension ref="A1"/>`, as WPS saves it."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as patched:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                content = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1"/>', content)
            patched.writestr(item, content)
    return buffer.getvalue()


async def both_trainees(training: Training) -> list[list[Any]]:
    wang = await Person.get(name="王强")
    return [[training.li_id_card, "李娜", 16, TODAY], [wang.id_card_number, "王强", 12.5, TODAY]]


async def test_a_roster_saved_by_wps_with_dimension_a1_credits_every_row(
    api: Api, training: Training
) -> None:
    course_id = await roster_course(api, training)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for values in [HEADERS, *await both_trainees(training)]:
        sheet.append(values)
    content = as_wps_writes_it(saved(workbook))
    assert b'<dimension ref="A1"/>' in zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    report = (await upload(api, training.provider, course_id, content, "结业名单.xlsx"))["report"]
    assert report == {"rowCount": 2, "credited": 2, "skipped": 0, "dryRun": False, "errors": []}


async def test_a_workbook_opening_on_its_instructions_sheet_is_read_from_the_roster_sheet(
    api: Api, training: Training
) -> None:
    course_id = await roster_course(api, training)
    workbook = Workbook()
    notes = workbook.active
    assert notes is not None
    notes.title = "填写说明"
    notes.append(["1. 身份证号列请设置为文本格式"])
    roster = workbook.create_sheet("结业名单")
    for values in [HEADERS, *await both_trainees(training)]:
        roster.append(values)
    report = (await upload(api, training.provider, course_id, saved(workbook), "结业名单.xlsx"))["report"]
    assert (report["credited"], report["errors"]) == (2, [])


async def test_an_xls_roster_from_excel_97_is_read(api: Api, training: Training) -> None:
    course_id = await roster_course(api, training)
    content = (FIXTURES / "roster.xls").read_bytes()
    report = (await upload(api, training.provider, course_id, content, "结业名单.xls"))["report"]
    assert report == {"rowCount": 2, "credited": 2, "skipped": 0, "dryRun": False, "errors": []}
    assert sorted((e.tenths, e.occurred_on) for e in await HourEntry.all()) == [(125, TODAY), (160, TODAY)]


@pytest.mark.parametrize("text", ["2027-01-05", "2027/1/5", "2027.1.5", "2027年1月5日", "20270105"])
async def test_each_date_form_offices_write_is_read(api: Api, training: Training, text: str) -> None:
    course_id = await roster_course(api, training)
    content = f"身份证号,姓名,学时,完成日期\r\n{training.li_id_card},李娜,16,{text}\r\n".encode("gbk")
    report = (await upload(api, training.provider, course_id, content, "结业名单.csv"))["report"]
    assert (report["credited"], report["errors"]) == (1, [])
    assert [e.occurred_on for e in await HourEntry.all()] == [TODAY]


@pytest.mark.parametrize(
    ("epoch", "serial"),
    [pytest.param(None, 46392, id="1900 date system"), pytest.param(CALENDAR_MAC_1904, 44930, id="1904")],
)
async def test_a_serial_number_in_the_date_column_is_read_in_the_workbooks_date_system(
    api: Api, training: Training, epoch: datetime | None, serial: int
) -> None:
    course_id = await roster_course(api, training)
    workbook = Workbook()
    if epoch is not None:
        workbook.epoch = epoch
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADERS)
    sheet.append([training.li_id_card, "李娜", 16, serial])
    report = (await upload(api, training.provider, course_id, saved(workbook), "结业名单.xlsx"))["report"]
    assert (report["credited"], report["errors"]) == (1, [])
    assert [e.occurred_on for e in await HourEntry.all()] == [TODAY]


async def test_an_id_number_stored_as_a_number_is_refused_saying_so(api: Api, training: Training) -> None:
    course_id = await roster_course(api, training)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADERS)
    sheet.append([float(training.li_id_card.rstrip("X") + "0"), "李娜", 16, TODAY])
    report = (await upload(api, training.provider, course_id, saved(workbook), "结业名单.xlsx"))["report"]
    assert report["credited"] == 0
    assert report["errors"] == [
        {
            "row": 2,
            "column": "身份证号",
            "message": "身份证号被存成了数字（Excel 显示为 5.32301E+17，末几位已丢失）：请把该列设置为文本格式后重新填写",
        }
    ]
    assert await HourEntry.all().count() == 0


async def test_an_id_number_a_csv_kept_only_15_digits_of_is_refused_saying_so(
    api: Api, training: Training
) -> None:
    # A number-formatted ID column saved as CSV: Excel keeps 15 significant digits and pads with 000.
    course_id = await roster_course(api, training)
    content = (
        "\ufeff身份证号,姓名,学时,完成日期\r\n532301198511021000,李娜,16," + TODAY.isoformat()
    ).encode()
    report = (await upload(api, training.provider, course_id, content, "结业名单.csv"))["report"]
    assert report["credited"] == 0
    [error] = report["errors"]
    assert (error["row"], error["column"]) == (2, "身份证号")
    assert "丢失了末几位" in error["message"]
    assert "设置为文本格式" in error["message"]


# --- what a roster may reveal --------------------------------------------------------------------


async def test_someone_not_registered_and_someone_not_enrolled_get_the_same_answer(
    api: Api, training: Training
) -> None:
    course_id = await roster_course(api, training)
    zhang = await Person.get(name="张梅")  # registered in the prefecture, not enrolled in this course
    unknown = "532301198001010011"  # a well-formed number no one has
    assert not await Person.exists(id_card_number=unknown)
    content = "\r\n".join(
        [
            ",".join(HEADERS),
            f"{zhang.id_card_number},张梅,16,{TODAY}",
            f"{zhang.id_card_number},阿依·木呷,16,{TODAY}",
            f"{unknown},李四,16,{TODAY}",
        ]
    ).encode()
    report = (await upload(api, training.provider, course_id, content, "结业名单.csv"))["report"]
    assert report["errors"] == [
        {"row": 2, "column": "身份证号", "message": "此人未报名本课程"},
        {"row": 3, "column": "身份证号", "message": "此人未报名本课程"},
        {"row": 4, "column": "身份证号", "message": "此人未报名本课程"},
    ]
    assert "张" not in str(report)


async def test_a_wrong_name_for_an_enrolee_shows_the_registered_name_masked(
    api: Api, training: Training
) -> None:
    course_id = await roster_course(api, training)
    content = f"{','.join(HEADERS)}\r\n{training.li_id_card},李四,16,{TODAY}\r\n".encode()
    report = (await upload(api, training.provider, course_id, content, "结业名单.csv"))["report"]
    assert report["errors"] == [
        {"row": 2, "column": "姓名", "message": "姓名与身份证号不符（报名时为「李*」）"}
    ]


# --- headers, dates and footers as clerks write them -----------------------------------------------


async def test_a_clerks_spaced_name_header_still_checks_the_name(api: Api, training: Training) -> None:
    course_id = await roster_course(api, training)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["公民身份号码\n(18位)", "姓  名", "学时数", "结业日期（必填）"])
    sheet.append([training.li_id_card, "王强", 16, TODAY])
    report = (await upload(api, training.provider, course_id, saved(workbook), "结业名单.xlsx"))["report"]
    assert [(e["row"], e["column"]) for e in report["errors"]] == [(2, "姓名")]
    sheet["B2"] = "李娜"
    report = (await upload(api, training.provider, course_id, saved(workbook), "结业名单.xlsx"))["report"]
    assert (report["credited"], report["errors"]) == (1, [])


@pytest.mark.parametrize("value", [2027, "2027"])
async def test_a_year_alone_in_the_date_column_is_refused_as_only_a_year(
    api: Api, training: Training, value: object
) -> None:
    course_id = await roster_course(api, training)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADERS)
    sheet.append([training.li_id_card, "李娜", 16, value])
    report = (await upload(api, training.provider, course_id, saved(workbook), "结业名单.xlsx"))["report"]
    [error] = report["errors"]
    assert (error["row"], error["column"]) == (2, "完成日期")
    assert error["message"].startswith("无法识别的日期：只有年份")
    assert await HourEntry.all().count() == 0


async def test_the_footer_a_clerk_signs_under_the_list_is_not_a_row(api: Api, training: Training) -> None:
    course_id = await roster_course(api, training)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["序号", *HEADERS])
    for n, values in enumerate(await both_trainees(training), start=1):
        sheet.append([n, *values])
    sheet.append(["合计", None, None, 28.5, None])
    sheet.append(["填表人：张三", None, None, None, "制表日期：2027年1月5日"])
    report = (await upload(api, training.provider, course_id, saved(workbook), "结业名单.xlsx"))["report"]
    assert report == {"rowCount": 2, "credited": 2, "skipped": 0, "dryRun": False, "errors": []}


# --- files that must not stop the server ------------------------------------------------------------


async def test_a_roster_is_parsed_off_the_event_loop(
    api: Api, training: Training, monkeypatch: pytest.MonkeyPatch
) -> None:
    course_id = await roster_course(api, training)
    threads: list[threading.Thread] = []
    parse = read_roster

    def recording(data: bytes) -> Any:
        threads.append(threading.current_thread())
        return parse(data)

    monkeypatch.setattr(roster_import, "read_roster", recording)
    content = f"{','.join(HEADERS)}\r\n{training.li_id_card},李娜,16,{TODAY}\r\n".encode()
    report = (await upload(api, training.provider, course_id, content, "结业名单.csv"))["report"]
    assert report["credited"] == 1
    assert threads
    assert threads[0] is not threading.main_thread()


async def test_a_sheet_with_a_cell_in_column_xfd_on_every_row_is_answered(
    api: Api, training: Training
) -> None:
    course_id = await roster_course(api, training)
    content = xfd_workbook(10_000)
    result = await upload(api, training.provider, course_id, content, "结业名单.xlsx")
    assert result["userErrors"] == [
        {"code": "INVALID_ROSTER", "field": ["input", "file"], "message": "文件只有表头，没有数据行"}
    ]


async def test_a_damaged_workbook_is_a_user_error(api: Api, training: Training) -> None:
    course_id = await roster_course(api, training)
    content = (FIXTURES / "damaged_roster.xls").read_bytes()
    result = await upload(api, training.provider, course_id, content, "结业名单.xls")
    [error] = result["userErrors"]
    assert error["message"].startswith("无法读取 XLS 文件")
