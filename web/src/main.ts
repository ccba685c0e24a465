import 'element-plus/dist/index.css'
import './styles.css'
import ElementPlus from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import { createApp } from 'vue'
import App from './App.vue'
import { createClient } from './lib/client'
import { router } from './router'

const app = createApp(App)
// Element Plus in Simplified Chinese: date pickers, pagination, empty states and confirmations read as
// the offices' other admin systems do.
app.use(ElementPlus, { locale: zhCn })
app.use(router)
app.provide('urqlClient', createClient())
app.mount('#app')
