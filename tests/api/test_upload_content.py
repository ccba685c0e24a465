"""Uploads are judged by their bytes, never by the name or the media type the client gave: a roster
(`importCompletions`, read by domain/spreadsheets.py) that is really a web page, a program, an archive, a
PDF or an image is refused as a whole with a coded Chinese error saying what the file is; an .xls that is
really a CSV, or an .xlsx named .csv, is read as what it is. An evidence file (`attachTalentEvidence`)
that is a web page or a program under an image's name is refused; a PDF named .png is kept, offered and
served as the PDF it is.

(Damaged workbooks, a ZIP of garbage named .xlsx and a ZIP named .pdf are in tests/api/training/
test_roster_import.py, test_roster_files.py and tests/api/talent/test_evidence_api.py.)"""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from domain.training.models import HourEntry
from tests.api.conftest import Api, Tokens
from tests.api.talent.test_evidence_api import PDF, attach, draft
from tests.api.training.fixtures import Training, training
from tests.api.training.test_roster_import import roster_course, today, upload
from tests.domain.talent.applicant_rows import TODAY

__all__ = ["training"]

HTML = b"<!DOCTYPE html><html><head><script>fetch('/graphql')</script></head><body></body></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8" + b"\x00" * 64 + b"This program"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def a_zip_archive() -> bytes:
    """A real ZIP archive (a Word document's parts), not a workbook."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def html_table(id_card: str) -> bytes:
    """The "Excel" some systems export: an HTML table saved as .xls, with the roster's headers."""
    return (
        "<html><head><meta charset='utf-8'></head><body><table>"
        "<tr><td>身份证号</td><td>姓名</td><td>学时</td><td>完成日期</td></tr>"
        f"<tr><td>{id_card}</td><td>李娜</td><td>16</td><td>{today()}</td></tr>"
        "</table></body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        pytest.param("结业名单.xlsx", HTML, "网页（HTML）", id="a web page named .xlsx"),
        pytest.param("结业名单.xlsx", EXE, "可执行程序", id="a program named .xlsx"),
        pytest.param("结业名单.xlsx", a_zip_archive(), "无法读取 XLSX 文件", id="a zip archive named .xlsx"),
        pytest.param("结业名单.xls", PDF, "PDF 文档", id="a pdf named .xls"),
        pytest.param("结业名单.csv", PNG, "图片", id="an image named .csv"),
    ],
)
async def test_a_roster_that_is_not_a_spreadsheet_is_refused_saying_what_it_is(
    api: Api, training: Training, name: str, content: bytes, says: str
) -> None:
    course_id = await roster_course(api, training)
    result = await upload(api, training.provider, course_id, content, name)
    [error] = result["userErrors"]
    assert (error["code"], error["field"]) == ("INVALID_ROSTER", ["input", "file"])
    assert says in error["message"]
    assert await HourEntry.all().count() == 0


async def test_an_html_table_exported_as_xls_is_refused_with_how_to_convert_it(
    api: Api, training: Training
) -> None:
    course_id = await roster_course(api, training)
    result = await upload(api, training.provider, course_id, html_table(training.li_id_card), "名单.xls")
    [error] = result["userErrors"]
    assert error["code"] == "INVALID_ROSTER"
    assert "另存为 XLSX" in error["message"]
    assert result["report"] is None


async def test_an_xls_that_is_really_a_csv_is_read_as_the_csv_it_is(api: Api, training: Training) -> None:
    course_id = await roster_course(api, training)
    content = f"身份证号,姓名,学时,完成日期\r\n{training.li_id_card},李娜,16,{today()}\r\n".encode()
    result = await upload(api, training.provider, course_id, content, "结业名单.xls", dry_run=True)
    assert result["userErrors"] == []
    assert result["report"]["credited"] == 1


async def test_an_xlsx_named_csv_is_read_as_the_workbook_it_is(api: Api, training: Training) -> None:
    course_id = await roster_course(api, training)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["身份证号", "姓名", "学时", "完成日期"])
    sheet.append([training.li_id_card, "李娜", 16, today()])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = await upload(api, training.provider, course_id, buffer.getvalue(), "结业名单.csv", dry_run=True)
    assert result["userErrors"] == []
    assert result["report"]["credited"] == 1


@pytest.fixture
def business_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", TODAY)


@pytest.mark.usefixtures("business_date")
@pytest.mark.parametrize(
    ("name", "content"),
    [
        pytest.param("获奖证书.jpg", HTML, id="a web page named .jpg"),
        pytest.param("获奖证书.png", SVG, id="an svg with a script named .png"),
        pytest.param("获奖证书.pdf", EXE, id="a program named .pdf"),
    ],
)
async def test_evidence_that_is_a_page_or_a_program_under_an_images_name_is_refused(
    api: Api, tokens: Tokens, name: str, content: bytes
) -> None:
    token, application = await draft(api, tokens)
    [error] = (await attach(api, token, application["id"], name, content))["userErrors"]
    assert error["code"] == "INVALID_EVIDENCE"
    assert "按内容判断" in error["message"]


@pytest.mark.usefixtures("business_date")
async def test_a_pdf_named_png_is_kept_and_served_as_the_pdf_it_is(api: Api, tokens: Tokens) -> None:
    token, application = await draft(api, tokens)
    evidence = (await attach(api, token, application["id"], "证书照片.png", PDF))["evidence"]
    assert (evidence["fileName"], evidence["contentType"]) == ("证书照片.png.pdf", "application/pdf")
    served = await api.client.get(evidence["downloadPath"], headers={"Authorization": f"Bearer {token}"})
    assert served.content == PDF
    assert served.headers["content-type"] == "application/pdf"
    assert served.headers["content-disposition"].startswith('attachment; filename="evidence.pdf"')
    assert served.headers["x-content-type-options"] == "nosniff"
