"""Data: every provider's contact name in the one normalised form of `domain.names.normalize_name`, as
the people migration 0003 does for persons (a provider's contact is a person; new filings are checked)."""

import importlib

from tortoise import migrations
from tortoise.migrations import operations as ops

people_names = importlib.import_module("domain.people.migrations.0003_normalise_names")


async def forward(apps, schema_editor):
    await people_names.normalise_column(schema_editor.client, "training_provider", "contact_name", max_length=50)


class Migration(migrations.Migration):
    dependencies = [("training", "0002_requirements_and_append_only_ledger"), ("people", "0003_normalise_names")]

    operations = [ops.RunPython(forward, ops.RunPython.noop)]
