"""Browser tests of the prefecture administrator's pages (州级管理, issue #13)."""

from __future__ import annotations

import re

from playwright.async_api import Page, expect

from tests.web.backend import ADMIN_USERNAME, Backend, unique
from tests.web.conftest import NewBrowser, on_a_phone, screenshot, sign_in
from tests.web.scenes_prefecture import (
    choose,
    county_admin_username,
    expert_account,
    form_item,
    free_exam_year,
    pick_date,
)


async def test_the_prefecture_admin_files_a_provider_and_creates_its_account_and_the_audit_log_shows_it(
    page: Page, backend: Backend
) -> None:
    name = unique("楚雄州彝乡社会工作服务中心")
    await sign_in(page, ADMIN_USERNAME)
    await page.goto("/prefecture/providers")
    await page.get_by_role("button", name="备案培训机构").click()
    dialog = page.get_by_role("dialog", name="备案培训机构")
    await form_item(dialog, "机构名称").locator("input").fill(name)
    await choose(page, dialog, "所在县市", "楚雄市")
    await form_item(dialog, "联系人").locator("input").fill("杨老师")
    await form_item(dialog, "联系电话").locator("input").fill("0878-3123456")
    await dialog.get_by_role("button", name="备案").click()
    await expect(page.get_by_text("已备案")).to_be_visible()

    account = page.get_by_role("dialog", name="创建机构账号")
    await expect(account.get_by_text(name)).to_be_visible()
    username = unique("web.pref.provider")
    await form_item(account, "用户名").locator("input").fill(username)
    await form_item(account, "初始密码").locator("input").fill("Provider-2026")
    await form_item(account, "联系人姓名").locator("input").fill("杨老师")
    await account.get_by_role("button", name="创建账号").click()
    await expect(page.get_by_text(f"已创建机构账号 {username}")).to_be_visible()
    await expect(page.get_by_role("row").filter(has_text=name)).to_contain_text("楚雄市")
    await screenshot(page, "prefecture-providers")

    provider_token = backend.login(username, "Provider-2026")
    roles = backend.gql("{ viewer { user { roles { role providerId } } } }", token=provider_token)
    assert roles["viewer"]["user"]["roles"][0]["role"] == "PROVIDER"

    await page.goto("/prefecture/audit")
    await form_item(page, "动作").locator("input").fill("provider.filed")
    await page.get_by_role("button", name="筛选").click()
    row = page.get_by_role("row").filter(has_text=name)
    await expect(row).to_contain_text("培训机构备案")
    await expect(row).to_contain_text(ADMIN_USERNAME)
    # Times in Beijing time although the browser reads UTC: the row shows a yyyy-mm-dd hh:mm stamp.
    await expect(row).to_contain_text(re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}"))
    await screenshot(page, "prefecture-audit")


async def test_an_exam_sitting_with_registration_closing_after_the_exam_is_refused_on_the_field_then_created(
    page: Page, backend: Backend
) -> None:
    year = free_exam_year(backend)
    await sign_in(page, ADMIN_USERNAME)
    await page.goto("/prefecture/exam-sittings")
    await page.get_by_role("button", name="新建考试安排").click()
    dialog = page.get_by_role("dialog", name="新建考试安排")
    await form_item(dialog, "年度").locator("input").fill(str(year))
    await pick_date(dialog, "考试日期", f"{year}-06-20")
    await pick_date(dialog, "报名开始日期", f"{year}-03-01")
    await pick_date(dialog, "报名截止日期", f"{year}-07-01")
    await form_item(dialog, "每科考试费（元）").locator("input").fill("55")
    await dialog.get_by_placeholder("考点名称").fill("楚雄师范学院考点")
    await dialog.get_by_role("button", name="创建").click()
    closes = form_item(dialog, "报名截止日期")
    await expect(closes.locator(".el-form-item__error")).to_contain_text("报名须在考试前开始和截止")
    await screenshot(page, "prefecture-exam-sitting-refused")

    await pick_date(dialog, "报名截止日期", f"{year}-04-30")
    await dialog.get_by_role("button", name="创建").click()
    await expect(page.get_by_text("考试安排已创建")).to_be_visible()
    card = page.locator(f"[data-test=sitting-{year}]")
    await expect(card).to_contain_text(f"{year}年6月20日")
    await expect(card).to_contain_text("55.00 元")
    await expect(card.get_by_role("row").filter(has_text="楚雄师范学院考点")).to_contain_text("100")
    await screenshot(page, "prefecture-exam-sittings")


