/** Chinese labels of the enums the trainee's course and hours pages show: the shared maps of lib/labels.ts,
 * and what only these pages show. */

export { enrollmentStatusLabels as ENROLLMENT_STATUS, hourCategoryLabels as HOUR_CATEGORY } from '@/lib/labels'

export const ENROLLMENT_STATUS_TAG: Record<string, 'primary' | 'success' | 'info' | 'warning' | 'danger'> = {
  ENROLLED: 'primary',
  WAITLISTED: 'warning',
  WITHDRAWN: 'info',
  COMPLETED: 'success',
  CANCELLED: 'info',
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

export { labelOf as label } from '@/lib/labels'
