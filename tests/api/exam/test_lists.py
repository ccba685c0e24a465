"""The lists the exam's staff and trainees work from (issue #9): `examRegistrations` as the county's review
and fee queues, `viewer.person.examRegistrations`, `ExamRegistration.sitting`, and `certificates` by 登记
state; each ordered, filtered, paged and scoped."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
import pytest_asyncio

from api.schema.relay import to_global_id
from domain import clock
from domain.access import Grant, Role
from domain.accounts.models import User
from domain.exam import certificates
from domain.exam.vocabulary import ExamLevel
from domain.training import providers
from tests.api.conftest import Api, Tokens, error_codes
from tests.api.exam.test_registration import FEE, REVIEW, create_sitting, register
from tests.api.test_query_count import SqlCounter, sql
from tests.factories import PASSWORD, SYSTEM, actor_of, person_id_of, staff, trainee

# `sql` is a fixture: named here so pytest finds it.
__all__ = ["sql"]

REGISTRATIONS = """
query L($first: Int!, $after: String, $filter: ExamRegistrationFilter) {
  examRegistrations(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    nodes { id status level person { name } sitting { year } site { name } }
  }
}
"""
CERTIFICATES = """
query C($first: Int!, $after: String, $filter: CertificateFilter) {
  certificates(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    nodes { id number level registeredUntil registrationState person { name } }
  }
}
"""
OWN = """
query O($first: Int!, $after: String) {
  viewer { person { examRegistrations(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id status sitting { year examDate } }
  } } }
}
"""
OF_PERSON = """
query P($id: ID!) { person(id: $id) { examRegistrations(first: 10) { nodes { id } } } }
"""


@pytest.fixture(autouse=True)
def registration_season(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", "2027-03-15")


def names(connection: dict[str, Any]) -> list[str]:
    return [node["person"]["name"] for node in connection["nodes"]]


# --- examRegistrations -----------------------------------------------------------------------------


@dataclass
class Queue:
    """The 2027 sitting's registrations, in the order they were submitted (ids ascending): 张甲 (SUBMITTED),
    张乙 (APPROVED), 张丙 (SUBMITTED), 张丁 (APPROVED), 张戊 of 禄丰市 (SUBMITTED), 张己 (PAID); then 张甲 again for
    2028 (SUBMITTED). Everyone but 张戊 lives in 楚雄市."""

    sitting_2027: dict[str, Any]
    sitting_2028: dict[str, Any]
    ids: dict[str, str]
    persons: dict[str, str]
    jia: str  # 张甲's token


@pytest_asyncio.fixture
async def queue(api: Api, tokens: Tokens) -> Queue:
    sitting = await create_sitting(api, tokens.prefecture)
    later = await create_sitting(
        api,
        tokens.prefecture,
        year=2028,
        examDate="2028-05-20",
        registrationOpensOn="2028-03-01",
        registrationClosesOn="2028-03-31",
    )
    plan = [
        ("张甲", "532301", "SOCIAL_WORKER", None),
        ("张乙", "532301", "ASSISTANT", "APPROVED"),
        ("张丙", "532301", "SOCIAL_WORKER", None),
        ("张丁", "532301", "ASSISTANT", "APPROVED"),
        ("张戊", "532302", "SOCIAL_WORKER", None),
        ("张己", "532301", "SOCIAL_WORKER", "PAID"),
    ]
    ids: dict[str, str] = {}
    persons: dict[str, str] = {}
    tokens_of: dict[str, str] = {}
    for number, (name, county, level, stage) in enumerate(plan):
        user = await trainee(f"tr{number}", name=name, county_code=county)
        persons[name] = to_global_id("Person", person_id_of(user))
        tokens_of[name] = await api.login(f"tr{number}", PASSWORD)
        submitted = await register(api, tokens_of[name], sitting, level=level, key=f"k{number}")
        assert submitted["userErrors"] == []
        ids[name] = submitted["registration"]["id"]
        if stage is not None:
            approve = {"registrationId": ids[name], "approve": True}
            await api.data(REVIEW, {"input": approve}, token=tokens.chuxiong)
        if stage == "PAID":
            fee = {
                "registrationId": ids[name],
                "amount": "180",
                "paymentReference": "P1",
                "idempotencyKey": "f1",
            }
            paid = await api.data(FEE, {"input": fee}, token=tokens.chuxiong)
            assert paid["confirmExamFee"]["registration"]["status"] == "PAID"
    with clock.travel_to(date(2028, 3, 15)):
        token = await api.login("tr0", PASSWORD)
        again = await register(api, token, later, level="SOCIAL_WORKER", key="k-2028")
    assert again["userErrors"] == []
    ids["张甲2028"] = again["registration"]["id"]
    return Queue(sitting, later, ids, persons, tokens_of["张甲"])


async def registrations(api: Api, token: str, first: int = 50, **filter: Any) -> dict[str, Any]:
    data = await api.data(REGISTRATIONS, {"first": first, "filter": filter or None}, token=token)
    connection: dict[str, Any] = data["examRegistrations"]
    return connection


async def walk(api: Api, query: str, field: str, token: str, first: int, **filter: Any) -> list[str]:
    """Every id of a list, read `first` at a time by following `endCursor` (a list that never ends, as a
    cursor that does not advance would make it, fails after 20 pages)."""
    seen: list[str] = []
    after = None
    for _ in range(20):
        data = await api.data(query, {"first": first, "after": after, "filter": filter or None}, token=token)
        page = data[field]
        seen += [node["id"] for node in page["nodes"]]
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            return seen
        after = page["pageInfo"]["endCursor"]
    raise AssertionError(f"still paging after 20 pages: {seen}")


async def test_the_review_queue_lists_submitted_registrations_first_then_the_rest_oldest_first(
    api: Api, tokens: Tokens, queue: Queue
) -> None:
    everything = await registrations(api, tokens.prefecture)
    assert [
        (node["person"]["name"], node["status"], node["sitting"]["year"]) for node in everything["nodes"]
    ] == [
        ("张甲", "SUBMITTED", 2027),
        ("张丙", "SUBMITTED", 2027),
        ("张戊", "SUBMITTED", 2027),
        ("张甲", "SUBMITTED", 2028),
        ("张乙", "APPROVED", 2027),
        ("张丁", "APPROVED", 2027),
        ("张己", "PAID", 2027),
    ]
    assert everything["totalCount"] == 7
    assert everything["nodes"][0]["site"] == {"name": "楚雄州民族中学"}
    # The fee queue: approved, waiting for the fee, oldest first.
    fees = await registrations(api, tokens.chuxiong, status="APPROVED")
    assert (names(fees), fees["totalCount"]) == (["张乙", "张丁"], 2)


async def test_each_filter_narrows_the_registrations(api: Api, tokens: Tokens, queue: Queue) -> None:
    admin = tokens.prefecture
    assert names(await registrations(api, admin, level="ASSISTANT")) == ["张乙", "张丁"]
    assert names(await registrations(api, admin, countyCode="532302")) == ["张戊"]
    assert names(await registrations(api, admin, status="PAID")) == ["张己"]
    mine = await registrations(api, admin, personId=queue.persons["张甲"])
    assert [node["id"] for node in mine["nodes"]] == [queue.ids["张甲"], queue.ids["张甲2028"]]
    later = await registrations(api, admin, sittingId=queue.sitting_2028["id"])
    assert [node["id"] for node in later["nodes"]] == [queue.ids["张甲2028"]]
    this_year = await registrations(api, admin, sittingId=queue.sitting_2027["id"], status="SUBMITTED")
    assert names(this_year) == ["张甲", "张丙", "张戊"]
    assert names(await registrations(api, admin, level="SENIOR")) == []


async def test_the_queue_pages_across_the_submitted_and_reviewed_parts_without_loss_or_repeat(
    api: Api, tokens: Tokens, queue: Queue
) -> None:
    whole = [node["id"] for node in (await registrations(api, tokens.prefecture))["nodes"]]
    for first in (1, 2, 3, 4):
        assert await walk(api, REGISTRATIONS, "examRegistrations", tokens.prefecture, first) == whole, first
    fees = await walk(api, REGISTRATIONS, "examRegistrations", tokens.chuxiong, 1, status="APPROVED")
    assert fees == [queue.ids["张乙"], queue.ids["张丁"]]


async def test_a_page_boundary_holds_when_a_registration_before_it_is_reviewed_meanwhile(
    api: Api, tokens: Tokens, queue: Queue
) -> None:
    first = await registrations(api, tokens.chuxiong, first=2)
    assert names(first) == ["张甲", "张丙"]
    # 张丙 is approved between the two pages: the cursor keeps its place in the queue as it was read.
    await api.data(
        REVIEW, {"input": {"registrationId": queue.ids["张丙"], "approve": True}}, token=tokens.chuxiong
    )
    data = await api.data(
        REGISTRATIONS, {"first": 2, "after": first["pageInfo"]["endCursor"]}, token=tokens.chuxiong
    )
    assert [node["id"] for node in data["examRegistrations"]["nodes"]] == [
        queue.ids["张甲2028"],
        queue.ids["张乙"],
    ]


async def test_a_county_admin_sees_only_registrations_of_their_county(
    api: Api, tokens: Tokens, queue: Queue
) -> None:
    chuxiong = await registrations(api, tokens.chuxiong)
    assert names(chuxiong) == ["张甲", "张丙", "张甲", "张乙", "张丁", "张己"]
    assert chuxiong["totalCount"] == 6
    lufeng = await registrations(api, tokens.lufeng)
    assert (names(lufeng), lufeng["totalCount"]) == (["张戊"], 1)
    # Another county's code, or a person of another county, lists nothing (as `persons` does).
    assert names(await registrations(api, tokens.lufeng, countyCode="532301")) == []
    assert names(await registrations(api, tokens.lufeng, personId=queue.persons["张甲"])) == []
    assert names(await registrations(api, tokens.chuxiong, countyCode="532302")) == []


async def test_only_admins_may_list_registrations(api: Api, tokens: Tokens, queue: Queue) -> None:
    provider = await providers.file_provider(
        SYSTEM, providers.ProviderFiling("楚雄州社会工作人才培训中心", "532301", "罗老师", "0878-3120000")
    )
    await staff("px.center", Grant(Role.PROVIDER, provider_id=provider.id))
    for token in (queue.jia, tokens.expert, await api.login("px.center")):
        assert error_codes(await api.post(REGISTRATIONS, {"first": 10}, token=token)) == ["FORBIDDEN"]
    assert error_codes(await api.post(REGISTRATIONS, {"first": 10})) == ["UNAUTHENTICATED"]


@pytest.mark.parametrize(
    ("variables", "code"),
    [
        ({"filter": {"countyCode": "530102"}}, "BAD_USER_INPUT"),  # 昆明市五华区: not of the prefecture
        ({"filter": {"countyCode": "5323011"}}, "BAD_USER_INPUT"),
        ({"filter": {"sittingId": "not-an-id"}}, "BAD_USER_INPUT"),
        ({"filter": {"personId": to_global_id("ExamSitting", 1)}}, "BAD_USER_INPUT"),
        ({"after": "bm90LWEtY3Vyc29y"}, "BAD_USER_INPUT"),
        ({"after": to_global_id("cursor", 3)}, "BAD_USER_INPUT"),  # a cursor of another list
        ({"first": 0}, "BAD_USER_INPUT"),
        ({"first": 101}, "LIMIT_EXCEEDED"),
    ],
)
async def test_bad_registration_list_input_is_refused(
    api: Api, tokens: Tokens, variables: dict[str, Any], code: str
) -> None:
    body = await api.post(REGISTRATIONS, {"first": 10, **variables}, token=tokens.prefecture)
    assert error_codes(body) == [code]
    assert body["data"] is None


async def test_the_unknown_county_is_named_in_the_refusal(api: Api, tokens: Tokens) -> None:
    body = await api.post(
        REGISTRATIONS, {"first": 10, "filter": {"countyCode": "530102"}}, token=tokens.chuxiong
    )
    assert body["errors"][0]["message"] == "县市代码「530102」不在楚雄州的县市之列"


# --- viewer.person.examRegistrations -----------------------------------------------------------------


async def test_a_trainee_lists_their_own_registrations_newest_first(
    api: Api, tokens: Tokens, queue: Queue
) -> None:
    data = await api.data(OWN, {"first": 10}, token=queue.jia)
    own = data["viewer"]["person"]["examRegistrations"]
    assert [node["id"] for node in own["nodes"]] == [queue.ids["张甲2028"], queue.ids["张甲"]]
    assert [node["sitting"] for node in own["nodes"]] == [
        {"year": 2028, "examDate": "2028-05-20"},
        {"year": 2027, "examDate": "2027-05-22"},
    ]
    first = await api.data(OWN, {"first": 1}, token=queue.jia)
    page = first["viewer"]["person"]["examRegistrations"]
    assert (page["totalCount"], page["pageInfo"]["hasNextPage"]) == (2, True)
    rest = await api.data(OWN, {"first": 1, "after": page["pageInfo"]["endCursor"]}, token=queue.jia)
    assert [n["id"] for n in rest["viewer"]["person"]["examRegistrations"]["nodes"]] == [queue.ids["张甲"]]
    bad = await api.post(OWN, {"first": 1, "after": "bm90LWEtY3Vyc29y"}, token=queue.jia)
    assert error_codes(bad) == ["BAD_USER_INPUT"]


async def test_a_persons_registrations_are_seen_where_the_person_is(
    api: Api, tokens: Tokens, queue: Queue
) -> None:
    variables = {"id": queue.persons["张甲"]}
    seen = await api.data(OF_PERSON, variables, token=tokens.chuxiong)
    assert [n["id"] for n in seen["person"]["examRegistrations"]["nodes"]] == [
        queue.ids["张甲2028"],
        queue.ids["张甲"],
    ]
    assert (await api.data(OF_PERSON, variables, token=tokens.lufeng))["person"] is None
    other = await api.login("tr2", PASSWORD)  # 张丙, another trainee
    assert (await api.data(OF_PERSON, variables, token=other))["person"] is None


# --- ExamRegistration.sitting: one query for the sittings of a page ----------------------------------


async def test_a_page_of_registrations_costs_the_same_queries_whatever_its_size(
    api: Api, tokens: Tokens, queue: Queue, sql: SqlCounter
) -> None:
    counts = []
    for first in (2, 7):
        sql.statements.clear()
        await api.data(REGISTRATIONS, {"first": first}, token=tokens.prefecture)
        counts.append(len(sql.statements))
    assert counts[0] == counts[1]
    # token and user, grants, count, page, then one each for sittings, sites and persons
    assert counts[1] == 7


# --- certificates ------------------------------------------------------------------------------------

TODAY = date(2029, 1, 10)  # the renewal window (92 days) now closes on 2029-04-12


@dataclass(frozen=True)
class Holding:
    name: str
    county: str
    level: ExamLevel
    issued_on: date
    registered_on: date | None  # first 登记: in force three years, to the day before


# In the order the list gives them: whose 登记 ends soonest first, the never registered last.
HOLDINGS = [
    Holding("赵一", "532301", ExamLevel.ASSISTANT, date(2025, 5, 1), date(2025, 5, 10)),  # to 2028-05-09
    Holding("钱二", "532301", ExamLevel.ASSISTANT, date(2026, 1, 5), date(2026, 1, 10)),  # to 2029-01-09
    Holding("孙三", "532301", ExamLevel.SOCIAL_WORKER, date(2026, 1, 5), date(2026, 1, 11)),  # to 2029-01-10
    Holding("李四", "532302", ExamLevel.SOCIAL_WORKER, date(2026, 2, 1), date(2026, 2, 10)),  # to 2029-02-09
    Holding("周五", "532301", ExamLevel.ASSISTANT, date(2026, 4, 1), date(2026, 4, 13)),  # to 2029-04-12
    Holding("吴六", "532301", ExamLevel.SOCIAL_WORKER, date(2026, 4, 1), date(2026, 4, 14)),  # to 2029-04-13
    Holding("郑七", "532301", ExamLevel.SOCIAL_WORKER, date(2028, 2, 1), None),
    Holding("王八", "532301", ExamLevel.ASSISTANT, date(2028, 6, 1), None),
]
STATES = {
    "LAPSED": ["赵一", "钱二"],
    "DUE": ["孙三", "李四", "周五"],
    "REGISTERED": ["吴六"],
    "UNREGISTERED": ["郑七", "王八"],
}


@pytest_asyncio.fixture
async def holders(api: Api, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The certificates of `HOLDINGS`, recorded and registered as their dates say, on `TODAY`: names to
    certificate ids."""
    monkeypatch.setenv("SWTALENT_TODAY", TODAY.isoformat())
    ids: dict[str, str] = {}
    for number, holding in enumerate(HOLDINGS):
        user: User = await trainee(f"ho{number}", name=holding.name, county_code=holding.county)
        certificate = await certificates.record_existing_certificate(
            SYSTEM,
            person_id_of(user),
            level=holding.level,
            number=f"Z{number:07d}",
            issued_on=holding.issued_on,
            local_only=False,
        )
        if holding.registered_on is not None:
            with clock.travel_to(holding.registered_on):
                await certificates.register_certificate(await actor_of(user), certificate.id)
        ids[holding.name] = to_global_id("Certificate", certificate.id)
    return ids


