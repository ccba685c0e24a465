"""Reports over GraphQL (API.md §Reports): the plan periods and their targets, and the targets report."""

from __future__ import annotations

from api.schema.reports.mutations import ReportsMutation
from api.schema.reports.queries import ReportsQuery

__all__ = ["ReportsMutation", "ReportsQuery"]
