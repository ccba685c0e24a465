"""The public pages and the account pages: a visitor finds a course in the catalog by its filters and reads
its detail in Beijing time, signs up (the ID check digit checked in the browser, the server's refusals on
their fields), signs in and changes the password, verifies a certificate, and sets a payment account."""

from __future__ import annotations

import uuid

import pytest
from playwright.async_api import Locator, Page, expect

from tests.web.backend import ADMIN_USERNAME, PASSWORD, Backend, id_card_number, unique, wrong_check_digit
from tests.web.conftest import fits_a_phone, screenshot, sign_in


def login_fails(backend: Backend, username: str, password: str = PASSWORD) -> bool:
    try:
        backend.login(username, password)
    except AssertionError:
        return True
    return False


async def choose(page: Page, form_label: str, option: str) -> None:
    """Picks `option` in the el-select of the form item labelled `form_label`."""
    item = page.locator(".el-form-item").filter(has=page.locator(".el-form-item__label", has_text=form_label))
    await item.locator(".el-select").first.click()
    await page.locator(".el-select-dropdown__item:visible", has_text=option).first.click()


def field_error(page: Page, input_id: str) -> Locator:
    """The error shown under the form item holding the input `input_id`."""
    return (
        page.locator(".el-form-item").filter(has=page.locator(f"#{input_id}")).locator(".el-form-item__error")
    )


async def test_a_visitor_finds_a_course_by_its_filters_and_reads_its_detail_in_beijing_time(
    page: Page, backend: Backend
) -> None:
    tag = unique("检索课程")
    first_provider, _ = backend.new_provider()
    second_provider, _ = backend.new_provider()
    wanted = backend.published_course(
        backend.login(first_provider),
        f"{tag}养老服务个案管理",
        service_field="ELDERLY_CARE",
        county_code="532301",
    )
    backend.published_course(
        backend.login(second_provider),
        f"{tag}禁毒社会工作督导",
        service_field="DRUG_REHABILITATION",
        county_code="532322",
        capacity=12,
    )

    await page.goto("/courses")
    await page.get_by_label("关键词").fill(tag)
    await page.get_by_role("button", name="查询").click()
    await expect(page.get_by_text(f"{tag}养老服务个案管理")).to_be_visible()
    await expect(page.get_by_text(f"{tag}禁毒社会工作督导")).to_be_visible()
    await expect(page.get_by_text("共 2 门课程")).to_be_visible()

    await choose(page, "服务领域", "养老服务")
    await choose(page, "县市", "楚雄市")
    await page.get_by_role("button", name="查询").click()
    await expect(page.get_by_text("共 1 门课程")).to_be_visible()
    await expect(page.get_by_text(f"{tag}禁毒社会工作督导")).to_have_count(0)
    await expect(page.get_by_text(f"{tag}养老服务个案管理")).to_be_visible()
    assert "field=ELDERLY_CARE" in page.url
    assert "county=532301" in page.url

    # The filters live in the URL: a reload shows the same list.
    await page.reload()
    await expect(page.get_by_text("共 1 门课程")).to_be_visible()
    await expect(page.get_by_text(f"{tag}养老服务个案管理")).to_be_visible()
    await screenshot(page, "catalog-filtered")

    await page.get_by_role("link", name=f"{tag}养老服务个案管理").click()
    await expect(page).to_have_url(f"/courses/{wanted}")
    await expect(page.get_by_role("heading", name=f"{tag}养老服务个案管理")).to_be_visible()
    # published_course's session runs 01:00–09:00 UTC: 09:00–17:00 Beijing time.
    session_row = page.locator("[data-test=course-session]")
    await expect(session_row).to_contain_text("09:00 至")
    await expect(session_row).to_contain_text("17:00")
    await expect(session_row).to_contain_text("楚雄市鹿城镇社区服务中心")
    await expect(page.get_by_text("剩余名额 30")).to_be_visible()
    await expect(page.get_by_role("button", name="登录后报名")).to_be_visible()
    await screenshot(page, "course-detail")

    # Anonymous 报名 goes to the login page, which brings the visitor back.
    await page.get_by_role("button", name="登录后报名").click()
    await expect(page).to_have_url(f"/login?redirect=/courses/{wanted}")

    await page.set_viewport_size({"width": 360, "height": 740})
    await page.goto(f"/courses?field=ELDERLY_CARE&county=532301&q={tag}")
    await expect(page.get_by_text(f"{tag}养老服务个案管理")).to_be_visible()
    await fits_a_phone(page)
    await screenshot(page, "catalog-360")


