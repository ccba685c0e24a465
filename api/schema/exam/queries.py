"""The exam's root fields: sittings, eligibility, progress, certificates, and the lists admins work
from (registrations as the review and fee queues, certificates by 登记 state)."""

from __future__ import annotations

from datetime import date

import strawberry

from api.auth import require_admin, require_signed_in
from api.context import Info
from api.errors import BadUserInput, NotFound
from api.schema.exam.types import (
    CertificateNode,
    CertificateVerification,
    ExamEligibility,
    ExamLevelProgress,
    ExamRegistrationNode,
    ExamSittingNode,
)
from api.schema.relay import (
    BAD_CURSOR,
    Connection,
    check_first,
    cursor_pk,
    keyed_connection,
    keyed_cursor,
    keyed_cursor_parts,
    query_pk,
)
from domain.errors import OutOfScope
from domain.exam import certificates, listing, results, sittings
from domain.exam import registration as exam_registration
from domain.exam import service as exam_service
from domain.exam.errors import SittingNotFound
from domain.exam.vocabulary import CertificateRegistrationState, ExamLevel, ExamRegistrationStatus
from domain.people.errors import NoPerson, UnknownCounty


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadUserInput(BAD_CURSOR) from None


# The review queue is ordered on (waiting for review, id), so its cursor holds both.
def _queue_cursor(key: listing.QueueKey) -> str:
    return keyed_cursor("registration", str(int(key.waiting)), str(key.id))


def _parse_queue_cursor(cursor: str | None) -> listing.QueueKey | None:
    if cursor is None:
        return None
    waiting, pk = keyed_cursor_parts(cursor, "registration", 2)
    if waiting not in ("0", "1"):
        raise BadUserInput(BAD_CURSOR)
    return listing.QueueKey(waiting=waiting == "1", id=cursor_pk(pk))


# The renewal list is ordered on (registered until, issued on, id); "-" for never registered.
def _renewal_cursor(key: listing.RenewalKey) -> str:
    until = key.registered_until.isoformat() if key.registered_until else "-"
    return keyed_cursor("certificate", until, key.issued_on.isoformat(), str(key.id))


def _parse_renewal_cursor(cursor: str | None) -> listing.RenewalKey | None:
    if cursor is None:
        return None
    until, issued_on, pk = keyed_cursor_parts(cursor, "certificate", 3)
    return listing.RenewalKey(
        registered_until=None if until == "-" else _day(until), issued_on=_day(issued_on), id=cursor_pk(pk)
    )


@strawberry.input(description="考试报名的筛选条件；各条件同时满足，不填的不限")
class ExamRegistrationFilter:
    sitting_id: strawberry.ID | None = strawberry.field(
        default=None, description="年度考试（ExamSitting 的全局编号）"
    )
    county_code: str | None = strawberry.field(
        default=None, description="报名人所在县市的行政区划代码，如 532301；不是州内县市的代码报错"
    )
    status: ExamRegistrationStatus | None = strawberry.field(
        default=None, description="报名状态：SUBMITTED 为待审核队列，APPROVED 为待缴费队列"
    )
    level: ExamLevel | None = strawberry.field(default=None, description="报考级别")
    person_id: strawberry.ID | None = strawberry.field(
        default=None, description="报名人（Person 的全局编号）"
    )


@strawberry.input(description="证书的筛选条件；各条件同时满足，不填的不限")
class CertificateFilter:
    county_code: str | None = strawberry.field(
        default=None, description="持证人所在县市的行政区划代码，如 532301；不是州内县市的代码报错"
    )
    level: ExamLevel | None = strawberry.field(default=None, description="证书级别")
    registration: CertificateRegistrationState | None = strawberry.field(
        default=None, description="登记状态（按今天计算）：DUE 为须在三个月内续期的证书"
    )


def _person_pk(person_id: strawberry.ID | None) -> int | None:
    return query_pk(person_id, "Person") if person_id is not None else None


