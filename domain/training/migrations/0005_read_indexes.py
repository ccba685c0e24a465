"""Indexes for reads (#14): `course (created_at, id)`, which the catalog's NEWEST order walks instead of
sorting every listed course; `hour_balance (requirement_id, person_id, category, tenths)`, from which
front-line compliance sums one requirement's balances without reading the table."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('people', '0005_person_county_front_line_index'), ('training', '0004_one_live_enrollment')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Course',
            index=Index(fields=['created_at', 'id']),
        ),
        ops.AddIndex(
            model_name='HourBalance',
            index=Index(fields=['requirement_id', 'person_id', 'category', 'tenths']),
        ),
    ]
