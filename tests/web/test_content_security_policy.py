"""The built front end satisfies the app's Content-Security-Policy (api/security_headers.py) in a real
Chromium: the public pages, the login page, signed-in pages with charts, dialogs and drop-downs, and the
GraphQL IDE run with no policy violation and no CSP error on the console, and the built HTML files carry
no inline script a policy without 'unsafe-inline' would block."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from playwright.async_api import BrowserContext, ConsoleMessage, Page, expect

from tests.web.conftest import BUILT, NewBrowser, sign_in

# Reports each `securitypolicyviolation` event to the test; added before any page script runs.
REPORTER = """
// Counted once the test has the report, so a page can wait for the test to have heard of them.
window.cspViolations = 0
document.addEventListener('securitypolicyviolation', (e) => {
  window
    .reportCspViolation(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`)
    .then(() => { window.cspViolations += 1 })
})
"""


class Violations:
    def __init__(self) -> None:
        self.events: list[str] = []
        self.console: list[str] = []

    def record(self, description: str) -> None:
        self.events.append(description)

    def on_console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.console.append(message.text)


@pytest.fixture
async def watched(new_browser: NewBrowser) -> AsyncIterator[tuple[BrowserContext, Violations]]:
    """A browser profile whose pages report every CSP violation; asserts none happened."""
    violations = Violations()
    ctx = await new_browser()
    await ctx.expose_function("reportCspViolation", violations.record)
    await ctx.add_init_script(REPORTER)
    ctx.on("console", violations.on_console)
    yield ctx, violations
    assert violations.events == [], f"CSP violations: {violations.events}"
    assert violations.console == [], f"CSP errors on the console: {violations.console}"


async def settle(page: Page) -> None:
    """Waits until the page's scripts have run and its lazy chunks and styles have loaded."""
    await page.wait_for_load_state("networkidle")


def test_the_built_pages_have_no_inline_script() -> None:
    for name in ("index.html", "graphiql.html"):
        html = (BUILT.parent / name).read_text()
        scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S | re.I)
        assert scripts, f"{name} loads no script at all"
        for attributes, body in scripts:
            assert body.strip() == "", f"{name} has an inline script: {body[:80]}"
            assert "src=" in attributes
        assert not re.search(r"\son[a-z]+\s*=", html, re.I), f"{name} has an inline event handler"


async def test_the_served_page_carries_the_policy(
    watched: tuple[BrowserContext, Violations], web_base: str
) -> None:
    ctx, _ = watched
    page = await ctx.new_page()
    response = await page.goto("/")
    assert response is not None
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert "frame-ancestors 'none'" in policy


async def test_a_script_injected_into_a_page_does_not_run_and_is_reported(
    watched: tuple[BrowserContext, Violations],
) -> None:
    """The watch itself can fail: a stored name that became markup could not run a script."""
    ctx, violations = watched
    page = await ctx.new_page()
    await page.goto("/login")
    await settle(page)
    await page.evaluate(
        """() => {
          const script = document.createElement('script')
          script.textContent = 'window.injected = true'
          document.body.appendChild(script)
          document.body.insertAdjacentHTML('beforeend', '<img src="x" onerror="window.injected = true">')
        }"""
    )
    await page.wait_for_function("() => window.cspViolations >= 2")
    assert await page.evaluate("() => window.injected === undefined")
    assert all(event.startswith("script-src") for event in violations.events)
    violations.events.clear()
    violations.console.clear()


async def test_public_pages_and_the_login_page_run_within_the_policy(
    watched: tuple[BrowserContext, Violations],
) -> None:
    ctx, _ = watched
    page = await ctx.new_page()
    for path in ("/", "/courses", "/verify", "/register", "/login", "/no-such-page"):
        await page.goto(path)
        await settle(page)
    await page.goto("/register")
    await settle(page)
    # A drop-down (Element Plus's popper positions itself with inline styles) and a failed submit.
    await page.locator(".el-select").first.click()
    await page.locator(".el-select-dropdown__item:visible").first.click()
    await page.get_by_role("button", name="注册").last.click()
    await settle(page)


async def test_signed_in_pages_with_charts_and_dialogs_run_within_the_policy(
    watched: tuple[BrowserContext, Violations],
) -> None:
    ctx, _ = watched
    page = await ctx.new_page()
    await sign_in(page, "web.zhou")
    await page.goto("/dashboard")
    await expect(page.locator("canvas").first).to_be_visible()
    await settle(page)
    await page.goto("/dashboard/targets")
    await settle(page)
    row = page.get_by_role("row").filter(has_text="2026")
    await row.get_by_role("button", name="设定目标").click()
    await expect(page.get_by_label("人才总量目标")).to_be_visible()
    await page.keyboard.press("Escape")
    await page.locator("[data-test=account-menu]").click()
    await settle(page)


async def test_the_graphql_ide_runs_a_query_within_the_policy(
    watched: tuple[BrowserContext, Violations],
) -> None:
    ctx, _ = watched
    page = await ctx.new_page()
    await page.goto("/graphql")
    await page.locator(".graphiql-query-editor .CodeMirror").wait_for()
    await page.evaluate(
        "() => document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror"
        ".setValue('{ counties { code name } }')"
    )
    await page.locator(".graphiql-execute-button").click()
    await expect(page.locator(".result-window")).to_contain_text('"name": "楚雄市"')
    # A dialog locks the page's scrolling with a stylesheet (react-remove-scroll): a constructed one, as
    # a <style> element would be blocked.
    await page.get_by_role("button", name=re.compile("settings", re.I)).first.click()
    await expect(page.get_by_role("dialog")).to_be_visible()
    assert await page.evaluate("() => document.adoptedStyleSheets.length") >= 1
    await page.keyboard.press("Escape")
    await expect(page.get_by_role("dialog")).to_have_count(0)
