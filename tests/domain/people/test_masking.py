"""What those who may not see an identity number, phone or name whole see instead."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.people.masking import mask_id_card_number, mask_name, mask_phone


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("532301199001011234", "5323**********1234"),
        ("53230119900101123X", "5323**********123X"),
        ("532301900101123", "5323*******1123"),
        ("123456789", "1234*6789"),
        ("12345678", "********"),
        ("1234", "****"),
        ("", ""),
    ],
)
def test_an_id_card_number_keeps_only_its_first_four_and_last_four_characters(
    number: str, masked: str
) -> None:
    assert mask_id_card_number(number) == masked


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("0878-3121234", "087*****1234"),
        ("12345678", "123*5678"),
        ("1234567", "*******"),
        ("110", "***"),
        ("", ""),
    ],
)
def test_a_phone_keeps_only_its_first_three_and_last_four_characters(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三丰", "张**"),
        ("李四", "李*"),
        ("欧阳修", "欧**"),
        ("阿苏·拉哈", "阿****"),
        ("王", "王"),
        ("", ""),
    ],
)
def test_a_name_keeps_only_its_first_character(name: str, masked: str) -> None:
    assert mask_name(name) == masked


@given(number=st.text(min_size=9, max_size=40))
def test_a_long_number_shows_its_ends_and_hides_everything_between(number: str) -> None:
    masked = mask_id_card_number(number)
    assert len(masked) == len(number)
    assert masked[:4] == number[:4]
    assert masked[-4:] == number[-4:]
    assert set(masked[4:-4]) == {"*"}


@given(number=st.text(max_size=8))
def test_a_short_number_is_hidden_entirely(number: str) -> None:
    assert mask_id_card_number(number) == "*" * len(number)


@given(phone=st.text(min_size=8, max_size=30))
def test_a_long_phone_shows_its_ends_and_hides_everything_between(phone: str) -> None:
    masked = mask_phone(phone)
    assert len(masked) == len(phone)
    assert masked[:3] == phone[:3]
    assert masked[-4:] == phone[-4:]
    assert set(masked[3:-4]) == {"*"}


@given(phone=st.text(max_size=7))
def test_a_short_phone_is_hidden_entirely(phone: str) -> None:
    assert mask_phone(phone) == "*" * len(phone)


@given(name=st.text(min_size=1, max_size=20))
def test_a_masked_name_keeps_its_length_and_first_character(name: str) -> None:
    masked = mask_name(name)
    assert len(masked) == len(name)
    assert masked[0] == name[0]
    assert set(masked[1:]) <= {"*"}
