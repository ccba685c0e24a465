"""Scenes for the prefecture administrator's pages (州级管理): accounts and free exam years set up over the API."""

from __future__ import annotations

from datetime import UTC, datetime

from playwright.async_api import Locator, Page

from tests.web.backend import PASSWORD, Backend, unique


def free_exam_year(backend: Backend) -> int:
    """A year with no exam sitting yet, well after the years the exam tests take (one sitting per year)."""
    taken = {s["year"] for s in backend.gql("{ examSittings { year } }")["examSittings"]}
    this_year = datetime.now(UTC).year
    for year in range(this_year + 6, this_year + 30):
        if year not in taken:
            return year
    raise AssertionError("no free exam year")


def expert_account(backend: Backend) -> tuple[str, str]:
    """An account holding only the EXPERT role, made by the prefecture admin: (username, name)."""
    username = unique("web.pref.user")
    name = "李评审"
    backend.gql(
        "mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } userErrors { code field message } } }",
        {
            "i": {
                "username": username,
                "password": PASSWORD,
                "name": name,
                "organizationName": "楚雄师范学院",
                "roles": [{"role": "EXPERT"}],
            }
        },
        backend.admin(),
    )
    return username, name


def county_admin_username(backend: Backend, county_code: str = "532301") -> str:
    """A county admin of `county_code` (see Backend.county_admin): their username."""
    token = backend.county_admin(county_code)
    username: str = backend.gql("{ viewer { user { username } } }", token=token)["viewer"]["user"]["username"]
    return username


def form_item(scope: Page | Locator, label: str) -> Locator:
    """The el-form-item whose label is exactly `label`."""
    return scope.locator(f".el-form-item:has(.el-form-item__label:text-is('{label}'))").first


async def choose(page: Page, scope: Page | Locator, label: str, option: str) -> None:
    """Picks `option` in the el-select of the form item labelled `label`."""
    await form_item(scope, label).locator(".el-select").first.click()
    await page.locator(".el-select-dropdown__item:visible", has_text=option).first.click()


async def pick_date(scope: Page | Locator, label: str, day: str) -> None:
    """Types `day` (YYYY-MM-DD) into the date picker of the form item labelled `label`."""
    field = form_item(scope, label).locator("input").first
    await field.fill(day)
    await field.press("Enter")
