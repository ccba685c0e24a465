"""The certificate list filters by 登记 state in SQL through `listing.registered_until_range`: it must be
`certificates.registration_state` read backwards, day for day."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from domain.exam.certificates import RENEWAL_WINDOW_DAYS, registration_state
from domain.exam.listing import registered_until_range
from domain.exam.vocabulary import CertificateRegistrationState as State

TODAY = date(2029, 1, 10)


def in_range(until: date | None, state: State, today: date) -> bool:
    bounds = registered_until_range(state, today)
    if bounds is None or until is None:
        return bounds is None and until is None
    low, high = bounds
    return (low is None or low <= until) and (high is None or until <= high)


def test_every_day_around_the_renewal_window_is_in_exactly_its_states_range() -> None:
    for offset in range(-2 * RENEWAL_WINDOW_DAYS, 2 * RENEWAL_WINDOW_DAYS):
        until = TODAY + timedelta(days=offset)
        assert [s for s in State if in_range(until, s, TODAY)] == [registration_state(until, TODAY)], until
    assert [s for s in State if in_range(None, s, TODAY)] == [State.UNREGISTERED]


def test_due_runs_from_today_to_the_last_day_of_the_window() -> None:
    assert registered_until_range(State.DUE, TODAY) == (TODAY, date(2029, 4, 12))
    assert registered_until_range(State.LAPSED, TODAY) == (None, date(2029, 1, 9))
    assert registered_until_range(State.REGISTERED, TODAY) == (date(2029, 4, 13), None)


@given(
    until=st.one_of(st.none(), st.dates(date(2008, 1, 1), date(2100, 12, 31))),
    today=st.dates(date(2008, 1, 1), date(2100, 12, 31)),
)
def test_the_ranges_and_registration_state_agree_on_any_day(until: date | None, today: date) -> None:
    assert [s for s in State if in_range(until, s, today)] == [registration_state(until, today)]
