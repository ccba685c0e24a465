"""GraphQL over HTTP (the spec a front end or a provider's integrator codes against), checked two ways: the
public `graphql-http` audit suite against the app served for real on 127.0.0.1, and probes of what that
suite leaves out, through the ASGI app with a real database."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.settings import PROJECT_ROOT
from domain.access import Grant, Role
from domain.accounts.models import AccessToken
from tests.api.conftest import Api, app_for
from tests.factories import PASSWORD, staff
from tests.serving import serving

CONTRACT = PROJECT_ROOT / "tests" / "http_contract"
GRAPHQL_RESPONSE = "application/graphql-response+json"
LOGIN_THEN_QUERY = f"""
mutation M {{ login(input: {{username: "zhou", password: "{PASSWORD}"}}) {{ token }} }}
query A {{ counties {{ code }} }}
"""


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """The app served by `swtalent serve` on 127.0.0.1, on its own migrated SQLite file (whatever database
    the rest of the suite runs on): the GraphQL endpoint's URL."""
    database_url = f"sqlite://{tmp_path / 'contract.sqlite3'}"
    migrated = subprocess.run(
        [sys.executable, "-m", "api.cli", "migrate"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        check=False,
    )
    assert migrated.returncode == 0, migrated.stderr
    with serving(database_url) as base:
        yield f"{base}/graphql"


def test_the_graphql_http_audit_suite_finds_no_error_and_no_warning(served: str) -> None:
    node = shutil.which("node")
    assert node, "Node.js is needed to run the graphql-http audit suite"
    assert (CONTRACT / "node_modules" / "graphql-http").is_dir(), (
        "graphql-http is not installed: `make test` runs `npm ci --prefix tests/http_contract`"
    )
    audit = subprocess.run(  # noqa: S603 - our own script with fixed arguments
        [node, "audit.mjs", served], cwd=CONTRACT, capture_output=True, text=True, timeout=120, check=False
    )
    assert audit.returncode == 0, audit.stdout + audit.stderr
    assert "all audits passed" in audit.stdout
    # The suite ran in full (61 audits in graphql-http 1.23), not an empty list.
    assert audit.stdout.count("ok\t") > 50, audit.stdout


async def post(
    api: Api, body: dict[str, Any], *, accept: str | None = None, token: str | None = None
) -> httpx.Response:
    headers = {"accept": accept} if accept else {}
    if token:
        headers["authorization"] = f"Bearer {token}"
    return await api.client.post("/graphql", json=body, headers=headers)


def only_error(response: httpx.Response) -> dict[str, Any]:
    body = response.json()
    assert "data" not in body, body
    [error] = body["errors"]
    assert isinstance(error["message"], str)
    return dict(error)


async def tokens_issued() -> int:
    return await AccessToken.all().count()


async def test_several_operations_without_an_operation_name_run_none_of_them(api: Api, db: str) -> None:
    await staff("zhou", Grant(Role.PREFECTURE_ADMIN))
    response = await post(api, {"query": LOGIN_THEN_QUERY})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    error = only_error(response)
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert error["message"] == "文档含有多个操作，请用 operationName 指明要执行哪一个"
    # The login mutation, first in the document, did not run: no token was issued.
    assert await tokens_issued() == 0
    strict = await post(api, {"query": LOGIN_THEN_QUERY}, accept=GRAPHQL_RESPONSE)
    assert strict.status_code == 400
    assert only_error(strict)["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert await tokens_issued() == 0


async def test_the_named_operation_of_several_is_the_one_that_runs(api: Api, db: str) -> None:
    await staff("zhou", Grant(Role.PREFECTURE_ADMIN))
    query = (await post(api, {"query": LOGIN_THEN_QUERY, "operationName": "A"})).json()
    assert len(query["data"]["counties"]) == 10
    assert await tokens_issued() == 0
    login = (await post(api, {"query": LOGIN_THEN_QUERY, "operationName": "M"})).json()
    assert login["data"]["login"]["token"]
    assert await tokens_issued() == 1


async def test_an_unknown_operation_name_is_a_coded_json_error(api: Api, db: str) -> None:
    await staff("zhou", Grant(Role.PREFECTURE_ADMIN))
    response = await post(api, {"query": LOGIN_THEN_QUERY, "operationName": "B"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    error = only_error(response)
    assert error == {
        "message": "文档中没有名为「B」的操作",
        "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"},
    }
    strict = await post(
        api, {"query": "query A { counties { code } }", "operationName": "B"}, accept=GRAPHQL_RESPONSE
    )
    assert strict.status_code == 400
    assert strict.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    assert await tokens_issued() == 0
    # A garbage name is not echoed back whole.
    garbage = only_error(
        await post(api, {"query": "query A { counties { code } }", "operationName": "x" * 5000})
    )
    assert len(garbage["message"]) < 80


async def test_an_anonymous_operation_beside_another_is_refused_unrun(api: Api, db: str) -> None:
    await staff("zhou", Grant(Role.PREFECTURE_ADMIN))
    query = f'mutation {{ login(input: {{username: "zhou", password: "{PASSWORD}"}}) {{ token }} }} query A {{ counties {{ code }} }}'
    for body in ({"query": query}, {"query": query, "operationName": "A"}):
        error = only_error(await post(api, body))
        assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert error["message"] == "文档含有多个操作时，每个操作都须有名字"
    assert await tokens_issued() == 0


@pytest.mark.parametrize(
    ("query", "variables", "code", "message"),
    [
        (
            "{",
            None,
            "GRAPHQL_VALIDATION_FAILED",
            "查询语法错误（第 1 行第 2 列）：此处应为名字，却是文档结尾",
        ),
        (
            "{ countiez { code } }",
            None,
            "GRAPHQL_VALIDATION_FAILED",
            "类型 Query 没有字段「countiez」，是否想写「counties」或「courses」？",
        ),
        (
            "{ persons { totalCount } }",
            None,
            "GRAPHQL_VALIDATION_FAILED",
            "Query.persons 缺少必填参数「first」（Int!）",
        ),
        (
            "query Q($n: Int!) { persons(first: $n) { totalCount } }",
            {"n": None},
            "BAD_USER_INPUT",
            "变量 $n 的值无效：不能为 null（Int!）",
        ),
        (
            "query Q($n: Int!) { persons(first: $n) { totalCount } }",
            {"n": "ten"},
            "BAD_USER_INPUT",
            "变量 $n 的值无效：应为整数（Int）",
        ),
    ],
)
async def test_errors_before_execution_have_no_data_and_say_what_is_wrong_in_chinese(
    api: Api, db: str, *, query: str, variables: dict[str, Any] | None, code: str, message: str
) -> None:
    body: dict[str, Any] = {"query": query, "variables": variables}
    legacy = await post(api, body)
    assert legacy.status_code == 200
    error = only_error(legacy)
    assert error["extensions"]["code"] == code
    assert error["message"].startswith(message)
    strict = await post(api, body, accept=GRAPHQL_RESPONSE)
    assert strict.status_code == 400
    assert strict.headers["content-type"] == f"{GRAPHQL_RESPONSE}; charset=utf-8"
    assert only_error(strict) == error


async def test_a_refused_value_is_not_echoed_back(api: Api, db: str) -> None:
    # graphql-core's English message would repeat the whole input, password included.
    query = "mutation M($i: LoginInput!) { login(input: $i) { token } }"
    secret = "my-secret-Passw0rd"
    variables = {"i": {"username": "zhou", "password": secret, "otp": "1"}}
    error = only_error(await post(api, {"query": query, "variables": variables}))
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"] == "变量 $i 的值无效：LoginInput 没有字段「otp」"
    assert secret not in str(error)


async def test_an_error_after_execution_started_keeps_data_and_status_200(api: Api, db: str) -> None:
    # Not signed in: the field fails, execution had started, so `data` is there (null) and the status is 200.
    response = await post(
        api,
        {
            "query": 'mutation { createUser(input: {username: "x", password: "good-pass-1", name: "某某", roles: []}) { user { id } } }'
        },
        accept=GRAPHQL_RESPONSE,
    )
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"]
    assert body["errors"][0]["path"] == ["createUser"]


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        (None, "application/json"),
        ("application/json", "application/json"),
        ("*/*", "application/json"),
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE}, application/json;q=0.9", GRAPHQL_RESPONSE),
        (f"application/json, {GRAPHQL_RESPONSE};q=0.5", "application/json"),
        (f"{GRAPHQL_RESPONSE};q=0, application/json", "application/json"),
        ("Application/JSON", "application/json"),
    ],
)
async def test_the_response_has_the_media_type_the_client_accepts(
    api: Api, db: str, accept: str | None, media_type: str
) -> None:
    response = await post(api, {"query": "{ counties { code } }"}, accept=accept)
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{media_type}; charset=utf-8"
    assert len(response.json()["data"]["counties"]) == 10


