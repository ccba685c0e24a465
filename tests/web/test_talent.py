"""The 彝乡 leading-talent pages (issue #13): the prefecture opens a round and walks it through scoring,
the 公示 (an anonymous objection filed on the public page and resolved) and approval; an expert scores in
the browser and sees the form sealed; a county admin passes an application."""

from __future__ import annotations

import re
from datetime import date

from playwright.async_api import Page, expect

from tests.web.backend import ADMIN_USERNAME, Backend
from tests.web.conftest import NewBrowser, on_a_phone, screenshot, sign_in
from tests.web.scenes_talent import approve_after_notice, closed_call, county_passes, expert, score


async def test_the_prefecture_opens_a_round_with_the_documented_defaults(page: Page) -> None:
    await sign_in(page, ADMIN_USERNAME)
    await page.goto("/talent/rounds")
    await page.get_by_role("button", name="发布选拔轮次").click()
    await expect(page.get_by_label("职业操守权重")).to_have_value("1.00")
    await expect(page.get_by_label("专业技术满分")).to_have_value("20")
    title = page.get_by_label("标题")
    await title.fill("2027年度彝乡专业社会工作领军人才选拔（发布测试）")
    await page.get_by_label("楚雄市名额").fill("3")
    await screenshot(page, "talent-open-round")
    await page.get_by_role("button", name="发布", exact=True).click()
    await expect(page.get_by_text("选拔轮次已发布")).to_be_visible()
    await expect(
        page.get_by_role("heading", name="2027年度彝乡专业社会工作领军人才选拔（发布测试）")
    ).to_be_visible()
    await expect(page.get_by_text("征集中").first).to_be_visible()
    await page.goto("/talent/rounds")
    await expect(
        page.get_by_role("link", name="2027年度彝乡专业社会工作领军人才选拔（发布测试）")
    ).to_be_visible()
    await on_a_phone(page)
    await screenshot(page, "talent-rounds-phone")


async def test_a_county_admin_passes_an_application_after_reading_it(
    page: Page, backend: Backend, web_database: str
) -> None:
    round_ = closed_call(web_database, ["沙马阿果"])
    county = backend.county_admin()
    username = backend.gql("{ viewer { user { username } } }", token=county)["viewer"]["user"]["username"]
    await sign_in(page, username)
    await page.goto("/talent/county-review")
    await page.locator(".round-select").click()
    await page.get_by_role("option", name=re.compile(re.escape(round_.title))).click()
    card = page.locator(".application", has_text="沙马阿果")
    await card.get_by_role("button", name="审核").click()
    await expect(card.get_by_text("扎根彝乡社区十年")).to_be_visible()
    await expect(card.get_by_text("主持社区社会工作项目三项")).to_be_visible()
    await screenshot(page, "talent-county-review")
    await card.get_by_role("button", name="提交初审意见").click()
    await expect(page.get_by_text("已通过：沙马阿果")).to_be_visible()
    await expect(page.get_by_text("没有待初审的申报")).to_be_visible()


