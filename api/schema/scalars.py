"""The custom scalars as this API defines them: `Decimal`, `Date`, `DateTime` and `Upload`.

Strawberry's built-in scalars accept whatever Python's parsers accept (`Decimal("１２")` is 12,
`Decimal("1e1000000")` overflows the first arithmetic it meets, a naive `DateTime` cannot be compared with
an aware one): anything the domain could not use must stop here, as a top-level BAD_USER_INPUT error with
a Chinese message, never as an INTERNAL error further in. Each scalar says in its description and its
`@specifiedBy` URL what a client sends and receives.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any, Final, TypeVar

from graphql import (
    BREAK,
    ArgumentNode,
    DocumentNode,
    FloatValueNode,
    GraphQLError,
    IntValueNode,
    ListValueNode,
    Node,
    ObjectValueNode,
    StringValueNode,
    ValueNode,
    VariableDefinitionNode,
    VariableNode,
    Visitor,
    visit,
)
from starlette.datastructures import UploadFile
from strawberry.file_uploads import Upload
from strawberry.types.scalar import ScalarDefinition, scalar

from api.errors import BadUserInput, TopLevelCode
from domain.clock import SHANGHAI

# Far above any figure the API takes (hours, yuan, scores, budgets), so that every check the domain makes
# on an accepted value is exact in the default 28-digit decimal context.
MAX_INTEGER_DIGITS: Final = 15
# More places than any unit needs (hours 1, yuan 2, scores 1), so trailing zeros a client's formatter
# adds still pass and the domain answers "最多一位小数" in its own words.
MAX_PLACES: Final = 12
# A JSON number has already been read as a binary float: its shortest decimal form is the text the
# client wrote only up to 15 significant digits (IEEE 754 double), so a longer one is refused.
MAX_FLOAT_DIGITS: Final = 15
MAX_TEXT: Final = 64
# Business dates and times run from the oldest birth date the registry holds to well past any plan; a
# year outside is a typing slip (0202 for 2020), and years 1 and 9999 overflow when moved between zones.
MIN_YEAR: Final = 1900
MAX_YEAR: Final = 2100
SHOWN: Final = 32  # characters of a refused value quoted back

DECIMAL_TEXT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
DATE_TEXT = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
DATE_TIME_TEXT = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2})"
    r"(?::([0-9]{2})(?:\.([0-9]{1,9}))?)?"
    r"([Zz]|[+-][0-9]{2}:[0-9]{2})?"
)

DECIMAL_EXAMPLE: Final = '如 "12.5"'


def shown(value: object) -> str:
    """A refused value as quoted in a message: never more than a few characters of what was sent."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= SHOWN else text[:SHOWN] + "…"


# --- values written in the document --------------------------------------------------------------


class LiteralRefused(ValueError):
    """A scalar's refusal of a value written in the document rather than sent as a variable.

    A plain exception on purpose: graphql-core's validation (ValuesOfCorrectTypeRule) passes a
    GraphQLError raised by `parse_literal` on as it is, without the value's location, but wraps any other
    exception in an error that points at the value; `described_literal_errors` then says which argument
    it is and codes it BAD_USER_INPUT, as the same value sent in a variable is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


T = TypeVar("T")


def _from_document(parse: Callable[[ValueNode, dict[str, Any] | None], T]) -> Callable[..., T]:
    """`parse_literal` raising `LiteralRefused` for a value written in the document."""

    def parse_literal(node: ValueNode, variables: dict[str, Any] | None = None) -> T:
        try:
            return parse(node, variables)
        except BadUserInput as refused:
            if isinstance(node, VariableNode):  # a variable's value: coerced, and refused, as one
                raise
            raise LiteralRefused(refused.message) from None

    parse_literal.__doc__ = parse.__doc__
    return parse_literal


def _path_within(value: ValueNode, target: Node) -> list[str | int] | None:
    """Where `target` sits inside the literal `value` (object fields and list indexes), or None."""
    if value is target:
        return []
    if isinstance(value, ObjectValueNode):
        for field in value.fields:
            if (inner := _path_within(field.value, target)) is not None:
                return [field.name.value, *inner]
    elif isinstance(value, ListValueNode):
        for index, item in enumerate(value.values):
            if (inner := _path_within(item, target)) is not None:
                return [index, *inner]
    return None


def _written(path: Sequence[str | int]) -> str:
    """`["results", 1, "score"]` as a client writes it: `results[1].score`."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else f".{step}" if text else step
    return text


