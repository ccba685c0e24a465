/** Chinese labels of the exam enums, as the schema's descriptions give them. */

export { examLevelLabels as EXAM_LEVEL } from './labels'

export const EXAM_LEVEL_SHORT: Record<string, string> = {
  ASSISTANT: '初级',
  SOCIAL_WORKER: '中级',
  SENIOR: '高级',
}

export const CERTIFICATE_TITLE: Record<string, string> = {
  ASSISTANT: '助理社会工作师',
  SOCIAL_WORKER: '社会工作师',
  SENIOR: '高级社会工作师',
}

export const REGISTRATION_STATUS: Record<string, string> = {
  SUBMITTED: '已提交，待审核',
  APPROVED: '审核通过，待缴费',
  REJECTED: '审核未通过',
  PAID: '已缴费，待发准考证',
  ADMITTED: '已发准考证',
  WITHDRAWN: '已撤回',
  SAT: '已参考',
}

export const REGISTRATION_STATUS_TAG: Record<string, 'primary' | 'success' | 'warning' | 'danger' | 'info'> = {
  SUBMITTED: 'warning',
  APPROVED: 'primary',
  REJECTED: 'danger',
  PAID: 'primary',
  ADMITTED: 'success',
  WITHDRAWN: 'info',
  SAT: 'info',
}

export const CERTIFICATE_STATE: Record<string, string> = {
  REGISTERED: '已登记',
  DUE: '待续期',
  LAPSED: '登记已失效',
  UNREGISTERED: '未登记',
}

export const CERTIFICATE_STATE_TAG: Record<string, 'primary' | 'success' | 'warning' | 'danger' | 'info'> = {
  REGISTERED: 'success',
  DUE: 'warning',
  LAPSED: 'danger',
  UNREGISTERED: 'info',
}

export const EXAM_SUBJECT: Record<string, string> = {
  ASSISTANT_COMPREHENSIVE: '社会工作综合能力（初级）',
  ASSISTANT_PRACTICE: '社会工作实务（初级）',
  COMPREHENSIVE: '社会工作综合能力（中级）',
  LAWS_AND_POLICIES: '社会工作法规与政策（中级）',
  PRACTICE: '社会工作实务（中级）',
}

/** The label of `value` in `labels`, or the value itself when it has none. */
export function examLabel(labels: Record<string, string>, value: string | null | undefined): string {
  if (!value) return ''
  return labels[value] ?? value
}

/** A withdrawal is open while the registration is live and not yet admitted (the API checks the window). */
export function canWithdrawRegistration(status: string): boolean {
  return status === 'SUBMITTED' || status === 'APPROVED' || status === 'PAID'
}

/** Whether a registration is still live (blocks registering again for the same sitting). */
export function isLiveRegistration(status: string): boolean {
  return status !== 'REJECTED' && status !== 'WITHDRAWN'
}

/** What the 登记 button says for a certificate's registration state, or null when none can be made now. */
export function registerActionLabel(state: string): string | null {
  if (state === 'UNREGISTERED') return '登记'
  if (state === 'DUE') return '续期'
  if (state === 'LAPSED') return '重新登记'
  return null
}

/** `110101199003071234` → `1101**********1234`: the ticket shows only the ends of the ID number. */
export function maskIdCard(id: string | null | undefined): string {
  if (!id) return ''
  if (id.includes('*')) return id
  if (id.length <= 8) return id
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`
}

/** Today's date in Beijing as `YYYY-MM-DD` (business dates are Beijing calendar days). */
export function beijingToday(now: Date = new Date()): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  )
  return `${parts.year}-${parts.month}-${parts.day}`
}

/** Where a sitting's registration window stands on `today` (ISO dates compare as strings). */
export function registrationWindow(
  sitting: { registrationOpensOn: string; registrationClosesOn: string },
  today: string,
): 'NOT_YET' | 'OPEN' | 'CLOSED' {
  if (today < sitting.registrationOpensOn) return 'NOT_YET'
  if (today > sitting.registrationClosesOn) return 'CLOSED'
  return 'OPEN'
}
