/** Chinese labels of the enums the trainee's course and hours pages show, as the schema's descriptions give them. */

export const ENROLLMENT_STATUS: Record<string, string> = {
  ENROLLED: '已报名',
  WAITLISTED: '候补',
  WITHDRAWN: '已退出',
  COMPLETED: '已结业',
  PAID: '已缴费',
}

export const ENROLLMENT_STATUS_TAG: Record<string, 'primary' | 'success' | 'info' | 'warning' | 'danger'> = {
  ENROLLED: 'primary',
  WAITLISTED: 'warning',
  WITHDRAWN: 'info',
  COMPLETED: 'success',
  PAID: 'primary',
}

export const HOUR_CATEGORY: Record<string, string> = {
  KNOWLEDGE: '专业知识',
  PRACTICE_SKILLS: '实务技能',
  SUPERVISION: '督导',
  CONFERENCE: '学术会议',
  DEGREE_STUDY: '学历教育',
  RESEARCH_PUBLICATION: '论文著作',
  TEACHING: '授课',
  OTHER: '其他',
}

export const ENTRY_SOURCE: Record<string, string> = {
  COMPLETION: '结业',
  ROSTER_IMPORT: '名单导入',
  ADJUSTMENT: '调整',
  REVERSAL: '冲正',
}

export const REQUIREMENT_AUDIENCE: Record<string, string> = {
  FRONT_LINE: '一线人员',
  ASSISTANT_HOLDERS: '助理社会工作师持证者',
  SOCIAL_WORKER_HOLDERS: '社会工作师、高级社会工作师持证者',
}

/** The label of an enum value, or the value itself when unknown (a newer server). */
export function label(map: Record<string, string>, value: string | null | undefined): string {
  if (!value) return ''
  return map[value] ?? value
}
