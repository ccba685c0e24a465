"""The training provider's pages: posting and publishing a course, attendance and completions one by one,
and the completion roster uploaded as a clerk fills it in Excel."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import openpyxl
from playwright.async_api import FilePayload, Page, expect

from tests.web.backend import Backend, unique
from tests.web.conftest import fits_a_phone, screenshot, sign_in, wait_until

BEIJING = timedelta(hours=8)


async def course_just_started(backend: Backend, provider_token: str, title: str, names: list[str]) -> str:
    """A published course of 16 学时 whose one session starts a few seconds from now, the trainees named
    enrolled before it starts; returns once it has started (attendance and completions are then due)."""
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=8)
    course = backend.published_course(provider_token, title, starts=starts)
    for name in names:
        backend.enroll(backend.register_trainee(name)[1], course)
    await wait_until(starts)
    return course


def enrollment_numbers(backend: Backend, provider_token: str, course_id: str) -> dict[str, str]:
    """The course's enrolment numbers by trainee name, as the roster export lists them."""
    data = backend.gql(
        "query($id: ID!) { node(id: $id) { ... on Course { enrollments(first: 50) "
        "{ nodes { enrollmentNumber person { name } } } } } }",
        {"id": course_id},
        provider_token,
    )
    return {e["person"]["name"]: e["enrollmentNumber"] for e in data["node"]["enrollments"]["nodes"]}


def beijing_today() -> str:
    return (datetime.now(UTC) + BEIJING).date().isoformat()


def beijing_input(moment: datetime) -> str:
    """The value a `datetime-local` input takes, in Beijing wall time."""
    return (moment.astimezone(UTC) + BEIJING).strftime("%Y-%m-%dT%H:%M")


def roster_workbook(rows: list[tuple[str, str, str, str]]) -> bytes:
    """A roster as a clerk saves it from Excel: an instructions sheet first, then the roster sheet with
    the export's columns (报名号, 姓名, 身份证号, 手机号, 学时, 完成日期)."""
    book = openpyxl.Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "填写说明"
    notes.append(["请在「结业名单」表中填写学时和完成日期；未结业的学员留空。"])
    sheet = book.create_sheet("结业名单")
    sheet.append(["报名号", "姓名", "身份证号", "手机号", "学时", "完成日期"])
    for number, name, hours, day in rows:
        sheet.append([number, name, "", "", hours, day])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_file(content: bytes) -> FilePayload:
    return {"name": "结业名单.xlsx", "mimeType": "application/octet-stream", "buffer": content}


async def test_a_provider_posts_a_course_with_two_sessions_and_publishes_it_to_the_catalog(
    page: Page, backend: Backend
) -> None:
    username, _ = backend.new_provider()
    await sign_in(page, username)
    await page.goto("/provider/courses")
    await page.get_by_role("button", name="发布课程").click()
    dialog = page.get_by_role("dialog", name="发布课程")
    title = unique("养老服务个案管理实务")
    await dialog.get_by_label("课程名称").fill(title)
    await dialog.locator(".el-form-item", has_text="服务领域").locator(".el-select").click()
    await page.get_by_role("option", name="养老服务").click()
    await dialog.get_by_label("学时", exact=True).fill("16")
    day = datetime.now(UTC) + timedelta(days=12)
    first = day.replace(hour=1, minute=0, second=0, microsecond=0)
    await dialog.get_by_label("第 1 次课开始时间").fill(beijing_input(first))
    # The end typed before the start, as a slip of the hand.
    await dialog.get_by_label("第 1 次课结束时间").fill(beijing_input(first - timedelta(hours=1)))
    await dialog.get_by_label("第 1 次课地点").fill("楚雄市鹿城镇社区服务中心")
    await dialog.get_by_role("button", name="添加课次").click()
    second = first + timedelta(days=1)
    await dialog.get_by_label("第 2 次课开始时间").fill(beijing_input(second))
    await dialog.get_by_label("第 2 次课结束时间").fill(beijing_input(second + timedelta(hours=8)))
    await dialog.get_by_label("第 2 次课地点").fill("楚雄市鹿城镇社区服务中心")
    await dialog.get_by_role("button", name="保存").click()
    first_row = dialog.locator("[data-test=session-0]")
    await expect(first_row).to_contain_text("结束时间须晚于开始时间")
    await expect(dialog.locator("[data-test=session-1]")).not_to_contain_text("结束时间须晚于开始时间")
    await page.wait_for_timeout(400)  # the error's fade-in, for a readable screenshot
    await screenshot(page, "provider-course-form-session-error")
    await dialog.get_by_label("第 1 次课结束时间").fill(beijing_input(first + timedelta(hours=8)))
    await dialog.get_by_role("button", name="保存").click()
    await expect(dialog).to_be_hidden()
    row = page.get_by_role("row").filter(has_text=title)
    await expect(row).to_contain_text("草稿")
    await row.get_by_role("button", name="发布").click()
    await expect(row).to_contain_text("已发布")
    await screenshot(page, "provider-courses")
    await page.set_viewport_size({"width": 360, "height": 800})
    await expect(page.get_by_role("link", name=title)).to_be_visible()
    await fits_a_phone(page)
    await screenshot(page, "provider-courses-360")
    await page.set_viewport_size({"width": 1280, "height": 860})
    await page.goto("/courses")
    await expect(page.get_by_text(title)).to_be_visible()


