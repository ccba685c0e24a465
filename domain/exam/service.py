"""The exam's interface for the contexts above it (incentives, talent, reports)."""

from __future__ import annotations

from datetime import date

from domain.exam.models import Certificate, ExamEvent
from domain.exam.vocabulary import ExamEventKind, ExamLevel


async def record_event(
    kind: ExamEventKind,
    *,
    person_id: int,
    level: ExamLevel,
    occurred_on: date,
    certificate_id: int | None = None,
    registration_id: int | None = None,
    amount_fen: int | None = None,
) -> ExamEvent:
    """Within the caller's transaction, so the fact and the change commit together."""
    return await ExamEvent.create(
        kind=kind,
        person_id=person_id,
        level=level,
        occurred_on=occurred_on,
        certificate_id=certificate_id,
        registration_id=registration_id,
        amount_fen=amount_fen,
    )


async def events_after(last_seen_id: int, *, limit: int = 500) -> list[ExamEvent]:
    """The outbox in order: a consumer passes the last id it handled and gets what came since."""
    return await ExamEvent.filter(id__gt=last_seen_id).order_by("id").limit(limit)


async def certificates_of(person_id: int) -> list[Certificate]:
    """Issued and recorded alike: both count everywhere a certificate counts."""
    return await Certificate.filter(person_id=person_id).order_by("issued_on")
