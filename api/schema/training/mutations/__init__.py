"""Training's mutations, one module per use-case module of domain/training: catalog, enrolment,
completions, roster_import, adjustments, and requirements (progress.py's one write)."""

from __future__ import annotations

import strawberry

from api.schema.training.mutations.adjustments import AdjustmentsMutation
from api.schema.training.mutations.catalog import CatalogMutation
from api.schema.training.mutations.completions import CompletionsMutation
from api.schema.training.mutations.enrolment import EnrolmentMutation
from api.schema.training.mutations.requirements import RequirementsMutation
from api.schema.training.mutations.roster_import import RosterImportMutation


@strawberry.type
class TrainingMutation(
    CatalogMutation,
    EnrolmentMutation,
    CompletionsMutation,
    RosterImportMutation,
    AdjustmentsMutation,
    RequirementsMutation,
):
    pass


__all__ = ["TrainingMutation"]
