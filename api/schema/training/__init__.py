"""Training over GraphQL (API.md §Training): the catalog, enrolment, completions and the ledger."""

from __future__ import annotations

from api.schema.training.catalog import CatalogMutation, CatalogQuery
from api.schema.training.ledger import LedgerMutation, LedgerQuery

__all__ = ["CatalogMutation", "CatalogQuery", "LedgerMutation", "LedgerQuery"]
