"""Who may apply to a leading-talent round (DOMAIN.md §The 彝乡 leading-talent programme, step 1): the
round's criteria as data, judged rule by rule against the applicant's facts as of the round's closing
date, each rule with a Chinese detail that gives the figures ("持有社会工作师证书 2 年，要求不少于 3 年").

Pure: the facts arrive gathered (`domain.talent.applicant_facts`); nothing here reads a table.

Years and ages are whole years (周岁): one more on the anniversary of the start day; someone born on
29 February turns a year older on 1 March in a year without that day (as `clock.add_years` counts).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Final

from domain.exam.vocabulary import LEVEL_TITLES, ExamLevel

# 助理社会工作师 < 社会工作师 < 高级社会工作师.
LEVEL_ORDER: Final[dict[ExamLevel, int]] = {
    ExamLevel.ASSISTANT: 1,
    ExamLevel.SOCIAL_WORKER: 2,
    ExamLevel.SENIOR: 3,
}


class EligibilityRule(StrEnum):
    CERTIFICATE_LEVEL = "CERTIFICATE_LEVEL"  # 证书级别
    YEARS_HELD = "YEARS_HELD"  # 持证年限
    PRACTICE_YEARS = "PRACTICE_YEARS"  # 从事社会工作年限
    AGE = "AGE"  # 年龄
    TRAINING = "TRAINING"  # 一线人员培训学时
    COUNTY_QUOTA = "COUNTY_QUOTA"  # 所在县市本轮有名额 (applicant_facts judges it from the quotas)
    # 未在培养期内、未因弄虚作假或违法违纪被撤销称号 (applicant_facts judges it from the titles)
    LEADING_TITLE = "LEADING_TITLE"


@dataclass(frozen=True, slots=True)
class Criteria:
    """A round's eligibility: None level or age is no such condition; 0 years is none either; the
    training condition applies only when `training_requirement_met` is true."""

    min_certificate_level: ExamLevel | None
    min_years_held: int
    min_practice_years: int
    max_age: int | None
    training_requirement_met: bool


@dataclass(frozen=True, slots=True)
class FrontLineTraining:
    """The person's progress toward the front-line training requirement (160 h per five-year plan)
    whose window holds the reference date: its name, hours earned (caps applied) and required."""

    name: str
    earned_hours: Decimal
    required_hours: Decimal
    met: bool


@dataclass(frozen=True, slots=True)
class ApplicantFacts:
    """What the rules read about one person: `certificates` as (level, issued on), in any order;
    `training` None when no front-line requirement covers the reference date (or it was not asked)."""

    birth_date: date
    social_work_since: date
    certificates: Sequence[tuple[ExamLevel, date]]
    training: FrontLineTraining | None = None


@dataclass(frozen=True, slots=True)
class RuleResult:
    rule: EligibilityRule
    met: bool
    detail: str


@dataclass(frozen=True, slots=True)
class Eligibility:
    """Every rule the round sets, in the order of `EligibilityRule`, as of `reference_date`."""

    reference_date: date
    rules: tuple[RuleResult, ...]

    @property
    def eligible(self) -> bool:
        return all(r.met for r in self.rules)

    @property
    def unmet(self) -> tuple[RuleResult, ...]:
        return tuple(r for r in self.rules if not r.met)

    def refusal(self) -> str:
        """The refusal's message: every unmet rule, in order ("不符合申报条件：1. …；2. …")."""
        parts = [f"{i}. {r.detail}" for i, r in enumerate(self.unmet, start=1)]
        return f"不符合本轮申报条件（以 {self.reference_date} 为准）：" + "；".join(parts)


def whole_years(start: date, on: date) -> int:
    """Whole years from `start` to `on` (周岁); negative never (0 when `on` is before `start`)."""
    years = on.year - start.year - ((on.month, on.day) < (start.month, start.day))
    return max(years, 0)


def _level_phrase(level: ExamLevel) -> str:
    return LEVEL_TITLES[level] + ("" if level is ExamLevel.SENIOR else "及以上")


def _qualifying(facts: ApplicantFacts, minimum: ExamLevel | None, on: date) -> list[tuple[ExamLevel, date]]:
    """Certificates issued on or before `on` at `minimum` or above (any level when None), earliest first."""
    floor = LEVEL_ORDER[minimum] if minimum is not None else 0
    return sorted(
        (
            (level, issued)
            for level, issued in facts.certificates
            if issued <= on and LEVEL_ORDER[level] >= floor
        ),
        key=lambda c: (c[1], -LEVEL_ORDER[c[0]]),
    )


