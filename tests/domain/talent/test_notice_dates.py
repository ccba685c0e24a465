"""When a notice and each candidate's part of it are public (issue #11 review): a notice is scheduled at
most 60 days ahead, the public page is absent until its first day, a candidate moved up is objected to
only from their own first day, and an objection must say something in words."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain import clock
from domain.access import Actor
from domain.errors import InvalidInput
from domain.talent import notice, objections
from domain.talent.errors import NotOnNotice
from domain.talent.models import TalentApplication, TalentRound
from domain.talent.vocabulary import RoundStatus
from tests.domain.talent.notice_rows import NOTICE_STARTS, a_ranked_round, on_notice, prefecture_admin

PASSER_BY = Actor(client="10.9.8.7", request_id="t")
TEXT = "该同志所报服务项目并非本人主持，请核实。"


async def test_a_notice_is_scheduled_at_most_sixty_days_ahead(db: str) -> None:
    ranked = await a_ranked_round()
    admin = await prefecture_admin()

    with clock.travel_to(NOTICE_STARTS), pytest.raises(InvalidInput, match="60 天内") as refused:
        await notice.start_public_notice(admin, ranked.round.id, 5, date(2100, 12, 20))

    assert refused.value.field_name == "startsOn"
    assert (await TalentRound.get(id=ranked.round.id)).status is RoundStatus.RANKED


async def test_the_public_page_is_absent_until_the_notice_s_first_day(db: str) -> None:
    ranked = await a_ranked_round()
    admin = await prefecture_admin()
    with clock.travel_to(NOTICE_STARTS - timedelta(days=7)):
        await notice.start_public_notice(admin, ranked.round.id, 5, NOTICE_STARTS)
        assert await notice.public_notice(ranked.round.id) is None

    with clock.travel_to(NOTICE_STARTS):
        page = await notice.public_notice(ranked.round.id)

    assert page is not None
    assert [c.name for c in page.candidates] == ["阿依·木呷", "普秀", "李娜"]


async def test_a_candidate_moved_up_is_objected_to_from_their_own_first_day(db: str) -> None:
    ranked = await a_ranked_round()
    admin = await prefecture_admin()
    await on_notice(ranked, admin)
    with clock.travel_to(NOTICE_STARTS):
        objection = await objections.file_objection(PASSER_BY, ranked.pk("puxiu"), TEXT, "13900000000")
        # 王芳 (rank 4, 楚雄市) cannot move up while 楚雄市's two places stand; 普小兰 (禄丰市) does.
        resolved = await objections.resolve_objection(
            admin, objection.id, upheld=True, resolution="经核实属实"
        )
    assert resolved.promoted is not None
    promoted = await TalentApplication.get(id=resolved.promoted.id)
    assert promoted.notice_starts_on == date(2026, 9, 29)

    with clock.travel_to(NOTICE_STARTS), pytest.raises(NotOnNotice, match="2026-09-29 开始"):
        await objections.file_objection(PASSER_BY, promoted.id, TEXT, "13900000001")
    with clock.travel_to(date(2026, 9, 29)):
        later = await objections.file_objection(PASSER_BY, promoted.id, TEXT, "13900000001")
    assert later.application_id == promoted.id
    page = await notice.public_notice(ranked.round.id)
    assert page is not None
    moved_up = next(c for c in page.candidates if c.application_id == promoted.id)
    assert moved_up.notice_starts_on == date(2026, 9, 29)


async def test_ten_emoji_are_not_an_objection(db: str) -> None:
    ranked = await a_ranked_round()
    await on_notice(ranked, await prefecture_admin())

    with clock.travel_to(NOTICE_STARTS), pytest.raises(InvalidInput, match="至少 10 个字"):
        await objections.file_objection(PASSER_BY, ranked.pk("puxiu"), "😀" * 10 + "！！", "13900000000")


async def test_the_sixty_days_count_to_the_notice_s_first_working_day(db: str) -> None:
    ranked = await a_ranked_round()
    admin = await prefecture_admin()
    today = date(2026, 9, 29)  # + 60 days is Saturday 28 November; the notice would start on Monday 30th

    with clock.travel_to(today), pytest.raises(InvalidInput, match="60 天内"):
        await notice.start_public_notice(admin, ranked.round.id, 5, date(2026, 11, 28))
    with clock.travel_to(today):
        started = await notice.start_public_notice(admin, ranked.round.id, 5, date(2026, 11, 27))

    assert started.notice_starts_on == date(2026, 11, 27)
