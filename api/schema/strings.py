"""Text the API takes (API.md §Conventions): no string anywhere in a request may carry a control
character or half of a UTF-16 surrogate pair.

PostgreSQL refuses NUL in text columns, and a lone surrogate (`"\\ud800"` is valid JSON) cannot be
encoded as UTF-8 by any driver or by the JSON response that would echo it: both used to surface as INTERNAL
errors wherever a string reached the database or a message. The other control characters (BEL, ESC, the
C1 range) have no place in a name, a code or a note and hide in exports and logs. Tab, line feed and
carriage return stay: descriptions and reasons are multi-line text.

GraphQL's built-in `String` and `ID` cannot be overridden (graphql-core refuses to redefine a specified
scalar), so the one place is a schema extension that looks at every string of the request, variables and
literals alike, whatever scalar or enum it is meant for, before anything executes. The refusal is a
top-level BAD_USER_INPUT naming where the character is, never quoting the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Final

from graphql import DocumentNode, ExecutionResult, StringValueNode, Visitor, visit
from graphql.language import BREAK
from strawberry.extensions import SchemaExtension

from api.errors import BadUserInput
from api.schema.limits import DOCUMENT_CACHE_SIZE, TextKeyedCache

# Unicode category Cc except tab, LF and CR; and the surrogate block (category Cs).
FORBIDDEN: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def forbidden_character(text: str) -> str | None:
    """The first forbidden character of `text` as `U+XXXX`, or None."""
    found = FORBIDDEN.search(text)
    return None if found is None else f"U+{ord(found.group()):04X}"


def _in_value(value: Any, where: str) -> tuple[str, str] | None:
    """(where, U+XXXX) of the first forbidden character in a JSON value, or None. Keys are checked as
    well as values: an input object's field names are strings the client wrote."""
    if isinstance(value, str):
        character = forbidden_character(value)
        return None if character is None else (where, character)
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and (character := forbidden_character(key)):
                return where, character
            if found := _in_value(item, f"{where}.{key}"):
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if found := _in_value(item, f"{where}.{index}"):
                return found
    return None


class _FirstLiteral(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found: tuple[str, str] | None = None

    def enter_string_value(self, node: StringValueNode, *_: object) -> object:
        character = forbidden_character(node.value)
        if character is None:
            return None
        line = node.loc.source.get_location(node.loc.start).line if node.loc else 0
        self.found = (f"第 {line} 行的字符串", character)
        return BREAK


def _forbidden_literal(document: DocumentNode) -> tuple[str, str] | None:
    """Where a string literal of `document` holds a forbidden character, and which."""
    literals = _FirstLiteral()
    visit(document, literals)
    return literals.found


# Per document text (the line it names is the text's): every request sending the same text is
# answered from here.
_LITERALS: Final[TextKeyedCache[tuple[str, str] | None]] = TextKeyedCache(DOCUMENT_CACHE_SIZE)


def forbidden_in_request(
    variables: dict[str, Any] | None, document: DocumentNode | None, query: str | None = None
) -> str | None:
    """The message refusing a request whose variables or document literals hold a forbidden character,
    or None when every string is clean. `query` is the document's text, when known: what the literal
    check is remembered by."""
    found = next(
        (f for name, value in (variables or {}).items() if (f := _in_value(value, f"${name}"))), None
    )
    if found is None and document is not None:
        parsed = document
        found = (
            _forbidden_literal(parsed)
            if query is None
            else _LITERALS.get(query, lambda: _forbidden_literal(parsed))
        )
    if found is None:
        return None
    where, character = found
    return f"{where} 含有不可见的控制字符（{character}），请删除后重新提交"


class RefuseControlCharacters(SchemaExtension):
    """Refuses, before anything executes, a request with a forbidden character in any string."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        message = forbidden_in_request(context.variables, context.graphql_document, context.query)
        if message is not None:
            context.result = ExecutionResult(data=None, errors=[BadUserInput(message)])
        yield


__all__ = ["RefuseControlCharacters", "forbidden_character"]
