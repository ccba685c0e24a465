import { fromBeijingInput, halfWidth } from '@/lib/format'
import type { DeliveryMode, HourCategory, PostCourseInput, ServiceField } from '@/gql/graphql'

/** One session row of the course form: Beijing wall times as a `datetime-local` input holds them. */
export interface SessionRow {
  key: number
  startsAt: string
  endsAt: string
  location: string
}

export interface CourseFormState {
  title: string
  description: string
  serviceField: string
  hourCategory: string
  creditHours: string
  deliveryMode: string
  countyCode: string
  capacity: number
  sessions: SessionRow[]
}

let nextKey = 1

export function emptySession(): SessionRow {
  return { key: nextKey++, startsAt: '', endsAt: '', location: '' }
}

export function emptyCourse(countyCode = ''): CourseFormState {
  return {
    title: '',
    description: '',
    serviceField: '',
    hourCategory: 'KNOWLEDGE',
    creditHours: '',
    deliveryMode: 'IN_PERSON',
    countyCode,
    capacity: 30,
    sessions: [emptySession()],
  }
}

const beijingParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
})

/** An ISO DateTime → the Beijing wall time a `datetime-local` input shows (`2027-01-05T09:30`). */
export function toBeijingInput(iso: string): string {
  const parts = Object.fromEntries(beijingParts.formatToParts(new Date(iso)).map((p) => [p.type, p.value]))
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour === '24' ? '00' : parts.hour}:${parts.minute}`
}

/** The form as `PostCourseInput` (sessions in Beijing time with +08:00). Empty times stay empty, so the
 * server reports them on their rows. */
export function courseInput(form: CourseFormState): PostCourseInput {
  return {
    title: form.title.trim(),
    description: form.description.trim(),
    serviceField: form.serviceField as ServiceField,
    hourCategory: form.hourCategory as HourCategory,
    creditHours: halfWidth(String(form.creditHours)),
    deliveryMode: form.deliveryMode as DeliveryMode,
    countyCode: form.countyCode,
    capacity: Number(form.capacity),
    sessions: form.sessions.map((s) => ({
      startsAt: s.startsAt ? fromBeijingInput(s.startsAt) : '',
      endsAt: s.endsAt ? fromBeijingInput(s.endsAt) : '',
      location: s.location.trim(),
    })),
  }
}

/** What the form must have before it goes to the server: messages keyed as `fieldErrors` keys them. */
export function missingFields(form: CourseFormState): Record<string, string> {
  const errors: Record<string, string> = {}
  if (!form.title.trim()) errors.title = '请填写课程名称'
  if (!form.serviceField) errors.serviceField = '请选择服务领域'
  if (!halfWidth(String(form.creditHours))) errors.creditHours = '请填写学时'
  if (!form.countyCode) errors.countyCode = '请选择开课县市'
  if (form.sessions.length === 0) errors.sessions = '至少安排一个课次'
  form.sessions.forEach((s, i) => {
    if (!s.startsAt) errors[`sessions.${i}.startsAt`] = '请选择开始时间'
    if (!s.endsAt) errors[`sessions.${i}.endsAt`] = '请选择结束时间'
  })
  return errors
}

/**
 * Puts a session's error on its row: the server names the session by its index in `field`
 * (`sessions.0.endsAt`) or, when it names only the field (`endsAt`), by number in its message
 * (「第 1 个课次的结束时间须晚于开始时间」).
 */
export function onSessionRows(errors: Record<string, string>): Record<string, string> {
  const placed: Record<string, string> = {}
  for (const [key, message] of Object.entries(errors)) {
    const number = /^第 ?(\d+) ?个课次/.exec(message)?.[1]
    if (number && (key === 'startsAt' || key === 'endsAt' || key === 'location' || key === 'sessions' || key === '')) {
      const row = `sessions.${Number(number) - 1}${key === 'sessions' || key === '' ? '' : `.${key}`}`
      placed[row] = placed[row] ? `${placed[row]}；${message}` : message
    } else {
      placed[key] = message
    }
  }
  return placed
}