async def certificate_list(api: Api, token: str, first: int = 50, **filter: Any) -> dict[str, Any]:
    data = await api.data(CERTIFICATES, {"first": first, "filter": filter or None}, token=token)
    connection: dict[str, Any] = data["certificates"]
    return connection


async def test_certificates_are_listed_whose_registration_ends_soonest_first(
    api: Api, holders: dict[str, str], tokens: Tokens
) -> None:
    listed = await certificate_list(api, tokens.prefecture)
    assert names(listed) == [h.name for h in HOLDINGS]
    assert [n["registeredUntil"] for n in listed["nodes"][:6]] == [
        "2028-05-09",
        "2029-01-09",
        "2029-01-10",
        "2029-02-09",
        "2029-04-12",
        "2029-04-13",
    ]
    assert listed["totalCount"] == 8


@pytest.mark.parametrize("state", list(STATES))
async def test_the_registration_filter_agrees_with_each_certificates_registration_state(
    api: Api, holders: dict[str, str], tokens: Tokens, state: str
) -> None:
    listed = await certificate_list(api, tokens.prefecture, registration=state)
    assert names(listed) == STATES[state]
    assert {node["registrationState"] for node in listed["nodes"]} == {state}
    assert listed["totalCount"] == len(STATES[state])


async def test_the_county_and_level_filters_narrow_the_certificates(
    api: Api, holders: dict[str, str], tokens: Tokens
) -> None:
    assert names(await certificate_list(api, tokens.prefecture, countyCode="532302")) == ["李四"]
    assistants = await certificate_list(api, tokens.prefecture, level="ASSISTANT")
    assert names(assistants) == ["赵一", "钱二", "周五", "王八"]
    due = await certificate_list(api, tokens.chuxiong, registration="DUE", level="SOCIAL_WORKER")
    assert names(due) == ["孙三"]


