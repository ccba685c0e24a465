/** The registration's eligibility rule (`eligibilityRule`, a code of domain/exam/eligibility.py) in words. */
export const ELIGIBILITY_RULE: Record<string, string> = {
  ASSISTANT_HIGH_SCHOOL: '高中或中专学历，从事社会工作满 4 年',
  ASSISTANT_JUNIOR_COLLEGE_SOCIAL_WORK: '大专学历，社会工作专业，从事社会工作满 2 年',
  ASSISTANT_JUNIOR_COLLEGE_OTHER: '大专学历，其他专业，从事社会工作满 4 年',
  ASSISTANT_BACHELOR_OR_ABOVE_SOCIAL_WORK: '本科及以上学历，社会工作专业，不限工作年限',
  ASSISTANT_BACHELOR_OR_ABOVE_OTHER: '本科及以上学历，其他专业，从事社会工作满 2 年',
  SOCIAL_WORKER_HIGH_SCHOOL_WITH_ASSISTANT: '高中或中专学历，取得助理社会工作师证书后从事社会工作满 6 年',
  SOCIAL_WORKER_JUNIOR_COLLEGE_SOCIAL_WORK: '大专学历，社会工作专业，从事社会工作满 4 年',
  SOCIAL_WORKER_JUNIOR_COLLEGE_OTHER: '大专学历，其他专业，从事社会工作满 6 年',
  SOCIAL_WORKER_BACHELOR_SOCIAL_WORK: '本科学历，社会工作专业，从事社会工作满 3 年',
  SOCIAL_WORKER_BACHELOR_OTHER: '本科学历，其他专业，从事社会工作满 5 年',
  SOCIAL_WORKER_MASTER_SOCIAL_WORK: '硕士研究生学历，社会工作专业，从事社会工作满 1 年',
  SOCIAL_WORKER_MASTER_OTHER: '硕士研究生学历，其他专业，从事社会工作满 3 年',
  SOCIAL_WORKER_DOCTOR_SOCIAL_WORK: '博士研究生学历，社会工作专业，不限工作年限',
  SOCIAL_WORKER_DOCTOR_OTHER: '博士研究生学历，其他专业，从事社会工作满 2 年',
  SENIOR_AFTER_SOCIAL_WORKER: '本科及以上学历，取得社会工作师证书后从事社会工作满 5 年',
}

export function eligibilityRuleLabel(code: string): string {
  return ELIGIBILITY_RULE[code] ?? code
}
