"""Moving an application along APPLICATION_MOVES (domain.talent.workflow), the one way every step of the
round does it: a conditional update on the status read, the application's `TalentApplicationStep` (what
the applicant and the county read as its history) and the audit event `talent.application.<action>`, in
the caller's write transaction (DOMAIN.md §leading talent: "every step is recorded with who, when and
why")."""

from __future__ import annotations

from domain.access import Actor
from domain.audit import service as audit
from domain.talent.errors import WrongApplicationStatus
from domain.talent.models import TalentApplication, TalentApplicationStep
from domain.talent.vocabulary import ApplicationStatus
from domain.talent.workflow import APPLICATION_NAMES, check_application_move


async def record_step(
    actor: Actor,
    application: TalentApplication,
    from_status: ApplicationStatus | None,
    *,
    comment: str | None,
    action: str,
    summary: dict[str, object] | None = None,
) -> None:
    """Within the caller's write transaction: the application's step (from → its current status) and
    the audit event `talent.application.<action>`."""
    await TalentApplicationStep.create(
        application_id=application.id,
        from_status=from_status,
        to_status=application.status,
        actor_user_id=actor.user_id,
        comment=comment,
    )
    await audit.record(
        actor,
        f"talent.application.{action}",
        target_type="TalentApplication",
        target_id=application.id,
        county_code=application.county_id,
        summary={
            "round": application.round_id,
            "from": from_status.value if from_status else None,
            "to": application.status.value,
            **({"comment": comment} if comment else {}),
            **(summary or {}),
        },
    )


async def move_application(
    actor: Actor,
    application: TalentApplication,
    to: ApplicationStatus,
    *,
    action: str,
    refusal: str,
    comment: str | None = None,
    summary: dict[str, object] | None = None,
    **changes: object,
) -> TalentApplication:
    """Within the caller's write transaction: `application` moved from the status read to `to` by a
    conditional update (with `changes`, columns of the application), its step and the audit event (with
    `summary` added to it) written. Raises
    WrongApplicationStatus (worded with `refusal`, e.g. "提交") when APPLICATION_MOVES refuses, or when
    someone else moved it first (saying the status it is in now)."""
    current = application.status
    check_application_move(current, to, refusal)
    moved = await TalentApplication.filter(id=application.id, status=current).update(status=to, **changes)
    if not moved:
        now = await TalentApplication.get(id=application.id)
        raise WrongApplicationStatus(f"该申报{APPLICATION_NAMES[now.status]}，不能{refusal}")
    application = await TalentApplication.get(id=application.id)
    await record_step(actor, application, current, comment=comment, action=action, summary=summary)
    return application
