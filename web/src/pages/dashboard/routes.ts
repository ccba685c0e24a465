import type { RouteRecordRaw } from 'vue-router'
import type { MenuEntry } from '@/menu'

/** This area's pages (role in each route's meta) and its entries in the role menus. */
export const routes: RouteRecordRaw[] = [
  {
    // County and prefecture admins both: the API scopes the figures and refuses anyone else (FORBIDDEN shown).
    path: '/dashboard',
    component: () => import('./DashboardPage.vue'),
    meta: { title: '目标完成情况', requiresAuth: true },
  },
  {
    path: '/dashboard/targets',
    component: () => import('./PeriodTargetsPage.vue'),
    meta: { title: '规划期目标', role: 'PREFECTURE_ADMIN' },
  },
]

export const menu: MenuEntry[] = [
  { path: '/dashboard', label: '目标完成情况', group: 'prefecture', order: 0 },
  { path: '/dashboard/targets', label: '规划期目标', group: 'prefecture', order: 1 },
  { path: '/dashboard', label: '目标完成情况', group: 'county', order: 0 },
]
