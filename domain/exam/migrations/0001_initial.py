from tortoise import migrations
from tortoise.migrations import operations as ops
from domain.exam.vocabulary import ExamLevel, ExamRegistrationStatus
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('people', '0001_initial'), ('people', '0002_seed_counties')]

    initial = True

    operations = [
        ops.CreateModel(
            name='Certificate',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.ForeignKeyField('people.Person', source_field='person_id', db_index=True, db_constraint=True, to_field='id', related_name='certificates', on_delete=OnDelete.RESTRICT)),
                ('level', fields.CharEnumField(description='ASSISTANT: ASSISTANT\nSOCIAL_WORKER: SOCIAL_WORKER\nSENIOR: SENIOR', enum_type=ExamLevel, max_length=20)),
                ('number', fields.CharField(unique=True, max_length=40)),
                ('issued_on', fields.DateField()),
                ('local_only', fields.BooleanField(default=False)),
                ('verification_code', fields.CharField(unique=True, max_length=16)),
                ('recorded_existing', fields.BooleanField(default=False)),
                ('registered_on', fields.DateField(null=True)),
                ('registered_until', fields.DateField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'certificate', 'app': 'exam', 'unique_together': (('person', 'level'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ExamSitting',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('year', fields.IntField(unique=True)),
                ('exam_date', fields.DateField()),
                ('registration_opens_on', fields.DateField()),
                ('registration_closes_on', fields.DateField()),
                ('levels', fields.CharField(max_length=100)),
                ('fee_per_subject_fen', fields.IntField()),
                ('pass_mark_tenths', fields.IntField(default=600)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'exam_sitting', 'app': 'exam', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ExamSite',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('sitting', fields.ForeignKeyField('exam.ExamSitting', source_field='sitting_id', db_index=True, db_constraint=True, to_field='id', related_name='sites', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=100)),
                ('county', fields.ForeignKeyField('people.County', source_field='county_id', db_constraint=True, to_field='code', related_name='exam_sites', on_delete=OnDelete.RESTRICT)),
                ('capacity', fields.IntField()),
                ('taken', fields.IntField(default=0)),
            ],
            options={'table': 'exam_site', 'app': 'exam', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ExamRegistration',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('sitting', fields.ForeignKeyField('exam.ExamSitting', source_field='sitting_id', db_index=True, db_constraint=True, to_field='id', related_name='registrations', on_delete=OnDelete.RESTRICT)),
                ('person', fields.ForeignKeyField('people.Person', source_field='person_id', db_index=True, db_constraint=True, to_field='id', related_name='exam_registrations', on_delete=OnDelete.RESTRICT)),
                ('level', fields.CharEnumField(description='ASSISTANT: ASSISTANT\nSOCIAL_WORKER: SOCIAL_WORKER\nSENIOR: SENIOR', enum_type=ExamLevel, max_length=20)),
                ('site', fields.ForeignKeyField('exam.ExamSite', source_field='site_id', db_index=True, db_constraint=True, to_field='id', related_name='registrations', on_delete=OnDelete.RESTRICT)),
                ('status', fields.CharEnumField(db_index=True, description='SUBMITTED: SUBMITTED\nAPPROVED: APPROVED\nREJECTED: REJECTED\nPAID: PAID\nADMITTED: ADMITTED\nWITHDRAWN: WITHDRAWN\nSAT: SAT', enum_type=ExamRegistrationStatus, max_length=12)),
                ('live_key', fields.CharField(null=True, unique=True, max_length=40)),
                ('eligibility_rule', fields.CharField(max_length=60)),
                ('review_reason', fields.CharField(null=True, max_length=500)),
                ('reviewed_by_user_id', fields.IntField(null=True)),
                ('fee_paid_fen', fields.IntField(null=True)),
                ('payment_reference', fields.CharField(null=True, max_length=100)),
                ('admission_number', fields.CharField(null=True, unique=True, max_length=30)),
                ('seat', fields.IntField(null=True)),
                ('submitted_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('idempotency_key', fields.CharField(null=True, unique=True, max_length=100)),
                ('request_digest', fields.CharField(null=True, max_length=64)),
                ('fee_idempotency_key', fields.CharField(null=True, unique=True, max_length=100)),
                ('fee_request_digest', fields.CharField(null=True, max_length=64)),
            ],
            options={'table': 'exam_registration', 'app': 'exam', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
