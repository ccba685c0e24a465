"""`Person.bank_name` and `Person.account_number`: where incentives are paid (开户银行, 账号), recorded by the
person or county staff (`setPaymentAccount`); NULL until recorded."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('people', '0001_initial'), ('people', '0002_seed_counties'), ('people', '0003_normalise_names')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Person',
            name='account_number',
            field=fields.CharField(null=True, max_length=40),
        ),
        ops.AddField(
            model_name='Person',
            name='bank_name',
            field=fields.CharField(null=True, max_length=100),
        ),
    ]
