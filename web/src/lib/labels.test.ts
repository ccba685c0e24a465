import { describe, expect, it } from 'vitest'
import {
  courseStatusLabels,
  educationLabels,
  enrollmentStatusLabels,
  examLevelLabels,
  labelOf,
  labelOptions,
  majorLabels,
  roleLabels,
  serviceFieldLabels,
} from './labels'

describe('labels', () => {
  it('gives Chinese labels for enum values', () => {
    expect(serviceFieldLabels.ELDERLY_CARE).toBe('养老服务')
    expect(roleLabels.COUNTY_ADMIN).toBe('县级管理员')
    expect(majorLabels.SOCIAL_WORK).toBe('社会工作专业')
    expect(courseStatusLabels.CANCELLED).toBe('已取消')
    expect(enrollmentStatusLabels.WAITLISTED).toBe('候补')
    expect(examLevelLabels.SENIOR).toContain('高级')
  })
  it('makes select options in order', () => {
    expect(labelOptions(educationLabels)[0]).toEqual({ value: 'HIGH_SCHOOL', label: '高中、中专' })
    expect(labelOptions(educationLabels)).toHaveLength(5)
    expect(labelOptions(serviceFieldLabels)).toHaveLength(18)
  })
  it('falls back to the raw value', () => {
    expect(labelOf(roleLabels, 'NEW_ROLE' as never)).toBe('NEW_ROLE')
    expect(labelOf(roleLabels, null)).toBe('')
  })
})
