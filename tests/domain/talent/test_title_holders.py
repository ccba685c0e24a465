"""A title at a time (issue #11 review): someone whose leading-talent title is in cultivation, or was
revoked for fraud or a violation, cannot apply again; a completed title, or one revoked for a failed
assessment or for leaving the post, does not stand in the way."""

from __future__ import annotations

from datetime import date

import pytest

from domain import clock
from domain.access import Actor
from domain.talent import applications, approval
from domain.talent.errors import TalentNotEligible
from domain.talent.models import LeadingTalent, TalentApplication, TalentRound
from domain.talent.vocabulary import ApplicationStatus, RevocationCause, RoundStatus, TalentStatus
from tests.domain.talent import cultivation_rows
from tests.domain.talent.applicant_rows import TODAY, applicant, opened_round
from tests.domain.talent.round_rows import a_round, an_application
from tests.factories import person_id_of


@pytest.fixture(autouse=True)
def business_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", TODAY)


async def _titled(username: str, status: TalentStatus, cause: RevocationCause | None = None) -> Actor:
    user, actor = await applicant(username)
    earlier = await a_round(
        year=2024, status=RoundStatus.APPROVED, opens_on=date(2024, 3, 1), closes_on=date(2024, 4, 30)
    )
    application = await an_application(earlier, user, status=ApplicationStatus.APPROVED)
    await LeadingTalent.create(
        round_id=earlier.id,
        application_id=application.id,
        person_id=person_id_of(user),
        county_id="532301",
        awarded_on=date(2024, 7, 1),
        cultivation_ends_on=date(2027, 6, 30),
        status=status,
        revoked_on=date(2025, 3, 1) if status is TalentStatus.REVOKED else None,
        revocation_cause=cause,
    )
    return actor


@pytest.mark.parametrize(
    ("status", "cause", "said"),
    [
        (TalentStatus.CULTIVATING, None, "已是领军人才（培养期至 2027-06-30），培养期内不能再次申报"),
        (TalentStatus.REVOKED, RevocationCause.FRAUD, "领军人才称号已于 2025-03-01 因弄虚作假被撤销"),
        (TalentStatus.REVOKED, RevocationCause.VIOLATION, "因违法违纪被撤销"),
    ],
)
async def test_a_title_in_cultivation_or_lost_for_misconduct_bars_a_new_application(
    db: str, status: TalentStatus, cause: RevocationCause | None, said: str
) -> None:
    actor = await _titled("pu.xiu", status, cause)
    round_ = await opened_round()

    with pytest.raises(TalentNotEligible, match=said):
        await applications.apply(actor, round_.id, statement="再次申报", achievements="")

    assert not await TalentApplication.filter(round_id=round_.id).exists()


@pytest.mark.parametrize(
    ("status", "cause"),
    [
        (TalentStatus.COMPLETED, None),
        (TalentStatus.REVOKED, RevocationCause.ASSESSMENT_FAILED),
        (TalentStatus.REVOKED, RevocationCause.LEFT_POST),
    ],
)
async def test_a_completed_title_or_one_lost_otherwise_does_not(
    db: str, status: TalentStatus, cause: RevocationCause | None
) -> None:
    actor = await _titled("pu.xiu", status, cause)
    round_ = await opened_round()

    row = await applications.apply(actor, round_.id, statement="再次申报", achievements="")

    assert row.status is ApplicationStatus.SUBMITTED


async def test_a_live_candidate_of_another_round_cannot_apply_until_that_round_is_decided(db: str) -> None:
    user, actor = await applicant("wang.qiang")
    earlier = await a_round(
        year=2025, status=RoundStatus.SCORING, opens_on=date(2026, 6, 1), closes_on=date(2026, 7, 31)
    )
    await an_application(earlier, user, status=ApplicationStatus.COUNTY_PASSED)
    round_ = await opened_round()

    with pytest.raises(TalentNotEligible, match="同一时间只能参加一个选拔轮次"):
        await applications.apply(actor, round_.id, statement="再次申报", achievements="")

    await TalentRound.filter(id=earlier.id).update(status=RoundStatus.APPROVED)
    row = await applications.apply(actor, round_.id, statement="再次申报", achievements="")
    assert row.status is ApplicationStatus.SUBMITTED


async def test_a_round_is_not_approved_while_a_candidate_holds_a_title_won_elsewhere(db: str) -> None:
    admin = await cultivation_rows.prefecture_admin()
    on_notice = await cultivation_rows.a_round_on_notice()
    other = await a_round(year=2025, status=RoundStatus.APPROVED)
    won = await an_application(other, on_notice.applicants[0], status=ApplicationStatus.APPROVED)
    await LeadingTalent.create(
        round_id=other.id,
        application_id=won.id,
        person_id=person_id_of(on_notice.applicants[0]),
        county_id="532301",
        awarded_on=date(2026, 11, 1),
        cultivation_ends_on=date(2029, 10, 31),
    )

    with (
        clock.travel_to(cultivation_rows.APPROVAL_DAY),
        pytest.raises(TalentNotEligible, match="阿依·木呷已是领军人才"),
    ):
        await approval.approve_round(admin, on_notice.round.id)

    assert (await TalentRound.get(id=on_notice.round.id)).status is RoundStatus.ON_NOTICE
    assert await LeadingTalent.all().count() == 1
