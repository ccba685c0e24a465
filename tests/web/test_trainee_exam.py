"""The trainee's exam pages: the eligibility check with every reason, registering for a level at a site, the
county's review and fee and the prefecture's admission tickets, the printable 准考证, and the certificates
page with its 登记."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta, timezone

from playwright.async_api import Page, expect

from tests.web.backend import Backend, unique
from tests.web.conftest import fits_a_phone, screenshot, served_on, sign_in

_BEIJING = timezone(timedelta(hours=8))


def beijing_today() -> date:
    return datetime.now(UTC).astimezone(_BEIJING).date()


def register_trainee(backend: Backend, name: str, social_work_since: date) -> tuple[str, str, str]:
    """A trainee with a bachelor's degree in social work, registered over the API: (username, token, personId)."""
    username, token = backend.register_trainee(name, prefix="web.exam", social_work_since=social_work_since)
    return username, token, backend.person_id(token)


def open_sitting(backend: Backend, site_name: str) -> tuple[str, int, date]:
    """A sitting whose registration opens today, with one site of 30 seats in 楚雄市: (id, year, the day
    registration closes). One sitting
    per year: the first year from this one on that has none yet and still has room for the exam."""
    today = beijing_today()
    for year in range(today.year, today.year + 6):
        if year == today.year:
            exam_date, closes_on = today + timedelta(days=20), today + timedelta(days=10)
            if exam_date.year != year:
                continue
        else:
            exam_date, closes_on = date(year, 10, 15), date(year, 9, 1)
        try:
            data = backend.gql(
                "mutation($i: CreateExamSittingInput!) { createExamSitting(input: $i) "
                "{ sitting { id } userErrors { code field message } } }",
                {
                    "i": {
                        "year": year,
                        "examDate": exam_date.isoformat(),
                        "registrationOpensOn": today.isoformat(),
                        "registrationClosesOn": closes_on.isoformat(),
                        "sites": [{"name": site_name, "countyCode": "532301", "capacity": 30}],
                        "feePerSubject": "50",
                    }
                },
                backend.admin(),
            )
        except AssertionError as refused:
            if "SITTING_EXISTS" in str(refused):
                continue
            raise
        sitting_id: str = data["createExamSitting"]["sitting"]["id"]
        return sitting_id, year, closes_on
    raise AssertionError("no free exam year")


def registration_of(backend: Backend, token: str) -> str:
    data = backend.gql(
        "{ viewer { person { examRegistrations(first: 5) { nodes { id status } } } } }", token=token
    )
    registration_id: str = data["viewer"]["person"]["examRegistrations"]["nodes"][0]["id"]
    return registration_id


