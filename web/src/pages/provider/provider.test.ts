import { describe, expect, it } from 'vitest'
import { courseInput, emptyCourse, missingFields, onSessionRows, toBeijingInput } from './courseForm'
import { COURSE_STATUS, SERVICE_FIELD, label, options } from './labels'
import { ROW_OUTCOME, importOutcome } from './rosterImport'

describe('labels', () => {
  it('shows the Chinese label, or the value when unknown', () => {
    expect(label(COURSE_STATUS, 'DRAFT')).toBe('草稿')
    expect(label(COURSE_STATUS, 'NEW')).toBe('NEW')
    expect(options(SERVICE_FIELD)).toContainEqual({ value: 'ELDERLY_CARE', label: '养老服务' })
  })
})

describe('course form', () => {
  it('sends sessions in Beijing time', () => {
    const form = emptyCourse('532301')
    form.title = ' 禁毒社工实务 '
    const row = form.sessions[0]!
    row.startsAt = '2027-01-05T09:30'
    row.endsAt = '2027-01-05T17:00'
    const input = courseInput(form)
    expect(input.title).toBe('禁毒社工实务')
    expect(input.sessions[0]).toEqual({
      startsAt: '2027-01-05T09:30:00+08:00',
      endsAt: '2027-01-05T17:00:00+08:00',
      location: '',
    })
  })
  it('reads a DateTime back as Beijing wall time', () => {
    expect(toBeijingInput('2027-01-05T01:30:00Z')).toBe('2027-01-05T09:30')
    expect(toBeijingInput('2027-01-04T16:00:00Z')).toBe('2027-01-05T00:00')
  })
  it('names what is missing on its row', () => {
    const errors = missingFields(emptyCourse())
    expect(errors['sessions.0.startsAt']).toBe('请选择开始时间')
    expect(errors.title).toBeDefined()
  })
})

describe('roster import', () => {
  const report = { rowCount: 2, credited: 2, skipped: 0, dryRun: true, errors: [], rows: [] }
  it('allows importing only a clean roster that credits someone', () => {
    expect(importOutcome(report)).toBe('ready')
    expect(importOutcome({ ...report, credited: 0 })).toBe('nothing')
    expect(importOutcome({ ...report, errors: [{ row: 2, column: '学时', message: '坏' }] })).toBe('errors')
  })
})

describe('session errors', () => {
  it('go on their rows', () => {
    expect(onSessionRows({ endsAt: '第 1 个课次的结束时间须晚于开始时间' })).toEqual({
      'sessions.0.endsAt': '第 1 个课次的结束时间须晚于开始时间',
    })
    expect(onSessionRows({ 'sessions.1.startsAt': '已过', title: '空' })).toEqual({
      'sessions.1.startsAt': '已过',
      title: '空',
    })
    expect(onSessionRows({ sessions: '第 2 个课次须填写地点' })).toEqual({ 'sessions.1': '第 2 个课次须填写地点' })
  })
})

describe('row outcomes', () => {
  it('have Chinese labels', () => {
    expect(label(ROW_OUTCOME, 'CREDIT')).toBe('计入学时')
    expect(label(ROW_OUTCOME, 'UNCHECKED')).toBe('未逐行核对')
  })
})