def assert_refused(response: httpx.Response, status: int, message: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {"errors": [{"message": message, "extensions": {"code": "BAD_REQUEST"}}]}


async def test_a_body_that_is_not_json_is_a_coded_chinese_json_error(api: Api, db: str) -> None:
    for body in (b"{not json", b'{"query": "{ counties { code } }"', b"[" * 100_000):
        response = await api.client.post(
            "/graphql", content=body, headers={"content-type": "application/json"}
        )
        assert_refused(response, 400, "请求体不是有效的 JSON")
    # JSON between systems is UTF-8 (RFC 8259 §8.1): other bytes are named for what is wrong with them.
    response = await api.client.post(
        "/graphql", content=b"\xff\xfe", headers={"content-type": "application/json"}
    )
    assert_refused(response, 400, "请求体不是 UTF-8 编码的 JSON")
    empty = await api.client.post("/graphql", content=b"", headers={"content-type": "application/json"})
    assert_refused(empty, 400, "请求体为空：请发送含 query 的 JSON 对象")
    strict = await api.client.post(
        "/graphql",
        content=b"{not json",
        headers={"content-type": "application/json", "accept": GRAPHQL_RESPONSE},
    )
    assert strict.status_code == 400
    assert strict.headers["content-type"].startswith(GRAPHQL_RESPONSE)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"qeury": "{ counties { code } }"}, "请求缺少 query（GraphQL 查询文本）"),
        ({"query": 7}, "query 应为字符串"),
        ({"query": "{ counties { code } }", "variables": "n=1"}, "variables 应为对象或 null"),
        ({"query": "{ counties { code } }", "operationName": ["A"]}, "operationName 应为字符串或 null"),
        ({"query": "{ counties { code } }", "extensions": 0}, "extensions 应为对象或 null"),
        ([{"query": "{ counties { code } }"}], "请求体应为一个 JSON 对象（不支持批量请求）"),
    ],
)
async def test_a_malformed_request_is_a_coded_chinese_json_error(
    api: Api, db: str, body: Any, message: str
) -> None:
    assert_refused(await api.client.post("/graphql", json=body), 400, message)