@strawberry.type
class ExamQuery:
    @strawberry.field(description="年度考试及考点余量（公开）")
    async def exam_sittings(self, year: int | None = None) -> list[ExamSittingNode]:
        return [ExamSittingNode.from_model(r) for r in await sittings.list_sittings(year)]

    @strawberry.field(description="报考资格；personId 默认为本人，辖区管理员可查他人")
    async def exam_eligibility(
        self, info: Info, sitting_id: strawberry.ID, level: ExamLevel, person_id: strawberry.ID | None = None
    ) -> ExamEligibility:
        actor = require_signed_in(info.context)
        try:
            answer = await exam_registration.eligibility_for(
                actor, query_pk(sitting_id, "ExamSitting"), level, _person_pk(person_id)
            )
        except SittingNotFound as error:
            raise NotFound(error.message) from None
        except NoPerson as error:
            raise BadUserInput(error.message) from None
        except OutOfScope:
            raise NotFound("人员不存在") from None
        return ExamEligibility.from_domain(answer)

    @strawberry.field(description="公开验证证书：证书编号与持证人姓名须一致")
    async def verify_certificate(self, number: str, name: str) -> CertificateVerification:
        return CertificateVerification.from_domain(await certificates.verify_certificate(number, name))

    @strawberry.field(description="各级别考试进度；personId 默认为本人，辖区管理员可查他人")
    async def exam_progress(
        self, info: Info, person_id: strawberry.ID | None = None
    ) -> list[ExamLevelProgress]:
        actor = require_signed_in(info.context)
        try:
            progress = await results.progress_for(actor, _person_pk(person_id))
        except (NoPerson, OutOfScope):
            raise NotFound("人员不存在") from None
        return [ExamLevelProgress.from_domain(p) for p in progress]

    @strawberry.field(description="本人的证书")
    async def my_certificates(self, info: Info) -> list[CertificateNode]:
        actor = require_signed_in(info.context)
        if actor.person_id is None:
            return []
        return [CertificateNode.from_model(c) for c in await exam_service.certificates_of(actor.person_id)]

    @strawberry.field(
        description=(
            "考试报名（管理员，限本辖区报名人）：待审核（SUBMITTED）在前，其余在后，各按报名先后；"
            "按状态筛选即为审核队列或缴费队列（APPROVED）"
        )
    )
    async def exam_registrations(
        self,
        info: Info,
        first: int,
        after: str | None = None,
        filter: ExamRegistrationFilter | None = None,
    ) -> Connection[ExamRegistrationNode]:
        actor = require_admin(info.context)
        check_first(first, info.context.settings.limits.max_page_size)
        after_key = _parse_queue_cursor(after)
        f = filter or ExamRegistrationFilter()
        try:
            page = await listing.list_registrations(
                actor,
                first=first,
                after=after_key,
                filter=listing.RegistrationFilter(
                    sitting_id=query_pk(f.sitting_id, "ExamSitting") if f.sitting_id is not None else None,
                    county_code=f.county_code,
                    status=f.status,
                    level=f.level,
                    person_id=_person_pk(f.person_id),
                ),
            )
        except UnknownCounty as error:
            raise BadUserInput(error.message) from None
        return keyed_connection(
            page,
            ExamRegistrationNode.from_model,
            lambda row: _queue_cursor(listing.queue_key(row)),
            after=after_key,
        )

    @strawberry.field(
        description=(
            "证书（管理员，限本辖区持证人）：登记有效期最早届满的在前（已失效、待续期、已登记），"
            "未登记的在后、按发证日期；按登记状态筛选可列出须登记或续期的人"
        )
    )
    async def certificates(
        self,
        info: Info,
        first: int,
        after: str | None = None,
        filter: CertificateFilter | None = None,
    ) -> Connection[CertificateNode]:
        actor = require_admin(info.context)
        check_first(first, info.context.settings.limits.max_page_size)
        after_key = _parse_renewal_cursor(after)
        f = filter or CertificateFilter()
        try:
            page = await listing.list_certificates(
                actor,
                first=first,
                after=after_key,
                filter=listing.CertificateFilter(
                    county_code=f.county_code, level=f.level, registration=f.registration
                ),
            )
        except UnknownCounty as error:
            raise BadUserInput(error.message) from None
        return keyed_connection(
            page,
            CertificateNode.from_model,
            lambda row: _renewal_cursor(listing.renewal_key(row)),
            after=after_key,
        )
