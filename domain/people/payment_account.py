"""Where a person's incentives are paid (开户银行, 账号; DOMAIN.md §Subsidies): recorded by the person or
by county staff in scope, masked in every view but the payout export."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from domain.access import Actor
from domain.audit import service as audit
from domain.errors import InvalidInput
from domain.names import plain_text
from domain.people.errors import InvalidAccountNumber, NoPerson
from domain.people.masking import mask_account_number
from domain.people.models import Person
from domain.transaction import write_transaction

MAX_BANK_NAME_LENGTH: Final = 100
# Chinese bank card and passbook numbers run from 8 to 30 digits (a card is 16–19, under GB/T 14916).
ACCOUNT_NUMBER: Final = re.compile(r"[0-9]{8,30}", re.ASCII)
# What people put between groups of digits when they copy a number from a card or a bank's message.
SEPARATORS: Final = re.compile(r"[\s\-]+")


def normalize_account_number(text: str) -> str:
    """The digits of an account number as typed: NFKC first (full-width ０-９ and － become ASCII),
    then spaces and hyphens between groups removed; what is left must be 8–30 ASCII digits.

    Raises:
        InvalidAccountNumber: letters, other signs, or too few or too many digits (field `accountNumber`).
    """
    digits = SEPARATORS.sub("", unicodedata.normalize("NFKC", text))
    if not ACCOUNT_NUMBER.fullmatch(digits):
        raise InvalidAccountNumber()
    return digits


def normalize_bank_name(text: str) -> str:
    """The bank's name (开户银行, e.g. 中国农业银行楚雄分行), NFKC and trimmed, 1–100 characters.

    Raises:
        InvalidInput: empty or longer than 100 characters (field `bankName`).
    """
    name = plain_text(text)
    if not 0 < len(name) <= MAX_BANK_NAME_LENGTH:
        raise InvalidInput(f"开户银行不能为空，且不超过 {MAX_BANK_NAME_LENGTH} 个字", field="bankName")
    return name


async def set_payment_account(
    actor: Actor, person_id: int | None, *, bank_name: str, account_number: str
) -> Person:
    """Record where `person_id`'s incentives are paid (None: the actor's own record). The person
    themself may, and admins whose scope includes the person's county (the prefecture admin
    everywhere); to anyone else the person does not exist.

    `bank_name` and `account_number` are checked and normalised (`normalize_bank_name`,
    `normalize_account_number`) and replace any account recorded before; an account already batched
    for payment keeps the copy the batch took. Recording the same account again writes nothing.

    Writes `Person.bank_name` and `Person.account_number` and the audit event
    `person.payment_account_set` (whose summary holds the bank and the masked number only) in one
    transaction.

    Raises:
        NoPerson: no person given and the account has no registry record, or the person does not
            exist or is outside the actor's scope (field `personId`).
        InvalidInput: the bank's name is empty or too long (field `bankName`).
        InvalidAccountNumber: the number is not 8–30 digits (field `accountNumber`).
    """
    if person_id is None:
        if actor.person_id is None:
            raise NoPerson(field="personId")
        person_id = actor.person_id
    person = await Person.get_or_none(id=person_id)
    if person is None or not (actor.person_id == person.id or actor.can_administer_county(person.county_id)):
        raise NoPerson("人才档案不存在或不在您的管理范围", field="personId")
    bank = normalize_bank_name(bank_name)
    number = normalize_account_number(account_number)
    if (person.bank_name, person.account_number) == (bank, number):
        return person
    async with write_transaction():
        await Person.filter(id=person.id).update(bank_name=bank, account_number=number)
        await audit.record(
            actor,
            "person.payment_account_set",
            target_type="Person",
            target_id=person.id,
            county_code=person.county_id,
            summary={"bankName": bank, "accountNumber": mask_account_number(number)},
        )
    person.bank_name, person.account_number = bank, number
    return person
