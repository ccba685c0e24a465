"""The enrolment number (报名号) a provider fills a roster in against, instead of an ID number it may
only see masked.

`BM` (报名), the enrolment's database id zero-padded to six digits, and a Damm check digit:
enrolment 123 is `BM0001234`. It is unique across the system (the id is), stable (an enrolment's id
never changes), short, and holds nothing about the person. The letters keep Excel and WPS from taking
it for a number and dropping its leading zeros; the check digit catches every single mistyped digit
and every swap of two adjacent digits, so a typo is refused rather than crediting the enrolee next
in line. The id is no secret: an enrolment's global ID carries it too.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

PREFIX: Final = "BM"
DIGITS: Final = 6  # the id's digits at least: BM + 6 + 1 check digit = 9 characters until id 999,999
EXAMPLE: Final = "BM0001234"
# Enrolment ids are 32-bit integers: a larger number names no enrolment, and neither database may be
# asked about it (SQLite overflows past 2**63, PostgreSQL refuses an int4 comparison past 2**31).
MAX_ID: Final = 2**31 - 1
# An ID number is 17 digits and a digit or X: nothing that starts with BM can be one.
_SHAPE: Final = re.compile(rf"{PREFIX}([0-9]{{{DIGITS + 1},}})")

# Damm's totally anti-symmetric quasigroup of order 10 (H. M. Damm, 2004).
_DAMM: Final = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)


class BadEnrollmentNumber(ValueError):
    """Text that is meant as an enrolment number but is not one; the message says why, in Chinese."""


def _damm(digits: str) -> int:
    interim = 0
    for digit in digits:
        interim = _DAMM[interim][int(digit)]
    return interim


def enrollment_number(enrollment_id: int) -> str:
    """`123` -> `BM0001234`: the enrolment number of the enrolment with that id (a positive integer)."""
    if enrollment_id < 1:
        raise ValueError("an enrolment id is positive")
    digits = str(enrollment_id).zfill(DIGITS)
    return f"{PREFIX}{digits}{_damm(digits)}"


def normalise(text: str) -> str:
    """How a cell is read before it is compared: NFKC (full-width `ＢＭ０００１２３４`), spaces and
    hyphens removed, letters upper-case (`bm 000123-4` is `BM0001234`)."""
    folded = unicodedata.normalize("NFKC", text).upper()
    return "".join(ch for ch in folded if not ch.isspace() and ch != "-")


def looks_like_enrollment_number(text: str) -> bool:
    """The text starts with BM: meant as an enrolment number (right or wrong), not as an ID number."""
    return normalise(text).startswith(PREFIX)


def parse_enrollment_number(text: str) -> int:
    """The enrolment id an enrolment number names, as `normalise` reads the text.

    Raises:
        BadEnrollmentNumber: not BM followed by at least seven digits, the check digit does not
            match (a digit mistyped or two swapped), or the number is beyond any enrolment id.
    """
    number = normalise(text)
    match = _SHAPE.fullmatch(number)
    if match is None:
        raise BadEnrollmentNumber(
            f"报名号「{_shown(text)}」格式不正确，应为 BM 加 7 位（及以上）数字，如 {EXAMPLE}"
        )
    digits = match.group(1)
    if _damm(digits) != 0:
        raise BadEnrollmentNumber(f"报名号「{_shown(text)}」有误（校验位不符），请核对后重填")
    enrollment_id = int(digits[:-1]) if len(digits) <= len(str(MAX_ID)) + 1 else 0
    if not 1 <= enrollment_id <= MAX_ID:
        raise BadEnrollmentNumber(f"报名号「{_shown(text)}」不存在")
    return enrollment_id


def _shown(text: str) -> str:
    """A cell quoted back in a message: trimmed, and cut short when someone pasted a paragraph."""
    text = text.strip()
    return text if len(text) <= 20 else text[:20] + "…"
