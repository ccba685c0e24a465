"""The registry's per-request DataLoaders: one query per kind of row, whatever the page."""

from __future__ import annotations

from dataclasses import dataclass, field

from strawberry.dataloader import DataLoader

from api.schema.relay import loader
from domain.people import organizations
from domain.people import service as people
from domain.people.models import Organization, Person


@dataclass
class PeopleLoaders:
    person: DataLoader[int, Person | None] = field(default_factory=lambda: loader(people.persons_by_ids))
    organization: DataLoader[int, Organization | None] = field(
        default_factory=lambda: loader(organizations.organizations_by_ids)
    )
    county_name: DataLoader[str, str | None] = field(default_factory=lambda: loader(people.county_names))
