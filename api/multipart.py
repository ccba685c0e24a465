"""File uploads as the GraphQL multipart request spec sends them
(https://github.com/jaydenseric/graphql-multipart-request-spec): an `operations` field (the JSON request),
a `map` field (which file part goes to which `null` placeholder in `variables`) and the file parts.

Everything a client can get wrong here is a `RequestError` (400 BAD_REQUEST, or 413 LIMIT_EXCEEDED for the
parser's own limits) in Chinese: a malformed body never reaches strawberry's unchecked
`replace_placeholders_with_files`, which answered 500 and dropped the connection.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from cross_web import AsyncHTTPRequestAdapter
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.formparsers import MultiPartException

from api.errors import TopLevelCode
from api.request_errors import RequestError, echoed
from api.request_values import json_value

SPEC: Final = "（GraphQL multipart 请求规范）"
_INDEX: Final = re.compile(r"\d{1,9}", re.ASCII)

# Starlette's and python-multipart's refusals (Starlette raises them as its own HTTPException with the
# message as `detail`), by how the message starts.
_PARSER_REFUSALS: Final = (
    ("Missing boundary", 400, "multipart 请求的 Content-Type 缺少 boundary 参数"),
    ("Invalid multipart data", 400, "multipart 请求体格式有误或不完整"),
    ("The Content-Disposition header", 400, "multipart 请求的每个部分都须在 Content-Disposition 中写明 name"),
    ("Part exceeded maximum size", 413, "multipart 请求中的表单字段（operations 或 map）过大"),
    ("Too many files", 413, "multipart 请求含有的文件过多"),
    ("Too many fields", 413, "multipart 请求含有的表单字段过多"),
)


def parser_refusal(detail: str) -> RequestError:
    """Starlette's (English) reason for not parsing a multipart body, as a coded Chinese refusal."""
    for start, status, message in _PARSER_REFUSALS:
        if detail.startswith(start):
            code = TopLevelCode.LIMIT_EXCEEDED if status == 413 else TopLevelCode.BAD_REQUEST
            return RequestError(status, message, code)
    return RequestError(400, "无法解析 multipart 请求体")


async def read_form(request: AsyncHTTPRequestAdapter) -> Mapping[str, Any]:
    """The parsed multipart body (files spooled to temporary files, closed with the request).

    Raises `RequestError` when Starlette or python-multipart cannot parse it (no boundary, a truncated
    or garbled body, a part without a name, the parser's part and count limits, a charset that fails).
    """
    try:
        return (await request.get_form_data()).form
    except StarletteHTTPException as exc:
        raise parser_refusal(str(exc.detail)) from None
    except MultiPartException as exc:
        raise parser_refusal(exc.message) from None
    except UnicodeError:
        # A part's `charset` names a codec Starlette tries and that fails other than by a decode error
        # (punycode raises a bare UnicodeError); Starlette falls back to latin-1 only for the others.
        raise RequestError(400, f"无法按所声明的字符集（charset）解码 multipart 字段{SPEC}") from None


def _json_field(form: Mapping[str, Any], name: str, max_values: int) -> Any:
    value = form.get(name)
    if value is None:
        raise RequestError(400, f"multipart 请求缺少 {name} 字段{SPEC}")
    if not isinstance(value, str):
        raise RequestError(400, f"{name} 应为表单字段中的 JSON 文本，不能是文件")
    return json_value(value, max_values, f"{name} ")


def operations_of(form: Mapping[str, Any], max_values: int) -> Any:
    """The `operations` field's JSON value (its shape is checked like a JSON request body's), refused
    unparsed when it holds more than `max_values` values (api/request_values.py).

    Raises:
        RequestError: 400 not JSON or not a text field; 413 `LIMIT_EXCEEDED`.
    """
    return _json_field(form, "operations", max_values)


def place_files(operations: dict[str, Any], form: Mapping[str, Any], max_values: int) -> None:
    """Puts each file part into `operations` at the paths `map` gives, in place.

    `map` must be a JSON object whose keys are file parts of the form and whose values are lists of
    paths (`variables.input.file`, `variables.files.0`); each path must lead through `variables` to a
    `null` placeholder (the spec's rule; a path used twice finds a file there, not null). Raises
    `RequestError` (400) for anything else, 413 for a `map` of more than `max_values` values; a path or
    a part name is echoed cut short.
    """
    files_map = _json_field(form, "map", max_values)
    if not isinstance(files_map, dict) or not all(
        isinstance(paths, list) and all(isinstance(p, str) for p in paths) for paths in files_map.values()
    ):
        raise RequestError(400, f"map 应为对象：键是文件字段名，值是 variables 中路径的列表{SPEC}")
    for name, paths in files_map.items():
        upload = form.get(name)
        if not isinstance(upload, UploadFile):
            raise RequestError(400, f"multipart 请求缺少 map 中列出的文件「{echoed(name)}」")
        for path in paths:
            container, key = _placeholder(operations, path)
            container[key] = upload


def _placeholder(operations: dict[str, Any], path: str) -> tuple[Any, Any]:
    """The container and key of the `null` at `path` (`variables.a.0.b`)."""
    *steps, last = path.split(".")
    if not steps or steps[0] != "variables":
        raise RequestError(400, f"map 中的路径「{echoed(path)}」应以 variables. 开头{SPEC}")
    target: Any = operations
    for step in steps:
        target = _child(target, step, path)
    key = _key(target, last, path)
    if target[key] is not None:
        raise _no_placeholder(path)
    return target, key


def _key(container: Any, step: str, path: str) -> Any:
    if isinstance(container, dict) and step in container:
        return step
    if isinstance(container, list) and _INDEX.fullmatch(step) and int(step) < len(container):
        return int(step)
    raise _no_placeholder(path)


def _child(container: Any, step: str, path: str) -> Any:
    return container[_key(container, step, path)]


def _no_placeholder(path: str) -> RequestError:
    return RequestError(400, f"map 中的路径「{echoed(path)}」在 variables 中没有对应的 null 占位{SPEC}")


__all__ = ["operations_of", "parser_refusal", "place_files", "read_form"]
