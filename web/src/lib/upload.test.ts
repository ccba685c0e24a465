import { describe, expect, it } from 'vitest'
import { multipartBody, parseUploadResponse, percentOf } from './upload'

describe('multipartBody', () => {
  it('puts null where the file goes and maps part 0 there', async () => {
    const file = new Blob(['a,b'], { type: 'text/csv' })
    const form = multipartBody('mutation M($input: X!) { m }', { input: { courseId: 'C1', dryRun: true } }, file, 'input.file', 'r.csv')
    const operations = JSON.parse(form.get('operations') as string)
    expect(operations.variables).toEqual({ input: { courseId: 'C1', dryRun: true, file: null } })
    expect(JSON.parse(form.get('map') as string)).toEqual({ '0': ['variables.input.file'] })
    const part = form.get('0') as File
    expect(await part.text()).toBe('a,b')
  })
  it('does not change the variables given', () => {
    const variables = { input: { courseId: 'C1' } }
    multipartBody('q', variables, new Blob([]), 'input.file')
    expect(variables).toEqual({ input: { courseId: 'C1' } })
  })
})

describe('percentOf', () => {
  it('rounds and caps', () => {
    expect(percentOf(1, 3)).toBe(33)
    expect(percentOf(5, 4)).toBe(100)
  })
  it('is null without a total', () => {
    expect(percentOf(10, 0)).toBeNull()
    expect(percentOf(10, 100, false)).toBeNull()
  })
})

describe('parseUploadResponse', () => {
  it('returns the GraphQL answer, errors included', () => {
    expect(parseUploadResponse(200, '{"data":{"x":1}}')).toEqual({ data: { x: 1 } })
    expect(parseUploadResponse(400, '{"errors":[{"message":"坏"}]}').errors?.[0]?.message).toBe('坏')
  })
  it('says why when the answer is not GraphQL', () => {
    expect(() => parseUploadResponse(413, 'too big')).toThrow('文件太大')
    expect(() => parseUploadResponse(502, '<html>')).toThrow('HTTP 502')
  })
})
