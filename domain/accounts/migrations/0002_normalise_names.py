"""Data: every account's name in the one normalised form of `domain.names.normalize_name`, as the
people migration 0003 does for persons (a trainee's account carries the registry record's name)."""

import importlib

from tortoise import migrations
from tortoise.migrations import operations as ops

people_names = importlib.import_module("domain.people.migrations.0003_normalise_names")


async def forward(apps, schema_editor):
    await people_names.normalise_column(schema_editor.client, "app_user")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("people", "0003_normalise_names")]

    operations = [ops.RunPython(forward, ops.RunPython.noop)]
