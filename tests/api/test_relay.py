"""Global ids and cursors (api/schema/relay.py): whatever a client sends, an id names a row or is
refused as malformed; it never reaches the database as a number the column cannot hold."""

from __future__ import annotations

import base64

import pytest

from api.schema.relay import MAX_PK, decode_pk, pk_of, to_cursor, to_global_id
from tests.api.conftest import Api, Tokens, error_codes

HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    ("text", "pk"),
    [
        ("12", 12),
        (str(MAX_PK), MAX_PK),
        (str(MAX_PK + 1), None),
        (HUGE, None),
        ("0", None),
        ("-3", None),
        ("²", None),  # a digit to str.isdigit, not to int()
        ("١٢", None),  # Arabic-Indic digits
        ("", None),
        ("1e3", None),
    ],
)
def test_a_primary_key_is_ascii_digits_within_the_columns_range(text: str, pk: int | None) -> None:
    assert pk_of(text) == pk


def test_the_audit_trail_takes_64_bit_keys() -> None:
    assert decode_pk(to_global_id("AuditEvent", 2**40), "AuditEvent") == 2**40
    assert decode_pk(to_global_id("Person", 2**40), "Person") is None


async def test_an_id_too_large_for_any_row_is_answered_not_an_internal_error(
    api: Api, tokens: Tokens
) -> None:
    huge = base64.b64encode(f"HourEntry:{HUGE}".encode()).decode()
    body = await api.post(
        "mutation R($input: ReverseLedgerEntryInput!) { reverseLedgerEntry(input: $input)"
        " { entry { id } userErrors { code field } } }",
        {"input": {"entryId": huge, "reason": "录入错误", "idempotencyKey": "r-huge"}},
        token=tokens.chuxiong,
    )
    assert body["data"]["reverseLedgerEntry"] == {
        "entry": None,
        "userErrors": [{"code": "INVALID_ID", "field": ["input", "entryId"]}],
    }
    person = base64.b64encode(f"Person:{HUGE}".encode()).decode()
    node = await api.post("query N($id: ID!) { node(id: $id) { id } }", {"id": person}, token=tokens.chuxiong)
    assert node == {"data": {"node": None}, "extensions": node["extensions"]}
    paged = await api.post(
        "query P($after: String) { persons(first: 5, after: $after) { totalCount } }",
        {"after": to_cursor(2**40)},
        token=tokens.chuxiong,
    )
    assert error_codes(paged) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize(
    "cursor",
    [
        f"course:2026-11-30T08:00:00+00:00|{HUGE}",
        "course:2026-11-30T08:00:00+00:00|-5",
        "course:2026-11-30T08:00:00|5",  # a time without its zone was never written by the server
        "course:yesterday|5",
    ],
)
async def test_a_forged_catalog_cursor_is_malformed_input(api: Api, db: str, cursor: str) -> None:
    after = base64.b64encode(cursor.encode()).decode()
    for order in ("NEWEST", "SOONEST"):
        body = await api.post(
            "query C($after: String) { courses(first: 5, after: $after, orderBy: "
            + order
            + ") { totalCount } }",
            {"after": after},
        )
        assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_a_garbage_id_is_refused_without_echoing_it_whole(api: Api, db: str) -> None:
    garbage = "<script>" + "A" * 5000
    body = await api.post("query N($id: ID!) { node(id: $id) { id } }", {"id": garbage})
    assert error_codes(body) == ["BAD_USER_INPUT"]
    message = body["errors"][0]["message"]
    assert message.startswith("编号「<script>AAAA")
    assert "A" * 100 not in message
    assert len(message) < 60


# Past Python's int-string limit (4,300 digits) `int()` raises: the digits are counted first.
THOUSANDS = "9" * 5000


@pytest.mark.parametrize("digits", [THOUSANDS, "0" * 5000 + "12", "1" + "0" * 19])
def test_a_key_with_more_digits_than_the_column_is_refused_without_converting_it(digits: str) -> None:
    assert pk_of(digits) is None
    assert pk_of(digits, maximum=2**63 - 1) is None
    assert decode_pk(to_global_id("Person", digits), "Person") is None
    assert decode_pk(to_global_id("AuditEvent", digits), "AuditEvent") is None


def test_leading_zeros_within_the_columns_width_still_name_the_row() -> None:
    assert pk_of("0012") == 12


async def test_an_id_with_thousands_of_digits_is_malformed_input_everywhere(api: Api, tokens: Tokens) -> None:
    """Issue #8 review: `person(id: base64("Person:" + "9" * 5000))` was an INTERNAL error, and so was
    every other place an id is read."""

    def huge(type_name: str) -> str:
        return base64.b64encode(f"{type_name}:{THOUSANDS}".encode()).decode()

    person = await api.post(
        "query P($id: ID!) { person(id: $id) { id } }", {"id": huge("Person")}, token=tokens.chuxiong
    )
    assert error_codes(person) == ["BAD_USER_INPUT"]
    node = await api.post(
        "query N($id: ID!) { node(id: $id) { id } }", {"id": huge("Person")}, token=tokens.chuxiong
    )
    assert node["data"] == {"node": None}
    assert "errors" not in node
    nodes = await api.post(
        "query N($ids: [ID!]!) { nodes(ids: $ids) { id } }",
        {"ids": [huge("Person"), huge("AuditEvent")]},
        token=tokens.chuxiong,
    )
    assert nodes["data"] == {"nodes": [None, None]}
    audit = await api.post(
        "query A($filter: AuditEventFilter) { auditEvents(first: 5, filter: $filter) { totalCount } }",
        {"filter": {"actorId": huge("User")}},
        token=tokens.prefecture,
    )
    assert error_codes(audit) == ["BAD_USER_INPUT"]
    courses = await api.post(
        "query C($filter: CourseFilter) { courses(first: 5, filter: $filter) { totalCount } }",
        {"filter": {"providerId": huge("Provider")}},
    )
    assert error_codes(courses) == ["BAD_USER_INPUT"]
    results = await api.post(
        "mutation R($input: RecordExamResultsInput!) { recordExamResults(input: $input)"
        " { userErrors { code field } } }",
        {
            "input": {
                "sittingId": to_global_id("ExamSitting", 1),
                "results": [
                    {
                        "registrationId": huge("ExamRegistration"),
                        "subject": "ASSISTANT_PRACTICE",
                        "score": "70",
                    }
                ],
            }
        },
        token=tokens.prefecture,
    )
    assert results["data"]["recordExamResults"]["userErrors"] == [
        {"code": "INVALID_ID", "field": ["input", "results", "0", "registrationId"]}
    ]
    adjusted = await api.post(
        "mutation A($input: AdjustTrainingHoursInput!) { adjustTrainingHours(input: $input)"
        " { userErrors { code field } } }",
        {
            "input": {
                "personId": huge("Person"),
                "hours": "2",
                "hourCategory": "KNOWLEDGE",
                "reason": "外省培训补录",
                "occurredOn": "2026-11-01",
                "idempotencyKey": "huge-id",
            }
        },
        token=tokens.chuxiong,
    )
    assert adjusted["data"]["adjustTrainingHours"]["userErrors"] == [
        {"code": "INVALID_ID", "field": ["input", "personId"]}
    ]
