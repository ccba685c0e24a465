"""The registry's per-request DataLoaders: one query per kind of row, whatever the page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from strawberry.dataloader import DataLoader

from api.schema.relay import loader
from domain.access import Actor
from domain.people import organizations
from domain.people import service as people
from domain.people.models import Organization, Person


class IdentityRead(NamedTuple):
    """A full ID number shown to `actor`: recorded once per person and request, whatever the query."""

    actor: Actor
    person_id: int
    county_code: str


async def _record_identity_reads(reads: list[IdentityRead]) -> list[None]:
    by_actor: dict[Actor, list[tuple[int, str]]] = {}
    for read in reads:
        by_actor.setdefault(read.actor, []).append((read.person_id, read.county_code))
    for actor, persons in by_actor.items():
        await people.record_identity_reads(actor, persons)
    return [None] * len(reads)


@dataclass
class PeopleLoaders:
    person: DataLoader[int, Person | None] = field(default_factory=lambda: loader(people.persons_by_ids))
    organization: DataLoader[int, Organization | None] = field(
        default_factory=lambda: loader(organizations.organizations_by_ids)
    )
    county_name: DataLoader[str, str | None] = field(default_factory=lambda: loader(people.county_names))
    # Batched: a page of 100 persons writes its 100 audit events in one transaction.
    identity_read: DataLoader[IdentityRead, None] = field(
        default_factory=lambda: DataLoader(load_fn=_record_identity_reads)
    )
