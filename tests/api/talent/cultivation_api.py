"""The operations and steps the API tests of approval and cultivation share (tests/api/talent/
test_approval.py, test_cultivation.py)."""

from __future__ import annotations

from typing import Any

import pytest

from api.schema.relay import to_global_id
from tests.api.conftest import Api

TALENT_FIELDS = """
  id status awardedOn cultivationEndsOn countyCode revokedOn revocationCause revocationReason
  person { id name }
  round { id status }
  tranches { ordinal amount status decidedOn }
  assessments { year grade comment }
  history { on what detail }
"""
APPROVE = """
mutation A($input: ApproveTalentRoundInput!) {
  approveTalentRound(input: $input) {
    round { id status approvedOn }
    talents { id person { id name } countyCode status awardedOn cultivationEndsOn tranches { ordinal amount status } }
    userErrors { code field message }
  }
}
"""
ASSESS = f"""
mutation R($input: RecordCultivationAssessmentInput!) {{
  recordCultivationAssessment(input: $input) {{
    talent {{ {TALENT_FIELDS} }}
    assessment {{ year grade comment }}
    userErrors {{ code field message }}
  }}
}}
"""
REVOKE = f"""
mutation V($input: RevokeLeadingTalentInput!) {{
  revokeLeadingTalent(input: $input) {{
    talent {{ {TALENT_FIELDS} }}
    userErrors {{ code field message }}
  }}
}}
"""
LIST = """
query L($first: Int!, $after: String, $filter: LeadingTalentFilter) {
  leadingTalents(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id countyCode status person { name } }
  }
}
"""
MINE = f"query {{ myLeadingTalents {{ {TALENT_FIELDS} }} }}"
NODE = f"query N($id: ID!) {{ node(id: $id) {{ ... on LeadingTalent {{ {TALENT_FIELDS} }} }} }}"
PERSON = """
query P($id: ID!) {
  node(id: $id) { ... on Person { name leadingTalents { id status history { on what detail } } } }
}
"""


def pin(monkeypatch: pytest.MonkeyPatch, day: str) -> None:
    """The business date for the app and the services alike (tokens issued before a later pin expire)."""
    monkeypatch.setenv("SWTALENT_TODAY", day)


async def approve(api: Api, token: str, round_id: int) -> Any:
    variables = {"input": {"roundId": to_global_id("TalentRound", round_id)}}
    return (await api.data(APPROVE, variables, token=token))["approveTalentRound"]


async def assess(
    api: Api, token: str, talent_id: str, year: int, grade: str, *, comment: str | None = None
) -> Any:
    variables = {"input": {"talentId": talent_id, "year": year, "grade": grade, "comment": comment}}
    return (await api.data(ASSESS, variables, token=token))["recordCultivationAssessment"]


async def revoke(api: Api, token: str, talent_id: str, reason: str, cause: str | None = None) -> Any:
    variables = {"input": {"talentId": talent_id, "reason": reason, "cause": cause}}
    return (await api.data(REVOKE, variables, token=token))["revokeLeadingTalent"]


def codes(payload: dict[str, Any]) -> list[str]:
    return [error["code"] for error in payload["userErrors"]]
