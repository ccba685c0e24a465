"""Starting 公示 on the real database: the shortlist goes on notice for N working days counted with the
official calendar and the admin's days, in one transaction with its steps and audit event; refused out of
order, too short, in the past or by anyone but the prefecture admin, with nothing written. The public page
shows the candidates by rank and nothing private."""

from __future__ import annotations

from datetime import date

import pytest

from domain import clock
from domain.audit.models import AuditEvent
from domain.errors import InvalidInput, OutOfScope
from domain.talent import calendar_days, notice
from domain.talent.errors import InvalidWorkingDays, TalentRoundNotFound, WrongRoundStatus
from domain.talent.models import TalentApplication, TalentApplicationStep, TalentRound
from domain.talent.vocabulary import ApplicationStatus, RoundStatus
from tests.domain.talent.notice_rows import (
    CHUXIONG,
    NOTICE_ENDS,
    NOTICE_STARTS,
    a_ranked_round,
    county_admin,
    on_notice,
    prefecture_admin,
)
from tests.domain.talent.round_rows import a_round


async def test_the_shortlist_goes_on_notice_until_the_nth_working_day(db: str) -> None:
    ranked = await a_ranked_round()
    admin = await prefecture_admin()

    round_ = await on_notice(ranked, admin)

    assert round_.status is RoundStatus.ON_NOTICE
    assert (round_.notice_working_days, round_.notice_starts_on, round_.notice_ends_on) == (
        5,
        NOTICE_STARTS,
        NOTICE_ENDS,
    )
    for username in ("ayi", "puxiu", "lina"):
        row = await TalentApplication.get(id=ranked.pk(username))
        assert (row.status, row.notice_ends_on) == (ApplicationStatus.ON_NOTICE, NOTICE_ENDS)
        [step] = await TalentApplicationStep.filter(application_id=row.id)
        assert (step.from_status, step.to_status, step.actor_user_id) == (
            ApplicationStatus.SHORTLISTED,
            ApplicationStatus.ON_NOTICE,
            admin.user_id,
        )
        assert step.comment == "公示 2026-09-28 至 2026-10-09（5 个工作日）"
    for username in ("wangfang", "puxiaolan"):
        assert await ranked.status_of(username) is ApplicationStatus.NOT_SELECTED
    event = await AuditEvent.get(action="talent.notice.started")
    assert (event.actor_user_id, event.target_id) == (admin.user_id, str(ranked.round.id))
    assert event.summary == {
        "workingDays": 5,
        "startsOn": "2026-09-28",
        "endsOn": "2026-10-09",
        "candidates": 3,
    }


async def test_a_start_on_a_holiday_counts_from_the_next_working_day(db: str) -> None:
    ranked = await a_ranked_round()
    admin = await prefecture_admin()

    with clock.travel_to(date(2026, 9, 28)):
        round_ = await notice.start_public_notice(admin, ranked.round.id, 5, date(2026, 10, 3))

    # 8, 9, 10 (the make-up Saturday), 12 and 13 October.
    assert (round_.notice_starts_on, round_.notice_ends_on) == (date(2026, 10, 8), date(2026, 10, 13))


async def test_the_admin_s_holidays_count_in_a_year_the_library_does_not_cover(db: str) -> None:
    ranked = await a_ranked_round()
    admin = await prefecture_admin()
    with clock.travel_to(date(2026, 12, 1)):
        await calendar_days.set_calendar_day(admin, date(2027, 1, 1), is_working_day=False, name="2027年元旦")

        round_ = await notice.start_public_notice(admin, ranked.round.id, 5, date(2026, 12, 28))

    assert round_.notice_ends_on == date(2027, 1, 4)
    event = await AuditEvent.get(action="talent.notice.started")
    assert event.summary["calendarWarning"] == (
        "2027 年的法定节假日尚未载入，已按周一至周五计算，并计入管理员添加的节假日"
    )


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (RoundStatus.CALLING, "选拔轮次征集中，不能开始公示"),
        (RoundStatus.SCORING, "选拔轮次专家评审中，不能开始公示"),
        (RoundStatus.ON_NOTICE, "选拔轮次公示中，不能开始公示"),
        (RoundStatus.APPROVED, "选拔轮次已批准，不能开始公示"),
    ],
)
async def test_a_notice_starts_only_after_the_scoring_is_closed(
    db: str, status: RoundStatus, message: str
) -> None:
    round_ = await a_round(status=status)
    admin = await prefecture_admin()

    with clock.travel_to(NOTICE_STARTS), pytest.raises(WrongRoundStatus) as refused:
        await notice.start_public_notice(admin, round_.id, 5)

    assert refused.value.message == message
    assert (await TalentRound.get(id=round_.id)).notice_starts_on is None
    assert not await AuditEvent.exists(action="talent.notice.started")


