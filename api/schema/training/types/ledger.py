"""GraphQL types of the hour ledger: entries, requirements with their category caps, and a person's
ledger toward one requirement; each from its row or answer by an explicit `from_model`/`from_domain`,
with the ledger's own enums under their API.md names (registered here, once)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry

from api.context import Info
from api.schema.enums import described_enum
from api.schema.people.types import PersonNode, person_node, visible_person
from api.schema.relay import Connection, Node, connection, page_window, register_node, to_global_id
from api.schema.training.loaders import TrainingLoaders
from api.schema.training.types.catalog import CourseNode
from domain.paging import Page
from domain.training import models, progress
from domain.training.hours import from_tenths
from domain.training.ledger import CategoryProgress, Window
from domain.training.progress import LedgerView
from domain.training.vocabulary import ENTRY_SOURCE_LABELS, EntrySource, HourCategory, RequirementAudience

described_enum(
    EntrySource,
    name="EntrySource",
    description="学时来源：结业、名单导入、调整、冲正",
    values=ENTRY_SOURCE_LABELS,
)
described_enum(
    RequirementAudience,
    name="RequirementAudience",
    description="继续教育学时要求适用的人员",
    values={
        RequirementAudience.FRONT_LINE: "直接提供社会服务的一线人员",
        RequirementAudience.ASSISTANT_HOLDERS: "持助理社会工作师证书者",
        RequirementAudience.SOCIAL_WORKER_HOLDERS: "持社会工作师、高级社会工作师证书者",
    },
)


@strawberry.type(name="HourEntry", description="学时台账记录（只增不改）")
class HourEntryNode(Node):
    hours: Decimal
    category: HourCategory
    source: EntrySource
    occurred_on: date
    reason: str | None
    recorded_at: datetime
    reverses_id: strawberry.ID | None
    course_pk: strawberry.Private[int | None]
    person_pk: strawberry.Private[int]

    @strawberry.field
    async def course(self, info: Info) -> CourseNode | None:
        if self.course_pk is None:
            return None
        row = await info.context.loaders(TrainingLoaders).course.load(self.course_pk)
        return CourseNode.from_model(row) if row else None

    @strawberry.field
    async def person(self, info: Info) -> PersonNode | None:
        return await person_node(info, self.person_pk)

    @classmethod
    def from_model(cls, row: models.HourEntry) -> HourEntryNode:
        reverses: int | None = row.reverses_id
        return cls(
            id=to_global_id("HourEntry", row.id),
            hours=from_tenths(row.tenths),
            category=row.category,
            source=row.source,
            occurred_on=row.occurred_on,
            reason=row.reason,
            recorded_at=row.recorded_at,
            reverses_id=to_global_id("HourEntry", reverses) if reverses is not None else None,
            course_pk=row.course_id,
            person_pk=row.person_id,
        )


async def hour_entry_node(info: Info, pk: int) -> HourEntryNode | None:
    """The ledger entry `pk` if the viewer may see its person's ledger (themself, or admins of the
    person's county), as `Person.trainingLedger` decides; else None, as if it did not exist."""
    row = await models.HourEntry.get_or_none(id=pk)
    if row is None or await visible_person(info, row.person_id) is None:
        return None
    return HourEntryNode.from_model(row)


# A HourEntry is a Node (its ID is what reverseLedgerEntry takes): `node(id:)` must resolve it (#15).
register_node("HourEntry", hour_entry_node)


@strawberry.type(description="学时类别上限")
class CategoryCap:
    category: HourCategory
    hours: Decimal

    @classmethod
    def from_domain(cls, category: HourCategory, tenths: int) -> CategoryCap:
        return cls(category=category, hours=from_tenths(tenths))