async def test_a_trainee_checks_eligibility_registers_and_prints_the_admission_ticket(
    page: Page, backend: Backend, web_database: str
) -> None:
    site = unique("楚雄市第一中学考点")
    sitting_id, year, closes_on = open_sitting(backend, site)
    # Started social work a few months ago: 初级 needs no years with a social-work degree, 中级 needs 3.
    username, token, _ = register_trainee(backend, "李明珠", beijing_today() - timedelta(days=90))
    county = backend.county_admin()

    await sign_in(page, username)
    await page.goto("/me/exam")
    await expect(page.get_by_text(f"{year} 年度考试")).to_be_visible()
    await page.locator("[data-test=sitting]").filter(has_text=f"{year} 年度考试").click()

    await page.get_by_text("中级（社会工作师）").click()
    eligibility = page.locator("[data-test=eligibility]")
    await expect(eligibility.get_by_text("不符合报考条件")).to_be_visible()
    reasons = backend.gql(
        "query($s: ID!) { examEligibility(sittingId: $s, level: SOCIAL_WORKER) { reasons } }",
        {"s": sitting_id},
        token,
    )["examEligibility"]["reasons"]
    assert reasons
    for reason in reasons:
        await expect(eligibility.get_by_text(reason)).to_be_visible()

    await screenshot(page, "trainee-exam-not-eligible")

    await page.get_by_text("初级（助理社会工作师）").click()
    await expect(eligibility.get_by_text("符合报考条件")).to_be_visible()
    await page.locator("[data-test=site-select]").click()
    await page.get_by_role("option", name=f"{site}（剩余 30 个座位）").click()
    await page.get_by_role("button", name="提交报名").click()
    await expect(page.get_by_text("报名已提交，请等待县级审核")).to_be_visible()
    mine = page.locator("[data-test=exam-registration]")
    await expect(mine.get_by_text("已提交，待审核")).to_be_visible()
    await expect(page.get_by_text("您已报名本年度考试")).to_be_visible()
    await screenshot(page, "trainee-exam-submitted")

    registration_id = registration_of(backend, token)
    backend.gql(
        "mutation($i: ReviewExamRegistrationInput!) { reviewExamRegistration(input: $i) "
        "{ userErrors { code field message } } }",
        {"i": {"registrationId": registration_id, "approve": True}},
        county,
    )
    backend.gql(
        "mutation($i: ConfirmExamFeeInput!) { confirmExamFee(input: $i) { userErrors { code field message } } }",
        {
            "i": {
                "registrationId": registration_id,
                "amount": "100",
                "paymentReference": unique("JF"),
                "idempotencyKey": str(uuid.uuid4()),
            }
        },
        county,
    )
    # Admission tickets come only once registration has closed (DOMAIN.md): the prefecture issues them on
    # a server whose clock reads the day after.
    with served_on(web_database, closes_on + timedelta(days=1)) as later:
        admitted = later.gql(
            "mutation($i: IssueAdmissionTicketsInput!) { issueAdmissionTickets(input: $i) "
            "{ registrations { id admissionNumber seat } userErrors { code field message } } }",
            {"i": {"sittingId": sitting_id}},
            later.admin(),
        )["issueAdmissionTickets"]["registrations"]
    ticket = next(r for r in admitted if r["id"] == registration_id)

    await page.reload()
    await expect(mine.get_by_text("已发准考证")).to_be_visible()
    await expect(mine.get_by_text(f"准考证号：{ticket['admissionNumber']}")).to_be_visible()
    await screenshot(page, "trainee-exam-admitted")
    await page.get_by_role("button", name="查看准考证").click()
    await expect(page).to_have_url(f"/me/exam/ticket/{registration_id}")
    card = page.locator("[data-test=admission-ticket]")
    await expect(card.get_by_text("李明珠")).to_be_visible()
    await expect(card.get_by_text(ticket["admissionNumber"])).to_be_visible()
    await expect(card.get_by_text(site)).to_be_visible()
    await expect(card.get_by_text("初级（助理社会工作师）")).to_be_visible()
    exam_date = backend.gql("query($y: Int) { examSittings(year: $y) { id examDate } }", {"y": year})
    day = date.fromisoformat(next(s for s in exam_date["examSittings"] if s["id"] == sitting_id)["examDate"])
    await expect(card.get_by_text(f"{day.year}年{day.month}月{day.day}日")).to_be_visible()
    await expect(card.locator("dd").nth(6)).to_have_text(str(ticket["seat"]))
    await expect(card.get_by_text("**********")).to_be_visible()
    await expect(page.get_by_role("button", name="打印")).to_be_visible()
    await screenshot(page, "trainee-admission-ticket")
    await page.emulate_media(media="print")
    await expect(page.get_by_role("button", name="打印")).to_be_hidden()
    await expect(card).to_be_visible()
    await page.emulate_media(media="screen")

    await page.set_viewport_size({"width": 360, "height": 780})
    await expect(card).to_be_visible()
    await fits_a_phone(page)
    await screenshot(page, "trainee-admission-ticket-360")

    await page.goto("/me/exam")
    await expect(mine.get_by_text("已发准考证")).to_be_visible()
    await fits_a_phone(page)
    await screenshot(page, "trainee-exam-360")

    # Someone else's registration, or one not admitted: a clear message, no ticket.
    await page.goto("/me/exam/ticket/RXhhbVJlZ2lzdHJhdGlvbjo5OTk5OTk=")
    await expect(page.get_by_text("无法查看准考证")).to_be_visible()