async def test_a_provider_marks_attendance_and_records_a_completion(page: Page, backend: Backend) -> None:
    username, _ = backend.new_provider()
    token = backend.login(username)
    course_id = await course_just_started(backend, token, unique("禁毒社会工作实务"), ["李娜", "王强"])
    await sign_in(page, username)
    await page.goto(f"/provider/courses/{course_id}")
    li = page.get_by_role("row").filter(has_text="李娜")
    wang = page.get_by_role("row").filter(has_text="王强")
    await expect(li).to_contain_text("已报名")
    # The switch's checkbox is hidden under its drawn track: the user clicks the track.
    await li.locator(".el-switch", has=page.get_by_role("switch", name="李娜第 1 次课出勤")).click()
    await expect(page.get_by_text("已记为出勤")).to_be_visible()
    await expect(li.get_by_role("switch", name="李娜第 1 次课出勤")).to_be_checked()
    await expect(wang.get_by_role("switch", name="王强第 1 次课出勤")).not_to_be_checked()
    await li.get_by_role("button", name="记录结业").click()
    dialog = page.get_by_role("dialog", name="记录结业")
    await expect(dialog.get_by_label("计入学时")).to_have_value("16")
    await dialog.get_by_role("button", name="确认结业").click()
    await expect(page.get_by_text("已记录结业，计入 16 学时")).to_be_visible()
    await expect(li).to_contain_text("已结业")
    await expect(wang).to_contain_text("已报名")
    await screenshot(page, "provider-course-attendance")


async def test_a_roster_with_a_bad_row_credits_no_one_and_a_good_one_credits_everyone(
    page: Page, backend: Backend
) -> None:
    username, _ = backend.new_provider()
    token = backend.login(username)
    course_id = await course_just_started(backend, token, unique("社区矫正帮扶实务"), ["赵敏", "孙丽"])
    numbers = enrollment_numbers(backend, token, course_id)
    today = beijing_today()
    await sign_in(page, username)
    await page.goto(f"/provider/courses/{course_id}")
    file_input = page.get_by_label("选择结业名单文件")

    bad = roster_workbook([(numbers["赵敏"], "赵敏", "16", today), (numbers["孙丽"], "孙丽", "20", today)])
    await file_input.set_input_files(files=xlsx_file(bad))
    errors = page.locator("[data-test=import-errors]")
    error_row = errors.get_by_role("row").filter(has_text="学时")
    await expect(error_row).to_contain_text("3")
    await expect(page.get_by_text("名单有 1 处错误，一个人也不会计入")).to_be_visible()
    await expect(page.get_by_role("button", name="确认导入")).to_have_count(0)
    rows = page.locator("[data-test=import-rows]")
    await expect(rows.get_by_role("row").filter(has_text="孙丽")).to_contain_text("有错误")
    await screenshot(page, "provider-roster-errors")
    enrollments = page.locator("[data-test=enrollments]")
    await expect(enrollments).not_to_contain_text("已结业")

    good = roster_workbook([(numbers["赵敏"], "赵敏", "16", today), (numbers["孙丽"], "孙丽", "16", today)])
    await page.get_by_role("button", name="重新选择文件").click()
    await file_input.set_input_files(files=xlsx_file(good))
    await expect(page.get_by_text("检查通过：共 2 行，将计入 2 人")).to_be_visible()
    preview = page.locator("[data-test=import-rows]")
    await expect(preview.get_by_role("row").filter(has_text="赵敏")).to_contain_text("计入学时")
    await expect(preview.get_by_role("row").filter(has_text="孙丽")).to_contain_text(numbers["孙丽"])
    await page.get_by_role("button", name="确认导入").click()
    summary = page.locator("[data-test=import-summary]")
    await expect(summary).to_contain_text("计入 2 人")
    await expect(enrollments.get_by_role("row").filter(has_text="赵敏")).to_contain_text("已结业")
    await expect(enrollments.get_by_role("row").filter(has_text="孙丽")).to_contain_text("已结业")
    await screenshot(page, "provider-roster-imported")

    await page.set_viewport_size({"width": 360, "height": 800})
    await expect(summary).to_be_visible()
    await fits_a_phone(page)
    await screenshot(page, "provider-course-360")
