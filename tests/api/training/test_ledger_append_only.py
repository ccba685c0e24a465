"""The ledger is append-only: no code path updates or deletes an entry, and on PostgreSQL the
database itself refuses to."""

from __future__ import annotations

import pytest
from asyncpg.exceptions import RaiseError
from tortoise import connections

from domain.training.models import HourEntry
from tests.api.conftest import Api, Tokens
from tests.api.training.fixtures import Training, training

__all__ = ["training"]


async def test_postgresql_refuses_to_change_or_delete_a_ledger_entry(
    api: Api, training: Training, tokens: Tokens
) -> None:
    connection = connections.get("default")
    if connection.capabilities.dialect != "postgres":
        pytest.skip(
            "the append-only trigger is PostgreSQL's; SQLite runs have no second writer to guard against"
        )
    data = await api.data(
        "mutation A($input: AdjustTrainingHoursInput!) { adjustTrainingHours(input: $input) { entry { id } userErrors { code } } }",
        {
            "input": {
                "personId": training.li_person,
                "hours": "8",
                "hourCategory": "KNOWLEDGE",
                "reason": "补录",
                "idempotencyKey": "t",
            }
        },
        token=tokens.chuxiong,
    )
    assert data["adjustTrainingHours"]["userErrors"] == []
    with pytest.raises(RaiseError, match="append-only"):
        await HourEntry.all().update(tenths=999)
    with pytest.raises(RaiseError, match="append-only"):
        await HourEntry.all().delete()
    assert [e.tenths for e in await HourEntry.all()] == [80]