async def test_an_unsupported_content_type_is_refused_with_415(api: Api, db: str) -> None:
    response = await api.client.post(
        "/graphql", content=b'{"query": "{ counties { code } }"}', headers={"content-type": "text/plain"}
    )
    assert_refused(
        response,
        415,
        "不支持的请求类型：请用 Content-Type: application/json（上传文件用 multipart/form-data）",
    )


async def test_get_and_other_methods_are_refused_in_json_and_run_nothing(api: Api, db: str) -> None:
    await staff("zhou", Grant(Role.PREFECTURE_ADMIN))
    login = f'mutation {{ login(input: {{username: "zhou", password: "{PASSWORD}"}}) {{ token }} }}'
    for response, method in (
        (await api.client.get("/graphql", params={"query": "{ counties { code } }"}), "GET 查询"),
        (
            await api.client.get("/graphql", params={"query": login}, headers={"accept": GRAPHQL_RESPONSE}),
            "GET 查询",
        ),
        (await api.client.put("/graphql", json={"query": "{ counties { code } }"}), "PUT 请求"),
        (await api.client.delete("/graphql"), "DELETE 请求"),
    ):
        assert response.status_code == 405
        assert response.headers["allow"] == "POST"
        assert response.json() == {
            "errors": [
                {
                    "message": f"GraphQL 请求请用 POST 发送（本服务不接受 {method}）",
                    "extensions": {"code": "BAD_REQUEST"},
                }
            ]
        }
    assert await tokens_issued() == 0
    # A browser opening the endpoint still gets the IDE outside production.
    ide = await api.client.get("/graphql", headers={"accept": "text/html"})
    assert ide.status_code == 200
    assert "graphiql" in ide.text.lower()


