"""What reading an XLSX may cost (#15): a workbook with more cells than any file we take could hold is
refused before openpyxl parses a cell of it (openpyxl spent 46 s on one row of 1.5 million cells)."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from decimal import Decimal
from typing import Final

import pytest

from domain import spreadsheets
from domain.exports import Cell, Sheet, xlsx_bytes
from domain.spreadsheets import UnreadableFile, read_table

NS: Final = "http://schemas.openxmlformats.org/"
HEADERS: Final = ("身份证号", "姓名", "学时", "完成日期")


def xlsx(sheet_data: str, *, prefix: str = "") -> bytes:
    """A minimal workbook of one sheet holding `sheet_data` (rows), its elements under `prefix`."""
    p = f"{prefix}:" if prefix else ""
    xmlns = f"xmlns{':' + prefix if prefix else ''}"
    parts = {
        "[Content_Types].xml": f'<Types xmlns="{NS}package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{NS}package/2006/relationships"><Relationship Id="rId1" '
        f'Type="{NS}officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": f'<workbook xmlns="{NS}spreadsheetml/2006/main" '
        f'xmlns:r="{NS}officeDocument/2006/relationships"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{NS}package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{NS}officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<{p}worksheet {xmlns}="{NS}spreadsheetml/2006/main">'
        f"<{p}sheetData>{sheet_data}</{p}sheetData></{p}worksheet>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def row(number: int, values: tuple[str, ...], *, prefix: str = "") -> str:
    p = f"{prefix}:" if prefix else ""
    cells = "".join(
        f'<{p}c r="{chr(65 + i)}{number}" t="inlineStr"><{p}is><{p}t>{v}</{p}t></{p}is></{p}c>'
        for i, v in enumerate(values)
    )
    return f'<{p}row r="{number}">{cells}</{p}row>'


def test_one_row_of_more_cells_than_any_roster_holds_is_refused_with_what_to_do() -> None:
    # The reviewer's file, smaller: the header row, then one row of empty cells past the limit.
    header = row(1, HEADERS)
    data = xlsx(header + '<row r="2">' + "<c/>" * spreadsheets.MAX_XLSX_CELLS + "</row>")
    with pytest.raises(UnreadableFile) as refused:
        read_table(data, required=HEADERS)
    assert str(refused.value) == (
        f"XLSX 文件的单元格过多（超过 {spreadsheets.MAX_XLSX_CELLS} 个，含空白但设了格式的单元格）："
        "请只保留名单所在的工作表，删除名单以外的行和列，另存后重试"
    )


def test_the_cell_limit_leaves_room_for_the_largest_file_of_the_widest_template() -> None:
    # 20,000 data rows of the roster export's 6 columns and its header, and a title row above them.
    assert spreadsheets.MAX_XLSX_CELLS >= 2 * (spreadsheets.DEFAULT_MAX_ROWS + 2) * 6


@pytest.mark.parametrize("prefix", ["", "x"])
@pytest.mark.parametrize("chunk", [3, 5, 1 << 20])
def test_cells_are_counted_whatever_their_prefix_and_wherever_a_chunk_cuts_them(
    monkeypatch: pytest.MonkeyPatch, prefix: str, chunk: int
) -> None:
    # Three rows of four cells: 12 cells is within a limit of 12, not within 11, however the XML is cut.
    data = xlsx(
        "".join(
            row(n, HEADERS if n == 1 else ("1", "张三", "8", "2024-05-01"), prefix=prefix) for n in (1, 2, 3)
        ),
        prefix=prefix,
    )
    monkeypatch.setattr(spreadsheets, "_CHUNK", chunk)
    monkeypatch.setattr(spreadsheets, "MAX_XLSX_CELLS", 12)
    table = read_table(data, required=HEADERS)
    assert [r.text("学时") for r in table.rows] == ["8", "8"]
    monkeypatch.setattr(spreadsheets, "MAX_XLSX_CELLS", 11)
    with pytest.raises(UnreadableFile, match="单元格过多"):
        read_table(data, required=HEADERS)


def test_the_largest_roster_export_is_well_within_both_limits() -> None:
    # The roster export (`domain.training.roster_export`) filled in for 20,000 enrolees: a file we write
    # must come back, with room for offices' own columns.
    rows: list[list[Cell]] = [
        ["某课程 结业名单"],
        ["报名号", "姓名", "身份证号", "手机号", "学时", "完成日期"],
    ]
    rows += [
        [
            f"BM2026{i:08d}",
            "张三丰",
            f"5323011990031{i:05d}",
            f"138{i:08d}",
            Decimal("12.5"),
            date(2026, 3, 4),
        ]
        for i in range(spreadsheets.DEFAULT_MAX_ROWS)
    ]
    data = xlsx_bytes([Sheet("结业名单", rows)])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unzipped = sum(item.file_size for item in archive.infolist())
        cells = sum(archive.read(item).count(b"<c") for item in archive.infolist())
    assert unzipped * 3 < spreadsheets.MAX_UNZIPPED_BYTES
    assert cells * 2 < spreadsheets.MAX_XLSX_CELLS