@pytest.mark.parametrize(
    ("days", "message"), [(4, "公示期须不少于 5 个工作日"), (31, "公示期不超过 30 个工作日")]
)
async def test_a_notice_is_five_to_thirty_working_days(db: str, days: int, message: str) -> None:
    ranked = await a_ranked_round()
    admin = await prefecture_admin()

    with clock.travel_to(NOTICE_STARTS), pytest.raises(InvalidWorkingDays) as refused:
        await notice.start_public_notice(admin, ranked.round.id, days)

    assert (refused.value.message, refused.value.field_path) == (message, ("workingDays",))
    assert (await TalentRound.get(id=ranked.round.id)).status is RoundStatus.RANKED
    assert await ranked.status_of("ayi") is ApplicationStatus.SHORTLISTED


async def test_a_notice_cannot_start_in_the_past(db: str) -> None:
    ranked = await a_ranked_round()
    admin = await prefecture_admin()

    with clock.travel_to(NOTICE_STARTS), pytest.raises(InvalidInput) as refused:
        await notice.start_public_notice(admin, ranked.round.id, 5, date(2026, 9, 27))

    assert refused.value.field_path == ("startsOn",)
    assert "2026-09-28" in refused.value.message


async def test_a_round_with_no_one_within_the_quotas_has_nothing_to_put_on_notice(db: str) -> None:
    round_ = await a_round(status=RoundStatus.RANKED)
    admin = await prefecture_admin()

    with clock.travel_to(NOTICE_STARTS), pytest.raises(WrongRoundStatus) as refused:
        await notice.start_public_notice(admin, round_.id, 5)

    assert refused.value.message == "本轮没有排名在名额内的人选，无需公示"
    assert (await TalentRound.get(id=round_.id)).status is RoundStatus.RANKED


async def test_only_the_prefecture_admin_starts_a_notice(db: str) -> None:
    ranked = await a_ranked_round()
    chen = await county_admin("chen", CHUXIONG)

    with clock.travel_to(NOTICE_STARTS), pytest.raises(OutOfScope):
        await notice.start_public_notice(chen, ranked.round.id, 5)
    with clock.travel_to(NOTICE_STARTS), pytest.raises(TalentRoundNotFound):
        await notice.start_public_notice(await prefecture_admin(), ranked.round.id + 100, 5)


async def test_the_public_page_lists_the_candidates_by_rank_once_the_notice_started(db: str) -> None:
    ranked = await a_ranked_round()
    assert await notice.public_notice(ranked.round.id) is None
    await on_notice(ranked, await prefecture_admin())

    page = await notice.public_notice(ranked.round.id)

    assert page is not None
    assert (page.round_title, page.starts_on, page.ends_on) == (
        "2026年度彝乡专业社会工作领军人才选拔",
        NOTICE_STARTS,
        NOTICE_ENDS,
    )
    assert [(c.name, c.county_name, c.rank, c.notice_ends_on) for c in page.candidates] == [
        ("阿依·木呷", "楚雄市", 1, NOTICE_ENDS),
        ("普秀", "禄丰市", 2, NOTICE_ENDS),
        ("李娜", "楚雄市", 3, NOTICE_ENDS),
    ]
    assert page.candidates[0].organization_name == "阿依·木呷所在的社会工作服务中心"
    assert await notice.public_notice(ranked.round.id + 100) is None
