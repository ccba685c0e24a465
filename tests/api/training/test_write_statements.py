"""recordCompletion writes with a fixed, small number of SQL statements (issue 14: at most 6).

Counted over the API, as a front end calls it, are the statements of the mutation's own work: not the
two every request pays to resolve its bearer token (`api.auth`), nor transaction control (BEGIN,
ROLLBACK, COMMIT, savepoints), which Tortoise logs on SQLite and not on PostgreSQL, so that one count
holds on both databases.
"""

from __future__ import annotations

from typing import Any, Final

from domain.training.models import HourBalance, HourEntry
from tests.api.conftest import Api
from tests.api.test_query_count import SqlCounter, sql
from tests.api.training.fixtures import Training, before_a_course_held, enroll, post_and_publish, training

__all__ = ["sql", "training"]

RECORD = """
mutation C($input: RecordCompletionInput!) {
  recordCompletion(input: $input) {
    enrollment { id status } entry { id hours } userErrors { code }
  }
}
"""
MAX_STATEMENTS: Final = 6
AUTHENTICATION: Final = ('FROM "access_token"', 'FROM "user_role"')
TRANSACTION_CONTROL: Final = ("BEGIN", "ROLLBACK", "COMMIT", "SAVEPOINT", "RELEASE")


def own_statements(sql: SqlCounter) -> list[str]:
    return [
        s
        for s in sql.statements
        if not s.lstrip().upper().startswith(TRANSACTION_CONTROL) and not any(a in s for a in AUTHENTICATION)
    ]


async def record(
    api: Api, token: str, enrollment: str, key: str, sql: SqlCounter
) -> tuple[dict[str, Any], int]:
    sql.statements.clear()
    data: dict[str, Any] = await api.data(
        RECORD, {"input": {"enrollmentId": enrollment, "idempotencyKey": key, "hours": "2"}}, token=token
    )
    return data["recordCompletion"], len(own_statements(sql))


async def test_a_completion_costs_at_most_six_statements_and_its_retry_no_more(
    api: Api, training: Training, sql: SqlCounter
) -> None:
    with before_a_course_held(days_ago=20):
        course = await post_and_publish(api, training.provider)
        enrollment = (await enroll(api, training.li, course))["enrollment"]["id"]
    first, cost = await record(api, training.provider, enrollment, "k1", sql)
    assert first["userErrors"] == []
    assert first["enrollment"]["status"] == "COMPLETED"
    assert cost <= MAX_STATEMENTS, own_statements(sql)
    # The statements counted are the ones that did the work: the entry, its balances, the audit event.
    assert any("hour_balance" in s for s in own_statements(sql))
    assert any('INTO "audit_event"' in s for s in own_statements(sql))

    retry, retry_cost = await record(api, training.provider, enrollment, "k1", sql)
    assert retry == first
    assert retry_cost <= MAX_STATEMENTS
    assert not any(s.lstrip().upper().startswith(("INSERT", "UPDATE")) for s in sql.statements)
    assert await HourEntry.all().count() == 1
    assert [b.tenths for b in await HourBalance.all()] == [20]


async def test_counting_leaves_out_only_authentication_and_transaction_control(
    api: Api, training: Training, sql: SqlCounter
) -> None:
    with before_a_course_held(days_ago=20):
        course = await post_and_publish(api, training.provider)
        enrollment = (await enroll(api, training.li, course))["enrollment"]["id"]
    await record(api, training.provider, enrollment, "k1", sql)
    left_out = [s for s in sql.statements if s not in own_statements(sql)]
    assert sum(any(a in s for a in AUTHENTICATION) for s in left_out) == 2
    assert all(s.lstrip().upper().startswith(("SELECT", *TRANSACTION_CONTROL)) for s in left_out), left_out
