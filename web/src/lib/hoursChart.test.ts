import { describe, expect, it } from 'vitest'
import { beijingToday, categoryChartOption, isNegative, progressPercent, requirementsInReadingOrder } from './hoursChart'

describe('progressPercent', () => {
  it('is earned over required, floored', () => {
    expect(progressPercent('16', '160')).toBe(10)
    expect(progressPercent('12.5', '160')).toBe(7)
  })
  it('is capped at 100 and never negative', () => {
    expect(progressPercent('200', '160')).toBe(100)
    expect(progressPercent('-4', '160')).toBe(0)
  })
  it('is 0 when nothing is earned or figures are missing', () => {
    expect(progressPercent(null, '160')).toBe(0)
    expect(progressPercent('0', '0')).toBe(0)
  })
})

describe('categoryChartOption', () => {
  it('labels categories in Chinese and drops empty ones', () => {
    const option = categoryChartOption(
      [
        { category: 'KNOWLEDGE', hours: '16.00', countedHours: '16.00' },
        { category: 'TEACHING', hours: '0', countedHours: '0' },
      ],
      { KNOWLEDGE: '专业知识', TEACHING: '授课' },
    )
    expect(option.yAxis.data).toEqual(['专业知识'])
    expect(option.series[0]?.data).toEqual([16])
  })
})

describe('isNegative', () => {
  it('tells reversal amounts', () => {
    expect(isNegative('-16.00')).toBe(true)
    expect(isNegative('16.00')).toBe(false)
  })
})

describe('requirementsInReadingOrder', () => {
  it('puts the current period first, past ones after', () => {
    const items = [
      { code: 'P2021', startsOn: '2021-01-01', endsOn: '2025-12-31' },
      { code: 'P2026', startsOn: '2026-01-01', endsOn: '2030-12-31' },
      { code: 'CE', startsOn: null, endsOn: null },
    ]
    expect(requirementsInReadingOrder(items, '2026-11-30').map((i) => i.code)).toEqual(['P2026', 'CE', 'P2021'])
  })
})

describe('beijingToday', () => {
  it('is the Beijing calendar day', () => {
    expect(beijingToday(new Date('2026-11-30T17:00:00Z'))).toBe('2026-12-01')
  })
})
