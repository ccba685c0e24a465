"""The trainee's own pages: the courses they enrolled in (with the wait list and withdrawal) and their
training hours against each requirement, with the transcript downloaded as CSV and as Excel."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, datetime, timedelta

import openpyxl
from playwright.async_api import Page, Request, expect

from tests.web.backend import ADMIN_USERNAME, Backend, unique
from tests.web.conftest import fits_a_phone, screenshot, sign_in, wait_until


def course_starting_soon(backend: Backend, provider_token: str, title: str) -> tuple[str, datetime]:
    """A published course of 16 学时 (专业知识) whose one session starts a few seconds from now: (id, start)."""
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=6)
    return backend.published_course(provider_token, title, starts=starts), starts


def record_completion(backend: Backend, provider_token: str, enrollment_id: str) -> str:
    """The provider records the completion (the course's full hours): the ledger entry's id."""
    data = backend.gql(
        "mutation($i: RecordCompletionInput!) { recordCompletion(input: $i) "
        "{ entry { id } userErrors { code field message } } }",
        {"i": {"enrollmentId": enrollment_id, "idempotencyKey": str(uuid.uuid4())}},
        provider_token,
    )
    entry_id: str = data["recordCompletion"]["entry"]["id"]
    return entry_id


async def trainee_with_completed_course(backend: Backend, title: str) -> tuple[str, str]:
    """A front-line trainee whose provider recorded the completion of a 16 学时 course: (username, entry id)."""
    provider, _ = backend.new_provider()
    provider_token = backend.login(provider)
    course, starts = course_starting_soon(backend, provider_token, title)
    username, token = backend.register_trainee("李文")
    enrollment = backend.enroll(token, course)
    await wait_until(starts)
    return username, record_completion(backend, provider_token, enrollment)


async def test_a_trainee_sees_their_enrolments_their_wait_list_place_and_can_withdraw(
    page: Page, backend: Backend
) -> None:
    provider, _ = backend.new_provider()
    provider_token = backend.login(provider)
    open_title = unique("社区养老服务实务")
    full_title = unique("儿童保护个案管理")
    open_course = backend.published_course(provider_token, open_title)
    full_course = backend.published_course(provider_token, full_title, capacity=1)
    _, other_token = backend.register_trainee("王芳")
    backend.enroll(other_token, full_course)
    username, token = backend.register_trainee("张丽")
    # The course detail page is another page's work: the enrolments are made as it would make them.
    backend.enroll(token, open_course)
    backend.enroll(token, full_course)

    await sign_in(page, username)
    await page.goto("/me/courses")
    open_card = page.locator("[data-test=enrollment]").filter(has_text=open_title)
    full_card = page.locator("[data-test=enrollment]").filter(has_text=full_title)
    await expect(open_card).to_contain_text("已报名")
    await expect(full_card).to_contain_text("候补")
    await expect(full_card).to_contain_text("候补第 1 位")
    # Times are shown in Beijing time: the session starts 09:00 there (01:00 UTC, the browser's clock).
    await expect(open_card).to_contain_text("09:00")
    await expect(open_card.get_by_role("link", name=open_title)).to_have_attribute(
        "href", f"/courses/{open_course}"
    )
    await screenshot(page, "trainee-my-courses")

    await open_card.get_by_role("button", name="退出").click()
    await page.get_by_role("tooltip").get_by_role("button", name="退出").click()
    await expect(page.get_by_text("已退出该课程")).to_be_visible()
    await expect(open_card).to_contain_text("已退出")
    await expect(open_card.get_by_role("button", name="退出")).to_have_count(0)

    await page.set_viewport_size({"width": 360, "height": 780})
    await page.reload()
    await expect(full_card).to_contain_text("候补第 1 位")
    await fits_a_phone(page)
    await screenshot(page, "trainee-my-courses-360")


async def test_a_trainee_with_nothing_enrolled_is_pointed_to_the_catalogue(
    page: Page, backend: Backend
) -> None:
    username, _ = backend.register_trainee("赵敏")
    await sign_in(page, username)
    await page.goto("/me/courses")
    await expect(page.get_by_text("还没有报名任何课程")).to_be_visible()
    await page.get_by_role("button", name="去看看培训课程").click()
    await expect(page).to_have_url("/courses")


async def test_the_trainees_hours_grow_when_the_provider_records_a_completion(
    page: Page, backend: Backend
) -> None:
    provider, _ = backend.new_provider()
    provider_token = backend.login(provider)
    title = unique("老年人社会工作实务")
    course, starts = course_starting_soon(backend, provider_token, title)
    username, token = backend.register_trainee("陈静")
    enrollment = backend.enroll(token, course)

    await sign_in(page, username)
    await page.goto("/me/hours")
    card = (
        page.locator("[data-test^=requirement-]").filter(has=page.locator("[data-test=earned-hours]")).first
    )
    await expect(card.locator("[data-test=earned-hours]")).to_have_text("0")
    required = await card.locator("[data-test=required-hours]").inner_text()
    await expect(card.locator("[data-test=remaining-hours]")).to_have_text(required)
    bar = card.get_by_role("progressbar")
    assert await bar.get_attribute("aria-valuenow") == "0"
    await expect(card).to_contain_text("本周期还没有学时记录")

    await wait_until(starts)
    record_completion(backend, provider_token, enrollment)
    await page.reload()
    await expect(card.locator("[data-test=earned-hours]")).to_have_text("16")
    remaining = float(required) - 16
    await expect(card.locator("[data-test=remaining-hours]")).to_have_text(f"{remaining:g}")
    await expect(bar).to_have_attribute("aria-valuenow", str(int(16 / float(required) * 100)))
    await expect(card).to_contain_text(title)
    await expect(card).to_contain_text("专业知识")
    await expect(card.locator("canvas")).to_have_count(1)
    await screenshot(page, "trainee-my-hours")

    await page.set_viewport_size({"width": 360, "height": 780})
    await page.reload()
    await expect(card.locator("[data-test=earned-hours]")).to_have_text("16")
    await expect(card.locator("[data-test=hour-entry]").first).to_contain_text(title)
    await fits_a_phone(page)
    await screenshot(page, "trainee-my-hours-360")


async def test_the_transcript_downloads_as_csv_and_excel_with_the_token_in_the_header(
    page: Page, backend: Backend
) -> None:
    title = unique("社会工作伦理")
    username, _ = await trainee_with_completed_course(backend, title)
    await sign_in(page, username)
    await page.goto("/me/hours")
    await expect(
        page.locator("[data-test=requirement-FRONT_LINE_2026_2030] [data-test=earned-hours]")
    ).to_have_text("16")

    requests: list[Request] = []
    page.on("request", lambda request: requests.append(request) if "/exports/" in request.url else None)

    async with page.expect_download() as csv_download:
        await page.get_by_role("button", name="下载 CSV").click()
    csv_path = await (await csv_download.value).path()
    text = csv_path.read_text(encoding="utf-8-sig")
    assert title in text
    assert any(title in cell for row in csv.reader(io.StringIO(text)) for cell in row)

    async with page.expect_download() as xlsx_download:
        await page.get_by_role("button", name="下载 Excel").click()
    download = await xlsx_download.value
    assert download.suggested_filename.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO((await download.path()).read_bytes()))
    cells = [
        str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row
    ]
    assert any(title in cell for cell in cells)

    assert [r.url.split("/exports/")[1] for r in requests] == ["transcript.csv", "transcript.xlsx"]
    for request in requests:
        assert (await request.all_headers()).get("authorization", "").startswith("Bearer ")
        assert "token" not in request.url.lower()


async def test_a_staff_account_without_a_person_record_is_told_it_has_no_courses_or_hours(
    page: Page, backend: Backend
) -> None:
    await sign_in(page, ADMIN_USERNAME)
    await page.goto("/me/courses")
    await expect(page.get_by_text("当前账号没有人才档案")).to_be_visible()
    await page.goto("/me/hours")
    await expect(page.get_by_text("当前账号没有人才档案")).to_be_visible()
    await expect(page.get_by_role("button", name="下载 CSV")).to_have_count(0)


async def test_a_reversed_entry_shows_as_negative_hours_with_its_reason(page: Page, backend: Backend) -> None:
    title = unique("小组工作方法")
    username, entry = await trainee_with_completed_course(backend, title)
    backend.gql(
        "mutation($i: ReverseLedgerEntryInput!) { reverseLedgerEntry(input: $i) { userErrors { code field message } } }",
        {"i": {"entryId": entry, "reason": "结业名单填错，学员未参加", "idempotencyKey": str(uuid.uuid4())}},
        backend.admin(),
    )
    await sign_in(page, username)
    await page.goto("/me/hours")
    card = page.locator("[data-test=requirement-FRONT_LINE_2026_2030]")
    await expect(card.locator("[data-test=earned-hours]")).to_have_text("0")
    table = card.locator("[data-test=hour-entries]")
    await expect(table).to_contain_text("-16")
    await expect(table).to_contain_text("原因：结业名单填错，学员未参加")
    await expect(table).to_contain_text("冲正")
