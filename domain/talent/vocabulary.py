"""The leading-talent programme's enumerations and documented defaults, in the business vocabulary
(API.md §Leading talent; DOMAIN.md §The 彝乡 leading-talent programme)."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Final

from domain.exam.vocabulary import ExamLevel


class TalentDimension(StrEnum):
    """The seed's evaluation dimensions (楚人社发〔2021〕13号), in the seed's order: the rubric lists
    them so, and ties are broken in this order (`domain.talent.scoring`)."""

    ETHICS = "ETHICS"  # 职业操守
    PROFESSIONALISM = "PROFESSIONALISM"  # 职业素质
    EXPERTISE = "EXPERTISE"  # 专业技术
    CAPABILITY = "CAPABILITY"  # 工作能力
    PERFORMANCE = "PERFORMANCE"  # 工作绩效
    CLIENT_FEEDBACK = "CLIENT_FEEDBACK"  # 服务对象反馈意见


DIMENSION_NAMES: Final[dict[TalentDimension, str]] = {
    TalentDimension.ETHICS: "职业操守",
    TalentDimension.PROFESSIONALISM: "职业素质",
    TalentDimension.EXPERTISE: "专业技术",
    TalentDimension.CAPABILITY: "工作能力",
    TalentDimension.PERFORMANCE: "工作绩效",
    TalentDimension.CLIENT_FEEDBACK: "服务对象反馈意见",
}


class RoundStatus(StrEnum):
    CALLING = "CALLING"  # 征集中：已发布，申报、县级初审
    SCORING = "SCORING"  # 专家评审中
    RANKED = "RANKED"  # 评审结束，已排名，待公示
    ON_NOTICE = "ON_NOTICE"  # 公示中
    APPROVED = "APPROVED"  # 已批准并公布名单


class ApplicationStatus(StrEnum):
    RECOMMENDED = "RECOMMENDED"  # 单位推荐，待本人确认
    DRAFT = "DRAFT"  # 草稿：可修改，尚未提交
    SUBMITTED = "SUBMITTED"  # 已提交，待县级初审
    RETURNED = "RETURNED"  # 县级退回修改
    REJECTED = "REJECTED"  # 县级初审未通过
    WITHDRAWN = "WITHDRAWN"  # 本人撤回（本轮不能再申报）
    DECLINED = "DECLINED"  # 推荐未被接受或已由推荐单位撤回（本人仍可自行申报）
    COUNTY_PASSED = "COUNTY_PASSED"  # 县级初审通过，待专家评审
    SHORTLISTED = "SHORTLISTED"  # 评审排名在名额内，待公示
    NOT_SELECTED = "NOT_SELECTED"  # 评审排名在名额外
    ON_NOTICE = "ON_NOTICE"  # 公示中
    REMOVED = "REMOVED"  # 公示期异议成立，取消人选资格
    APPROVED = "APPROVED"  # 已批准为领军人才


class ReviewDecision(StrEnum):
    """A county's preliminary review (县级初审)."""

    PASS = "PASS"  # noqa: S105 - a decision, not a password; 通过
    RETURN = "RETURN"  # 退回修改
    REJECT = "REJECT"  # 不通过


class AssignmentStatus(StrEnum):
    """One reviewer on one application."""

    ASSIGNED = "ASSIGNED"  # 已分配，待评分
    SCORED = "SCORED"  # 已评分（封存）
    CONFLICT = "CONFLICT"  # 回避：与申报人同一单位（分配时识别）
    CONFLICT_DECLARED = "CONFLICT_DECLARED"  # 回避：专家本人申明
    EXCUSED = "EXCUSED"  # 管理员准予免评（已记录原因）


class ObjectionStatus(StrEnum):
    OPEN = "OPEN"  # 待处理
    UPHELD = "UPHELD"  # 异议成立
    DISMISSED = "DISMISSED"  # 异议不成立
    CLOSED = "CLOSED"  # 同一人选的其他异议已成立、人选已取消，随之办结（未作认定）


class TalentStatus(StrEnum):
    """A leading talent's title during and after cultivation."""

    CULTIVATING = "CULTIVATING"  # 培养期内
    COMPLETED = "COMPLETED"  # 培养期满，考核合格
    REVOKED = "REVOKED"  # 已撤销称号


class AssessmentGrade(StrEnum):
    EXCELLENT = "EXCELLENT"  # 优秀
    PASS = "PASS"  # noqa: S105 - a grade, not a password; 合格
    FAIL = "FAIL"  # 不合格


GRADE_NAMES: Final[dict[AssessmentGrade, str]] = {
    AssessmentGrade.EXCELLENT: "优秀",
    AssessmentGrade.PASS: "合格",
    AssessmentGrade.FAIL: "不合格",
}


class RevocationCause(StrEnum):
    """Why a title is revoked (DOMAIN.md §leading talent, step 9)."""

    FRAUD = "FRAUD"  # 弄虚作假
    VIOLATION = "VIOLATION"  # 违法违纪
    ASSESSMENT_FAILED = "ASSESSMENT_FAILED"  # 考核不合格
    LEFT_POST = "LEFT_POST"  # 离开社会工作岗位


class TrancheStatus(StrEnum):
    PLANNED = "PLANNED"  # 计划中：待上一年度考核合格后拨付
    RELEASED = "RELEASED"  # 已拨付
    STOPPED = "STOPPED"  # 已停止（称号撤销）


# Defaults of `openTalentRound` when a part is left out (API.md: "each optional part has a documented
# default"). Eligibility: 社会工作师 or above (DOMAIN.md §leading talent, step 1), three years of practice,
# at most 55 years of age (the usual limit of prefecture talent programmes), no minimum years held, no
# training condition. All are read as of the application closing date.
DEFAULT_MIN_CERTIFICATE_LEVEL: Final = ExamLevel.SOCIAL_WORKER
DEFAULT_MIN_YEARS_HELD: Final = 0
DEFAULT_MIN_PRACTICE_YEARS: Final = 3
DEFAULT_MAX_AGE: Final = 55
DEFAULT_TRAINING_REQUIREMENT_MET: Final = False

# The rubric: the six dimensions with weight 1 and maximum scores that add up to 100.
DEFAULT_RUBRIC: Final[tuple[tuple[TalentDimension, Decimal, Decimal], ...]] = (
    (TalentDimension.ETHICS, Decimal(1), Decimal(15)),
    (TalentDimension.PROFESSIONALISM, Decimal(1), Decimal(15)),
    (TalentDimension.EXPERTISE, Decimal(1), Decimal(20)),
    (TalentDimension.CAPABILITY, Decimal(1), Decimal(20)),
    (TalentDimension.PERFORMANCE, Decimal(1), Decimal(20)),
    (TalentDimension.CLIENT_FEEDBACK, Decimal(1), Decimal(10)),
)

# Cultivation (DOMAIN.md §leading talent, step 8: "typically 3 years"): one tranche a year, the first on
# approval; no funding unless the round sets it.
DEFAULT_CULTIVATION_YEARS: Final = 3
DEFAULT_FUNDING_FEN: Final = 0

# 公示 lasts at least five working days (DOMAIN.md §leading talent, step 6).
MIN_NOTICE_WORKING_DAYS: Final = 5
# With five or more scores, the highest and the lowest are dropped before averaging (step 4).
TRIM_FROM_REVIEWERS: Final = 5
