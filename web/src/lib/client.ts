import { Client, fetchExchange, mapExchange } from '@urql/core'
import { session } from './session'

/** Called when the server refuses the session's token (expired, revoked): set by main.ts. */
let onSessionExpired: () => void = () => {}

export function whenSessionExpires(handler: () => void): void {
  onSessionExpired = handler
}

/**
 * The GraphQL client: POST /graphql only (the server refuses GET, so `preferGetMethod` is off), with the
 * session's bearer token, no cache between requests ('network-only' by default): the pages show what the
 * server says now, and a mutation's result is read back by re-running the page's query.
 */
export function createClient(): Client {
  return new Client({
    url: '/graphql',
    exchanges: [
      // A token the server no longer takes (expired after 12 h, revoked by a password change elsewhere) is
      // forgotten here, once, for every page: the user is asked to sign in again, not shown empty pages.
      mapExchange({
        onResult(result) {
          const unauthenticated = result.error?.graphQLErrors.some(
            (e) => e.extensions?.code === 'UNAUTHENTICATED',
          )
          if (unauthenticated && session.token) onSessionExpired()
          return result
        },
      }),
      fetchExchange,
    ],
    preferGetMethod: false,
    requestPolicy: 'network-only',
    fetchOptions: () => {
      const token = session.token
      return { headers: (token ? { Authorization: `Bearer ${token}` } : {}) as Record<string, string> }
    },
  })
}
