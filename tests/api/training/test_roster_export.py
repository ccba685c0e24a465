"""A course's roster to fill in (`GET /exports/courses/{id}/roster.csv|.xlsx`): the enrolled people with
their enrolment numbers and masked identities, for the course's provider and the admins in scope, in
the columns `importCompletions` reads back; and rosters that name people by enrolment number."""

from __future__ import annotations

import io
from typing import Any, Final
from urllib.parse import unquote

import openpyxl

from api.schema.relay import decode_pk
from domain import clock
from domain.people.models import Person
from domain.training.enrolment_number import enrollment_number
from domain.training.models import Enrollment, HourEntry
from tests.api.conftest import Api, Tokens
from tests.api.training.fixtures import (
    Training,
    before_a_course_held,
    course_input,
    enroll,
    post_and_publish,
    training,
)
from tests.api.training.test_roster_import import upload

__all__ = ["training"]

HEADERS: Final = ["报名号", "姓名", "身份证号", "手机号", "学时", "完成日期"]
RESET: Final = """
mutation Reset($input: ResetPasswordInput!) {
  resetPassword(input: $input) { temporaryPassword userErrors { code } }
}
"""


def masked(number: str) -> str:
    return number[:4] + "*" * 10 + number[-4:]


async def get(api: Api, path: str, token: str | None) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return await api.client.get(path, headers=headers)


def roster_path(course_id: str, extension: str = "csv") -> str:
    return f"/exports/courses/{course_id}/roster.{extension}"


async def held_course(api: Api, training: Training, *, capacity: int = 30, title: str | None = None) -> str:
    """A course held 20 days ago, 李娜 and 王强 enrolled (and 张梅 wait-listed when `capacity` is 2)."""
    extra = {"title": title} if title else {}
    with before_a_course_held(days_ago=20):
        course_id = await post_and_publish(api, training.provider, capacity=capacity, **extra)
        for token in (training.li, training.wang, training.zhang):
            await enroll(api, token, course_id)
    return course_id


async def number_of(person_name: str, course_pk: int | None = None) -> str:
    """The enrolment number of the person's latest enrolment (in that course, when given)."""
    person = await Person.get(name=person_name)
    query = Enrollment.filter(person_id=person.id)
    if course_pk is not None:
        query = query.filter(course_id=course_pk)
    enrollment = await query.order_by("-id").first()
    assert enrollment is not None
    return enrollment_number(enrollment.id)


# --- the export -----------------------------------------------------------------------------------


async def test_a_provider_downloads_its_course_roster_as_csv(api: Api, training: Training) -> None:
    course = await held_course(api, training, capacity=2)
    response = await get(api, roster_path(course), training.provider)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    disposition = response.headers["content-disposition"]
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "社会工作实务技能提升班结业名单.csv"
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("社会工作实务技能提升班 结业名单")
    assert lines[1].split(",") == HEADERS
    li, wang = await Person.get(name="李娜"), await Person.get(name="王强")
    # The enrolled, in the order they enrolled; 张梅, wait-listed, is not on it.
    assert lines[2:] == [
        f"{await number_of('李娜')},李娜,{masked(li.id_card_number)},138****1234,,",
        f"{await number_of('王强')},王强,{masked(wang.id_card_number)},138****1234,,",
    ]
    assert training.li_id_card not in response.text


async def test_the_xlsx_roster_keeps_numbers_as_text_and_leaves_the_columns_to_fill_empty(
    api: Api, training: Training
) -> None:
    course = await held_course(api, training, capacity=2)
    response = await get(api, roster_path(course, "xlsx"), training.provider)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert sheet.title == "结业名单"
    assert [c.value for c in sheet[2]] == HEADERS
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert [row[:2] for row in rows] == [[await number_of("李娜"), "李娜"], [await number_of("王强"), "王强"]]
    assert all(row[4] is None and row[5] is None for row in rows)
    assert sheet.column_dimensions["A"].number_format == "@"
    assert sheet.column_dimensions["C"].number_format == "@"


async def test_admins_in_scope_download_the_roster_masked_too(
    api: Api, training: Training, tokens: Tokens
) -> None:
    course = await held_course(api, training)
    for token in (tokens.chuxiong, tokens.prefecture):
        response = await get(api, roster_path(course), token)
        assert response.status_code == 200
        text = response.content.decode("utf-8-sig")
        # Masked for everyone: the full number is read (and audited) in the API, not in a file.
        assert training.li_id_card not in text
        assert masked(training.li_id_card) in text


