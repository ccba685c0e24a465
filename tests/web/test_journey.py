"""The issue's whole journey in the browser, each step by the person who takes it: a new social worker
signs up, finds a course in the catalog and enrols; the provider, on its own pages, records the completion;
the social worker's My hours shows the hours and the progress bar move."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from playwright.async_api import Page, expect

from tests.web.backend import Backend, id_card_number, unique
from tests.web.conftest import NewBrowser, screenshot, sign_in, wait_until

# Long enough for the sign-up and the enrolment, which close when the course starts; the completion is
# taken only once it has started.
STARTS_IN = timedelta(seconds=30)


async def choose(page: Page, form_label: str, option: str) -> None:
    """Picks `option` in the select of the form item labelled `form_label`."""
    item = page.locator(".el-form-item").filter(has=page.locator(".el-form-item__label", has_text=form_label))
    await item.locator(".el-select").first.click()
    await page.locator(".el-select-dropdown__item:visible", has_text=option).first.click()


async def test_a_new_social_worker_signs_up_enrols_and_sees_the_hours_the_provider_records(
    page: Page, new_browser: NewBrowser, backend: Backend
) -> None:
    provider, _ = backend.new_provider()
    title = unique("彝族聚居区社区工作方法")
    starts = datetime.now(UTC).replace(microsecond=0) + STARTS_IN
    course_id = backend.published_course(backend.login(provider), title, starts=starts)

    # Sign-up: a Yi name, typed with a full stop where the middle dot belongs.
    username = unique("web.journey")
    await page.goto("/register")
    await page.get_by_label("用户名").fill(username)
    await page.get_by_label("密码").fill("Journey-2026")
    await page.get_by_label("姓名").fill("阿.依")
    await page.get_by_label("身份证号").fill(id_card_number())
    await page.get_by_label("手机号").fill("13987005678")
    await choose(page, "所在县市", "楚雄市")
    await choose(page, "学历", "本科")
    await choose(page, "所学专业", "社会工作专业")
    since = page.get_by_placeholder("选择日期", exact=True)
    await since.fill("2019-07-01")
    await since.press("Enter")
    await page.get_by_label("工作单位").fill("楚雄市东瓜镇社会工作站")
    # A social work station serves people directly: the front-line 160 h requirement applies.
    front_line = page.locator(".el-form-item").filter(has_text="一线社会工作者").locator(".el-switch")
    await front_line.click()
    await expect(page.get_by_label("一线社会工作者")).to_be_checked()
    await page.get_by_role("button", name="注册").last.click()
    await expect(page).to_have_url("/me/hours")
    # Stored with the one middle dot (U+00B7), as every record of the name is.
    await expect(page.locator("[data-test=account-menu]")).to_have_text("阿·依")
    card = (
        page.locator("[data-test^=requirement-]").filter(has=page.locator("[data-test=earned-hours]")).first
    )
    await expect(card.locator("[data-test=earned-hours]")).to_have_text("0")
    bar = card.get_by_role("progressbar")
    await expect(bar).to_have_attribute("aria-valuenow", "0")

    # The catalog, by its text search; then the course's page and 报名.
    await page.goto("/courses")
    await page.get_by_placeholder("课程名称或简介").fill(title)
    await page.get_by_placeholder("课程名称或简介").press("Enter")
    await page.get_by_role("link", name=title).click()
    await expect(page).to_have_url(f"/courses/{course_id}")
    await page.get_by_role("button", name="报名", exact=True).click()
    await expect(page.locator("[data-test=enrollment-result]")).to_contain_text("已报名")

    # The provider, in a browser of its own, once the course has started.
    await wait_until(starts)
    provider_page = await (await new_browser()).new_page()
    await sign_in(provider_page, provider)
    await provider_page.goto(f"/provider/courses/{course_id}")
    row = provider_page.get_by_role("row").filter(has_text="阿·依")
    await row.get_by_role("button", name="记录结业").click()
    dialog = provider_page.get_by_role("dialog", name="记录结业")
    await dialog.get_by_role("button", name="确认结业").click()
    await expect(provider_page.get_by_text("已记录结业，计入 16 学时")).to_be_visible()

    await page.goto("/me/hours")
    await expect(card.locator("[data-test=earned-hours]")).to_have_text("16")
    await expect(card.locator("[data-test=remaining-hours]")).to_have_text("144")
    await expect(bar).to_have_attribute("aria-valuenow", "10")
    await expect(card).to_contain_text(title)
    await screenshot(page, "journey-my-hours")
