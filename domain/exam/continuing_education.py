"""A person's ledger toward a training requirement, counted in the right window.

Continuing education is counted in the holder's 登记 period (民发〔2009〕123号), which the exam context
keeps; fixed-period requirements (160 h in 2021–2025) use their own dates. Combining the two is the
exam's to do, since exam sits above training.
"""

from __future__ import annotations

from domain.exam.service import current_registration
from domain.training import service as training


async def ledger_for(person_id: int, requirement_id: int) -> training.LedgerView | None:
    """The person's progress toward requirement `requirement_id` (hours in tenths, caps applied), in
    the holder's registration period in force today for continuing education, else the requirement's
    own window; None when there is no such requirement. Reads only."""
    requirement = await training.get_requirement_or_none(requirement_id)
    if requirement is None:
        return None
    period: training.Window | None = None
    if requirement.starts_on is None:
        registered = await current_registration(person_id, requirement.audience)
        period = training.Window(*registered) if registered else None
    return await training.ledger_of(person_id, requirement, period)
