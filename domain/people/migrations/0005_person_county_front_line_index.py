"""An index on `person (county_id, front_line)`: the targets report counts people and front-line people per
county from the index alone (#14)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('people', '0001_initial'), ('people', '0002_seed_counties'), ('people', '0003_normalise_names'), ('people', '0004_payment_account')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Person',
            index=Index(fields=['county_id', 'front_line']),
        ),
    ]
