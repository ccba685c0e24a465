import { describe, expect, it } from 'vitest'
import { certificatesChartOption, countiesBelowFloor, percent, perMille, perMilleChartOption, progressPct } from './targetsCharts'

const money = { paid: '0', committed: '0', remaining: '0' }

describe('targetsCharts', () => {
  it('formats shares and per mille', () => {
    expect(percent('0.8125')).toBe('81.3%')
    expect(percent(null)).toBe('—')
    expect(perMille('1.25')).toBe('1.25‰')
    expect(progressPct('1.5')).toBe(100)
  })
  it('colours counties below the floor red and draws the floor', () => {
    const counties = [
      { county: '楚雄市', perMille: '2.00', meetsFloor: true, money },
      { county: '双柏县', perMille: '0.50', meetsFloor: false, money },
    ]
    const option = perMilleChartOption(counties, '1.00')
    expect(option.series[0]!.data[1]!.itemStyle.color).toBe('#f56c6c')
    expect(option.series[0]!.markLine?.data[0]!.yAxis).toBe(1)
    expect(countiesBelowFloor(counties)).toEqual(['双柏县'])
  })
  it('gives the per-mille axis a round top and short labels', () => {
    const option = perMilleChartOption([{ county: '楚雄市', perMille: '0.01', meetsFloor: null, money }], null)
    expect(option.yAxis.max({ max: 0.01 })).toBe(0.02)
    expect(option.yAxis.axisLabel.formatter(0.015000000000000001)).toBe('0.015')
    expect(option.yAxis.axisLabel.formatter(0.005)).toBe('0.005')
  })
  it('stacks certificates by level per year', () => {
    const option = certificatesChartOption(
      [
        { year: 2025, level: 'ASSISTANT', count: 2 },
        { year: 2026, level: 'ASSISTANT', count: 1 },
      ],
      { ASSISTANT: '助理' },
    )
    expect(option.series[0]!.name).toBe('助理')
    expect(option.series[0]!.data).toEqual([2, 1])
  })
})
