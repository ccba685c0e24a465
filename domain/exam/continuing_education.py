"""A person's ledger toward a training requirement, counted in the right window.

Continuing education is counted in the holder's 登记 period (民发〔2009〕123号), which the exam context
keeps; fixed-period requirements (160 h in 2021–2025) use their own dates. Combining the two is the
exam's to do, since exam sits above training. Continuing education binds only holders of a certificate
of its levels: for anyone else it does not apply, which the answer says rather than showing a window
with hours met or missing. Likewise the front-line cumulative requirement (160 h) binds only people
registered as directly providing social services (DOMAIN.md §Training).
"""

from __future__ import annotations

from typing import Final

from domain.exam.models import Certificate
from domain.exam.service import HOLDERS, current_registration
from domain.people import service as people
from domain.training import service as training
from domain.training.vocabulary import RequirementAudience

HOLDER_TITLES: Final = {
    RequirementAudience.ASSISTANT_HOLDERS: "助理社会工作师",
    RequirementAudience.SOCIAL_WORKER_HOLDERS: "社会工作师或高级社会工作师",
}


async def ledger_for(
    person_id: int, requirement_id: int, *, front_line: bool | None = None
) -> training.LedgerView | None:
    """The person's progress toward requirement `requirement_id` (hours in tenths, caps applied), in
    the holder's registration period in force today for continuing education, else the requirement's
    own window; None when there is no such requirement. For a continuing-education requirement and a
    person holding no certificate of its levels, or a front-line requirement and a person not registered
    as front-line, a view marked not applicable (`not_applicable` says why). `front_line` is the
    person's registered front-line flag when the caller has their row already (else it is read). Reads
    only."""
    requirement = await training.get_requirement_or_none(requirement_id)
    if requirement is None:
        return None
    if requirement.audience is RequirementAudience.FRONT_LINE:
        if front_line is None:
            person = (await people.persons_by_ids([person_id])).get(person_id)
            front_line = person is None or person.front_line
        if not front_line:
            return await training.not_applicable_ledger(
                requirement,
                "不适用：一线人员累计培训学时要求仅适用于直接提供社会服务的一线人员，该人员未登记为一线人员",
            )
    period: training.Window | None = None
    if requirement.starts_on is None:
        levels = HOLDERS.get(requirement.audience)
        if levels and not await Certificate.filter(person_id=person_id, level__in=list(levels)).exists():
            return await training.not_applicable_ledger(
                requirement,
                f"不适用：继续教育学时要求仅适用于持{HOLDER_TITLES[requirement.audience]}证书者，"
                "该人员未持有此证书",
            )
        registered = await current_registration(person_id, requirement.audience)
        period = training.Window(*registered) if registered else None
    return await training.ledger_of(person_id, requirement, period)
