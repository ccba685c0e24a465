"""Sign-in policy: token lifetime, and when repeated failures refuse further attempts for a while."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True, slots=True)
class SignInPolicy:
    token_lifetime: timedelta = timedelta(hours=12)
    # Guessing passwords: after this many failures for one username, or from one client address,
    # within `failure_window`, sign-in is refused until the window has passed.
    max_failures_per_username: int = 5
    max_failures_per_client: int = 20
    failure_window: timedelta = timedelta(minutes=15)

    def is_locked_out(self, *, username_failures: int, client_failures: int) -> bool:
        return (
            username_failures >= self.max_failures_per_username
            or client_failures >= self.max_failures_per_client
        )