@strawberry.type(name="TrainingRequirement", description="学时要求")
class TrainingRequirementNode:
    id: strawberry.ID
    code: str
    name: str
    audience: RequirementAudience
    starts_on: date | None = strawberry.field(description="固定周期的起始日；继续教育按登记有效期计算时为空")
    ends_on: date | None
    period_years: int | None
    required_hours: Decimal
    pk: strawberry.Private[int]
    # The caps when the caller has them already (a ledger view); otherwise `caps` loads them.
    known_caps: strawberry.Private[dict[HourCategory, int] | None] = None

    @strawberry.field
    async def caps(self, info: Info) -> list[CategoryCap]:
        tenths = self.known_caps
        if tenths is None:
            tenths = await info.context.loaders(TrainingLoaders).caps.load(self.pk) or {}
        return [CategoryCap.from_domain(c, t) for c, t in sorted(tenths.items())]

    @classmethod
    def from_model(
        cls, row: models.TrainingRequirement, caps: dict[HourCategory, int] | None = None
    ) -> TrainingRequirementNode:
        return cls(
            id=to_global_id("TrainingRequirement", row.id),
            code=row.code,
            name=row.name,
            audience=row.audience,
            starts_on=row.starts_on,
            ends_on=row.ends_on,
            period_years=row.period_years,
            required_hours=from_tenths(row.required_tenths),
            pk=row.id,
            known_caps=caps,
        )


@strawberry.type(description="某类别的学时：记录数与计入数（已按上限截取）")
class CategoryHours:
    category: HourCategory
    hours: Decimal
    counted_hours: Decimal

    @classmethod
    def from_domain(cls, row: CategoryProgress) -> CategoryHours:
        return cls(
            category=row.category,
            hours=from_tenths(row.tenths),
            counted_hours=from_tenths(row.counted_tenths),
        )


@strawberry.type(
    description="某项学时要求的进度：要求、已得（按上限计入）、尚缺、是否达标；"
    "要求不适用于此人（如未持证者的继续教育）时 applicable 为 false，周期与进度为空"
)
class TrainingLedger:
    requirement: TrainingRequirementNode
    applicable: bool = strawberry.field(description="此要求是否适用于此人：继续教育仅适用于相应证书的持证人")
    not_applicable_reason: str | None = strawberry.field(description="不适用的原因；适用时为空")
    starts_on: date | None = strawberry.field(description="计算周期的起始日；不适用时为空")
    ends_on: date | None = strawberry.field(description="计算周期的截止日；不适用时为空")
    required_hours: Decimal
    earned_hours: Decimal | None = strawberry.field(description="周期内已得学时（按上限计入）；不适用时为空")
    remaining_hours: Decimal | None = strawberry.field(description="尚缺学时；不适用时为空")
    met: bool | None = strawberry.field(description="是否达标；不适用时为空")
    by_category: list[CategoryHours]
    person_pk: strawberry.Private[int]
    window: strawberry.Private[Window | None]

    @classmethod
    def from_domain(cls, person_pk: int, view: LedgerView) -> TrainingLedger:
        requirement = TrainingRequirementNode.from_model(view.requirement, view.caps)
        p = view.progress
        if view.not_applicable is not None:
            return cls(
                requirement=requirement,
                applicable=False,
                not_applicable_reason=view.not_applicable,
                starts_on=None,
                ends_on=None,
                required_hours=from_tenths(p.required_tenths),
                earned_hours=None,
                remaining_hours=None,
                met=None,
                by_category=[],
                person_pk=person_pk,
                window=None,
            )
        return cls(
            requirement=requirement,
            applicable=True,
            not_applicable_reason=None,
            starts_on=view.window.starts_on,
            ends_on=view.window.ends_on,
            required_hours=from_tenths(p.required_tenths),
            earned_hours=from_tenths(p.earned_tenths),
            remaining_hours=from_tenths(p.remaining_tenths),
            met=p.met,
            by_category=[CategoryHours.from_domain(row) for row in p.by_category],
            person_pk=person_pk,
            window=view.window,
        )

    @strawberry.field(description="计入本要求周期的台账记录，最新在前")
    async def entries(self, info: Info, first: int, after: str | None = None) -> Connection[HourEntryNode]:
        after_pk = page_window(first, after, info.context.settings.limits.max_page_size)
        if self.window is None:
            # Not applicable: no window, so no entries count toward it.
            return connection(
                Page(items=[], has_next_page=False, total_count=0), HourEntryNode.from_model, after=after_pk
            )
        page = await progress.entries_of(self.person_pk, self.window, first=first, after=after_pk)
        return connection(page, HourEntryNode.from_model, after=after_pk)


__all__ = ["CategoryCap", "CategoryHours", "HourEntryNode", "TrainingLedger", "TrainingRequirementNode"]
