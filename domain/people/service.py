"""The talent registry's public interface: persons, and (from `counties.py`) counties.

Each function that writes opens one write transaction and records its audit event inside it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from pypika_tortoise.terms import Function as PypikaFunction
from tortoise.expressions import Function

from domain import clock
from domain.access import Actor
from domain.audit import service as audit
from domain.errors import InvalidInput
from domain.names import SEPARATOR, normalize_name, validate_name
from domain.paging import Page, keyset_page
from domain.people.counties import (
    CountySummary,
    PopulationFigure,
    check_county,
    county_filter_code,
    county_names,
    import_population,
    list_counties,
)
from domain.people.county_figures import (
    FilingCoverage,
    filing_coverage_by_county,
    front_line_counts_by_county,
)
from domain.people.details import (
    MAX_ORGANIZATION_NAME_LENGTH,
    PersonDetails,
    check_person_details,
    check_phone,
    check_work_dates,
)
from domain.people.errors import (
    IdCardNumberTaken,
    NoPerson,
    OrganizationNotApproved,
    OrganizationNotFound,
)
from domain.people.id_card import InvalidIdCard, parse_id_card
from domain.people.masking import mask_account_number, mask_id_card_number, mask_name, mask_phone
from domain.people.models import Organization, Person
from domain.people.vocabulary import Education, Major, OrganizationStatus
from domain.transaction import write_transaction


async def add_person(actor: Actor, details: PersonDetails) -> Person:
    """Create a person in the registry, within the caller's transaction (see accounts.register_account).

    `details` is what the person tells the registry (seed §七 online registration): the name (stored
    normalised and checked by `domain.names.validate_name`: 2–40 Han characters, a minority name's
    parts joined by U+00B7, or Latin letters), the 18-digit resident ID number (checked, its checksum
    included; birth date and sex are read from it), an 11-digit mobile number, a county of the
    prefecture, education and major, the Asia/Shanghai business dates since which they do social work
    and (optionally) when they finished full-time study (both after birth and no later than today), the
    employer's name (1–100 characters) and two flags. A person whose employer is an approved
    organisation of that exact name is linked to it.

    Writes one `Person` and the audit event `person.registered`, inside the caller's transaction when
    there is one (a savepoint), else in its own.

    Raises:
        InvalidName: the name is not a name (empty, too short or long, digits, markup, a stray dot).
        InvalidInput: the employer's name is empty or too long.
        InvalidIdCardNumber: the ID number is malformed, its checksum is wrong, its first two digits
            are no province-level code, or its birth date is impossible, before 1900 or after today
            (`id_card.parse_id_card`); the message says which.
        InvalidPhone: not an 11-digit mobile number starting with 1.
        DatesOutOfOrder: social work from before the 16th birthday, a study date before birth, or
            either after today (`details.check_work_dates`).
        UnknownCounty: the county is not a county of the prefecture.
        IdCardNumberTaken: the ID number is already in the registry.
    """
    card = check_person_details(details, today=clock.today())
    await check_county(details.county_code)
    if await Person.exists(id_card_number=card.number):
        raise IdCardNumberTaken()
    # A person whose employer is already filed and approved is linked to it at once.
    organization = await Organization.filter(
        name=details.organization_name.strip(), status=OrganizationStatus.APPROVED
    ).first()
    async with write_transaction():
        person = await Person.create(
            name=validate_name(details.name),
            id_card_number=card.number,
            birth_date=card.birth_date,
            sex=card.sex,
            phone=details.phone.strip(),
            county_id=details.county_code,
            education=details.education,
            major=details.major,
            social_work_since=details.social_work_since,
            graduated_on=details.graduated_on,
            organization_name=details.organization_name.strip(),
            organization=organization,
            front_line=details.front_line,
            full_time_community_worker=details.full_time_community_worker,
        )
        await audit.record(
            actor,
            "person.registered",
            target_type="Person",
            target_id=person.id,
            county_code=details.county_code,
            summary={"name": person.name, "county": details.county_code},
        )
    return person


async def lock_person(person_id: int) -> None:
    """Within the caller's transaction: hold the person's row until it ends (PostgreSQL `FOR UPDATE`;
    SQLite writes one transaction at a time already), so checks over the person's own rows that no
    other row can guard (a ledger total) cannot be passed twice at once."""
    await Person.filter(id=person_id).select_for_update().only("id").first()


def can_see_person(actor: Actor, person: Person) -> bool:
    """The person themself, and admins whose scope includes the person's county."""
    return actor.person_id == person.id or actor.can_administer_county(person.county_id)


