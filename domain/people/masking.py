"""How identity numbers and phones look to those who may not see them whole."""

from __future__ import annotations


def mask_id_card_number(number: str) -> str:
    """`532301199001011234` -> `5323**********1234`: the prefecture prefix and the last four stay."""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_phone(phone: str) -> str:
    """`13812345678` -> `138****5678`."""
    if len(phone) <= 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_name(name: str) -> str:
    """`张三丰` -> `张**`: the surname only, as public lists show it."""
    return name[:1] + "*" * (len(name) - 1) if name else name


def mask_account_number(number: str) -> str:
    """`6222021234567891234` -> `6222***********1234`: the last four stay, as a bank's own notices show
    them; the first four (the card's issuer prefix) too when at least half the digits stay hidden, so a
    short passbook number `1234567890` -> `******7890` never shows more than its last four."""
    if len(number) <= 4:
        return "*" * len(number)
    if len(number) < 16:
        return "*" * (len(number) - 4) + number[-4:]
    return number[:4] + "*" * (len(number) - 8) + number[-4:]
