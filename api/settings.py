"""Every setting, read from the environment in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from domain.accounts.policy import SignInPolicy

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "sqlite://data/swtalent.sqlite3"
DEFAULT_WEB_ROOT = PROJECT_ROOT / "web" / "dist"
MIB = 1024 * 1024


class SettingsError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Limits:
    max_depth: int = 12
    max_aliases: int = 20
    # Lexing and parsing are graphql-core's Python, before any limit but this one can refuse: a document
    # at the limit costs two parses (the operation's choice, then strawberry's). At 5,000 tokens each took
    # 40-140 ms on a busy 2-core machine (#15); the front end's largest document has 92 tokens and
    # GraphiQL's introspection query 183.
    max_tokens: int = 1000
    # Refused before parsing: the lexer reads names and strings a character at a time, so a one-token
    # name of a million characters took it 420 ms.
    max_query_chars: int = 20_000
    # Values in the request's variables (every object, list and scalar), counted before graphql-core
    # coerces them at ~7 µs each (250,000 list items took it 1.8 s before a resolver refused them). The
    # largest legitimate list, recordExamResults' results, fills the 1 MiB body at ~10,000 results of
    # 5 values each.
    max_variable_values: int = 50_000
    max_cost: int = 20000
    max_page_size: int = 100
    max_body_bytes: int = 1 * MIB
    max_upload_bytes: int = 20 * MIB


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    # Production turns off introspection and the GraphQL IDE.
    production: bool = False
    token_lifetime: timedelta = timedelta(hours=12)
    login_max_failures_per_username: int = 5
    login_max_failures_per_client: int = 20
    login_failure_window: timedelta = timedelta(minutes=15)
    limits: Limits = Limits()
    # The built front end (`make web`): index.html, graphiql.html and assets/.
    web_root: Path = DEFAULT_WEB_ROOT

    @property
    def sign_in_policy(self) -> SignInPolicy:
        return SignInPolicy(
            token_lifetime=self.token_lifetime,
            max_failures_per_username=self.login_max_failures_per_username,
            max_failures_per_client=self.login_max_failures_per_client,
            failure_window=self.login_failure_window,
        )

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite:")

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Settings from `env` (default: the process environment); `SWTALENT_TODAY` is read by
        `domain.clock` itself, since rules take today from there."""
        e = dict(os.environ if env is None else env)
        defaults = Limits()
        return cls(
            database_url=e.get("DATABASE_URL", DEFAULT_DATABASE_URL),
            production=_flag(e, "SWTALENT_PRODUCTION"),
            # Another build of the front end (a developer's or a test's own `vite build --outDir`).
            web_root=Path(e["SWTALENT_WEB_ROOT"]) if e.get("SWTALENT_WEB_ROOT") else DEFAULT_WEB_ROOT,
            token_lifetime=timedelta(minutes=_int(e, "SWTALENT_TOKEN_TTL_MINUTES", 720)),
            login_max_failures_per_username=_int(e, "SWTALENT_LOGIN_MAX_FAILURES", 5),
            login_max_failures_per_client=_int(e, "SWTALENT_LOGIN_MAX_FAILURES_PER_CLIENT", 20),
            login_failure_window=timedelta(minutes=_int(e, "SWTALENT_LOGIN_LOCKOUT_MINUTES", 15)),
            limits=Limits(
                max_depth=_int(e, "SWTALENT_MAX_DEPTH", defaults.max_depth),
                max_aliases=_int(e, "SWTALENT_MAX_ALIASES", defaults.max_aliases),
                max_tokens=_int(e, "SWTALENT_MAX_TOKENS", defaults.max_tokens),
                max_query_chars=_int(e, "SWTALENT_MAX_QUERY_CHARS", defaults.max_query_chars),
                max_variable_values=_int(e, "SWTALENT_MAX_VARIABLE_VALUES", defaults.max_variable_values),
                max_cost=_int(e, "SWTALENT_MAX_COST", defaults.max_cost),
                max_page_size=_int(e, "SWTALENT_MAX_PAGE_SIZE", defaults.max_page_size),
                max_body_bytes=_int(e, "SWTALENT_MAX_BODY_BYTES", defaults.max_body_bytes),
                max_upload_bytes=_int(e, "SWTALENT_MAX_UPLOAD_BYTES", defaults.max_upload_bytes),
            ),
        )


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None
    if value <= 0:
        raise SettingsError(f"{name} must be positive, got {value}")
    return value


def _flag(env: dict[str, str], name: str) -> bool:
    return env.get(name, "").strip().lower() in {"1", "true", "yes", "on"}
