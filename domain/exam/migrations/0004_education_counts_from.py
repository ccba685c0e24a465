"""`Certificate.education_counts_from`: the first day continuing education counts toward the 登记
recorded. A renewal made in the last three months stores the next period, which starts when the current
one ends; the hours earned from the day after the renewal count toward that next period, not toward the
one just used to renew (nor toward none). Existing rows keep NULL, read as `registered_on`."""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("exam", "0003_exam_events")]

    operations = [
        ops.AddField(
            model_name="Certificate",
            name="education_counts_from",
            field=fields.DateField(null=True),
        ),
    ]