class _Holder(Visitor):
    """Finds the argument or variable default holding a value node and says where it is."""

    def __init__(self, target: Node) -> None:
        super().__init__()
        self.target = target
        self.where: str | None = None

    def enter_argument(self, node: ArgumentNode, *_: object) -> object:
        path = _path_within(node.value, self.target)
        if path is None:
            return None
        inside = f" 中的 {_written(path)}" if path else ""
        self.where = f"参数 {node.name.value}{inside} 的值"
        return BREAK

    def enter_variable_definition(self, node: VariableDefinitionNode, *_: object) -> object:
        path = None if node.default_value is None else _path_within(node.default_value, self.target)
        if path is None:
            return None
        inside = f"中的 {_written(path)}" if path else ""
        self.where = f"变量 ${node.variable.name.value} 的默认值{inside}"
        return BREAK


def described_literal_errors(document: DocumentNode, errors: list[GraphQLError]) -> list[GraphQLError]:
    """Validation's errors with each scalar refusal of a value written in the document (`LiteralRefused`)
    said as "参数 input 中的 results[1].score 的值无效：<why>", with the value's location, coded
    BAD_USER_INPUT; other errors as they are (a new list; the errors described are new objects)."""
    if not any(isinstance(error.original_error, LiteralRefused) for error in errors):
        return errors
    described: list[GraphQLError] = []
    for error in errors:
        refused = error.original_error
        if not isinstance(refused, LiteralRefused):
            described.append(error)
            continue
        holder = _Holder(error.nodes[0]) if error.nodes else None
        if holder is not None:
            visit(document, holder)
        where = holder.where if holder is not None and holder.where else "参数值"
        described.append(
            GraphQLError(
                f"{where}无效：{refused.message}",
                error.nodes,
                extensions={"code": TopLevelCode.BAD_USER_INPUT.value},
            )
        )
    return described


# --- Decimal --------------------------------------------------------------------------------------


def _checked_decimal(value: Decimal, text: str) -> Decimal:
    if not value.is_finite():
        raise BadUserInput(f"「{shown(text)}」不是有限的十进制数，{DECIMAL_EXAMPLE}")
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # finite  # noqa: S101 - narrowing, checked just above
    if value.adjusted() >= MAX_INTEGER_DIGITS or -exponent > MAX_PLACES:
        raise BadUserInput(
            f"「{shown(text)}」超出范围：整数部分最多 {MAX_INTEGER_DIGITS} 位，小数最多 {MAX_PLACES} 位"
        )
    return value


def parse_decimal_text(text: str) -> Decimal:
    """A decimal written with ASCII digits, an optional sign, point and exponent, within range.

    ASCII spaces around it (a form field leaves them) are ignored; any other whitespace around it (a
    newline or tab pasted with a cell, U+3000 from a full-width input method) is refused like the
    full-width digits the same input method types, rather than read as a number."""
    stripped = text.strip(" ")
    if not stripped.strip():
        raise BadUserInput(f"数值不能为空，{DECIMAL_EXAMPLE}")
    if stripped[0].isspace() or stripped[-1].isspace():
        raise BadUserInput(
            f"「{shown(text)}」前后有半角空格以外的空白（换行、制表符、全角空格等），请只填数字，{DECIMAL_EXAMPLE}"
        )
    if len(stripped) > MAX_TEXT or not DECIMAL_TEXT.fullmatch(stripped):
        if any(c.isdigit() and not c.isascii() for c in stripped):
            raise BadUserInput(f"「{shown(text)}」含全角或其他非半角数字，请用半角数字，{DECIMAL_EXAMPLE}")
        raise BadUserInput(f"「{shown(text)}」不是十进制数，{DECIMAL_EXAMPLE}")
    try:
        value = Decimal(stripped)
    except InvalidOperation:  # the pattern admits only what Decimal reads; kept for safety
        raise BadUserInput(f"「{shown(text)}」不是十进制数，{DECIMAL_EXAMPLE}") from None
    return _checked_decimal(value, text)


