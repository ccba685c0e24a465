from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='AuditEvent',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('actor_user_id', fields.IntField(null=True, db_index=True)),
                ('actor_username', fields.CharField(null=True, max_length=50)),
                ('actor_role', fields.CharField(null=True, max_length=20)),
                ('actor_scope', fields.CharField(null=True, max_length=20)),
                ('action', fields.CharField(max_length=50)),
                ('target_type', fields.CharField(null=True, max_length=40)),
                ('target_id', fields.CharField(null=True, db_index=True, max_length=100)),
                ('county_code', fields.CharField(null=True, db_index=True, max_length=6)),
                ('request_id', fields.CharField(max_length=64)),
                ('client', fields.CharField(null=True, max_length=64)),
                ('summary', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
            ],
            options={'table': 'audit_event', 'app': 'audit', 'indexes': [Index(fields=['action', 'target_id', 'at']), Index(fields=['action', 'client', 'at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
