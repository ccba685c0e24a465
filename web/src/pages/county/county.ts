import type { RoleGrant } from '@/lib/session'
import type { UserError } from '@/lib/userErrors'

/** The county code of the signed-in county admin (the first COUNTY_ADMIN grant), or null. */
export function adminCountyCode(roles: ReadonlyArray<RoleGrant> | null | undefined): string | null {
  return roles?.find((grant) => grant.role === 'COUNTY_ADMIN')?.countyCode ?? null
}

/** A Decimal yuan figure (`"1200.00"`) → `1,200.00 元`. */
export function yuan(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—'
  const [whole = '0', fraction = ''] = value.split('.')
  const sign = whole.startsWith('-') ? '-' : ''
  const digits = whole.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${sign}${digits}.${(fraction + '00').slice(0, 2)} 元`
}

/** The share of the budget used (committed and paid, net of what was recovered), 0–100 to one decimal. */
export function budgetPercent(amount: string, remaining: string): number {
  const total = Number(amount)
  if (!(total > 0)) return 0
  const used = total - Number(remaining)
  return Math.max(0, Math.min(100, Math.round((used / total) * 1000) / 10))
}

/**
 * The refusals of a bulk mutation, said so the user knows which row: an error on
 * `["input", <idsField>, "3"]` is about the 4th selected id; its message is prefixed with that row's label.
 */
export function bulkErrorMessages(
  errors: ReadonlyArray<UserError>,
  idsField: string,
  rowLabels: ReadonlyArray<string>,
): string[] {
  return errors.map((error) => {
    const path = error.field ?? []
    const at = path[0] === 'input' ? path.slice(1) : path
    if (at[0] === idsField && at.length > 1) {
      const label = rowLabels[Number(at[1])]
      if (label) return `${label}：${error.message}`
    }
    return error.message
  })
}

/** This year and the previous few, newest first, for a year picker. */
export function recentYears(thisYear: number, count = 5): number[] {
  return Array.from({ length: count }, (_, i) => thisYear + 1 - i)
}