async def test_in_production_the_ide_address_is_refused_like_any_get(db: str) -> None:
    transport = httpx.ASGITransport(app=app_for(db, production=True))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 405
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_chinese_goes_out_as_utf8_text_not_escapes(api: Api, db: str) -> None:
    response = await post(api, {"query": "{ countiez { code } }"})
    assert "类型 Query 没有字段" in response.content.decode("utf-8")
    # A lone surrogate a client sent cannot be UTF-8: the answer falls back to escapes, still JSON.
    odd = await api.client.post(
        "/graphql",
        content=b'{"query": "query A { counties { code } }", "operationName": "\\ud800"}',
        headers={"content-type": "application/json"},
    )
    assert odd.status_code == 200
    assert odd.json()["errors"][0]["message"] == "文档中没有名为「\ud800」的操作"


async def test_a_scalar_refused_in_a_variable_is_said_in_chinese_with_its_own_code(api: Api, db: str) -> None:
    # The Decimal scalar refuses the value itself (BAD_USER_INPUT); graphql-core wraps its reason in an
    # English "Variable '$input' has invalid value at .hours" that a clerk must not see.
    query = "mutation M($input: AdjustTrainingHoursInput!) { adjustTrainingHours(input: $input) { userErrors { code } } }"
    variables = {
        "input": {
            "personId": "UGVyc29uOjE=",
            "hourCategory": "KNOWLEDGE",
            "hours": "1e1000000",
            "reason": "补录",
            "idempotencyKey": "k-1",
        }
    }
    error = only_error(await post(api, {"query": query, "variables": variables}))
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"].startswith("变量 $input 中的 hours 的值无效")
    assert "超出范围" in error["message"]
    assert "Variable" not in error["message"]


# Reaches execution only when the file is in place: not signed in, importCompletions refuses at its path.
UPLOAD_QUERY = (
    'mutation M($f: Upload!) { importCompletions(input: {courseId: "Q291cnNlOjE=", file: $f})'
    " { userErrors { code } } }"
)


async def post_multipart(
    api: Api, fields: dict[str, str], files: dict[str, Any] | None = None, *, accept: str | None = None
) -> httpx.Response:
    headers = {"accept": accept} if accept else {}
    return await api.client.post("/graphql", data=fields, files=files or {}, headers=headers)


def operations(variables: Any = None) -> str:
    return json.dumps({"query": UPLOAD_QUERY, "variables": {"f": None} if variables is None else variables})


A_FILE = {"0": ("r.csv", b"a,b\n", "text/csv")}
SPEC = "（GraphQL multipart 请求规范）"
NOT_A_MAP = f"map 应为对象：键是文件字段名，值是 variables 中路径的列表{SPEC}"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"operations": operations(), "map": "[1]"}, NOT_A_MAP),
        ({"operations": operations(), "map": '"x"'}, NOT_A_MAP),
        ({"operations": operations(), "map": "1"}, NOT_A_MAP),
        ({"operations": operations(), "map": "null"}, NOT_A_MAP),
        ({"operations": operations(), "map": '{"0":[1]}'}, NOT_A_MAP),
        ({"operations": operations(), "map": '{"0":null}'}, NOT_A_MAP),
        ({"operations": operations(), "map": "{not json"}, "map 不是有效的 JSON"),
        (
            {"operations": operations(), "map": '{"0":["variables.f.0"]}'},
            f"map 中的路径「variables.f.0」在 variables 中没有对应的 null 占位{SPEC}",
        ),
        (
            {"operations": operations(), "map": '{"0":["variables.f.x.y"]}'},
            f"map 中的路径「variables.f.x.y」在 variables 中没有对应的 null 占位{SPEC}",
        ),
        (
            {"operations": operations(), "map": '{"0":["variables.g"]}'},
            f"map 中的路径「variables.g」在 variables 中没有对应的 null 占位{SPEC}",
        ),
        (
            {"operations": operations(), "map": '{"0":["variables.f","variables.f"]}'},
            f"map 中的路径「variables.f」在 variables 中没有对应的 null 占位{SPEC}",
        ),
        (
            {"operations": operations(), "map": '{"0":["operationName"]}'},
            f"map 中的路径「operationName」应以 variables. 开头{SPEC}",
        ),
        (
            {"operations": operations(), "map": json.dumps({"0": ["query." + "x" * 5000]})},
            f"map 中的路径「query.{'x' * 34}…」应以 variables. 开头{SPEC}",
        ),
        (
            {"operations": operations(), "map": '{"1":["variables.f"]}'},
            "multipart 请求缺少 map 中列出的文件「1」",
        ),
        ({"operations": operations("ab"), "map": '{"0":["variables.f"]}'}, "variables 应为对象或 null"),
        ({"operations": operations()}, f"multipart 请求缺少 map 字段{SPEC}"),
        ({"map": '{"0":["variables.f"]}'}, f"multipart 请求缺少 operations 字段{SPEC}"),
        ({"operations": "{not json", "map": "{}"}, "operations 不是有效的 JSON"),
        (
            {"operations": f"[{operations()}]", "map": '{"0":["0.variables.f"]}'},
            "请求体应为一个 JSON 对象（不支持批量请求）",
        ),
    ],
)
async def test_a_malformed_multipart_request_is_a_coded_chinese_json_error(
    api: Api, db: str, fields: dict[str, str], message: str
) -> None:
    # Strawberry put the file where `map` said unchecked: a 500 with a traceback, and the next request
    # on the same keep-alive connection was reset.
    response = await post_multipart(api, fields, A_FILE)
    assert_refused(response, 400, message)


