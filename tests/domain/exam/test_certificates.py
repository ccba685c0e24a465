"""Where a certificate's 登记 stands on a given day (domain/exam/certificates.py `registration_state`)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.exam.certificates import registration_state
from domain.exam.vocabulary import CertificateRegistrationState as State

UNTIL = date(2027, 6, 30)


@pytest.mark.parametrize(
    ("until", "today", "state"),
    [
        (None, date(2027, 1, 1), State.UNREGISTERED),
        (UNTIL, date(2026, 7, 1), State.REGISTERED),
        (UNTIL, date(2027, 3, 29), State.REGISTERED),  # the day before the last 92 days
        (UNTIL, date(2027, 3, 30), State.DUE),  # renewal may be applied for from here (92 days)
        (UNTIL, UNTIL, State.DUE),  # still in force on its last day
        (UNTIL, date(2027, 7, 1), State.LAPSED),
    ],
)
def test_a_registration_is_due_in_its_last_three_months_and_lapses_the_day_after(
    until: date | None, today: date, state: State
) -> None:
    assert registration_state(until, today) is state
