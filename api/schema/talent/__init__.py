"""The 彝乡 leading-talent programme over GraphQL (API.md §Leading talent): rounds, applications and
evidence, county review, expert scoring, public notice and objections, approval and cultivation; one module
per step of the round."""

from __future__ import annotations

import strawberry

from api.schema.talent.applications import ApplicationsMutation, ApplicationsQuery
from api.schema.talent.cultivation import CultivationMutation, CultivationQuery
from api.schema.talent.notice import NoticeMutation, NoticeQuery
from api.schema.talent.review import ReviewMutation, ReviewQuery
from api.schema.talent.rounds import RoundsMutation, RoundsQuery
from api.schema.talent.scoring import ScoringMutation, ScoringQuery


@strawberry.type
class TalentQuery(RoundsQuery, ApplicationsQuery, ReviewQuery, ScoringQuery, NoticeQuery, CultivationQuery):
    pass


@strawberry.type
class TalentMutation(
    RoundsMutation, ApplicationsMutation, ReviewMutation, ScoringMutation, NoticeMutation, CultivationMutation
):
    pass


__all__ = ["TalentMutation", "TalentQuery"]