async def test_a_new_user_signs_up_after_the_id_number_and_username_are_put_right(
    page: Page, backend: Backend
) -> None:
    username = unique("web.signup")
    good_id = id_card_number()
    await page.goto("/register")
    await page.get_by_label("用户名").fill(username)
    await page.get_by_label("密码").fill("Sign-up-2026")
    await page.get_by_label("姓名").fill("李秀英")
    await page.get_by_label("身份证号").fill(wrong_check_digit(good_id))
    await page.get_by_label("手机号").fill("13987001234")
    await choose(page, "所在县市", "楚雄市")
    await choose(page, "学历", "本科")
    await choose(page, "所学专业", "社会工作专业")
    start = page.get_by_placeholder("选择日期", exact=True)
    await start.fill("2019-07-01")
    await start.press("Enter")
    await page.get_by_label("工作单位").fill("楚雄市东瓜镇社会工作站")

    await page.get_by_role("button", name="注册").last.click()
    await expect(field_error(page, "reg-id")).to_contain_text("校验位")
    await expect(page).to_have_url("/register")
    assert login_fails(backend, username, "Sign-up-2026"), "nothing should have been sent"

    # The server's refusal: the username is taken.
    await page.get_by_label("身份证号").fill(good_id)
    await page.get_by_label("用户名").fill(ADMIN_USERNAME)
    await page.get_by_role("button", name="注册").last.click()
    await expect(field_error(page, "reg-username")).to_contain_text("用户名已被使用")
    await expect(field_error(page, "reg-id")).to_have_count(0)
    await screenshot(page, "register-username-taken")

    await page.get_by_label("用户名").fill(username)
    await page.get_by_role("button", name="注册").last.click()
    await expect(page).to_have_url("/me/hours")
    await expect(page.locator("[data-test=account-menu]")).to_have_text("李秀英")


async def test_a_user_signs_in_changes_the_password_and_signs_in_again_with_it(
    page: Page, backend: Backend
) -> None:
    username, _ = backend.register_trainee("张丽华")
    await page.goto("/login")
    await page.get_by_label("用户名").fill(username)
    await page.get_by_label("密码").fill("not-the-password")
    await page.get_by_role("main").get_by_role("button", name="登录").click()
    await expect(page.get_by_text("用户名或密码不正确")).to_be_visible()
    await screenshot(page, "login-wrong-password")

    await sign_in(page, username)
    await page.goto("/me/password")
    await page.get_by_label("当前密码").fill(PASSWORD)
    await page.get_by_label("新密码", exact=True).fill("New-pass-2026")
    await page.get_by_label("确认新密码").fill("New-pass-2026")
    await page.get_by_role("button", name="修改密码").click()
    await expect(page.locator("[data-test=password-changed]")).to_contain_text("其他设备")

    await page.locator("[data-test=account-menu]").click()
    await page.get_by_text("退出登录").click()
    await expect(page.get_by_role("link", name="登录", exact=True).first).to_be_visible()
    assert login_fails(backend, username, PASSWORD)
    await sign_in(page, username, "New-pass-2026")
    await expect(page.locator("[data-test=account-menu]")).to_have_text("张丽华")


def recorded_certificate(backend: Backend, holder: str) -> str:
    """A 中级 certificate of a new trainee from before the system, recorded by 楚雄市's county admin: its number."""
    admin = backend.admin()
    county_admin = unique("web.county")
    backend.gql(
        "mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } userErrors { code field message } } }",
        {
            "i": {
                "username": county_admin,
                "password": PASSWORD,
                "name": "楚雄市民政局",
                "organizationName": "楚雄市民政局",
                "roles": [{"role": "COUNTY_ADMIN", "countyCode": "532301"}],
            }
        },
        admin,
    )
    _, token = backend.register_trainee(holder)
    person_id = backend.gql("{ viewer { person { id } } }", token=token)["viewer"]["person"]["id"]
    number = f"ZG{uuid.uuid4().int % 10**10:010d}"
    backend.gql(
        "mutation($i: RecordExistingCertificateInput!) { recordExistingCertificate(input: $i) "
        "{ certificate { id } userErrors { code field message } } }",
        {"i": {"personId": person_id, "level": "SOCIAL_WORKER", "number": number, "issuedOn": "2021-11-20"}},
        backend.login(county_admin),
    )
    return number


async def test_verifying_a_certificate_confirms_a_real_one_and_says_an_unknown_one_was_not_found(
    page: Page, backend: Backend
) -> None:
    number = recorded_certificate(backend, "普文华")
    await page.goto("/verify")
    await page.get_by_label("证书编号").fill(number.lower())
    await page.get_by_label("持证人姓名").fill("普文华")
    await page.get_by_role("button", name="查验").click()
    result = page.locator("[data-test=verify-result]")
    await expect(result).to_contain_text("证书有效")
    await expect(result).to_contain_text("中级（社会工作师）")
    await expect(result).to_contain_text("2021年11月20日")
    await expect(result).not_to_contain_text("普文华")
    await screenshot(page, "verify-valid")

    await page.get_by_label("证书编号").fill("S2099000000")
    await page.get_by_label("持证人姓名").fill("王某某")
    await page.get_by_role("button", name="查验").click()
    await expect(result).to_contain_text("未查到该证书")
    await screenshot(page, "verify-not-found")


