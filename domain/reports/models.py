"""Tables of the reports context: the five-year plan periods with their targets, and each county's
township count (the denominator of organisation filing coverage)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields

from domain.tables import Table

if TYPE_CHECKING:
    from domain.people.models import County


# A five-year plan period (规划期) and the seed's numbers for it. The 14th (2021–2025) carries the
# seed's 8,000 / 4,000 / 1‰; the 15th (2026–2030) is set by the prefecture (`setPeriodTargets`), so a
# target may be unset (NULL) until then.
class PlanPeriod(Table):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=20, unique=True)
    name = fields.CharField(max_length=50)
    starts_on = fields.DateField()
    ends_on = fields.DateField()
    talent_target = fields.IntField(null=True)
    certified_target = fields.IntField(null=True)
    # The floor of talents per mille of the registered (户籍) population, in hundredths of ‰ (1‰ = 100).
    per_mille_floor_hundredths = fields.IntField(null=True)
    updated_by_user_id = fields.IntField(null=True)
    updated_at = fields.DatetimeField(null=True)

    class Meta:
        table = "plan_period"


# The number of townships (乡镇、街道) of a county: the seed's coverage target (≥ 50% of townships with
# an incubated social organisation) is counted against it. Approximate reference data with its source.
class CountyTownships(Table):
    county: fields.OneToOneRelation[County] = fields.OneToOneField(
        "people.County", related_name="townships", on_delete=fields.RESTRICT, primary_key=True
    )
    county_id: str
    townships = fields.IntField()
    source = fields.CharField(max_length=200)

    class Meta:
        table = "county_townships"
