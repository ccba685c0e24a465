/** Chinese labels of the enums the provider's pages show, as the schema's descriptions give them. */

export const COURSE_STATUS: Record<string, string> = {
  DRAFT: '草稿',
  PUBLISHED: '已发布',
  CANCELLED: '已取消',
}

export const COURSE_STATUS_TAG: Record<string, 'info' | 'success' | 'danger'> = {
  DRAFT: 'info',
  PUBLISHED: 'success',
  CANCELLED: 'danger',
}

export const ENROLLMENT_STATUS: Record<string, string> = {
  ENROLLED: '已报名',
  WAITLISTED: '候补',
  WITHDRAWN: '已退出',
  COMPLETED: '已结业',
  CANCELLED: '已随课程取消',
}

export const SERVICE_FIELD: Record<string, string> = {
  SOCIAL_WELFARE: '社会福利',
  SOCIAL_ASSISTANCE: '社会救助',
  POVERTY_RELIEF: '扶贫济困',
  CHARITY: '慈善事业',
  COMMUNITY_BUILDING: '社区建设',
  MARRIAGE_FAMILY: '婚姻家庭',
  MENTAL_HEALTH: '精神卫生',
  DISABILITY_REHABILITATION: '残障康复',
  EDUCATION_GUIDANCE: '教育辅导',
  EMPLOYMENT_ASSISTANCE: '就业援助',
  WORKER_SUPPORT: '职工帮扶',
  CRIME_PREVENTION: '犯罪预防',
  DRUG_REHABILITATION: '禁毒戒毒',
  CORRECTIONAL_SUPPORT: '矫治帮扶',
  EMERGENCY_RESPONSE: '应急处置',
  MASS_CULTURE: '群众文化',
  ELDERLY_CARE: '养老服务',
  OTHER: '其他',
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

export const DELIVERY_MODE: Record<string, string> = {
  IN_PERSON: '面授',
  ONLINE: '线上',
  BLENDED: '线上与面授混合',
}

/** The label of an enum value, or the value itself when the map does not know it (a newer server). */
export function label(map: Record<string, string>, value: string | null | undefined): string {
  if (!value) return ''
  return map[value] ?? value
}

/** The options of an `el-select` for an enum, in the schema's order. */
export function options(map: Record<string, string>): Array<{ value: string; label: string }> {
  return Object.entries(map).map(([value, text]) => ({ value, label: text }))
}
