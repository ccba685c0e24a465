"""Unified social credit codes (GB 32100-2015): 18 characters from a 31-letter alphabet without
I, O, Z, S, V; the last is a check character, 31 minus the weighted sum mod 31.
"""

from __future__ import annotations

import unicodedata
from typing import Final

ALPHABET: Final = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS: Final = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


class InvalidCreditCode(ValueError):
    pass


def compute_check_character(first17: str) -> str:
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def parse_credit_code(raw: str) -> str:
    """The normalised code, or `InvalidCreditCode` with a Chinese reason."""
    code = unicodedata.normalize("NFKC", raw).strip().upper()
    if len(code) != 18 or any(c not in ALPHABET for c in code):
        raise InvalidCreditCode("统一社会信用代码应为 18 位，由数字和大写字母组成（不含 I、O、Z、S、V）")
    if compute_check_character(code[:17]) != code[17]:
        raise InvalidCreditCode("统一社会信用代码校验位不正确，请核对")
    return code


def make_credit_code(first17: str) -> str:
    """A well-formed code for demo data and tests."""
    return first17 + compute_check_character(first17)
