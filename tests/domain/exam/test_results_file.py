"""Reading the results list (成绩册): every data row counted, files from Excel 97–2003, and admission
numbers that Excel turned into numbers."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Final

from openpyxl import Workbook

from domain.exam.results_file import ADMISSION_NUMBER, RowProblem, read_results
from domain.exam.vocabulary import ExamSubject

FIXTURES: Final = Path(__file__).parent.parent.parent / "fixtures" / "spreadsheets"
NUMBER: Final = "202753230110010001"


def test_the_row_count_counts_every_data_row_good_or_bad() -> None:
    data = (
        "准考证号,科目,成绩\r\n"
        f"{NUMBER},社会工作综合能力（初级）,72\r\n"
        f"{NUMBER},社会工作实务（初级）,一百\r\n"
    ).encode("gbk")
    read = read_results(data)
    assert read.row_count == 2
    assert [r.row for r in read.rows] == [2]
    assert [(p.row, p.column) for p in read.problems] == [(3, "成绩")]


def test_an_xls_results_list_is_read() -> None:
    read = read_results((FIXTURES / "results.xls").read_bytes())
    assert (read.row_count, read.problems) == (2, [])
    assert [(r.row, r.admission_number, r.subject, r.score, r.local_line) for r in read.rows] == [
        (2, NUMBER, ExamSubject.ASSISTANT_COMPREHENSIVE, Decimal(72), False),
        (3, NUMBER, ExamSubject.ASSISTANT_PRACTICE, Decimal(61), True),
    ]


def test_an_admission_number_stored_as_a_number_is_refused_with_the_reason() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["准考证号", "科目", "成绩"])
    sheet.append([float(NUMBER), "社会工作综合能力（初级）", 72])
    buffer = io.BytesIO()
    workbook.save(buffer)
    read = read_results(buffer.getvalue())
    assert (read.row_count, read.rows) == (1, [])
    assert read.problems == [
        RowProblem(
            2,
            ADMISSION_NUMBER,
            "准考证号被存成了数字（Excel 显示为 2.02753E+17，末几位已丢失）：请把该列设置为文本格式后重新填写",
        )
    ]
