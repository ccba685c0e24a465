"""Training over GraphQL (API.md §Training): the catalog, enrolment, completions and the ledger."""

from __future__ import annotations

from api.schema.training.mutations import TrainingMutation
from api.schema.training.queries import TrainingQuery

__all__ = ["TrainingMutation", "TrainingQuery"]
