"""ID numbers that pass the checksum but could never have been issued (issue #8 §4): a first two digits that
are no province, a birth date before 1900. County codes are never judged: a number keeps the county code
of its first registration, however long ago that code was retired."""

from __future__ import annotations

from datetime import date

import pytest

from domain.people.id_card import (
    IdCardProblem,
    InvalidIdCard,
    compute_check_character,
    make_id_card_number,
    parse_id_card,
)

TODAY = date(2026, 11, 30)

# GB/T 2260's province-level codes, written out here rather than read from the code under test.
PROVINCES = {
    "11": "北京", "12": "天津", "13": "河北", "14": "山西", "15": "内蒙古",
    "21": "辽宁", "22": "吉林", "23": "黑龙江",
    "31": "上海", "32": "江苏", "33": "浙江", "34": "安徽", "35": "福建", "36": "江西", "37": "山东",
    "41": "河南", "42": "湖北", "43": "湖南", "44": "广东", "45": "广西", "46": "海南",
    "50": "重庆", "51": "四川", "52": "贵州", "53": "云南", "54": "西藏",
    "61": "陕西", "62": "甘肃", "63": "青海", "64": "宁夏", "65": "新疆",
    "71": "台湾", "81": "香港", "82": "澳门",
}  # fmt: skip


def problem_of(raw: str) -> IdCardProblem:
    with pytest.raises(InvalidIdCard) as caught:
        parse_id_card(raw, today=TODAY)
    return caught.value.problem


def with_check(first17: str) -> str:
    return first17 + compute_check_character(first17)


def test_the_all_zero_region_of_the_issue_is_refused_although_its_check_character_is_right() -> None:
    assert with_check("00000019900101123") == "00000019900101123X"
    assert problem_of("00000019900101123X") is IdCardProblem.PROVINCE
    assert "省级行政区划代码" in IdCardProblem.PROVINCE.value


def test_a_person_born_in_year_0001_is_refused() -> None:
    # 0001-01-01 is a date Python accepts, so only the rule can refuse it.
    number = with_check("53230100010101123")
    assert problem_of(number) is IdCardProblem.BIRTH_DATE_BEFORE_1900
    assert "1900" in IdCardProblem.BIRTH_DATE_BEFORE_1900.value


def test_the_last_day_of_1899_is_refused_and_the_first_of_1900_accepted() -> None:
    assert problem_of(make_id_card_number("532301", date(1899, 12, 31), 123)) is (
        IdCardProblem.BIRTH_DATE_BEFORE_1900
    )
    assert parse_id_card(make_id_card_number("532301", date(1900, 1, 1), 123), today=TODAY).birth_date == (
        date(1900, 1, 1)
    )


@pytest.mark.parametrize("province", sorted(PROVINCES))
def test_every_province_level_code_of_gb_t_2260_is_accepted(province: str) -> None:
    number = make_id_card_number(f"{province}0102", date(1990, 1, 1), 123)
    assert parse_id_card(number, today=TODAY).region_code == f"{province}0102"


@pytest.mark.parametrize(
    "first_two",
    [f"{n:02d}" for n in range(100) if f"{n:02d}" not in PROVINCES and f"{n:02d}" != "83" and n // 10 != 9],
)
def test_any_other_first_two_digits_are_refused(first_two: str) -> None:
    assert (
        problem_of(make_id_card_number(f"{first_two}2301", date(1990, 1, 1), 123)) is IdCardProblem.PROVINCE
    )


@pytest.mark.parametrize(
    ("region", "who"),
    [
        ("810000", "香港居民居住证"),
        ("820000", "澳门居民居住证"),
        ("830000", "台湾居民居住证"),
    ],
)
def test_residence_permits_of_hong_kong_macao_and_taiwan_residents_are_accepted(
    region: str, who: str
) -> None:
    number = make_id_card_number(region, date(1988, 8, 8), 21)
    assert parse_id_card(number, today=TODAY).number == number, who


def test_a_foreigners_permanent_residence_number_with_the_province_of_issue_is_accepted() -> None:
    # 2023 外国人永久居留身份证: 9, the issuing province (53 云南), the nationality (104 Myanmar), birth date.
    number = make_id_card_number("953104", date(1992, 4, 5), 12)
    card = parse_id_card(number, today=TODAY)
    assert card.birth_date == date(1992, 4, 5)


@pytest.mark.parametrize("region", ["900104", "999104", "984104"])
def test_a_nine_not_followed_by_a_province_is_refused(region: str) -> None:
    assert problem_of(make_id_card_number(region, date(1992, 4, 5), 12)) is IdCardProblem.PROVINCE


@pytest.mark.parametrize(
    ("region", "what"),
    [
        ("532331", "禄丰县, retired when it became 禄丰市 532302 in 2021"),
        ("532302", "禄丰市, today's code"),
        ("532300", "楚雄州's own code, no county"),
        ("539999", "no county that ever existed: the county part is not judged"),
    ],
)
def test_a_county_code_is_never_refused_for_being_out_of_date(region: str, what: str) -> None:
    number = make_id_card_number(region, date(1975, 6, 1), 35)
    assert parse_id_card(number, today=TODAY).region_code == region, what


def test_a_province_that_does_not_exist_is_named_before_a_wrong_check_character() -> None:
    good = make_id_card_number("002301", date(1990, 1, 1), 123)
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    assert problem_of(wrong) is IdCardProblem.PROVINCE
