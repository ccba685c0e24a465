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


def write_csv(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "pop.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))
    return path


def test_a_population_too_large_for_any_county_is_refused_not_a_crash(tmp_path: Path) -> None:
    path = write_csv(tmp_path, [",".join(HEADERS), "532301,2025,RESIDENT,99999999999999999999,公报"])
    with pytest.raises(CommandFailed, match="第 2 行格式不正确：population 须为 1 至 100000000 之间的整数"):
        read_population_file(path)


def test_every_bad_row_is_named_at_once(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        [
            ",".join(HEADERS),
            "532301,2025,RESIDENT,610000,公报",
            "532301,二〇二五,RESIDENT,1,公报",
            "532301,2025,常驻,1,公报",
            "532301,2025,HOUSEHOLD,-5,公报",
        ],
    )
    with pytest.raises(CommandFailed) as caught:
        read_population_file(path)
    assert str(caught.value).splitlines() == [
        "第 3 行格式不正确：year 须为整数年份",
        "第 4 行格式不正确：basis 须为 HOUSEHOLD（户籍）或 RESIDENT（常住）",
        "第 5 行格式不正确：population 须为 1 至 100000000 之间的整数",
    ]


def test_chinese_headers_and_bases_are_read(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        [
            "县市代码,年份,口径,人口,来源",
            '532301,2025,户籍,"560,000",州统计局',
            "532302,2025,常住,430000,州统计局",
        ],
    )
    figures = read_population_file(path)
    assert [(f.county_code, f.basis, f.population, f.row) for f in figures] == [
        ("532301", PopulationBasis.HOUSEHOLD, 560000, 2),
        ("532302", PopulationBasis.RESIDENT, 430000, 3),
    ]
