"""What a person tells the registry about themself (seed §七 online registration), and the checks it
must pass before anything is written: a pure rule, given `today`, never the database."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Final

from domain import clock
from domain.errors import InvalidInput
from domain.names import validate_name
from domain.people.errors import DatesOutOfOrder, InvalidIdCardNumber, InvalidPhone
from domain.people.id_card import IdCard, InvalidIdCard, parse_id_card
from domain.people.vocabulary import Education, Major

PHONE: Final = re.compile(r"^1\d{10}$")
MAX_ORGANIZATION_NAME_LENGTH: Final = 100
# 《劳动法》第十五条: no employer may take on anyone under 16, so no one's social work starts earlier.
MINIMUM_WORKING_AGE: Final = 16


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
    """Everything about a registration that can be checked without the database.

    Raises InvalidName (`domain.names.validate_name`), InvalidIdCardNumber, InvalidPhone,
    DatesOutOfOrder, InvalidInput (the employer's name), in that order.
    """
    validate_name(details.name)
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
    """Dates a person gives about their work and study, against their birth date and `today` (all
    Asia/Shanghai business dates): social work starts no earlier than the 16th birthday (the minimum
    working age, 《劳动法》第十五条; born on 29 February, the 16th birthday in a common year is 1 March) and
    no later than today; full-time study ends after birth and no later than today.

    Raises:
        DatesOutOfOrder: `social_work_since` (field `socialWorkSince`) or `graduated_on` (field
            `graduatedOn`) breaks the rule; the message gives the earliest date allowed.
    """
    if social_work_since > today:
        raise DatesOutOfOrder("从事社会工作的起始日期不能晚于今天", field="socialWorkSince")
    working_age_from = clock.add_years(born, MINIMUM_WORKING_AGE)
    if social_work_since < working_age_from:
        raise DatesOutOfOrder(
            f"从事社会工作的起始日期不能早于年满 {MINIMUM_WORKING_AGE} 周岁之日（{working_age_from}）",
            field="socialWorkSince",
        )
    if graduated_on is not None and not born < graduated_on <= today:
        raise DatesOutOfOrder("全日制学习结束日期须在出生日期之后，且不晚于今天", field="graduatedOn")
