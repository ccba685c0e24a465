"""Resident identity card numbers (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit
sequence whose last digit is odd for men and even for women, and an ISO 7064 MOD 11-2 check character.

Beyond the checksum, a number must be one that could have been issued: its first two digits a
province-level code, and a birth date from 1900 to today. Only the province is checked, never the county:
a number keeps the county code of its first registration for life, so codes retired since (禄丰县 532331,
now 禄丰市 532302) stay valid, and no table of today's codes can judge them.
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

# The province-level codes of GB/T 2260: the first two digits of every 公民身份号码's address code.
PROVINCE_CODES: Final = frozenset(
    {"11", "12", "13", "14", "15"}  # 北京 天津 河北 山西 内蒙古
    | {"21", "22", "23"}  # 辽宁 吉林 黑龙江
    | {"31", "32", "33", "34", "35", "36", "37"}  # 上海 江苏 浙江 安徽 福建 江西 山东
    | {"41", "42", "43", "44", "45", "46"}  # 河南 湖北 湖南 广东 广西 海南
    | {"50", "51", "52", "53", "54"}  # 重庆 四川 贵州 云南 西藏
    | {"61", "62", "63", "64", "65"}  # 陕西 甘肃 青海 宁夏 新疆
    | {"71", "81", "82"}  # 台湾 香港 澳门
)
# 港澳台居民居住证 (《港澳台居民居住证申领发放办法》, 2018) carry a 公民身份号码 whose address
# code is 810000, 820000 or 830000: 83 is not in GB/T 2260 but is the code of every Taiwan resident's permit.
RESIDENCE_PERMIT_CODES: Final = frozenset({"83"})
# The 2023 外国人永久居留身份证 (国家移民管理局, issued from 2023-12-01) has an 18-character number built on
# GB 11643: "9" marks a foreigner (a citizen's number starts 1–8), the next two digits are the province-level
# code of the issuing place, then the nationality, the birth date in the same places, and the same check.
FOREIGN_PERMANENT_RESIDENT_MARK: Final = "9"
# The earliest birth date a registry of working people accepts: anything before is a mistyped year.
EARLIEST_BIRTH_DATE: Final = date(1900, 1, 1)


class Sex(StrEnum):
    MALE = "MALE"
    FEMALE = "FEMALE"


class IdCardProblem(StrEnum):
    SHAPE = "身份证号应为 18 位，前 17 位为数字，最后一位为数字或 X"
    BIRTH_DATE = "身份证号中的出生日期无效"
    BIRTH_DATE_BEFORE_1900 = "身份证号中的出生日期早于 1900 年，请核对出生年份"
    FUTURE_BIRTH_DATE = "身份证号中的出生日期晚于今天"
    PROVINCE = "身份证号前两位不是省级行政区划代码（GB/T 2260），请核对"
    CHECK_DIGIT = "身份证号校验码不正确，请核对"
    LOST_DIGITS = (
        "身份证号末三位是 000 且校验码不符：多半是 Excel 把身份证号当作数字保存，丢失了末几位；"
        "请把该列设置为文本格式后重新填写"
    )


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


def is_province_code(number: str) -> bool:
    """Whether a number's address code starts with a province-level code: GB/T 2260's, a 港澳台居民居住证's
    83, or the province of issue after the 9 of a 外国人永久居留身份证."""
    if number.startswith(FOREIGN_PERMANENT_RESIDENT_MARK):
        return number[1:3] in PROVINCE_CODES
    return number[:2] in PROVINCE_CODES or number[:2] in RESIDENCE_PERMIT_CODES


def parse_id_card(raw: str, *, today: date) -> IdCard:
    """The card's facts, or `InvalidIdCard` naming the first thing wrong with it.

    `raw` may have full-width digits, a lower-case x and surrounding spaces (`normalize`); `today` is the
    Asia/Shanghai business date. The checks run in this order, so the message names what the user can see
    before the check character, which only says that some digit is wrong: the shape (SHAPE), a birth date
    that exists (BIRTH_DATE), from 1900-01-01 (BIRTH_DATE_BEFORE_1900) to today (FUTURE_BIRTH_DATE), a
    province-level first two digits (PROVINCE, `is_province_code`; the county part is never judged), and
    the MOD 11-2 check character (CHECK_DIGIT; LOST_DIGITS when the number ends in 000, as one Excel
    stored as a number does).
    """
    number = normalize(raw)
    if not _SHAPE.fullmatch(number):
        raise InvalidIdCard(IdCardProblem.SHAPE)
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidIdCard(IdCardProblem.BIRTH_DATE) from None
    if born < EARLIEST_BIRTH_DATE:
        raise InvalidIdCard(IdCardProblem.BIRTH_DATE_BEFORE_1900)
    if born > today:
        raise InvalidIdCard(IdCardProblem.FUTURE_BIRTH_DATE)
    if not is_province_code(number):
        raise InvalidIdCard(IdCardProblem.PROVINCE)
    if compute_check_character(number[:17]) != number[17]:
        # Excel keeps 15 significant digits of a number: an ID column formatted as a number and saved
        # as CSV comes out with its last three characters as 000 (532301198511021000).
        lost = number.endswith("000")
        raise InvalidIdCard(IdCardProblem.LOST_DIGITS if lost else IdCardProblem.CHECK_DIGIT)
    sex = Sex.MALE if int(number[16]) % 2 == 1 else Sex.FEMALE
    return IdCard(number=number, birth_date=born, sex=sex)


def make_id_card_number(region: str, born: date, sequence: int) -> str:
    """A well-formed number for demo data and tests (sequence 0–999)."""
    first17 = f"{region}{born:%Y%m%d}{sequence:03d}"
    return first17 + compute_check_character(first17)
