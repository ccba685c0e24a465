"""Training providers, filed (备案) by the prefecture before their courses are listed (DOMAIN.md,
Training)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from domain.access import Actor
from domain.audit import service as audit
from domain.errors import InvalidInput
from domain.names import validate_name
from domain.paging import Page, check_page_size
from domain.people import service as people
from domain.training.errors import ProviderNameTaken, ProviderNotFound
from domain.training.models import Provider
from domain.transaction import write_transaction

PHONE: Final = re.compile(r"^[0-9\-]{7,20}$")


@dataclass(frozen=True, slots=True)
class ProviderFiling:
    name: str
    county_code: str
    contact_name: str
    contact_phone: str


async def file_provider(actor: Actor, filing: ProviderFiling) -> Provider:
    """备案: the prefecture files a training provider before its courses are listed (DOMAIN.md, Training).

    Callers have checked that `actor` is a prefecture admin. `filing.name` is 1–100 characters and
    unique among providers; `county_code` is a county of the prefecture; the contact's name is 1–50
    characters and the phone 7–20 digits or hyphens. Surrounding spaces are trimmed from all of them.

    Writes one `Provider` and the audit event `provider.filed`, in one transaction.

    Raises:
        InvalidInput: the name or contact phone is empty, too long or malformed (field `name` or
            `contactPhone`).
        InvalidName: the contact name is not a personal name (field `contactName`, `domain.names`).
        UnknownCounty: `county_code` is not a county of the prefecture.
        ProviderNameTaken: a provider of that name is already filed.
    """
    name = filing.name.strip()
    if not 0 < len(name) <= 100:
        raise InvalidInput("机构名称不能为空，且不超过 100 个字", field="name")
    # The contact is a person: their name is stored as every personal name is (domain.names).
    contact_name = validate_name(filing.contact_name, field="contactName")
    if not PHONE.fullmatch(filing.contact_phone.strip()):
        raise InvalidInput("联系电话应为 7 到 20 位数字（可含连字符）", field="contactPhone")
    await people.check_county(filing.county_code)
    if await Provider.exists(name=name):
        raise ProviderNameTaken()
    async with write_transaction():
        provider = await Provider.create(
            name=name,
            county_id=filing.county_code,
            contact_name=contact_name,
            contact_phone=filing.contact_phone.strip(),
        )
        await audit.record(
            actor,
            "provider.filed",
            target_type="Provider",
            target_id=provider.id,
            county_code=filing.county_code,
            summary={"name": name},
        )
    return provider


async def check_provider(provider_id: int, *, field: str = "providerId") -> Provider:
    provider = await Provider.get_or_none(id=provider_id)
    if provider is None:
        raise ProviderNotFound(field=field)
    return provider


async def providers_by_ids(ids: list[int]) -> dict[int, Provider]:
    return {p.id: p for p in await Provider.filter(id__in=ids)}


async def list_providers(*, first: int, after: int | None) -> Page[Provider]:
    check_page_size(first)
    query = Provider.all()
    total = await query.count()
    if after is not None:
        query = query.filter(id__gt=after)
    rows = await query.order_by("id").limit(first + 1)
    return Page(items=rows[:first], has_next_page=len(rows) > first, total_count=total)
