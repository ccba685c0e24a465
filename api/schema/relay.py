"""Relay plumbing: global IDs, the `Node` interface, keyset cursors and generic connections."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable, Hashable, Sequence
from datetime import datetime
from typing import Any, Final, ForwardRef, Generic, TypeVar, get_args

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.types.lazy_type import StrawberryLazyReference

from api.errors import BadUserInput, LimitExceeded
from api.schema.scalars import shown
from domain.errors import InvalidId
from domain.paging import Page

T = TypeVar("T")
BAD_CURSOR: Final = "分页游标 after 无效"
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def to_global_id(type_name: str, pk: int | str) -> strawberry.ID:
    return strawberry.ID(base64.b64encode(f"{type_name}:{pk}".encode()).decode())


def parse_global_id(global_id: str) -> tuple[str, str] | None:
    try:
        decoded = base64.b64decode(global_id.encode(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    type_name, sep, pk = decoded.partition(":")
    if not sep or not type_name or not pk:
        return None
    return type_name, pk


# Primary keys are 32-bit integers (the audit trail's 64-bit): a larger number cannot name a row, and
# PostgreSQL refuses to compare it with the column, so it is answered as a malformed id, not an error.
MAX_PK: Final = 2**31 - 1
MAX_BIG_PK: Final = 2**63 - 1
BIG_PK_TYPES: Final = frozenset({"AuditEvent"})


def pk_of(text: str, *, maximum: int = MAX_PK) -> int | None:
    """`text` as a primary key: ASCII digits naming a number from 1 to `maximum`, else None.

    Every id and cursor is read through here. Text with more digits than `maximum` is refused unread:
    past 4,300 digits `int()` raises (Python's int-string limit) and below it would still convert
    thousands of digits only to refuse them."""
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(maximum)):
        return None
    value = int(text)
    return value if 0 < value <= maximum else None


def decode_pk(global_id: str, expected_type: str) -> int | None:
    """The integer primary key of a global ID of `expected_type`, or None if it is anything else."""
    parsed = parse_global_id(global_id)
    if parsed is None or parsed[0] != expected_type:
        return None
    return pk_of(parsed[1], maximum=MAX_BIG_PK if expected_type in BIG_PK_TYPES else MAX_PK)


def input_pk(global_id: str, expected_type: str, field: str) -> int:
    """For mutation inputs: a malformed or mistyped ID is a `userError` on `field`."""
    pk = decode_pk(global_id, expected_type)
    if pk is None:
        raise InvalidId(field)
    return pk


def query_pk(global_id: str, expected_type: str) -> int:
    """For query arguments: a malformed or mistyped ID is a top-level BAD_USER_INPUT error."""
    pk = decode_pk(global_id, expected_type)
    if pk is None:
        raise BadUserInput(f"编号「{shown(global_id)}」格式不正确")
    return pk


@strawberry.interface(description="可按全局编号获取的对象")
class Node:
    id: strawberry.ID


NodeResolver = Callable[[Any, int], Awaitable[Node | None]]
_resolvers: dict[str, NodeResolver] = {}


def register_node(type_name: str, resolve: NodeResolver) -> None:
    """`resolve(info, pk)` returns the object if the viewer may see it, else None."""
    _resolvers[type_name] = resolve


def upward(reference: Any) -> Any:
    """The class behind `Annotated["X", strawberry.lazy("api.schema.<ctx>.types")]`, imported on first use.

    A lower context's type (Person) may carry a field whose type belongs to a context above it (its
    training ledger): the reference stays lazy, so the packages under `api.schema` import one way only.
    """
    target, *metadata = get_args(reference)
    for meta in metadata:
        if isinstance(meta, StrawberryLazyReference):
            name = target.__forward_arg__ if isinstance(target, ForwardRef) else str(target)
            return meta.resolve_forward_ref(ForwardRef(name)).resolve_type()
    raise TypeError(f"{reference!r} is not a lazy type reference")


async def resolve_node(info: Any, global_id: str) -> Node | None:
    """Objects the viewer may not see are refused exactly as if they did not exist."""
    parsed = parse_global_id(global_id)
    if parsed is None:
        raise BadUserInput(f"编号「{shown(global_id)}」格式不正确")
    type_name, text = parsed
    resolve = _resolvers.get(type_name)
    pk = pk_of(text, maximum=MAX_BIG_PK if type_name in BIG_PK_TYPES else MAX_PK)
    if resolve is None or pk is None:
        return None
    return await resolve(info, pk)


# --- loaders --------------------------------------------------------------------------------------


def loader(fetch: Callable[[list[K]], Awaitable[dict[K, V]]]) -> DataLoader[K, V | None]:
    """A DataLoader over a domain function that returns the rows it found by key; missing keys load None."""

    async def load(keys: Sequence[K]) -> list[V | None]:
        found = await fetch(list(keys))
        return [found.get(key) for key in keys]

    return DataLoader(load_fn=load)


# --- connections ----------------------------------------------------------------------------------

CURSOR_PREFIX = "cursor:"


def to_cursor(pk: int) -> str:
    return base64.b64encode(f"{CURSOR_PREFIX}{pk}".encode()).decode()


def from_cursor(cursor: str | None) -> int | None:
    if cursor is None:
        return None
    decoded = _decoded(cursor)
    # Bounded like ids (MAX_PK): the audit trail would need two billion events to page past it.
    body = decoded.removeprefix(CURSOR_PREFIX) if decoded.startswith(CURSOR_PREFIX) else ""
    return cursor_pk(body)


def _decoded(cursor: str) -> str:
    try:
        return base64.b64decode(cursor.encode(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return ""


# Lists ordered on more than the id (the catalog by date, the review queue by status) page on their
# ordering's key: the cursor is `kind:part|part|...`, so one list's cursor is refused by another.
def keyed_cursor(kind: str, *parts: str) -> str:
    return base64.b64encode(f"{kind}:{'|'.join(parts)}".encode()).decode()


def keyed_cursor_parts(cursor: str, kind: str, count: int) -> list[str]:
    """The `count` parts of a cursor this server wrote with `keyed_cursor(kind, ...)`; anything else is
    a BadUserInput (the parts themselves are the caller's to check, e.g. with `cursor_pk`)."""
    text = _decoded(cursor)
    prefix = f"{kind}:"
    parts = text.removeprefix(prefix).split("|") if text.startswith(prefix) and len(text) <= 80 else []
    if len(parts) != count:
        raise BadUserInput(BAD_CURSOR)
    return parts


def timed_cursor(cursor: str | None, kind: str) -> tuple[datetime, int] | None:
    """(timestamp, id) from a cursor of a list keyset-paged on a timestamp and the id, written with
    `keyed_cursor(kind, at.isoformat(), id)`; None for no cursor. Only cursors this server wrote pass:
    an aware time and a key within the column's range (else BadUserInput)."""
    if cursor is None:
        return None
    at, pk = keyed_cursor_parts(cursor, kind, 2)
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise BadUserInput(BAD_CURSOR)
    return moment, cursor_pk(pk)


def cursor_pk(text: str) -> int:
    """An id read from a cursor: BadUserInput unless it is one a row could have."""
    pk = pk_of(text)
    if pk is None:
        raise BadUserInput(BAD_CURSOR)
    return pk


def check_first(first: int, maximum: int) -> None:
    if first > maximum:
        raise LimitExceeded(f"每页最多 {maximum} 条（first ≤ {maximum}）")
    if first < 1:
        raise BadUserInput("每页条数 first 至少为 1")


def page_window(first: int, after: str | None, maximum: int) -> int | None:
    """Checks a connection's `first` against the page limit and decodes `after` to a primary key."""
    check_first(first, maximum)
    return from_cursor(after)


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    total_count: int

    @strawberry.field
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


def connection(page: Page[Any], to_node: Callable[[Any], T], *, after: int | None) -> Connection[T]:
    """A page keyset-paged by id."""
    return keyed_connection(page, to_node, lambda row: to_cursor(row.pk), after=after)


def keyed_connection(
    page: Page[Any], to_node: Callable[[Any], T], cursor_of: Callable[[Any], str], *, after: object
) -> Connection[T]:
    """A page whose cursors hold each row's key in the list's ordering (`cursor_of`, e.g. `keyed_cursor`)."""
    edges = [Edge(cursor=cursor_of(row), node=to_node(row)) for row in page.items]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=after is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=page.total_count,
    )
