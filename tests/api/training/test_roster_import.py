"""Completion rosters (CSV or XLSX, as Chinese offices export them), checked whole before anything is
credited, and the files the system hands out."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta
from typing import Any

import openpyxl

from domain import clock
from domain.people.models import Person
from domain.training.models import HourEntry
from domain.training.roster import MAX_ROWS
from tests.api.conftest import Api, Tokens
from tests.api.training.fixtures import Training, before_a_course_held, enroll, post_and_publish, training

__all__ = ["training"]

IMPORT = """
mutation I($input: ImportCompletionsInput!) {
  importCompletions(input: $input) {
    report { rowCount credited skipped dryRun errors { row column message } }
    userErrors { code field message }
  }
}
"""


async def upload(
    api: Api, token: str, course_id: str, content: bytes, filename: str, *, dry_run: bool = False
) -> dict[str, Any]:
    body = await api.upload(
        IMPORT, {"courseId": course_id, "dryRun": dry_run}, (filename, content), token=token
    )
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["importCompletions"]
    return result


async def roster_course(api: Api, training: Training) -> str:
    with before_a_course_held(days_ago=20):
        course_id = await post_and_publish(api, training.provider)
        for token in (training.li, training.wang):
            await enroll(api, token, course_id)
    return course_id


def today() -> str:
    return clock.today().isoformat()


def gbk_csv(rows: list[str]) -> bytes:
    return ("身份证号,姓名,学时,完成日期\r\n" + "\r\n".join(rows) + "\r\n").encode("gbk")


async def test_a_gbk_roster_credits_every_row(api: Api, training: Training) -> None:
    course_id = await roster_course(api, training)
    wang = await Person.get(name="王强")
    content = gbk_csv(
        [f"{training.li_id_card},李娜,16,{today()}", f"{wang.id_card_number},王强,12.5,{today()}"]
    )
    dry = await upload(api, training.provider, course_id, content, "结业名单.csv", dry_run=True)
    assert dry["report"] == {"rowCount": 2, "credited": 2, "skipped": 0, "dryRun": True, "errors": []}
    assert await HourEntry.all().count() == 0
    done = await upload(api, training.provider, course_id, content, "结业名单.csv")
    assert done["report"] == {"rowCount": 2, "credited": 2, "skipped": 0, "dryRun": False, "errors": []}
    assert sorted(e.tenths for e in await HourEntry.all()) == [125, 160]
    # The same roster again credits nothing more.
    again = await upload(api, training.provider, course_id, content, "结业名单.csv")
    assert again["report"]["credited"] == 0
    assert again["report"]["skipped"] == 2
    assert await HourEntry.all().count() == 2


async def test_a_utf8_roster_with_a_byte_order_mark_is_read(api: Api, training: Training) -> None:
    course_id = await roster_course(api, training)
    content = ("\ufeff身份证号,学时,完成日期\r\n" + f"{training.li_id_card},16,{today()}\r\n").encode()
    report = (await upload(api, training.provider, course_id, content, "roster.csv"))["report"]
    assert (report["credited"], report["errors"]) == (1, [])


async def test_an_xlsx_roster_with_excel_dates_is_read(api: Api, training: Training) -> None:
    course_id = await roster_course(api, training)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["身份证号", "姓名", "学时", "完成日期"])
    day = clock.today()
    sheet.append([training.li_id_card, "李娜", 16, datetime(day.year, day.month, day.day)])  # noqa: DTZ001 - an Excel date cell
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = (await upload(api, training.provider, course_id, buffer.getvalue(), "结业名单.xlsx"))["report"]
    assert (report["credited"], report["errors"]) == (1, [])


async def test_a_roster_with_any_bad_row_credits_nothing_and_names_every_bad_row(
    api: Api, training: Training
) -> None:
    course_id = await roster_course(api, training)
    content = gbk_csv(
        [
            f"{training.li_id_card},李娜,16,{today()}",  # good
            "532301199001011230,无名,8," + today(),  # unknown person (valid number)
            f"{training.li_id_card},李娜,16,{today()}",  # duplicate of row 2
            "53230119900101123,某,8," + today(),  # malformed number
            f"{training.li_id_card[:-1]}0,李娜,8,{today()}",  # wrong check digit (unless it was 0)
        ]
    )
    report = (await upload(api, training.provider, course_id, content, "结业名单.csv"))["report"]
    assert report["credited"] == 0
    rows = {(e["row"], e["column"]) for e in report["errors"]}
    assert {(3, "身份证号"), (4, "身份证号"), (5, "身份证号")} <= rows
    assert all(e["message"] for e in report["errors"])
    assert await HourEntry.all().count() == 0


async def test_hours_names_and_dates_are_checked_per_row(api: Api, training: Training) -> None:
    course_id = await roster_course(api, training)
    wang = await Person.get(name="王强")
    zhang = await Person.get(name="张梅")
    content = gbk_csv(
        [
            f"{training.li_id_card},李娜,17,{today()}",  # above the course's 16 h
            f"{wang.id_card_number},王小强,8,2026年13月1日",  # wrong name and a bad date
            f"{zhang.id_card_number},张梅,8,{today()}",  # not enrolled
        ]
    )
    report = (await upload(api, training.provider, course_id, content, "结业名单.csv"))["report"]
    found = {(e["row"], e["column"]) for e in report["errors"]}
    assert found == {(2, "学时"), (3, "姓名"), (3, "完成日期"), (4, "身份证号")}
    assert await HourEntry.all().count() == 0


async def test_unreadable_files_are_refused_as_a_whole(api: Api, training: Training) -> None:
    course_id = await roster_course(api, training)
    empty = await upload(api, training.provider, course_id, b"", "empty.csv")
    assert [(e["code"], e["field"]) for e in empty["userErrors"]] == [("INVALID_ROSTER", ["input", "file"])]
    headers_only = await upload(
        api, training.provider, course_id, "身份证号,学时,完成日期\r\n".encode("gbk"), "a.csv"
    )
    assert [e["code"] for e in headers_only["userErrors"]] == ["INVALID_ROSTER"]
    not_xlsx = await upload(api, training.provider, course_id, b"PK\x03\x04garbage", "a.xlsx")
    assert [e["code"] for e in not_xlsx["userErrors"]] == ["INVALID_ROSTER"]
    missing_column = await upload(
        api, training.provider, course_id, "身份证号,完成日期\r\n1,2\r\n".encode(), "a.csv"
    )
    assert missing_column["report"]["errors"] == [{"row": 1, "column": "学时", "message": "缺少「学时」列"}]
    too_long = "身份证号,学时,完成日期\r\n" + "".join(
        f"{training.li_id_card},1,{today()}\r\n" for _ in range(MAX_ROWS + 1)
    )
    refused = await upload(api, training.provider, course_id, too_long.encode(), "a.csv")
    assert [e["code"] for e in refused["userErrors"]] == ["INVALID_ROSTER"]
    too_big = await upload(api, training.provider, course_id, b"x" * (5 * 1024 * 1024 + 1), "a.csv")
    assert [e["code"] for e in too_big["userErrors"]] == ["FILE_TOO_LARGE"]
    other = await upload(api, training.other_provider, course_id, gbk_csv([]), "a.csv")
    assert [e["code"] for e in other["userErrors"]] == ["COURSE_NOT_FOUND"]
    assert await HourEntry.all().count() == 0


async def test_the_roster_template_has_the_headers_offices_use(api: Api, db: str) -> None:
    csv_file = await api.client.get("/exports/roster-template.csv")
    assert csv_file.status_code == 200
    assert csv_file.content.decode("utf-8").lstrip("\ufeff").splitlines()[0] == "身份证号,姓名,学时,完成日期"
    assert csv_file.content.startswith(b"\xef\xbb\xbf")
    xlsx_file = await api.client.get("/exports/roster-template.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_file.content)).active
    assert sheet is not None
    assert [c.value for c in sheet[1]] == ["身份证号", "姓名", "学时", "完成日期"]


async def test_a_transcript_lists_the_ledger_for_the_person_and_admins(
    api: Api, training: Training, tokens: Tokens
) -> None:
    course_id = await roster_course(api, training)
    await upload(
        api, training.provider, course_id, gbk_csv([f"{training.li_id_card},李娜,16,{today()}"]), "r.csv"
    )
    mine = await api.client.get("/exports/transcript.csv", headers={"Authorization": f"Bearer {training.li}"})
    assert mine.status_code == 200
    lines = mine.content.decode("utf-8-sig").splitlines()
    assert lines[1] == "日期,类别,学时,来源,课程,备注"
    assert lines[2] == f"{today()},实务技能,16.0,名单导入,社会工作实务技能提升班,"
    assert lines[-1].startswith("合计,,16.0")
    as_admin = await api.client.get(
        "/exports/transcript.xlsx",
        params={"personId": training.li_person},
        headers={"Authorization": f"Bearer {tokens.chuxiong}"},
    )
    sheet = openpyxl.load_workbook(io.BytesIO(as_admin.content)).active
    assert sheet is not None
    assert sheet["C3"].value == 16
    hidden = await api.client.get(
        "/exports/transcript.csv",
        params={"personId": training.li_person},
        headers={"Authorization": f"Bearer {tokens.lufeng}"},
    )
    assert hidden.status_code == 404
    unnamed = await api.client.get(
        "/exports/transcript.csv", headers={"Authorization": f"Bearer {tokens.chuxiong}"}
    )
    assert unnamed.status_code == 400
    assert unnamed.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "personId" in unnamed.json()["errors"][0]["message"]
    anonymous = await api.client.get("/exports/transcript.csv")
    assert anonymous.status_code == 401
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_only_providers_import_rosters(api: Api, training: Training, tokens: Tokens) -> None:
    course_id = await roster_course(api, training)
    operations = {"query": IMPORT, "variables": {"input": {"courseId": course_id, "file": None}}}
    for token in (training.li, tokens.chuxiong):
        response = await api.client.post(
            "/graphql",
            data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.input.file"]})},
            files={"0": ("r.csv", gbk_csv([f"{training.li_id_card},李娜,16,{today()}"]), "text/csv")},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert [e["extensions"]["code"] for e in response.json()["errors"]] == ["FORBIDDEN"]
    assert await HourEntry.all().count() == 0


async def test_roster_entries_are_recorded_at_the_domain_clocks_time(api: Api, training: Training) -> None:
    # Bulk crediting writes its rows directly (#14); they are stamped by the same clock as every other
    # write, so a server dated later (SWTALENT_TODAY, travel_to) records its own time, not the machine's.
    course_id = await roster_course(api, training)
    later = clock.now() + timedelta(days=3)
    with clock.travel_to(later):
        provider = await api.login("px.center")
        content = gbk_csv([f"{training.li_id_card},李娜,16,{today()}"])
        done = await upload(api, provider, course_id, content, "结业名单.csv")
    assert done["report"]["credited"] == 1
    entry = await HourEntry.get()
    assert abs(entry.recorded_at - later) < timedelta(minutes=5)
