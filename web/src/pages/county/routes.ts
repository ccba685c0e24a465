import type { RouteRecordRaw } from 'vue-router'
import type { MenuEntry } from '@/menu'

/** This area's pages (role in each route's meta) and its entries in the role menus. */
export const routes: RouteRecordRaw[] = [
  {
    path: '/county/exam-registrations',
    component: () => import('./ExamRegistrationsPage.vue'),
    meta: { title: '考试报名审核', role: 'COUNTY_ADMIN' },
  },
  {
    path: '/county/entitlements',
    component: () => import('./EntitlementsPage.vue'),
    meta: { title: '待遇审核', role: 'COUNTY_ADMIN' },
  },
  {
    path: '/county/payouts',
    component: () => import('./PayoutsPage.vue'),
    meta: { title: '发放批次', role: 'COUNTY_ADMIN' },
  },
  {
    path: '/county/budget',
    component: () => import('./BudgetPage.vue'),
    meta: { title: '激励资金预算', role: 'COUNTY_ADMIN' },
  },
  {
    path: '/county/people',
    component: () => import('./PeoplePage.vue'),
    meta: { title: '人员与机构', role: 'COUNTY_ADMIN' },
  },
]

export const menu: MenuEntry[] = [
  { path: '/county/exam-registrations', label: '考试报名审核', group: 'county', order: 10 },
  { path: '/county/entitlements', label: '待遇审核', group: 'county', order: 20 },
  { path: '/county/payouts', label: '发放批次', group: 'county', order: 30 },
  { path: '/county/budget', label: '预算', group: 'county', order: 40 },
  { path: '/county/people', label: '人员与机构', group: 'county', order: 50 },
]