@pytest.mark.parametrize("narrow", [False, True])
async def test_the_profile_shows_the_payment_account_masked_after_it_is_set(
    page: Page, backend: Backend, narrow: bool
) -> None:
    username, _ = backend.register_trainee("杨春梅")
    if narrow:
        await page.set_viewport_size({"width": 360, "height": 740})
    await sign_in(page, username)
    await page.goto("/me/profile")
    await expect(page.get_by_text("尚未登记收款账户")).to_be_visible()
    await page.get_by_role("button", name="登记收款账户").click()
    await page.get_by_label("开户银行").fill("中国农业银行楚雄分行")
    await page.get_by_label("银行账号").fill("6228 4800 1234 5678 901")
    await page.get_by_role("button", name="保存").click()
    account = page.locator("[data-test=payment-account]")
    await expect(account).to_contain_text("中国农业银行楚雄分行")
    await expect(account).to_contain_text("8901")
    await expect(account).not_to_contain_text("62284800123456789")
    await expect(account).not_to_contain_text("1234 5678")
    if narrow:
        await fits_a_phone(page)
    await screenshot(page, "profile-360" if narrow else "profile")


async def test_a_signed_in_trainee_enrols_from_the_course_page_or_joins_the_wait_list_of_a_full_one(
    page: Page, backend: Backend
) -> None:
    provider, _ = backend.new_provider()
    provider_token = backend.login(provider)
    open_course = backend.published_course(provider_token, unique("报名课程"))
    full_course = backend.published_course(provider_token, unique("满员课程"), capacity=1)
    cancelled = backend.published_course(provider_token, unique("取消课程"))
    backend.gql(
        "mutation($i: CancelCourseInput!) { cancelCourse(input: $i) { userErrors { code field message } } }",
        {"i": {"courseId": cancelled, "reason": "授课老师因故无法到场"}},
        provider_token,
    )
    _, first_token = backend.register_trainee("先报名者")
    backend.gql(
        "mutation($i: EnrollInCourseInput!) { enrollInCourse(input: $i) { userErrors { code field message } } }",
        {"i": {"courseId": full_course, "idempotencyKey": str(uuid.uuid4())}},
        first_token,
    )
    username, _ = backend.register_trainee("赵文静")

    # Anonymous: 报名 leads to the login page, which brings the trainee back to the course.
    await page.goto(f"/courses/{open_course}")
    await page.get_by_role("button", name="登录后报名").click()
    await expect(page).to_have_url(f"/login?redirect=/courses/{open_course}")
    form = page.get_by_role("main")
    await form.get_by_label("用户名").fill(username)
    await form.get_by_label("密码", exact=True).fill(PASSWORD)
    await form.get_by_role("button", name="登录").click()
    await expect(page).to_have_url(f"/courses/{open_course}")
    await page.get_by_role("button", name="报名", exact=True).click()
    await expect(page.locator("[data-test=enrollment-result]")).to_contain_text("已报名")
    await expect(page.get_by_text("剩余名额 29")).to_be_visible()

    await page.goto(f"/courses/{full_course}")
    await expect(page.get_by_text("剩余名额 0")).to_be_visible()
    await page.get_by_role("button", name="报名（候补）").click()
    await expect(page.locator("[data-test=enrollment-result]")).to_contain_text("候补名单第 1 位")
    await screenshot(page, "course-waitlisted")

    await page.goto(f"/courses/{cancelled}")
    await expect(page.get_by_text("本课程已取消：授课老师因故无法到场")).to_be_visible()
    await expect(page.get_by_role("button", name="报名")).to_have_count(0)


async def test_the_home_page_says_what_the_system_is_and_links_to_the_graphql_ide(page: Page) -> None:
    await page.goto("/")
    await expect(page.get_by_role("heading", name="楚雄州社会工作专业人才培训与认证管理系统")).to_be_visible()
    await expect(page.get_by_role("link", name="GraphQL 调试页面")).to_have_attribute("href", "/graphql")
    await page.get_by_role("link", name="证书查验 凭证书编号和姓名查验职业水平证书").click()
    await expect(page).to_have_url("/verify")
    await page.goto("/no/such/page")
    await expect(page.get_by_text("页面不存在")).to_be_visible()
    await page.set_viewport_size({"width": 360, "height": 740})
    await page.goto("/")
    await fits_a_phone(page)
    await screenshot(page, "home-360")


async def test_a_token_the_server_no_longer_takes_sends_the_user_to_sign_in_again(
    page: Page, backend: Backend
) -> None:
    username, _ = backend.register_trainee("罗春花")
    await sign_in(page, username)
    # The token revoked on the server (as a password change elsewhere or the 12-hour lifetime would).
    token = await page.evaluate("JSON.parse(localStorage.getItem('swtalent.session')).token")
    backend.gql("mutation { logout { userErrors { code message } } }", token=token)
    await page.goto("/me/hours")
    await expect(page.get_by_text("登录已过期，请重新登录")).to_be_visible()
    await expect(page).to_have_url("/login?redirect=/me/hours")
    await expect(page.locator("[data-test=account-menu]")).to_have_count(0)


async def test_a_page_of_another_role_is_refused_with_a_message(page: Page, backend: Backend) -> None:
    username, _ = backend.register_trainee("普丽")
    await sign_in(page, username)
    await page.goto("/provider/courses")
    await expect(page.get_by_text("当前账号无权访问该页面")).to_be_visible()
    await expect(page).to_have_url("/")
