"""Where an entitlement may go from each status (DOMAIN.md §Subsidies: entitlement → county review →
payout batch → paid; a fraudulent claim is revoked and, once paid, recovered). REJECTED and REVOKED are
final; a batch being paid is closed before anything in it is revoked."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from domain.incentives.vocabulary import EntitlementStatus as S

ALLOWED: Final[Mapping[S, frozenset[S]]] = {
    S.PENDING: frozenset({S.APPROVED, S.REJECTED, S.REVOKED}),
    S.APPROVED: frozenset({S.IN_BATCH, S.REVOKED}),
    S.IN_BATCH: frozenset({S.PAID}),
    S.PAID: frozenset({S.REVOKED}),
    S.REJECTED: frozenset(),
    S.REVOKED: frozenset(),
}

# How a status reads in a refusal ("该待遇已撤销，不能审核").
STATUS_NAMES: Final[Mapping[S, str]] = {
    S.PENDING: "待审核",
    S.APPROVED: "已审核通过",
    S.REJECTED: "审核未通过",
    S.IN_BATCH: "已编入发放批次",
    S.PAID: "已发放",
    S.REVOKED: "已撤销",
}


def can_move(current: S, to: S) -> bool:
    return to in ALLOWED[current]
