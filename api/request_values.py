"""How many values a request's JSON holds, counted before the costly work (#15, hostile documents).

graphql-core coerces a variable's values one at a time, however soon a resolver would refuse them, and
`json.loads` builds a Python object for every one: a 500 KB body of 250,000 numbers took 20-25 ms to
parse, and over 50 ms on a busy machine. The commas, brackets and braces outside strings give a lower
bound on the values a JSON text holds, found in a few milliseconds without parsing it.
"""

from __future__ import annotations

import gc
import json
from typing import Any, Final

from api.errors import TopLevelCode
from api.request_errors import RequestError

# The count before parsing refuses only past twice the limit: it counts the whole request (extensions,
# other members, keys written twice) where the exact count after parsing counts the variables. What is
# parsed then holds at most twice the limit in commas and in brackets (about 10 ms for 100,000 numbers).
_UNPARSED_FACTOR: Final = 2


def too_many_values(limit: int) -> RequestError:
    """The refusal of a request holding more than `limit` values: 413, `LIMIT_EXCEEDED`."""
    return RequestError(
        413,
        f"变量中的值过多：超过 {limit} 个的上限（大批数据请分批提交，或用文件导入）",
        TopLevelCode.LIMIT_EXCEEDED,
    )


def check_json_text(text: str, limit: int) -> None:
    """Refuses, before it is parsed, a request's JSON text (a body or a multipart `operations` or `map`
    field) that certainly holds more than twice `limit` values: outside its strings, more commas (each
    separates two values) or more brackets and braces (each opens a value) than that. Nearly every
    request has fewer in all and costs three `str.count`s; past them, the strings are cut out with
    `str.replace` and `str.split`, which work at C speed whatever their number (a regex match per string
    cost 0.5 µs each, 130 ms for 1 MiB of one-letter strings).

    Raises:
        RequestError: 413, `LIMIT_EXCEEDED`.
    """
    allowed = _UNPARSED_FACTOR * limit
    if text.count(",") <= allowed and text.count("[") + text.count("{") <= allowed:
        return
    # Escapes pair from the left (RFC 8259 §7), so removing every `\\` and then every `\"` leaves only
    # the quotes that open and close strings; the even pieces between them are outside every string.
    unescaped = text.replace("\\\\", "").replace('\\"', "")
    outside = "".join(unescaped.split('"')[::2])
    if outside.count(",") > allowed or outside.count("[") + outside.count("{") > allowed:
        raise too_many_values(limit)


def json_body(body: bytes, limit: int) -> Any:
    """A JSON request body's value, its values counted first (`check_json_text`).

    Raises:
        RequestError: 400 not UTF-8 or not JSON; 413 `LIMIT_EXCEEDED`.
    """
    try:
        # JSON exchanged between systems is UTF-8 (RFC 8259 §8.1), and the count before parsing reads
        # the text, not its bytes. A byte-order mark is let through, as json.loads(bytes) did.
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RequestError(400, "请求体不是 UTF-8 编码的 JSON") from exc
    return json_value(text, limit, "请求体")


def json_value(text: str, limit: int, subject: str) -> Any:
    """The value of a request's JSON text (a body, or a multipart `operations` or `map` field), its
    values counted first (`check_json_text`); `subject` names it in the refusal.

    Raises:
        RequestError: 400 "<subject>不是有效的 JSON"; 413 `LIMIT_EXCEEDED`.
    """
    check_json_text(text, limit)
    try:
        return json_without_collecting(text)
    except (ValueError, RecursionError) as exc:
        raise RequestError(400, f"{subject}不是有效的 JSON") from exc


def check_variable_values(variables: object, limit: int) -> None:
    """Refuses a request whose `variables` (parsed JSON) hold more than `limit` values, counting every
    object, list and scalar inside them, and stopping as soon as the count passes `limit`.

    Raises:
        RequestError: 413, `LIMIT_EXCEEDED`.
    """
    count = 0
    stack = [variables] if isinstance(variables, dict | list) else []
    while stack:
        value = stack.pop()
        children = list(value.values()) if isinstance(value, dict) else value
        count += len(children)
        if count > limit:
            raise too_many_values(limit)
        stack.extend(child for child in children if isinstance(child, dict | list))


def json_without_collecting(body: str) -> Any:
    """`json.loads(body)` with the garbage collector paused: a 600 KB body of 200,000 empty lists made
    it run ~300 times over containers none of which can be garbage yet, doubling the parse (to 25 ms).

    Raises:
        ValueError: not JSON; RecursionError: nested too deep.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return json.loads(body)
    finally:
        if collecting:
            gc.enable()
