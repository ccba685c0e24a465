"""Keyset pages: stable under inserts, cheap at any depth.

Lists that can grow are read `first` rows at a time after the last id seen, ordered by id. A page asks
for one row more than it returns to know whether another page follows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from tortoise.models import Model
from tortoise.queryset import QuerySet

from domain.errors import InvalidInput

M = TypeVar("M", bound=Model)

MAX_PAGE_SIZE = 100


@dataclass(frozen=True, slots=True)
class Page(Generic[M]):
    items: list[M]
    has_next_page: bool
    total_count: int


def check_page_size(first: int, limit: int = MAX_PAGE_SIZE) -> None:
    if not 1 <= first <= limit:
        raise InvalidInput(f"每页条数 first 须在 1 到 {limit} 之间", field="first")


async def keyset_page(
    query: QuerySet[M], *, first: int, after: int | None, descending: bool = False
) -> Page[M]:
    """One page of `query` by primary key, after the row with id `after` (exclusive)."""
    check_page_size(first)
    total = await query.count()
    if after is not None:
        query = query.filter(id__lt=after) if descending else query.filter(id__gt=after)
    rows = await query.order_by("-id" if descending else "id").limit(first + 1)
    return Page(items=rows[:first], has_next_page=len(rows) > first, total_count=total)