async def get_person_or_none(actor: Actor, person_id: int) -> Person | None:
    person = await Person.get_or_none(id=person_id)
    if person is None or not can_see_person(actor, person):
        return None
    return person


async def persons_by_ids(ids: list[int]) -> dict[int, Person]:
    """Rows for a DataLoader; callers decide what the viewer may see."""
    return {p.id: p for p in await Person.filter(id__in=ids)}


async def county_of(person_id: int) -> str | None:
    """The county a person belongs to: the scope of what is done to their records."""
    rows = await Person.filter(id=person_id).values_list("county_id", flat=True)
    return str(rows[0]) if rows else None


async def files_approved_organization(user_id: int, organization_id: int) -> bool:
    """Whether `user_id` is the account that filed organisation `organization_id` and the filing is
    approved: the employer's account, which may act for the organisation (e.g. recommend one of its
    people to the leading-talent programme)."""
    return await Organization.exists(
        id=organization_id, filed_by_user_id=user_id, status=OrganizationStatus.APPROVED
    )


async def record_identity_reads(actor: Actor, persons: list[tuple[int, str]]) -> None:
    """Put into the audit trail that `actor` was shown the full ID numbers of `persons` (person id,
    county code): one event `person.id_card_number_read` per person, in one transaction, so "who has
    seen this person's ID number" is answered from the trail. A person reading their own record is not
    recorded."""
    others = [(person_id, county) for person_id, county in persons if person_id != actor.person_id]
    if not others:
        return
    async with write_transaction():
        for person_id, county in others:
            await audit.record(
                actor,
                "person.id_card_number_read",
                target_type="Person",
                target_id=person_id,
                county_code=county,
            )


async def persons_by_id_card_numbers(numbers: list[str]) -> dict[str, Person]:
    return {p.id_card_number: p for p in await Person.filter(id_card_number__in=numbers)}


class _Replace(PypikaFunction):
    def __init__(self, term: Any, old: str, new: str) -> None:
        super().__init__("REPLACE", term, old, new)


class WithoutMiddleDot(Function):
    """SQL `REPLACE(field, '·', '')` (the same on SQLite and PostgreSQL): a name as compared in search."""

    database_func = _Replace

    def __init__(self, field: str) -> None:
        super().__init__(field, SEPARATOR, "")


@dataclass(frozen=True, slots=True)
class PersonFilter:
    county_code: str | None = None
    search: str | None = None
    # Facts held by contexts above the registry (e.g. holding a certificate) arrive as the person ids
    # that context's service names: only those (`among`), or all but those (`outside`).
    among: frozenset[int] | None = None
    outside: frozenset[int] | None = None


async def list_persons(actor: Actor, *, first: int, after: int | None, filter: PersonFilter) -> Page[Person]:
    """Persons in the admin's scope; callers have already checked that `actor` is an admin."""
    query = Person.all()
    counties = actor.admin_county_scope()
    if counties is not None:
        query = query.filter(county_id__in=sorted(counties))
    if filter.county_code:
        query = query.filter(county_id=county_filter_code(filter.county_code))
    if filter.among is not None:
        query = query.filter(id__in=sorted(filter.among))
    if filter.outside:
        query = query.exclude(id__in=sorted(filter.outside))
    # The search text is normalised as stored names are, so 吉克•阿依 or 李　娜 finds 吉克·阿依 or 李娜
    # (and a full-width ID-number prefix its digits). The middle dot is left out of both sides, as
    # `same_name` leaves it out: clerks often type 吉克阿依 or 吉克 阿依 for 吉克·阿依.
    if filter.search and (term := normalize_name(filter.search)):
        if term[:1].isdigit():
            query = query.filter(id_card_number__startswith=term.upper())
        else:
            query = query.annotate(dotless_name=WithoutMiddleDot("name")).filter(
                dotless_name__icontains=term.replace(SEPARATOR, "")
            )
    return await keyset_page(query, first=first, after=after)


