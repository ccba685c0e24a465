"""Secrets at rest: the database never holds a password or a bearer token as text. Passwords are kept as
scrypt hashes (memory-hard; the parameters are tested in tests/domain/accounts/test_passwords.py) and
tokens as their SHA-256 digests, so a copy of the database (a backup, a dump) signs nobody in."""

from __future__ import annotations

from tortoise import Tortoise

from domain.accounts.models import AccessToken, User
from domain.accounts.tokens import digest
from tests.api.accounts.test_register_account import REGISTER, registration
from tests.api.conftest import Api


async def every_stored_value() -> str:
    """Every value of every row of every table, as one text to search."""
    values: list[str] = []
    for app in Tortoise.apps.values():
        for model in app.values():
            for row in await model.all().values():
                values.extend(str(value) for value in row.values())
    return "\n".join(values)


async def test_no_table_holds_a_password_or_a_token_only_their_hashes(api: Api, db: str) -> None:
    password = registration()["password"]
    registered = await api.data(REGISTER, {"input": registration()})
    tokens = [registered["registerAccount"]["token"], await api.login("li.na", password)]

    stored = await every_stored_value()
    for secret in (password, *tokens):
        assert secret not in stored
    user = await User.get(username="li.na")
    assert user.password_hash.split("$")[:4] == ["scrypt", "16384", "8", "1"]
    assert sorted(t.token_hash for t in await AccessToken.filter(user_id=user.id)) == sorted(
        digest(token) for token in tokens
    )
