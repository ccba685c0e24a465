"""Counties and their populations (DOMAIN.md, Geography and targets): the registry's reference data,
the latest 户籍 population per county, and its count of registered talents."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from tortoise.functions import Count

from domain import clock
from domain.access import Actor
from domain.audit import service as audit
from domain.people.errors import InvalidPopulationRecord, UnknownCounty
from domain.people.models import County, Person, PopulationRecord
from domain.people.vocabulary import PopulationBasis
from domain.transaction import write_transaction


@dataclass(frozen=True, slots=True)
class CountySummary:
    code: str
    name: str
    registered_population: int | None
    registered_population_year: int | None
    talent_count: int


async def list_counties() -> list[CountySummary]:
    """Every county with its latest registered (户籍) population and its count of registered talents."""
    counties = await County.all().order_by("code")
    latest: dict[str, PopulationRecord] = {}
    for record in await PopulationRecord.filter(basis=PopulationBasis.HOUSEHOLD).order_by("year"):
        latest[record.county_id] = record
    talents: dict[str, int] = defaultdict(int)
    rows = await Person.annotate(n=Count("id")).group_by("county_id").values("county_id", "n")
    for row in rows:
        talents[row["county_id"]] = row["n"]
    return [
        CountySummary(
            code=c.code,
            name=c.name,
            registered_population=latest[c.code].population if c.code in latest else None,
            registered_population_year=latest[c.code].year if c.code in latest else None,
            talent_count=talents[c.code],
        )
        for c in counties
    ]


async def check_county(code: str, *, field: str = "countyCode") -> County:
    county = await County.get_or_none(code=code)
    if county is None:
        raise UnknownCounty(code, field=field)
    return county


async def county_names(codes: list[str]) -> dict[str, str]:
    return {c.code: c.name for c in await County.filter(code__in=codes)}


@dataclass(frozen=True, slots=True)
class PopulationFigure:
    county_code: str
    year: int
    basis: PopulationBasis
    population: int
    source: str


async def import_population(actor: Actor, figures: list[PopulationFigure]) -> int:
    """Replace the given (county, year, basis) figures; all or nothing. Returns how many were written.

    It checks no role: its caller (today `swtalent import-population`) has decided that `actor` may load
    official figures (DOMAIN.md, Geography and targets). Each figure names a county of the prefecture, a
    year from 1949 to this year (Asia/Shanghai), a basis (户籍 registered or 常住 resident), a population
    (a positive count of people) and its source. Every figure is checked before anything is written.

    Writes one `PopulationRecord` per figure (created, or updated for the same county, year and basis)
    and one audit event `population.imported` per figure, in one transaction.

    Raises:
        InvalidPopulationRecord: a figure with an unknown county, an implausible year, a population that
            is not positive or no source; the message names the figure by its position (第 n 条).
    """
    known = {c.code for c in await County.all()}
    for row, figure in enumerate(figures, start=1):
        if figure.county_code not in known:
            raise InvalidPopulationRecord(f"第 {row} 条数据：县市代码「{figure.county_code}」不存在")
        if not 1949 <= figure.year <= clock.today().year:
            raise InvalidPopulationRecord(f"第 {row} 条数据：年份 {figure.year} 不合理")
        if figure.population <= 0:
            raise InvalidPopulationRecord(f"第 {row} 条数据：人口数须为正整数")
        if not figure.source.strip():
            raise InvalidPopulationRecord(f"第 {row} 条数据：须注明数据来源")
    async with write_transaction():
        for figure in figures:
            await PopulationRecord.update_or_create(
                county_id=figure.county_code,
                year=figure.year,
                basis=figure.basis,
                defaults={"population": figure.population, "source": figure.source.strip()},
            )
            await audit.record(
                actor,
                "population.imported",
                target_type="County",
                target_id=figure.county_code,
                county_code=figure.county_code,
                summary={
                    "year": figure.year,
                    "basis": figure.basis.value,
                    "population": figure.population,
                    "source": figure.source,
                },
            )
    return len(figures)
