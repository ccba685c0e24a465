"""The targets report as an XLSX workbook for a leader's desk, written by the one safe export writer
(`domain.exports`): a summary sheet, one line per county, certificates per year and level, and money."""

from __future__ import annotations

from decimal import Decimal

from domain.exam.vocabulary import ExamLevel
from domain.exports import Cell, Sheet, xlsx_bytes
from domain.reports.targets import TargetsReport

__all__ = ["targets_filename", "targets_xlsx"]

_LEVELS = {
    ExamLevel.ASSISTANT: "助理社会工作师",
    ExamLevel.SOCIAL_WORKER: "社会工作师",
    ExamLevel.SENIOR: "高级社会工作师",
}


def _percent(share: Decimal | None) -> Decimal | None:
    """A share (0.1234) as the percentage office staff read (12.34)."""
    return None if share is None else (share * 100).quantize(Decimal("0.01"))


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("是" if value else "否")


def targets_filename(report: TargetsReport) -> str:
    scope = "全州" if report.scope is None else "、".join(c.county_name for c in report.counties)
    return f"目标完成情况-{report.period.name}-{scope}-{report.as_of.isoformat()}.xlsx"


def targets_xlsx(report: TargetsReport) -> bytes:
    """The workbook of `report`: shares as percentages with two places, per mille with two, money in
    yuan with two; empty cells where a figure cannot be measured (no population, no target)."""
    summary: list[list[Cell]] = [
        ["项目", "数值"],
        ["规划期", report.period.name],
        ["范围", "全州" if report.scope is None else "、".join(c.county_name for c in report.counties)],
        ["统计截止日", report.as_of],
        ["户籍人口年度", report.population_year],
        ["户籍人口", report.population],
        ["社会工作人才数", report.talent_total],
        ["人才总量目标", report.talent_target],
        ["人才总量完成率（%）", _percent(report.talent_progress)],
        ["持证人才数", report.certified_total],
        ["持证人才目标", report.certified_target],
        ["持证人才完成率（%）", _percent(report.certified_progress)],
        ["每千人人才数（‰）", report.per_mille],
        ["每千人人才数下限（‰）", report.per_mille_floor],
        ["达到下限的县市数", report.counties_meeting_floor],
        ["培训学时要求", report.training_requirement_name],
        ["要求学时", report.required_hours],
        ["一线人员数", report.front_line],
        ["其中达标人数", report.front_line_met],
        ["一线培训达标率（%）", _percent(report.training_compliance_rate)],
        ["乡镇（街道）数", report.townships],
        ["有备案机构的乡镇数", report.townships_covered],
        ["乡镇覆盖率（%）", _percent(report.filing_coverage)],
    ]
    counties: list[list[Cell]] = [
        [
            "县市代码", "县市", "户籍人口", "人口年度", "人才数", "持证人才数", "每千人人才数（‰）",
            "下限所需人数", "达到下限", "一线人员数", "培训达标人数", "培训达标率（%）", "备案机构数",
            "备案通过数", "乡镇数", "覆盖乡镇数", "乡镇覆盖率（%）",
        ]
    ]  # fmt: skip
    for c in report.counties:
        counties.append(
            [
                c.county_code, c.county_name, c.population, c.population_year, c.talents, c.certified,
                c.per_mille, c.floor_talents, _yes_no(c.meets_floor), c.front_line, c.front_line_met,
                _percent(c.training_compliance_rate), c.organizations_filed, c.organizations_approved,
                c.townships, c.townships_covered, _percent(c.filing_coverage),
            ]
        )  # fmt: skip
    certificates: list[list[Cell]] = [["年度", "级别", "发证数"]]
    certificates += [[row.year, _LEVELS[row.level], row.count] for row in report.certificates_issued]
    first, last = report.budget_years
    money: list[list[Cell]] = [
        ["县市", f"预算（元，{first}—{last}年）", "已承诺", "已发放", "已追回", "剩余"]
    ]
    for c in report.counties:
        m = c.money
        money.append([c.county_name, m.budget, m.committed, m.paid, m.recovered, m.remaining])
    total = report.money
    money.append(["合计", total.budget, total.committed, total.paid, total.recovered, total.remaining])
    return xlsx_bytes(
        [
            Sheet("总览", summary, widths=(24, 30)),
            Sheet("分县市", counties, widths=(10, 10) + (12,) * 15, text_columns=(0,)),
            Sheet("证书发放", certificates, widths=(8, 16, 10)),
            Sheet("激励资金", money, widths=(10,) + (16,) * 5),
        ]
    )