def parse_decimal(value: object) -> Decimal:
    """`Decimal` from a variable: a string (the wire form), a JSON integer, or a JSON number whose shortest
    decimal form has at most 15 significant digits (so it is exactly what the client wrote)."""
    if isinstance(value, Decimal):  # a variable inside a literal, already coerced
        return _checked_decimal(value, str(value))
    if isinstance(value, str):
        return parse_decimal_text(value)
    if isinstance(value, bool):
        raise BadUserInput(f"Decimal 须为十进制数的字符串，{DECIMAL_EXAMPLE}")
    if isinstance(value, int):
        if value.bit_length() > 4 * (MAX_INTEGER_DIGITS + 1):  # before str() meets a huge number
            raise BadUserInput(f"数值超出范围：整数部分最多 {MAX_INTEGER_DIGITS} 位")
        return parse_decimal_text(str(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise BadUserInput(f"数值须为有限的十进制数，{DECIMAL_EXAMPLE}")
        text = repr(value)
        if len(Decimal(text).as_tuple().digits) > MAX_FLOAT_DIGITS:
            raise BadUserInput(
                f"数值 {shown(text)} 有效数字过多，无法精确表示：请以字符串传入，{DECIMAL_EXAMPLE}"
            )
        return parse_decimal_text(text)
    raise BadUserInput(f"Decimal 须为十进制数的字符串，{DECIMAL_EXAMPLE}")


def parse_decimal_literal(node: ValueNode, variables: dict[str, Any] | None = None) -> Decimal:
    """`Decimal` written in the document: a string, or a number literal read from its exact text."""
    if isinstance(node, StringValueNode | IntValueNode | FloatValueNode):
        return parse_decimal_text(node.value)
    if isinstance(node, VariableNode):
        return parse_decimal((variables or {}).get(node.name.value))
    raise BadUserInput(f"Decimal 须为十进制数的字符串，{DECIMAL_EXAMPLE}")


def serialize_decimal(value: object) -> str:
    """Plain positional notation, never an exponent: `Decimal("1E+1")` goes out as "10"."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float):  # not meant to happen ("never floats"); its shortest form, not its binary
        return format(Decimal(repr(value)), "f")
    raise TypeError(f"Decimal cannot represent {type(value).__name__}")


# --- Date and DateTime ----------------------------------------------------------------------------

DATE_EXAMPLE: Final = '如 "2027-01-05"'
DATE_TIME_EXAMPLE: Final = '如 "2026-12-20T09:00:00+08:00" 或 "2026-12-20T09:00"'


def _check_year(year: int, text: str) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise BadUserInput(f"「{shown(text)}」的年份须在 {MIN_YEAR} 至 {MAX_YEAR} 年之间")


def parse_date_text(text: str) -> date:
    """A full date as RFC 3339 writes it, YYYY-MM-DD, that exists on the calendar."""
    match = DATE_TEXT.fullmatch(text)
    if match is None:
        raise BadUserInput(f"「{shown(text)}」不是日期，日期写作 YYYY-MM-DD，{DATE_EXAMPLE}")
    year, month, day = (int(part) for part in match.groups())
    _check_year(year, text)
    try:
        return date(year, month, day)
    except ValueError:
        raise BadUserInput(f"「{shown(text)}」不是日历上存在的日期") from None


def _offset(text: str | None) -> timezone:
    if text is None:
        return SHANGHAI  # 北京时间: what a clerk in the prefecture means by a time without a zone
    if text in {"Z", "z"}:
        return UTC
    sign = -1 if text[0] == "-" else 1
    hours, minutes = int(text[1:3]), int(text[4:6])
    if hours > 23 or minutes > 59:
        raise ValueError(text)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_date_time_text(text: str) -> datetime:
    """An RFC 3339 date-time; without an offset it is read as 北京时间 (Asia/Shanghai, +08:00).

    Seconds may be left out (an HTML `datetime-local` field sends "2026-12-20T09:00"); fractions past
    microseconds are cut off. Always returns an aware datetime."""
    match = DATE_TIME_TEXT.fullmatch(text)
    if match is None:
        raise BadUserInput(f"「{shown(text)}」不是日期时间，{DATE_TIME_EXAMPLE}")
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    _check_year(int(year), text)
    try:
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second or 0),
            int((fraction or "0")[:6].ljust(6, "0")),
            tzinfo=_offset(offset),
        )
    except ValueError:
        raise BadUserInput(
            f"「{shown(text)}」不是存在的日期时间（月、日、时、分、秒或时区超出范围）"
        ) from None


def _text_of(value: object, what: str, example: str) -> str:
    if not isinstance(value, str):
        raise BadUserInput(f"{what} 须为字符串，{example}")
    return value


def parse_date(value: object) -> date:
    return parse_date_text(_text_of(value, "Date", DATE_EXAMPLE))


def parse_date_time(value: object) -> datetime:
    return parse_date_time_text(_text_of(value, "DateTime", DATE_TIME_EXAMPLE))


def _literal_text(node: ValueNode, what: str, example: str) -> str:
    if isinstance(node, StringValueNode):
        return node.value
    raise BadUserInput(f"{what} 须为字符串，{example}")


def parse_date_literal(node: ValueNode, variables: dict[str, Any] | None = None) -> date:
    if isinstance(node, VariableNode):
        value = (variables or {}).get(node.name.value)
        return value if isinstance(value, date) and not isinstance(value, datetime) else parse_date(value)
    return parse_date_text(_literal_text(node, "Date", DATE_EXAMPLE))


def parse_date_time_literal(node: ValueNode, variables: dict[str, Any] | None = None) -> datetime:
    if isinstance(node, VariableNode):
        value = (variables or {}).get(node.name.value)
        return value if isinstance(value, datetime) else parse_date_time(value)
    return parse_date_time_text(_literal_text(node, "DateTime", DATE_TIME_EXAMPLE))


def serialize_date(value: object) -> str:
    if isinstance(value, datetime):  # a business date is the instant's date in Asia/Shanghai
        return serialize_date(_aware(value).astimezone(SHANGHAI).date())
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"Date cannot represent {type(value).__name__}")


def _aware(value: datetime) -> datetime:
    # Timestamps are stored in UTC (ARCHITECTURE §Data): a naive one can only be UTC.
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def serialize_date_time(value: object) -> str:
    """Every time goes out in 北京时间 with its offset, e.g. "2026-12-20T09:00:00+08:00"."""
    if isinstance(value, datetime):
        return _aware(value).astimezone(SHANGHAI).isoformat()
    raise TypeError(f"DateTime cannot represent {type(value).__name__}")


# --- the definitions --------------------------------------------------------------------------------

DecimalScalar: Final[ScalarDefinition] = scalar(
    name="Decimal",
    description=(
        '十进制数（学时、金额、分数），以字符串传递以免浮点误差，如 "12.5"、"-3"、"180.00"。'
        "只用半角数字，可带正负号、小数点和指数；前后的半角空格忽略；"
        "不接受空串、NaN、Infinity、全角数字，也不接受前后的其他空白（换行、制表符、全角空格）。"
        f"整数部分最多 {MAX_INTEGER_DIGITS} 位，小数最多 {MAX_PLACES} 位；各字段另有自己的范围和小数位数。"
        "也接受 JSON 整数，以及有效数字不超过 15 位的 JSON 数字（保证与所写完全一致）。"
        "输出总是不带指数的字符串。"
        " A decimal number sent as a string (General Decimal Arithmetic numeric string, ASCII digits only)."
    ),
    specified_by_url="https://speleotrove.com/decimal/daconvs.html#refnumsyn",
    serialize=serialize_decimal,
    parse_value=parse_decimal,
    parse_literal=_from_document(parse_decimal_literal),
)

DateScalar: Final[ScalarDefinition] = scalar(
    name="Date",
    description=(
        f"日期，RFC 3339 full-date：YYYY-MM-DD，{DATE_EXAMPLE}；须为日历上存在的日期，"
        f"年份在 {MIN_YEAR}–{MAX_YEAR} 之间。业务日期均为北京时间（Asia/Shanghai）的日期。"
    ),
    specified_by_url="https://datatracker.ietf.org/doc/html/rfc3339#section-5.6",
    serialize=serialize_date,
    parse_value=parse_date,
    parse_literal=_from_document(parse_date_literal),
)

DateTimeScalar: Final[ScalarDefinition] = scalar(
    name="DateTime",
    description=(
        '日期时间，RFC 3339 date-time，如 "2026-12-20T09:00:00+08:00"。'
        '未带时区（如 "2026-12-20T09:00:00" 或 "2026-12-20T09:00"）时'
        "按北京时间（Asia/Shanghai，+08:00）理解；"
        f"年份在 {MIN_YEAR}–{MAX_YEAR} 之间。输出总是北京时间，带 +08:00。"
    ),
    specified_by_url="https://datatracker.ietf.org/doc/html/rfc3339#section-5.6",
    serialize=serialize_date_time,
    parse_value=parse_date_time,
    parse_literal=_from_document(parse_date_time_literal),
)


def _upload(value: object) -> object:
    return value


UPLOAD_REFUSED: Final = (
    "文件须按 GraphQL multipart 请求规范上传（multipart/form-data：operations、map 和文件部分），"
    "不能直接写在请求里"
)


def parse_upload(value: object) -> UploadFile:
    """The file part api/multipart.py put in place of the variable; anything else (a name or number sent
    as JSON, found by the fuzzer reaching the importers as a string) is refused before any resolver."""
    if not isinstance(value, UploadFile):
        raise BadUserInput(UPLOAD_REFUSED)
    return value


def parse_upload_literal(node: ValueNode, variables: dict[str, Any] | None = None) -> UploadFile:
    """A file can only arrive as a variable's multipart part, never written in the document."""
    if isinstance(node, VariableNode):
        return parse_upload((variables or {}).get(node.name.value))
    raise BadUserInput(UPLOAD_REFUSED)


UploadScalar: Final[ScalarDefinition] = scalar(
    name="Upload",
    description=(
        "上传的文件，按 GraphQL multipart request 规范随请求发送"
        "（multipart/form-data：operations、map 和文件部分）；"
        "大小受请求体上限约束。A file sent by the GraphQL multipart request specification."
    ),
    specified_by_url="https://github.com/jaydenseric/graphql-multipart-request-spec",
    serialize=_upload,
    parse_value=parse_upload,
    parse_literal=_from_document(parse_upload_literal),
)

SCALAR_OVERRIDES: Final[dict[object, ScalarDefinition]] = {
    Decimal: DecimalScalar,
    date: DateScalar,
    datetime: DateTimeScalar,
    Upload: UploadScalar,
}

__all__ = ["SCALAR_OVERRIDES", "LiteralRefused", "described_literal_errors", "shown"]
