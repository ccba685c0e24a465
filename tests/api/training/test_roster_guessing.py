"""A roster is no oracle for ID numbers: a provider knows each enrolee's masked number, and a roster that
answered row by row which numbers are an enrolee's gave the full one back in three uploads of guesses."""

from __future__ import annotations

from datetime import date

from domain.audit.models import AuditEvent
from domain.people.id_card import make_id_card_number
from tests.api.conftest import Api
from tests.api.training.fixtures import Training, training
from tests.api.training.test_roster_export import number_of
from tests.api.training.test_roster_import import roster_course, today, upload

__all__ = ["training"]

SUMMARY = "名单中有多行人员与本课程的报名对不上（超过 3 行时不逐行列出）：请用导出名单中的报名号填写，身份证号可不填"


def guesses(count: int) -> bytes:
    """A roster of `count` made-up ID numbers of 楚雄市 people born in 1990, none enrolled."""
    lines = ["身份证号,学时,完成日期"]
    lines += [
        f"{make_id_card_number('532301', date(1990, 1, 1 + n), 700 + n)},8,{today()}" for n in range(count)
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


async def test_a_provider_learns_which_rows_name_no_enrolee_only_when_few_do(
    api: Api, training: Training
) -> None:
    course = await roster_course(api, training)
    few = await upload(api, training.provider, course, guesses(3), "名单.csv", dry_run=True)
    assert [(e["row"], e["message"]) for e in few["report"]["errors"]] == [
        (2, "此人未报名本课程"),
        (3, "此人未报名本课程"),
        (4, "此人未报名本课程"),
    ]
    many = await upload(api, training.provider, course, guesses(30), "名单.csv", dry_run=True)
    assert many["report"]["errors"] == [{"row": 2, "column": None, "message": SUMMARY}]
    assert await AuditEvent.filter(action="roster.unknown_identities").count() == 2


async def test_a_file_of_guesses_reads_the_same_with_or_without_the_right_number(
    api: Api, training: Training
) -> None:
    # With a wrong name (or bad hours) the right number used to stand out as 姓名与身份证号不符; beside a 报名号 as the
    # one row not told 身份证号与报名号不是同一人.
    course = await roster_course(api, training)
    wrong = guesses(5).decode().splitlines()
    with_right = [*wrong[:3], f"{training.li_id_card},8,{today()}", *wrong[3:]]
    answers = []
    for lines in (wrong, with_right):
        named = [lines[0].replace("身份证号", "身份证号,姓名")] + [
            line.replace(",", ",某某,", 1).replace(",8,", ",八,") for line in lines[1:]
        ]
        body = ("\r\n".join(named) + "\r\n").encode()
        answers.append(
            (await upload(api, training.provider, course, body, "名单.csv", dry_run=True))["report"]
        )
    # Bad hours on every row are said on every row, not only on the row of an enrolee.
    assert answers[0]["errors"] == [
        {"row": 2, "column": None, "message": SUMMARY},
        *({"row": n, "column": "学时", "message": "学时须为数字，最多一位小数"} for n in range(2, 7)),
    ]
    assert [e["message"] for e in answers[1]["errors"]] == [SUMMARY] + ["学时须为数字，最多一位小数"] * 6
    assert (answers[0]["skipped"], answers[1]["skipped"]) == (0, 0)

    number = await number_of("李娜")
    beside = ["报名号,身份证号,学时,完成日期"] + [
        f"{number},{line.split(',')[0]},8,{today()}" for line in with_right[1:]
    ]
    body = ("\r\n".join(beside) + "\r\n").encode()
    report = (await upload(api, training.provider, course, body, "名单.csv", dry_run=True))["report"]
    assert [e["message"] for e in report["errors"] if e["column"] != "报名号"] == [SUMMARY]


async def test_after_ten_such_rosters_a_day_a_provider_names_rows_by_enrolment_number_only(
    api: Api, training: Training
) -> None:
    course = await roster_course(api, training)
    for _ in range(10):
        await upload(api, training.provider, course, guesses(1), "名单.csv", dry_run=True)
    refused = await upload(api, training.provider, course, guesses(1), "名单.csv", dry_run=True)
    assert refused["report"] is None
    assert [(e["code"], e["message"]) for e in refused["userErrors"]] == [
        (
            "INVALID_ROSTER",
            "今天已有 10 份名单含有未报名本课程的人员：为保护学员身份信息，今天不再按身份证号核对，"
            "请用导出名单中的报名号填写",
        )
    ]
    # An ID number beside a 报名号 is checked against it: refused too.
    number = await number_of("李娜")
    beside = f"报名号,身份证号,学时,完成日期\r\n{number},{training.li_id_card},8,{today()}\r\n".encode()
    assert [
        e["code"] for e in (await upload(api, training.provider, course, beside, "名单.csv"))["userErrors"]
    ] == ["INVALID_ROSTER"]
    # The 报名号 alone still works.
    by_number = f"报名号,学时,完成日期\r\n{await number_of('李娜')},8,{today()}\r\n".encode()
    done = await upload(api, training.provider, course, by_number, "名单.csv")
    assert (done["userErrors"], done["report"]["credited"]) == ([], 1)


async def test_an_enrolment_number_row_beside_guesses_tells_nothing_and_malformed_numbers_are_still_named(
    api: Api, training: Training
) -> None:
    # The third reviewer's trick: the 报名号 row came back "与第 N 行重复", N the row of the right guess.
    course = await roster_course(api, training)
    number = await number_of("李娜")
    wrong = guesses(5).decode().splitlines()[1:]
    reports = []
    for lines in (wrong, [*wrong[:2], f"{training.li_id_card},8,{today()}", *wrong[2:]]):
        body = "\r\n".join(
            [
                "报名号,身份证号,学时,完成日期",
                *(f",{line}" for line in lines),
                f",532301199003121028,8,{today()}",  # a wrong check digit: the file alone shows it
                f"{number},,8,{today()}",
            ]
        )
        reports.append(
            (
                await upload(
                    api, training.provider, course, (body + "\r\n").encode(), "名单.csv", dry_run=True
                )
            )["report"]
        )
    assert [e["message"] for e in reports[0]["errors"]] == [SUMMARY, reports[0]["errors"][1]["message"]]
    assert reports[0]["errors"][1]["column"] == "身份证号"
    assert "校验" in reports[0]["errors"][1]["message"]
    # The same answer, except the rows shift by one where the right number was inserted.
    assert [(e["column"], e["message"]) for e in reports[1]["errors"]] == [
        (e["column"], e["message"]) for e in reports[0]["errors"]
    ]
    assert (reports[0]["skipped"], reports[1]["skipped"]) == (0, 0)
