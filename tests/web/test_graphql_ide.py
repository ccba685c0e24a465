"""The GraphQL IDE at /graphql, built into the front end and served from the app's own origin."""

from __future__ import annotations

from playwright.async_api import Page, expect

from tests.web.conftest import screenshot


async def test_the_ide_renders_and_runs_a_query_with_no_network(page: Page) -> None:
    await page.goto("/graphql")
    editor = page.locator(".graphiql-query-editor .CodeMirror")
    await editor.wait_for()
    await page.evaluate(
        "() => document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror"
        ".setValue('{ counties { code name } }')"
    )
    await page.locator(".graphiql-execute-button").click()
    result = page.locator(".result-window")
    await expect(result).to_contain_text('"name": "楚雄市"')
    await expect(result).to_contain_text('"name": "武定县"')
    await screenshot(page, "graphql-ide")
