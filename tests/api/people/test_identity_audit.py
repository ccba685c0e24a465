"""Reading a person's full ID number leaves a trace: who read whose, in the audit trail."""

from __future__ import annotations

from domain.audit.models import AuditEvent
from tests.api.conftest import Api, Tokens
from tests.api.people.test_queries import LI_NA_ID, NODE, PERSON, PERSONS, ZHANG_MEI_ID, two_people

READ = "person.id_card_number_read"


async def test_an_admin_reading_a_full_id_number_is_in_the_audit_trail(api: Api, tokens: Tokens) -> None:
    li, _, _, _ = await two_people(api)
    data = await api.data(PERSON, {"id": li}, token=tokens.chuxiong)
    assert data["person"]["identityMasked"] is False
    events = await AuditEvent.filter(action=READ)
    assert [(e.actor_username, e.actor_role, e.target_type, e.county_code) for e in events] == [
        ("chen", "COUNTY_ADMIN", "Person", "532301")
    ]


async def test_a_page_of_full_id_numbers_is_one_event_per_person_and_request(
    api: Api, tokens: Tokens
) -> None:
    await two_people(api)
    query = "{ a: persons(first: 10) { nodes { idCardNumber } } b: persons(first: 10) { nodes { idCardNumber } } }"
    await api.data(query, token=tokens.prefecture)
    events = await AuditEvent.filter(action=READ).order_by("county_code")
    assert [(e.actor_username, e.county_code) for e in events] == [("zhou", "532301"), ("zhou", "532302")]


async def test_a_masked_id_number_or_an_unasked_one_is_not_recorded(api: Api, tokens: Tokens) -> None:
    li, _, _, _ = await two_people(api)
    # 禄丰市's admin sees 李娜 (楚雄市) masked: nothing sensitive was shown.
    await api.data(PERSON.replace("idCardNumber ", ""), {"id": li}, token=tokens.chuxiong)
    await api.data(PERSONS, {"first": 10, "filter": {"countyCode": "532301"}}, token=tokens.lufeng)
    assert not await AuditEvent.exists(action=READ)


async def test_a_person_reading_their_own_id_number_is_not_recorded(api: Api, tokens: Tokens) -> None:
    li, _, li_token, _ = await two_people(api)
    data = await api.data(PERSON, {"id": li}, token=li_token)
    assert data["person"]["identityMasked"] is False
    assert not await AuditEvent.exists(action=READ)


async def test_an_account_without_scope_sees_no_full_id_number_and_leaves_no_read(
    api: Api, tokens: Tokens
) -> None:
    li, _, _, zhang_token = await two_people(api)
    for token in [tokens.expert, zhang_token, tokens.lufeng]:
        body = await api.post(PERSON, {"id": li}, token=token)
        person = (body.get("data") or {}).get("person")
        assert person is None or person["identityMasked"] is True
    assert not await AuditEvent.exists(action=READ)


async def test_reads_through_node_and_nodes_are_recorded_as_through_person(api: Api, tokens: Tokens) -> None:
    li, zhang, _, _ = await two_people(api)
    node = await api.data(NODE, {"id": li}, token=tokens.chuxiong)
    assert node["node"]["idCardNumber"] == LI_NA_ID
    nodes = await api.data(
        "query($ids: [ID!]!) { nodes(ids: $ids) { ... on Person { idCardNumber } } }",
        {"ids": [li, zhang]},
        token=tokens.prefecture,
    )
    assert [n["idCardNumber"] for n in nodes["nodes"]] == [LI_NA_ID, ZHANG_MEI_ID]
    events = await AuditEvent.filter(action=READ).order_by("id")
    assert [(e.actor_username, e.county_code) for e in events] == [
        ("chen", "532301"),
        ("zhou", "532301"),
        ("zhou", "532302"),
    ]


async def test_a_full_id_number_in_a_mutations_payload_is_recorded_and_the_account_stays_masked(
    api: Api, tokens: Tokens
) -> None:
    li, _, _, _ = await two_people(api)
    data = await api.data(
        "mutation($i: SetPaymentAccountInput!) { setPaymentAccount(input: $i) "
        "{ person { idCardNumber paymentAccount { accountNumber } } userErrors { code } } }",
        {"i": {"personId": li, "bankName": "中国农业银行楚雄分行", "accountNumber": "6228480123456789012"}},
        token=tokens.chuxiong,
    )
    person = data["setPaymentAccount"]["person"]
    assert person["idCardNumber"] == LI_NA_ID
    # The account number is shown whole nowhere in the API: only the payout export has it (audited there).
    assert person["paymentAccount"]["accountNumber"] == "6228***********9012"
    events = await AuditEvent.filter(action=READ)
    assert [(e.actor_username, e.target_type) for e in events] == [("chen", "Person")]
