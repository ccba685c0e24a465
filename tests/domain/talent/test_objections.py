"""Objections during 公示 on the real database: filed by anyone within the candidate's notice, with a contact
and within the per-client limits; resolved by the prefecture admin with a written answer; an upheld one
removes the candidate, closes the candidate's other objections and moves the next-ranked who fits the
quotas up with a notice of their own. Every refusal writes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from domain import clock
from domain.access import Actor
from domain.audit.models import AuditEvent
from domain.errors import InvalidInput, OutOfScope
from domain.people.errors import ReasonRequired
from domain.talent import notice, objections
from domain.talent.errors import (
    NotOnNotice,
    ObjectionAlreadyResolved,
    ObjectionNotFound,
    TooManyObjections,
    WrongApplicationStatus,
)
from domain.talent.models import TalentApplication, TalentApplicationStep, TalentObjection, TalentRound
from domain.talent.vocabulary import ApplicationStatus, ObjectionStatus
from tests.domain.talent.notice_rows import (
    CHUXIONG,
    LUFENG,
    NOTICE_ENDS,
    NOTICE_STARTS,
    Ranked,
    a_ranked_round,
    county_admin,
    on_notice,
    prefecture_admin,
)
from tests.factories import actor_of

TEXT = "该同志所报服务项目并非本人主持，请核实。"
PHONE = "13900000000"
PASSER_BY = Actor(client="10.9.8.7", request_id="t")


async def _on_notice(*, promote_next_on_upheld: bool = True) -> tuple[Ranked, Actor]:
    ranked = await a_ranked_round(promote_next_on_upheld=promote_next_on_upheld)
    admin = await prefecture_admin()
    await on_notice(ranked, admin)
    return ranked, admin


async def _file(ranked: Ranked, username: str, *, actor: Actor = PASSER_BY, on: date = NOTICE_STARTS) -> int:
    with clock.travel_to(on):
        row = await objections.file_objection(actor, ranked.pk(username), TEXT, PHONE)
    return row.id


async def test_anyone_objects_to_a_candidate_on_notice(db: str) -> None:
    ranked, _ = await _on_notice()

    with clock.travel_to(NOTICE_ENDS):
        row = await objections.file_objection(
            PASSER_BY,
            ranked.pk("puxiu"),
            "  该同志所报服务项目\u200b并非本人主持。\n\n\n请核实  相关材料。 ",
            " 139-0000-0000 ",
        )

    assert row.status is ObjectionStatus.OPEN
    # Paragraphs as written (one blank line between them), Chinese punctuation kept (names.free_text).
    assert row.text == "该同志所报服务项目并非本人主持。\n\n请核实 相关材料。"
    assert (row.contact, row.client, row.filed_by_user_id) == ("139-0000-0000", "10.9.8.7", None)
    assert row.round_id == ranked.round.id
    event = await AuditEvent.get(action="talent.objection.filed")
    assert (event.county_code, event.actor_user_id, event.target_id) == (LUFENG, None, str(row.id))
    assert event.summary == {"applicationId": ranked.pk("puxiu"), "roundId": ranked.round.id}


async def test_a_signed_in_objector_is_recorded(db: str) -> None:
    ranked, _ = await _on_notice()
    wangfang = await actor_of(ranked.users["wangfang"])

    pk = await _file(ranked, "ayi", actor=wangfang)

    assert (await TalentObjection.get(id=pk)).filed_by_user_id == wangfang.user_id


@pytest.mark.parametrize("username", ["wangfang", "zhangsan"])
async def test_only_a_candidate_on_notice_can_be_objected_to(db: str, username: str) -> None:
    ranked, _ = await _on_notice()

    with pytest.raises(NotOnNotice) as refused:
        await _file(ranked, username)

    assert refused.value.message == "该人选不在公示中，不能对其提出异议"
    assert not await TalentObjection.exists()
    with clock.travel_to(NOTICE_STARTS), pytest.raises(NotOnNotice):
        await objections.file_objection(PASSER_BY, ranked.pk("ayi") + 100, TEXT, PHONE)


async def test_an_objection_after_the_candidate_s_notice_ended_is_refused(db: str) -> None:
    ranked, _ = await _on_notice()

    with pytest.raises(NotOnNotice) as refused:
        await _file(ranked, "ayi", on=date(2026, 10, 10))

    assert refused.value.message == "该人选的公示期已于 2026-10-09 结束，不能再提出异议"
    assert not await TalentObjection.exists()


async def test_an_objection_before_the_notice_starts_is_refused(db: str) -> None:
    ranked = await a_ranked_round()
    with clock.travel_to(NOTICE_STARTS):
        await notice.start_public_notice(await prefecture_admin(), ranked.round.id, 5, date(2026, 10, 8))

    with pytest.raises(NotOnNotice) as refused:
        await _file(ranked, "ayi", on=NOTICE_STARTS)

    assert refused.value.message == "该人选的公示将于 2026-10-08 开始，开始后方可提出异议"


@pytest.mark.parametrize(
    ("text", "contact", "field"),
    [
        ("请核实。", PHONE, "text"),
        ("\u200b" * 30 + "核实", PHONE, "text"),
        ("查" * 2001, PHONE, "text"),
        (TEXT, "", "contact"),
        (TEXT, "\u200b\u2060", "contact"),
        (TEXT, "请打电话给我", "contact"),
        (TEXT, "123456", "contact"),
        (TEXT, "@example.com", "contact"),
        (TEXT, "1" * 101, "contact"),
    ],
)
async def test_an_objection_needs_ten_characters_and_a_contact(
    db: str, text: str, contact: str, field: str
) -> None:
    ranked, _ = await _on_notice()

    with clock.travel_to(NOTICE_STARTS), pytest.raises(InvalidInput) as refused:
        await objections.file_objection(PASSER_BY, ranked.pk("ayi"), text, contact)

    assert refused.value.field_path == (field,)
    assert not await TalentObjection.exists()


@pytest.mark.parametrize("contact", ["0878-3121234", "+86 139 0000 0000", "wang@example.cn"])
async def test_a_contact_is_a_phone_number_or_an_e_mail_address(db: str, contact: str) -> None:
    ranked, _ = await _on_notice()

    with clock.travel_to(NOTICE_STARTS):
        row = await objections.file_objection(PASSER_BY, ranked.pk("ayi"), TEXT, contact)

    assert row.contact == contact


async def test_a_client_files_five_objections_an_hour_and_twenty_a_day(db: str) -> None:
    ranked, _ = await _on_notice()
    start = datetime(2026, 9, 28, 1, 0, tzinfo=UTC)  # 09:00 in Chuxiong

    for hour in range(4):
        with clock.travel_to(start + timedelta(minutes=61 * hour)):
            for _ in range(5):
                await objections.file_objection(PASSER_BY, ranked.pk("ayi"), TEXT, PHONE)
            with pytest.raises(TooManyObjections) as hourly:
                await objections.file_objection(PASSER_BY, ranked.pk("puxiu"), TEXT, PHONE)
    assert hourly.value.message == "提交异议过于频繁，请一小时后再试；如情况紧急请直接联系州级主管部门"
    with clock.travel_to(start + timedelta(hours=5)), pytest.raises(TooManyObjections) as daily:
        await objections.file_objection(PASSER_BY, ranked.pk("ayi"), TEXT, PHONE)
    assert daily.value.message.startswith("24 小时内提交的异议已达 20 条")
    assert await TalentObjection.filter(client="10.9.8.7").count() == 20
    with clock.travel_to(start + timedelta(hours=5)):
        other = Actor(client="10.9.8.8", request_id="t")
        await objections.file_objection(other, ranked.pk("ayi"), TEXT, PHONE)
    with clock.travel_to(start + timedelta(days=1, minutes=1)):
        await objections.file_objection(PASSER_BY, ranked.pk("ayi"), TEXT, PHONE)


async def test_a_dismissed_objection_keeps_the_candidate_on_notice(db: str) -> None:
    ranked, admin = await _on_notice()
    pk = await _file(ranked, "puxiu")

    with clock.travel_to(date(2026, 9, 30)):
        done = await objections.resolve_objection(
            admin, pk, upheld=False, resolution="经核实，项目由本人主持。"
        )

    # Free text goes through names.plain_text: NFKC makes the full-width comma an ASCII one.
    assert (done.objection.status, done.objection.resolution) == (
        ObjectionStatus.DISMISSED,
        "经核实，项目由本人主持。",
    )
    assert done.objection.resolved_by_user_id == admin.user_id
    assert (done.removed, done.promoted, done.place_left_unfilled) == (None, None, False)
    assert await ranked.status_of("puxiu") is ApplicationStatus.ON_NOTICE
    event = await AuditEvent.get(action="talent.objection.resolved")
    assert (event.county_code, event.summary["upheld"]) == (LUFENG, False)


async def test_an_upheld_objection_removes_the_candidate_and_the_next_who_fits_moves_up(db: str) -> None:
    ranked, admin = await _on_notice()
    first = await _file(ranked, "puxiu")
    second = await _file(ranked, "puxiu", actor=Actor(client="10.0.0.2", request_id="t"))
    about_ayi = await _file(ranked, "ayi")

    with clock.travel_to(date(2026, 9, 30)):
        done = await objections.resolve_objection(
            admin, first, upheld=True, resolution="经核实，项目主持人另有其人。"
        )

    removed = await TalentApplication.get(id=ranked.pk("puxiu"))
    assert (removed.status, removed.within_quota) == (ApplicationStatus.REMOVED, False)
    assert done.removed is not None
    assert done.removed.id == removed.id
    # 王芳 (4th) is of 楚雄市, whose two places are taken; 普小兰 (5th) of 禄丰市 moves up, on notice from
    # 8 October (the first working day after today) for five working days: 8, 9, 10, 12, 13 October.
    promoted = await TalentApplication.get(id=ranked.pk("puxiaolan"))
    assert (promoted.status, promoted.within_quota, promoted.notice_ends_on) == (
        ApplicationStatus.ON_NOTICE,
        True,
        date(2026, 10, 13),
    )
    assert done.promoted is not None
    assert done.promoted.id == promoted.id
    assert not done.place_left_unfilled
    assert await ranked.status_of("wangfang") is ApplicationStatus.NOT_SELECTED
    assert done.round.notice_ends_on == date(2026, 10, 13)
    assert (await TalentRound.get(id=ranked.round.id)).notice_ends_on == date(2026, 10, 13)
    # The other objection against 普秀 is settled with it; the one against 阿依·木呷 stays open.
    assert [o.id for o in done.also_closed] == [second]
    other = await TalentObjection.get(id=second)
    assert (other.status, other.resolution) == (ObjectionStatus.CLOSED, objections.SAME_CANDIDATE_RESOLUTION)
    assert (await TalentObjection.get(id=about_ayi)).status is ObjectionStatus.OPEN
    steps = await TalentApplicationStep.filter(
        application_id__in=[removed.id, promoted.id], from_status__not=ApplicationStatus.SHORTLISTED
    ).order_by("id")
    assert [(s.application_id, s.from_status, s.to_status, s.comment) for s in steps] == [
        (
            removed.id,
            ApplicationStatus.ON_NOTICE,
            ApplicationStatus.REMOVED,
            "公示异议成立：经核实，项目主持人另有其人。",
        ),
        (
            promoted.id,
            ApplicationStatus.NOT_SELECTED,
            ApplicationStatus.ON_NOTICE,
            "递补：原人选因公示异议成立取消；公示 2026-10-08 至 2026-10-13",
        ),
    ]
    actions = [e.action for e in await AuditEvent.filter(action__startswith="talent.").order_by("id")]
    assert actions[-3:] == [
        "talent.application.removed",
        "talent.application.promoted",
        "talent.objection.resolved",
    ]
    with pytest.raises(NotOnNotice):
        await _file(ranked, "puxiu", on=date(2026, 9, 30))
    page = await notice.public_notice(ranked.round.id)
    assert page is not None
    assert [(c.name, c.notice_ends_on) for c in page.candidates] == [
        ("阿依·木呷", NOTICE_ENDS),
        ("李娜", NOTICE_ENDS),
        ("普小兰", date(2026, 10, 13)),
    ]
    assert page.ends_on == date(2026, 10, 13)


async def test_the_next_ranked_of_the_same_county_moves_up_when_the_county_has_room(db: str) -> None:
    ranked, admin = await _on_notice()
    pk = await _file(ranked, "ayi")

    with clock.travel_to(date(2026, 9, 29)):
        done = await objections.resolve_objection(admin, pk, upheld=True, resolution="经核实，材料不实。")

    # From 30 September: 30 September, 8, 9, 10 and 12 October.
    assert done.promoted is not None
    assert done.promoted.id == ranked.pk("wangfang")
    assert done.promoted.notice_ends_on == date(2026, 10, 12)


async def test_no_one_moves_up_when_the_round_says_so(db: str) -> None:
    ranked, admin = await _on_notice(promote_next_on_upheld=False)
    pk = await _file(ranked, "puxiu")

    with clock.travel_to(date(2026, 9, 30)):
        done = await objections.resolve_objection(admin, pk, upheld=True, resolution="经核实，材料不实。")

    assert (done.promoted, done.place_left_unfilled) == (None, True)
    assert done.round.notice_ends_on == NOTICE_ENDS
    assert await ranked.status_of("puxiaolan") is ApplicationStatus.NOT_SELECTED
    event = await AuditEvent.get(action="talent.objection.resolved")
    assert event.summary["placeLeftUnfilled"] is True


async def test_the_place_stays_unfilled_when_no_one_fits_the_quotas(db: str) -> None:
    ranked, admin = await _on_notice()
    with clock.travel_to(date(2026, 9, 29)):
        first = await objections.resolve_objection(
            admin, await _file(ranked, "puxiu", on=date(2026, 9, 29)), upheld=True, resolution="材料不实。"
        )
    assert first.promoted is not None
    assert first.promoted.id == ranked.pk("puxiaolan")

    with clock.travel_to(date(2026, 9, 30)):
        second = await objections.resolve_objection(
            admin,
            await _file(ranked, "puxiaolan", on=date(2026, 9, 30)),
            upheld=True,
            resolution="材料不实。",
        )

    # 王芳 is all that is left, and 楚雄市's two places are taken.
    assert (second.promoted, second.place_left_unfilled) == (None, True)
    assert await ranked.status_of("wangfang") is ApplicationStatus.NOT_SELECTED


async def test_an_objection_is_resolved_once(db: str) -> None:
    ranked, admin = await _on_notice()
    pk = await _file(ranked, "puxiu")
    with clock.travel_to(date(2026, 9, 30)):
        await objections.resolve_objection(admin, pk, upheld=False, resolution="经核实，不成立。")

        with pytest.raises(ObjectionAlreadyResolved) as refused:
            await objections.resolve_objection(admin, pk, upheld=True, resolution="再议。")

    assert refused.value.message == "该异议已处理（异议不成立），不能再次处理"
    assert await ranked.status_of("puxiu") is ApplicationStatus.ON_NOTICE
    assert await AuditEvent.filter(action="talent.objection.resolved").count() == 1


async def test_a_resolution_is_required_and_only_the_prefecture_admin_resolves(db: str) -> None:
    ranked, admin = await _on_notice()
    pk = await _file(ranked, "ayi")

    with pytest.raises(ReasonRequired) as refused:
        await objections.resolve_objection(admin, pk, upheld=True, resolution=" \u200b ")
    assert refused.value.field_path == ("resolution",)
    with pytest.raises(OutOfScope):
        await objections.resolve_objection(
            await county_admin("chen", CHUXIONG), pk, upheld=True, resolution="成立"
        )
    with pytest.raises(ObjectionNotFound):
        await objections.resolve_objection(admin, pk + 100, upheld=True, resolution="成立")
    assert (await TalentObjection.get(id=pk)).status is ObjectionStatus.OPEN
    assert await ranked.status_of("ayi") is ApplicationStatus.ON_NOTICE


async def test_an_upheld_objection_needs_the_candidate_still_on_notice(db: str) -> None:
    ranked, admin = await _on_notice()
    pk = await _file(ranked, "ayi")
    # As if the candidate had moved on by another path (approval is refused while objections are open).
    await TalentApplication.filter(id=ranked.pk("ayi")).update(status=ApplicationStatus.APPROVED)

    with clock.travel_to(date(2026, 9, 30)), pytest.raises(WrongApplicationStatus):
        await objections.resolve_objection(admin, pk, upheld=True, resolution="成立")

    assert (await TalentObjection.get(id=pk)).status is ObjectionStatus.OPEN


async def test_the_list_is_scoped_to_the_admin_s_counties_and_filtered_by_status(db: str) -> None:
    ranked, admin = await _on_notice()
    about_ayi = await _file(ranked, "ayi")
    about_puxiu = await _file(ranked, "puxiu")
    about_lina = await _file(ranked, "lina")
    with clock.travel_to(date(2026, 9, 30)):
        await objections.resolve_objection(admin, about_lina, upheld=False, resolution="不成立。")

    everything = await objections.list_objections(admin, ranked.round.id, first=10, after=None, status=None)
    chen = await county_admin("chen", CHUXIONG)
    chuxiong = await objections.list_objections(chen, ranked.round.id, first=10, after=None, status=None)
    open_ = await objections.list_objections(
        chen, ranked.round.id, first=10, after=None, status=ObjectionStatus.OPEN
    )
    paged = await objections.list_objections(admin, ranked.round.id, first=1, after=about_ayi, status=None)

    assert [o.id for o in everything.items] == [about_ayi, about_puxiu, about_lina]
    assert [o.id for o in chuxiong.items] == [about_ayi, about_lina]
    assert [o.id for o in open_.items] == [about_ayi]
    assert ([o.id for o in paged.items], paged.has_next_page, paged.total_count) == ([about_puxiu], True, 3)
    with pytest.raises(OutOfScope):
        await objections.list_objections(PASSER_BY, ranked.round.id, first=10, after=None, status=None)