async def test_a_round_goes_through_scoring_notice_with_an_objection_and_approval(
    new_browser: NewBrowser, backend: Backend, web_database: str
) -> None:
    round_ = closed_call(web_database, ["阿依木呷", "普秀英", "李娜然"], quota=3)
    county = backend.county_admin()
    for applicant in round_.applicants:
        county_passes(backend, county, applicant.application_id)
    yang, _ = expert(backend, "杨评审", "云南民族大学")
    zhao, _ = expert(backend, "赵评审", "楚雄师范学院")

    admin = await (await new_browser()).new_page()
    await sign_in(admin, ADMIN_USERNAME)
    await admin.goto("/talent/rounds")
    await admin.get_by_role("link", name=round_.title).click()
    await expect(admin.get_by_role("heading", name=round_.title)).to_be_visible()
    await expect(admin.get_by_text("待专家评审")).to_have_count(3)
    await admin.locator("[data-test=expert-select]").click()
    await admin.get_by_role("option", name="杨评审（云南民族大学）").click()
    await admin.get_by_role("option", name="赵评审（楚雄师范学院）").click()
    await admin.keyboard.press("Escape")
    await admin.get_by_role("button", name="分配", exact=True).click()
    await expect(admin.get_by_text("已分配评审专家")).to_be_visible()
    await expect(admin.get_by_text("专家评审中").first).to_be_visible()
    await expect(admin.get_by_role("row").filter(has_text="杨评审").filter(has_text="0 / 3")).to_be_visible()

    # The expert scores one application in the browser and finds it sealed.
    expert_page = await (await new_browser()).new_page()
    await sign_in(expert_page, yang)
    await expert_page.goto("/talent/scoring")
    await expert_page.get_by_role("link", name="阿依木呷").click()
    await expect(expert_page.get_by_text("扎根彝乡社区十年")).to_be_visible()
    for label, value in [
        ("职业操守", "14"),
        ("职业素质", "13"),
        ("专业技术", "18"),
        ("工作能力", "19"),
        ("工作绩效", "18"),
        ("服务对象反馈意见", "9"),
    ]:
        await expert_page.get_by_label(label, exact=True).fill(value)
    await expert_page.get_by_label("评审意见").fill("业绩突出，材料翔实。")
    await expect(expert_page.get_by_text("91.00")).to_be_visible()
    await screenshot(expert_page, "talent-scoring-form")
    await expert_page.get_by_role("button", name="提交评分").click()
    await expert_page.get_by_role("button", name="确认提交").click()
    await expect(expert_page.get_by_text("评分已提交并封存")).to_be_visible()
    await expect(expert_page.get_by_text("我的评分（已提交封存）")).to_be_visible()
    await expect(expert_page.get_by_role("button", name="提交评分")).to_have_count(0)
    await expect(expert_page.locator("[data-test=sealed-scores]")).to_contain_text("91")
    await screenshot(expert_page, "talent-scoring-sealed")
    await expert_page.goto("/talent/scoring")
    await expect(expert_page.get_by_text("已评分（已封存）")).to_have_count(1)
    await on_a_phone(expert_page)
    await screenshot(expert_page, "talent-scoring-tasks-phone")

    # The other scores come over the API; the admin closes the scoring and sees the ranking.
    ayi, puxiu, lina = (a.application_id for a in round_.applicants)
    score(backend, yang, puxiu, 3)
    score(backend, yang, lina, 1)
    score(backend, zhao, ayi, 4)
    score(backend, zhao, puxiu, 2)
    score(backend, zhao, lina, 0)
    await admin.reload()
    await expect(admin.get_by_role("row").filter(has_text="杨评审").filter(has_text="3 / 3")).to_be_visible()
    await admin.get_by_role("button", name="结束专家评审并排名").click()
    await expect(admin.get_by_text("专家评审已结束，已排名")).to_be_visible()
    ranking = admin.get_by_role("row", name=re.compile("^1 阿依木呷"))
    await expect(ranking).to_contain_text("名额内")
    await expect(admin.get_by_role("row", name=re.compile("^3 李娜然"))).to_contain_text("名额内")
    await screenshot(admin, "talent-round-ranked")

    await admin.get_by_role("button", name="开始公示").click()
    await expect(admin.get_by_text("公示已开始")).to_be_visible()
    await expect(admin.get_by_text("5 个工作日")).to_be_visible()
    notice_link = admin.get_by_role("link", name="查看公示页")
    notice_path = await notice_link.get_attribute("href")
    assert notice_path is not None

    # An anonymous visitor objects on the public page.
    visitor = await (await new_browser()).new_page()
    await visitor.goto("/talent/notice")
    await visitor.get_by_role("link", name=round_.title).click()
    await expect(visitor.get_by_role("heading", name=f"{round_.title} 公示")).to_be_visible()
    candidate = visitor.locator("[data-test=candidate]", has_text="普秀英")
    await expect(visitor.locator("[data-test=candidate]")).to_have_count(3)
    await candidate.get_by_role("button", name="提出异议").click()
    await candidate.get_by_label("异议内容").fill("短")
    await candidate.get_by_label("联系方式").fill("13908780000")
    await candidate.get_by_role("button", name="提交异议").click()
    await expect(candidate.locator(".el-form-item__error")).to_be_visible()
    await candidate.get_by_label("异议内容").fill("该人选申报材料中所列项目并非本人主持，请核实。")
    await candidate.get_by_role("button", name="提交异议").click()
    await expect(candidate.get_by_text("您的异议已收到")).to_be_visible()
    await on_a_phone(visitor)
    await screenshot(visitor, "talent-notice-phone")

    # The admin resolves it (not upheld), cannot approve before the notice ends, approves after.
    await admin.reload()
    objection = admin.locator("[data-test=objection]", has_text="并非本人主持")
    await expect(objection).to_contain_text("对 普秀英 的异议")
    await expect(objection).to_contain_text("13908780000")
    await objection.get_by_role("button", name="处理").click()
    await objection.get_by_label("处理意见").fill("经核实，该项目由本人主持，异议不成立。")
    await objection.get_by_role("button", name="提交处理意见").click()
    await expect(admin.get_by_text("异议已处理")).to_be_visible()
    await expect(objection).to_contain_text("异议不成立")
    await admin.get_by_role("button", name="批准选拔结果").click()
    await expect(admin.locator(".el-alert", has_text="公示")).to_be_visible()
    await screenshot(admin, "talent-round-on-notice")

    ends_on = backend.gql(
        "query($r: ID!) { talentRound(roundId: $r) { noticeEndsOn } }", {"r": round_.id}, backend.admin()
    )["talentRound"]["noticeEndsOn"]
    approve_after_notice(web_database, round_.id, date.fromisoformat(ends_on))
    await admin.reload()
    await expect(admin.get_by_text("已批准").first).to_be_visible()
    await expect(admin.get_by_role("heading", name="领军人才（3）")).to_be_visible()
    await expect(admin.get_by_role("row", name=re.compile("阿依木呷.*培养期内"))).to_be_visible()
    await screenshot(admin, "talent-round-approved")
