"""Course and ledger connections resolve nested fields with a fixed number of SQL queries."""

from __future__ import annotations

from api.schema.relay import to_global_id
from tests.api.conftest import Api, Tokens
from tests.api.test_query_count import SqlCounter, sql
from tests.api.training.fixtures import Training, before_a_course_held, enroll, post_and_publish, training

__all__ = ["sql", "training"]

CATALOG = """
query C($first: Int!) { courses(first: $first) { nodes { title provider { name } sessions { startsAt location } } } }
"""
ENTRIES = """
query E($first: Int!, $requirement: ID!) {
  viewer { person { trainingLedger(requirementId: $requirement) {
    entries(first: $first) { nodes { hours course { title provider { name } } } }
  } } }
}
"""

# As the front end sends it (HoursLedgerCard.vue).
MY_HOURS = """
query MyHoursLedger($requirementId: ID!, $first: Int!, $after: String) {
  viewer { person { id trainingLedger(requirementId: $requirementId) {
    requirement { id code name audience }
    applicable notApplicableReason startsOn endsOn requiredHours earnedHours remainingHours met
    byCategory { category hours countedHours }
    entries(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { id hours category source occurredOn reason recordedAt reversesId course { id title } }
    }
  } } }
}
"""


async def count(
    api: Api, sql: SqlCounter, query: str, variables: dict[str, object], token: str | None = None
) -> int:
    sql.statements.clear()
    await api.data(query, variables, token=token)
    return len(sql.statements)


async def test_a_catalog_page_costs_the_same_queries_whatever_its_size(
    api: Api, training: Training, sql: SqlCounter
) -> None:
    for i in range(8):
        await post_and_publish(api, training.provider if i % 2 else training.other_provider, title=f"课程{i}")
    small = await count(api, sql, CATALOG, {"first": 2})
    large = await count(api, sql, CATALOG, {"first": 8})
    assert small == large
    assert large == 4  # count, page, providers, sessions


async def test_a_ledger_page_costs_the_same_queries_whatever_its_size(
    api: Api, training: Training, tokens: Tokens, sql: SqlCounter
) -> None:
    for i in range(6):
        with before_a_course_held(days_ago=20):
            course = await post_and_publish(api, training.provider, title=f"课程{i}")
            enrollment = (await enroll(api, training.li, course))["enrollment"]["id"]
        done = await api.data(
            "mutation C($input: RecordCompletionInput!) { recordCompletion(input: $input) { userErrors { code } } }",
            {"input": {"enrollmentId": enrollment, "idempotencyKey": f"k{i}", "hours": "2"}},
            token=training.provider,
        )
        assert done["recordCompletion"]["userErrors"] == []
    variables = {"requirement": to_global_id("TrainingRequirement", 2)}
    small = await count(api, sql, ENTRIES, {**variables, "first": 2}, training.li)
    large = await count(api, sql, ENTRIES, {**variables, "first": 6}, training.li)
    assert small == large

    # The trainee's "my hours" card (web/src/pages/trainee/HoursLedgerCard.vue), whole: token and
    # user, grants, person, requirement, balances, caps, entry count, entries, courses (#14).
    hours = {"requirementId": variables["requirement"], "after": None}
    summary_small = await count(api, sql, MY_HOURS, {**hours, "first": 2}, training.li)
    summary_large = await count(api, sql, MY_HOURS, {**hours, "first": 20}, training.li)
    assert summary_small == summary_large == 9


NODES = """
query N($ids: [ID!]!) {
  nodes(ids: $ids) {
    id
    ... on Course { title provider { name } }
    ... on Enrollment { status course { title } }
    ... on Provider { name }
  }
}
"""


async def test_nodes_of_training_kinds_cost_one_query_per_kind_whatever_their_number(
    api: Api, training: Training, sql: SqlCounter
) -> None:
    courses = [await post_and_publish(api, training.provider, title=f"课程{i}") for i in range(6)]
    enrollments = [(await enroll(api, training.li, c))["enrollment"]["id"] for c in courses]

    async def cost(n: int) -> int:
        ids = [*courses[:n], *enrollments[:n], training.provider_id]
        sql.statements.clear()
        data = await api.data(NODES, {"ids": ids}, token=training.li)
        assert [node["id"] for node in data["nodes"]] == ids
        return len(sql.statements)

    assert await cost(2) == await cost(6)


async def test_an_enrollment_node_is_refused_to_others_than_its_trainee_and_provider(
    api: Api, training: Training
) -> None:
    course = await post_and_publish(api, training.provider)
    enrollment = (await enroll(api, training.li, course))["enrollment"]["id"]
    query = "query N($ids: [ID!]!) { nodes(ids: $ids) { id } }"
    for token, seen in [
        (training.li, True),
        (training.provider, True),
        (training.wang, False),
        (training.other_provider, False),
    ]:
        data = await api.data(query, {"ids": [enrollment]}, token=token)
        assert data["nodes"] == [{"id": enrollment} if seen else None]
