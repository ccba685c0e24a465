"""PLACEHOLDER scoring (filled by the issue's builders)."""

from __future__ import annotations

import strawberry


@strawberry.type
class ScoringQuery:
    pass


@strawberry.type
class ScoringMutation:
    pass
