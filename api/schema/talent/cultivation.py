"""PLACEHOLDER cultivation (filled by the issue's builders)."""

from __future__ import annotations

import strawberry


@strawberry.type
class CultivationQuery:
    pass


@strawberry.type
class CultivationMutation:
    pass
