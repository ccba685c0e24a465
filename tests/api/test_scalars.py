"""The custom scalars (api/schema/scalars.py): what each reads, what it writes, and what it says it is."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from api.errors import BadUserInput
from api.schema import build_schema
from api.schema.scalars import (
    parse_date_text,
    parse_date_time_text,
    parse_decimal,
    serialize_date_time,
    serialize_decimal,
)
from domain import clock
from tests.api.conftest import Api
from tests.api.training.fixtures import POST, Training, course_input, training

__all__ = ["training"]

UPDATE = """
mutation U($input: UpdateCourseInput!) {
  updateCourse(input: $input) { course { sessions { startsAt endsAt } } userErrors { code field message } }
}
"""


def _naive_sessions(day: date) -> list[dict[str, str]]:
    return [{"startsAt": f"{day}T09:00:00", "endsAt": f"{day}T12:00", "location": "鹿城镇"}]


async def test_a_time_without_an_offset_is_beijing_time_and_goes_out_with_it(
    api: Api, training: Training
) -> None:
    """Issue #8: `startsAt:"2026-12-20T09:00:00"` was an INTERNAL error in postCourse and updateCourse."""
    day = clock.today() + timedelta(days=20)
    posted = await api.data(
        POST, {"input": course_input(sessions=_naive_sessions(day))}, token=training.provider
    )
    course = posted["postCourse"]["course"]
    assert posted["postCourse"]["userErrors"] == []
    assert course["sessions"][0]["startsAt"] == f"{day}T09:00:00+08:00"
    later = day + timedelta(days=1)
    updated = await api.data(
        UPDATE,
        {"input": {**course_input(sessions=_naive_sessions(later)), "courseId": course["id"]}},
        token=training.provider,
    )
    assert updated["updateCourse"]["userErrors"] == []
    assert updated["updateCourse"]["course"]["sessions"] == [
        {"startsAt": f"{later}T09:00:00+08:00", "endsAt": f"{later}T12:00:00+08:00"}
    ]


async def test_a_time_given_in_utc_goes_out_as_the_same_instant_in_beijing_time(
    api: Api, training: Training
) -> None:
    day = clock.today() + timedelta(days=20)
    sessions = [{"startsAt": f"{day}T01:00:00Z", "endsAt": f"{day}T04:00:00+00:00", "location": "鹿城镇"}]
    posted = await api.data(POST, {"input": course_input(sessions=sessions)}, token=training.provider)
    assert posted["postCourse"]["course"]["sessions"][0]["startsAt"] == f"{day}T09:00:00+08:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-20T09:00:00", datetime(2026, 12, 20, 1, tzinfo=UTC)),
        ("2026-12-20T09:00", datetime(2026, 12, 20, 1, tzinfo=UTC)),
        ("2026-12-20 09:00:00+08:00", datetime(2026, 12, 20, 1, tzinfo=UTC)),
        ("2026-12-20T01:00:00z", datetime(2026, 12, 20, 1, tzinfo=UTC)),
        ("2026-12-20T09:00:00.1234567+08:00", datetime(2026, 12, 20, 1, 0, 0, 123456, tzinfo=UTC)),
        ("2026-12-19T20:00:00-05:00", datetime(2026, 12, 20, 1, tzinfo=UTC)),
    ],
)
def test_date_times_in_rfc_3339_forms_are_read(text: str, expected: datetime) -> None:
    assert parse_date_time_text(text) == expected


def test_every_time_goes_out_in_beijing_time() -> None:
    assert serialize_date_time(datetime(2026, 12, 20, 1, tzinfo=UTC)) == "2026-12-20T09:00:00+08:00"
    # Stored timestamps are UTC: a naive one is read as such.
    naive = datetime(2026, 12, 20, 1, tzinfo=UTC).replace(tzinfo=None)
    assert serialize_date_time(naive) == "2026-12-20T09:00:00+08:00"


@pytest.mark.parametrize(
    "text", ["2026-1-5", "20260105", "2026-01-05 ", "2026-W01-1", "2026-02-29", "1899-12-31"]
)
def test_a_date_is_a_full_rfc_3339_date_that_exists(text: str) -> None:
    with pytest.raises(BadUserInput):
        parse_date_text(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12.5", Decimal("12.5")),
        (" 12.5 ", Decimal("12.5")),
        ("-3", Decimal(-3)),
        (".5", Decimal("0.5")),
        ("1E+1", Decimal(10)),
        (12, Decimal(12)),
        (12.5, Decimal("12.5")),
        (0.1, Decimal("0.1")),  # the binary float nearest 0.1 is what the client wrote: "0.1"
    ],
)
def test_decimals_are_read_exactly(value: object, expected: Decimal) -> None:
    parsed = parse_decimal(value)
    assert parsed == expected
    assert str(parsed) == str(expected) or value in {"1E+1", " 12.5 "}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1e1000000", "超出范围"),
        ("NaN", "不是十进制数"),
        ("", "不能为空"),
        ("１２", "半角数字"),
        (0.30000000000000004, "请以字符串传入"),
        (float("inf"), "有限"),
        (True, "字符串"),
        pytest.param(10**5000, "超出范围", id="an int of 5000 digits"),
    ],
)
def test_a_value_that_is_not_a_finite_decimal_within_range_is_refused_in_chinese(
    value: object, message: str
) -> None:
    with pytest.raises(BadUserInput, match=message) as refused:
        parse_decimal(value)
    assert refused.value.extensions == {"code": "BAD_USER_INPUT"}


