import { describe, expect, it } from 'vitest'
import { auditFilter, countyName, grantText, previousMonth, seatsTaken, summaryText, unplacedErrors, yuan } from './prefecture'

const counties = [{ code: '532301', name: '楚雄市' }]

describe('prefecture helpers', () => {
  it('formats yuan', () => {
    expect(yuan('1200.5')).toBe('1,200.50 元')
    expect(yuan('0')).toBe('0.00 元')
    expect(yuan(null)).toBe('—')
  })
  it('counts seats and names counties', () => {
    expect(seatsTaken({ capacity: 100, remaining: 97 })).toBe(3)
    expect(countyName(counties, '532301')).toBe('楚雄市')
    expect(countyName(counties, null)).toBe('全州')
  })
  it('says a grant with its scope', () => {
    const roles = { COUNTY_ADMIN: '县级管理员', PROVIDER: '培训机构' }
    expect(grantText({ role: 'COUNTY_ADMIN', countyCode: '532301' }, roles, counties, [])).toBe('县级管理员（楚雄市）')
    expect(grantText({ role: 'PROVIDER', providerId: 'P1' }, roles, counties, [{ id: 'P1', name: '中心' }])).toBe(
      '培训机构（中心）',
    )
  })
  it('builds the audit filter in Beijing time', () => {
    expect(auditFilter({ action: ' provider.filed ', actorId: '', targetId: '', range: ['2027-01-05T00:00', '2027-01-06T00:00'] })).toEqual({
      action: 'provider.filed',
      from: '2027-01-05T00:00:00+08:00',
      to: '2027-01-06T00:00:00+08:00',
    })
  })
  it('summarises and picks the month to accrue', () => {
    expect(summaryText({ name: 'A', n: 2 })).toBe('name=A，n=2')
    expect(previousMonth('2027-01-10')).toBe('2026-12')
    expect(previousMonth('2027-08-15')).toBe('2027-07')
  })
})

describe('unplacedErrors', () => {
  it('keeps the errors no field shows', () => {
    const shown = (k: string) => k === 'year' || /^sites\.\d+\.name$/.test(k)
    expect(unplacedErrors({ year: 'a', 'sites.0.name': 'b', name: 'c', '': 'd' }, shown)).toBe('c；d')
  })
})
