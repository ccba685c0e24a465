"""A provider sees its own trainees by name and masked identity, and no more of their file: their hours,
their enrolments with other providers and their exam registrations are for the person and admins in scope."""

from __future__ import annotations

from api.schema.relay import to_global_id
from tests.api.conftest import Api, Tokens
from tests.api.training.fixtures import Training, enroll, post_and_publish, training

__all__ = ["training"]  # the fixture, by name

FILE = """
query F($course: ID!, $requirement: ID!) {
  node(id: $course) { ... on Course { enrollments(first: 5) { nodes { person {
    name idCardNumber
    enrollments(first: 5) { totalCount }
    examRegistrations(first: 5) { totalCount }
    trainingLedger(requirementId: $requirement) { earnedHours }
  } } } } }
}
"""
NAME_ONLY = """
query N($course: ID!) { node(id: $course) { ... on Course { enrollments(first: 5) { nodes { person { name idCardNumber } } } } } }
"""


async def test_a_provider_reads_no_more_of_a_trainees_file_than_the_roster_needs(
    api: Api, training: Training, tokens: Tokens
) -> None:
    course = await post_and_publish(api, training.provider)
    assert (await enroll(api, training.li, course))["userErrors"] == []
    variables = {"course": course, "requirement": to_global_id("TrainingRequirement", 2)}

    for field, what in (
        ("enrollments(first: 5) { totalCount }", "课程报名"),
        ("examRegistrations(first: 5) { totalCount }", "考试报名"),
        ("trainingLedger(requirementId: $requirement) { earnedHours }", "学时台账"),
    ):
        query = (
            "query F($course: ID!, $requirement: ID!) { node(id: $course) { ... on Course {"
            f" enrollments(first: 5) {{ nodes {{ person {{ name {field} }} }} }} }} }} }}"
        )
        used = variables if "$requirement" in field else {"course": course}
        if "$requirement" not in field:
            query = query.replace(", $requirement: ID!", "")
        answer = await api.post(query, used, token=training.provider)
        assert [(e["extensions"]["code"], e["message"]) for e in answer["errors"]] == [
            ("FORBIDDEN", f"只有本人和辖区管理员可以查看此人的{what}")
        ], field
    named = await api.data(NAME_ONLY, {"course": course}, token=training.provider)
    [row] = named["node"]["enrollments"]["nodes"]
    assert row["person"]["name"] == "李娜"
    assert "*" in row["person"]["idCardNumber"]

    # The county admin of the trainee's county reads the whole file through the same path.
    whole = await api.data(FILE, variables, token=tokens.chuxiong)
    [person] = [n["person"] for n in whole["node"]["enrollments"]["nodes"]]
    assert person["enrollments"]["totalCount"] == 1
    assert person["examRegistrations"]["totalCount"] == 0
    assert person["trainingLedger"] == {"earnedHours": "0.0"}
