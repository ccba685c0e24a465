import type { RoleGrant } from './lib/session'

/** The administrators' and experts' menus: one drop-down per role, each area adding its own entries. */
export type MenuGroup = 'county' | 'prefecture' | 'expert'

export interface MenuEntry {
  path: string
  label: string
  group: MenuGroup
  /** Position within the group's drop-down (smaller first). */
  order: number
}

export const menuGroups: ReadonlyArray<{ group: MenuGroup; label: string; role: RoleGrant['role'] }> = [
  { group: 'county', label: '县级管理', role: 'COUNTY_ADMIN' },
  { group: 'prefecture', label: '州级管理', role: 'PREFECTURE_ADMIN' },
  { group: 'expert', label: '专家评审', role: 'EXPERT' },
]
