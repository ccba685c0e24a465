import { ElMessage } from 'element-plus'
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { session, type RoleGrant } from './lib/session'
import { routes as countyRoutes } from './pages/county/routes'
import { routes as dashboardRoutes } from './pages/dashboard/routes'
import { routes as prefectureRoutes } from './pages/prefecture/routes'
import { routes as talentRoutes } from './pages/talent/routes'

declare module 'vue-router' {
  interface RouteMeta {
    /** The page title (also the browser tab's). */
    title?: string
    /** Signed-in users only. */
    requiresAuth?: boolean
    /** Users holding this role only (implies requiresAuth). */
    role?: RoleGrant['role']
  }
}

// History-mode routing: the server answers every page path with index.html (api/web.py).
const routes: RouteRecordRaw[] = [
  { path: '/', component: () => import('./pages/HomePage.vue'), meta: { title: '首页' } },
  { path: '/courses', component: () => import('./pages/public/CatalogPage.vue'), meta: { title: '培训课程' } },
  {
    path: '/courses/:id',
    component: () => import('./pages/public/CourseDetailPage.vue'),
    meta: { title: '课程详情' },
  },
  {
    path: '/verify',
    component: () => import('./pages/public/VerifyCertificatePage.vue'),
    meta: { title: '证书查验' },
  },
  { path: '/login', component: () => import('./pages/account/LoginPage.vue'), meta: { title: '登录' } },
  { path: '/register', component: () => import('./pages/account/RegisterPage.vue'), meta: { title: '注册' } },
  {
    path: '/me/profile',
    component: () => import('./pages/account/ProfilePage.vue'),
    meta: { title: '个人资料', requiresAuth: true },
  },
  {
    path: '/me/password',
    component: () => import('./pages/account/ChangePasswordPage.vue'),
    meta: { title: '修改密码', requiresAuth: true },
  },
  {
    path: '/me/courses',
    component: () => import('./pages/trainee/MyCoursesPage.vue'),
    meta: { title: '我的课程', requiresAuth: true },
  },
  {
    path: '/me/hours',
    component: () => import('./pages/trainee/MyHoursPage.vue'),
    meta: { title: '我的学时', requiresAuth: true },
  },
  {
    path: '/me/exam',
    component: () => import('./pages/trainee/ExamPage.vue'),
    meta: { title: '考试报名', requiresAuth: true },
  },
  {
    path: '/me/exam/ticket/:id',
    component: () => import('./pages/trainee/AdmissionTicketPage.vue'),
    meta: { title: '准考证', requiresAuth: true },
  },
  {
    path: '/me/certificates',
    component: () => import('./pages/trainee/CertificatesPage.vue'),
    meta: { title: '成绩与证书', requiresAuth: true },
  },
  {
    path: '/provider/courses',
    component: () => import('./pages/provider/ProviderCoursesPage.vue'),
    meta: { title: '本机构课程', role: 'PROVIDER' },
  },
  {
    path: '/provider/courses/:id',
    component: () => import('./pages/provider/ProviderCoursePage.vue'),
    meta: { title: '课程管理', role: 'PROVIDER' },
  },
  ...countyRoutes,
  ...prefectureRoutes,
  ...talentRoutes,
  ...dashboardRoutes,
  { path: '/:pathMatch(.*)*', component: () => import('./pages/NotFoundPage.vue'), meta: { title: '页面不存在' } },
]

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
})

router.beforeEach((to) => {
  const needsSignIn = to.meta.requiresAuth === true || to.meta.role !== undefined
  if (needsSignIn && !session.token) return { path: '/login', query: { redirect: to.fullPath } }
  // An account whose password an administrator reset must change it first (PASSWORD_CHANGE_REQUIRED).
  if (session.user?.mustChangePassword && needsSignIn && to.path !== '/me/password') return '/me/password'
  if (to.meta.role && !session.hasRole(to.meta.role)) {
    ElMessage.warning('当前账号无权访问该页面')
    return '/'
  }
  return true
})

router.afterEach((to) => {
  document.title = `${to.meta.title ?? ''} — 楚雄州社会工作人才系统`
})