async def test_a_well_formed_multipart_request_runs(api: Api, db: str) -> None:
    # One file may fill several placeholders, in a list too.
    for variables, paths in (
        ({"f": None}, ["variables.f"]),
        ({"f": None, "more": [1, None]}, ["variables.f", "variables.more.1"]),
    ):
        response = await post_multipart(
            api, {"operations": operations(variables), "map": json.dumps({"0": paths})}, A_FILE
        )
        body = response.json()
        assert "data" in body, body
        assert body["data"] is None
        assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [
            (["importCompletions"], "UNAUTHENTICATED")
        ]


async def test_a_file_part_named_like_a_form_field_is_not_a_file(api: Api, db: str) -> None:
    response = await post_multipart(
        api,
        {"operations": operations(), "map": '{"0":["variables.f"]}', "0": "not a file"},
        {"1": A_FILE["0"]},
    )
    assert_refused(response, 400, "multipart 请求缺少 map 中列出的文件「0」")


BOUNDARY = "b0undary"


def multipart_body(*parts: bytes, end: bool = True) -> bytes:
    body = b"".join(b"--" + BOUNDARY.encode() + b"\r\n" + part + b"\r\n" for part in parts)
    return body + (b"--" + BOUNDARY.encode() + b"--\r\n" if end else b"")


OPERATIONS_PART = b'Content-Disposition: form-data; name="operations"\r\n\r\n' + operations().encode()


@pytest.mark.parametrize(
    ("content_type", "body", "message"),
    [
        (
            "multipart/form-data",
            multipart_body(OPERATIONS_PART),
            "multipart 请求的 Content-Type 缺少 boundary 参数",
        ),
        (
            f"multipart/form-data; boundary={BOUNDARY}",
            # python-multipart drops the part cut short: no operations arrived.
            multipart_body(OPERATIONS_PART, end=False)[:-30],
            f"multipart 请求缺少 operations 字段{SPEC}",
        ),
        (
            f"multipart/form-data; boundary={BOUNDARY}",
            multipart_body(b"Content-Disposition: form-data\r\n\r\nx"),
            "multipart 请求的每个部分都须在 Content-Disposition 中写明 name",
        ),
        (
            f"multipart/form-data; boundary={BOUNDARY}",
            multipart_body(b"no colon in this header\r\n\r\nx"),
            "multipart 请求体格式有误或不完整",
        ),
        (
            f"multipart/form-data; boundary={BOUNDARY}",
            b"garbage without any boundary",
            "multipart 请求体格式有误或不完整",
        ),
    ],
)
async def test_a_multipart_body_the_parser_refuses_is_a_coded_chinese_json_error(
    api: Api, db: str, content_type: str, body: bytes, message: str
) -> None:
    # Starlette refused these itself: 400 text/plain "Missing boundary in multipart." and the like.
    response = await api.client.post("/graphql", content=body, headers={"content-type": content_type})
    assert_refused(response, 400, message)


