"""Hostile documents refused before any work (#15 item 4), through the ASGI app with a real database: the
refusals the limits of test_limits.py leave out (repeated fields, password mutations under aliases or in a
batch, query text past its character limit, introspection in production, an upload declaring more than
its limit). How long each refusal takes on a served app is measured in tests/stress."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from typing import Final

import httpx
from graphql import get_introspection_query

from api.schema.limits import MAX_FIELD_PAIRS
from api.settings import Limits
from domain import spreadsheets
from domain.access import Grant, Role
from tests.api.conftest import Api, app_for, error_codes
from tests.api.training.fixtures import Training, training
from tests.api.training.test_roster_import import roster_course, upload
from tests.domain.test_spreadsheet_costs import HEADERS, row, xlsx
from tests.factories import PASSWORD, staff

__all__ = ["training"]

MIB = 1024 * 1024


def _login(alias: str, password: str) -> str:
    return f'{alias}: login(input: {{username: "zhou", password: "{password}"}}) {{ token }}'


async def _signs_in(api: Api) -> bool:
    body = await api.post(f"mutation {{ {_login('l', PASSWORD)} }}")
    return bool(body.get("data") and body["data"]["l"]["token"])


async def test_the_same_field_written_hundreds_of_times_is_refused_before_validation(
    api: Api, db: str
) -> None:
    body = await api.post("{" + " counties { code }" * 240 + " }")
    assert error_codes(body) == ["LIMIT_EXCEEDED"]
    assert body["errors"][0]["message"].startswith("同名的字段重复过多")
    assert "data" not in body
    # A field written again (as fragments often repeat `id`) is served.
    served = await api.post("{ counties { code } counties { code name } }")
    assert "errors" not in served
    assert served["data"]["counties"]


async def test_a_long_chain_of_fragments_each_repeating_a_field_is_refused_and_a_short_one_served(
    api: Api, db: str
) -> None:
    def chain(length: int) -> str:
        fragments = " ".join(f"fragment F{i} on County {{ code ...F{i + 1} }}" for i in range(length - 1))
        return f"{{ counties {{ ...F0 }} }} {fragments} fragment F{length - 1} on County {{ code }}"

    assert error_codes(await api.post(chain(90))) == ["LIMIT_EXCEEDED"]
    assert "errors" not in await api.post(chain(10))


async def test_fragments_that_spread_one_another_in_a_cycle_are_refused(api: Api, db: str) -> None:
    cycle = (
        "{ counties { ...A } } fragment A on County { code ...B } fragment B on County { name ...C } "
        "fragment C on County { registeredPopulation ...A }"
    )
    body = await api.post(cycle)
    assert set(error_codes(body)) == {"GRAPHQL_VALIDATION_FAILED"}
    assert "引用了自身" in body["errors"][0]["message"]


async def test_logins_under_aliases_are_refused_and_no_password_is_tried(api: Api, db: str) -> None:
    await staff("zhou", Grant(Role.PREFECTURE_ADMIN))
    guesses = "mutation { " + " ".join(_login(f"l{i}", f"guess-{i}") for i in range(20)) + " }"
    # 60 wrong passwords, had they been tried, would lock the account (5 failures per username).
    for _ in range(3):
        body = await api.post(guesses)
        assert error_codes(body) == ["LIMIT_EXCEEDED"]
        assert body["errors"][0]["message"] == "一次请求只能登录、修改密码或注册一次（含别名）"
        assert "data" not in body
    assert await _signs_in(api)


async def test_a_login_beside_a_password_change_is_refused_like_two_logins(api: Api, db: str) -> None:
    change = 'changePassword(input: {currentPassword: "x", newPassword: "y"}) { userErrors { code } }'
    body = await api.post(f"mutation {{ {_login('a', 'x')} {change} }}")
    assert error_codes(body) == ["LIMIT_EXCEEDED"]
    # Through a fragment on Mutation too.
    fragment = f"mutation {{ ...M {_login('b', 'y')} }} fragment M on Mutation {{ {_login('a', 'x')} }}"
    assert error_codes(await api.post(fragment)) == ["LIMIT_EXCEEDED"]


async def test_a_batch_of_logins_is_refused_as_a_whole_before_any_runs(api: Api, db: str) -> None:
    await staff("zhou", Grant(Role.PREFECTURE_ADMIN))
    batch = [{"query": f"mutation {{ {_login('l', f'guess-{i}')} }}"} for i in range(20)]
    for _ in range(3):
        response = await api.client.post("/graphql", json=batch)
        assert response.status_code == 400
        assert response.json() == {
            "errors": [
                {
                    "message": "请求体应为一个 JSON 对象（不支持批量请求）",
                    "extensions": {"code": "BAD_REQUEST"},
                }
            ]
        }
    assert await _signs_in(api)


async def test_a_query_longer_than_its_character_limit_is_refused_before_parsing(api: Api, db: str) -> None:
    limit = Limits().max_query_chars
    response = await api.client.post("/graphql", json={"query": "{ " + "n" * 1_000_000 + " }"})
    assert response.status_code == 413
    assert response.json() == {
        "errors": [
            {
                "message": f"查询过长：超过 {limit} 个字符的上限（长文本请放在 variables 中）",
                "extensions": {"code": "LIMIT_EXCEEDED"},
            }
        ]
    }
    at_limit = "{ counties { code } }".ljust(limit)
    assert "errors" not in await api.post(at_limit)
    assert error_codes(await api.post(at_limit + " ")) == ["LIMIT_EXCEEDED"]


async def test_introspection_in_production_is_refused_with_a_coded_chinese_error(db: str) -> None:
    transport = httpx.ASGITransport(app=app_for(db, production=True))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        for query in (
            get_introspection_query(descriptions=True),
            '{ __type(name: "Query") { name } }',
            "{ counties { code } __schema { queryType { name } } }",
        ):
            body = (await client.post("/graphql", json={"query": query})).json()
            assert "data" not in body
            assert set(error_codes(body)) == {"GRAPHQL_VALIDATION_FAILED"}
            assert all(e["message"].startswith("本服务已关闭内省查询") for e in body["errors"])
        # What a front end asks is still answered (`__typename` is no introspection).
        served = (await client.post("/graphql", json={"query": "{ __typename counties { code } }"})).json()
        assert "errors" not in served


async def test_an_upload_declaring_more_than_its_limit_is_refused_before_its_body_is_read(
    api: Api, db: str
) -> None:
    read: list[int] = []

    async def hundred_mib() -> AsyncIterator[bytes]:
        for _ in range(100):
            read.append(MIB)
            yield b"0" * MIB

    response = await api.client.post(
        "/graphql",
        content=hundred_mib(),
        headers={
            "content-type": "multipart/form-data; boundary=x",
            "content-length": str(100 * MIB),
        },
    )
    assert response.status_code == 413
    assert response.json()["errors"][0] == {
        "message": "请求体超过 20 MiB 的上限",
        "extensions": {"code": "LIMIT_EXCEEDED"},
    }
    assert sum(read) <= MIB


async def test_every_answer_carries_the_servers_own_time(api: Api, db: str) -> None:
    answers: list[httpx.Response] = [
        await api.client.post("/graphql", json={"query": "{ counties { code } }"}),
        await api.client.post("/graphql", json={"query": "{" + " counties { code }" * 240 + " }"}),
        await api.client.post("/graphql", content=b"[]", headers={"content-type": "application/json"}),
    ]
    for response in answers:
        assert re.fullmatch(r"app;dur=\d+\.\d", response.headers["server-timing"]), response.headers


def test_the_limit_on_repeated_fields_leaves_room_for_the_front_ends_documents() -> None:
    """A chain of 15 fragments each selecting `id` (more than any page's document) makes 560 pairs."""
    pairs = sum(k * (k - 1) // 2 for k in range(1, 16))
    assert pairs < MAX_FIELD_PAIRS


NODES: Final = "query($i: [ID!]!) { nodes(ids: $i) { id } }"


async def test_a_list_variable_of_a_quarter_million_items_is_refused_before_graphql_core_coerces_it(
    api: Api, db: str
) -> None:
    limit = Limits().max_variable_values
    lists: list[list[object]] = [[1] * 250_000, [[]] * 200_000]
    for items in lists:
        response = await api.client.post("/graphql", json={"query": NODES, "variables": {"i": items}})
        assert response.status_code == 413
        assert response.json() == {
            "errors": [
                {
                    "message": f"变量中的值过多：超过 {limit} 个的上限（大批数据请分批提交，或用文件导入）",
                    "extensions": {"code": "LIMIT_EXCEEDED"},
                }
            ]
        }


async def test_variables_are_counted_to_the_limit_in_objects_and_lists_alike(db: str) -> None:
    transport = httpx.ASGITransport(app=app_for(db, limits=Limits(max_variable_values=10)))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:

        async def codes(variables: dict[str, object]) -> list[str]:
            response = await client.post("/graphql", json={"query": NODES, "variables": variables})
            return error_codes(response.json())

        # 10 values, the list and its 9 items, go on to graphql-core (which finds "1" no global ID).
        assert await codes({"i": ["1"] * 9}) == ["BAD_USER_INPUT"]
        assert await codes({"i": ["1"] * 10}) == ["LIMIT_EXCEEDED"]
        # A variable the operation does not declare (graphql-core ignores it) is counted as well, and
        # its nested values: 1 + 1 + 1 + 7 make 10, and one more is refused.
        assert await codes({"i": [], "x": {"y": [0] * 7}}) == []
        assert await codes({"i": [], "x": {"y": [0] * 8}}) == ["LIMIT_EXCEEDED"]


async def test_commas_inside_strings_are_not_counted_as_values(db: str) -> None:
    """The count before parsing (api/request_values.py) skips strings, escapes included: a note of
    60,000 commas is one value, and a string ending in an escaped backslash still ends there."""
    transport = httpx.ASGITransport(app=app_for(db, limits=Limits(max_variable_values=10)))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:

        async def codes(variables: dict[str, object]) -> list[str]:
            response = await client.post("/graphql", json={"query": NODES, "variables": variables})
            return error_codes(response.json())

        assert await codes({"note": "," * 60_000, "i": []}) == []
        assert await codes({"note": "\\n," * 60_000 + "\\", "i": []}) == []
        assert await codes({"note": "\\", "i": [0] * 60_000}) == ["LIMIT_EXCEEDED"]
        # Many strings are left to the exact count after parsing, which refuses the same.
        assert await codes({"i": ["1"] * 60_000}) == ["LIMIT_EXCEEDED"]
        # Values outside the variables are counted before parsing only past twice the limit: extensions
        # of 15 values and a key written twice go on to the exact count of the variables.
        extended = {"query": NODES, "variables": {"i": []}, "extensions": {"trace": [0] * 15}}
        response = await client.post("/graphql", json=extended)
        assert error_codes(response.json()) == []
        fifteen = ",".join("0" * 15)
        twice = '{"query": ' + json.dumps(NODES) + ', "variables": {"i": [' + fifteen + '], "i": []}}'
        response = await client.post("/graphql", content=twice, headers={"content-type": "application/json"})
        assert error_codes(response.json()) == []


async def test_a_multipart_charset_that_fails_is_a_bad_request_not_an_internal_error(
    api: Api, db: str
) -> None:
    boundary = "b0undary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{{"query": "{{ counties {{ code }} }}"}}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{{}}\r\n--{boundary}--\r\n'
    ).encode()
    response = await api.client.post(
        "/graphql",
        content=body,
        headers={"content-type": f"multipart/form-data; boundary={boundary}; charset=punycode"},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"].startswith(
        "无法按所声明的字符集（charset）解码 multipart 字段"
    )


async def test_a_body_in_another_encoding_than_utf8_is_refused_saying_so(api: Api, db: str) -> None:
    request = {"query": "{ counties { code } }", "variables": {"note": "楚雄州"}}
    for encoding in ("gbk", "utf-16-le"):
        body = json.dumps(request, ensure_ascii=False).encode(encoding)
        response = await api.client.post(
            "/graphql", content=body, headers={"content-type": "application/json"}
        )
        assert response.status_code == 400, encoding
        assert response.json()["errors"][0]["message"] == "请求体不是 UTF-8 编码的 JSON", encoding
    with_mark = "\ufeff" + json.dumps({"query": "{ counties { code } }"})
    response = await api.client.post(
        "/graphql", content=with_mark.encode(), headers={"content-type": "application/json"}
    )
    assert error_codes(response.json()) == []


async def test_a_multipart_request_of_too_many_values_is_refused_before_parsing(api: Api, db: str) -> None:
    limit = Limits().max_variable_values
    operations = json.dumps({"query": NODES, "variables": {"i": [1] * (limit + 10), "file": None}})
    response = await api.client.post(
        "/graphql",
        data={"operations": operations, "map": '{"0": ["variables.file"]}'},
        files={"0": ("a.txt", b"x", "text/plain")},
    )
    assert response.status_code == 413
    assert error_codes(response.json()) == ["LIMIT_EXCEEDED"]


async def test_more_wrong_values_than_graphql_core_lists_end_with_a_chinese_note(api: Api, db: str) -> None:
    body = await api.post(NODES, {"i": [[]] * 60})
    assert error_codes(body) == ["BAD_USER_INPUT"] * 51
    assert body["errors"][0]["message"] == "变量 $i 中的 [0] 的值无效：应为 ID（字符串或整数）"
    assert body["errors"][-1]["message"] == "变量中的错误过多，已停止检查其余的值：请先改正以上各处"


async def test_a_roster_of_one_row_of_more_cells_than_the_limit_is_a_user_error_saying_what_to_do(
    api: Api, training: Training
) -> None:
    course_id = await roster_course(api, training)
    content = xlsx(row(1, HEADERS) + '<row r="2">' + "<c/>" * spreadsheets.MAX_XLSX_CELLS + "</row>")
    result = await upload(api, training.provider, course_id, content, "结业名单.xlsx", dry_run=True)
    [error] = result["userErrors"]
    assert error["code"] == "INVALID_ROSTER"
    assert error["message"].startswith(f"XLSX 文件的单元格过多（超过 {spreadsheets.MAX_XLSX_CELLS} 个")
