from tortoise import migrations
from tortoise.migrations import operations as ops
from domain.exam.vocabulary import ExamEventKind, ExamLevel
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('exam', '0002_exam_results'), ('people', '0001_initial'), ('people', '0002_seed_counties')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ExamEvent',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharEnumField(db_index=True, description='FEE_CONFIRMED: FEE_CONFIRMED\nCERTIFICATE_ISSUED: CERTIFICATE_ISSUED\nCERTIFICATE_RECORDED: CERTIFICATE_RECORDED', enum_type=ExamEventKind, max_length=30)),
                ('person', fields.ForeignKeyField('people.Person', source_field='person_id', db_index=True, db_constraint=True, to_field='id', related_name='exam_events', on_delete=OnDelete.RESTRICT)),
                ('level', fields.CharEnumField(description='ASSISTANT: ASSISTANT\nSOCIAL_WORKER: SOCIAL_WORKER\nSENIOR: SENIOR', enum_type=ExamLevel, max_length=20)),
                ('certificate', fields.ForeignKeyField('exam.Certificate', source_field='certificate_id', null=True, db_constraint=True, to_field='id', related_name='events', on_delete=OnDelete.RESTRICT)),
                ('registration', fields.ForeignKeyField('exam.ExamRegistration', source_field='registration_id', null=True, db_constraint=True, to_field='id', related_name='events', on_delete=OnDelete.RESTRICT)),
                ('amount_fen', fields.IntField(null=True)),
                ('occurred_on', fields.DateField()),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'exam_event', 'app': 'exam', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
