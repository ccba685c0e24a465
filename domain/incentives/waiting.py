"""The entitlements still waiting for a condition, as a person (or an admin in scope) reads them."""

from __future__ import annotations

from domain.access import Actor
from domain.errors import OutOfScope
from domain.incentives.models import WaitingEntitlement
from domain.people import service as people
from domain.people.errors import NoPerson


async def waiting_of(actor: Actor, person_id: int | None) -> list[WaitingEntitlement]:
    """The unresolved waits of the viewer (`person_id` None or their own), or of a person in an admin's
    counties, oldest first: what each will become and what it waits for.

    Raises:
        NoPerson: the viewer has no registry record and named no one.
        OutOfScope: the person does not exist or is not the viewer's to see (field `personId`).
    """
    if person_id is None or person_id == actor.person_id:
        if actor.person_id is None:
            raise NoPerson()
        person_id = actor.person_id
    elif await people.get_person_or_none(actor, person_id) is None:
        raise OutOfScope(field="personId")
    return await WaitingEntitlement.filter(person_id=person_id, resolved_at__isnull=True).order_by("id")