async def test_the_certificates_page_across_registered_and_never_registered_ones(
    api: Api, holders: dict[str, str], tokens: Tokens
) -> None:
    whole = [holders[h.name] for h in HOLDINGS]
    for first in (1, 3, 5):
        assert await walk(api, CERTIFICATES, "certificates", tokens.prefecture, first) == whole, first
    unregistered = await walk(
        api, CERTIFICATES, "certificates", tokens.prefecture, 1, registration="UNREGISTERED"
    )
    assert unregistered == [holders["郑七"], holders["王八"]]


async def test_a_county_admin_lists_only_holders_of_their_county(
    api: Api, holders: dict[str, str], tokens: Tokens
) -> None:
    chuxiong = await certificate_list(api, tokens.chuxiong)
    assert names(chuxiong) == [h.name for h in HOLDINGS if h.county == "532301"]
    assert names(await certificate_list(api, tokens.lufeng)) == ["李四"]
    assert names(await certificate_list(api, tokens.lufeng, countyCode="532301")) == []
    assert names(await certificate_list(api, tokens.lufeng, registration="LAPSED")) == []


async def test_only_admins_may_list_certificates(api: Api, holders: dict[str, str], tokens: Tokens) -> None:
    holder = await api.login("ho0", PASSWORD)
    for token in (holder, tokens.expert):
        assert error_codes(await api.post(CERTIFICATES, {"first": 10}, token=token)) == ["FORBIDDEN"]
    assert error_codes(await api.post(CERTIFICATES, {"first": 10})) == ["UNAUTHENTICATED"]


@pytest.mark.parametrize(
    ("variables", "code"),
    [
        ({"filter": {"countyCode": "530102"}}, "BAD_USER_INPUT"),
        ({"filter": {"registration": "SOON"}}, "BAD_USER_INPUT"),
        ({"after": to_global_id("registration", "1|3")}, "BAD_USER_INPUT"),  # the queue's kind of cursor
        ({"after": to_global_id("certificate", "2029-13-01|2026-01-05|3")}, "BAD_USER_INPUT"),
        ({"after": to_global_id("certificate", "-|2026-01-05|0")}, "BAD_USER_INPUT"),
        ({"first": 0}, "BAD_USER_INPUT"),
    ],
)
async def test_bad_certificate_list_input_is_refused(
    api: Api, tokens: Tokens, variables: dict[str, Any], code: str
) -> None:
    body = await api.post(CERTIFICATES, {"first": 10, **variables}, token=tokens.prefecture)
    assert error_codes(body) == [code]
