"""GraphQL types of the talent registry: persons, counties, organisations; each from its row by
an explicit `from_model`, with the registry's enums under their API.md names."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.auth import require_signed_in
from api.context import Info
from api.errors import Forbidden, NotFound
from api.schema.enums import described_enum
from api.schema.people.loaders import IdentityRead, PeopleLoaders
from api.schema.relay import (
    Connection,
    Node,
    connection,
    page_window,
    query_pk,
    register_node,
    to_global_id,
    upward,
)
from domain.access import Actor, can_see_identity
from domain.exam import continuing_education
from domain.exam import listing as exam_listing
from domain.people import organizations
from domain.people import service as people
from domain.people.id_card import Sex
from domain.people.masking import mask_account_number, mask_id_card_number, mask_phone
from domain.people.models import Organization, Person
from domain.people.vocabulary import Education, Major, OrganizationStatus, OrganizationType
from domain.training import enrolment as training_enrolment

if TYPE_CHECKING:
    from api.schema.exam.types import ExamRegistrationNode
    from api.schema.talent.talent_types import LeadingTalentNode
    from api.schema.training.types import EnrollmentNode, TrainingLedger

described_enum(
    Sex,
    name="Sex",
    description="性别（由身份证号第 17 位得出）",
    values={Sex.MALE: "男", Sex.FEMALE: "女"},
)
described_enum(
    Education,
    name="Education",
    description="学历：高中/中专、大专、本科、硕士、博士",
    values={
        Education.HIGH_SCHOOL: "高中、中专",
        Education.JUNIOR_COLLEGE: "大专",
        Education.BACHELOR: "本科",
        Education.MASTER: "硕士研究生",
        Education.DOCTOR: "博士研究生",
    },
)
described_enum(
    Major,
    name="Major",
    description="所学专业：社会工作或其他",
    values={Major.SOCIAL_WORK: "社会工作专业", Major.OTHER: "其他专业"},
)
described_enum(
    OrganizationType,
    name="OrganizationType",
    description="工作单位类型",
    values={
        OrganizationType.SOCIAL_WORK_SERVICE_ORGANIZATION: "社会工作服务机构",
        OrganizationType.COMMUNITY: "城乡社区",
        OrganizationType.PUBLIC_INSTITUTION: "事业单位",
        OrganizationType.SOCIAL_ORGANIZATION: "社会组织",
        OrganizationType.ENTERPRISE: "企业",
        OrganizationType.OTHER: "其他",
    },
)
described_enum(
    OrganizationStatus,
    name="OrganizationStatus",
    description="工作单位的备案状态（县级管理员审核）",
    values={
        OrganizationStatus.PENDING: "待审核",
        OrganizationStatus.APPROVED: "已备案",
        OrganizationStatus.REJECTED: "未通过审核",
    },
)

# Person carries fields whose types belong to training, the exam and the talent programme, contexts above
# the registry: the references stay lazy so that api.schema.people imports none of api.schema.training,
# api.schema.exam, api.schema.talent (the acyclic contract).
TrainingLedgerRef = Annotated["TrainingLedger", strawberry.lazy("api.schema.training.types")]
EnrollmentRef = Annotated["EnrollmentNode", strawberry.lazy("api.schema.training.types")]
ExamRegistrationRef = Annotated["ExamRegistrationNode", strawberry.lazy("api.schema.exam.types")]
LeadingTalentRef = Annotated["LeadingTalentNode", strawberry.lazy("api.schema.talent.talent_types")]


@strawberry.type(name="Organization", description="社会工作服务机构等组织（在线备案）")
class OrganizationNode(Node):
    name: str
    unified_social_credit_code: str
    county_code: str
    township: str
    type: OrganizationType
    status: OrganizationStatus
    review_reason: str | None
    reviewed_at: datetime | None
    filed_at: datetime
    pk: strawberry.Private[int]

    @strawberry.field(description="关联到本机构的人才（备案人及辖区管理员可见）")
    async def members(self, info: Info, first: int, after: str | None = None) -> Connection[PersonNode]:
        actor = require_signed_in(info.context)
        after_pk = page_window(first, after, info.context.settings.limits.max_page_size)
        row = await info.context.loaders(PeopleLoaders).organization.load(self.pk)
        if row is None or not organizations.can_see_members(actor, row):
            raise Forbidden("只有备案人和辖区管理员可以查看机构人员")
        page = await organizations.list_members(row, first=first, after=after_pk)
        return connection(page, lambda p: PersonNode.from_model(p, actor), after=after_pk)

    @classmethod
    def from_model(cls, organization: Organization) -> OrganizationNode:
        return cls(
            id=to_global_id("Organization", organization.id),
            name=organization.name,
            unified_social_credit_code=organization.credit_code,
            county_code=organization.county_id,
            township=organization.township,
            type=organization.type,
            status=organization.status,
            review_reason=organization.review_reason,
            reviewed_at=organization.reviewed_at,
            filed_at=organization.filed_at,
            pk=organization.id,
        )


async def organization_node(info: Info, pk: int) -> OrganizationNode | None:
    """The organisation with `pk` if the viewer may see it."""
    row = await info.context.loaders(PeopleLoaders).organization.load(pk)
    visible = organizations.organization_for_viewer(info.context.actor, row)
    return OrganizationNode.from_model(visible) if visible else None


register_node("Organization", organization_node)


@strawberry.type(description="收款账户（开户银行、账号）：账号一律掩码，只有发放名单导出才含全号")
class PaymentAccount:
    bank_name: str = strawberry.field(description="开户银行")
    account_number: str = strawberry.field(description="银行账号（掩码，只留后四位和较长账号的前四位）")


@strawberry.type(name="Person", description="人才档案")
class PersonNode(Node):
    name: str
    shown_id_card_number: strawberry.Private[str]
    phone: str = strawberry.field(description="手机号；本人及辖区管理员可见全号，他人见掩码")
    identity_masked: bool
    birth_date: date | None = strawberry.field(description="出生日期（由身份证号得出；掩码时为空）")
    sex: Sex
    county_code: str
    education: Education
    major: Major
    social_work_since: date
    graduated_on: date | None
    organization_name: str
    front_line: bool
    full_time_community_worker: bool
    registered_at: datetime
    payment_account: PaymentAccount | None = strawberry.field(
        description="激励资金收款账户（本人及辖区管理员可见，账号掩码）；未登记时为空"
    )
    organization_pk: strawberry.Private[int | None]
    pk: strawberry.Private[int]

    @strawberry.field
    async def county_name(self, info: Info) -> str:
        return await info.context.loaders(PeopleLoaders).county_name.load(self.county_code) or ""

    @strawberry.field(description="已备案并关联的工作单位")
    async def organization(self, info: Info) -> OrganizationNode | None:
        return await organization_node(info, self.organization_pk) if self.organization_pk else None

    def _check_own_or_in_scope(self, what: str) -> None:
        # A person's record beyond name and masked identity (their hours, enrolments elsewhere, exam
        # registrations) is for the person and admins in scope only: a provider reaches the Person
        # through its own course's enrolment, and must not read the rest of their file from there.
        if self.identity_masked:
            raise Forbidden(f"只有本人和辖区管理员可以查看此人的{what}")

    @strawberry.field(description="某项学时要求的台账与进度（本人及辖区管理员）")
    async def training_ledger(self, info: Info, requirement_id: strawberry.ID) -> TrainingLedgerRef:
        self._check_own_or_in_scope("学时台账")
        ledger = await continuing_education.ledger_for(
            self.pk, query_pk(requirement_id, "TrainingRequirement"), front_line=self.front_line
        )
        if ledger is None:
            raise NotFound("学时要求不存在")
        return upward(TrainingLedgerRef).from_domain(self.pk, ledger)  # type: ignore[no-any-return]

    @strawberry.field(description="此人的课程报名，最新在前（本人及辖区管理员）")
    async def enrollments(
        self, info: Info, first: int, after: str | None = None
    ) -> Connection[EnrollmentRef]:
        self._check_own_or_in_scope("课程报名")
        after_pk = page_window(first, after, info.context.settings.limits.max_page_size)
        page = await training_enrolment.enrollments_of_person(self.pk, first=first, after=after_pk)
        return connection(page, upward(EnrollmentRef).from_model, after=after_pk)

    @strawberry.field(description="此人的考试报名，最新在前（本人及辖区管理员）")
    async def exam_registrations(
        self, info: Info, first: int, after: str | None = None
    ) -> Connection[ExamRegistrationRef]:
        self._check_own_or_in_scope("考试报名")
        after_pk = page_window(first, after, info.context.settings.limits.max_page_size)
        page = await exam_listing.registrations_of_person(self.pk, first=first, after=after_pk)
        return connection(page, upward(ExamRegistrationRef).from_model, after=after_pk)

    @strawberry.field(
        description="此人的彝乡领军人才称号及其历程（本人、称号所在县市的管理员和州级管理员可见；他人为空）"
    )
    async def leading_talents(self, info: Info) -> list[LeadingTalentRef]:
        return await upward(LeadingTalentRef).of_person(info, self.pk)  # type: ignore[no-any-return]

    @strawberry.field(
        description="身份证号；本人及辖区管理员可见全号（他人查看全号记入审计日志），他人见掩码"
    )
    async def id_card_number(self, info: Info) -> str:
        if not self.identity_masked:
            read = IdentityRead(info.context.actor, self.pk, self.county_code)
            await info.context.loaders(PeopleLoaders).identity_read.load(read)
        return self.shown_id_card_number

    @classmethod
    def from_model(cls, person: Person, viewer: Actor) -> PersonNode:
        county_code: str = person.county_id
        full = can_see_identity(viewer, person_id=person.id, county_code=county_code)
        id_card_number = person.id_card_number if full else mask_id_card_number(person.id_card_number)
        return cls(
            id=to_global_id("Person", person.id),
            name=person.name,
            shown_id_card_number=id_card_number,
            phone=person.phone if full else mask_phone(person.phone),
            identity_masked=not full,
            birth_date=person.birth_date if full else None,
            sex=person.sex,
            county_code=county_code,
            education=person.education,
            major=person.major,
            social_work_since=person.social_work_since,
            graduated_on=person.graduated_on,
            organization_name=person.organization_name,
            front_line=person.front_line,
            full_time_community_worker=person.full_time_community_worker,
            registered_at=person.registered_at,
            payment_account=PaymentAccount(
                bank_name=person.bank_name, account_number=mask_account_number(person.account_number)
            )
            if full and person.bank_name is not None and person.account_number is not None
            else None,
            organization_pk=person.organization_id,
            pk=person.id,
        )


async def visible_person(info: Info, pk: int) -> Person | None:
    """The person row with `pk` if the viewer may see it (themself, or admins of its county): also what
    decides who sees the rows that belong to a person, such as registrations and certificates."""
    row = await info.context.loaders(PeopleLoaders).person.load(pk)
    return row if row is not None and people.can_see_person(info.context.actor, row) else None


async def person_node(info: Info, pk: int) -> PersonNode | None:
    """The person with `pk` if the viewer may see them, masked as the viewer must see it."""
    row = await visible_person(info, pk)
    return PersonNode.from_model(row, info.context.actor) if row else None


register_node("Person", person_node)


@strawberry.type(description="县市及其户籍人口、已登记人才数")
class County:
    code: str
    name: str
    registered_population: int | None = strawberry.field(description="最新户籍人口")
    registered_population_year: int | None
    talent_count: int = strawberry.field(description="已在线登记的社会工作人才数")
    certified_count: int = strawberry.field(description="持有职业水平证书的人才数（含系统上线前取得的证书）")


__all__ = [
    "County",
    "OrganizationNode",
    "PaymentAccount",
    "PersonNode",
    "organization_node",
    "person_node",
    "visible_person",
]
