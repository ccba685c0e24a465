"""Accounts' per-request DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass, field

from strawberry.dataloader import DataLoader

from api.schema.relay import loader
from domain.access import Grant
from domain.accounts import service as accounts
from domain.accounts.models import User


@dataclass
class AccountsLoaders:
    user: DataLoader[int, User | None] = field(default_factory=lambda: loader(accounts.users_by_ids))
    grants: DataLoader[int, list[Grant] | None] = field(
        default_factory=lambda: loader(accounts.grants_by_user_ids)
    )
