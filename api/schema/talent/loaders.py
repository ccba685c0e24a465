"""The programme's per-request DataLoaders: one query per kind of row, whatever the page or `nodes(ids:)`."""

from __future__ import annotations

from dataclasses import dataclass, field

from strawberry.dataloader import DataLoader

from api.schema.relay import loader
from domain.talent import listing
from domain.talent.models import LeadingTalent, TalentApplication, TalentObjection, TalentRound


@dataclass
class TalentLoaders:
    round: DataLoader[int, TalentRound | None] = field(default_factory=lambda: loader(listing.rounds_by_ids))
    application: DataLoader[int, TalentApplication | None] = field(
        default_factory=lambda: loader(listing.applications_by_ids)
    )
    objection: DataLoader[int, TalentObjection | None] = field(
        default_factory=lambda: loader(listing.objections_by_ids)
    )
    talent: DataLoader[int, LeadingTalent | None] = field(
        default_factory=lambda: loader(listing.talents_by_ids)
    )
