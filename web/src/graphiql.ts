// The GraphQL IDE at GET /graphql, built from the `graphiql` package into web/dist: served from the app's
// own origin so it works on closed networks (no CDN). Requests go to POST /graphql like any client's.
import 'graphiql/style.css'
import { GraphiQL } from 'graphiql'
import { createElement } from 'react'
import { createRoot } from 'react-dom/client'

interface GraphQLParams {
  query: string
  variables?: Record<string, unknown> | null
  operationName?: string | null
}

async function fetcher(params: GraphQLParams, options?: { headers?: Record<string, unknown> }) {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Accept: 'application/graphql-response+json, application/json',
  }
  for (const [name, value] of Object.entries(options?.headers ?? {})) headers[name] = String(value)
  const response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify(params) })
  return response.json()
}

const container = document.getElementById('graphiql')
if (container) {
  container.style.height = '100vh'
  const defaultQuery = `# 楚雄州社会工作人才系统 GraphQL 接口。匿名可查课程目录、证书查验与公示；
# 登录后在下方 Headers 中填入 {"Authorization": "Bearer <token>"}。
{
  courses(first: 5) {
    totalCount
    nodes { title countyCode startsAt remainingSeats provider { name } }
  }
}
`
  createRoot(container).render(createElement(GraphiQL, { fetcher, defaultQuery }))
}
