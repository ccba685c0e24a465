/** Chinese labels of the enums the provider's pages show: the shared maps of lib/labels.ts, and the tag
 * colours of these pages. */

export {
  courseStatusLabels as COURSE_STATUS,
  deliveryModeLabels as DELIVERY_MODE,
  enrollmentStatusLabels as ENROLLMENT_STATUS,
  hourCategoryLabels as HOUR_CATEGORY,
  serviceFieldLabels as SERVICE_FIELD,
} from '@/lib/labels'

/** The label of an enum value, or the value itself when the map does not know it (a newer server). */
export function label(map: Record<string, string>, value: string | null | undefined): string {
  if (!value) return ''
  return map[value] ?? value
}

/** The options of an `el-select` for an enum, in the schema's order. */
export function options(map: Record<string, string>): Array<{ value: string; label: string }> {
  return Object.entries(map).map(([value, text]) => ({ value, label: text }))
}

export const COURSE_STATUS_TAG: Record<string, 'info' | 'success' | 'danger'> = {
  DRAFT: 'info',
  PUBLISHED: 'success',
  CANCELLED: 'danger',
}

