import 'element-plus/dist/index.css'
import './styles.css'
import ElementPlus, { ElMessage } from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import { createApp } from 'vue'
import App from './App.vue'
import { graphql } from './gql'
import { createClient, whenSessionExpires } from './lib/client'
import { session } from './lib/session'
import { router } from './router'

const app = createApp(App)
// Element Plus in Simplified Chinese: date pickers, pagination, empty states and confirmations read as
// the offices' other admin systems do.
app.use(ElementPlus, { locale: zhCn })
app.use(router)
const client = createClient()
app.provide('urqlClient', client)

async function sessionExpired() {
  session.signOut()
  ElMessage.warning('登录已过期，请重新登录')
  // At start-up the first navigation may still be under way: come back to where the user was going.
  await router.isReady()
  const here = router.currentRoute.value.fullPath
  void router.push({ path: '/login', query: here.startsWith('/login') ? {} : { redirect: here } })
}
whenSessionExpires(() => void sessionExpired())

// A token kept from an earlier visit may have expired meanwhile: the server says whom it belongs to (a
// token it no longer takes reads as anonymous, viewer null).
const ViewerCheck = graphql(`
  query SessionViewerCheck {
    viewer {
      user {
        id
      }
    }
  }
`)
if (session.token) {
  void client
    .query(ViewerCheck, {})
    .toPromise()
    .then((result) => {
      if (!result.error && session.token && !result.data?.viewer) void sessionExpired()
    })
}
app.mount('#app')
