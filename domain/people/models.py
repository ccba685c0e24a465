"""Tables of the talent registry."""

from __future__ import annotations

from tortoise import fields

from domain.people.id_card import Sex
from domain.people.vocabulary import (
    Education,
    Major,
    OrganizationStatus,
    OrganizationType,
    PopulationBasis,
)
from domain.tables import Table


# One of the prefecture's ten county-level divisions; reference data seeded by `migrate`.
class County(Table):
    code = fields.CharField(max_length=6, primary_key=True)
    name = fields.CharField(max_length=20, unique=True)

    class Meta:
        table = "county"


# A county's population for a year on one basis, with where the figure came from.
class PopulationRecord(Table):
    id = fields.IntField(primary_key=True)
    county: fields.ForeignKeyRelation[County] = fields.ForeignKeyField(
        "people.County", related_name="population_records", on_delete=fields.RESTRICT
    )
    county_id: str
    year = fields.IntField()
    basis = fields.CharEnumField(PopulationBasis, max_length=12)
    population = fields.IntField()
    source = fields.CharField(max_length=200)
    recorded_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "population_record"
        unique_together = (("county", "year", "basis"),)


# A service organisation filed online (seed §七), reviewed by its county.
class Organization(Table):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)
    credit_code = fields.CharField(max_length=18, unique=True)
    county: fields.ForeignKeyRelation[County] = fields.ForeignKeyField(
        "people.County", related_name="organizations", on_delete=fields.RESTRICT, db_index=True
    )
    county_id: str
    township = fields.CharField(max_length=50)
    type = fields.CharEnumField(OrganizationType, max_length=40)
    status = fields.CharEnumField(
        OrganizationStatus, max_length=10, default=OrganizationStatus.PENDING, db_index=True
    )
    review_reason = fields.CharField(max_length=500, null=True)
    reviewed_at = fields.DatetimeField(null=True)
    filed_by_user_id = fields.IntField(db_index=True)
    filed_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "organization"


# A social-work talent in the registry (seed §七 online registration).
class Person(Table):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=50)
    id_card_number = fields.CharField(max_length=18, unique=True)
    birth_date = fields.DateField()
    sex = fields.CharEnumField(Sex, max_length=6)
    phone = fields.CharField(max_length=20)
    county: fields.ForeignKeyRelation[County] = fields.ForeignKeyField(
        "people.County", related_name="persons", on_delete=fields.RESTRICT, db_index=True
    )
    county_id: str
    education = fields.CharEnumField(Education, max_length=20)
    major = fields.CharEnumField(Major, max_length=12)
    social_work_since = fields.DateField()
    graduated_on = fields.DateField(null=True)
    organization_name = fields.CharField(max_length=100)
    organization: fields.ForeignKeyNullableRelation[Organization] = fields.ForeignKeyField(
        "people.Organization",
        related_name="members",
        null=True,
        on_delete=fields.SET_NULL,
        db_index=True,
    )
    organization_id: int | None
    front_line = fields.BooleanField()
    full_time_community_worker = fields.BooleanField()
    # Where incentives are paid (开户银行, 账号), recorded by the person or county staff; masked in every
    # view but the payout export (`setPaymentAccount`).
    bank_name = fields.CharField(max_length=100, null=True)
    account_number = fields.CharField(max_length=40, null=True)
    registered_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "person"
        # The targets report counts people and front-line people per county from this index alone.
        indexes = (("county_id", "front_line"),)
