import { describe, expect, it } from 'vitest'
import { beijingDateTime, chineseDate, fromBeijingInput, halfWidth, hours } from './format'

describe('beijingDateTime', () => {
  it('shows a UTC instant in Beijing time (UTC+8)', () => {
    expect(beijingDateTime('2027-01-05T01:30:00Z')).toBe('2027-01-05 09:30')
  })
  it('moves to the next day past 16:00 UTC', () => {
    expect(beijingDateTime('2027-01-05T16:00:00Z')).toBe('2027-01-06 00:00')
    expect(beijingDateTime('2026-12-31T23:59:00Z')).toBe('2027-01-01 07:59')
  })
  it('reads offsets other than Z', () => {
    expect(beijingDateTime('2027-01-05T09:30:00+08:00')).toBe('2027-01-05 09:30')
  })
  it('is empty for nothing', () => {
    expect(beijingDateTime(null)).toBe('')
    expect(beijingDateTime(undefined)).toBe('')
  })
})

describe('chineseDate', () => {
  it('writes a business date the Chinese way, without leading zeros', () => {
    expect(chineseDate('2027-01-05')).toBe('2027年1月5日')
    expect(chineseDate(null)).toBe('')
  })
})

describe('hours', () => {
  it('drops trailing zeros and a bare point', () => {
    expect(hours('16.00')).toBe('16')
    expect(hours('12.50')).toBe('12.5')
    expect(hours('-4.25')).toBe('-4.25')
  })
  it('keeps whole numbers as they are (no zero of them dropped)', () => {
    expect(hours('160')).toBe('160')
    expect(hours('10')).toBe('10')
  })
  it('is 0 for nothing', () => {
    expect(hours(null)).toBe('0')
    expect(hours('')).toBe('0')
  })
})

describe('fromBeijingInput', () => {
  it('adds seconds and the +08:00 offset', () => {
    expect(fromBeijingInput('2027-01-05T09:30')).toBe('2027-01-05T09:30:00+08:00')
    expect(fromBeijingInput('2027-01-05T09:30:15')).toBe('2027-01-05T09:30:15+08:00')
  })
})

describe('halfWidth', () => {
  it('reads full-width digits and points typed on a Chinese keyboard as ASCII', () => {
    expect(halfWidth(' １６．５ ')).toBe('16.5')
    expect(halfWidth('１３９８７００１２３４')).toBe('13987001234')
  })
})