def test_a_multipart_request_on_a_kept_alive_connection_leaves_it_usable(served: str) -> None:
    with httpx.Client() as client:
        for _ in range(2):
            bad = client.post(served, data={"operations": operations(), "map": "[1]"}, files=A_FILE)
            assert bad.status_code == 400
            assert bad.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
        good = client.post(served, json={"query": "{ __typename }"})
        assert good.json()["data"] == {"__typename": "Query"}
        no_boundary = client.post(served, content=b"x", headers={"content-type": "multipart/form-data"})
        assert no_boundary.status_code == 400
        assert no_boundary.headers["content-type"].startswith("application/json")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("type X { a: Int }", "文档只能含有操作（query、mutation）和片段，不能含有「X」定义"),
        ("fragment F on Query { __typename }", "片段「F」定义了但没有使用"),
        ("# only a comment\n", "查询语法错误（第 2 行第 1 列）：此处不应出现文档结尾"),
    ],
)
async def test_a_document_without_an_operation_says_why(api: Api, db: str, query: str, message: str) -> None:
    # Strawberry refused these as 400 BAD_REQUEST "无法处理此请求".
    legacy = await post(api, {"query": query})
    assert legacy.status_code == 200
    assert only_error(legacy) == {
        "message": message,
        "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"},
        **({"locations": only_error(legacy)["locations"]} if "locations" in only_error(legacy) else {}),
    }
    strict = await post(api, {"query": query}, accept=GRAPHQL_RESPONSE)
    assert strict.status_code == 400
    assert only_error(strict)["message"] == message


@pytest.mark.parametrize(
    ("query", "variables", "message"),
    [
        ("query Q($v: ID!) { node(id: $v) { id } }", {"v": 1.5}, "变量 $v 的值无效：应为 ID（字符串或整数）"),
        (
            "query Q($v: ID!) { node(id: $v) { id } }",
            {"v": {"a": 1}},
            "变量 $v 的值无效：应为 ID（字符串或整数）",
        ),
        ("{ ...on String { x } }", None, "类型 String 没有字段可选，不能用作片段的类型条件（on String）"),
        ("{ counties { code } ", None, "查询语法错误（第 1 行第 21 列）：此处应为名字，却是文档结尾"),
        (
            "{ node(id: 0x) { id } }",
            None,
            "查询语法错误（第 1 行第 13 列）：数字有误：此处应为数字，却是「x」",
        ),
        (
            '{ node(id: 1 "' + "x" * 5000 + '") { id } }',
            None,
            f"查询语法错误（第 1 行第 14 列）：此处应为名字，却是字符串「{'x' * 40}…」",
        ),
    ],
)
async def test_request_errors_are_said_in_chinese_without_the_values_sent(
    api: Api, db: str, query: str, variables: dict[str, Any] | None, message: str
) -> None:
    error = only_error(await post(api, {"query": query, "variables": variables}))
    assert error["message"] == message
    assert "{'a'" not in str(error)


@pytest.mark.parametrize(
    "content_type", ["Application/JSON", "application/json; charset=UTF-8", "APPLICATION/JSON;CHARSET=utf-8"]
)
async def test_media_types_are_case_insensitive(api: Api, db: str, content_type: str) -> None:
    response = await api.client.post(
        "/graphql", content=b'{"query": "{ __typename }"}', headers={"content-type": content_type}
    )
    assert response.status_code == 200, response.text
    assert response.json()["data"] == {"__typename": "Query"}


async def test_a_response_type_used_as_a_request_type_is_refused(api: Api, db: str) -> None:
    # Only application/json (and multipart/form-data for uploads) are request types in the spec.
    response = await api.client.post(
        "/graphql", content=b'{"query": "{ __typename }"}', headers={"content-type": GRAPHQL_RESPONSE}
    )
    assert response.status_code == 415


@pytest.mark.parametrize(
    "accept", ["text/html", "application/json;q=0", f"{GRAPHQL_RESPONSE};q=0, text/plain"]
)
async def test_a_client_that_accepts_neither_response_type_gets_406_and_nothing_runs(
    api: Api, db: str, accept: str
) -> None:
    await staff("zhou", Grant(Role.PREFECTURE_ADMIN))
    login = f'mutation {{ login(input: {{username: "zhou", password: "{PASSWORD}"}}) {{ token }} }}'
    response = await post(api, {"query": login}, accept=accept)
    assert response.status_code == 406
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert only_error(response) == {
        "message": "无法按 Accept 头给出应答：本服务的应答类型是 application/graphql-response+json 或 application/json",
        "extensions": {"code": "BAD_REQUEST"},
    }
    assert await tokens_issued() == 0