async def test_others_are_told_the_course_does_not_exist(
    api: Api, training: Training, tokens: Tokens
) -> None:
    course = await held_course(api, training)
    for token in (training.other_provider, tokens.lufeng, training.li, tokens.expert):
        for extension in ("csv", "xlsx"):
            response = await get(api, roster_path(course, extension), token)
            assert response.status_code == 404
            assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    anonymous = await get(api, roster_path(course), None)
    assert anonymous.status_code == 401
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_malformed_or_unknown_course_id_is_not_found(api: Api, training: Training) -> None:
    for course_id in ("not-an-id", training.provider_id, "Q291cnNlOjk5OTk5", "Q291cnNlOjk5OTk5OTk5OTk5OTk="):
        response = await get(api, roster_path(course_id), training.provider)
        assert response.status_code == 404, course_id
        assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_a_draft_roster_is_its_provider_alone(api: Api, training: Training, tokens: Tokens) -> None:
    draft = await api.data(
        "mutation P($input: PostCourseInput!) { postCourse(input: $input) { course { id } } }",
        {"input": course_input()},
        token=training.provider,
    )
    course = draft["postCourse"]["course"]["id"]
    assert (await get(api, roster_path(course), training.provider)).status_code == 200
    assert (await get(api, roster_path(course), tokens.chuxiong)).status_code == 404


async def test_a_one_time_password_opens_no_roster(api: Api, training: Training, tokens: Tokens) -> None:
    course = await held_course(api, training)
    reset = await api.data(RESET, {"input": {"username": "px.center"}}, token=tokens.prefecture)
    token = await api.login("px.center", reset["resetPassword"]["temporaryPassword"])
    response = await get(api, roster_path(course), token)
    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["code"] == "PASSWORD_CHANGE_REQUIRED"


async def test_the_file_name_carries_the_course_title_made_safe(api: Api, training: Training) -> None:
    course = await held_course(api, training, title="禁毒/督导:实务班")
    response = await get(api, roster_path(course, "xlsx"), training.provider)
    disposition = response.headers["content-disposition"]
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "禁毒_督导_实务班结业名单.xlsx"
    assert 'filename="export.xlsx"' in disposition


# --- the round trip -------------------------------------------------------------------------------


async def test_the_downloaded_xlsx_filled_in_and_uploaded_credits_everyone(
    api: Api, training: Training
) -> None:
    course = await held_course(api, training)
    response = await get(api, roster_path(course, "xlsx"), training.provider)
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    assert sheet is not None
    today = clock.today()
    for row, hours in zip(sheet.iter_rows(min_row=3), (16, 12.5, 8), strict=True):
        row[4].value = hours
        row[5].value = today
    filled = io.BytesIO()
    workbook.save(filled)
    done = await upload(api, training.provider, course, filled.getvalue(), "结业名单.xlsx")
    assert done["userErrors"] == []
    assert done["report"] == {"rowCount": 3, "credited": 3, "skipped": 0, "dryRun": False, "errors": []}
    assert sorted(e.tenths for e in await HourEntry.all()) == [80, 125, 160]
    # Downloaded again, the roster lists nobody still to credit.
    again = await get(api, roster_path(course), training.provider)
    assert again.content.decode("utf-8-sig").splitlines()[2:] == []


async def test_the_downloaded_csv_filled_in_and_uploaded_credits_everyone(
    api: Api, training: Training
) -> None:
    course = await held_course(api, training)
    response = await get(api, roster_path(course), training.provider)
    lines = response.content.decode("utf-8-sig").splitlines()
    today = clock.today().isoformat()
    filled = [*lines[:2], *(line.removesuffix(",,") + f",16,{today}" for line in lines[2:])]
    # As Excel saves a CSV in China: GBK.
    content = ("\r\n".join(filled) + "\r\n").encode("gbk")
    done = await upload(api, training.provider, course, content, "结业名单.csv")
    assert done["report"]["errors"] == []
    assert done["report"]["credited"] == 3


async def test_a_row_left_blank_is_someone_who_did_not_complete(api: Api, training: Training) -> None:
    # The clerk fills in those who completed and leaves the absent one's 学时 and 完成日期 empty.
    course = await held_course(api, training)
    response = await get(api, roster_path(course, "xlsx"), training.provider)
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    assert sheet is not None
    rows = list(sheet.iter_rows(min_row=3))
    for row in rows[:2]:
        row[4].value = 16
        row[5].value = clock.today()
    filled = io.BytesIO()
    workbook.save(filled)
    done = await upload(api, training.provider, course, filled.getvalue(), "结业名单.xlsx")
    assert done["report"] == {"rowCount": 3, "credited": 2, "skipped": 1, "dryRun": False, "errors": []}
    # The one left blank is still on the roster to credit later.
    again = await get(api, roster_path(course), training.provider)
    assert len(again.content.decode("utf-8-sig").splitlines()[2:]) == 1


# --- rosters naming enrolments by number ----------------------------------------------------------


