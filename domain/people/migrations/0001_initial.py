from tortoise import migrations
from tortoise.migrations import operations as ops
from domain.people.id_card import Sex
from domain.people.vocabulary import Education, Major, OrganizationStatus, OrganizationType, PopulationBasis
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='County',
            fields=[
                ('code', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=6)),
                ('name', fields.CharField(unique=True, max_length=20)),
            ],
            options={'table': 'county', 'app': 'people', 'pk_attr': 'code'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Organization',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=100)),
                ('credit_code', fields.CharField(unique=True, max_length=18)),
                ('county', fields.ForeignKeyField('people.County', source_field='county_id', db_index=True, db_constraint=True, to_field='code', related_name='organizations', on_delete=OnDelete.RESTRICT)),
                ('township', fields.CharField(max_length=50)),
                ('type', fields.CharEnumField(description='SOCIAL_WORK_SERVICE_ORGANIZATION: SOCIAL_WORK_SERVICE_ORGANIZATION\nCOMMUNITY: COMMUNITY\nPUBLIC_INSTITUTION: PUBLIC_INSTITUTION\nSOCIAL_ORGANIZATION: SOCIAL_ORGANIZATION\nENTERPRISE: ENTERPRISE\nOTHER: OTHER', enum_type=OrganizationType, max_length=40)),
                ('status', fields.CharEnumField(default=OrganizationStatus.PENDING, db_index=True, description='PENDING: PENDING\nAPPROVED: APPROVED\nREJECTED: REJECTED', enum_type=OrganizationStatus, max_length=10)),
                ('review_reason', fields.CharField(null=True, max_length=500)),
                ('reviewed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('filed_by_user_id', fields.IntField(db_index=True)),
                ('filed_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'organization', 'app': 'people', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Person',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=50)),
                ('id_card_number', fields.CharField(unique=True, max_length=18)),
                ('birth_date', fields.DateField()),
                ('sex', fields.CharEnumField(description='MALE: MALE\nFEMALE: FEMALE', enum_type=Sex, max_length=6)),
                ('phone', fields.CharField(max_length=20)),
                ('county', fields.ForeignKeyField('people.County', source_field='county_id', db_index=True, db_constraint=True, to_field='code', related_name='persons', on_delete=OnDelete.RESTRICT)),
                ('education', fields.CharEnumField(description='HIGH_SCHOOL: HIGH_SCHOOL\nJUNIOR_COLLEGE: JUNIOR_COLLEGE\nBACHELOR: BACHELOR\nMASTER: MASTER\nDOCTOR: DOCTOR', enum_type=Education, max_length=20)),
                ('major', fields.CharEnumField(description='SOCIAL_WORK: SOCIAL_WORK\nOTHER: OTHER', enum_type=Major, max_length=12)),
                ('social_work_since', fields.DateField()),
                ('graduated_on', fields.DateField(null=True)),
                ('organization_name', fields.CharField(max_length=100)),
                ('organization', fields.ForeignKeyField('people.Organization', source_field='organization_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='members', on_delete=OnDelete.SET_NULL)),
                ('front_line', fields.BooleanField()),
                ('full_time_community_worker', fields.BooleanField()),
                ('registered_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'person', 'app': 'people', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PopulationRecord',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('county', fields.ForeignKeyField('people.County', source_field='county_id', db_constraint=True, to_field='code', related_name='population_records', on_delete=OnDelete.RESTRICT)),
                ('year', fields.IntField()),
                ('basis', fields.CharEnumField(description='HOUSEHOLD: HOUSEHOLD\nRESIDENT: RESIDENT', enum_type=PopulationBasis, max_length=12)),
                ('population', fields.IntField()),
                ('source', fields.CharField(max_length=200)),
                ('recorded_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'population_record', 'app': 'people', 'unique_together': (('county', 'year', 'basis'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
