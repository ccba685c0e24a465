import { describe, expect, it } from 'vitest'
import { addDays, decimalString, defaultRubric, plain, quotaSum, weightedTotal } from './talent'

describe('talent page logic', () => {
  it('pre-fills the documented rubric: weight 1, maxima 15/15/20/20/20/10', () => {
    const rubric = defaultRubric()
    expect(rubric.map((r) => r.maxScore)).toEqual([15, 15, 20, 20, 20, 10])
    expect(rubric.every((r) => r.weight === 1)).toBe(true)
  })
  it('sums weighted scores with two decimals', () => {
    const rubric = [
      { dimension: 'ETHICS', weight: '1.5' },
      { dimension: 'EXPERTISE', weight: '1' },
    ]
    expect(weightedTotal(rubric, { ETHICS: 10, EXPERTISE: 12.25 })).toBe('27.25')
    expect(weightedTotal(rubric, {})).toBe('0.00')
  })
  it('adds days across a month end, sums quotas, formats decimals', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02')
    expect(quotaSum([{ quota: 2 }, { quota: 0 }, { quota: 3 }])).toBe(5)
    expect(decimalString(2.5)).toBe('2.5')
    expect(plain('15.00')).toBe('15')
    expect(plain('87.50')).toBe('87.5')
  })
})
