"""The service's own routes and its request log."""

from __future__ import annotations

import json
import logging
import re

import pytest

from api.schema import build_schema
from tests.api.conftest import Api


async def test_health_and_readiness(api: Api, db: str) -> None:
    assert (await api.client.get("/healthz")).json() == {"status": "ok"}
    ready = await api.client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready"}


async def test_every_page_path_serves_the_built_front_end(api: Api, db: str) -> None:
    # History-mode routing: a reload or a shared link to any page lands on the app (built by `make web`).
    for path in ("/", "/courses", "/me/hours", "/provider/courses/Q291cnNlOjE="):
        page = await api.client.get(path)
        assert page.status_code == 200, path
        assert page.headers["content-type"] == "text/html; charset=utf-8"
        assert "楚雄州社会工作专业人才培训与认证管理系统" in page.text
        assert '<div id="app"></div>' in page.text
        assert page.headers["cache-control"] == "no-cache"
    script = re.search(r'src="(/assets/[^"]+\.js)"', (await api.client.get("/")).text)
    assert script, "index.html names its bundled script"
    asset = await api.client.get(script.group(1))
    assert asset.status_code == 200
    assert "javascript" in asset.headers["content-type"]


async def test_an_unknown_address_under_the_api_is_a_404_not_the_app(api: Api, db: str) -> None:
    for path in ("/exports/nothing.csv", "/files/nothing", "/assets/nothing.js"):
        response = await api.client.get(path)
        assert response.status_code == 404, path
        assert '<div id="app">' not in response.text
    refused = await api.client.get("/exports/nothing.csv")
    assert refused.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_each_request_logs_one_structured_line(
    api: Api, db: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="swtalent.request"):
        await api.client.post(
            "/graphql",
            json={"query": "query Counties { counties { code } }"},
            headers={"X-Request-ID": "abc-123"},
        )
    [record] = [r for r in caplog.records if r.name == "swtalent.request"]
    line = json.loads(record.getMessage())
    assert line["requestId"] == "abc-123"
    assert line["operation"] == "Counties"
    assert line["viewer"] is None
    assert line["status"] == 200
    assert line["outcome"] == "ok"
    assert line["durationMs"] >= 0


async def test_a_malformed_body_is_refused_without_a_stack_trace(api: Api, db: str) -> None:
    response = await api.client.post(
        "/graphql", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert "Traceback" not in response.text
    assert response.json() == {
        "errors": [{"message": "请求体不是有效的 JSON", "extensions": {"code": "BAD_REQUEST"}}]
    }


async def test_a_refused_request_is_logged_with_its_code(
    api: Api, db: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="swtalent.request"):
        await api.client.get("/graphql", params={"query": "{ counties { code } }"})
        await api.client.post("/graphql", json={"query": "{ countiez { code } }"})
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "swtalent.request"]
    assert [(line["status"], line["outcome"]) for line in lines] == [
        (405, "BAD_REQUEST"),
        (200, "GRAPHQL_VALIDATION_FAILED"),
    ]


async def test_an_unexpected_failure_is_masked_as_internal(db: str) -> None:
    # A resolver that hits a bug (here: no request context at all) must not leak what went wrong.
    result = await build_schema().execute("{ viewer { user { username } } }", context_value=None)
    [error] = result.errors or []
    assert error.message == "服务器内部错误"
    assert error.extensions == {"code": "INTERNAL"}
    assert "context" not in error.message


async def test_a_long_name_the_client_sent_is_logged_cut_short(
    api: Api, db: str, caplog: pytest.LogCaptureFixture
) -> None:
    name = "Q" * 5000
    with caplog.at_level(logging.DEBUG):
        response = await api.client.post(
            "/graphql", json={"query": f"query {name} {{ counties {{ code }} }}"}
        )
        # A malformed upload used to end in a traceback quoting the client's map path in full.
        await api.client.post(
            "/graphql",
            data={"operations": '{"query": "{ __typename }"}', "map": json.dumps({"0": ["x." + "P" * 5000]})},
            files={"0": ("a.csv", b"a", "text/csv")},
        )
    assert len(response.json()["data"]["counties"]) == 10
    [line, _] = [json.loads(r.getMessage()) for r in caplog.records if r.name == "swtalent.request"]
    assert line["operation"] == "Q" * 40 + "…"
    for record in caplog.records:
        logged = record.getMessage() + (
            logging.Formatter().formatException(record.exc_info) if record.exc_info else ""
        )
        assert "Q" * 100 not in logged, record.name
        assert "P" * 100 not in logged, record.name
