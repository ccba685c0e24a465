"""PLACEHOLDER notice (filled by the issue's builders)."""

from __future__ import annotations

import strawberry


@strawberry.type
class NoticeQuery:
    pass


@strawberry.type
class NoticeMutation:
    pass
