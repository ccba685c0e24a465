"""The enrolment number (报名号): its form, its reading as offices type it, and the typos its check digit
catches; and rosters that name enrolments by it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.training.enrolment_number import (
    BadEnrollmentNumber,
    enrollment_number,
    looks_like_enrollment_number,
    parse_enrollment_number,
)
from domain.training.roster import ENROLLMENT_NUMBER, ID_CARD, MASKED_ID, RosterProblem, read_roster

ZHANG_SAN = "532301199001011232"


@pytest.mark.parametrize(
    ("pk", "number"),
    [(1, "BM0000013"), (123, "BM0001234"), (999_999, "BM9999990"), (1_234_567, "BM12345671")],
)
def test_an_enrolment_number_is_bm_the_padded_id_and_a_check_digit(pk: int, number: str) -> None:
    assert enrollment_number(pk) == number
    assert parse_enrollment_number(number) == pk


@given(st.integers(min_value=1, max_value=2**31 - 1))
def test_every_enrolment_number_reads_back_as_its_id(pk: int) -> None:
    assert parse_enrollment_number(enrollment_number(pk)) == pk


@pytest.mark.parametrize(
    "typed", ["bm0001234", "BM 000 1234", "BM-0001234", "ＢＭ０００１２３４", " BM0001234\t"]
)
def test_an_enrolment_number_is_read_as_offices_type_it(typed: str) -> None:
    assert parse_enrollment_number(typed) == 123


@given(st.integers(min_value=1, max_value=9_999_999), st.data())
def test_every_single_mistyped_digit_is_caught(pk: int, data: st.DataObject) -> None:
    number = enrollment_number(pk)
    position = data.draw(st.integers(min_value=2, max_value=len(number) - 1))
    wrong = data.draw(st.sampled_from([d for d in "0123456789" if d != number[position]]))
    with pytest.raises(BadEnrollmentNumber, match="校验位不符"):
        parse_enrollment_number(number[:position] + wrong + number[position + 1 :])


@given(st.integers(min_value=1, max_value=9_999_999), st.data())
def test_every_swap_of_two_adjacent_different_digits_is_caught(pk: int, data: st.DataObject) -> None:
    number = enrollment_number(pk)
    position = data.draw(st.integers(min_value=2, max_value=len(number) - 2))
    a, b = number[position], number[position + 1]
    if a == b:
        return
    with pytest.raises(BadEnrollmentNumber, match="校验位不符"):
        parse_enrollment_number(number[:position] + b + a + number[position + 2 :])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("BM12", "格式不正确"),
        ("BM00012X4", "格式不正确"),
        ("0001234", "格式不正确"),
        (ZHANG_SAN, "格式不正确"),
        ("BM0000000", "不存在"),
    ],
)
def test_text_that_is_no_enrolment_number_is_refused_saying_why(text: str, message: str) -> None:
    with pytest.raises(BadEnrollmentNumber, match=message):
        parse_enrollment_number(text)


def test_only_text_starting_with_bm_is_taken_for_an_enrolment_number() -> None:
    assert looks_like_enrollment_number("bm0001234")
    assert not looks_like_enrollment_number(ZHANG_SAN)
    assert not looks_like_enrollment_number("53230119900101123X")
    assert not looks_like_enrollment_number("")


# --- rosters --------------------------------------------------------------------------------------


def csv(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode()


def test_a_roster_may_name_rows_by_enrolment_number_alone() -> None:
    rows, problems = read_roster(csv("报名号,姓名,学时,完成日期", "BM0001234,张三,8,2026-05-20"))
    assert problems == []
    [row] = rows
    assert (row.enrollment_number, row.enrollment_number_column, row.id_card_number) == (
        "BM0001234",
        ENROLLMENT_NUMBER,
        None,
    )


@pytest.mark.parametrize("header", ["报名编号", "报名号码", "报名号（勿改）"])
def test_the_enrolment_number_column_goes_by_other_names_too(header: str) -> None:
    rows, problems = read_roster(csv(f"{header},学时,完成日期", "BM0001234,8,2026-05-20"))
    assert problems == []
    assert rows[0].enrollment_number == "BM0001234"


def test_an_enrolment_number_in_the_id_number_column_is_read_as_one() -> None:
    rows, problems = read_roster(
        csv("身份证号,学时,完成日期", "bm0001234,8,2026-05-20", f"{ZHANG_SAN},8,2026-05-20")
    )
    assert problems == []
    assert [(r.enrollment_number, r.enrollment_number_column, r.id_card_number) for r in rows] == [
        ("bm0001234".upper(), ID_CARD, None),
        (None, None, ZHANG_SAN),
    ]


def test_a_masked_id_number_is_left_aside_beside_an_enrolment_number_and_reported_alone() -> None:
    rows, problems = read_roster(
        csv(
            "报名号,身份证号,学时,完成日期",
            "BM0001234,5323**********1232,8,2026-05-20",
            ",5323**********1232,8,2026-05-20",
        )
    )
    assert [(r.enrollment_number, r.id_card_number) for r in rows] == [("BM0001234", None), (None, None)]
    assert problems == [RosterProblem(3, ID_CARD, MASKED_ID)]


@pytest.mark.parametrize("beyond", [2**31, 2**63, 10**40])
def test_a_well_formed_number_beyond_every_enrolment_id_names_none(beyond: int) -> None:
    # Its check digit is right, but no database may be asked about it (SQLite overflowed: INTERNAL).
    with pytest.raises(BadEnrollmentNumber, match="不存在"):
        parse_enrollment_number(enrollment_number(beyond))
    assert parse_enrollment_number(enrollment_number(2**31 - 1)) == 2**31 - 1
