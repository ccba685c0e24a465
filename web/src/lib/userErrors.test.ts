import { describe, expect, it } from 'vitest'
import { fieldErrors } from './userErrors'

describe('fieldErrors', () => {
  it('keys each message by its path after input', () => {
    expect(fieldErrors([{ code: 'INVALID_ID_CARD', field: ['input', 'idCardNumber'], message: '身份证号无效' }])).toEqual({
      idCardNumber: '身份证号无效',
    })
  })
  it('joins deeper paths with dots', () => {
    expect(fieldErrors([{ code: 'X', field: ['input', 'sessions', '0', 'startsAt'], message: '开始时间有误' }])).toEqual({
      'sessions.0.startsAt': '开始时间有误',
    })
  })
  it("puts errors without a field under ''", () => {
    expect(fieldErrors([{ code: 'FORBIDDEN', field: null, message: '无权操作' }])).toEqual({ '': '无权操作' })
    expect(fieldErrors([{ code: 'FORBIDDEN', message: '无权操作' }])).toEqual({ '': '无权操作' })
  })
  it('keeps a path that does not start with input', () => {
    expect(fieldErrors([{ code: 'X', field: ['courseId'], message: '课程不存在' }])).toEqual({ courseId: '课程不存在' })
  })
  it('joins two messages on one field', () => {
    const errors = fieldErrors([
      { code: 'A', field: ['input', 'username'], message: '用户名已被使用' },
      { code: 'B', field: ['input', 'username'], message: '用户名太短' },
    ])
    expect(errors.username).toBe('用户名已被使用；用户名太短')
  })
  it('is empty for no errors', () => {
    expect(fieldErrors([])).toEqual({})
  })
})
