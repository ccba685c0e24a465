"""The one normalisation of personal names: the spellings people type become the form the national
name-collection rules require, and what cannot be a name is refused with a reason."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import ErrorCode
from domain.names import (
    DOT_LOOKALIKES,
    InvalidName,
    free_text,
    is_han,
    normalize_name,
    plain_text,
    same_name,
    validate_name,
)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("阿依·木呷", "阿依·木呷"),
        ("阿依•木呷", "阿依·木呷"),  # • U+2022, Word and WPS
        ("阿依・木呷", "阿依·木呷"),  # ・ U+30FB
        ("阿依．木呷", "阿依·木呷"),  # ． U+FF0E, the full-width full stop
        ("阿依.木呷", "阿依·木呷"),
        ("阿依。木呷", "阿依·木呷"),  # the 。 a Chinese input method gives for "."
        ("阿依‧木呷", "阿依·木呷"),  # ‧ U+2027
        ("阿依∙木呷", "阿依·木呷"),  # ∙ U+2219
        ("阿依⋅木呷", "阿依·木呷"),  # ⋅ U+22C5
        ("阿依･木呷", "阿依·木呷"),  # ･ U+FF65
        ("阿依\u0387木呷", "阿依·木呷"),  # · U+0387 GREEK ANO TELEIA
        ("阿依᛫木呷", "阿依·木呷"),  # ᛫ U+16EB
        ("阿依⸱木呷", "阿依·木呷"),  # ⸱ U+2E31
        ("阿依ㆍ木呷", "阿依·木呷"),  # ㆍ U+318D
        ("阿依 · 木呷", "阿依·木呷"),
        ("阿依 • 木呷", "阿依·木呷"),
        ("阿依 . 木呷", "阿依·木呷"),
        ("李　娜", "李娜"),  # U+3000 inside a Han name
        ("  李 娜\u3000", "李娜"),
        ("\t李娜\n", "李娜"),
        ("李\u200b娜", "李娜"),  # a zero-width space pasted from a web page
        ("\ufeff李娜", "李娜"),  # a byte-order mark left by a CSV export
        ("⼈民", "人民"),  # ⼈ the Kangxi radical U+2F08, as some fonts' input gives it
        ("𠮷娜", "𠮷娜"),  # Extension B stays as it is
        ("Ｚｈａｎｇ　Ｓａｎ", "Zhang San"),  # full-width Latin
        ("  Zhang   San ", "Zhang San"),
        ("Ayi.Muga", "Ayi·Muga"),
        ("Ayi • Muga", "Ayi·Muga"),
        ("J. Smith", "J. Smith"),  # an abbreviation, not a separator: kept, and refused by validate_name
        ("张三3", "张三3"),  # the normaliser checks nothing
        ("", ""),
        ("　 ", ""),
    ],
)
def test_typed_spellings_normalise_to_the_stored_form(typed: str, stored: str) -> None:
    assert normalize_name(typed) == stored


@pytest.mark.parametrize("dot", sorted(DOT_LOOKALIKES))
def test_every_look_alike_dot_between_two_parts_becomes_the_middle_dot(dot: str) -> None:
    assert normalize_name(f"吉克{dot}阿依") == "吉克·阿依"
    assert validate_name(f"吉克{dot}阿依") == "吉克·阿依"


@given(st.text(max_size=20))
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalize_name(text)
    assert normalize_name(once) == once


@given(st.text(max_size=20))
def test_a_valid_name_is_stored_as_it_validates(text: str) -> None:
    try:
        name = validate_name(text)
    except InvalidName:
        return
    assert name == normalize_name(text)
    assert validate_name(name) == name
    assert 2 <= len(name) <= 40


@pytest.mark.parametrize(
    "name",
    [
        "李娜",
        "阿依·木呷",
        "吉克·阿依·木呷",
        "欧阳娜娜",
        "𠮷娜",  # Extension B
        "䶮娜",  # Extension A
        "Zhang San",
        "Ayi·Muga",
        "Li",
        "Müller Zoë",
        "Lǚ Xiǎo",  # pinyin with tone marks
        "阿" * 40,
        "王〇",  # 〇 (U+3007) is a character of names, not a digit
    ],
)
def test_real_names_are_accepted(name: str) -> None:
    assert validate_name(name) == name


@pytest.mark.parametrize(
    ("name", "message_says"),
    [
        ("<script>alert(1)</script>", "「<」"),
        ("张三3", "数字"),
        ("张三３", "数字"),  # a full-width digit is a digit
        ("·木呷", "开头"),
        ("•木呷", "开头"),
        ("木呷·", "开头、结尾"),
        ("阿依··木呷", "连用"),
        ("", "请填写姓名"),
        ("   ", "请填写姓名"),
        ("李", "2 到 40"),
        ("阿" * 41, "2 到 40"),
        ("李Na", "全部用汉字或全部用拉丁字母"),
        ("J. Smith", "「.」"),
        ("O'Neil", "「'」"),
        ("李娜;DROP TABLE person", "「;」"),
        ("李-娜", "「-」"),
        ("Алексей", "「А」"),  # Cyrillic is not Latin, however alike it looks
        ("ㄅㄆ", "「ㄅ」"),  # bopomofo is a phonetic script, not a name
        ("李\x00娜", "U+0000"),
    ],
)
def test_what_cannot_be_a_name_is_refused_with_a_reason(name: str, message_says: str) -> None:
    with pytest.raises(InvalidName) as refused:
        validate_name(name)
    assert refused.value.code is ErrorCode.INVALID_NAME
    assert refused.value.field_name == "name"
    assert message_says in refused.value.message


def test_the_field_of_a_refusal_can_be_named_by_the_caller() -> None:
    with pytest.raises(InvalidName) as refused:
        validate_name("张三3", field="holderName")
    assert refused.value.field_name == "holderName"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("阿依·木呷", "阿依•木呷"),
        ("阿依·木呷", " 阿依・木呷 "),
        ("李娜", "李　娜"),
        ("Zhang San", "ZHANG  SAN"),
        ("吉克·阿依", "吉克．阿依"),
        # A record found by its number is checked against the name as typed: the break between the
        # parts may be a dot, a space or nothing.
        ("阿依·木呷", "阿依 木呷"),
        ("阿依·木呷", "阿依木呷"),
        ("Ayi·Muga", "Ayi Muga"),
    ],
)
def test_spellings_of_one_name_are_the_same_name(a: str, b: str) -> None:
    assert same_name(a, b)
    assert same_name(b, a)


@pytest.mark.parametrize(
    ("a", "b"), [("李娜", "李四"), ("阿依·木呷", "阿依木"), ("阿依·木呷", "木呷·阿依"), ("李娜", "")]
)
def test_different_names_are_not_the_same(a: str, b: str) -> None:
    assert not same_name(a, b)


@pytest.mark.parametrize(
    ("char", "han"),
    [
        ("李", True),
        ("䶮", True),
        ("𠮷", True),
        ("\U00031350", True),
        ("〇", True),
        ("ㄅ", False),
        ("A", False),
    ],
)
def test_han_covers_every_extension_of_the_unified_ideographs(char: str, han: bool) -> None:
    assert is_han(char) is han


@pytest.mark.parametrize(
    "blank",
    ["\u200b", "\ufeff", "\u202e", "\u115f", "\u1160", "\u3164", "\uffa0", "\u034f", "\u17b4", "\u2800",
     "\U0001d159", "\u0300", " \u0300 ", "\u3164\u200b\u2800"],
)  # fmt: skip
def test_free_text_of_nothing_but_characters_that_draw_as_nothing_is_empty(blank: str) -> None:
    assert plain_text(blank) == ""
    assert free_text(blank) == ""
    assert free_text(f"{blank}\n{blank}", paragraphs=True) == ""


def test_a_reason_keeps_its_chinese_punctuation() -> None:
    # NFKC (plain_text) would make "，" a "," and "（）" "()": a clerk's reason must read as written.
    reason = "材料不全，请补充（近三年服务时长）：谢谢！"

    assert free_text(f"\u3000{reason}\u200b ") == reason
    assert plain_text(reason) == "材料不全,请补充(近三年服务时长):谢谢!"


def test_a_statement_keeps_its_paragraphs_and_one_line_texts_join_theirs() -> None:
    typed = "\n  第一段，扎根社区。 \n\n\n第二段\u3000\u3000十年。\n\n"

    assert free_text(typed, paragraphs=True) == "第一段，扎根社区。\n\n第二段 十年。"
    assert free_text(typed) == "第一段，扎根社区。 第二段 十年。"
    assert free_text("Cafe\u0301") == "Caf\u00e9"


def test_plain_text_keeps_what_a_reader_sees() -> None:
    assert plain_text("  中国农业银行\u200b楚雄分行 ") == "中国农业银行楚雄分行"
    assert plain_text("Cafe\u0301  No.１") == "Café No.1"
