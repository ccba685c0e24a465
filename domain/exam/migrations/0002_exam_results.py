from tortoise import migrations
from tortoise.migrations import operations as ops
from domain.exam.vocabulary import ExamSubject
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('exam', '0001_initial'), ('people', '0001_initial'), ('people', '0002_seed_counties')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ExamResult',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('registration', fields.ForeignKeyField('exam.ExamRegistration', source_field='registration_id', db_index=True, db_constraint=True, to_field='id', related_name='results', on_delete=OnDelete.RESTRICT)),
                ('subject', fields.CharEnumField(description='ASSISTANT_COMPREHENSIVE: ASSISTANT_COMPREHENSIVE\nASSISTANT_PRACTICE: ASSISTANT_PRACTICE\nCOMPREHENSIVE: COMPREHENSIVE\nLAWS_AND_POLICIES: LAWS_AND_POLICIES\nPRACTICE: PRACTICE\nSENIOR_PRACTICE: SENIOR_PRACTICE', enum_type=ExamSubject, max_length=30)),
                ('score_tenths', fields.IntField()),
                ('local_line', fields.BooleanField(default=False)),
                ('recorded_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'exam_result', 'app': 'exam', 'unique_together': (('registration', 'subject'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
