// Chinese labels for the schema's enums (from the schema's descriptions of each value).
import type {
  CourseStatus,
  DeliveryMode,
  Education,
  EnrollmentStatus,
  ExamLevel,
  HourCategory,
  Major,
  Role,
  ServiceField,
  Sex,
} from '@/gql/graphql'

export const serviceFieldLabels: Record<ServiceField, string> = {
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

export const hourCategoryLabels: Record<HourCategory, string> = {
  KNOWLEDGE: '专业知识',
  PRACTICE_SKILLS: '实务技能',
  SUPERVISION: '督导',
  CONFERENCE: '学术会议',
  DEGREE_STUDY: '学历教育',
  RESEARCH_PUBLICATION: '论文著作',
  TEACHING: '授课',
  OTHER: '其他',
}

export const deliveryModeLabels: Record<DeliveryMode, string> = {
  IN_PERSON: '面授',
  ONLINE: '线上',
  BLENDED: '线上与面授混合',
}

export const educationLabels: Record<Education, string> = {
  HIGH_SCHOOL: '高中、中专',
  JUNIOR_COLLEGE: '大专',
  BACHELOR: '本科',
  MASTER: '硕士研究生',
  DOCTOR: '博士研究生',
}

export const majorLabels: Record<Major, string> = {
  SOCIAL_WORK: '社会工作专业',
  OTHER: '其他专业',
}

export const roleLabels: Record<Role, string> = {
  TRAINEE: '学员',
  PROVIDER: '培训机构',
  COUNTY_ADMIN: '县级管理员',
  PREFECTURE_ADMIN: '州级管理员',
  EXPERT: '评审专家',
}

export const courseStatusLabels: Record<CourseStatus, string> = {
  DRAFT: '草稿',
  PUBLISHED: '已发布',
  CANCELLED: '已取消',
}

export const enrollmentStatusLabels: Record<EnrollmentStatus, string> = {
  ENROLLED: '已报名',
  WAITLISTED: '候补',
  WITHDRAWN: '已退出',
  COMPLETED: '已结业',
  CANCELLED: '已随课程取消',
}

/** Options for an el-select from a label map, in the map's order. */
export function labelOptions<T extends string>(labels: Record<T, string>): { value: T; label: string }[] {
  return (Object.keys(labels) as T[]).map((value) => ({ value, label: labels[value] }))
}

/** The label of a value, or the value itself when unknown (a newer server). */
export function labelOf<T extends string>(labels: Record<T, string>, value: T | null | undefined): string {
  if (value == null) return ''
  return labels[value] ?? value
}

export const examLevelLabels: Record<ExamLevel, string> = {
  ASSISTANT: '初级（助理社会工作师）',
  SOCIAL_WORKER: '中级（社会工作师）',
  SENIOR: '高级（高级社会工作师）',
}

export const sexLabels: Record<Sex, string> = {
  MALE: '男',
  FEMALE: '女',
}
