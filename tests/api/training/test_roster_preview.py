"""The roster import lists every row with what happens to it (`ImportReport.rows`), so a provider sees
the preview of a dry run before importing; the cells are echoed as the file gives them, shortened, and no
row tells more about whose an ID number is than the errors do."""

from __future__ import annotations

from typing import Any

from domain.people.models import Person
from tests.api.conftest import Api
from tests.api.training.fixtures import Training, training
from tests.api.training.test_roster_guessing import guesses
from tests.api.training.test_roster_import import roster_course, today

__all__ = ["training"]

IMPORT = """
mutation I($input: ImportCompletionsInput!) {
  importCompletions(input: $input) {
    report {
      rowCount credited skipped dryRun
      errors { row column message }
      rows { row name identifier hours outcome }
    }
    userErrors { code field message }
  }
}
"""


async def send(api: Api, token: str, course_id: str, content: bytes, *, dry_run: bool) -> dict[str, Any]:
    body = await api.upload(
        IMPORT, {"courseId": course_id, "dryRun": dry_run}, ("名单.csv", content), token=token
    )
    assert "errors" not in body, body
    report: dict[str, Any] = body["data"]["importCompletions"]["report"]
    return report


def csv(lines: list[str]) -> bytes:
    return ("身份证号,姓名,学时,完成日期\r\n" + "\r\n".join(lines) + "\r\n").encode()


async def test_a_dry_run_lists_each_row_and_what_will_happen_to_it(api: Api, training: Training) -> None:
    course = await roster_course(api, training)
    wang = await Person.get(name="王强")
    content = csv([f"{training.li_id_card},李娜,16,{today()}", f"{wang.id_card_number},王强,,"])
    dry = await send(api, training.provider, course, content, dry_run=True)
    masked = training.li_id_card[:4] + "**********" + training.li_id_card[-4:]
    assert dry["rows"] == [
        {"row": 2, "name": "李娜", "identifier": masked, "hours": "16", "outcome": "CREDIT"},
        {
            "row": 3,
            "name": "王强",
            "identifier": wang.id_card_number[:4] + "*" * 10 + wang.id_card_number[-4:],
            "hours": "",
            "outcome": "NOT_COMPLETED",
        },
    ]
    done = await send(api, training.provider, course, content, dry_run=False)
    assert [r["outcome"] for r in done["rows"]] == ["CREDIT", "NOT_COMPLETED"]
    again = await send(api, training.provider, course, content, dry_run=True)
    assert [r["outcome"] for r in again["rows"]] == ["ALREADY_CREDITED", "NOT_COMPLETED"]


async def test_bad_rows_are_errors_and_hostile_cells_are_echoed_shortened(
    api: Api, training: Training
) -> None:
    course = await roster_course(api, training)
    wang = await Person.get(name="王强")
    long_name = "<script>alert(1)</script>" + "王" * 5000
    content = csv(
        [
            f"{training.li_id_card},=cmd|' /C calc'!A0,16,{today()}",
            f"{wang.id_card_number},{long_name},99,{today()}",
            f"'\u202e,\u0000,abc,{today()}",
        ]
    )
    report = await send(api, training.provider, course, content, dry_run=True)
    assert report["credited"] == 0
    assert [r["outcome"] for r in report["rows"]] == ["ERROR", "ERROR", "ERROR"]
    assert all(len(r["name"]) <= 50 and len(r["identifier"]) <= 50 for r in report["rows"])
    assert report["rows"][1]["name"].startswith("<script>")
    assert report["rows"][1]["hours"] == "99"


async def test_rows_are_unchecked_when_too_many_name_no_enrolee(api: Api, training: Training) -> None:
    course = await roster_course(api, training)
    report = await send(api, training.provider, course, guesses(5), dry_run=True)
    assert {r["outcome"] for r in report["rows"]} == {"ERROR", "UNCHECKED"}
    assert [r["outcome"] for r in report["rows"]].count("ERROR") == 1  # the summary's row