async def test_a_trainee_sees_their_certificates_and_registers_one(page: Page, backend: Backend) -> None:
    username, _, person_id = register_trainee(backend, "王丽华", date(2015, 7, 1))
    county = backend.county_admin()
    today = beijing_today()
    old = unique("A2021532300")
    recent = unique("S2026532300")
    for level, number, issued_on in (
        ("ASSISTANT", old, today.replace(year=today.year - 4)),
        ("SOCIAL_WORKER", recent, today - timedelta(days=60)),
    ):
        backend.gql(
            "mutation($i: RecordExistingCertificateInput!) { recordExistingCertificate(input: $i) "
            "{ certificate { id } userErrors { code field message } } }",
            {
                "i": {
                    "personId": person_id,
                    "level": level,
                    "number": number,
                    "issuedOn": issued_on.isoformat(),
                }
            },
            county,
        )

    await sign_in(page, username)
    await page.goto("/me/certificates")
    cards = page.locator("[data-test=certificate]")
    old_card = cards.filter(has_text=old)
    recent_card = cards.filter(has_text=recent)
    await expect(old_card.get_by_text("助理社会工作师").first).to_be_visible()
    await expect(old_card.get_by_text("未登记")).to_be_visible()
    await expect(recent_card.get_by_text("未登记")).to_be_visible()
    await expect(page.get_by_text("还没有考试成绩")).to_be_visible()

    # A first registration more than a year after issue is done at the county office (民发〔2009〕123号).
    await old_card.get_by_role("button", name="登记").click()
    await expect(old_card.get_by_text("首次登记须在取得证书后一年内办理")).to_be_visible()
    await expect(old_card.get_by_text("未登记")).to_be_visible()

    # Within the year the holder registers it: valid three years, to the day before.
    await recent_card.get_by_role("button", name="登记").click()
    await expect(page.get_by_text("证书登记已办理")).to_be_visible()
    await expect(recent_card.get_by_text("已登记")).to_be_visible()
    until = today.replace(year=today.year + 3) - timedelta(days=1)
    await expect(
        recent_card.get_by_text(f"登记有效期至：{until.year}年{until.month}月{until.day}日")
    ).to_be_visible()
    await expect(recent_card.get_by_role("button", name="登记")).to_have_count(0)
    await screenshot(page, "trainee-certificates")

    await page.set_viewport_size({"width": 360, "height": 780})
    await expect(recent_card).to_be_visible()
    await fits_a_phone(page)
    await screenshot(page, "trainee-certificates-360")


def register_over_api(backend: Backend, token: str, sitting_id: str) -> str:
    """The trainee registers for 初级 at the sitting's first site over the API: the registration's id."""
    site = backend.gql("query($y: Int) { examSittings(year: $y) { id sites { id } } }", {"y": None})
    site_id = next(s for s in site["examSittings"] if s["id"] == sitting_id)["sites"][0]["id"]
    data = backend.gql(
        "mutation($i: RegisterForExamInput!) { registerForExam(input: $i) "
        "{ registration { id } userErrors { code field message } } }",
        {
            "i": {
                "sittingId": sitting_id,
                "level": "ASSISTANT",
                "siteId": site_id,
                "idempotencyKey": str(uuid.uuid4()),
            }
        },
        token,
    )
    registration_id: str = data["registerForExam"]["registration"]["id"]
    return registration_id


async def test_a_trainee_sees_why_a_registration_was_rejected_and_withdraws_another(
    page: Page, backend: Backend
) -> None:
    sitting_id, _, _ = open_sitting(backend, unique("楚雄市第二中学考点"))
    username, token, _ = register_trainee(backend, "张春燕", date(2019, 7, 1))
    county = backend.county_admin()
    rejected = register_over_api(backend, token, sitting_id)
    backend.gql(
        "mutation($i: ReviewExamRegistrationInput!) { reviewExamRegistration(input: $i) "
        "{ userErrors { code field message } } }",
        {"i": {"registrationId": rejected, "approve": False, "reason": "学历证书复印件不清晰"}},
        county,
    )
    register_over_api(backend, token, sitting_id)

    await sign_in(page, username)
    await page.goto("/me/exam")
    mine = page.locator("[data-test=exam-registration]")
    await expect(
        mine.filter(has_text="审核未通过").get_by_text("未通过原因：学历证书复印件不清晰")
    ).to_be_visible()
    live = mine.filter(has_text="已提交，待审核")
    await live.get_by_role("button", name="撤回报名").click()
    await page.get_by_role("button", name="撤回", exact=True).click()
    await expect(page.get_by_text("已撤回报名")).to_be_visible()
    await expect(mine.filter(has_text="已撤回")).to_have_count(1)
    await expect(page.get_by_role("button", name="撤回报名")).to_have_count(0)
