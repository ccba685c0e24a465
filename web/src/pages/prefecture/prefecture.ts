// Helpers of the prefecture administrator's pages (州级管理): money, scopes, audit filters.
import { fromBeijingInput } from '@/lib/format'

/** A Decimal yuan figure (`"1200.5"`) → `1,200.50 元`; '—' for null. */
export function yuan(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—'
  const [whole = '0', fraction = ''] = value.split('.')
  const sign = whole.startsWith('-') ? '-' : ''
  const digits = whole.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${sign}${digits}.${(fraction + '00').slice(0, 2)} 元`
}

/** Seats taken at an exam site. */
export function seatsTaken(site: { capacity: number; remaining: number }): number {
  return Math.max(0, site.capacity - site.remaining)
}

/** The Chinese name of a county code, the code itself when unknown, 全州 for none. */
export function countyName(counties: ReadonlyArray<{ code: string; name: string }>, code: string | null | undefined): string {
  if (!code) return '全州'
  return counties.find((c) => c.code === code)?.name ?? code
}

/** A role grant said with its scope: `县级管理员（楚雄市）`, `培训机构（某中心）`. */
export function grantText(
  grant: { role: string; countyCode?: string | null; providerId?: string | null },
  roleLabels: Record<string, string>,
  counties: ReadonlyArray<{ code: string; name: string }>,
  providers: ReadonlyArray<{ id: string; name: string }>,
): string {
  const label = roleLabels[grant.role] ?? grant.role
  if (grant.countyCode) return `${label}（${countyName(counties, grant.countyCode)}）`
  if (grant.providerId) {
    const name = providers.find((p) => p.id === grant.providerId)?.name ?? '机构'
    return `${label}（${name}）`
  }
  return label
}

/** The audit filter from the form: empty fields left out, Beijing wall times as ISO with +08:00. */
export function auditFilter(form: {
  action: string
  actorId: string
  targetId: string
  range: [string, string] | null
}): { action?: string; actorId?: string; targetId?: string; from?: string; to?: string } {
  const filter: { action?: string; actorId?: string; targetId?: string; from?: string; to?: string } = {}
  if (form.action.trim()) filter.action = form.action.trim()
  if (form.actorId) filter.actorId = form.actorId
  if (form.targetId.trim()) filter.targetId = form.targetId.trim()
  if (form.range?.[0]) filter.from = fromBeijingInput(form.range[0])
  if (form.range?.[1]) filter.to = fromBeijingInput(form.range[1])
  return filter
}

/** An audit event's summary (JSON) as one short line: `name=…，countyCode=…`. */
export function summaryText(summary: unknown): string {
  if (summary === null || summary === undefined) return ''
  if (typeof summary !== 'object') return String(summary)
  return Object.entries(summary as Record<string, unknown>)
    .map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join('，')
}

/** The month before `today` (`2027-08-15` → `2027-07`): the latest month that can be accrued. */
export function previousMonth(today: string): string {
  const [year, month] = today.split('-').map(Number) as [number, number]
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`
}

/** Common audit actions, for the filter's suggestions. */
export const auditActionLabels: Record<string, string> = {
  'provider.filed': '培训机构备案',
  'account.created': '创建账号',
  'account.logged_in': '登录',
  'role.granted': '授予角色',
  'role.revoked': '撤销角色',
}

/** The messages of errors whose field the form does not show (plus those with none), so none is lost. */
export function unplacedErrors(errors: Record<string, string>, shown: (key: string) => boolean): string {
  return Object.entries(errors)
    .filter(([key]) => key === '' || !shown(key))
    .map(([, message]) => message)
    .join('；')
}

/** Who a training requirement applies to (RequirementAudience), short forms of the schema's descriptions. */
export const audienceLabels: Record<string, string> = {
  FRONT_LINE: '一线服务人员',
  ASSISTANT_HOLDERS: '助理社会工作师持证者',
  SOCIAL_WORKER_HOLDERS: '社会工作师、高级社会工作师持证者',
}
