"""A refused category cap points at its row of `caps` and the field to change."""

from __future__ import annotations

from tests.api.conftest import Api, Tokens
from tests.api.training.test_ledger import FRONT_LINE_2026

UPDATE = """
mutation U($input: UpdateTrainingRequirementInput!) {
  updateTrainingRequirement(input: $input) { requirement { caps { category hours } } userErrors { code field } }
}
"""


async def test_a_refused_cap_is_pointed_at_by_row_and_field(api: Api, tokens: Tokens) -> None:
    conference = {"category": "CONFERENCE", "hours": "20"}
    cases = [
        ({"category": "DEGREE_STUDY", "hours": "-1"}, "hours", "INVALID_HOURS"),
        ({"category": "DEGREE_STUDY", "hours": "2.25"}, "hours", "INVALID_HOURS"),
        ({"category": "CONFERENCE", "hours": "30"}, "category", "INVALID_INPUT"),
    ]
    for cap, field, code in cases:
        data = await api.data(
            UPDATE,
            {"input": {"requirementId": FRONT_LINE_2026, "caps": [conference, cap]}},
            token=tokens.prefecture,
        )
        refused = data["updateTrainingRequirement"]
        assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [
            (code, ["input", "caps", "1", field])
        ], cap
    kept = await api.data(
        UPDATE, {"input": {"requirementId": FRONT_LINE_2026, "caps": [conference]}}, token=tokens.prefecture
    )
    assert kept["updateTrainingRequirement"]["requirement"]["caps"] == [
        {"category": "CONFERENCE", "hours": "20.0"}
    ]
