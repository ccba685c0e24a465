"""The prefecture admin finds accounts, above all the experts to assign to a talent round (issue #11:
`assignTalentReviewers` takes their user IDs, and the admin had no way to read them)."""

from __future__ import annotations

from domain.access import Grant, Role
from tests.api.conftest import Api, Tokens, error_codes
from tests.factories import staff, trainee

USERS = """
query Users($first: Int!, $after: String, $filter: UserFilter) {
  users(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id username name organizationName roles { role } }
  }
}
"""


async def test_the_prefecture_lists_the_experts_page_by_page(api: Api, tokens: Tokens) -> None:
    await staff("expert.zhao", Grant(Role.EXPERT))
    await staff("expert.qian", Grant(Role.EXPERT))

    first = (await api.data(USERS, {"first": 2, "filter": {"role": "EXPERT"}}, token=tokens.prefecture))[
        "users"
    ]
    rest = (
        await api.data(
            USERS,
            {"first": 2, "after": first["pageInfo"]["endCursor"], "filter": {"role": "EXPERT"}},
            token=tokens.prefecture,
        )
    )["users"]

    assert first["totalCount"] == 3
    assert [n["username"] for n in first["nodes"] + rest["nodes"]] == ["yang", "expert.zhao", "expert.qian"]
    assert first["pageInfo"]["hasNextPage"] is True
    assert rest["pageInfo"]["hasNextPage"] is False
    assert all(n["roles"] == [{"role": "EXPERT"}] for n in first["nodes"] + rest["nodes"])


async def test_a_search_finds_accounts_by_name_or_organisation(api: Api, tokens: Tokens) -> None:
    found = (await api.data(USERS, {"first": 10, "filter": {"search": "chen"}}, token=tokens.prefecture))[
        "users"
    ]

    assert [n["username"] for n in found["nodes"]] == ["chen"]


async def test_a_yi_name_is_found_however_its_dot_is_typed(api: Api, tokens: Tokens) -> None:
    await trainee("a.yi", name="阿依·木呷")
    for typed in ("阿依·木呷", "阿依.木呷", "阿依•木呷", "阿依・木呷"):
        found = (await api.data(USERS, {"first": 10, "filter": {"search": typed}}, token=tokens.prefecture))[
            "users"
        ]
        assert [n["username"] for n in found["nodes"]] == ["a.yi"], typed


async def test_only_the_prefecture_lists_accounts(api: Api, tokens: Tokens) -> None:
    for token in (tokens.chuxiong, tokens.expert, None):
        body = await api.post(USERS, {"first": 10}, token=token)
        assert error_codes(body) in (["FORBIDDEN"], ["UNAUTHENTICATED"])
        assert body["data"] is None or body["data"]["users"] is None
