// Pure logic of the leading-talent pages: the round's documented defaults, scores, dates.
import type { TalentDimension } from '@/gql/enums'

export const DIMENSIONS: TalentDimension[] = [
  'ETHICS',
  'PROFESSIONALISM',
  'EXPERTISE',
  'CAPABILITY',
  'PERFORMANCE',
  'CLIENT_FEEDBACK',
]

/** The rubric's documented default: weight 1 each, maxima 15/15/20/20/20/10. */
export const DEFAULT_MAX: Record<TalentDimension, number> = {
  ETHICS: 15,
  PROFESSIONALISM: 15,
  EXPERTISE: 20,
  CAPABILITY: 20,
  PERFORMANCE: 20,
  CLIENT_FEEDBACK: 10,
}

export interface RubricRow {
  dimension: TalentDimension
  weight: number
  maxScore: number
}

export function defaultRubric(): RubricRow[] {
  return DIMENSIONS.map((dimension) => ({ dimension, weight: 1, maxScore: DEFAULT_MAX[dimension] }))
}

/** The documented eligibility defaults of `TalentEligibilityInput`. */
export function defaultEligibility() {
  return {
    minCertificateLevel: 'SOCIAL_WORKER' as string,
    minYearsHeld: 0,
    minPracticeYears: 3,
    maxAge: 55 as number | undefined,
    trainingRequirementMet: false,
  }
}

/** A number typed in a form as the API's Decimal string ("1.5", never "1.50000001"). */
export function decimalString(value: number): string {
  return String(Math.round(value * 100) / 100)
}

/** Sum of the county quotas. */
export function quotaSum(rows: ReadonlyArray<{ quota: number }>): number {
  return rows.reduce((sum, row) => sum + (row.quota || 0), 0)
}

/** Σ weight × score of the scores typed so far (2 decimals). */
export function weightedTotal(
  rubric: ReadonlyArray<{ dimension: string; weight: string }>,
  scores: Readonly<Record<string, number | undefined>>,
): string {
  const total = rubric.reduce((sum, item) => sum + Number(item.weight) * (scores[item.dimension] ?? 0), 0)
  return (Math.round(total * 100) / 100).toFixed(2)
}

/** A date `days` after the ISO date `iso` (calendar days). */
export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** A number shown without trailing zeros ("15.00" → "15"). */
export function plain(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value
}
