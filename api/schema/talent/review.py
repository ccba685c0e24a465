"""PLACEHOLDER review (filled by the issue's builders)."""

from __future__ import annotations

import strawberry


@strawberry.type
class ReviewQuery:
    pass


@strawberry.type
class ReviewMutation:
    pass
