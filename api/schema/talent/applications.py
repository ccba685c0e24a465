"""Applications to a leading-talent round: applyForTalentRound, updateTalentApplication,
submitTalentApplication, withdrawTalentApplication, recommendTalentApplicant,
confirmTalentRecommendation, attachTalentEvidence, removeTalentEvidence; myTalentApplications,
talentApplications (the county queue), talentEligibility (domain/talent/applications.py,
recommendations.py, evidence.py)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from starlette.datastructures import UploadFile
from strawberry.file_uploads import Upload

from api.auth import require_signed_in
from api.context import Info
from api.errors import BadUserInput, Forbidden, NotFound
from api.schema.enums import described_enum
from api.schema.mutation import SIGNED_IN, Payload, mutation
from api.schema.relay import Connection, check_first, connection, from_cursor, input_pk, query_pk
from api.schema.talent.enums import ApplicationStatus
from api.schema.talent.types import TalentApplicationNode, TalentEvidenceNode
from api.schema.uploads import read_upload
from domain.access import Role
from domain.errors import OutOfScope, in_row
from domain.people.errors import UnknownCounty
from domain.talent import applications, evidence, recommendations
from domain.talent.eligibility import Eligibility, EligibilityRule
from domain.talent.errors import TalentRoundNotFound

TRAINEES = frozenset({Role.TRAINEE})

described_enum(
    EligibilityRule,
    name="TalentEligibilityCondition",
    description="领军人才申报条件的一项",
    values={
        EligibilityRule.CERTIFICATE_LEVEL: "证书级别不低于要求",
        EligibilityRule.YEARS_HELD: "持证年限不少于要求",
        EligibilityRule.PRACTICE_YEARS: "从事社会工作年限不少于要求",
        EligibilityRule.AGE: "年龄不超过要求",
        EligibilityRule.TRAINING: "已完成一线人员培训学时要求",
        EligibilityRule.COUNTY_QUOTA: "所在县市本轮分配有名额",
        EligibilityRule.LEADING_TITLE: "不在领军人才培养期内，且未因弄虚作假或违法违纪被撤销称号",
    },
)


@strawberry.type(description="一项申报条件的核对结果")
class TalentEligibilityRule:
    rule: EligibilityRule = strawberry.field(description="申报条件")
    met: bool = strawberry.field(description="是否符合")
    detail: str = strawberry.field(
        description="核对说明，含具体数字（如 持有社会工作师证书 2 年，要求不少于 3 年）"
    )


@strawberry.type(description="是否符合选拔轮次的申报条件，逐项说明")
class TalentEligibility:
    eligible: bool = strawberry.field(description="是否符合全部申报条件")
    reference_date: date = strawberry.field(description="计算年限和年龄所依据的日期（申报截止日）")
    rules: list[TalentEligibilityRule] = strawberry.field(description="本轮设定的每项条件及核对结果")

    @classmethod
    def from_domain(cls, result: Eligibility) -> TalentEligibility:
        return cls(
            eligible=result.eligible,
            reference_date=result.reference_date,
            rules=[TalentEligibilityRule(rule=r.rule, met=r.met, detail=r.detail) for r in result.rules],
        )


@strawberry.input(description="领军人才申报的筛选条件；各条件同时满足，不填的不限")
class TalentApplicationFilter:
    status: ApplicationStatus | None = strawberry.field(
        default=None, description="申报状态：SUBMITTED 即县级初审队列"
    )
    county_code: str | None = strawberry.field(
        default=None, description="申报所属县市代码，如 532301；县级管理员只能看到本县市的"
    )


@strawberry.input(description="申报领军人才")
class ApplyForTalentRoundInput:
    round_id: strawberry.ID = strawberry.field(description="选拔轮次（TalentRound 的全局编号）")
    statement: str = strawberry.field(description="个人陈述，必填，不超过 2000 字")
    achievements: str = strawberry.field(default="", description="主要业绩（文本），不超过 5000 字")
    submit: bool = strawberry.field(default=True, description="true 立即提交（默认）；false 保存为草稿")
    evidence: list[Upload] | None = strawberry.field(
        default=None, description="证明材料：PDF 或图片，每个不超过 10 MB，最多 10 个"
    )


@strawberry.type
class ApplyForTalentRoundPayload(Payload):
    application: TalentApplicationNode | None = None


@strawberry.input(description="修改草稿或退回修改的申报")
class UpdateTalentApplicationInput:
    application_id: strawberry.ID = strawberry.field(description="申报（TalentApplication 的全局编号）")
    statement: str = strawberry.field(description="个人陈述，必填，不超过 2000 字")
    achievements: str = strawberry.field(default="", description="主要业绩（文本），不超过 5000 字")


@strawberry.type
class UpdateTalentApplicationPayload(Payload):
    application: TalentApplicationNode | None = None


@strawberry.input(description="提交申报")
class SubmitTalentApplicationInput:
    application_id: strawberry.ID = strawberry.field(description="申报（TalentApplication 的全局编号）")


@strawberry.type
class SubmitTalentApplicationPayload(Payload):
    application: TalentApplicationNode | None = None


@strawberry.input(description="撤回申报（撤回后本轮不能再次申报）")
class WithdrawTalentApplicationInput:
    application_id: strawberry.ID = strawberry.field(description="申报（TalentApplication 的全局编号）")
    reason: str | None = strawberry.field(default=None, description="撤回理由，不超过 500 字")


@strawberry.type
class WithdrawTalentApplicationPayload(Payload):
    application: TalentApplicationNode | None = None


@strawberry.input(description="单位推荐领军人才人选")
class RecommendTalentApplicantInput:
    round_id: strawberry.ID = strawberry.field(description="选拔轮次（TalentRound 的全局编号）")
    person_id: strawberry.ID = strawberry.field(description="被推荐人（Person 的全局编号）")
    statement: str = strawberry.field(description="推荐理由（个人陈述），必填，不超过 2000 字")
    achievements: str = strawberry.field(default="", description="主要业绩（文本），不超过 5000 字")


@strawberry.type
class RecommendTalentApplicantPayload(Payload):
    application: TalentApplicationNode | None = None


@strawberry.input(description="被推荐人确认或拒绝单位推荐")
class ConfirmTalentRecommendationInput:
    application_id: strawberry.ID = strawberry.field(description="推荐（TalentApplication 的全局编号）")
    accept: bool = strawberry.field(
        default=True, description="true 接受（默认）；false 不接受，本轮不能再申报"
    )
    submit: bool = strawberry.field(default=True, description="接受时立即提交（默认 true）；false 保存为草稿")


@strawberry.type
class ConfirmTalentRecommendationPayload(Payload):
    application: TalentApplicationNode | None = None


@strawberry.input(description="为申报添加一个证明材料")
class AttachTalentEvidenceInput:
    application_id: strawberry.ID = strawberry.field(description="申报（TalentApplication 的全局编号）")
    file: Upload = strawberry.field(description="PDF 或图片（PNG、JPEG、GIF、WebP），不超过 10 MB")


@strawberry.type
class AttachTalentEvidencePayload(Payload):
    application: TalentApplicationNode | None = None
    evidence: TalentEvidenceNode | None = None


@strawberry.input(description="删除申报的一个证明材料")
class RemoveTalentEvidenceInput:
    evidence_id: strawberry.ID = strawberry.field(description="证明材料（TalentEvidence 的全局编号）")


@strawberry.type
class RemoveTalentEvidencePayload(Payload):
    application: TalentApplicationNode | None = None


async def _evidence_file(file: Upload) -> evidence.EvidenceFile:
    # Under Starlette, strawberry's `Upload` is Starlette's UploadFile (api/schema/uploads.py).
    upload: UploadFile = file  # type: ignore[assignment]
    name = upload.filename or ""
    return evidence.EvidenceFile(file_name=name, content=await read_upload(file))


def _application_pk(global_id: strawberry.ID) -> int:
    return input_pk(global_id, "TalentApplication", "applicationId")


@strawberry.type
class ApplicationsQuery:
    @strawberry.field(description="本人的领军人才申报（含单位推荐待确认的），最新的在前")
    async def my_talent_applications(self, info: Info) -> list[TalentApplicationNode]:
        actor = require_signed_in(info.context)
        return [TalentApplicationNode.from_model(row) for row in await applications.my_applications(actor)]

    @strawberry.field(
        description="一个选拔轮次的申报（管理员）：县级管理员只看本县市的，州级管理员看全部；最早的在前，"
        "按状态 SUBMITTED 筛选即为县级初审队列"
    )
    async def talent_applications(
        self,
        info: Info,
        round_id: Annotated[
            strawberry.ID, strawberry.argument(description="选拔轮次（TalentRound 的全局编号）")
        ],
        first: int,
        after: str | None = None,
        filter: TalentApplicationFilter | None = None,
    ) -> Connection[TalentApplicationNode]:
        actor = require_signed_in(info.context)
        check_first(first, info.context.settings.limits.max_page_size)
        after_pk = from_cursor(after)
        f = filter or TalentApplicationFilter()
        try:
            page = await applications.list_applications(
                actor,
                query_pk(round_id, "TalentRound"),
                first=first,
                after=after_pk,
                filter=applications.ApplicationFilter(status=f.status, county_code=f.county_code),
            )
        except OutOfScope as error:
            raise Forbidden(error.message) from None
        except TalentRoundNotFound as error:
            raise NotFound(error.message) from None
        except UnknownCounty as error:
            raise BadUserInput(error.message) from None
        return connection(page, TalentApplicationNode.from_model, after=after_pk)

    @strawberry.field(
        description="是否符合选拔轮次的申报条件，逐项说明（以申报截止日为准）：默认为本人；"
        "管理员可查询辖区内的人员"
    )
    async def talent_eligibility(
        self,
        info: Info,
        round_id: Annotated[
            strawberry.ID, strawberry.argument(description="选拔轮次（TalentRound 的全局编号）")
        ],
        person_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="人员（Person 的全局编号）；不填为本人"),
        ] = None,
    ) -> TalentEligibility:
        actor = require_signed_in(info.context)
        person_pk = query_pk(person_id, "Person") if person_id is not None else None
        try:
            result = await applications.eligibility_for(actor, query_pk(round_id, "TalentRound"), person_pk)
        except TalentRoundNotFound as error:
            raise NotFound(error.message) from None
        if result is None:
            raise NotFound(
                "人员不存在或不在您的查看范围" if person_id else "您的账号没有人才档案，请先在线注册"
            )
        return TalentEligibility.from_domain(result)


@strawberry.type
class ApplicationsMutation:
    @mutation(
        "社会工作者本人在申报期内申报领军人才：须符合申报条件（逐项说明不符合之处），每人每轮一次；"
        "可同时上传证明材料",
        roles=TRAINEES,
    )
    async def apply_for_talent_round(
        self, info: Info, input: ApplyForTalentRoundInput
    ) -> ApplyForTalentRoundPayload:
        files: list[evidence.EvidenceFile] = []
        for index, upload in enumerate((input.evidence or [])[: evidence.MAX_EVIDENCE_FILES + 1]):
            with in_row("evidence", index):
                files.append(await _evidence_file(upload))
        row = await applications.apply(
            info.context.actor,
            input_pk(input.round_id, "TalentRound", "roundId"),
            statement=input.statement,
            achievements=input.achievements,
            submit=input.submit,
            files=files,
        )
        return ApplyForTalentRoundPayload(application=TalentApplicationNode.from_model(row))

    @mutation("申报人修改草稿或退回修改的申报", roles=TRAINEES)
    async def update_talent_application(
        self, info: Info, input: UpdateTalentApplicationInput
    ) -> UpdateTalentApplicationPayload:
        row = await applications.update_application(
            info.context.actor,
            _application_pk(input.application_id),
            statement=input.statement,
            achievements=input.achievements,
        )
        return UpdateTalentApplicationPayload(application=TalentApplicationNode.from_model(row))

    @mutation(
        "申报人提交草稿（须在申报期内）或再次提交退回修改的申报（轮次仍在征集中即可）；重新核对申报条件",
        roles=TRAINEES,
    )
    async def submit_talent_application(
        self, info: Info, input: SubmitTalentApplicationInput
    ) -> SubmitTalentApplicationPayload:
        row = await applications.submit_application(info.context.actor, _application_pk(input.application_id))
        return SubmitTalentApplicationPayload(application=TalentApplicationNode.from_model(row))

    @mutation(
        "申报人撤回草稿、退回修改或待确认的推荐（推荐单位也可撤回待确认的推荐）；撤回后本轮不能再次申报",
        roles=SIGNED_IN,
    )
    async def withdraw_talent_application(
        self, info: Info, input: WithdrawTalentApplicationInput
    ) -> WithdrawTalentApplicationPayload:
        row = await applications.withdraw_application(
            info.context.actor, _application_pk(input.application_id), input.reason
        )
        return WithdrawTalentApplicationPayload(application=TalentApplicationNode.from_model(row))

    @mutation(
        "单位推荐：人员所在县市的管理员，或其所在单位（已备案）的账号，在申报期内推荐符合条件的人员；"
        "待本人确认",
        roles=SIGNED_IN,
    )
    async def recommend_talent_applicant(
        self, info: Info, input: RecommendTalentApplicantInput
    ) -> RecommendTalentApplicantPayload:
        row = await recommendations.recommend(
            info.context.actor,
            input_pk(input.round_id, "TalentRound", "roundId"),
            input_pk(input.person_id, "Person", "personId"),
            statement=input.statement,
            achievements=input.achievements,
        )
        return RecommendTalentApplicantPayload(application=TalentApplicationNode.from_model(row))

    @mutation("被推荐人确认单位推荐：接受（并默认立即提交）或不接受", roles=TRAINEES)
    async def confirm_talent_recommendation(
        self, info: Info, input: ConfirmTalentRecommendationInput
    ) -> ConfirmTalentRecommendationPayload:
        row = await recommendations.confirm_recommendation(
            info.context.actor,
            _application_pk(input.application_id),
            accept=input.accept,
            submit=input.submit,
        )
        return ConfirmTalentRecommendationPayload(application=TalentApplicationNode.from_model(row))

    @mutation(
        "为申报添加证明材料（PDF 或图片，不超过 10 MB，每份申报最多 10 个）：申报人在草稿或退回修改时，"
        "推荐单位在待本人确认时",
        roles=SIGNED_IN,
    )
    async def attach_talent_evidence(
        self, info: Info, input: AttachTalentEvidenceInput
    ) -> AttachTalentEvidencePayload:
        file = await _evidence_file(input.file)
        application, row = await evidence.attach_evidence(
            info.context.actor, _application_pk(input.application_id), file
        )
        return AttachTalentEvidencePayload(
            application=TalentApplicationNode.from_model(application),
            evidence=TalentEvidenceNode.from_model(row),
        )

    @mutation("删除申报的证明材料（可添加者在可添加时）", roles=SIGNED_IN)
    async def remove_talent_evidence(
        self, info: Info, input: RemoveTalentEvidenceInput
    ) -> RemoveTalentEvidencePayload:
        application = await evidence.remove_evidence(
            info.context.actor, input_pk(input.evidence_id, "TalentEvidence", "evidenceId")
        )
        return RemoveTalentEvidencePayload(application=TalentApplicationNode.from_model(application))
