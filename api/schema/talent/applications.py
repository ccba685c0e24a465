"""PLACEHOLDER applications (filled by the issue's builders)."""

from __future__ import annotations

import strawberry


@strawberry.type
class ApplicationsQuery:
    pass


@strawberry.type
class ApplicationsMutation:
    pass
