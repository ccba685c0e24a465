from tortoise import migrations
from tortoise.migrations import operations as ops
from domain.access import Role
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    initial = True
    dependencies = [('people', '0001_initial')]

    operations = [
        ops.CreateModel(
            name='User',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('username', fields.CharField(unique=True, max_length=50)),
                ('password_hash', fields.CharField(max_length=200)),
                ('name', fields.CharField(max_length=50)),
                ('organization_name', fields.CharField(default='', max_length=100)),
                ('person', fields.OneToOneField('people.Person', source_field='person_id', null=True, db_constraint=True, to_field='id', related_name='user', on_delete=OnDelete.RESTRICT)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'app_user', 'app': 'accounts', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AccessToken',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('user', fields.ForeignKeyField('accounts.User', source_field='user_id', db_index=True, db_constraint=True, to_field='id', related_name='tokens', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'access_token', 'app': 'accounts', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='UserRole',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('accounts.User', source_field='user_id', db_index=True, db_constraint=True, to_field='id', related_name='roles', on_delete=OnDelete.CASCADE)),
                ('role', fields.CharEnumField(description='TRAINEE: TRAINEE\nPROVIDER: PROVIDER\nCOUNTY_ADMIN: COUNTY_ADMIN\nPREFECTURE_ADMIN: PREFECTURE_ADMIN\nEXPERT: EXPERT', enum_type=Role, max_length=20)),
                ('county_code', fields.CharField(null=True, max_length=6)),
                ('provider_id', fields.IntField(null=True)),
                ('granted_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'user_role', 'app': 'accounts', 'unique_together': (('user', 'role', 'county_code', 'provider_id'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
