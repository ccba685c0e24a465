"""PLACEHOLDER rounds (filled by the issue's builders)."""

from __future__ import annotations

import strawberry


@strawberry.type
class RoundsQuery:
    pass


@strawberry.type
class RoundsMutation:
    pass
