"""`nodes(ids)` resolves the exam's objects concurrently through DataLoaders: ids of one kind cost one
query whatever their number, and each object stays visible only to whoever may see its holder."""

from __future__ import annotations

from datetime import date

import pytest

from api.schema.relay import to_global_id
from tests.api.conftest import Api, Tokens
from tests.api.exam.test_registration import create_sitting, register
from tests.api.test_query_count import SqlCounter, sql
from tests.factories import PASSWORD, person_id_of, trainee

# `sql` is a fixture: named here so pytest finds it.
__all__ = ["sql"]

EXISTING = """
mutation X($input: RecordExistingCertificateInput!) {
  recordExistingCertificate(input: $input) { certificate { id } userErrors { code } }
}
"""
NODES = """query N($ids: [ID!]!) { nodes(ids: $ids) {
  id
  ... on ExamSitting { year sites { name } }
  ... on ExamRegistration { status site { name } person { name } }
  ... on Certificate { number registrationState person { name } }
} }"""


@pytest.fixture(autouse=True)
def registration_season(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", "2027-03-15")


async def test_exam_nodes_cost_the_same_queries_for_3_ids_or_13_and_stay_private(
    api: Api, tokens: Tokens, sql: SqlCounter
) -> None:
    sitting = await create_sitting(api, tokens.prefecture)
    registrations, certs, names = [], [], []
    for i in range(6):
        user = await trainee(
            f"trainee{i}", name=f"学员{'甲乙丙丁戊己'[i]}", social_work_since=date(2013, 7, 1)
        )
        token = await api.login(f"trainee{i}", PASSWORD)
        reg = await register(api, token, sitting, level="SOCIAL_WORKER", key=f"k{i}")
        assert reg["userErrors"] == [], reg
        registrations.append(reg["registration"]["id"])
        person = to_global_id("Person", person_id_of(user))
        done = await api.data(
            EXISTING,
            {
                "input": {
                    "personId": person,
                    "level": "ASSISTANT",
                    "number": f"Z2020530{i:04d}",
                    "issuedOn": "2020-01-01",
                }
            },
            token=tokens.chuxiong,
        )
        assert done["recordExistingCertificate"]["userErrors"] == [], done
        certs.append(done["recordExistingCertificate"]["certificate"]["id"])
        names.append(f"学员{'甲乙丙丁戊己'[i]}")

    async def count(ids: list[str], token: str) -> tuple[int, list[object]]:
        sql.statements.clear()
        data = await api.data(NODES, {"ids": ids}, token=token)
        return len(sql.statements), data["nodes"]

    small, _ = await count([sitting["id"], registrations[0], certs[0]], tokens.prefecture)
    large, nodes = await count([sitting["id"], *registrations, *certs], tokens.prefecture)
    assert small == large
    assert all(n is not None for n in nodes)

    t0 = await api.login("trainee0", PASSWORD)
    _, mine = await count([registrations[0], registrations[1], certs[0], certs[1], sitting["id"]], t0)
    assert [n is not None for n in mine] == [True, False, True, False, True]
    _, other_county = await count([registrations[0], certs[0]], tokens.lufeng)
    assert other_county == [None, None]
    _, own_county = await count([registrations[0], certs[0]], tokens.chuxiong)
    assert [n is not None for n in own_county] == [True, True]
    _, anonymous = await count([registrations[0], certs[0], sitting["id"]], "")
    assert [n is not None for n in anonymous] == [False, False, True]
