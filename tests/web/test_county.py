"""The county admin's pages: the exam registration queue (one at a time and in bulk, a rejection needs a
reason), entitlements approved and paid out through a batch whose list is downloaded, the budget, the people
and organisations of the county only; a trainee is refused."""

from __future__ import annotations

from playwright.async_api import Page, expect

from tests.web.backend import Backend
from tests.web.conftest import fits_a_phone, on_a_phone, screenshot, sign_in
from tests.web.scenes_county import (
    LUFENG,
    beijing_today,
    county_admin_user,
    filed_organization,
    pending_reward,
    person_of,
    registered_for_exam,
    unique_name,
)


async def test_a_county_admin_approves_registrations_one_at_a_time_and_in_bulk(
    page: Page, backend: Backend
) -> None:
    first, second, third = (unique_name("审核甲"), unique_name("审核乙"), unique_name("审核丙"))
    for name in (first, second, third):
        registered_for_exam(backend, name)
    username, _ = county_admin_user(backend)
    await sign_in(page, username)
    await page.goto("/county/exam-registrations")
    await expect(page.get_by_role("heading", name="考试报名审核")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=first)
    await expect(row).to_contain_text("初级")
    await expect(row).to_contain_text("*")  # the ID number is masked
    await screenshot(page, "county-exam-queue")

    await row.get_by_role("button", name="通过").click()
    await expect(page.get_by_text("已审核通过")).to_be_visible()
    await expect(page.get_by_role("row").filter(has_text=first)).to_have_count(0)

    for name in (second, third):
        await page.get_by_role("row").filter(has_text=name).locator(".el-checkbox").click()
    await page.get_by_role("button", name="批量通过（2）").click()
    await expect(page.get_by_text("已通过 2 项报名")).to_be_visible()
    await expect(page.get_by_role("row").filter(has_text=second)).to_have_count(0)
    await expect(page.get_by_role("row").filter(has_text=third)).to_have_count(0)

    await page.locator(".toolbar .el-select").first.click()
    await page.locator(".el-select-dropdown__item:visible", has_text="审核通过，待缴费").click()
    for name in (first, second, third):
        await expect(page.get_by_role("row").filter(has_text=name)).to_contain_text("审核通过，待缴费")
    await screenshot(page, "county-exam-approved")


async def test_rejecting_a_registration_needs_a_reason(page: Page, backend: Backend) -> None:
    name = unique_name("驳回甲")
    registered_for_exam(backend, name)
    username, _ = county_admin_user(backend)
    await sign_in(page, username)
    await page.goto("/county/exam-registrations")
    await page.get_by_role("row").filter(has_text=name).get_by_role("button", name="驳回").click()
    dialog = page.get_by_role("dialog", name="驳回报名")
    await dialog.get_by_role("button", name="确认驳回").click()
    await expect(dialog.get_by_text("不予通过时须填写理由")).to_be_visible()
    await screenshot(page, "county-exam-reject-needs-reason")
    await dialog.get_by_label("驳回理由").fill("工作年限证明不全")
    await dialog.get_by_role("button", name="确认驳回").click()
    await expect(page.get_by_text("已驳回")).to_be_visible()
    await expect(page.get_by_role("row").filter(has_text=name)).to_have_count(0)


async def test_an_entitlement_is_approved_batched_exported_and_marked_paid(
    page: Page, backend: Backend
) -> None:
    username, token = county_admin_user(backend)
    name = unique_name("奖励甲")
    pending_reward(backend, token, name)
    await sign_in(page, username)
    await page.goto("/county/entitlements")
    row = page.get_by_role("row").filter(has_text=name)
    await expect(row).to_contain_text("一次性奖励")
    await expect(row).to_contain_text("800.00 元")
    await screenshot(page, "county-entitlements")
    await row.get_by_role("button", name="通过").click()
    await expect(page.get_by_text("已审核通过 1 项待遇")).to_be_visible()
    await expect(page.get_by_role("row").filter(has_text=name)).to_have_count(0)

    await page.goto("/county/payouts")
    await page.get_by_role("button", name="生成发放批次").click()
    await expect(page.get_by_text("已生成发放批次")).to_be_visible()
    batch = page.locator(".batch").filter(has_text=name).first
    await expect(batch).to_contain_text("待发放")
    async with page.expect_download() as downloading:
        await batch.get_by_role("button", name="导出 Excel").click()
    download = await downloading.value
    assert download.suggested_filename.endswith(".xlsx")
    async with page.expect_download() as downloading:
        await batch.get_by_role("button", name="导出 CSV").click()
    assert (await downloading.value).suggested_filename.endswith(".csv")

    await batch.get_by_role("button", name="标记已发放").click()
    dialog = page.get_by_role("dialog", name="标记已发放")
    await dialog.get_by_label("发放凭证号").fill("楚财支〔2026〕8号")
    await dialog.get_by_role("button", name="确认已发放").click()
    await expect(page.get_by_text("批次已标记为已发放")).to_be_visible()
    await expect(batch).to_contain_text("已发放")
    await expect(batch).to_contain_text("楚财支〔2026〕8号")
    await screenshot(page, "county-payouts")

    await page.goto("/county/budget")
    await expect(page.get_by_text("年度预算")).to_be_visible()
    await expect(page.get_by_text("剩余可用")).to_be_visible()
    await screenshot(page, "county-budget")


