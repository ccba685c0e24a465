"""What a person tells the registry about themself (seed §七 online registration), and the checks it
must pass before anything is written: a pure rule, given `today`, never the database."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Final

from domain.errors import InvalidInput
from domain.people.errors import DatesOutOfOrder, InvalidIdCardNumber, InvalidPhone
from domain.people.id_card import IdCard, InvalidIdCard, parse_id_card
from domain.people.vocabulary import Education, Major

PHONE: Final = re.compile(r"^1\d{10}$")
MAX_NAME_LENGTH: Final = 50
MAX_ORGANIZATION_NAME_LENGTH: Final = 100


@dataclass(frozen=True, slots=True)
class PersonDetails:
    """What a person tells the registry about themself (seed §七 online registration)."""

    name: str
    id_card_number: str
    phone: str
    county_code: str
    education: Education
    major: Major
    social_work_since: date
    graduated_on: date | None
    organization_name: str
    front_line: bool
    full_time_community_worker: bool


def check_person_details(details: PersonDetails, *, today: date) -> IdCard:
    """Everything about a registration that can be checked without the database."""
    name = details.name.strip()
    if not name or len(name) > MAX_NAME_LENGTH:
        raise InvalidInput(f"姓名不能为空，且不超过 {MAX_NAME_LENGTH} 个字", field="name")
    try:
        card = parse_id_card(details.id_card_number, today=today)
    except InvalidIdCard as exc:
        raise InvalidIdCardNumber(exc.problem.value) from None
    check_phone(details.phone)
    check_work_dates(card.birth_date, details.social_work_since, details.graduated_on, today=today)
    organization = details.organization_name.strip()
    if not organization or len(organization) > MAX_ORGANIZATION_NAME_LENGTH:
        raise InvalidInput(
            f"工作单位不能为空，且不超过 {MAX_ORGANIZATION_NAME_LENGTH} 个字",
            field="organizationName",
        )
    return card


def check_phone(phone: str) -> None:
    if not PHONE.fullmatch(phone.strip()):
        raise InvalidPhone()


def check_work_dates(born: date, social_work_since: date, graduated_on: date | None, *, today: date) -> None:
    if not born < social_work_since <= today:
        raise DatesOutOfOrder("从事社会工作的起始日期须在出生日期之后，且不晚于今天", field="socialWorkSince")
    if graduated_on is not None and not born < graduated_on <= today:
        raise DatesOutOfOrder("全日制学习结束日期须在出生日期之后，且不晚于今天", field="graduatedOn")
