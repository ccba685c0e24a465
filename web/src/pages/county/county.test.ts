import { describe, expect, it } from 'vitest'
import { ELIGIBILITY_RULE, eligibilityRuleLabel } from './eligibilityRules'
import { adminCountyCode, budgetPercent, bulkErrorMessages, recentYears, yuan } from './county'

describe('county helpers', () => {
  it('finds the county of the admin grant', () => {
    expect(
      adminCountyCode([
        { role: 'TRAINEE', countyCode: null, providerId: null },
        { role: 'COUNTY_ADMIN', countyCode: '532301', providerId: null },
      ]),
    ).toBe('532301')
    expect(adminCountyCode([])).toBeNull()
  })

  it('formats yuan with thousands and two decimals', () => {
    expect(yuan('1200')).toBe('1,200.00 元')
    expect(yuan('1234567.5')).toBe('1,234,567.50 元')
    expect(yuan('-30.00')).toBe('-30.00 元')
    expect(yuan(null)).toBe('—')
  })

  it('computes the used share of a budget', () => {
    expect(budgetPercent('1000.00', '250.00')).toBe(75)
    expect(budgetPercent('0', '0')).toBe(0)
    expect(budgetPercent('100', '120')).toBe(0)
    expect(budgetPercent('500000', '499200')).toBe(0.2)
  })

  it('names the row of a bulk refusal', () => {
    const errors = [
      { code: 'REGISTRATION_NOT_FOUND', field: ['input', 'registrationIds', '1'], message: '报名不存在' },
      { code: 'INVALID_INPUT', field: ['input', 'reason'], message: '须填写理由' },
    ]
    expect(bulkErrorMessages(errors, 'registrationIds', ['张三', '李四'])).toEqual(['李四：报名不存在', '须填写理由'])
  })

  it('says an eligibility rule in words, or its code when unknown', () => {
    expect(eligibilityRuleLabel('ASSISTANT_BACHELOR_OR_ABOVE_SOCIAL_WORK')).toBe('本科及以上学历，社会工作专业，不限工作年限')
    expect(eligibilityRuleLabel('NEW_RULE')).toBe('NEW_RULE')
    expect(Object.keys(ELIGIBILITY_RULE)).toHaveLength(15)
  })

  it('lists recent years newest first', () => {
    expect(recentYears(2027, 3)).toEqual([2028, 2027, 2026])
  })
})
