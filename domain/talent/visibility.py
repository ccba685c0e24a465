"""Who may see an application, its evidence and its history (DOMAIN.md §Who uses the system): the
applicant, the employer account that recommended them, admins of its county (the prefecture's everywhere)
once it has been submitted (`submitted_at` set: a draft is the applicant's own), and an expert assigned
to it who has no conflict. Everyone else is told it does not exist."""

from __future__ import annotations

from domain.access import Actor, Role
from domain.talent.models import TalentApplication, TalentAssignment
from domain.talent.vocabulary import AssignmentStatus

# An expert who is not scoring because of a conflict must not read the file either.
_READING_ASSIGNMENTS = (AssignmentStatus.ASSIGNED, AssignmentStatus.SCORED, AssignmentStatus.EXCUSED)


async def can_see_application(actor: Actor, application: TalentApplication) -> bool:
    """Whether `actor` may read `application` (one query only for an expert)."""
    if actor.person_id is not None and actor.person_id == application.person_id:
        return True
    if actor.user_id is not None and actor.user_id == application.recommended_by_user_id:
        return True
    # Drafts are private: the county sees an application once it has been submitted.
    if actor.can_administer_county(application.county_id) and application.submitted_at is not None:
        return True
    if actor.user_id is None or not actor.has_role(Role.EXPERT):
        return False
    return await TalentAssignment.exists(
        application_id=application.id, reviewer_user_id=actor.user_id, status__in=_READING_ASSIGNMENTS
    )
