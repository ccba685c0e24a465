"""Usernames case-insensitive, and passwords an admin resets.

Every stored username becomes its normalised form (`domain.accounts.usernames.normalize_username`:
NFKC, trimmed, casefolded), so the existing unique index on `app_user.username` is from now on a
case-insensitive one, enforced by the database on both SQLite and PostgreSQL.

Usernames that differ only in case (`Li.Na` and `li.na`) cannot both keep their name. The oldest account
(lowest id) keeps it; each later one becomes `<name>-<id>` (cut to fit the column), and the migration
logs a warning naming every rename so that an administrator can tell those users, whose passwords are
unchanged. Refusing to migrate instead would stop a deployment on data only a person can sort out, and
renaming the newer account is what the person who registered first expects.

Also adds `must_change_password` (default false): set by an admin's password reset.
"""

import logging

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from domain.accounts.usernames import normalize_username

log = logging.getLogger("swtalent.migrations")
USERNAME_LENGTH = 50


def planned_usernames(rows):
    """{id: new username} for the rows (id, username, oldest first) whose username changes."""
    taken = {}
    for user_id, username in rows:
        key = normalize_username(username)
        if key in taken or not key:
            suffix = f"-{user_id}"
            key = key[: USERNAME_LENGTH - len(suffix)] + suffix
        taken[key] = user_id
    return {user_id: key for key, user_id in taken.items() if key != dict(rows)[user_id]}


async def forward(apps, schema_editor):
    client = schema_editor.client
    postgres = client.capabilities.dialect == "postgres"
    rows = [
        (row["id"], row["username"])
        for row in await client.execute_query_dict("SELECT id, username FROM app_user ORDER BY id")
    ]
    plan = planned_usernames(rows)
    update = f"UPDATE app_user SET username = {'$1' if postgres else '?'} WHERE id = {'$2' if postgres else '?'}"
    # Two passes, through a name no username can be (`~` is refused), so a rename never meets the unique index half-way.
    for user_id in plan:
        await client.execute_query(update, [f"~{user_id}", user_id])
    old = dict(rows)
    for user_id, username in plan.items():
        await client.execute_query(update, [username, user_id])
        if username != normalize_username(old[user_id]):
            log.warning("username %r clashed case-insensitively; renamed to %r", old[user_id], username)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_normalise_names")]

    operations = [
        ops.AddField(
            model_name="User",
            name="must_change_password",
            field=fields.BooleanField(default=False),
        ),
        # Lower-cased usernames cannot be told back into their old spellings, and need not be.
        ops.RunPython(forward, ops.RunPython.noop),
    ]
