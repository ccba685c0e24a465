"""`importCompletions` with rosters as Excel and WPS write them: the sheet declaring only A1, the
instructions sheet first, Excel 97–2003 files, dates in every office form and both date systems, and ID
numbers that Excel turned into numbers."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

import pytest
from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from domain.people.models import Person
from domain.training.models import HourEntry
from tests.api.conftest import Api
from tests.api.training.fixtures import Training, training
from tests.api.training.test_roster_import import roster_course, upload

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
