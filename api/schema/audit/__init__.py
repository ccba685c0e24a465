"""The audit trail over GraphQL (API.md §People and accounts), for admins within their scope."""

from __future__ import annotations

from api.schema.audit.queries import AuditQuery

__all__ = ["AuditQuery"]
