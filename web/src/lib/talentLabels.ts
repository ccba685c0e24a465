// Chinese labels for this area's enums, short forms of the schema's descriptions of each value.
import type { AssessmentGrade, CultivationTrancheStatus, LeadingTalentEventKind, LeadingTalentStatus, TalentApplicationStatus, TalentAssignmentStatus, TalentDimension, TalentEligibilityCondition, TalentObjectionStatus, TalentReviewDecision, TalentRevocationCause, TalentRoundStatus } from '@/gql/enums'

export const talentRoundStatusLabels: Record<TalentRoundStatus, string> = {
  CALLING: '征集中',
  SCORING: '专家评审中',
  RANKED: '已排名，待公示',
  ON_NOTICE: '公示中',
  APPROVED: '已批准',
}

export const talentApplicationStatusLabels: Record<TalentApplicationStatus, string> = {
  RECOMMENDED: '待本人确认',
  DRAFT: '草稿',
  SUBMITTED: '待县级初审',
  RETURNED: '已退回修改',
  REJECTED: '初审未通过',
  WITHDRAWN: '本人已撤回（本轮不能再申报）',
  DECLINED: '推荐未接受',
  COUNTY_PASSED: '待专家评审',
  SHORTLISTED: '名额内，待公示',
  NOT_SELECTED: '名额外',
  ON_NOTICE: '公示中',
  REMOVED: '已取消资格',
  APPROVED: '已批准',
}

export const talentAssignmentStatusLabels: Record<TalentAssignmentStatus, string> = {
  ASSIGNED: '已分配',
  SCORED: '已评分（已封存）',
  CONFLICT: '回避（系统判定）',
  CONFLICT_DECLARED: '回避（本人申报）',
  EXCUSED: '管理员准予免评（已记录原因）',
}

export const talentDimensionLabels: Record<TalentDimension, string> = {
  ETHICS: '职业操守',
  PROFESSIONALISM: '职业素质',
  EXPERTISE: '专业技术',
  CAPABILITY: '工作能力',
  PERFORMANCE: '工作绩效',
  CLIENT_FEEDBACK: '服务对象反馈意见',
}

export const talentEligibilityConditionLabels: Record<TalentEligibilityCondition, string> = {
  CERTIFICATE_LEVEL: '证书级别不低于要求',
  YEARS_HELD: '持证年限不少于要求',
  PRACTICE_YEARS: '从事社会工作年限不少于要求',
  AGE: '年龄不超过要求',
  TRAINING: '已完成一线人员培训学时要求',
  COUNTY_QUOTA: '所在县市本轮分配有名额',
  LEADING_TITLE: '不在领军人才培养期内，且未因弄虚作假或违法违纪被撤销称号',
}

export const talentObjectionStatusLabels: Record<TalentObjectionStatus, string> = {
  OPEN: '待处理',
  UPHELD: '异议成立（取消该人选）',
  DISMISSED: '异议不成立',
  CLOSED: '已随人选取消关闭',
}

export const talentReviewDecisionLabels: Record<TalentReviewDecision, string> = {
  PASS: '通过（不超过县级名额）',
  RETURN: '退回修改',
  REJECT: '不通过',
}

export const talentRevocationCauseLabels: Record<TalentRevocationCause, string> = {
  FRAUD: '弄虚作假',
  VIOLATION: '违法违纪',
  ASSESSMENT_FAILED: '年度考核不合格',
  LEFT_POST: '离开社会工作岗位',
}

export const leadingTalentStatusLabels: Record<LeadingTalentStatus, string> = {
  CULTIVATING: '培养期内',
  COMPLETED: '培养期满',
  REVOKED: '已撤销',
}

export const leadingTalentEventKindLabels: Record<LeadingTalentEventKind, string> = {
  AWARDED: '授予称号（批准选拔结果）',
  ASSESSED: '年度考核（含期满考核）',
  TRANCHE_RELEASED: '拨付一期培养经费',
  TRANCHE_STOPPED: '停止拨付一期培养经费（称号撤销）',
  COMPLETED: '培养期满',
  REVOKED: '撤销称号',
}

export const assessmentGradeLabels: Record<AssessmentGrade, string> = {
  EXCELLENT: '优秀',
  PASS: '合格',
  FAIL: '不合格',
}

export const cultivationTrancheStatusLabels: Record<CultivationTrancheStatus, string> = {
  PLANNED: '计划中',
  RELEASED: '已拨付',
  STOPPED: '已停止（称号撤销）',
}
