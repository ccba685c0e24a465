"""The talent registry over GraphQL (API.md §People and accounts): persons, counties, organisations."""

from __future__ import annotations

from api.schema.people.mutations import PeopleMutation
from api.schema.people.queries import PeopleQuery

__all__ = ["PeopleMutation", "PeopleQuery"]
