"""Resident identity card numbers (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit
sequence whose last digit is odd for men and even for women, and an ISO 7064 MOD 11-2 check character.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Final

WEIGHTS: Final = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS: Final = "10X98765432"
_SHAPE: Final = re.compile(r"^[0-9]{17}[0-9X]$")


class Sex(StrEnum):
    MALE = "MALE"
    FEMALE = "FEMALE"


class IdCardProblem(StrEnum):
    SHAPE = "身份证号应为 18 位，前 17 位为数字，最后一位为数字或 X"
    BIRTH_DATE = "身份证号中的出生日期无效"
    FUTURE_BIRTH_DATE = "身份证号中的出生日期晚于今天"
    CHECK_DIGIT = "身份证号校验码不正确，请核对"


@dataclass(frozen=True, slots=True)
class IdCard:
    number: str
    birth_date: date
    sex: Sex

    @property
    def region_code(self) -> str:
        return self.number[:6]


class InvalidIdCard(ValueError):
    def __init__(self, problem: IdCardProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def normalize(raw: str) -> str:
    """Full-width digits and Ｘ, as a Chinese input method types them, become ASCII."""
    return unicodedata.normalize("NFKC", raw).strip().upper()


def compute_check_character(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def parse_id_card(raw: str, *, today: date) -> IdCard:
    """The card's facts, or `InvalidIdCard` naming the first thing wrong with it."""
    number = normalize(raw)
    if not _SHAPE.fullmatch(number):
        raise InvalidIdCard(IdCardProblem.SHAPE)
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidIdCard(IdCardProblem.BIRTH_DATE) from None
    if born > today:
        raise InvalidIdCard(IdCardProblem.FUTURE_BIRTH_DATE)
    if compute_check_character(number[:17]) != number[17]:
        raise InvalidIdCard(IdCardProblem.CHECK_DIGIT)
    sex = Sex.MALE if int(number[16]) % 2 == 1 else Sex.FEMALE
    return IdCard(number=number, birth_date=born, sex=sex)


def make_id_card_number(region: str, born: date, sequence: int) -> str:
    """A well-formed number for demo data and tests (sequence 0–999)."""
    first17 = f"{region}{born:%Y%m%d}{sequence:03d}"
    return first17 + compute_check_character(first17)
