import { describe, expect, it } from 'vitest'
import {
  EXAM_LEVEL_SHORT,
  REGISTRATION_STATUS,
  canWithdrawRegistration,
  examLabel,
  isLiveRegistration,
  maskIdCard,
  registerActionLabel,
  beijingToday,
  registrationWindow,
} from './examLabels'

describe('examLabels', () => {
  it('labels every level and status in Chinese, falling back to the value', () => {
    expect(examLabel(EXAM_LEVEL_SHORT, 'SOCIAL_WORKER')).toBe('中级')
    expect(examLabel(REGISTRATION_STATUS, 'ADMITTED')).toBe('已发准考证')
    expect(examLabel(REGISTRATION_STATUS, 'NEW_ONE')).toBe('NEW_ONE')
    expect(examLabel(REGISTRATION_STATUS, null)).toBe('')
  })

  it('allows withdrawing only live registrations not yet admitted', () => {
    expect(['SUBMITTED', 'APPROVED', 'PAID'].every(canWithdrawRegistration)).toBe(true)
    expect(['REJECTED', 'ADMITTED', 'WITHDRAWN', 'SAT'].some(canWithdrawRegistration)).toBe(false)
    expect(isLiveRegistration('ADMITTED')).toBe(true)
    expect(isLiveRegistration('WITHDRAWN')).toBe(false)
  })

  it('names the registration action by state', () => {
    expect(registerActionLabel('UNREGISTERED')).toBe('登记')
    expect(registerActionLabel('DUE')).toBe('续期')
    expect(registerActionLabel('LAPSED')).toBe('重新登记')
    expect(registerActionLabel('REGISTERED')).toBeNull()
  })

  it('masks the middle of an ID number', () => {
    expect(maskIdCard('532301199102010018')).toBe('5323**********0018')
    expect(maskIdCard('5323**********0018')).toBe('5323**********0018')
    expect(maskIdCard('')).toBe('')
  })
})

describe('registration window', () => {
  it('reads today in Beijing, a day ahead of UTC in the evening', () => {
    expect(beijingToday(new Date('2026-11-30T17:00:00Z'))).toBe('2026-12-01')
    expect(beijingToday(new Date('2026-11-30T15:59:00Z'))).toBe('2026-11-30')
  })
  it('is open from the opening to the closing day inclusive', () => {
    const sitting = { registrationOpensOn: '2027-03-01', registrationClosesOn: '2027-03-31' }
    expect(registrationWindow(sitting, '2027-02-28')).toBe('NOT_YET')
    expect(registrationWindow(sitting, '2027-03-01')).toBe('OPEN')
    expect(registrationWindow(sitting, '2027-03-31')).toBe('OPEN')
    expect(registrationWindow(sitting, '2027-04-01')).toBe('CLOSED')
  })
})