@dataclass(frozen=True, slots=True)
class ProfileChanges:
    """Fields a person may change themself; None leaves a field as it is."""

    phone: str | None = None
    county_code: str | None = None
    education: Education | None = None
    major: Major | None = None
    social_work_since: date | None = None
    graduated_on: date | None = None
    organization_name: str | None = None
    organization_id: int | None = None
    front_line: bool | None = None
    full_time_community_worker: bool | None = None


async def _check_profile_changes(person: Person, changes: ProfileChanges) -> Organization | None:
    """Every change checked before anything is written; the organisation to link, if any."""
    if changes.phone is not None:
        check_phone(changes.phone)
    if changes.county_code is not None:
        await check_county(changes.county_code)
    check_work_dates(
        person.birth_date,
        changes.social_work_since or person.social_work_since,
        changes.graduated_on or person.graduated_on,
        today=clock.today(),
    )
    if changes.organization_name is not None and not (
        0 < len(changes.organization_name.strip()) <= MAX_ORGANIZATION_NAME_LENGTH
    ):
        raise InvalidInput("工作单位不能为空，且不超过 100 个字", field="organizationName")
    organization: Organization | None = None
    if changes.organization_id is not None:
        organization = await Organization.get_or_none(id=changes.organization_id)
        if organization is None:
            raise OrganizationNotFound()
        if organization.status is not OrganizationStatus.APPROVED:
            raise OrganizationNotApproved()
    return organization


async def update_my_profile(actor: Actor, changes: ProfileChanges) -> Person:
    """The signed-in person changes their own registry record; None leaves a field as it is.

    Every change is checked before anything is written, with the rules of `add_person` (an 11-digit
    mobile number, a county of the prefecture, social work from the 16th birthday and study after birth,
    neither later than today, an employer's name of 1–100 characters). `organization_id` links the
    record to an approved organisation and takes its name as the employer's name. The name and the ID
    number cannot be changed here. When nothing differs, nothing is written.

    Writes the `Person` and the audit event `person.profile_updated`, which lists the changed fields, in
    one transaction.

    Raises:
        NoPerson: the account has no registry record.
        InvalidPhone, UnknownCounty, DatesOutOfOrder, InvalidInput: a change breaks the rules above.
        OrganizationNotFound: `organization_id` names no organisation.
        OrganizationNotApproved: the organisation is not (yet) approved.
    """
    if actor.person_id is None:
        raise NoPerson()
    person = await Person.get(id=actor.person_id)
    organization = await _check_profile_changes(person, changes)
    changed: list[str] = []
    for f in fields(changes):
        value = getattr(changes, f.name)
        if value is None or f.name == "organization_id":
            continue
        attribute = "county_id" if f.name == "county_code" else f.name
        if isinstance(value, str):
            value = value.strip()
        if getattr(person, attribute) != value:
            setattr(person, attribute, value)
            changed.append(f.name)
    if organization is not None and person.organization_id != organization.id:
        person.organization = organization
        person.organization_name = organization.name
        changed.append("organization_id")
    if not changed:
        return person
    async with write_transaction():
        await person.save()
        await audit.record(
            actor,
            "person.profile_updated",
            target_type="Person",
            target_id=person.id,
            county_code=person.county_id,
            summary={"changed": changed},
        )
    return person


# Other contexts reach counties, and the pure ID-number and masking rules, through this interface
# (contract `contexts-through-services`).
__all__ = [
    "CountySummary",
    "FilingCoverage",
    "InvalidIdCard",
    "PersonDetails",
    "PersonFilter",
    "PopulationFigure",
    "ProfileChanges",
    "add_person",
    "can_see_person",
    "check_county",
    "check_person_details",
    "county_filter_code",
    "county_names",
    "county_of",
    "files_approved_organization",
    "filing_coverage_by_county",
    "front_line_counts_by_county",
    "get_person_or_none",
    "import_population",
    "list_counties",
    "list_persons",
    "lock_person",
    "mask_account_number",
    "mask_id_card_number",
    "mask_name",
    "mask_phone",
    "parse_id_card",
    "persons_by_id_card_numbers",
    "persons_by_ids",
    "record_identity_reads",
    "update_my_profile",
]
