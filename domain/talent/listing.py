"""Reading the programme's rows by id, for the API's DataLoaders (one query per kind of row)."""

from __future__ import annotations

from domain.talent.models import LeadingTalent, TalentApplication, TalentObjection, TalentRound


async def rounds_by_ids(ids: list[int]) -> dict[int, TalentRound]:
    return {row.id: row for row in await TalentRound.filter(id__in=ids)}


async def applications_by_ids(ids: list[int]) -> dict[int, TalentApplication]:
    return {row.id: row for row in await TalentApplication.filter(id__in=ids)}


async def objections_by_ids(ids: list[int]) -> dict[int, TalentObjection]:
    return {row.id: row for row in await TalentObjection.filter(id__in=ids)}


async def talents_by_ids(ids: list[int]) -> dict[int, LeadingTalent]:
    return {row.id: row for row in await LeadingTalent.filter(id__in=ids)}
