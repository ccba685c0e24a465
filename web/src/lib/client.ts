import { Client, fetchExchange } from '@urql/core'
import { session } from './session'

/**
 * The GraphQL client: POST /graphql only (the server refuses GET, so `preferGetMethod` is off), with the
 * session's bearer token, no cache between requests ('network-only' by default): the pages show what the
 * server says now, and a mutation's result is read back by re-running the page's query.
 */
export function createClient(): Client {
  return new Client({
    url: '/graphql',
    exchanges: [fetchExchange],
    preferGetMethod: false,
    requestPolicy: 'network-only',
    fetchOptions: () => {
      const token = session.token
      return { headers: (token ? { Authorization: `Bearer ${token}` } : {}) as Record<string, string> }
    },
  })
}
