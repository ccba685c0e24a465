from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('people', '0001_initial'), ('people', '0002_seed_counties'), ('people', '0003_normalise_names'), ('people', '0004_payment_account')]

    initial = True

    operations = [
        ops.CreateModel(
            name='CountyTownships',
            fields=[
                ('county', fields.OneToOneField('people.County', source_field='county_id', primary_key=True, db_index=True, db_constraint=True, to_field='code', related_name='townships', on_delete=OnDelete.RESTRICT)),
                ('townships', fields.IntField()),
                ('source', fields.CharField(max_length=200)),
            ],
            options={'table': 'county_townships', 'app': 'reports', 'pk_attr': 'county_id'},
            bases=['Table'],
        ),
        ops.CreateModel(
            name='PlanPeriod',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=20)),
                ('name', fields.CharField(max_length=50)),
                ('starts_on', fields.DateField()),
                ('ends_on', fields.DateField()),
                ('talent_target', fields.IntField(null=True)),
                ('certified_target', fields.IntField(null=True)),
                ('per_mille_floor_hundredths', fields.IntField(null=True)),
                ('updated_by_user_id', fields.IntField(null=True)),
                ('updated_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'plan_period', 'app': 'reports', 'pk_attr': 'id'},
            bases=['Table'],
        ),
    ]
