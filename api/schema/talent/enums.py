"""The leading-talent programme's enums under their API.md names (§Leading talent), registered once."""

from __future__ import annotations

from api.schema.enums import described_enum
from domain.talent.vocabulary import (
    ApplicationStatus,
    AssessmentGrade,
    AssignmentStatus,
    ObjectionStatus,
    ReviewDecision,
    RevocationCause,
    RoundStatus,
    TalentDimension,
    TalentStatus,
    TrancheStatus,
)

described_enum(
    TalentDimension,
    name="TalentDimension",
    description="领军人才评价维度（楚人社发〔2021〕13号）",
    values={
        TalentDimension.ETHICS: "职业操守",
        TalentDimension.PROFESSIONALISM: "职业素质",
        TalentDimension.EXPERTISE: "专业技术",
        TalentDimension.CAPABILITY: "工作能力",
        TalentDimension.PERFORMANCE: "工作绩效",
        TalentDimension.CLIENT_FEEDBACK: "服务对象反馈意见",
    },
)
described_enum(
    AssessmentGrade,
    name="AssessmentGrade",
    description="培养期年度考核等次",
    values={AssessmentGrade.EXCELLENT: "优秀", AssessmentGrade.PASS: "合格", AssessmentGrade.FAIL: "不合格"},
)
described_enum(
    RoundStatus,
    name="TalentRoundStatus",
    description="选拔轮次阶段：征集 → 专家评审 → 排名 → 公示 → 批准",
    values={
        RoundStatus.CALLING: "征集中：申报与县级初审",
        RoundStatus.SCORING: "专家评审中",
        RoundStatus.RANKED: "评审结束、已排名，待公示",
        RoundStatus.ON_NOTICE: "公示中",
        RoundStatus.APPROVED: "已批准并公布名单",
    },
)
described_enum(
    ApplicationStatus,
    name="TalentApplicationStatus",
    description="领军人才申报状态",
    values={
        ApplicationStatus.RECOMMENDED: "单位已推荐，待本人确认",
        ApplicationStatus.DRAFT: "草稿：可修改，尚未提交",
        ApplicationStatus.SUBMITTED: "已提交，待县级初审",
        ApplicationStatus.RETURNED: "县级退回修改：修改后可再次提交",
        ApplicationStatus.REJECTED: "县级初审未通过",
        ApplicationStatus.WITHDRAWN: "本人已撤回（本轮不能再申报）",
        ApplicationStatus.DECLINED: "推荐未被接受或已由推荐单位撤回：本人仍可自行申报",
        ApplicationStatus.COUNTY_PASSED: "县级初审通过，待专家评审",
        ApplicationStatus.SHORTLISTED: "评审排名在名额内，待公示",
        ApplicationStatus.NOT_SELECTED: "评审排名在名额外",
        ApplicationStatus.ON_NOTICE: "公示中",
        ApplicationStatus.REMOVED: "公示期异议成立，已取消人选资格",
        ApplicationStatus.APPROVED: "已批准为领军人才",
    },
)
described_enum(
    ReviewDecision,
    name="TalentReviewDecision",
    description="县级初审意见",
    values={
        ReviewDecision.PASS: "通过（不超过县级名额）",
        ReviewDecision.RETURN: "退回修改",
        ReviewDecision.REJECT: "不通过",
    },
)
described_enum(
    AssignmentStatus,
    name="TalentAssignmentStatus",
    description="评审专家对一份申报的评审状态",
    values={
        AssignmentStatus.ASSIGNED: "已分配，待评分",
        AssignmentStatus.SCORED: "已评分（已封存）",
        AssignmentStatus.CONFLICT: "回避：与申报人同一单位",
        AssignmentStatus.CONFLICT_DECLARED: "回避：专家本人申明利益冲突",
        AssignmentStatus.EXCUSED: "管理员准予免评（已记录原因）",
    },
)
described_enum(
    ObjectionStatus,
    name="TalentObjectionStatus",
    description="公示异议处理状态",
    values={
        ObjectionStatus.OPEN: "待处理",
        ObjectionStatus.UPHELD: "异议成立（取消该人选）",
        ObjectionStatus.DISMISSED: "异议不成立",
        ObjectionStatus.CLOSED: "同一人选的其他异议已成立、人选已取消，本件随之办结（未作认定）",
    },
)
described_enum(
    TalentStatus,
    name="LeadingTalentStatus",
    description="领军人才称号状态",
    values={
        TalentStatus.CULTIVATING: "培养期内",
        TalentStatus.COMPLETED: "培养期满，考核合格",
        TalentStatus.REVOKED: "称号已撤销，剩余培养经费停止拨付",
    },
)
described_enum(
    RevocationCause,
    name="TalentRevocationCause",
    description="撤销领军人才称号的原因类别",
    values={
        RevocationCause.FRAUD: "弄虚作假",
        RevocationCause.VIOLATION: "违法违纪",
        RevocationCause.ASSESSMENT_FAILED: "年度考核不合格",
        RevocationCause.LEFT_POST: "离开社会工作岗位",
    },
)
described_enum(
    TrancheStatus,
    name="CultivationTrancheStatus",
    description="培养经费分期拨付状态",
    values={
        TrancheStatus.PLANNED: "计划中：上一年度考核合格后拨付",
        TrancheStatus.RELEASED: "已拨付",
        TrancheStatus.STOPPED: "已停止（称号撤销）",
    },
)

__all__ = [
    "ApplicationStatus",
    "AssessmentGrade",
    "AssignmentStatus",
    "ObjectionStatus",
    "ReviewDecision",
    "RevocationCause",
    "RoundStatus",
    "TalentDimension",
    "TalentStatus",
    "TrancheStatus",
]