async def test_a_county_budget_set_by_the_prefecture_shows_in_the_table(page: Page, backend: Backend) -> None:
    await sign_in(page, ADMIN_USERNAME)
    await page.goto("/prefecture/incentives")
    form = page.locator(".budget-form")
    await choose(page, form, "县市", "双柏县")
    await form_item(form, "预算年度").locator("input").fill("2027")
    await form_item(form, "预算额（元）").locator("input").fill("250000")
    await form.get_by_role("button", name="设定预算").click()
    await expect(page.get_by_text("预算已设定")).to_be_visible()
    row = page.locator("[data-test=budget-table]").get_by_role("row").filter(has_text="双柏县")
    await expect(row).to_contain_text("250,000.00 元")
    await screenshot(page, "prefecture-incentives")


async def test_a_granted_county_admin_signs_in_and_sees_the_county_menu(
    page: Page, backend: Backend, new_browser: NewBrowser
) -> None:
    username, _name = expert_account(backend)
    await sign_in(page, ADMIN_USERNAME)
    await page.goto("/prefecture/users")
    await page.get_by_label("搜索").fill(username)
    await page.get_by_role("button", name="查询").click()
    row = page.get_by_role("row").filter(has_text=username)
    await expect(row).to_contain_text("评审专家")
    await row.get_by_role("button", name="授予角色").click()
    dialog = page.get_by_role("dialog", name="授予角色")
    await choose(page, dialog, "管辖县市", "楚雄市")
    await dialog.get_by_role("button", name="授予").click()
    await expect(page.get_by_text("已授予角色")).to_be_visible()
    await expect(row).to_contain_text("县级管理员（楚雄市）")
    await screenshot(page, "prefecture-users")

    other = await (await new_browser()).new_page()
    await sign_in(other, username)
    await expect(other.locator("[data-test=menu-county]")).to_contain_text("县级管理")
    await expect(other.locator("[data-test=menu-prefecture]")).to_have_count(0)


async def test_a_county_admin_is_refused_the_users_page(page: Page, backend: Backend) -> None:
    username = county_admin_username(backend)
    await sign_in(page, username)
    await page.goto("/prefecture/users")
    await expect(page.get_by_text("当前账号无权访问该页面")).to_be_visible()
    await expect(page).not_to_have_url(re.compile("/prefecture/users"))
    await expect(page.get_by_role("heading", name="用户与角色")).to_have_count(0)


async def test_the_prefecture_pages_fit_a_phone(page: Page, backend: Backend) -> None:
    await sign_in(page, ADMIN_USERNAME)
    for path, heading in [
        ("/prefecture/training-requirements", "学时要求"),
        ("/prefecture/users", "用户与角色"),
        ("/prefecture/audit", "审计日志"),
        ("/prefecture/incentives", "激励政策与预算"),
        ("/prefecture/exam-sittings", "考试安排"),
        ("/prefecture/providers", "培训机构备案"),
    ]:
        await page.set_viewport_size({"width": 1280, "height": 860})
        await page.goto(path)
        await expect(page.get_by_role("heading", name=heading)).to_be_visible()
        await on_a_phone(page)
    await screenshot(page, "prefecture-providers-phone")


async def test_a_reset_password_is_shown_once_and_lets_its_owner_sign_in(
    page: Page, backend: Backend
) -> None:
    username, _name = expert_account(backend)
    await sign_in(page, ADMIN_USERNAME)
    await page.goto("/prefecture/users")
    await page.get_by_label("搜索").fill(username)
    await page.get_by_role("button", name="查询").click()
    await page.get_by_role("row").filter(has_text=username).get_by_role("button", name="重置密码").click()
    await page.get_by_role("button", name="重置", exact=True).click()
    shown = page.locator("[data-test=temporary-password]")
    await expect(shown).to_have_text(re.compile(r"\S{8,}"))
    temporary = (await shown.inner_text()).strip()
    await screenshot(page, "prefecture-users-reset-password")
    await page.get_by_role("button", name="我已记下").click()
    await expect(page.get_by_text(temporary)).to_have_count(0)
    await expect(page.get_by_role("row").filter(has_text=username)).to_contain_text("待改密码")
    assert backend.login(username, temporary)
