import type { CombinedError } from '@urql/core'

/**
 * What to tell the user about a failed request: the server's own (Chinese, coded) top-level message, or
 * that the server could not be reached. Never a stack trace: the server masks those.
 */
export function errorMessage(error: CombinedError | Error | null | undefined): string {
  if (!error) return ''
  if ('graphQLErrors' in error && error.graphQLErrors.length > 0) {
    return error.graphQLErrors.map((e) => e.message).join('；')
  }
  if ('networkError' in error && error.networkError) return '无法连接服务器，请检查网络后重试'
  return error.message
}

/** The top-level error code (`UNAUTHENTICATED`, `FORBIDDEN`, `NOT_FOUND`, ...), if the server gave one. */
export function errorCode(error: CombinedError | null | undefined): string | null {
  const code = error?.graphQLErrors[0]?.extensions?.code
  return typeof code === 'string' ? code : null
}
