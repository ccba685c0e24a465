/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

// Built files are served by the Starlette app from web/dist (api/web.py): the app at `/` with
// history-mode routing, the GraphQL IDE at `/graphql`. Everything is bundled: the app runs on closed
// government networks (政务内网) where nothing may load from the internet.
export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
      // GraphiQL's dialogs would add a <style> element, which the Content-Security-Policy blocks (see there).
      'react-style-singleton': fileURLToPath(new URL('./src/lib/styleSingleton.ts', import.meta.url)),
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The IDE (React + CodeMirror) and the ECharts bundle are large by nature; they load only where used.
    chunkSizeWarningLimit: 2500,
    rolldownOptions: {
      // React libraries of the IDE mark modules "use client" (a server-components hint with no meaning here).
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return
        warn(warning)
      },
      input: {
        main: fileURLToPath(new URL('./index.html', import.meta.url)),
        graphiql: fileURLToPath(new URL('./graphiql.html', import.meta.url)),
      },
    },
  },
  server: {
    // `npm run dev` beside `make run`: the API stays on the app's own port.
    proxy: { '/graphql': 'http://127.0.0.1:8000', '/exports': 'http://127.0.0.1:8000' },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
  },
})
