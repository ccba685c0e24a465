"""The one normalisation of personal names, used when a name is stored and whenever two are compared.

Many people in the prefecture are Yi (彝族) or of another minority, with names whose parts are joined by
the middle dot U+00B7 (阿依·木呷), the form the national rules on name collection require (户口登记:
少数民族姓名各部分之间用间隔号「·」, GBK and GB 18030 0xA1A4). People type whatever their
keyboard, input method or font gives them instead (• ・ ． ‧ ∙ ⋅ 。 …) and stray spaces, often
full-width ones, so the same person arrives under several spellings. `normalize_name` turns them all
into one; `validate_name` also refuses what cannot be a name; `same_name` compares two.

A pure rule: no ORM, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from domain.errors import DomainError, ErrorCode

SEPARATOR: Final = "\u00b7"  # · MIDDLE DOT, the 间隔号 of the national rules
MIN_NAME_LENGTH: Final = 2  # a surname and a given name
MAX_NAME_LENGTH: Final = 40  # long transliterated minority names fit; the columns hold 50

# Characters that, in a name, can only be a substitute for the middle dot: replaced wherever they stand
# (a leading or trailing one is then refused by `validate_name`, like a leading ·). Taken after NFKC,
# which already folds ･ (U+FF65) into ・ and · GREEK ANO TELEIA (U+0387) into U+00B7.
DOT_LOOKALIKES: Final = frozenset(
    {
        "\u0387",  # · GREEK ANO TELEIA (folded by NFKC, kept for clarity)
        "\u1427",  # ᐧ CANADIAN SYLLABICS FINAL MIDDLE DOT
        "\u119e",  # ᆞ HANGUL JUNGSEONG ARAEA, what NFKC makes of ㆍ (U+318D) below
        "\u16eb",  # ᛫ RUNIC SINGLE PUNCTUATION
        "\u2022",  # • BULLET (Word and WPS, symbol pads; Big5's 間隔號 0xA145 in the Unicode table)
        "\u2027",  # ‧ HYPHENATION POINT (the same 0xA145 in Microsoft's code page 950)
        "\u2219",  # ∙ BULLET OPERATOR
        "\u22c5",  # ⋅ DOT OPERATOR
        "\u25cf",  # ● BLACK CIRCLE (the "big dot" of input methods' symbol pads)
        "\u2981",  # ⦁ Z NOTATION SPOT
        "\u2e31",  # ⸱ WORD SEPARATOR MIDDLE DOT
        "\u2e33",  # ⸳ RAISED DOT
        # ・ KATAKANA MIDDLE DOT: GB 2312's 0xA1A4 as some decoders (Python's gb2312 codec among them) read
        # it, and what Japanese input methods give; ･ folds into it.
        "\u30fb",
        "\u318d",  # ㆍ HANGUL LETTER ARAEA (the middle dot of Korean keyboards)
        "\ua78f",  # ꞏ LATIN LETTER SINOLOGICAL DOT
        "\uff65",  # ･ HALFWIDTH KATAKANA MIDDLE DOT (folded by NFKC, kept for clarity)
    }
)
# A full stop is a separator only between two letters (阿依.木呷, the 。 a Chinese input method gives for
# the "." key): elsewhere it is punctuation and `validate_name` refuses it. After NFKC, ． (U+FF0E),
# ﹒ (U+FE52) and ․ (U+2024) are ".", and ｡ (U+FF61) is "。".
_FULL_STOP_BETWEEN_LETTERS: Final = re.compile(r"(?<=[^\W\d_])[.。](?=[^\W\d_])")
_AROUND_SEPARATOR: Final = re.compile(r" *\u00b7 *")
_SPACES: Final = re.compile(r" {2,}")

# Han: the CJK Unified Ideographs and all their extensions, so rare characters in Yi and other names
# (𠮷, 䶮) are names too. NFKC has already turned compatibility ideographs and Kangxi radicals into
# these. Ranges rather than `unicodedata` lookups, so an extension newer than the Python's Unicode
# database is still Han.
HAN_RANGES: Final = (
    (0x3007, 0x3007),  # 〇, the ideographic zero: a letter (Nl), not a digit, and found in real names
    (0x3400, 0x4DBF),  # Extension A
    (0x4E00, 0x9FFF),  # the URO
    (0xFA0E, 0xFA29),  # the twelve unified ideographs in the compatibility block (﨎 﨏 﨑 …)
    (0x20000, 0x2A6DF),  # Extension B
    (0x2A700, 0x2EE5F),  # Extensions C, D, E, F, I
    (0x30000, 0x323AF),  # Extensions G, H
)


def is_han(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in HAN_RANGES)


def is_latin_letter(char: str) -> bool:
    return char.isalpha() and unicodedata.name(char, "").startswith("LATIN ")


# Unicode's Default_Ignorable_Code_Point ranges beyond the format characters (Cf): fillers and
# selectors that a font draws as nothing (Hangul fillers, Khmer inherent vowels, Mongolian selectors,
# the combining grapheme joiner, variation selectors, musical formatting), plus the blanks that draw
# as an empty cell (the braille blank, the null notehead).
_BLANK_RANGES: Final = (
    (0x034F, 0x034F),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x2800, 0x2800),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFFA0, 0xFFA0),
    (0x1BCA0, 0x1BCA3),
    (0x1D159, 0x1D159),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)


def _is_invisible(char: str) -> bool:
    """Zero-width spaces, joiners, byte-order marks, direction marks, fillers and variation selectors:
    pasted in from web pages and spreadsheets, they change nothing a reader sees, so they must not change
    the name."""
    code = ord(char)
    return unicodedata.category(char) == "Cf" or any(low <= code <= high for low, high in _BLANK_RANGES)


def plain_text(raw: str) -> str:
    """One line of free text as people type or paste it (a bank's name, a voucher number): invisible
    characters dropped (zero-width spaces, byte-order marks, direction overrides such as U+202E that
    would make a list read backwards), NFKC, every run of whitespace one space, the ends trimmed. A
    text of nothing but invisible characters comes out empty, so a required field refuses it."""
    text = unicodedata.normalize("NFKC", "".join(char for char in raw if not _is_invisible(char)))
    text = _SPACES.sub(" ", "".join(" " if char.isspace() else char for char in text)).strip(" ")
    # A combining mark with nothing to combine with (at the start) draws as nothing either.
    while text and unicodedata.category(text[0]).startswith("M"):
        text = text[1:].lstrip(" ")
    return text


def free_text(raw: str, *, paragraphs: bool = False) -> str:
    """Free text as people write it (a reason, a comment, a statement, an objection): invisible characters
    dropped as in `plain_text`, but NFC rather than NFKC, so Chinese punctuation stays as written (，：（）
    are how Chinese is written; NFKC would turn them into ASCII ,:()) while one text typed two ways still
    compares equal. Within a line every run of whitespace (U+3000 included) is one space and the ends are
    trimmed. One line unless `paragraphs`: then the line breaks are kept, runs of blank lines become one
    blank line between paragraphs, and none is left at either end. Empty when nothing visible was given,
    so a required field refuses it."""
    lines: list[str] = []
    for line in raw.splitlines() or [""]:
        text = unicodedata.normalize("NFC", "".join(char for char in line if not _is_invisible(char)))
        text = _SPACES.sub(" ", "".join(" " if char.isspace() else char for char in text)).strip(" ")
        while text and unicodedata.category(text[0]).startswith("M"):
            text = text[1:].lstrip(" ")
        if text or (lines and lines[-1]):
            lines.append(text)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) if paragraphs else " ".join(line for line in lines if line)


def normalize_name(raw: str) -> str:
    """The one stored and compared form of a personal name; never raises, and checks nothing.

    In order: invisible characters dropped; NFKC (full-width letters and digits become ASCII, 　 U+3000
    a space, compatibility ideographs their unified form); every whitespace character becomes a space;
    the middle-dot look-alikes (`DOT_LOOKALIKES`) become U+00B7; in a name holding a Han character every
    space is removed (李　娜 → 李娜: Chinese names are written without spaces); a full stop (. 。)
    directly between two letters becomes U+00B7 (阿依 . 木呷 → 阿依·木呷, Ayi.Muga → Ayi·Muga; "J. Smith"
    keeps its stop, an abbreviation rather than a separator, and `validate_name` refuses it); spaces
    around a U+00B7 are dropped, runs of spaces become one (Latin names keep their word breaks) and the
    ends are trimmed.

    Idempotent: `normalize_name(normalize_name(x)) == normalize_name(x)`. Case is kept as typed.
    """
    # Invisible characters go first: one left between a letter and its accent would keep NFKC from
    # composing them, and the result would change on a second pass.
    text = unicodedata.normalize("NFKC", "".join(char for char in raw if not _is_invisible(char)))
    text = "".join(" " if char.isspace() else SEPARATOR if char in DOT_LOOKALIKES else char for char in text)
    if any(is_han(char) for char in text):
        text = text.replace(" ", "")
    text = _FULL_STOP_BETWEEN_LETTERS.sub(SEPARATOR, text)
    text = _SPACES.sub(" ", _AROUND_SEPARATOR.sub(SEPARATOR, text)).strip(" ")
    # Dropping a space may bring a letter next to a stray combining accent: compose them now, so that a
    # second pass finds nothing left to change.
    return unicodedata.normalize("NFKC", text)


class InvalidName(DomainError):
    code = ErrorCode.INVALID_NAME
    field = "name"


def name_problem(name: str) -> str | None:
    """What is wrong with an already normalised name, in Chinese for the user; None when it is a name.

    A name is 2–40 characters, either Han characters (the parts of a minority name joined by single
    U+00B7), or Latin letters (words separated by single spaces or U+00B7, for pinyin and foreign
    names); never both scripts, no digits, no other punctuation or markup, no U+00B7 at either end or
    twice in a row.
    """
    if not name:
        return "请填写姓名"
    if (problem := _character_problem(name)) is not None:
        return problem
    if name.startswith(SEPARATOR) or name.endswith(SEPARATOR) or SEPARATOR * 2 in name:
        return "间隔号「·」只能用在姓名的两部分之间，不能在开头、结尾或连用"
    if any(is_han(char) for char in name) and any(is_latin_letter(char) for char in name):
        return "姓名须全部用汉字或全部用拉丁字母书写"
    if not MIN_NAME_LENGTH <= len(name) <= MAX_NAME_LENGTH:
        return f"姓名应为 {MIN_NAME_LENGTH} 到 {MAX_NAME_LENGTH} 个字"
    return None


def _character_problem(name: str) -> str | None:
    """The first character that has no place in a name: a digit (of any script, full-width included),
    or anything but Han, a Latin letter, U+00B7 and a space (markup, punctuation, other scripts)."""
    for char in name:
        if unicodedata.category(char) == "Nd":
            return "姓名不能含数字"
        if not (is_han(char) or is_latin_letter(char) or char in {SEPARATOR, " "}):
            shown = char if char.isprintable() and not char.isspace() else f"U+{ord(char):04X}"
            return f"姓名不能含「{shown}」：只能用汉字或拉丁字母，少数民族姓名各部分之间用间隔号「·」"
    return None


def validate_name(raw: str, *, field: str | None = None) -> str:
    """`raw` normalised (`normalize_name`) and checked (`name_problem`): the form to store.

    Raises:
        InvalidName: (code INVALID_NAME, field `name` unless `field` says otherwise) the normalised
            text is not a name; the message says why.
    """
    name = normalize_name(raw)
    if (problem := name_problem(name)) is not None:
        raise InvalidName(problem, field=field)
    return name


def same_name(a: str, b: str) -> bool:
    """Whether two spellings name the same person: equal once normalised, Latin letters in any case
    (ZHANG San is Zhang San), and whatever marks the break between a name's parts: a dot, a space or
    nothing (阿依·木呷, 阿依 木呷 and 阿依木呷 are one name; clerks often leave the dot out). Used wherever
    a typed name is checked against the stored one of a record found by its number (roster rows,
    `verifyCertificate`), so the leniency cannot confuse two people."""
    return _comparable(a) == _comparable(b)


def _comparable(name: str) -> str:
    return normalize_name(name).replace(SEPARATOR, "").replace(" ", "").casefold()
