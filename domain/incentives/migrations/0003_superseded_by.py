"""`Entitlement.superseded_by_id`: a one-time reward taken over by a higher level's reward still under
review (就高) points at it, so that rejecting the higher one restores the lower one instead of leaving
the person with neither. NULL for every other entitlement."""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("incentives", "0002_check_constraints")]

    operations = [
        ops.AddField(
            model_name="Entitlement",
            name="superseded_by_id",
            field=fields.IntField(null=True, db_index=True),
        ),
    ]
