"""Browser tests: Debian's Chromium (/usr/bin/chromium, `apt-get install chromium`; `.ci/run` and `make
test` install it when missing), driven by Playwright for Python, against the real app served by
`swtalent serve` on 127.0.0.1 with a fresh SQLite database and the built front end (web/dist, `make web`).

Every page a test opens is watched: a request to any address but the app's own origin fails the test (the
app runs on closed networks, 政务内网), and so does an uncaught script error. Screenshots of the key pages
go to test-artifacts/web/ (not committed) for a person to look at.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from playwright.async_api import Browser, BrowserContext, Page, async_playwright

from api.settings import PROJECT_ROOT
from tests.serving import serving
from tests.web.backend import ADMIN_USERNAME, PASSWORD, Backend

CHROMIUM = Path("/usr/bin/chromium")
# The flags these machines need: no sandbox as root, and no background calls to Google's hosts, which a
# closed network refuses (and which would also count as requests off the app's origin).
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "web"
# The build served: web/dist (`make web`), or SWTALENT_WEB_ROOT when set (the server reads it too).
BUILT = Path(os.environ.get("SWTALENT_WEB_ROOT") or PROJECT_ROOT / "web" / "dist") / "index.html"
# Long enough for a cold page on a loaded 2-core CI machine; a passing step takes far less.
TIMEOUT_MS = 15_000


def _run(*args: str, env: dict[str, str]) -> None:
    done = subprocess.run(  # noqa: S603 - our own command with fixed arguments
        [sys.executable, "-m", "api.cli", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="session")
def web_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A fresh, migrated SQLite file with one prefecture admin (`web.zhou`): its URL."""
    folder = tmp_path_factory.mktemp("web")
    database_url = f"sqlite://{folder / 'web.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": database_url}
    _run("migrate", env=env)
    _run(
        "create-user",
        "--username",
        ADMIN_USERNAME,
        "--password",
        PASSWORD,
        "--role",
        "PREFECTURE_ADMIN",
        "--name",
        "州人社局管理员",
        env=env,
    )
    return database_url


@pytest.fixture(scope="session")
def web_base(web_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served on 127.0.0.1 on `web_database`, on the real clock: its base URL."""
    assert BUILT.is_file(), "the front end is not built: run `make web` (make test does)"
    assert CHROMIUM.is_file(), "Chromium is missing: apt-get install -y chromium (make test does)"
    log = tmp_path_factory.mktemp("web-log") / "server.log"
    with serving(web_database, log=log) as base:
        yield base


@contextmanager
def served_on(database_url: str, today: date) -> Iterator[Backend]:
    """The same database served a second time, for a moment, by a server whose clock reads `today`
    (`SWTALENT_TODAY`): for a step that only comes after a date, such as issuing admission tickets once
    registration has closed. Log in afresh there: tokens issued on the real clock may read as expired."""
    with serving(database_url, env={"SWTALENT_TODAY": today.isoformat()}) as base:
        yield Backend(base)


@pytest.fixture(scope="session")
def backend(web_base: str) -> Backend:
    return Backend(web_base)


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        yield chromium
        await chromium.close()


NewBrowser = Callable[[], Awaitable[BrowserContext]]


@pytest.fixture
async def new_browser(browser: Browser, web_base: str) -> AsyncIterator[NewBrowser]:
    """Opens fresh browser profiles (no token, no storage: one per person of a test) whose clock reads UTC,
    so a page that shows times in Beijing time proves it converts them. Fails the test if any of their
    pages requested another origin or threw an uncaught error."""
    opened: list[BrowserContext] = []
    off_origin: list[str] = []
    page_errors: list[str] = []

    def watch(page: Page) -> None:
        page.on(
            "request",
            lambda request: (
                None
                if request.url.startswith((web_base, "data:", "blob:", "about:"))
                else off_origin.append(request.url)
            ),
        )
        page.on("pageerror", lambda error: page_errors.append(str(error)))

    async def open_one() -> BrowserContext:
        ctx = await browser.new_context(
            base_url=web_base, locale="zh-CN", timezone_id="UTC", viewport={"width": 1280, "height": 860}
        )
        ctx.set_default_timeout(TIMEOUT_MS)
        ctx.on("page", watch)
        opened.append(ctx)
        return ctx

    yield open_one
    for ctx in opened:
        await ctx.close()
    assert off_origin == [], f"pages requested addresses off the app's origin: {off_origin}"
    assert page_errors == [], f"uncaught script errors: {page_errors}"


@pytest.fixture
async def context(new_browser: NewBrowser) -> BrowserContext:
    """The test's first person's browser profile (see `new_browser`)."""
    return await new_browser()


@pytest.fixture
async def page(context: BrowserContext) -> Page:
    return await context.new_page()


async def screenshot(page: Page, name: str) -> None:
    """Saves the whole page as test-artifacts/web/<name>.png for a person to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


async def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Signs in through the login page, as the user would, and waits for the account menu."""
    await page.goto("/login")
    form = page.get_by_role("main")  # the header has a 登录 link too
    await form.get_by_label("用户名").fill(username)
    await form.get_by_label("密码", exact=True).fill(password)
    await form.get_by_role("button", name="登录").click()
    await page.locator("[data-test=account-menu]").wait_for()


async def wait_until(moment: datetime) -> None:
    """Sleeps until a second past `moment` (a course's start: attendance and completions come after it)."""
    await asyncio.sleep(max(0.0, (moment - datetime.now(UTC)).total_seconds()) + 1)


PHONE_WIDTH = 360


async def fits_a_phone(page: Page) -> None:
    """Nothing on the page is wider than a 360-px phone screen (no sideways scrolling), once the layout
    has settled after a resize (the narrow layout switches on the resize event)."""
    await page.wait_for_function(f"document.documentElement.scrollWidth <= {PHONE_WIDTH}", timeout=5000)


async def on_a_phone(page: Page) -> None:
    """The page resized to a 360 × 780 phone screen; fails unless it fits (see `fits_a_phone`)."""
    await page.set_viewport_size({"width": PHONE_WIDTH, "height": 780})
    await fits_a_phone(page)