def _certificate_rule(criteria: Criteria, facts: ApplicantFacts, on: date) -> RuleResult:
    minimum = criteria.min_certificate_level
    assert minimum is not None  # noqa: S101 - only called when the round sets a level
    held = _qualifying(facts, minimum, on)
    if held:
        best = max(held, key=lambda c: LEVEL_ORDER[c[0]])
        detail = f"持有{LEVEL_TITLES[best[0]]}证书（{best[1]} 取得），要求{_level_phrase(minimum)}"
        return RuleResult(EligibilityRule.CERTIFICATE_LEVEL, True, detail)
    lower = _qualifying(facts, None, on)
    if lower:
        best = max(lower, key=lambda c: LEVEL_ORDER[c[0]])
        detail = f"持有{LEVEL_TITLES[best[0]]}证书，要求{_level_phrase(minimum)}证书"
    else:
        detail = f"截至 {on} 未持有社会工作者职业水平证书，要求{_level_phrase(minimum)}证书"
    return RuleResult(EligibilityRule.CERTIFICATE_LEVEL, False, detail)


def _years_held_rule(criteria: Criteria, facts: ApplicantFacts, on: date) -> RuleResult:
    minimum = criteria.min_certificate_level
    phrase = f"{_level_phrase(minimum)}证书" if minimum is not None else "社会工作者职业水平证书"
    held = _qualifying(facts, minimum, on)
    required = criteria.min_years_held
    if not held:
        detail = f"未持有{phrase}，要求持证不少于 {required} 年"
        return RuleResult(EligibilityRule.YEARS_HELD, False, detail)
    years = whole_years(held[0][1], on)
    detail = f"持有{phrase} {years} 年（自 {held[0][1]} 起），要求不少于 {required} 年"
    return RuleResult(EligibilityRule.YEARS_HELD, years >= required, detail)


def _practice_rule(criteria: Criteria, facts: ApplicantFacts, on: date) -> RuleResult:
    years = whole_years(facts.social_work_since, on)
    required = criteria.min_practice_years
    detail = f"从事社会工作 {years} 年（自 {facts.social_work_since} 起），要求不少于 {required} 年"
    return RuleResult(EligibilityRule.PRACTICE_YEARS, years >= required, detail)


def _age_rule(criteria: Criteria, facts: ApplicantFacts, on: date) -> RuleResult:
    assert criteria.max_age is not None  # noqa: S101 - only called when the round sets an age
    age = whole_years(facts.birth_date, on)
    detail = f"截至 {on} 年满 {age} 周岁，要求不超过 {criteria.max_age} 周岁"
    return RuleResult(EligibilityRule.AGE, age <= criteria.max_age, detail)


def _hours(value: Decimal) -> str:
    """120.0 → 120, 12.5 → 12.5."""
    return f"{value.normalize():f}"


def _training_rule(facts: ApplicantFacts, on: date) -> RuleResult:
    training = facts.training
    if training is None:
        detail = f"没有涵盖 {on} 的一线人员培训学时要求，无法认定已完成培训要求"
        return RuleResult(EligibilityRule.TRAINING, False, detail)
    state = "已完成" if training.met else "未完成"
    detail = (
        f"{training.name}{state}：已计 {_hours(training.earned_hours)} 学时，"
        f"要求 {_hours(training.required_hours)} 学时"
    )
    return RuleResult(EligibilityRule.TRAINING, training.met, detail)


def check_eligibility(criteria: Criteria, facts: ApplicantFacts, reference_date: date) -> Eligibility:
    """Judge `facts` against `criteria` as of `reference_date` (the round's application closing date).

    Rules, each only when the round sets it: certificate level ≥ the minimum (a certificate issued on or
    before the reference date); held ≥ `min_years_held` whole years (the earliest qualifying
    certificate); practice ≥ `min_practice_years` whole years from `social_work_since`; age (周岁) ≤
    `max_age`; the front-line training requirement met (the requirement whose window holds the
    reference date). Returns every rule's result; `eligible` when all are met.
    """
    on = reference_date
    rules: list[RuleResult] = []
    if criteria.min_certificate_level is not None:
        rules.append(_certificate_rule(criteria, facts, on))
    if criteria.min_years_held > 0:
        rules.append(_years_held_rule(criteria, facts, on))
    if criteria.min_practice_years > 0:
        rules.append(_practice_rule(criteria, facts, on))
    if criteria.max_age is not None:
        rules.append(_age_rule(criteria, facts, on))
    if criteria.training_requirement_met:
        rules.append(_training_rule(facts, on))
    return Eligibility(reference_date=on, rules=tuple(rules))


__all__ = [
    "LEVEL_ORDER",
    "ApplicantFacts",
    "Criteria",
    "Eligibility",
    "EligibilityRule",
    "FrontLineTraining",
    "RuleResult",
    "check_eligibility",
    "whole_years",
]
