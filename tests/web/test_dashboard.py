"""The dashboard (目标完成情况) and the plan periods' targets (规划期目标): the prefecture admin sets the targets
and reads them against the figures, with charts and an XLSX export; a county admin sees only their county; a
trainee is refused."""

from __future__ import annotations

from playwright.async_api import Page, expect

from tests.web.backend import Backend
from tests.web.conftest import on_a_phone, screenshot, sign_in
from tests.web.scenes_dashboard import (
    CHUXIONG,
    LUFENG,
    certified,
    county_admin_username,
    periods,
    registered_person,
    targets,
)


async def test_the_prefecture_admin_sets_the_targets_and_reads_the_dashboard(
    page: Page, backend: Backend
) -> None:
    certified(backend, registered_person(backend, CHUXIONG), backend.county_admin(CHUXIONG))
    registered_person(backend, LUFENG)
    await sign_in(page, "web.zhou")

    await page.goto("/dashboard/targets")
    row = page.get_by_role("row").filter(has_text="2026")
    await row.get_by_role("button", name="设定目标").click()
    await page.get_by_label("人才总量目标").fill("9000")
    await page.get_by_label("持证人才目标").fill("4500")
    await page.get_by_label("每千人下限").fill("1.2")
    await page.get_by_role("button", name="保存目标").click()
    await expect(page.get_by_text("目标已保存")).to_be_visible()
    await expect(page.get_by_role("row").filter(has_text="2026")).to_contain_text("9000")
    await screenshot(page, "dashboard-targets")

    report = targets(backend, backend.admin())
    await page.goto("/dashboard")
    cards = page.locator("[data-test=stat-cards]")
    await expect(cards).to_contain_text(f"{report['talentTotal']} / 9000")
    await expect(cards).to_contain_text(f"{report['certifiedTotal']} / 4500")
    await expect(cards).to_contain_text(f"{report['countiesMeetingFloor']} / {len(report['counties'])}")
    await expect(page.locator("canvas").first).to_be_visible()
    assert await page.locator("canvas").count() >= 5
    await expect(page.get_by_text("未达到下限的县市：")).to_be_visible()
    await expect(page.get_by_text("本期尚无证书登记")).to_have_count(0)
    await screenshot(page, "dashboard-prefecture")

    async with page.expect_download() as downloading:
        await page.get_by_role("button", name="导出 Excel").click()
    download = await downloading.value
    assert download.suggested_filename.endswith(".xlsx")

    earlier = next(p for p in periods(backend) if p["startsOn"].startswith("2021"))
    await page.locator(".toolbar .el-select").click()
    await page.locator(".el-select-dropdown__item:visible", has_text=earlier["name"]).click()
    await expect(cards).to_contain_text("/ 8000")
    await expect(cards).to_contain_text("/ 4000")
    await screenshot(page, "dashboard-2021")

    await on_a_phone(page)
    await screenshot(page, "dashboard-phone")


async def test_a_county_admin_sees_only_their_county(page: Page, backend: Backend) -> None:
    username = county_admin_username(backend, LUFENG)
    await sign_in(page, username)
    await page.goto("/dashboard")
    table = page.locator(".el-table")
    await expect(table).to_contain_text("禄丰市")
    await expect(table).not_to_contain_text("楚雄市")
    await expect(page.get_by_text("人才总量：目标未设定")).to_be_visible()
    await screenshot(page, "dashboard-county")


async def test_a_trainee_opening_the_dashboard_is_refused(page: Page, backend: Backend) -> None:
    username, _ = backend.register_trainee("看板学员")
    await sign_in(page, username)
    await page.goto("/dashboard")
    await expect(page.locator("[data-state=error]")).to_be_visible()
    await screenshot(page, "dashboard-refused")
