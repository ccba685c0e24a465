"""The facts a round's eligibility reads about one person, gathered from the registry, the exam and the
training ledger through their services (DOMAIN.md §leading talent, step 1: "checked from the registry,
exam and training data"), and the judgement of them (`domain.talent.eligibility`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.exam import service as exam
from domain.people import service as people
from domain.talent import rounds
from domain.talent.cultivation_plan import CAUSE_NAMES
from domain.talent.eligibility import (
    ApplicantFacts,
    Criteria,
    Eligibility,
    EligibilityRule,
    FrontLineTraining,
    RuleResult,
    check_eligibility,
)
from domain.talent.models import LeadingTalent, TalentApplication, TalentRound
from domain.talent.vocabulary import ApplicationStatus, RevocationCause, RoundStatus, TalentStatus
from domain.talent.workflow import APPLICATION_NAMES
from domain.training import service as training


@dataclass(frozen=True, slots=True)
class Applicant:
    """Where a person works, as an application snapshots it, and their facts."""

    person_id: int
    name: str
    county_code: str
    organization_id: int | None
    organization_name: str
    facts: ApplicantFacts


def criteria_of(round_: TalentRound) -> Criteria:
    return Criteria(
        min_certificate_level=round_.min_certificate_level,
        min_years_held=round_.min_years_held,
        min_practice_years=round_.min_practice_years,
        max_age=round_.max_age,
        training_requirement_met=round_.training_requirement_met,
    )


async def _front_line_training(person_id: int, on: date) -> FrontLineTraining | None:
    """The plan period counted for the training condition: the one holding `on` when met there, else
    the one that ended last before `on` when met there (160 h over 2021–2025 count for a round closing
    in 2027, early in the next period), else the period holding `on` (unmet, or None without one). The
    name says which period was counted."""
    current = await training.front_line_progress(person_id, on)
    if current is None or not current.met:
        previous = await training.previous_front_line_progress(person_id, on)
        if previous is not None and (previous.met or current is None):
            return FrontLineTraining(
                name=f"{previous.requirement_name}（上一规划期）",
                earned_hours=previous.earned_hours,
                required_hours=previous.required_hours,
                met=previous.met,
            )
    if current is None:
        return None
    return FrontLineTraining(
        name=current.requirement_name,
        earned_hours=current.earned_hours,
        required_hours=current.required_hours,
        met=current.met,
    )


async def applicant(person_id: int, *, reference_date: date, with_training: bool) -> Applicant | None:
    """The person's registry facts, certificates (issued and recorded alike) and, when `with_training`,
    front-line training progress up to `reference_date`; None when there is no such person."""
    person = (await people.persons_by_ids([person_id])).get(person_id)
    if person is None:
        return None
    certificates = tuple((c.level, c.issued_on) for c in await exam.certificates_of(person_id))
    training_facts = await _front_line_training(person_id, reference_date) if with_training else None
    return Applicant(
        person_id=person.id,
        name=person.name,
        county_code=person.county_id,
        organization_id=person.organization_id,
        organization_name=person.organization_name,
        facts=ApplicantFacts(
            birth_date=person.birth_date,
            social_work_since=person.social_work_since,
            certificates=certificates,
            training=training_facts,
        ),
    )


async def judge(round_: TalentRound, found: Applicant) -> Eligibility:
    """`found` judged against the round's criteria as of its application closing date."""
    return check_eligibility(criteria_of(round_), found.facts, round_.application_closes_on)


_BARRING_CAUSES = (RevocationCause.FRAUD, RevocationCause.VIOLATION)
# An application still on its way to a title in its round.
_LIVE = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.RETURNED,
    ApplicationStatus.COUNTY_PASSED,
    ApplicationStatus.SHORTLISTED,
    ApplicationStatus.NOT_SELECTED,
    ApplicationStatus.ON_NOTICE,
)


async def eligibility_of(round_: TalentRound, person_id: int) -> tuple[Applicant, Eligibility] | None:
    """The person and their eligibility for `round_` (None: no such person). A county the round gives
    no places adds the unmet rule COUNTY_QUOTA (its detail names the county)."""
    found = await applicant(
        person_id,
        reference_date=round_.application_closes_on,
        with_training=round_.training_requirement_met,
    )
    if found is None:
        return None
    judged = await judge(round_, found)
    no_places = await rounds.county_without_places(round_, found.county_code)
    if no_places is not None:
        quota_rule = RuleResult(EligibilityRule.COUNTY_QUOTA, False, no_places)
        judged = Eligibility(reference_date=judged.reference_date, rules=(*judged.rules, quota_rule))
    barred = await title_bar(person_id, round_.id)
    if barred is not None:
        title_rule = RuleResult(EligibilityRule.LEADING_TITLE, False, barred)
        judged = Eligibility(reference_date=judged.reference_date, rules=(*judged.rules, title_rule))
    return found, judged


async def title_bar(person_id: int, round_id: int) -> str | None:
    """Why the person may not be a candidate of round `round_id`, or None: one title at a time (a second
    would pay a second plan in parallel), so not while a title is in cultivation, nor while the person
    is still a live candidate of another round (submitted, in review, ranked, on notice, or ranked out
    while that round may still move them up); and not after a title revoked for fraud or a violation
    (DOMAIN.md step 9). A completed title, or one revoked for a failed assessment or for leaving the
    post, does not bar."""
    live = (
        await TalentApplication.filter(person_id=person_id, status__in=_LIVE)
        .exclude(round_id=round_id)
        .exclude(round__status=RoundStatus.APPROVED)
        .first()
    )
    if live is not None:
        other = await TalentRound.get(id=live.round_id)
        return f"已参加「{other.title}」（{APPLICATION_NAMES[live.status]}），同一时间只能参加一个选拔轮次"
    for title in await LeadingTalent.filter(person_id=person_id).order_by("id"):
        if title.status is TalentStatus.CULTIVATING:
            return f"已是领军人才（培养期至 {title.cultivation_ends_on}），培养期内不能再次申报"
        if title.status is TalentStatus.REVOKED and title.revocation_cause in _BARRING_CAUSES:
            cause = CAUSE_NAMES[title.revocation_cause]
            return f"领军人才称号已于 {title.revoked_on} 因{cause}被撤销，不能再次申报"
    return None
