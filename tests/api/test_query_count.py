"""Nested fields resolve through per-request DataLoaders: a fixed number of SQL queries per page."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date

import pytest

from domain.access import Grant, Role
from domain.accounts import service as accounts
from domain.people import organizations
from domain.people.credit_code import make_credit_code
from domain.people.id_card import make_id_card_number
from domain.people.models import Person
from domain.people.vocabulary import OrganizationType
from tests.api.conftest import Api, Tokens
from tests.factories import SYSTEM, trainee

QUERY = """
query Persons($first: Int!) {
  persons(first: $first) {
    nodes { name countyName organization { name } }
  }
}
"""


class SqlCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.statements.append(record.getMessage())


@pytest.fixture
def sql() -> Iterator[SqlCounter]:
    logger = logging.getLogger("tortoise.db_client")
    counter = SqlCounter()
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(counter)
    yield counter
    logger.removeHandler(counter)
    logger.setLevel(previous)


async def queries_for_page(api: Api, token: str, first: int, sql: SqlCounter) -> int:
    sql.statements.clear()
    await api.data(QUERY, {"first": first}, token=token)
    return len(sql.statements)


async def test_a_page_of_persons_costs_the_same_queries_whatever_its_size(
    api: Api, tokens: Tokens, sql: SqlCounter
) -> None:
    users = [
        await trainee(f"p{i:03d}", id_card_number=make_id_card_number("532301", date(1990, 1, 1), 400 + i))
        for i in range(12)
    ]
    filer = accounts.actor_for(users[0], [Grant(Role.TRAINEE)], SYSTEM)
    for i in range(2):
        org = await organizations.file_organization(
            filer,
            organizations.OrganizationFiling(
                name=f"机构{i}",
                credit_code=make_credit_code(f"5253230100000000{i}"),
                county_code="532301",
                township="鹿城镇",
                type=OrganizationType.COMMUNITY,
            ),
        )
        await organizations.review_organization(SYSTEM, org.id, approve=True, reason=None)
        # Half the people work for each organisation.
        await Person.filter(id__in=[u.person_id for u in users[i::2]]).update(organization_id=org.id)
    small = await queries_for_page(api, tokens.prefecture, 2, sql)
    large = await queries_for_page(api, tokens.prefecture, 12, sql)
    assert small == large
    # token and user, grants, count, page, county names, organisations
    assert large == 6
