"""`importExamResults` with files as offices have them: Excel 97–2003 (.xls), every data row counted,
admission numbers that Excel turned into numbers."""

from __future__ import annotations

import io
import threading
from datetime import date
from pathlib import Path
from typing import Any, Final

import pytest
from openpyxl import Workbook

from domain.exam import results
from domain.exam.models import Certificate, ExamRegistration, ExamResult
from domain.exam.results_file import read_results
from tests.api.conftest import Api, Tokens
from tests.api.exam.test_registration import create_sitting, exam_day, issue_tickets
from tests.api.exam.test_results import IMPORT, VERIFY, admitted
from tests.factories import PASSWORD, trainee

FIXTURES: Final = Path(__file__).parent.parent.parent / "fixtures" / "spreadsheets"
# The admission number printed in tests/fixtures/spreadsheets/results.xls.
XLS_NUMBER: Final = "202753230110010001"


@pytest.fixture(autouse=True)
def registration_season(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", "2027-03-15")


async def admitted_sitting(api: Api, tokens: Tokens) -> tuple[dict[str, Any], str]:
    """A sitting with 李娜 admitted to the 初级 exam: the sitting and her admission number."""
    await trainee("li.na", social_work_since=date(2013, 7, 1))
    token = await api.login("li.na", PASSWORD)
    sitting = await create_sitting(api, tokens.prefecture)
    await admitted(api, tokens, token, sitting, level="ASSISTANT", key="a")
    number: str = (await issue_tickets(api, sitting))["registrations"][0]["admissionNumber"]
    return sitting, number


async def upload(api: Api, sitting: dict[str, Any], content: bytes, filename: str) -> dict[str, Any]:
    """`importExamResults` on the sitting's exam date, by the prefecture admin signed in then."""
    with exam_day(sitting):
        token = await api.login("zhou")
        body = await api.upload(IMPORT, {"sittingId": sitting["id"]}, (filename, content), token=token)
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["importExamResults"]
    return result


async def test_an_xls_results_list_from_excel_97_is_imported(api: Api, tokens: Tokens) -> None:
    sitting, number = await admitted_sitting(api, tokens)
    # The fixture was written once; give 李娜 the admission number printed in it.
    assert len(number) == len(XLS_NUMBER)
    await ExamRegistration.filter(admission_number=number).update(admission_number=XLS_NUMBER)
    content = (FIXTURES / "results.xls").read_bytes()
    result = await upload(api, sitting, content, "成绩册.xls")
    assert result["userErrors"] == []
    assert result["report"] == {"rowCount": 2, "recorded": 2, "certificates": 1, "errors": []}
    assert await ExamResult.all().count() == 2
    assert await Certificate.all().count() == 1


async def test_the_row_count_is_every_data_row_of_a_refused_file(api: Api, tokens: Tokens) -> None:
    sitting, number = await admitted_sitting(api, tokens)
    content = (
        "准考证号,科目,成绩,单独划线\r\n"
        f"{number},社会工作综合能力（初级）,72,否\r\n"
        f"{number},社会工作实务（初级）,105,否\r\n"
    ).encode("gbk")
    report = (await upload(api, sitting, content, "成绩册.csv"))["report"]
    assert (report["rowCount"], report["recorded"]) == (2, 0)
    assert [(e["row"], e["column"]) for e in report["errors"]] == [(3, "成绩")]


async def test_an_admission_number_stored_as_a_number_is_refused_with_the_reason(
    api: Api, tokens: Tokens
) -> None:
    sitting, number = await admitted_sitting(api, tokens)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["准考证号", "科目", "成绩"])
    sheet.append([float(number), "社会工作综合能力（初级）", 72])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = (await upload(api, sitting, buffer.getvalue(), "成绩册.xlsx"))["report"]
    assert report["rowCount"] == 1
    [error] = report["errors"]
    assert (error["row"], error["column"]) == (2, "准考证号")
    assert error["message"].startswith("准考证号被存成了数字（Excel 显示为 2.")
    assert "请把该列设置为文本格式" in error["message"]
    assert await ExamResult.all().count() == 0


async def test_a_results_file_with_only_its_header_row_is_refused(api: Api, tokens: Tokens) -> None:
    sitting, _ = await admitted_sitting(api, tokens)
    content = "准考证号,科目,成绩,单独划线\r\n".encode("gbk")
    result = await upload(api, sitting, content, "成绩册.csv")
    assert result["report"] is None
    assert result["userErrors"] == [
        {"code": "INVALID_SCORE", "field": ["input", "file"], "message": "文件只有表头，没有数据行"}
    ]


async def test_full_width_admission_numbers_and_other_header_names_are_matched(
    api: Api, tokens: Tokens
) -> None:
    sitting, number = await admitted_sitting(api, tokens)
    full_width = number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    content = (
        "准考证号码,考试科目,考试成绩（分）\r\n"
        f"{full_width},社会工作综合能力（初级）,72\r\n"
        f" {full_width} ,社会工作实务（初级）,65\r\n"
    ).encode()
    result = await upload(api, sitting, content, "成绩册.csv")
    assert result["report"] == {"rowCount": 2, "recorded": 2, "certificates": 1, "errors": []}

    # A certificate number typed from paper with full-width characters is the same certificate.
    certificate = await Certificate.get()
    await Certificate.filter(id=certificate.id).update(number=f"Z{certificate.number}")
    typed = f"Ｚ{certificate.number}".translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    found = await api.data(VERIFY, {"number": typed, "name": "李娜"})
    assert found["verifyCertificate"] == {"valid": True, "level": "ASSISTANT", "holderName": "李*"}


async def test_results_are_parsed_off_the_event_loop(
    api: Api, tokens: Tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    sitting, number = await admitted_sitting(api, tokens)
    threads: list[threading.Thread] = []
    parse = read_results

    def recording(data: bytes) -> Any:
        threads.append(threading.current_thread())
        return parse(data)

    monkeypatch.setattr(results, "read_results", recording)
    content = f"准考证号,科目,成绩\r\n{number},社会工作综合能力（初级）,72\r\n".encode()
    result = await upload(api, sitting, content, "成绩册.csv")
    assert result["report"]["recorded"] == 1
    assert threads
    assert threads[0] is not threading.main_thread()
