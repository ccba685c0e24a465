"""GB 32100-2015 unified social credit codes: 18 characters, no I O Z S V, MOD 31 check character."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.people.credit_code import (
    ALPHABET,
    InvalidCreditCode,
    make_credit_code,
    parse_credit_code,
)

# The example printed in GB 32100-2015: an anchor independent of the code under test.
PUBLISHED = "91350100M000100Y43"
SHAPE_MESSAGE = "应为 18 位"
CHECK_MESSAGE = "校验位不正确"

first17s = st.text(alphabet=ALPHABET, min_size=17, max_size=17)


def test_the_code_published_in_the_standard_is_valid() -> None:
    assert parse_credit_code(PUBLISHED) == PUBLISHED


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("91350100m000100y43", id="lowercase"),
        pytest.param("  91350100M000100Y43\t", id="surrounding whitespace"),
        pytest.param(" 91350100m000100Y43\n", id="both"),
    ],
)
def test_a_code_is_normalised_to_uppercase_without_surrounding_whitespace(raw: str) -> None:
    assert parse_credit_code(raw) == PUBLISHED


@pytest.mark.parametrize("last", sorted(set(ALPHABET) - {PUBLISHED[17]}))
def test_a_code_with_the_wrong_last_character_is_refused(last: str) -> None:
    with pytest.raises(InvalidCreditCode, match=CHECK_MESSAGE):
        parse_credit_code(PUBLISHED[:17] + last)


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V", "i", "o", "z", "s", "v"])
@pytest.mark.parametrize("position", [0, 8, 17])
def test_the_letters_i_o_z_s_v_are_refused_anywhere(letter: str, position: int) -> None:
    code = PUBLISHED[:position] + letter + PUBLISHED[position + 1 :]
    with pytest.raises(InvalidCreditCode, match=SHAPE_MESSAGE):
        parse_credit_code(code)


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("", id="empty"),
        pytest.param(PUBLISHED[:17], id="17 characters"),
        pytest.param(PUBLISHED + "3", id="19 characters"),
        pytest.param("91350100-M000100Y43", id="a separator"),
        pytest.param("91350100 M00100Y43", id="a space inside"),
        pytest.param("91350100M000100Y4#", id="punctuation"),
    ],
)
def test_a_code_of_the_wrong_shape_is_refused(raw: str) -> None:
    with pytest.raises(InvalidCreditCode, match=SHAPE_MESSAGE):
        parse_credit_code(raw)


def test_the_refusal_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=CHECK_MESSAGE):
        parse_credit_code(PUBLISHED[:17] + "0")


def test_make_credit_code_reproduces_the_published_check_character() -> None:
    assert make_credit_code(PUBLISHED[:17]) == PUBLISHED


@given(first17=first17s)
def test_every_made_code_is_accepted(first17: str) -> None:
    code = make_credit_code(first17)
    assert len(code) == 18
    assert code.startswith(first17)
    assert parse_credit_code(code) == code
    assert parse_credit_code(code.lower()) == code


@given(first17=first17s, data=st.data())
def test_a_single_changed_character_is_always_caught(first17: str, data: st.DataObject) -> None:
    # 31 is prime and no weight is a multiple of it, so MOD 31 catches every single substitution.
    code = make_credit_code(first17)
    position = data.draw(st.integers(min_value=0, max_value=17), label="position")
    other = data.draw(st.sampled_from(ALPHABET.replace(code[position], "")), label="replacement")
    with pytest.raises(InvalidCreditCode, match=CHECK_MESSAGE):
        parse_credit_code(code[:position] + other + code[position + 1 :])


def test_full_width_characters_typed_with_a_chinese_input_method_are_normalised() -> None:
    assert parse_credit_code("９１３５０１００Ｍ０００１００Ｙ４３") == "91350100M000100Y43"