def numbered_csv(rows: list[str], headers: str = "报名号,姓名,学时,完成日期") -> bytes:
    return (headers + "\r\n" + "\r\n".join(rows) + "\r\n").encode()


async def test_a_roster_may_give_the_enrolment_number_in_the_id_number_column(
    api: Api, training: Training
) -> None:
    course = await held_course(api, training)
    today = clock.today().isoformat()
    li = await number_of("李娜")
    content = numbered_csv(
        [f"{li.lower()},李娜,16,{today}", f"{await number_of('王强')},王强,8,{today}"],
        headers="身份证号,姓名,学时,完成日期",
    )
    done = await upload(api, training.provider, course, content, "r.csv")
    assert done["report"]["errors"] == []
    assert done["report"]["credited"] == 2


async def test_each_bad_enrolment_number_is_reported_on_its_row_and_nothing_is_credited(
    api: Api, training: Training
) -> None:
    course = await held_course(api, training, capacity=2)
    other = await held_course(api, training, title="另一门课")
    course_pk, other_pk = decode_pk(course, "Course"), decode_pk(other, "Course")
    today = clock.today().isoformat()
    li = await number_of("李娜", course_pk)
    typo = li[:-1] + str((int(li[-1]) + 1) % 10)
    zhang_waiting = await number_of("张梅", course_pk)
    li_elsewhere = await number_of("李娜", other_pk)
    wang = await number_of("王强", course_pk)
    unknown = enrollment_number(99_999)
    content = numbered_csv(
        [
            f"{typo},李娜,16,{today}",
            f"{unknown},李娜,16,{today}",
            f"{li_elsewhere},李娜,16,{today}",
            f"{zhang_waiting},张梅,16,{today}",
            f"{wang},王五,16,{today}",
            f"BM12,李娜,16,{today}",
            f"{li},李娜,16,{today}",
        ]
    )
    done = await upload(api, training.provider, course, content, "r.csv")
    assert done["report"]["credited"] == 0
    errors = {e["row"]: (e["column"], e["message"]) for e in done["report"]["errors"]}
    assert errors == {
        2: ("报名号", f"报名号「{typo}」有误（校验位不符），请核对后重填"),
        3: ("报名号", f"报名号「{unknown}」不存在，请核对"),
        4: ("报名号", f"报名号「{li_elsewhere}」是其他课程的报名，不属于本课程"),
        5: ("报名号", f"报名号「{zhang_waiting}」的报名仍在候补名单中，未正式报名，不能记录结业"),
        6: ("姓名", "姓名与报名号不符（报名时为「王*」）"),
        7: ("报名号", "报名号「BM12」格式不正确，应为 BM 加 7 位（及以上）数字，如 BM0001234"),
    }
    assert await HourEntry.all().count() == 0


async def test_a_full_id_number_beside_an_enrolment_number_must_be_the_same_person(
    api: Api, training: Training
) -> None:
    course = await held_course(api, training)
    today = clock.today().isoformat()
    wang = await Person.get(name="王强")
    content = numbered_csv(
        [
            f"{await number_of('李娜')},{wang.id_card_number},16,{today}",
            f"{await number_of('王强')},{wang.id_card_number},16,{today}",
        ],
        headers="报名号,身份证号,学时,完成日期",
    )
    done = await upload(api, training.provider, course, content, "r.csv")
    assert done["report"]["errors"] == [
        {"row": 2, "column": "身份证号", "message": "身份证号与报名号不是同一人，请核对"}
    ]


async def test_a_masked_id_number_without_an_enrolment_number_is_reported(
    api: Api, training: Training
) -> None:
    course = await held_course(api, training)
    content = numbered_csv(
        [f",李娜,{masked(training.li_id_card)},,16,{clock.today().isoformat()}"],
        headers="报名号,姓名,身份证号,手机号,学时,完成日期",
    )
    done = await upload(api, training.provider, course, content, "r.csv")
    assert done["report"]["errors"] == [
        {
            "row": 2,
            "column": "身份证号",
            "message": "身份证号为掩码，无法识别此人：请保留报名号，或填写完整的身份证号",
        }
    ]


async def test_a_person_named_twice_by_number_and_by_id_number_is_a_duplicate(
    api: Api, training: Training
) -> None:
    course = await held_course(api, training)
    today = clock.today().isoformat()
    content = numbered_csv(
        [f"{await number_of('李娜')},,16,{today}", f",{training.li_id_card},16,{today}"],
        headers="报名号,身份证号,学时,完成日期",
    )
    done = await upload(api, training.provider, course, content, "r.csv")
    assert done["report"]["errors"] == [{"row": 3, "column": "身份证号", "message": "与第 2 行重复"}]
