"""Data: every stored person's name in the one normalised form of `domain.names.normalize_name`.

Names registered before the normaliser may hold a look-alike of the middle dot (吉克•阿依, 阿依・木呷) or
spaces (李　娜), so searches and comparisons missed them. This only normalises and never fails: a name
that `validate_name` would refuse today (a digit, markup) is left for a clerk to correct, not refused
here; a name that would come out empty, or longer than its column, is kept as it was.

The normaliser is imported, not copied: it is the one rule, and running this again later is harmless
(normalising a normalised name changes nothing).
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

from domain.names import normalize_name

NAME_COLUMN_LENGTH = 50  # person.name and app_user.name are both VARCHAR(50)


async def normalise_column(client, table, column="name", *, max_length=NAME_COLUMN_LENGTH):
    """Rewrite `table.column` (a constant name) row by row where normalising changes it; the number of
    rows changed. Placeholders differ between SQLite (?) and PostgreSQL ($1)."""
    postgres = client.capabilities.dialect == "postgres"
    update = (
        f"UPDATE {table} SET {column} = {'$1' if postgres else '?'} WHERE id = {'$2' if postgres else '?'}"
    )
    changed = 0
    for row in await client.execute_query_dict(f"SELECT id, {column} FROM {table} ORDER BY id"):
        stored = row[column]
        if stored is None:
            continue
        name = normalize_name(stored)
        if name != stored and name and len(name) <= max_length:
            await client.execute_query(update, [name, row["id"]])
            changed += 1
    return changed


async def forward(apps, schema_editor):
    await normalise_column(schema_editor.client, "person")


class Migration(migrations.Migration):
    dependencies = [("people", "0002_seed_counties")]

    # Normalised names cannot be told back into their old spellings, and need not be.
    operations = [ops.RunPython(forward, ops.RunPython.noop)]
