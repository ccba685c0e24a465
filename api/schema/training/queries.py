"""Training's root fields: the course catalog, the filed providers, the training requirements."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.context import Info
from api.errors import BadUserInput
from api.schema.relay import (
    Connection,
    check_first,
    connection,
    keyed_connection,
    keyed_cursor,
    page_window,
    query_pk,
    timed_cursor,
)
from api.schema.training.types import CourseNode, ProviderNode, TrainingRequirementNode
from domain.errors import InvalidInput
from domain.people.errors import UnknownCounty
from domain.training import catalog, progress, providers
from domain.training.catalog import CourseOrder
from domain.training.vocabulary import ServiceField


def _course_cursor(at: datetime, pk: int) -> str:
    return keyed_cursor("course", at.isoformat(), str(pk))


@strawberry.input(description="课程目录的筛选条件；各条件同时满足，不填的不限")
class CourseFilter:
    service_field: ServiceField | None = strawberry.field(default=None, description="服务领域")
    county_code: str | None = strawberry.field(
        default=None,
        description="开课县市的行政区划代码，如 532301；不是州内县市的代码报错（BAD_USER_INPUT）",
    )
    provider_id: strawberry.ID | None = strawberry.field(
        default=None, description="培训机构（Provider 的全局编号）"
    )
    search: str | None = strawberry.field(
        default=None,
        description="在课程名称和简介中查找：多个词用空格（含全角空格）分开，"
        "课程须包含每一个词（如「禁毒 督导」），至多 10 个词",
    )
    starts_from: datetime | None = strawberry.field(
        default=None, description="首次课次开始时间不早于此（含）"
    )
    starts_to: datetime | None = strawberry.field(default=None, description="首次课次开始时间早于此（不含）")
    include_ended: bool = strawberry.field(
        default=False,
        description="也列出最后一次课已结束的课程（默认不列出：目录只列未开始和进行中的课程）；按同一排序混排",
    )


@strawberry.type
class TrainingQuery:
    @strawberry.field(
        description="课程目录（公开）：已发布和已取消的课程，培训机构还能看到自己的草稿；"
        "最后一次课已结束的课程默认不列出（filter.includeEnded 可列出）"
    )
    async def courses(
        self,
        info: Info,
        first: int,
        after: str | None = None,
        filter: CourseFilter | None = None,
        order_by: CourseOrder = CourseOrder.NEWEST,
    ) -> Connection[CourseNode]:
        check_first(first, info.context.settings.limits.max_page_size)
        after_key = timed_cursor(after, "course")
        f = filter or CourseFilter()
        try:
            page, keys = await catalog.list_catalog(
                info.context.actor,
                first=first,
                after=after_key,
                filter=catalog.CatalogFilter(
                    service_field=f.service_field,
                    county_code=f.county_code,
                    provider_id=query_pk(f.provider_id, "Provider") if f.provider_id is not None else None,
                    search=f.search,
                    starts_from=f.starts_from,
                    starts_to=f.starts_to,
                    include_ended=f.include_ended,
                ),
                order=order_by,
            )
        except (UnknownCounty, InvalidInput) as exc:
            # A filter no course can match because it names nothing (县市代码 9999) is a mistake to
            # report, not an empty list.
            raise BadUserInput(exc.message) from None
        key_of = {row.pk: key for row, key in zip(page.items, keys, strict=True)}
        return keyed_connection(
            page, CourseNode.from_model, lambda row: _course_cursor(*key_of[row.pk]), after=after_key
        )

    @strawberry.field(description="已备案的培训机构（公开）")
    async def providers(self, info: Info, first: int, after: str | None = None) -> Connection[ProviderNode]:
        after_pk = page_window(first, after, info.context.settings.limits.max_page_size)
        page = await providers.list_providers(first=first, after=after_pk)
        return connection(page, ProviderNode.from_model, after=after_pk)

    @strawberry.field(description="学时要求（公开）")
    async def training_requirements(self) -> list[TrainingRequirementNode]:
        return [TrainingRequirementNode.from_model(r) for r in await progress.list_requirements()]


__all__ = ["TrainingQuery"]
