"""When repeated sign-in failures refuse further attempts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.accounts.policy import SignInPolicy

DEFAULT = SignInPolicy()
failures = st.integers(min_value=0, max_value=1000)


def test_the_default_policy_allows_five_failures_per_username_and_twenty_per_client() -> None:
    assert DEFAULT.max_failures_per_username == 5
    assert DEFAULT.max_failures_per_client == 20
    assert DEFAULT.failure_window == timedelta(minutes=15)
    assert DEFAULT.token_lifetime == timedelta(hours=12)


@pytest.mark.parametrize(
    ("username_failures", "client_failures", "locked"),
    [
        pytest.param(0, 0, False, id="no failures"),
        pytest.param(4, 0, False, id="one username failure short"),
        pytest.param(5, 0, True, id="username failures reach the limit"),
        pytest.param(6, 0, True, id="username failures past the limit"),
        pytest.param(0, 19, False, id="one client failure short"),
        pytest.param(0, 20, True, id="client failures reach the limit"),
        pytest.param(0, 21, True, id="client failures past the limit"),
        pytest.param(4, 19, False, id="both one short"),
        pytest.param(5, 20, True, id="both at the limit"),
    ],
)
def test_sign_in_is_locked_out_once_either_count_reaches_its_limit(
    username_failures: int, client_failures: int, locked: bool
) -> None:
    assert (
        DEFAULT.is_locked_out(username_failures=username_failures, client_failures=client_failures) is locked
    )


@pytest.mark.parametrize(
    ("username_failures", "client_failures", "locked"),
    [(2, 0, False), (3, 0, True), (0, 9, False), (0, 10, True)],
)
def test_a_stricter_policy_locks_out_at_its_own_limits(
    username_failures: int, client_failures: int, locked: bool
) -> None:
    strict = SignInPolicy(max_failures_per_username=3, max_failures_per_client=10)
    assert (
        strict.is_locked_out(username_failures=username_failures, client_failures=client_failures) is locked
    )


@given(username_failures=failures, client_failures=failures)
def test_lockout_is_exactly_reaching_either_limit(username_failures: int, client_failures: int) -> None:
    expected = username_failures >= 5 or client_failures >= 20
    assert (
        DEFAULT.is_locked_out(username_failures=username_failures, client_failures=client_failures)
        is expected
    )


@given(username_failures=failures, client_failures=failures, more=st.integers(min_value=1, max_value=50))
def test_more_failures_never_lift_a_lockout(username_failures: int, client_failures: int, more: int) -> None:
    if DEFAULT.is_locked_out(username_failures=username_failures, client_failures=client_failures):
        assert DEFAULT.is_locked_out(
            username_failures=username_failures + more, client_failures=client_failures
        )
        assert DEFAULT.is_locked_out(
            username_failures=username_failures, client_failures=client_failures + more
        )