async def test_a_county_admin_sees_only_their_own_county(page: Page, backend: Backend) -> None:
    ours, theirs = unique_name("楚雄人"), unique_name("禄丰人")
    registered_for_exam(backend, ours)
    registered_for_exam(backend, theirs, LUFENG)
    _, lufeng_token, _ = person_of(backend, unique_name("禄丰名册"), LUFENG)
    _, our_token, _ = person_of(backend, unique_name("楚雄备案人"))
    our_org, their_org = unique_name("鹿城社工服务中心"), unique_name("金山社工服务中心")
    filed_organization(backend, our_token, our_org)
    filed_organization(backend, lufeng_token, their_org, LUFENG)
    username, _ = county_admin_user(backend)
    await sign_in(page, username)
    await page.goto("/county/exam-registrations")
    await expect(page.get_by_role("row").filter(has_text=ours)).to_be_visible()
    await expect(page.get_by_text(theirs)).to_have_count(0)

    await page.goto("/county/people")
    await page.get_by_label("查找人员").fill(ours)
    await page.get_by_role("button", name="查找").click()
    await expect(page.get_by_role("row").filter(has_text=ours)).to_be_visible()
    await page.get_by_label("查找人员").fill(theirs)
    await page.get_by_role("button", name="查找").click()
    await expect(page.get_by_text("没有符合条件的人员")).to_be_visible()
    await page.get_by_label("查找人员").fill("")
    await page.get_by_role("button", name="查找").click()
    await expect(page.get_by_role("row").filter(has_text=ours)).to_be_visible()
    await expect(page.get_by_text("禄丰")).to_have_count(0)
    await screenshot(page, "county-people")
    await page.get_by_role("tab", name="组织备案").click()
    org_row = page.get_by_role("row").filter(has_text=our_org)
    await expect(org_row).to_contain_text("待审核")
    await expect(page.get_by_text(their_org)).to_have_count(0)
    await screenshot(page, "county-organizations")
    await org_row.get_by_role("button", name="通过").click()
    await expect(page.get_by_text("已通过备案")).to_be_visible()
    await expect(page.get_by_role("row").filter(has_text=our_org)).to_have_count(0)

    await page.goto("/county/exam-registrations")
    await expect(page.get_by_role("row").filter(has_text=ours)).to_be_visible()
    await on_a_phone(page)
    await screenshot(page, "county-exam-queue-phone")
    for path, heading in (
        ("/county/entitlements", "待遇审核"),
        ("/county/payouts", "发放批次"),
        ("/county/budget", "激励资金预算"),
        ("/county/people", "人员与机构"),
    ):
        await page.goto(path)
        await expect(page.get_by_role("heading", name=heading)).to_be_visible()
        await page.wait_for_load_state("networkidle")
        await fits_a_phone(page)
    await screenshot(page, "county-people-phone")


async def test_a_trainee_is_refused_the_county_pages(page: Page, backend: Backend) -> None:
    username, _, _ = person_of(backend, unique_name("学员"))
    await sign_in(page, username)
    await page.goto("/county/entitlements")
    await expect(page.get_by_text("当前账号无权访问该页面")).to_be_visible()
    await expect(page.get_by_role("heading", name="待遇审核")).to_have_count(0)
    assert beijing_today().year >= 2026