def test_a_refused_value_is_not_echoed_whole() -> None:
    with pytest.raises(BadUserInput) as refused:
        parse_decimal("9" * 5000)
    assert len(refused.value.message) < 120


def test_decimals_go_out_without_an_exponent() -> None:
    assert serialize_decimal(Decimal("1E+1")) == "10"
    assert serialize_decimal(Decimal("1.50")) == "1.50"
    assert serialize_decimal(Decimal("1E-7")) == "0.0000001"


def test_the_scalars_say_what_they_are() -> None:
    sdl = build_schema().as_str()
    for scalar, url in [
        ("Decimal", "https://speleotrove.com/decimal/daconvs.html#refnumsyn"),
        ("Date", "https://datatracker.ietf.org/doc/html/rfc3339#section-5.6"),
        ("DateTime", "https://datatracker.ietf.org/doc/html/rfc3339#section-5.6"),
        ("Upload", "https://github.com/jaydenseric/graphql-multipart-request-spec"),
    ]:
        assert f'scalar {scalar} @specifiedBy(url: "{url}")' in sdl
    schema = build_schema()._schema
    assert "字符串" in (schema.type_map["Decimal"].description or "")
    assert "+08:00" in (schema.type_map["DateTime"].description or "")
    assert "Asia/Shanghai" in (schema.type_map["DateTime"].description or "")
    assert "YYYY-MM-DD" in (schema.type_map["Date"].description or "")
    assert "multipart" in (schema.type_map["Upload"].description or "")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("\u30001", id="an ideographic space before"),
        pytest.param("12.5\u3000", id="an ideographic space after"),
        pytest.param("1\n", id="a newline after"),
        pytest.param("\t1", id="a tab before"),
        pytest.param("1\u00a0", id="a no-break space after"),
    ],
)
def test_a_decimal_with_whitespace_other_than_ascii_spaces_around_it_is_refused(text: str) -> None:
    """Issue #8 review: `"\u30001"` and `"1\\n"` were read as 1 while `"１"` was refused. Full-width
    spaces and digits come from the same input method: both are refused; only ASCII spaces, which a
    form field leaves behind, are ignored."""
    with pytest.raises(BadUserInput, match="空白") as refused:
        parse_decimal(text)
    assert refused.value.extensions == {"code": "BAD_USER_INPUT"}


@pytest.mark.parametrize("text", ["\u3000", " \n "])
def test_a_decimal_of_whitespace_only_is_empty(text: str) -> None:
    with pytest.raises(BadUserInput, match="不能为空"):
        parse_decimal(text)


def _adjust(hours: str, declared: str = "") -> str:
    return (
        f'mutation A{declared} {{ adjustTrainingHours(input: {{personId: "UGVyc29uOjE=", hours: {hours},'
        ' hourCategory: KNOWLEDGE, reason: "外省培训补录", idempotencyKey: "k"}) { userErrors { code } } }'
    )


async def test_a_value_refused_in_the_document_names_its_argument_and_where_it_is(api: Api, db: str) -> None:
    """Issue #8 review: `hours: "NaN"` written in the document came back with neither locations nor the
    argument's name, while the same value in a variable said "变量 $i 中的 …"."""
    body = await api.post(_adjust('"NaN"'))
    assert body["errors"] == [
        {
            "message": '参数 input 中的 hours 的值无效：「NaN」不是十进制数，如 "12.5"',
            "locations": [{"line": 1, "column": 75}],
            "extensions": {"code": "BAD_USER_INPUT"},
        }
    ]
    assert "data" not in body
    results = await api.post(
        'mutation { recordExamResults(input: {sittingId: "x", results: ['
        '{registrationId: "a", subject: ASSISTANT_PRACTICE, score: "70"},'
        '{registrationId: "b", subject: ASSISTANT_PRACTICE, score: "１２"}]}) { userErrors { code } } }'
    )
    [error] = results["errors"]
    assert error["message"].startswith("参数 input 中的 results[1].score 的值无效：「１２」含全角")
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
    assert error["locations"] == [{"line": 1, "column": 186}]
    courses = await api.post('{ courses(first: 5, filter: {startsFrom: "2026-12-20T25:00"}) { totalCount } }')
    [error] = courses["errors"]
    assert error["message"].startswith(
        "参数 filter 中的 startsFrom 的值无效：「2026-12-20T25:00」不是存在的日期时间"
    )
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}


async def test_a_refused_default_of_a_variable_says_so(api: Api, db: str) -> None:
    body = await api.post(_adjust("$h", '($h: Decimal! = "1e1000000")'))
    [error] = body["errors"]
    assert error["message"].startswith("变量 $h 的默认值无效：「1e1000000」超出范围")
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
    assert error["locations"] == [{"line": 1, "column": 27}]


async def test_a_literal_null_for_a_required_value_stays_a_document_error(api: Api, db: str) -> None:
    """The type (Decimal!) in the schema already says null cannot go there: the document is at fault,
    whatever a user typed, so it is GRAPHQL_VALIDATION_FAILED like any other document that does not fit
    the schema. A value of the right kind that the scalar cannot read is the user's input: BAD_USER_INPUT,
    whether written in the document or sent as a variable."""
    body = await api.post(_adjust("null"))
    [error] = body["errors"]
    assert error["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED"}
    assert error["locations"] == [{"line": 1, "column": 75}]
