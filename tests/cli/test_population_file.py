"""`swtalent import-population` reads its file through the one spreadsheet reader: CSV or a workbook."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from api.cli import CommandFailed, read_population_file
from domain.people.vocabulary import PopulationBasis

HEADERS = ["county_code", "year", "basis", "population", "source"]


def test_a_population_workbook_with_numbers_as_numbers_is_read(tmp_path: Path) -> None:
    workbook = Workbook()
    notes = workbook.active
    assert notes is not None
    notes.title = "说明"
    notes.append(["数据来源：州统计局"])
    sheet = workbook.create_sheet("人口")
    sheet.append(HEADERS)
    sheet.append([532301, 2025, "resident", 610000, "州统计局2025年统计公报"])
    path = tmp_path / "pop.xlsx"
    workbook.save(path)
    [figure] = read_population_file(path)
    assert (figure.county_code, figure.year, figure.basis, figure.population, figure.source) == (
        "532301",
        2025,
        PopulationBasis.RESIDENT,
        610000,
        "州统计局2025年统计公报",
    )


def test_a_bad_row_is_named_by_the_row_number_excel_shows(tmp_path: Path) -> None:
    path = tmp_path / "pop.csv"
    path.write_bytes(
        (
            "\r\n".join(
                [",".join(HEADERS), "532301,2025,RESIDENT,610000,公报", "532301,二〇二五,RESIDENT,1,公报"]
            )
            + "\r\n"
        ).encode("gbk")
    )
    with pytest.raises(CommandFailed, match="第 3 行格式不正确"):
        read_population_file(path)


def test_missing_columns_are_named(tmp_path: Path) -> None:
    path = tmp_path / "pop.csv"
    path.write_text("county_code,year\r\n532301,2025\r\n", encoding="utf-8")
    with pytest.raises(CommandFailed, match="缺少列：basis, population, source"):
        read_population_file(path)
