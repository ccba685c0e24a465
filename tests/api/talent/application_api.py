"""Documents and helpers for the API tests of rounds, applications and evidence."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from domain import clock
from domain.clock import Travel
from tests.api.conftest import Api

ROUND_FIELDS = """
id year title quota status applicationOpensOn applicationClosesOn funding cultivationYears promoteNextOnUpheld
eligibility { minCertificateLevel minYearsHeld minPracticeYears maxAge trainingRequirementMet }
countyQuotas { countyCode countyName quota }
rubric { dimension name weight maxScore }
"""
OPEN = f"""
mutation Open($input: OpenTalentRoundInput!) {{
  openTalentRound(input: $input) {{ round {{ {ROUND_FIELDS} }} userErrors {{ code field message }} }}
}}
"""
CORRECT = f"""
mutation Correct($input: CorrectTalentRoundInput!) {{
  correctTalentRound(input: $input) {{ round {{ {ROUND_FIELDS} }} userErrors {{ code field message }} }}
}}
"""
APPLICATION_FIELDS = """
id status countyCode countyName organizationName statement achievements recommended submittedAt
person { id name }
round { id }
evidence { id fileName contentType sizeBytes uploadedAt downloadPath }
steps { fromStatus toStatus comment at }
"""
APPLY = f"""
mutation Apply($input: ApplyForTalentRoundInput!) {{
  applyForTalentRound(input: $input) {{
    application {{ {APPLICATION_FIELDS} }}
    userErrors {{ code field message }}
  }}
}}
"""


def call(**override: Any) -> dict[str, Any]:
    return {
        "year": 2026,
        "title": "2026年度彝乡专业社会工作领军人才选拔",
        "quota": 3,
        "countyQuotas": [{"countyCode": "532301", "quota": 2}, {"countyCode": "532302", "quota": 1}],
        "applicationOpensOn": "2026-09-01",
        "applicationClosesOn": "2026-10-31",
        **override,
    }


def opening_day(given: dict[str, Any]) -> Travel:
    """The clock on the call's opening day when that is already past (a round cannot be opened with
    a past opening day), else left as it is."""
    return clock.travel_to(min(date.fromisoformat(given["applicationOpensOn"]), clock.today()))


async def open_round(api: Api, token: str, **override: Any) -> dict[str, Any]:
    given = call(**override)
    with opening_day(given):
        data = await api.data(OPEN, {"input": given}, token=token)
    payload: dict[str, Any] = data["openTalentRound"]
    assert payload["userErrors"] == [], payload
    round_: dict[str, Any] = payload["round"]
    return round_


async def mutate(api: Api, document: str, name: str, input: dict[str, Any], token: str) -> dict[str, Any]:
    """The payload of mutation `name` (no top-level errors)."""
    data = await api.data(document, {"input": input}, token=token)
    payload: dict[str, Any] = data[name]
    return payload


async def apply_with_files(
    api: Api, input: dict[str, Any], files: list[tuple[str, bytes, str]], *, token: str
) -> dict[str, Any]:
    """applyForTalentRound with `input.evidence` a list of uploads (the GraphQL multipart request spec)."""
    operations = {"query": APPLY, "variables": {"input": {**input, "evidence": [None] * len(files)}}}
    mapping = {str(i): [f"variables.input.evidence.{i}"] for i in range(len(files))}
    response = await api.client.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps(mapping)},
        files={str(i): (name, content, media) for i, (name, content, media) in enumerate(files)},
        headers={"Authorization": f"Bearer {token}"},
    )
    body: dict[str, Any] = response.json()
    return body
