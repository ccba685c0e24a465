"""GB 11643-1999 resident identity card numbers: shape, birth date, check character, sex.

Which numbers could have been issued at all (province, birth from 1900) is in test_id_card_plausibility.py."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.people.id_card import (
    PROVINCE_CODES,
    IdCardProblem,
    InvalidIdCard,
    Sex,
    compute_check_character,
    is_province_code,
    make_id_card_number,
    parse_id_card,
)

TODAY = date(2025, 6, 1)
CHUXIONG_CITY = "532301"
CHECK_ALPHABET = "0123456789X"

# Every real number starts with a province-level code; the county part is never judged.
regions = st.builds(
    str.__add__,
    st.sampled_from(sorted(PROVINCE_CODES)),
    st.from_regex(r"[0-9]{4}", fullmatch=True),
)
birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
sequences = st.integers(min_value=0, max_value=999)


def problem_of(raw: str, *, today: date = TODAY) -> IdCardProblem:
    with pytest.raises(InvalidIdCard) as caught:
        parse_id_card(raw, today=today)
    return caught.value.problem


def outcome_of(raw: str) -> str:
    """The accepted number, or the problem refusing it."""
    try:
        return parse_id_card(raw, today=TODAY).number
    except InvalidIdCard as refused:
        return refused.problem


def with_check(first17: str) -> str:
    return first17 + compute_check_character(first17)


def with_last(number: str, last: str) -> str:
    return number[:17] + last


# The worked examples printed in GB 11643-1999 itself: an anchor independent of the code under test.
def test_the_example_published_in_the_standard_is_valid() -> None:
    card = parse_id_card("11010519491231002X", today=TODAY)
    assert (card.number, card.birth_date, card.sex) == ("11010519491231002X", date(1949, 12, 31), Sex.FEMALE)


def test_the_standards_other_example_born_in_1880_is_refused_although_its_check_character_is_right() -> None:
    assert compute_check_character("44052418800101001") == "4"
    assert problem_of("440524188001010014") is IdCardProblem.BIRTH_DATE_BEFORE_1900


@pytest.mark.parametrize(
    ("region", "born", "sequence"),
    [
        (CHUXIONG_CITY, date(1990, 1, 1), 123),
        ("532302", date(1985, 7, 15), 1),
        ("532322", date(2000, 2, 29), 998),
        ("532329", date(1960, 12, 31), 0),
        ("532328", date(2007, 10, 9), 999),
    ],
)
def test_a_well_formed_number_yields_its_birth_date_region_and_sex(
    region: str, born: date, sequence: int
) -> None:
    number = make_id_card_number(region, born, sequence)
    card = parse_id_card(number, today=TODAY)
    assert card.number == number
    assert card.birth_date == born
    assert card.region_code == region
    assert card.sex is (Sex.MALE if sequence % 2 == 1 else Sex.FEMALE)


def check_problem(number: str) -> IdCardProblem:
    """What a number with a wrong check character is refused as: one ending in 000 is most likely an
    ID that Excel stored as a number, which keeps only 15 significant digits."""
    return IdCardProblem.LOST_DIGITS if number.endswith("000") else IdCardProblem.CHECK_DIGIT


def test_an_id_number_excel_stored_as_a_number_is_refused_as_such() -> None:
    # 53230119851102101X typed into a number-formatted column and saved as CSV.
    with pytest.raises(InvalidIdCard) as caught:
        parse_id_card("532301198511021000", today=TODAY)
    assert caught.value.problem is IdCardProblem.LOST_DIGITS
    assert "设置为文本格式" in str(caught.value)


def test_a_wrong_check_digit_is_refused() -> None:
    number = make_id_card_number(CHUXIONG_CITY, date(1990, 1, 1), 123)
    wrong = "0" if number[17] != "0" else "1"
    assert problem_of(with_last(number, wrong)) is check_problem(with_last(number, wrong))


def test_a_lowercase_x_check_character_is_normalised_to_uppercase() -> None:
    card = parse_id_card("11010519491231002x", today=TODAY)
    assert card.number == "11010519491231002X"


def test_surrounding_whitespace_is_ignored() -> None:
    card = parse_id_card("  11010519491231002X\n", today=TODAY)
    assert card.number == "11010519491231002X"


def test_the_refusal_is_a_value_error_carrying_the_chinese_message() -> None:
    with pytest.raises(ValueError, match="校验码") as caught:
        parse_id_card("110105194912310020", today=TODAY)
    assert isinstance(caught.value, InvalidIdCard)
    assert str(caught.value) == IdCardProblem.CHECK_DIGIT.value


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("", id="empty"),
        pytest.param("44052418800101001", id="17 characters"),
        pytest.param("4405241880010100144", id="19 characters"),
        pytest.param("532301900101123", id="the old 15-digit form"),
        pytest.param("A40524188001010014", id="a letter first"),
        pytest.param("4405241880O1010014", id="a letter O for a zero"),
        pytest.param("44052418800101X014", id="an X before the last place"),
        pytest.param("44052418800101001A", id="a letter other than X last"),
        pytest.param("440524 88001010014", id="a space inside"),
        pytest.param("440524-1880-0101-0014", id="separators"),
    ],
)
def test_a_number_of_the_wrong_shape_is_refused(raw: str) -> None:
    assert problem_of(raw) is IdCardProblem.SHAPE


@pytest.mark.parametrize(
    "birth",
    [
        pytest.param("19900230", id="February 30"),
        pytest.param("20230229", id="February 29 in a common year"),
        pytest.param("19001301", id="month 13"),
        pytest.param("19900001", id="month 00"),
        pytest.param("19900100", id="day 00"),
        pytest.param("19900431", id="April 31"),
        pytest.param("00000101", id="year 0"),
    ],
)
def test_a_birth_date_that_does_not_exist_is_refused(birth: str) -> None:
    # The check character is right, so only the date can be what is wrong.
    assert problem_of(with_check(f"{CHUXIONG_CITY}{birth}123")) is IdCardProblem.BIRTH_DATE


def test_february_29_in_a_leap_year_is_a_birth_date() -> None:
    card = parse_id_card(with_check(f"{CHUXIONG_CITY}20000229123"), today=TODAY)
    assert card.birth_date == date(2000, 2, 29)


def test_a_birth_date_after_today_is_refused() -> None:
    number = make_id_card_number(CHUXIONG_CITY, TODAY + timedelta(days=1), 123)
    assert problem_of(number) is IdCardProblem.FUTURE_BIRTH_DATE


def test_a_person_born_today_is_accepted() -> None:
    number = make_id_card_number(CHUXIONG_CITY, TODAY, 123)
    assert parse_id_card(number, today=TODAY).birth_date == TODAY


def test_whether_a_birth_date_is_in_the_future_depends_on_the_given_today() -> None:
    number = make_id_card_number(CHUXIONG_CITY, date(2026, 1, 1), 123)
    assert problem_of(number, today=date(2025, 12, 31)) is IdCardProblem.FUTURE_BIRTH_DATE
    assert parse_id_card(number, today=date(2026, 1, 1)).birth_date == date(2026, 1, 1)


@pytest.mark.parametrize(
    ("seventeenth", "sex"),
    [(str(d), Sex.MALE if d % 2 == 1 else Sex.FEMALE) for d in range(10)],
)
def test_the_seventeenth_digit_is_odd_for_men_and_even_for_women(seventeenth: str, sex: Sex) -> None:
    number = with_check(f"{CHUXIONG_CITY}1990010112{seventeenth}")
    assert parse_id_card(number, today=TODAY).sex is sex


def test_full_width_digits_are_never_returned_as_a_card_number() -> None:
    full_width = str.maketrans("0123456789", "０１２３４５６７８９")
    raw = "11010519491231002".translate(full_width) + "X"
    # Refusing the shape, or normalising to ASCII digits, would both be right.
    assert outcome_of(raw) == "11010519491231002X"


@given(region=regions, born=birth_dates, sequence=sequences)
def test_every_made_number_parses_back_to_its_birth_date(region: str, born: date, sequence: int) -> None:
    card = parse_id_card(make_id_card_number(region, born, sequence), today=TODAY)
    assert card.birth_date == born
    assert card.region_code == region
    assert card.sex is (Sex.MALE if sequence % 2 == 1 else Sex.FEMALE)


@given(region=regions, born=birth_dates, sequence=sequences)
def test_every_other_check_character_is_refused(region: str, born: date, sequence: int) -> None:
    number = make_id_card_number(region, born, sequence)
    for other in CHECK_ALPHABET.replace(number[17], ""):
        assert problem_of(with_last(number, other)) is check_problem(with_last(number, other))


@given(
    region=regions,
    born=birth_dates,
    sequence=sequences,
    # Region and sequence places: changing them cannot make the birth date invalid.
    position=st.sampled_from([0, 1, 2, 3, 4, 5, 14, 15, 16]),
    shift=st.integers(min_value=1, max_value=9),
)
def test_a_single_mistyped_region_or_sequence_digit_is_caught_by_the_check_character(
    region: str, born: date, sequence: int, position: int, shift: int
) -> None:
    number = make_id_card_number(region, born, sequence)
    typo = str((int(number[position]) + shift) % 10)
    mistyped = number[:position] + typo + number[position + 1 :]
    # A typo that leaves no province is named as such, the more precise message; any other is caught
    # by the check character.
    expected = check_problem(mistyped) if is_province_code(mistyped) else IdCardProblem.PROVINCE
    assert problem_of(mistyped) is expected
