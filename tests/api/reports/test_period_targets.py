"""setPeriodTargets: the prefecture sets the 15th five-year plan's targets; nothing else may, and a
refusal writes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from domain.audit.models import AuditEvent
from tests.api.conftest import Api, Tokens, error_codes

PERIODS = "{ planPeriods { id talentTarget certifiedTarget perMilleFloor } }"

SET_TARGETS = """
mutation Set($input: SetPeriodTargetsInput!) {
  setPeriodTargets(input: $input) {
    period { id talentTarget certifiedTarget perMilleFloor }
    userErrors { code field message }
  }
}
"""


async def _periods(api: Api) -> list[dict[str, Any]]:
    periods: list[dict[str, Any]] = (await api.data(PERIODS))["planPeriods"]
    return periods


async def test_the_prefecture_sets_the_15th_periods_targets_and_it_is_audited(
    api: Api, tokens: Tokens
) -> None:
    fyp15 = (await _periods(api))[1]["id"]
    body = await api.data(
        SET_TARGETS,
        {
            "input": {
                "periodId": fyp15,
                "talentTarget": 12000,
                "certifiedTarget": 6000,
                "perMilleFloor": "1.2",
            }
        },
        token=tokens.prefecture,
    )
    assert body["setPeriodTargets"] == {
        "period": {"id": fyp15, "talentTarget": 12000, "certifiedTarget": 6000, "perMilleFloor": "1.20"},
        "userErrors": [],
    }
    assert (await _periods(api))[1]["talentTarget"] == 12000
    event = await AuditEvent.filter(action="plan_period.targets_set").get()
    assert event.summary["previous"] == {"talentTarget": None, "certifiedTarget": None, "perMilleFloor": None}


@pytest.mark.parametrize(
    "case",
    [
        (0, 0, "1", "talentTarget"),
        (-5, 1, "1", "talentTarget"),
        (3_000_001, 1, "1", "talentTarget"),
        (1000, 1001, "1", "certifiedTarget"),
        (1000, 0, "1", "certifiedTarget"),
        (1000, 500, "0", "perMilleFloor"),
        (1000, 500, "-1", "perMilleFloor"),
        (1000, 500, "1.234", "perMilleFloor"),
        (1000, 500, "1001", "perMilleFloor"),
        (1000, 500, "NaN", "perMilleFloor"),
    ],
)
async def test_an_impossible_target_is_refused_on_its_field_and_nothing_changes(
    api: Api, tokens: Tokens, case: tuple[int, int, str, str]
) -> None:
    talents, certified, floor, field = case
    fyp15 = (await _periods(api))[1]["id"]
    body = await api.post(
        SET_TARGETS,
        {
            "input": {
                "periodId": fyp15,
                "talentTarget": talents,
                "certifiedTarget": certified,
                "perMilleFloor": floor,
            }
        },
        token=tokens.prefecture,
    )
    if "errors" in body:  # a Decimal the scalar itself refuses (NaN) is a coded top-level error
        assert error_codes(body) == ["BAD_USER_INPUT"]
    else:
        payload = body["data"]["setPeriodTargets"]
        assert payload["period"] is None
        assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [
            ("INVALID_TARGET", ["input", field])
        ]
        assert payload["userErrors"][0]["message"]
    assert (await _periods(api))[1]["talentTarget"] is None
    assert not await AuditEvent.filter(action="plan_period.targets_set").exists()


async def test_the_ended_14th_period_keeps_the_seeds_targets(api: Api, tokens: Tokens) -> None:
    fyp14 = (await _periods(api))[0]["id"]
    body = await api.data(
        SET_TARGETS,
        {"input": {"periodId": fyp14, "talentTarget": 9000, "certifiedTarget": 4500, "perMilleFloor": "1"}},
        token=tokens.prefecture,
    )
    errors = body["setPeriodTargets"]["userErrors"]
    assert [(e["code"], e["field"]) for e in errors] == [("INVALID_TARGET", ["input", "periodId"])]
    assert "已结束" in errors[0]["message"]
    assert (await _periods(api))[0]["talentTarget"] == 8000


async def test_only_the_prefecture_sets_targets(api: Api, tokens: Tokens) -> None:
    fyp15 = (await _periods(api))[1]["id"]
    variables = {
        "input": {"periodId": fyp15, "talentTarget": 100, "certifiedTarget": 50, "perMilleFloor": "1"}
    }
    assert error_codes(await api.post(SET_TARGETS, variables, token=tokens.chuxiong)) == ["FORBIDDEN"]
    assert error_codes(await api.post(SET_TARGETS, variables)) == ["UNAUTHENTICATED"]
    unknown = await api.data(
        SET_TARGETS,
        {"input": {**variables["input"], "periodId": "UGxhblBlcmlvZDo5OTk="}},
        token=tokens.prefecture,
    )
    assert [e["code"] for e in unknown["setPeriodTargets"]["userErrors"]] == ["PLAN_PERIOD_NOT_FOUND"]
    assert (await _periods(api))[1]["talentTarget"] is None
