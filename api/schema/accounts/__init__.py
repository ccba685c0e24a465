"""Accounts over GraphQL (API.md §People and accounts): sign-in, online registration, the viewer, roles."""

from __future__ import annotations

from api.schema.accounts.mutations import AccountsMutation
from api.schema.accounts.queries import AccountsQuery

__all__ = ["AccountsMutation", "AccountsQuery"]
