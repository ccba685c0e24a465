"""Opening and correcting a round on the real database (domain/talent/rounds.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.audit.models import AuditEvent
from domain.errors import DomainError, ErrorCode, OutOfScope
from domain.exam.vocabulary import ExamLevel
from domain.talent import rounds
from domain.talent.errors import TalentRoundLocked, TalentRoundNotFound
from domain.talent.models import TalentCountyQuota, TalentRound, TalentRubricItem
from domain.talent.vocabulary import DEFAULT_RUBRIC, RoundStatus, TalentDimension
from tests.domain.talent.applicant_rows import PREFECTURE, TODAY, county_admin

D = TalentDimension


@pytest.fixture(autouse=True)
def business_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", TODAY)


def call(**changes: object) -> rounds.RoundInput:
    base: dict[str, object] = {
        "year": 2026,
        "title": "2026年度彝乡专业社会工作领军人才选拔",
        "quota": 5,
        "county_quotas": [("532301", 2), ("532302", 2)],
        "application_opens_on": date(2026, 10, 1),
        "application_closes_on": date(2026, 10, 31),
    }
    return rounds.RoundInput(**{**base, **changes})  # type: ignore[arg-type]


async def test_a_round_left_to_its_defaults_takes_the_documented_ones(db: str) -> None:
    row = await rounds.open_round(PREFECTURE, call())
    assert row.status is RoundStatus.CALLING
    assert (row.min_certificate_level, row.min_years_held, row.min_practice_years, row.max_age) == (
        ExamLevel.SOCIAL_WORKER,
        0,
        3,
        55,
    )
    assert not row.training_requirement_met
    assert (row.promote_next_on_upheld, row.cultivation_years, row.funding_fen) == (True, 3, 0)
    rubric = (await rounds.rubric_of([row.id]))[row.id]
    assert [(r.dimension, r.weight, r.max_score) for r in rubric] == list(DEFAULT_RUBRIC)
    quotas = (await rounds.county_quotas_of([row.id]))[row.id]
    # The counties not listed are written with no places, so the round shows every county's quota.
    assert [(q.county_code, q.county_name, q.quota) for q in quotas][:3] == [
        ("532301", "楚雄市", 2),
        ("532302", "禄丰市", 2),
        ("532322", "双柏县", 0),
    ]
    assert len(quotas) == 10
    assert sum(q.quota for q in quotas) == 4
    event = await AuditEvent.get(action="talent.round.opened")
    assert (event.actor_username, event.target_id) == ("zhou", str(row.id))
    summarised = event.summary["countyQuotas"]
    assert isinstance(summarised, dict)
    assert {c: q for c, q in summarised.items() if q} == {"532301": 2, "532302": 2}


async def test_explicit_nulls_lift_a_condition_and_given_parts_are_kept(db: str) -> None:
    rubric = [(d, Decimal("1.5"), Decimal(10)) for d in reversed(list(D))]
    row = await rounds.open_round(
        PREFECTURE,
        call(
            eligibility=rounds.EligibilityInput(min_certificate_level=None, max_age=None, min_years_held=2),
            rubric=rubric,
            funding=Decimal("30000.50"),
            cultivation_years=2,
            promote_next_on_upheld=False,
        ),
    )
    assert [row.min_certificate_level, row.max_age, row.min_years_held] == [None, None, 2]
    assert (row.funding_fen, row.cultivation_years, row.promote_next_on_upheld) == (3_000_050, 2, False)
    stored = (await rounds.rubric_of([row.id]))[row.id]
    assert [r.dimension for r in stored] == list(D)  # the seed's order whatever the input's
    assert {r.weight for r in stored} == {Decimal("1.50")}


@pytest.mark.parametrize(
    ("changes", "code", "path"),
    [
        ({"quota": 0}, ErrorCode.INVALID_QUOTA, ("quota",)),
        (
            {"county_quotas": [("532301", 1), ("532301", 1)]},
            ErrorCode.INVALID_QUOTA,
            ("countyQuotas", "1", "countyCode"),
        ),
        ({"county_quotas": [("532301", 6)]}, ErrorCode.INVALID_QUOTA, ("countyQuotas", "0", "quota")),
        ({"county_quotas": [("532301", -1)]}, ErrorCode.INVALID_QUOTA, ("countyQuotas", "0", "quota")),
        (
            {"county_quotas": [("532301", 1), ("999999", 1)]},
            ErrorCode.UNKNOWN_COUNTY,
            ("countyQuotas", "1", "countyCode"),
        ),
        (
            {"application_opens_on": date(2026, 11, 1)},
            ErrorCode.DATES_OUT_OF_ORDER,
            ("applicationClosesOn",),
        ),
        (
            {"application_opens_on": date(2026, 9, 1), "application_closes_on": date(2026, 9, 14)},
            ErrorCode.DATES_OUT_OF_ORDER,
            ("applicationOpensOn",),
        ),
        # Opening yesterday: those days have passed with nobody able to apply.
        ({"application_opens_on": date(2026, 9, 14)}, ErrorCode.DATES_OUT_OF_ORDER, ("applicationOpensOn",)),
        # No county with places: nobody could apply.
        ({"county_quotas": []}, ErrorCode.INVALID_QUOTA, ("countyQuotas",)),
        ({"county_quotas": [("532301", 0)]}, ErrorCode.INVALID_QUOTA, ("countyQuotas",)),
        ({"rubric": [(D.ETHICS, Decimal(1), Decimal(10))]}, ErrorCode.INVALID_RUBRIC, ("rubric",)),
        (
            {"rubric": [(d, Decimal(1), Decimal(10)) for d in D] + [(D.ETHICS, Decimal(1), Decimal(10))]},
            ErrorCode.INVALID_RUBRIC,
            ("rubric", "6", "dimension"),
        ),
        (
            {"rubric": [(d, Decimal(0) if d is D.CAPABILITY else Decimal(1), Decimal(10)) for d in D]},
            ErrorCode.INVALID_RUBRIC,
            ("rubric", "3", "weight"),
        ),
        (
            {"rubric": [(d, Decimal(1), Decimal("10.005")) for d in D]},
            ErrorCode.INVALID_RUBRIC,
            ("rubric", "0", "maxScore"),
        ),
        ({"year": 1999}, ErrorCode.INVALID_INPUT, ("year",)),
        ({"title": " \u200b "}, ErrorCode.INVALID_INPUT, ("title",)),
        ({"title": "选" * 101}, ErrorCode.INVALID_INPUT, ("title",)),
        (
            {"eligibility": rounds.EligibilityInput(max_age=17)},
            ErrorCode.INVALID_INPUT,
            ("eligibility", "maxAge"),
        ),
        (
            {"eligibility": rounds.EligibilityInput(min_practice_years=-1)},
            ErrorCode.INVALID_INPUT,
            ("eligibility", "minPracticeYears"),
        ),
        ({"funding": Decimal("-1")}, ErrorCode.INVALID_AMOUNT, ("funding",)),
        ({"funding": Decimal("0.001")}, ErrorCode.INVALID_AMOUNT, ("funding",)),
        ({"cultivation_years": 0}, ErrorCode.INVALID_INPUT, ("cultivationYears",)),
    ],
)
async def test_a_bad_call_is_refused_with_its_code_and_field_and_nothing_is_written(
    db: str, changes: dict[str, object], code: ErrorCode, path: tuple[str, ...]
) -> None:
    with pytest.raises(DomainError) as refused:
        await rounds.open_round(PREFECTURE, call(**changes))
    assert (refused.value.code, refused.value.field_path) == (code, path)
    assert refused.value.message
    assert await TalentRound.all().count() == 0
    assert await TalentCountyQuota.all().count() == 0
    assert await AuditEvent.filter(action="talent.round.opened").count() == 0


async def test_only_the_prefecture_opens_a_round(db: str) -> None:
    with pytest.raises(OutOfScope):
        await rounds.open_round(county_admin("532301"), call())
    assert await TalentRound.all().count() == 0


async def test_a_round_is_corrected_before_its_window_opens_and_lists_given_are_replaced(db: str) -> None:
    row = await rounds.open_round(PREFECTURE, call())
    corrected = await rounds.correct_round(
        PREFECTURE,
        row.id,
        rounds.RoundInput(
            title="更正后的标题",
            county_quotas=[("532323", 1)],
            eligibility=rounds.EligibilityInput(max_age=None),
        ),
    )
    assert (corrected.title, corrected.quota, corrected.max_age, corrected.min_practice_years) == (
        "更正后的标题",
        5,
        None,
        3,
    )
    quotas = dict(await TalentCountyQuota.filter(round_id=row.id).values_list("county_id", "quota"))
    assert len(quotas) == 10
    assert {county: quota for county, quota in quotas.items() if quota} == {"532323": 1}
    assert await TalentRubricItem.filter(round_id=row.id).count() == 6  # not given: kept
    assert await AuditEvent.filter(action="talent.round.corrected").count() == 1


async def test_a_smaller_total_must_still_hold_the_county_quotas(db: str) -> None:
    row = await rounds.open_round(PREFECTURE, call())
    with pytest.raises(DomainError) as refused:
        await rounds.correct_round(PREFECTURE, row.id, rounds.RoundInput(quota=1))
    assert refused.value.code is ErrorCode.INVALID_QUOTA
    assert (await TalentRound.get(id=row.id)).quota == 5


async def test_a_correction_may_not_move_the_opening_into_the_past_nor_leave_no_places(db: str) -> None:
    row = await rounds.open_round(PREFECTURE, call())
    for given, code, path in (
        (
            rounds.RoundInput(application_opens_on=date(2026, 9, 10)),
            ErrorCode.DATES_OUT_OF_ORDER,
            ("applicationOpensOn",),
        ),
        (rounds.RoundInput(county_quotas=[]), ErrorCode.INVALID_QUOTA, ("countyQuotas",)),
    ):
        with pytest.raises(DomainError) as refused:
            await rounds.correct_round(PREFECTURE, row.id, given)
        assert (refused.value.code, refused.value.field_path) == (code, path)
        assert "今天" in refused.value.message or "至少须有一个县市有名额" in refused.value.message
    kept = await TalentRound.get(id=row.id)
    assert kept.application_opens_on == date(2026, 10, 1)
    assert await TalentCountyQuota.filter(round_id=row.id, quota__gt=0).count() == 2
    assert await AuditEvent.filter(action="talent.round.corrected").count() == 0
    # Today itself is allowed (the window then opens today and the round is locked from now on).
    await rounds.correct_round(PREFECTURE, row.id, rounds.RoundInput(application_opens_on=date(2026, 9, 15)))


async def test_a_round_whose_window_has_opened_is_locked(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    row = await rounds.open_round(PREFECTURE, call())
    monkeypatch.setenv("SWTALENT_TODAY", "2026-10-01")  # the opening day itself
    with pytest.raises(TalentRoundLocked):
        await rounds.correct_round(PREFECTURE, row.id, rounds.RoundInput(title="晚了"))
    assert (await TalentRound.get(id=row.id)).title == "2026年度彝乡专业社会工作领军人才选拔"
    assert await AuditEvent.filter(action="talent.round.corrected").count() == 0


async def test_correcting_a_missing_round_or_as_a_county_admin_is_refused(db: str) -> None:
    with pytest.raises(TalentRoundNotFound):
        await rounds.correct_round(PREFECTURE, 404, rounds.RoundInput(title="无"))
    row = await rounds.open_round(PREFECTURE, call())
    with pytest.raises(OutOfScope):
        await rounds.correct_round(county_admin("532301"), row.id, rounds.RoundInput(title="越权"))


async def test_rounds_are_listed_newest_first(db: str) -> None:
    first = await rounds.open_round(PREFECTURE, call(title="第一轮"))
    second = await rounds.open_round(PREFECTURE, call(title="第二轮"))
    page = await rounds.list_rounds(first=10, after=None)
    assert [r.id for r in page.items] == [second.id, first.id]
    assert page.total_count == 2
