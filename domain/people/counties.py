"""Counties and their populations (DOMAIN.md, Geography and targets): the registry's reference data,
the latest 户籍 population per county, and its count of registered talents."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from tortoise.functions import Count

from domain import clock
from domain.access import Actor
from domain.audit import service as audit
from domain.columns import fits
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


def county_filter_code(code: str) -> str:
    """`code` as a filter on a county column matches it: the code itself, or, for text too long to be a
    county code, the empty code no county has (no rows, rather than Tortoise refusing the value)."""
    return code if fits(County, "code", code) else ""


async def check_county(code: str, *, field: str = "countyCode") -> County:
    """The county of that code. Raises `UnknownCounty` (on `field`) for any other text, a code too long
    for the column included (`domain.columns`)."""
    county = await County.get_or_none(code=code) if fits(County, "code", code) else None
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
    # Where the figure came from, for messages: the row of the spreadsheet it was read from (Excel's
    # numbering), or None for a figure given otherwise (then named by its position, 第 n 条).
    row: int | None = None


# More than any county of China holds: a bound that keeps a typo (99999999999999999999) out of the
# database, whose integer column cannot hold it.
MAX_POPULATION = 100_000_000


async def import_population(actor: Actor, figures: list[PopulationFigure]) -> int:
    """Replace the given (county, year, basis) figures; all or nothing. Returns how many were written.

    It checks no role: its caller (today `swtalent import-population`) has decided that `actor` may load
    official figures (DOMAIN.md, Geography and targets). Each figure names a county of the prefecture, a
    year from 1949 to this year (Asia/Shanghai), a basis (户籍 registered or 常住 resident), a population
    (a positive count of people) and its source. Every figure is checked before anything is written.

    Writes one `PopulationRecord` per figure (created, or updated for the same county, year and basis)
    and one audit event `population.imported` per figure, in one transaction.

    Raises:
        InvalidPopulationRecord: figures with an unknown county, an implausible year, a population that
            is not from 1 to 100,000,000 or no source; the message names every such figure by its
            spreadsheet row (第 n 行) when it has one, else by its position (第 n 条数据).
    """
    known = {c.code for c in await County.all()}
    problems: list[str] = []
    for position, figure in enumerate(figures, start=1):
        where = f"第 {figure.row} 行" if figure.row is not None else f"第 {position} 条数据"
        if figure.county_code not in known:
            problems.append(f"{where}：县市代码「{figure.county_code}」不存在")
        if not 1949 <= figure.year <= clock.today().year:
            problems.append(f"{where}：年份 {figure.year} 不合理")
        if not 0 < figure.population <= MAX_POPULATION:
            problems.append(f"{where}：人口数须为 1 至 {MAX_POPULATION} 之间的整数")
        if not figure.source.strip():
            problems.append(f"{where}：须注明数据来源")
    # Every bad figure at once, so a clerk fixes the file in one go.
    if problems:
        raise InvalidPopulationRecord("；".join(problems))
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
