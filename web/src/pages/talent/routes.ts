import type { RouteRecordRaw } from 'vue-router'
import type { MenuEntry } from '@/menu'

/** This area's pages (role in each route's meta) and its entries in the role menus. */
export const routes: RouteRecordRaw[] = [
  {
    path: '/talent/rounds',
    component: () => import('./TalentRoundsPage.vue'),
    meta: { title: '选拔轮次', role: 'PREFECTURE_ADMIN' },
  },
  {
    path: '/talent/rounds/:id',
    component: () => import('./TalentRoundPage.vue'),
    meta: { title: '选拔轮次详情', role: 'PREFECTURE_ADMIN' },
  },
  {
    path: '/talent/county-review',
    component: () => import('./CountyReviewPage.vue'),
    meta: { title: '人才申报初审', role: 'COUNTY_ADMIN' },
  },
  {
    path: '/talent/scoring',
    component: () => import('./ScoringTasksPage.vue'),
    meta: { title: '评审任务', role: 'EXPERT' },
  },
  {
    path: '/talent/scoring/:applicationId',
    component: () => import('./ScoringPage.vue'),
    meta: { title: '专家评分', role: 'EXPERT' },
  },
  { path: '/talent/notice', component: () => import('./NoticeListPage.vue'), meta: { title: '领军人才公示' } },
  { path: '/talent/notice/:roundId', component: () => import('./NoticePage.vue'), meta: { title: '领军人才公示' } },
]

export const menu: MenuEntry[] = [
  { path: '/talent/rounds', label: '领军人才选拔轮次', group: 'prefecture', order: 60 },
  { path: '/talent/county-review', label: '人才申报初审', group: 'county', order: 60 },
  { path: '/talent/scoring', label: '评审任务', group: 'expert', order: 10 },
]
