"""Online filing of service organisations (seed §七) and their review by the county.

Anyone signed in may file an organisation they act for; a county admin of its county approves or
rejects it (a rejection needs a reason). Approval links the filer's own registry record to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from tortoise.expressions import Q

from domain import clock
from domain.access import Actor
from domain.audit import service as audit
from domain.errors import InvalidInput, OutOfScope
from domain.paging import Page, keyset_page
from domain.people.counties import check_county, county_filter_code
from domain.people.credit_code import InvalidCreditCode, parse_credit_code
from domain.people.errors import (
    CreditCodeTaken,
    InvalidCreditCodeError,
    OrganizationAlreadyReviewed,
    OrganizationNotFound,
    ReasonRequired,
)
from domain.people.models import Organization, Person
from domain.people.vocabulary import OrganizationStatus, OrganizationType
from domain.transaction import write_transaction

MAX_REASON_LENGTH: Final = 500


@dataclass(frozen=True, slots=True)
class OrganizationFiling:
    name: str
    credit_code: str
    county_code: str
    township: str
    type: OrganizationType


async def file_organization(actor: Actor, filing: OrganizationFiling) -> Organization:
    """Online filing (seed §七): a signed-in user files a service organisation they act for.

    `filing.name` is 1–100 characters and `township` 1–50 (both trimmed); `credit_code` is an 18-character
    unified social credit code (统一社会信用代码), checked with its check character and stored normalised;
    `county_code` is a county of the prefecture, whose admins review the filing (`review_organization`).

    Writes one `Organization` (PENDING, filed by `actor`) and the audit event `organization.filed`, in
    one transaction.

    Raises:
        InvalidInput: not signed in, or the name or township is empty or too long.
        InvalidCreditCodeError: a malformed credit code; the message says what is wrong.
        UnknownCounty: the county is not a county of the prefecture.
        CreditCodeTaken: an organisation with that credit code is already filed.
    """
    if actor.user_id is None:
        raise InvalidInput("请先登录再备案机构")
    name = filing.name.strip()
    if not 0 < len(name) <= 100:
        raise InvalidInput("机构名称不能为空，且不超过 100 个字", field="name")
    try:
        code = parse_credit_code(filing.credit_code)
    except InvalidCreditCode as exc:
        raise InvalidCreditCodeError(str(exc)) from None
    township = filing.township.strip()
    if not 0 < len(township) <= 50:
        raise InvalidInput("乡镇（街道）不能为空，且不超过 50 个字", field="township")
    await check_county(filing.county_code)
    if await Organization.exists(credit_code=code):
        raise CreditCodeTaken()
    async with write_transaction():
        organization = await Organization.create(
            name=name,
            credit_code=code,
            county_id=filing.county_code,
            township=township,
            type=filing.type,
            filed_by_user_id=actor.user_id,
        )
        await audit.record(
            actor,
            "organization.filed",
            target_type="Organization",
            target_id=organization.id,
            county_code=filing.county_code,
            summary={"name": name, "creditCode": code, "type": filing.type.value},
        )
    return organization


async def review_organization(
    actor: Actor, organization_id: int, *, approve: bool, reason: str | None
) -> Organization:
    """An admin of the organisation's county approves or rejects a pending filing, once.

    A rejection needs a reason; any reason is at most 500 characters (trimmed; a blank one counts as
    none). Approval links the filer's own registry record to the organisation, if it has no link yet.

    Writes the organisation's status (APPROVED or REJECTED), `review_reason` and `reviewed_at` (UTC), on
    approval the filer's `Person` link, and the audit event `organization.approved` or
    `organization.rejected`, in one transaction.

    Raises:
        OrganizationNotFound: no such organisation, or one the actor may not see.
        OutOfScope: the organisation's county is outside the actor's (field `organizationId`).
        OrganizationAlreadyReviewed: the filing is no longer pending.
        ReasonRequired: a rejection without a reason.
        InvalidInput: a reason over 500 characters (field `reason`).
    """
    organization = await Organization.get_or_none(id=organization_id)
    if organization is None or not can_see_organization(actor, organization):
        raise OrganizationNotFound()
    county_code: str = organization.county_id
    if not actor.can_administer_county(county_code):
        raise OutOfScope(field="organizationId")
    if organization.status is not OrganizationStatus.PENDING:
        raise OrganizationAlreadyReviewed()
    reason = (reason or "").strip() or None
    if not approve and reason is None:
        raise ReasonRequired()
    if reason is not None and len(reason) > MAX_REASON_LENGTH:
        raise InvalidInput(f"理由不超过 {MAX_REASON_LENGTH} 个字", field="reason")
    async with write_transaction():
        organization.status = OrganizationStatus.APPROVED if approve else OrganizationStatus.REJECTED
        organization.review_reason = reason
        organization.reviewed_at = clock.now()
        await organization.save()
        if approve:
            await _link_filer(organization)
        await audit.record(
            actor,
            "organization.approved" if approve else "organization.rejected",
            target_type="Organization",
            target_id=organization.id,
            county_code=county_code,
            summary={"reason": reason} if reason else {},
        )
    return organization


async def _link_filer(organization: Organization) -> None:
    """The person who filed the organisation works for it: link their record if it has no link yet."""
    await Person.filter(user__id=organization.filed_by_user_id, organization_id__isnull=True).update(
        organization_id=organization.id, organization_name=organization.name
    )


def can_see_organization(actor: Actor, organization: Organization) -> bool:
    """Approved organisations are visible to everyone signed in; pending and rejected ones only to
    their filer and the admins of their county."""
    if organization.status is OrganizationStatus.APPROVED and actor.is_signed_in:
        return True
    return actor.user_id == organization.filed_by_user_id or actor.can_administer_county(
        organization.county_id
    )


def organization_for_viewer(actor: Actor, organization: Organization | None) -> Organization | None:
    """`organization` if `actor` may see it (`can_see_organization`), else None: what is not visible
    is answered as if it did not exist."""
    return organization if organization is not None and can_see_organization(actor, organization) else None


def can_see_members(actor: Actor, organization: Organization) -> bool:
    return actor.user_id == organization.filed_by_user_id or actor.can_administer_county(
        organization.county_id
    )


async def organizations_by_ids(ids: list[int]) -> dict[int, Organization]:
    return {o.id: o for o in await Organization.filter(id__in=ids)}


@dataclass(frozen=True, slots=True)
class OrganizationFilter:
    county_code: str | None = None
    status: OrganizationStatus | None = None
    search: str | None = None


async def list_organizations(
    actor: Actor, *, first: int, after: int | None, filter: OrganizationFilter
) -> Page[Organization]:
    query = Organization.all()
    counties = actor.admin_county_scope()
    if counties is not None:
        # Outside their own counties, non-prefecture users see approved organisations and their own.
        visible = Q(status=OrganizationStatus.APPROVED) | Q(filed_by_user_id=actor.user_id or -1)
        if counties:
            visible |= Q(county_id__in=sorted(counties))
        query = Organization.filter(visible)
    if filter.county_code:
        query = query.filter(county_id=county_filter_code(filter.county_code))
    if filter.status:
        query = query.filter(status=filter.status)
    if filter.search and filter.search.strip():
        query = query.filter(name__icontains=filter.search.strip())
    return await keyset_page(query, first=first, after=after)


async def list_members(organization: Organization, *, first: int, after: int | None) -> Page[Person]:
    """The registry records linked to an organisation; callers check `can_see_members`."""
    return await keyset_page(Person.filter(organization_id=organization.id), first=first, after=after)
