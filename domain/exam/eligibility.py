"""Pure rules of exam eligibility: who may sit which level in which exam year (DOMAIN.md §The national exam).

The table is data (`RULES`), one entry per row of DOMAIN.md's eligibility table, so a reviewer can hold the
two side by side. `check_eligibility` names the rule that matched or, for each rule that applies to the
candidate's education and major, what is missing.

Nobody registers for a level they already hold (DOMAIN.md, order of events), nor for one below a level
they hold: a 社会工作师 passing the 助理 exam gains no qualification, only a second claim on the exam-fee
subsidy and the one-time reward for passing (DOMAIN.md §Subsidies), so a held certificate of the level or
above answers not eligible, naming it (`already_held`), before any rule is tried.

Work years (DOMAIN.md: "counted up to 12-31 of the exam year; years before graduating from full-time study
do not count") are counted by `work_years` from the latest of: the start of social work, graduation, and,
for a rule that counts from a certificate, that certificate's issue date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from domain import clock
from domain.exam.vocabulary import LEVEL_GRADES, LEVEL_TITLES, ExamLevel
from domain.people.vocabulary import Education, Major


@dataclass(frozen=True, slots=True)
class HeldCertificate:
    level: ExamLevel
    issued_on: date


@dataclass(frozen=True, slots=True)
class Candidate:
    education: Education
    major: Major
    social_work_since: date
    graduated_on: date | None  # from full-time study; None when the candidate never studied full time
    certificates: tuple[HeldCertificate, ...] = ()


@dataclass(frozen=True, slots=True)
class EligibilityRule:
    code: str
    level: ExamLevel
    educations: frozenset[Education]
    major: Major | None  # None: any major
    years: int
    counted_from_certificate: ExamLevel | None  # the certificate the years are counted from, and required
    description: str


@dataclass(frozen=True, slots=True)
class Eligibility:
    eligible: bool
    rule: EligibilityRule | None  # the rule that matched; None when not eligible
    reasons: tuple[str, ...]
    # The certificate (of the level asked for, or above) that makes sitting the level pointless.
    already_held: ExamLevel | None = None


_HIGH_SCHOOL: Final = frozenset({Education.HIGH_SCHOOL})
_JUNIOR_COLLEGE: Final = frozenset({Education.JUNIOR_COLLEGE})
_BACHELOR: Final = frozenset({Education.BACHELOR})
_MASTER: Final = frozenset({Education.MASTER})
_DOCTOR: Final = frozenset({Education.DOCTOR})
_BACHELOR_OR_ABOVE: Final = frozenset({Education.BACHELOR, Education.MASTER, Education.DOCTOR})

_A, _S, _H = ExamLevel.ASSISTANT, ExamLevel.SOCIAL_WORKER, ExamLevel.SENIOR
_SW, _OTHER = Major.SOCIAL_WORK, Major.OTHER

# DOMAIN.md §The national exam, eligibility table, row by row and in its order. Each rule reads: code,
# level, educations, major (None: any), years of social work, the certificate they count from (and that
# is required), description.
# fmt: off
RULES: Final[tuple[EligibilityRule, ...]] = (
    # 初级
    EligibilityRule(
        "ASSISTANT_HIGH_SCHOOL", _A, _HIGH_SCHOOL, None, 4, None,
        "高中或中专学历，从事社会工作满 4 年",
    ),
    EligibilityRule(
        "ASSISTANT_JUNIOR_COLLEGE_SOCIAL_WORK", _A, _JUNIOR_COLLEGE, _SW, 2, None,
        "大专学历，社会工作专业，从事社会工作满 2 年",
    ),
    EligibilityRule(
        "ASSISTANT_JUNIOR_COLLEGE_OTHER", _A, _JUNIOR_COLLEGE, _OTHER, 4, None,
        "大专学历，其他专业，从事社会工作满 4 年",
    ),
    EligibilityRule(
        "ASSISTANT_BACHELOR_OR_ABOVE_SOCIAL_WORK", _A, _BACHELOR_OR_ABOVE, _SW, 0, None,
        "本科及以上学历，社会工作专业，不限工作年限",
    ),
    EligibilityRule(
        "ASSISTANT_BACHELOR_OR_ABOVE_OTHER", _A, _BACHELOR_OR_ABOVE, _OTHER, 2, None,
        "本科及以上学历，其他专业，从事社会工作满 2 年",
    ),
    # 中级
    EligibilityRule(
        "SOCIAL_WORKER_HIGH_SCHOOL_WITH_ASSISTANT", _S, _HIGH_SCHOOL, None, 6, _A,
        "高中或中专学历，取得助理社会工作师证书后从事社会工作满 6 年",
    ),
    EligibilityRule(
        "SOCIAL_WORKER_JUNIOR_COLLEGE_SOCIAL_WORK", _S, _JUNIOR_COLLEGE, _SW, 4, None,
        "大专学历，社会工作专业，从事社会工作满 4 年",
    ),
    EligibilityRule(
        "SOCIAL_WORKER_JUNIOR_COLLEGE_OTHER", _S, _JUNIOR_COLLEGE, _OTHER, 6, None,
        "大专学历，其他专业，从事社会工作满 6 年",
    ),
    EligibilityRule(
        "SOCIAL_WORKER_BACHELOR_SOCIAL_WORK", _S, _BACHELOR, _SW, 3, None,
        "本科学历，社会工作专业，从事社会工作满 3 年",
    ),
    EligibilityRule(
        "SOCIAL_WORKER_BACHELOR_OTHER", _S, _BACHELOR, _OTHER, 5, None,
        "本科学历，其他专业，从事社会工作满 5 年",
    ),
    EligibilityRule(
        "SOCIAL_WORKER_MASTER_SOCIAL_WORK", _S, _MASTER, _SW, 1, None,
        "硕士研究生学历，社会工作专业，从事社会工作满 1 年",
    ),
    EligibilityRule(
        "SOCIAL_WORKER_MASTER_OTHER", _S, _MASTER, _OTHER, 3, None,
        "硕士研究生学历，其他专业，从事社会工作满 3 年",
    ),
    EligibilityRule(
        "SOCIAL_WORKER_DOCTOR_SOCIAL_WORK", _S, _DOCTOR, _SW, 0, None,
        "博士研究生学历，社会工作专业，不限工作年限",
    ),
    EligibilityRule(
        "SOCIAL_WORKER_DOCTOR_OTHER", _S, _DOCTOR, _OTHER, 2, None,
        "博士研究生学历，其他专业，从事社会工作满 2 年",
    ),
    # 高级
    EligibilityRule(
        "SENIOR_AFTER_SOCIAL_WORKER", _H, _BACHELOR_OR_ABOVE, None, 5, _S,
        "本科及以上学历，取得社会工作师证书后从事社会工作满 5 年",
    ),
)
# fmt: on

# The levels from lowest to highest: a certificate of a level or above it blocks registering for it.
LEVEL_ORDER: Final[tuple[ExamLevel, ...]] = (_A, _S, _H)

_EDUCATION_NAMES: Final = {
    Education.HIGH_SCHOOL: "高中或中专",
    Education.JUNIOR_COLLEGE: "大专",
    Education.BACHELOR: "本科",
    Education.MASTER: "硕士研究生",
    Education.DOCTOR: "博士研究生",
}
_MAJOR_NAMES: Final = {_SW: "社会工作专业", _OTHER: "其他专业"}


def cutoff(exam_year: int) -> date:
    """The day work years are counted up to, included (DOMAIN.md: "counted up to 12-31 of the exam year")."""
    return date(exam_year, 12, 31)


def work_years(start: date, exam_year: int) -> int:
    """Whole years of work from `start` through 12-31 of `exam_year`, both days included.

    The Nth year ends on the day before the Nth anniversary of `start`, so N years are complete when
    start + N years <= 1 January of the year after the exam: work from 2022-01-01 has 4 years in exam year
    2025, work from 2022-01-02 has 3. A 29 February start has its anniversary on 1 March in a common year
    (as `domain.training.ledger` counts registration periods), so its year ends on 28 February; with the
    cutoff always at year end, this never changes a count. In short: the exam year minus the start's year,
    plus one for a 1 January start, and 0 for work starting after the cutoff."""
    day_after_cutoff = date(exam_year + 1, 1, 1)
    if start >= day_after_cutoff:
        return 0
    years = day_after_cutoff.year - start.year  # an anniversary in that year falls on or after 1 January
    while clock.add_years(start, years) > day_after_cutoff:
        years -= 1
    return years


def check_eligibility(
    candidate: Candidate,
    level: ExamLevel,
    exam_year: int,
    *,
    rules: Sequence[EligibilityRule] = RULES,
) -> Eligibility:
    """Whether `candidate` may sit `level` in `exam_year`, naming the rule that matched or why none did.

    A rule applies when the candidate's education is among its educations and its major is theirs (or it
    takes any major). When several applicable rules are met, the first in table order matches: `RULES`
    gives each (level, education, major) exactly one rule, so the order only matters for other tables.
    When none is met, there is one reason per applicable rule, or one saying which education the level needs.
    A candidate who holds a certificate of `level` or a higher one is not eligible, whatever the rules, and
    the answer names the highest such certificate (`already_held`).
    """
    held = held_at_or_above(candidate, level)
    if held is not None:
        reason = f"已持有{LEVEL_TITLES[held]}证书，不能再报考{LEVEL_GRADES[level]}"
        return Eligibility(eligible=False, rule=None, reasons=(reason,), already_held=held)
    applicable = [rule for rule in rules if rule.level is level and _applies(rule, candidate)]
    shortfalls: list[str] = []
    for rule in applicable:
        met, reason = _assess(rule, candidate, exam_year)
        if met:
            return Eligibility(eligible=True, rule=rule, reasons=(reason,))
        shortfalls.append(reason)
    if not shortfalls:
        shortfalls.append(_no_rule_reason(candidate, level, rules))
    return Eligibility(eligible=False, rule=None, reasons=tuple(shortfalls))


def held_at_or_above(candidate: Candidate, level: ExamLevel) -> ExamLevel | None:
    """The highest level of certificate the candidate holds at `level` or above, if any."""
    rank = LEVEL_ORDER.index(level)
    held = {certificate.level for certificate in candidate.certificates}
    for higher in reversed(LEVEL_ORDER[rank:]):
        if higher in held:
            return higher
    return None


def _applies(rule: EligibilityRule, candidate: Candidate) -> bool:
    return candidate.education in rule.educations and rule.major in (None, candidate.major)


def _assess(rule: EligibilityRule, candidate: Candidate, exam_year: int) -> tuple[bool, str]:
    """Whether `rule` is met, and the reason that says so or says what is missing."""
    last_day = cutoff(exam_year)
    # DOMAIN.md: years before graduating from full-time study do not count.
    starts = [candidate.social_work_since]
    if candidate.graduated_on is not None:
        starts.append(candidate.graduated_on)
    requirement = f"从事社会工作满 {rule.years} 年"
    if rule.counted_from_certificate is not None:
        certificate = f"{LEVEL_TITLES[rule.counted_from_certificate]}证书"
        # Only a certificate held by the cutoff counts; the earliest one is the candidate's best case.
        issued = [
            held.issued_on
            for held in candidate.certificates
            if held.level is rule.counted_from_certificate and held.issued_on <= last_day
        ]
        if not issued:
            return False, f"{_who(rule)}须持有{certificate}"
        # "6 after that certificate" / "5 after obtaining 中级": only work after the issue date counts.
        starts.append(min(issued))
        requirement = f"在取得{certificate}后{requirement}"
    counted = work_years(max(starts), exam_year)
    # A rule of 0 years needs no work at all: work starting after the cutoff counts 0 years, which is enough.
    if counted >= rule.years:
        return True, f"符合：{rule.description}（截至 {last_day.isoformat()} 计 {counted} 年）"
    return False, f"{_who(rule)}须{requirement}，截至 {last_day.isoformat()} 为 {counted} 年"


def _who(rule: EligibilityRule) -> str:
    """The candidates a rule is for, e.g. 本科及以上学历、其他专业."""
    who = f"{_educations_phrase(rule.educations)}学历"
    return who if rule.major is None else f"{who}、{_MAJOR_NAMES[rule.major]}"


def _no_rule_reason(candidate: Candidate, level: ExamLevel, rules: Sequence[EligibilityRule]) -> str:
    of_level = [rule for rule in rules if rule.level is level]
    educations = frozenset(education for rule in of_level for education in rule.educations)
    if not educations:
        return f"{LEVEL_GRADES[level]}暂无报考条件"
    if candidate.education not in educations:
        return f"{LEVEL_GRADES[level]}须{_educations_phrase(educations)}学历"
    who = f"{_EDUCATION_NAMES[candidate.education]}学历、{_MAJOR_NAMES[candidate.major]}"
    return f"{LEVEL_GRADES[level]}没有适用于{who}的报考条件"


def _educations_phrase(educations: frozenset[Education]) -> str:
    """本科及以上 for an upward-closed set of two or more, else the names joined: 高中或中专、大专."""
    ordered = [education for education in Education if education in educations]
    upward = list(Education)[list(Education).index(ordered[0]) :]
    if len(ordered) > 1 and ordered == upward:
        return f"{_EDUCATION_NAMES[ordered[0]]}及以上"
    return "、".join(_EDUCATION_NAMES[education] for education in ordered)
