"""The county's preliminary review of leading-talent applications (县级初审): reviewTalentApplication.
The county's queue is `talentApplications` filtered by status SUBMITTED (api/schema/talent/applications.py).
"""

from __future__ import annotations

import strawberry

from api.context import Info
from api.schema.mutation import ADMINS, Payload, mutation
from api.schema.relay import input_pk
from api.schema.talent.enums import ReviewDecision
from api.schema.talent.types import TalentApplicationNode
from domain.talent import county_review


@strawberry.input(description="县级初审一份领军人才申报")
class ReviewTalentApplicationInput:
    application_id: strawberry.ID = strawberry.field(description="申报（TalentApplication 的全局编号）")
    decision: ReviewDecision = strawberry.field(
        description="初审意见：PASS 通过（不超过本县名额）、RETURN 退回修改、REJECT 不通过"
        "（退回修改后逾期未重新提交的也可不通过）"
    )
    comment: str | None = strawberry.field(
        default=None, description="初审意见说明：退回或不通过时必填，可分段，不超过 500 字"
    )


@strawberry.type
class ReviewTalentApplicationPayload(Payload):
    application: TalentApplicationNode | None = None


@strawberry.type
class ReviewQuery:
    pass


@strawberry.type
class ReviewMutation:
    @mutation(
        "县级管理员初审本县的领军人才申报（州级管理员全州）：通过（不超过本县名额）、退回修改或不通过；"
        "只能在征集阶段审核已提交的申报；退回修改而未重新提交的申报可不予通过（须填写意见）",
        roles=ADMINS,
    )
    async def review_talent_application(
        self, info: Info, input: ReviewTalentApplicationInput
    ) -> ReviewTalentApplicationPayload:
        row = await county_review.review_application(
            info.context.actor,
            input_pk(input.application_id, "TalentApplication", "applicationId"),
            input.decision,
            input.comment,
        )
        return ReviewTalentApplicationPayload(application=TalentApplicationNode.from_model(row))
