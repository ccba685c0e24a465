"""The targets report (API.md §Reports; DOMAIN.md, Geography and targets): for the prefecture and each
county, talents against the per-mille floor, progress toward the period's targets, front-line training
compliance, certificates issued per year and level, organisation filing coverage by township, and
incentive money against budget.

Read with a fixed number of aggregate queries (about a dozen, none per person), each through the service
of the context that owns the rows. What it counts:
- talents: people in the registry today (the registry holds the workforce as it is; it has no history
  before the system went live);
- certified: people holding a certificate issued on or before `as_of` (the period's end, or today in a
  running period); certificates issued: those issued in the period up to `as_of`;
- population: each county's latest registered (户籍) figure, with its year;
- training compliance: front-line people who have met the front-line requirement of the period;
- money: the county budgets of the period's calendar years.
County admins see their counties and totals over them (no prefecture targets); the prefecture sees all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from domain import clock
from domain.access import Actor
from domain.errors import OutOfScope
from domain.exam import service as exam
from domain.exam.vocabulary import ExamLevel
from domain.incentives import service as incentives
from domain.money import from_fen
from domain.people import service as people
from domain.reports import measures
from domain.reports.models import CountyTownships, PlanPeriod
from domain.reports.periods import period_for
from domain.training import service as training

__all__ = ["CertificatesIssued", "CountyTargets", "Money", "TargetsReport", "targets_report"]


@dataclass(frozen=True, slots=True)
class Money:
    """Incentive money against budget, in Decimal yuan: budget set, committed (approved, unpaid), paid,
    recovered, remaining (= budget − committed − paid + recovered)."""

    budget: Decimal
    committed: Decimal
    paid: Decimal
    recovered: Decimal
    remaining: Decimal


@dataclass(frozen=True, slots=True)
class CountyTargets:
    """One county's line of the report. Shares are Decimal fractions to four places (0.5 = 50%); a share
    or ratio with nothing to measure (no population, no front-line people, no townships) is None."""

    county_code: str
    county_name: str
    population: int | None
    population_year: int | None
    talents: int
    certified: int
    per_mille: Decimal | None
    floor_talents: int | None
    meets_floor: bool | None
    front_line: int
    front_line_met: int
    training_compliance_rate: Decimal | None
    organizations_filed: int
    organizations_approved: int
    townships: int | None
    townships_covered: int
    filing_coverage: Decimal | None
    money: Money


@dataclass(frozen=True, slots=True)
class CertificatesIssued:
    year: int
    level: ExamLevel
    count: int


@dataclass(frozen=True, slots=True)
class TargetsReport:
    period: PlanPeriod
    # None: the whole prefecture; else the county codes the report covers (a county admin's).
    scope: frozenset[str] | None
    as_of: date
    population_year: int | None
    population: int
    talent_total: int
    talent_target: int | None
    talent_progress: Decimal | None
    certified_total: int
    certified_target: int | None
    certified_progress: Decimal | None
    per_mille: Decimal | None
    per_mille_floor: Decimal | None
    counties_meeting_floor: int
    training_requirement_name: str | None
    required_hours: Decimal | None
    front_line: int
    front_line_met: int
    training_compliance_rate: Decimal | None
    townships: int
    townships_covered: int
    filing_coverage: Decimal | None
    budget_years: tuple[int, int]
    money: Money
    certificates_issued: list[CertificatesIssued]
    counties: list[CountyTargets]


def _money(budget: incentives.BudgetTotals | None) -> Money:
    if budget is None:
        return Money(*(from_fen(0),) * 5)
    return Money(
        budget=from_fen(budget.budget_fen),
        committed=from_fen(budget.committed_fen),
        paid=from_fen(budget.paid_fen),
        recovered=from_fen(budget.recovered_fen),
        remaining=from_fen(budget.remaining_fen),
    )


async def targets_report(actor: Actor, period_id: int | None = None) -> TargetsReport:
    """The report for `period_id` (None: the current period), over the actor's scope.

    Reads only. Raises:
        OutOfScope: the actor is not an administrator (field `periodId`).
        PlanPeriodNotFound: no period has that id (field `periodId`).
    """
    if not actor.is_admin:
        raise OutOfScope(field="periodId")
    scope = actor.admin_county_scope()
    period = await period_for(period_id)
    today = clock.today()
    as_of = min(today, period.ends_on)
    floor = measures.floor_from_hundredths(period.per_mille_floor_hundredths)
    years = (period.starts_on.year, period.ends_on.year)

    summaries = [c for c in await people.list_counties() if scope is None or c.code in scope]
    certified = await exam.certified_counts_by_county(issued_until=as_of)
    front_line = await people.front_line_counts_by_county()
    compliance = await training.front_line_compliance(period.starts_on, period.ends_on)
    met = compliance.met_by_county if compliance else {}
    filing = await people.filing_coverage_by_county()
    townships = {row.county_id: row.townships for row in await CountyTownships.all()}
    budgets = await incentives.budget_totals_by_county(*years)
    issued = (
        await exam.certificates_issued_between(period.starts_on, as_of) if as_of >= period.starts_on else []
    )

    counties: list[CountyTargets] = []
    for c in summaries:
        coverage = filing.get(c.code)
        covered = coverage.townships_covered if coverage else 0
        county_townships = townships.get(c.code)
        counties.append(
            CountyTargets(
                county_code=c.code,
                county_name=c.name,
                population=c.registered_population,
                population_year=c.registered_population_year,
                talents=c.talent_count,
                certified=certified.get(c.code, 0),
                per_mille=measures.per_mille(c.talent_count, c.registered_population),
                floor_talents=measures.floor_talents(c.registered_population, floor),
                meets_floor=measures.meets_floor(c.talent_count, c.registered_population, floor),
                front_line=front_line.get(c.code, 0),
                front_line_met=met.get(c.code, 0),
                training_compliance_rate=measures.share(met.get(c.code, 0), front_line.get(c.code, 0)),
                organizations_filed=coverage.filed if coverage else 0,
                organizations_approved=coverage.approved if coverage else 0,
                townships=county_townships,
                townships_covered=covered,
                filing_coverage=measures.share(covered, county_townships or 0),
                money=_money(budgets.get(c.code)),
            )
        )

    prefecture = scope is None
    talent_total = sum(c.talents for c in counties)
    certified_total = sum(c.certified for c in counties)
    population = sum(c.population or 0 for c in counties)
    years_used = {c.population_year for c in counties if c.population_year is not None}
    front_line_total = sum(c.front_line for c in counties)
    met_total = sum(c.front_line_met for c in counties)
    townships_total = sum(c.townships or 0 for c in counties)
    covered_total = sum(c.townships_covered for c in counties)
    talent_target = period.talent_target if prefecture else None
    certified_target = period.certified_target if prefecture else None
    in_scope = {c.county_code for c in counties}
    issued_totals: dict[tuple[int, ExamLevel], int] = {}
    for row in issued:
        if row.county_code in in_scope:
            key = (row.year, row.level)
            issued_totals[key] = issued_totals.get(key, 0) + row.count
    return TargetsReport(
        period=period,
        scope=scope,
        as_of=as_of,
        population_year=max(years_used) if years_used else None,
        population=population,
        talent_total=talent_total,
        talent_target=talent_target,
        talent_progress=measures.share(talent_total, talent_target) if talent_target else None,
        certified_total=certified_total,
        certified_target=certified_target,
        certified_progress=measures.share(certified_total, certified_target) if certified_target else None,
        per_mille=measures.per_mille(talent_total, population),
        per_mille_floor=floor,
        counties_meeting_floor=sum(1 for c in counties if c.meets_floor),
        training_requirement_name=compliance.requirement_name if compliance else None,
        required_hours=compliance.required_hours if compliance else None,
        front_line=front_line_total,
        front_line_met=met_total,
        training_compliance_rate=measures.share(met_total, front_line_total),
        townships=townships_total,
        townships_covered=covered_total,
        filing_coverage=measures.share(covered_total, townships_total),
        budget_years=years,
        money=Money(
            budget=sum((c.money.budget for c in counties), Decimal("0.00")),
            committed=sum((c.money.committed for c in counties), Decimal("0.00")),
            paid=sum((c.money.paid for c in counties), Decimal("0.00")),
            recovered=sum((c.money.recovered for c in counties), Decimal("0.00")),
            remaining=sum((c.money.remaining for c in counties), Decimal("0.00")),
        ),
        certificates_issued=[
            CertificatesIssued(year=year, level=level, count=n) for (year, level), n in issued_totals.items()
        ],
        counties=counties,
    )
