"""The exam's per-request DataLoaders: one query per kind of row, whatever the page or `nodes(ids:)`."""

from __future__ import annotations

from dataclasses import dataclass, field

from strawberry.dataloader import DataLoader

from api.schema.relay import loader
from domain.exam import certificates, sittings
from domain.exam import service as exam_service
from domain.exam.models import Certificate, ExamRegistration, ExamSite, ExamSitting


@dataclass
class ExamLoaders:
    sitting: DataLoader[int, ExamSitting | None] = field(
        default_factory=lambda: loader(sittings.sittings_by_ids)
    )
    site: DataLoader[int, ExamSite | None] = field(default_factory=lambda: loader(sittings.sites_by_ids))
    sites_of_sitting: DataLoader[int, list[ExamSite] | None] = field(
        default_factory=lambda: loader(sittings.sites_by_sitting_ids)
    )
    registration: DataLoader[int, ExamRegistration | None] = field(
        default_factory=lambda: loader(exam_service.registrations_by_ids)
    )
    certificate: DataLoader[int, Certificate | None] = field(
        default_factory=lambda: loader(certificates.certificates_by_ids)
    )
