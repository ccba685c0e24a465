from tortoise import migrations
from tortoise.migrations import operations as ops
from domain.training.vocabulary import CourseStatus, DeliveryMode, EnrollmentStatus, EntrySource, HourCategory, RequirementAudience, ServiceField
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('people', '0002_seed_counties')]

    initial = True

    operations = [
        ops.CreateModel(
            name='Provider',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(unique=True, max_length=100)),
                ('county', fields.ForeignKeyField('people.County', source_field='county_id', db_index=True, db_constraint=True, to_field='code', related_name='providers', on_delete=OnDelete.RESTRICT)),
                ('contact_name', fields.CharField(max_length=50)),
                ('contact_phone', fields.CharField(max_length=20)),
                ('filed_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'training_provider', 'app': 'training', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Course',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('provider', fields.ForeignKeyField('training.Provider', source_field='provider_id', db_index=True, db_constraint=True, to_field='id', related_name='courses', on_delete=OnDelete.RESTRICT)),
                ('title', fields.CharField(max_length=100)),
                ('description', fields.TextField(unique=False)),
                ('service_field', fields.CharEnumField(db_index=True, description='SOCIAL_WELFARE: SOCIAL_WELFARE\nSOCIAL_ASSISTANCE: SOCIAL_ASSISTANCE\nPOVERTY_RELIEF: POVERTY_RELIEF\nCHARITY: CHARITY\nCOMMUNITY_BUILDING: COMMUNITY_BUILDING\nMARRIAGE_FAMILY: MARRIAGE_FAMILY\nMENTAL_HEALTH: MENTAL_HEALTH\nDISABILITY_REHABILITATION: DISABILITY_REHABILITATION\nEDUCATION_GUIDANCE: EDUCATION_GUIDANCE\nEMPLOYMENT_ASSISTANCE: EMPLOYMENT_ASSISTANCE\nWORKER_SUPPORT: WORKER_SUPPORT\nCRIME_PREVENTION: CRIME_PREVENTION\nDRUG_REHABILITATION: DRUG_REHABILITATION\nCORRECTIONAL_SUPPORT: CORRECTIONAL_SUPPORT\nEMERGENCY_RESPONSE: EMERGENCY_RESPONSE\nMASS_CULTURE: MASS_CULTURE\nELDERLY_CARE: ELDERLY_CARE\nOTHER: OTHER', enum_type=ServiceField, max_length=40)),
                ('hour_category', fields.CharEnumField(description='KNOWLEDGE: KNOWLEDGE\nPRACTICE_SKILLS: PRACTICE_SKILLS\nSUPERVISION: SUPERVISION\nCONFERENCE: CONFERENCE\nDEGREE_STUDY: DEGREE_STUDY\nRESEARCH_PUBLICATION: RESEARCH_PUBLICATION\nTEACHING: TEACHING\nOTHER: OTHER', enum_type=HourCategory, max_length=30)),
                ('credit_tenths', fields.IntField()),
                ('delivery_mode', fields.CharEnumField(description='IN_PERSON: IN_PERSON\nONLINE: ONLINE\nBLENDED: BLENDED', enum_type=DeliveryMode, max_length=12)),
                ('county', fields.ForeignKeyField('people.County', source_field='county_id', db_index=True, db_constraint=True, to_field='code', related_name='courses', on_delete=OnDelete.RESTRICT)),
                ('capacity', fields.IntField()),
                ('enrolled_count', fields.IntField(default=0)),
                ('status', fields.CharEnumField(default=CourseStatus.DRAFT, db_index=True, description='DRAFT: DRAFT\nPUBLISHED: PUBLISHED\nCANCELLED: CANCELLED', enum_type=CourseStatus, max_length=10)),
                ('starts_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('ends_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('cancel_reason', fields.CharField(null=True, max_length=500)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('published_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'course', 'app': 'training', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CourseSession',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('course', fields.ForeignKeyField('training.Course', source_field='course_id', db_index=True, db_constraint=True, to_field='id', related_name='sessions', on_delete=OnDelete.CASCADE)),
                ('starts_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('ends_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('location', fields.CharField(max_length=200)),
            ],
            options={'table': 'course_session', 'app': 'training', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Enrollment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('course', fields.ForeignKeyField('training.Course', source_field='course_id', db_index=True, db_constraint=True, to_field='id', related_name='enrollments', on_delete=OnDelete.RESTRICT)),
                ('person', fields.ForeignKeyField('people.Person', source_field='person_id', db_index=True, db_constraint=True, to_field='id', related_name='enrollments', on_delete=OnDelete.RESTRICT)),
                ('status', fields.CharEnumField(db_index=True, description='ENROLLED: ENROLLED\nWAITLISTED: WAITLISTED\nWITHDRAWN: WITHDRAWN\nCOMPLETED: COMPLETED', enum_type=EnrollmentStatus, max_length=12)),
                ('enrolled_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('withdrawn_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'enrollment', 'app': 'training', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Attendance',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('enrollment', fields.ForeignKeyField('training.Enrollment', source_field='enrollment_id', db_index=True, db_constraint=True, to_field='id', related_name='attendance', on_delete=OnDelete.RESTRICT)),
                ('session', fields.ForeignKeyField('training.CourseSession', source_field='session_id', db_constraint=True, to_field='id', related_name='attendance', on_delete=OnDelete.RESTRICT)),
                ('present', fields.BooleanField()),
                ('recorded_by_user_id', fields.IntField()),
                ('recorded_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'attendance', 'app': 'training', 'unique_together': (('enrollment', 'session'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='HourEntry',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.ForeignKeyField('people.Person', source_field='person_id', db_index=True, db_constraint=True, to_field='id', related_name='hour_entries', on_delete=OnDelete.RESTRICT)),
                ('tenths', fields.IntField()),
                ('category', fields.CharEnumField(description='KNOWLEDGE: KNOWLEDGE\nPRACTICE_SKILLS: PRACTICE_SKILLS\nSUPERVISION: SUPERVISION\nCONFERENCE: CONFERENCE\nDEGREE_STUDY: DEGREE_STUDY\nRESEARCH_PUBLICATION: RESEARCH_PUBLICATION\nTEACHING: TEACHING\nOTHER: OTHER', enum_type=HourCategory, max_length=30)),
                ('source', fields.CharEnumField(description='COMPLETION: COMPLETION\nROSTER_IMPORT: ROSTER_IMPORT\nADJUSTMENT: ADJUSTMENT\nREVERSAL: REVERSAL', enum_type=EntrySource, max_length=20)),
                ('course', fields.ForeignKeyField('training.Course', source_field='course_id', null=True, db_constraint=True, to_field='id', related_name='hour_entries', on_delete=OnDelete.RESTRICT)),
                ('enrollment', fields.OneToOneField('training.Enrollment', source_field='enrollment_id', null=True, db_constraint=True, to_field='id', related_name='credit', on_delete=OnDelete.RESTRICT)),
                ('reverses', fields.OneToOneField('training.HourEntry', source_field='reverses_id', null=True, db_constraint=True, to_field='id', related_name='reversed_by', on_delete=OnDelete.RESTRICT)),
                ('occurred_on', fields.DateField(db_index=True)),
                ('reason', fields.CharField(null=True, max_length=500)),
                ('recorded_by_user_id', fields.IntField(null=True)),
                ('recorded_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('idempotency_key', fields.CharField(null=True, unique=True, max_length=100)),
                ('request_digest', fields.CharField(null=True, max_length=64)),
            ],
            options={'table': 'hour_entry', 'app': 'training', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TrainingRequirement',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=40)),
                ('name', fields.CharField(max_length=100)),
                ('audience', fields.CharEnumField(description='FRONT_LINE: FRONT_LINE\nASSISTANT_HOLDERS: ASSISTANT_HOLDERS\nSOCIAL_WORKER_HOLDERS: SOCIAL_WORKER_HOLDERS', enum_type=RequirementAudience, max_length=30)),
                ('starts_on', fields.DateField(null=True)),
                ('ends_on', fields.DateField(null=True)),
                ('period_years', fields.IntField(null=True)),
                ('required_tenths', fields.IntField()),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'training_requirement', 'app': 'training', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CategoryCap',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('requirement', fields.ForeignKeyField('training.TrainingRequirement', source_field='requirement_id', db_index=True, db_constraint=True, to_field='id', related_name='caps', on_delete=OnDelete.CASCADE)),
                ('category', fields.CharEnumField(description='KNOWLEDGE: KNOWLEDGE\nPRACTICE_SKILLS: PRACTICE_SKILLS\nSUPERVISION: SUPERVISION\nCONFERENCE: CONFERENCE\nDEGREE_STUDY: DEGREE_STUDY\nRESEARCH_PUBLICATION: RESEARCH_PUBLICATION\nTEACHING: TEACHING\nOTHER: OTHER', enum_type=HourCategory, max_length=30)),
                ('cap_tenths', fields.IntField()),
            ],
            options={'table': 'category_cap', 'app': 'training', 'unique_together': (('requirement', 'category'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='HourBalance',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.ForeignKeyField('people.Person', source_field='person_id', db_index=True, db_constraint=True, to_field='id', related_name='hour_balances', on_delete=OnDelete.RESTRICT)),
                ('requirement', fields.ForeignKeyField('training.TrainingRequirement', source_field='requirement_id', db_constraint=True, to_field='id', related_name='balances', on_delete=OnDelete.RESTRICT)),
                ('category', fields.CharEnumField(description='KNOWLEDGE: KNOWLEDGE\nPRACTICE_SKILLS: PRACTICE_SKILLS\nSUPERVISION: SUPERVISION\nCONFERENCE: CONFERENCE\nDEGREE_STUDY: DEGREE_STUDY\nRESEARCH_PUBLICATION: RESEARCH_PUBLICATION\nTEACHING: TEACHING\nOTHER: OTHER', enum_type=HourCategory, max_length=30)),
                ('tenths', fields.IntField(default=0)),
            ],
            options={'table': 'hour_balance', 'app': 'training', 'unique_together': (('person', 'requirement', 'category'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
