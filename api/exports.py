"""`GET /exports/...`: files in the formats offices use, behind the same bearer token as the API.

Every file is written by `domain.exports` (through the context that owns its rows), so no cell of an
export is ever a formula."""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from api.auth import resolve_actor
from api.errors import PasswordChangeRequired, TopLevelCode
from api.schema.relay import decode_pk
from domain.errors import OutOfScope
from domain.exports import CSV_MEDIA_TYPE as CSV
from domain.exports import XLSX_MEDIA_TYPE as XLSX
from domain.incentives.errors import PayoutBatchNotFound
from domain.incentives.payout_export import ExportFile, ExportFormat, export_payout_batch
from domain.people import service as people
from domain.reports.errors import PlanPeriodNotFound
from domain.reports.targets import targets_report
from domain.reports.targets_export import targets_filename, targets_xlsx
from domain.training import progress
from domain.training.errors import CourseNotFound
from domain.training.roster import template_csv, template_xlsx
from domain.training.roster_export import CourseRoster, course_roster, roster_csv, roster_xlsx
from domain.training.transcript import transcript_csv, transcript_xlsx


def _error(status: int, code: str, message: str) -> Response:
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status_code=status)


def _attachment(content: bytes, media_type: str, filename: str) -> Response:
    # RFC 6266: the Chinese file name goes in filename*, with an ASCII fallback.
    extension = filename.rsplit(".", 1)[-1]
    disposition = f"attachment; filename=\"export.{extension}\"; filename*=UTF-8''{quote(filename)}"
    return Response(content, media_type=media_type, headers={"content-disposition": disposition})


async def roster_template(request: Request) -> Response:
    """The completion roster template (public: it holds no data)."""
    if _wants_xlsx(request):
        return _attachment(template_xlsx(), XLSX, "结业名单模板.xlsx")
    return _attachment(template_csv(), CSV, "结业名单模板.csv")


async def transcript(request: Request) -> Response:
    """A person's transcript: one's own, or (admins in scope) anyone's with `?personId=`."""
    actor, _, _ = await resolve_actor(request)
    if not actor.is_signed_in:
        return _error(401, "UNAUTHENTICATED", "请先登录")
    if actor.must_change_password:
        # A one-time password opens nothing but changePassword, here as in the API.
        return _error(403, TopLevelCode.PASSWORD_CHANGE_REQUIRED.value, PasswordChangeRequired().message)
    raw = request.query_params.get("personId")
    if not raw and actor.person_id is None:
        # A staff account has no registry record of its own: say what to ask for instead.
        return _error(400, "BAD_USER_INPUT", "您的账号没有人才档案：请用 ?personId= 指定要导出学时记录的人员")
    person_id = decode_pk(raw, "Person") if raw else actor.person_id
    person = await people.get_person_or_none(actor, person_id) if person_id is not None else None
    if person is None:
        return _error(404, "NOT_FOUND", "人员不存在")
    entries = await progress.all_entries_of(person.id)
    if _wants_xlsx(request):
        return _attachment(transcript_xlsx(person.name, entries), XLSX, f"{person.name}学时记录.xlsx")
    return _attachment(transcript_csv(person.name, entries), CSV, f"{person.name}学时记录.csv")


async def roster(request: Request) -> Response:
    """A course's roster to fill in (`domain.training.roster_export`): for its provider and the admins
    whose scope includes its county; anyone else is told it does not exist, as for a transcript."""
    actor, _, _ = await resolve_actor(request)
    if not actor.is_signed_in:
        return _error(401, "UNAUTHENTICATED", "请先登录")
    if actor.must_change_password:
        return _error(403, TopLevelCode.PASSWORD_CHANGE_REQUIRED.value, PasswordChangeRequired().message)
    # A malformed or mistyped ID names no course: 404, as a transcript's unknown personId.
    course_id = decode_pk(request.path_params["course_id"], "Course")
    found: CourseRoster | None = None
    if course_id is not None:
        try:
            found = await course_roster(actor, course_id)
        except CourseNotFound:
            found = None
    if found is None:
        return _error(404, "NOT_FOUND", "课程不存在")
    if _wants_xlsx(request):
        return _attachment(roster_xlsx(found), XLSX, f"{found.file_stem}.xlsx")
    return _attachment(roster_csv(found), CSV, f"{found.file_stem}.csv")


async def payout_batch(request: Request) -> Response:
    """A payout batch's list for the finance office (`domain.incentives.payout_export`): full ID numbers
    and accounts, so only for the county's own admins (anyone else is told it does not exist; the prefecture,
    which sees the batch, is told the list is the county's); each download is audited."""
    actor, _, _ = await resolve_actor(request)
    if not actor.is_signed_in:
        return _error(401, "UNAUTHENTICATED", "请先登录")
    if actor.must_change_password:
        return _error(403, TopLevelCode.PASSWORD_CHANGE_REQUIRED.value, PasswordChangeRequired().message)
    batch_id = decode_pk(request.path_params["batch_id"], "PayoutBatch")
    found: ExportFile | None = None
    if batch_id is not None:
        form = ExportFormat.XLSX if _wants_xlsx(request) else ExportFormat.CSV
        try:
            found = await export_payout_batch(actor, batch_id, form)
        except PayoutBatchNotFound:
            found = None
        except OutOfScope as refused:
            return _error(403, "FORBIDDEN", refused.message)
    if found is None:
        return _error(404, "NOT_FOUND", "发放批次不存在")
    return _attachment(found.content, found.media_type, found.filename)


async def targets(request: Request) -> Response:
    """The targets report as XLSX (`domain.reports.targets_export`), over the admin's scope, as the
    `targets` query gives it; `?periodId=` picks a period (default the current one)."""
    actor, _, _ = await resolve_actor(request)
    if not actor.is_signed_in:
        return _error(401, "UNAUTHENTICATED", "请先登录")
    if actor.must_change_password:
        return _error(403, TopLevelCode.PASSWORD_CHANGE_REQUIRED.value, PasswordChangeRequired().message)
    raw = request.query_params.get("periodId")
    period_id = decode_pk(raw, "PlanPeriod") if raw else None
    if raw and period_id is None:
        return _error(404, "NOT_FOUND", "规划期不存在")
    try:
        report = await targets_report(actor, period_id)
    except PlanPeriodNotFound:
        return _error(404, "NOT_FOUND", "规划期不存在")
    except OutOfScope as refused:
        return _error(403, "FORBIDDEN", refused.message)
    return _attachment(targets_xlsx(report), XLSX, targets_filename(report))


def _wants_xlsx(request: Request) -> bool:
    return request.url.path.endswith(".xlsx")


routes = [
    Route(f"/exports/{name}.{extension}", endpoint)
    for name, endpoint in (
        ("roster-template", roster_template),
        ("transcript", transcript),
        ("courses/{course_id}/roster", roster),
        ("payout-batches/{batch_id}", payout_batch),
    )
    for extension in ("csv", "xlsx")
] + [Route("/exports/targets.xlsx", targets)]
