"""adjustTrainingHours refuses hours dated before the person was born (issue #8 §4)."""

from __future__ import annotations

from typing import Any

from domain.training.models import HourEntry
from tests.api.conftest import Api, Tokens
from tests.api.training.fixtures import Training, training
from tests.api.training.test_ledger import ADJUST

__all__ = ["training"]


def adjustment(training: Training, occurred_on: str, key: str) -> dict[str, Any]:
    # 李娜 of the fixture was born on 1990-03-12.
    return {
        "input": {
            "personId": training.li_person,
            "hours": "12",
            "hourCategory": "OTHER",
            "reason": "外省培训补录",
            "occurredOn": occurred_on,
            "idempotencyKey": key,
        }
    }


async def test_an_adjustment_dated_the_day_before_birth_is_refused_and_nothing_written(
    api: Api, training: Training, tokens: Tokens
) -> None:
    data = await api.data(ADJUST, adjustment(training, "1990-03-11", "birth-1"), token=tokens.chuxiong)
    payload = data["adjustTrainingHours"]
    assert payload["entry"] is None
    [error] = payload["userErrors"]
    assert (error["code"], error["field"]) == ("INVALID_DATE", ["input", "occurredOn"])
    assert error["message"] == "学时发生日期不能早于本人出生日期（1990-03-12）"
    assert await HourEntry.all().count() == 0


async def test_a_year_typed_1919_for_1991_is_refused(api: Api, training: Training, tokens: Tokens) -> None:
    data = await api.data(ADJUST, adjustment(training, "1919-06-30", "birth-2"), token=tokens.chuxiong)
    assert [e["code"] for e in data["adjustTrainingHours"]["userErrors"]] == ["INVALID_DATE"]
    assert await HourEntry.all().count() == 0


async def test_an_adjustment_dated_on_the_birth_date_is_recorded(
    api: Api, training: Training, tokens: Tokens
) -> None:
    data = await api.data(ADJUST, adjustment(training, "1990-03-12", "birth-3"), token=tokens.chuxiong)
    assert data["adjustTrainingHours"]["userErrors"] == []
    assert data["adjustTrainingHours"]["entry"]["occurredOn"] == "1990-03-12"
