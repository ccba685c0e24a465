"""GraphQL types of the reports (API.md §Reports): plan periods and the targets report, each from the
domain's rows or dataclasses by an explicit `from_model`. Shares are Decimal fractions to four places
(0.5 is 50%); per-mille figures are Decimal ‰ to two places; money is Decimal yuan."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from api.context import Info
from api.schema.relay import Node, register_node, to_global_id
from domain.exam.vocabulary import ExamLevel
from domain.reports import measures, models, targets


@strawberry.type(
    name="PlanPeriod", description="规划期（五年规划）及其目标：人才总量、持证人才、每千人人才数下限"
)
class PlanPeriodNode(Node):
    name: str
    starts_on: date
    ends_on: date
    talent_target: int | None = strawberry.field(description="人才总量目标；为空表示州级尚未设定")
    certified_target: int | None = strawberry.field(description="持证人才目标；为空表示尚未设定")
    per_mille_floor: Decimal | None = strawberry.field(
        description="每个县市人才数不低于户籍人口的千分之几（‰）；为空表示尚未设定"
    )

    @classmethod
    def from_model(cls, row: models.PlanPeriod) -> PlanPeriodNode:
        return cls(
            id=to_global_id("PlanPeriod", row.id),
            name=row.name,
            starts_on=row.starts_on,
            ends_on=row.ends_on,
            talent_target=row.talent_target,
            certified_target=row.certified_target,
            per_mille_floor=measures.floor_from_hundredths(row.per_mille_floor_hundredths),
        )


async def plan_period_node(info: Info, pk: int) -> PlanPeriodNode | None:
    # The periods and their targets are public policy figures.
    row = await models.PlanPeriod.get_or_none(id=pk)
    return PlanPeriodNode.from_model(row) if row is not None else None


register_node("PlanPeriod", plan_period_node)


@strawberry.type(description="激励资金与预算（元）：剩余 = 预算 − 已承诺 − 已发放 + 已追回")
class MoneyAgainstBudget:
    budget: Decimal = strawberry.field(description="预算额（规划期内各年度合计）")
    committed: Decimal = strawberry.field(description="已承诺：审核通过（含已编入批次）尚未发放")
    paid: Decimal = strawberry.field(description="已发放")
    recovered: Decimal = strawberry.field(description="已追回")
    remaining: Decimal = strawberry.field(description="剩余额度")

    @classmethod
    def from_model(cls, money: targets.Money) -> MoneyAgainstBudget:
        return cls(
            budget=money.budget,
            committed=money.committed,
            paid=money.paid,
            recovered=money.recovered,
            remaining=money.remaining,
        )


@strawberry.type(description="某县市的目标完成情况")
class CountyTargets:
    county_code: str
    county: str = strawberry.field(description="县市名称")
    population: int | None = strawberry.field(description="户籍人口（最新年度）；未导入时为空")
    population_year: int | None = strawberry.field(description="户籍人口数据的年度")
    talents: int = strawberry.field(description="已登记的社会工作人才数")
    certified: int = strawberry.field(description="持证人才数（截至统计日）")
    per_mille: Decimal | None = strawberry.field(description="人才数占户籍人口的千分比（‰，两位小数）")
    floor_talents: int | None = strawberry.field(
        description="达到下限所需的人才数（户籍人口 × 下限 ÷ 1000，向上取整）"
    )
    meets_floor: bool | None = strawberry.field(description="是否达到每千人人才数下限；缺人口数或下限时为空")
    front_line: int = strawberry.field(description="一线社会工作者人数")
    front_line_met: int = strawberry.field(description="其中已完成本期培训学时要求的人数")
    training_compliance_rate: Decimal | None = strawberry.field(
        description="一线人员培训达标率（0 至 1，四位小数）；没有一线人员时为空"
    )
    organizations_filed: int = strawberry.field(description="已提交备案的机构数")
    organizations_approved: int = strawberry.field(description="备案通过的机构数")
    townships: int | None = strawberry.field(description="乡镇（街道）数")
    townships_covered: int = strawberry.field(description="有备案通过机构的乡镇（街道）数")
    filing_coverage: Decimal | None = strawberry.field(description="乡镇覆盖率（0 至 1，四位小数）")
    money: MoneyAgainstBudget

    @classmethod
    def from_model(cls, row: targets.CountyTargets) -> CountyTargets:
        return cls(
            county_code=row.county_code,
            county=row.county_name,
            population=row.population,
            population_year=row.population_year,
            talents=row.talents,
            certified=row.certified,
            per_mille=row.per_mille,
            floor_talents=row.floor_talents,
            meets_floor=row.meets_floor,
            front_line=row.front_line,
            front_line_met=row.front_line_met,
            training_compliance_rate=row.training_compliance_rate,
            organizations_filed=row.organizations_filed,
            organizations_approved=row.organizations_approved,
            townships=row.townships,
            townships_covered=row.townships_covered,
            filing_coverage=row.filing_coverage,
            money=MoneyAgainstBudget.from_model(row.money),
        )


@strawberry.type(description="某年度某级别发放的证书数")
class CertificatesIssued:
    year: int
    level: ExamLevel
    count: int


@strawberry.type(
    description=(
        "目标完成情况：人才总量、持证人才、每千人人才数下限、一线培训达标、证书发放、机构备案覆盖、"
        "激励资金；州级管理员看全州和各县市，县级管理员只看本县市（不含州级目标）"
    )
)
class TargetsReport:
    period: PlanPeriodNode
    county_scope: list[str] | None = strawberry.field(description="报告覆盖的县市代码；为空表示全州")
    as_of: date = strawberry.field(description="统计截止日：规划期已结束为期末，否则为今天")
    population_year: int | None = strawberry.field(
        description="所用户籍人口数据的年度（各县最新年度中最晚的）"
    )
    population: int = strawberry.field(description="户籍人口合计")
    talent_total: int = strawberry.field(description="已登记的社会工作人才数")
    talent_target: int | None = strawberry.field(description="人才总量目标（全州）；县级视图或未设定时为空")
    talent_progress: Decimal | None = strawberry.field(description="人才总量完成率（0 至 1 以上，四位小数）")
    certified_total: int = strawberry.field(description="持证人才数（截至统计日）")
    certified_target: int | None = strawberry.field(description="持证人才目标（全州）")
    certified_progress: Decimal | None = strawberry.field(description="持证人才完成率")
    per_mille: Decimal | None = strawberry.field(description="人才数占户籍人口的千分比（‰）")
    per_mille_floor: Decimal | None = strawberry.field(description="每千人人才数下限（‰）")
    counties_meeting_floor: int = strawberry.field(description="达到下限的县市数")
    training_requirement: str | None = strawberry.field(description="本期一线人员培训学时要求的名称")
    required_hours: Decimal | None = strawberry.field(description="该要求的学时数")
    front_line: int
    front_line_met: int
    training_compliance_rate: Decimal | None
    townships: int
    townships_covered: int
    filing_coverage: Decimal | None
    budget_first_year: int = strawberry.field(description="资金统计的起始年度")
    budget_last_year: int = strawberry.field(description="资金统计的截止年度")
    money: MoneyAgainstBudget
    certificates_issued: list[CertificatesIssued] = strawberry.field(
        description="本期（至统计日）按年度、级别发放的证书数"
    )
    counties: list[CountyTargets]

    @classmethod
    def from_model(cls, report: targets.TargetsReport) -> TargetsReport:
        return cls(
            period=PlanPeriodNode.from_model(report.period),
            county_scope=sorted(report.scope) if report.scope is not None else None,
            as_of=report.as_of,
            population_year=report.population_year,
            population=report.population,
            talent_total=report.talent_total,
            talent_target=report.talent_target,
            talent_progress=report.talent_progress,
            certified_total=report.certified_total,
            certified_target=report.certified_target,
            certified_progress=report.certified_progress,
            per_mille=report.per_mille,
            per_mille_floor=report.per_mille_floor,
            counties_meeting_floor=report.counties_meeting_floor,
            training_requirement=report.training_requirement_name,
            required_hours=report.required_hours,
            front_line=report.front_line,
            front_line_met=report.front_line_met,
            training_compliance_rate=report.training_compliance_rate,
            townships=report.townships,
            townships_covered=report.townships_covered,
            filing_coverage=report.filing_coverage,
            budget_first_year=report.budget_years[0],
            budget_last_year=report.budget_years[1],
            money=MoneyAgainstBudget.from_model(report.money),
            certificates_issued=[
                CertificatesIssued(year=row.year, level=row.level, count=row.count)
                for row in report.certificates_issued
            ],
            counties=[CountyTargets.from_model(row) for row in report.counties],
        )
