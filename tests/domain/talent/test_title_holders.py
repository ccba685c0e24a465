"""A title at a time (issue #11 review): someone whose leading-talent title is in cultivation, or was
revoked for fraud or a violation, cannot apply again; a completed title, or one revoked for a failed
assessment or for leaving the post, does not stand in the way."""

from __future__ import annotations

from datetime import date

import pytest

from domain.access import Actor
from domain.talent import applications
from domain.talent.errors import TalentNotEligible
from domain.talent.models import LeadingTalent, TalentApplication
from domain.talent.vocabulary import ApplicationStatus, RevocationCause, RoundStatus, TalentStatus
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
