"""A person's payment account (开户银行, 账号): the number as people type it, who may record it, what the
audit trail keeps (the masked number only), and how it is masked."""

from __future__ import annotations

import pytest

from domain.access import Actor, Grant, Role
from domain.audit.models import AuditEvent
from domain.errors import InvalidInput
from domain.people.errors import InvalidAccountNumber, NoPerson
from domain.people.masking import mask_account_number
from domain.people.models import Person
from domain.people.payment_account import normalize_account_number, normalize_bank_name, set_payment_account
from tests.factories import actor_of, person_id_of, trainee

CARD = "6228480418877654321"  # 19 digits, as a 中国农业银行 debit card
BANK = "中国农业银行楚雄分行"
PREFECTURE = Actor(user_id=9001, username="zhou", grants=(Grant(Role.PREFECTURE_ADMIN),))
CHUXIONG_ADMIN = Actor(
    user_id=9002, username="chen", grants=(Grant(Role.COUNTY_ADMIN, county_code="532301"),)
)
LUFENG_ADMIN = Actor(user_id=9003, username="lili", grants=(Grant(Role.COUNTY_ADMIN, county_code="532302"),))


@pytest.mark.parametrize(
    ("typed", "digits"),
    [
        ("6228480418877654321", CARD),
        ("6228 4804 1887 7654 321", CARD),
        ("6228-4804-1887-7654-321", CARD),
        ("６２２８４８０４１８８７７６５４３２１", CARD),  # full-width digits, as a Chinese IME types them
        ("６２２８－４８０４　１８８７７６５４３２１", CARD),  # full-width hyphen and ideographic space
        (" 12345678 ", "12345678"),
        ("1" * 30, "1" * 30),
    ],
)
def test_an_account_number_is_its_digits_whatever_separates_them(typed: str, digits: str) -> None:
    assert normalize_account_number(typed) == digits


@pytest.mark.parametrize(
    "typed",
    ["1234567", "1" * 31, "62284804188776543X1", "6228.4804.1887", "", "   ", "١٢٣٤٥٦٧٨٩", "6228_4804_1887"],
)
def test_an_account_number_with_letters_other_signs_or_the_wrong_length_is_refused(typed: str) -> None:
    with pytest.raises(InvalidAccountNumber) as refused:
        normalize_account_number(typed)
    assert refused.value.field_path == ("accountNumber",)


def test_a_bank_name_is_trimmed_and_must_be_there_and_short() -> None:
    assert normalize_bank_name("  中国农业银行　楚雄分行 ") == "中国农业银行 楚雄分行"
    for bad in ["", "  ", "银" * 101]:
        with pytest.raises(InvalidInput) as refused:
            normalize_bank_name(bad)
        assert refused.value.field_path == ("bankName",)


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        (CARD, "6228***********4321"),
        ("6222021234567890", "6222********7890"),
        ("123456789012345", "***********2345"),
        ("12345678", "****5678"),
        ("1234", "****"),
        ("", ""),
    ],
)
def test_an_account_number_is_masked_to_its_last_four_and_a_long_ones_first_four(
    number: str, masked: str
) -> None:
    assert mask_account_number(number) == masked
    # Never more than half the digits are shown.
    assert sum(c != "*" for c in masked) <= len(number) // 2


async def test_a_person_records_their_own_account_and_the_trail_keeps_only_the_masked_number(db: str) -> None:
    user = await trainee("li.na")
    me = await actor_of(user)
    person = await set_payment_account(
        me, None, bank_name=f" {BANK} ", account_number="6228 4804 1887 7654 321"
    )
    assert (person.bank_name, person.account_number) == (BANK, CARD)
    stored = await Person.get(id=person_id_of(user))
    assert (stored.bank_name, stored.account_number) == (BANK, CARD)
    [event] = await AuditEvent.filter(action="person.payment_account_set")
    assert (event.target_id, event.county_code) == (str(stored.id), "532301")
    assert event.summary == {"bankName": BANK, "accountNumber": "6228***********4321"}
    assert CARD not in str(event.summary)


async def test_the_same_account_again_writes_nothing_and_a_new_one_replaces_it(db: str) -> None:
    me = await actor_of(await trainee("li.na"))
    await set_payment_account(me, None, bank_name=BANK, account_number=CARD)
    await set_payment_account(me, None, bank_name=BANK, account_number=f"{CARD[:4]}-{CARD[4:]}")
    assert await AuditEvent.filter(action="person.payment_account_set").count() == 1
    changed = await set_payment_account(
        me, me.person_id, bank_name="中国建设银行", account_number="6217001234567890"
    )
    assert changed.account_number == "6217001234567890"
    assert await AuditEvent.filter(action="person.payment_account_set").count() == 2


async def test_county_staff_in_scope_record_a_persons_account_and_others_find_no_such_person(db: str) -> None:
    person_id = person_id_of(await trainee("li.na", county_code="532301"))
    neighbour = await actor_of(await trainee("wang.qiang", county_code="532301"))
    for admin in (CHUXIONG_ADMIN, PREFECTURE):
        done = await set_payment_account(admin, person_id, bank_name=BANK, account_number=CARD)
        assert done.account_number == CARD
    for stranger in (LUFENG_ADMIN, neighbour):
        with pytest.raises(NoPerson) as refused:
            await set_payment_account(stranger, person_id, bank_name=BANK, account_number="6217001234567890")
        assert refused.value.field_path == ("personId",)
    with pytest.raises(NoPerson):
        await set_payment_account(PREFECTURE, person_id + 100, bank_name=BANK, account_number=CARD)
    assert (await Person.get(id=person_id)).account_number == CARD
    assert await AuditEvent.filter(action="person.payment_account_set").count() == 1


async def test_staff_without_a_person_must_name_one_and_a_bad_number_writes_nothing(db: str) -> None:
    with pytest.raises(NoPerson):
        await set_payment_account(CHUXIONG_ADMIN, None, bank_name=BANK, account_number=CARD)
    me = await actor_of(await trainee("li.na"))
    with pytest.raises(InvalidAccountNumber):
        await set_payment_account(me, None, bank_name=BANK, account_number="6228abcd18877654")
    assert (await Person.get(id=me.person_id)).account_number is None
    assert await AuditEvent.filter(action="person.payment_account_set").count() == 0
