import type { RouteRecordRaw } from 'vue-router'
import type { MenuEntry } from '@/menu'

/** This area's pages (role in each route's meta) and its entries in the role menus. */
export const routes: RouteRecordRaw[] = [
  {
    path: '/prefecture/providers',
    component: () => import('./ProvidersPage.vue'),
    meta: { title: '培训机构备案', role: 'PREFECTURE_ADMIN' },
  },
  {
    path: '/prefecture/exam-sittings',
    component: () => import('./ExamSittingsPage.vue'),
    meta: { title: '考试安排', role: 'PREFECTURE_ADMIN' },
  },
  {
    path: '/prefecture/incentives',
    component: () => import('./IncentivesPage.vue'),
    meta: { title: '激励政策与预算', role: 'PREFECTURE_ADMIN' },
  },
  {
    path: '/prefecture/users',
    component: () => import('./UsersPage.vue'),
    meta: { title: '用户与角色', role: 'PREFECTURE_ADMIN' },
  },
  {
    path: '/prefecture/audit',
    component: () => import('./AuditPage.vue'),
    meta: { title: '审计日志', role: 'PREFECTURE_ADMIN' },
  },
  {
    path: '/prefecture/training-requirements',
    component: () => import('./TrainingRequirementsPage.vue'),
    meta: { title: '学时要求', role: 'PREFECTURE_ADMIN' },
  },
]

export const menu: MenuEntry[] = [
  { path: '/prefecture/providers', label: '培训机构备案', group: 'prefecture', order: 10 },
  { path: '/prefecture/exam-sittings', label: '考试安排', group: 'prefecture', order: 20 },
  { path: '/prefecture/incentives', label: '激励政策与预算', group: 'prefecture', order: 30 },
  { path: '/prefecture/users', label: '用户与角色', group: 'prefecture', order: 40 },
  { path: '/prefecture/audit', label: '审计日志', group: 'prefecture', order: 50 },
  { path: '/prefecture/training-requirements', label: '学时要求', group: 'prefecture', order: 60 },
]
