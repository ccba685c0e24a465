"""The audit trail's per-request DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass, field

from strawberry.dataloader import DataLoader

from api.schema.relay import loader
from domain.audit import service as audit
from domain.audit.models import AuditEvent


@dataclass
class AuditLoaders:
    event: DataLoader[int, AuditEvent | None] = field(default_factory=lambda: loader(audit.events_by_ids))
