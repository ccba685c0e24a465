import { session } from './session'

/**
 * Downloads an export route (`/exports/...`) with the session's bearer token in the header, never a bare
 * link with the token in the URL (URLs end up in logs and histories). Throws an Error with the server's
 * message when it refuses.
 */
export async function downloadExport(path: string, fallbackName: string): Promise<void> {
  const token = session.token
  const response = await fetch(path, { headers: (token ? { Authorization: `Bearer ${token}` } : {}) as Record<string, string> })
  if (!response.ok) {
    let message = `下载失败（HTTP ${response.status}）`
    try {
      const body = (await response.json()) as { errors?: Array<{ message?: string }> }
      message = body.errors?.[0]?.message ?? message
    } catch {
      // not JSON: keep the status message
    }
    throw new Error(message)
  }
  const blob = await response.blob()
  const disposition = response.headers.get('content-disposition') ?? ''
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1]
  const name = encoded ? decodeURIComponent(encoded) : fallbackName
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = name
  document.body.appendChild(link)
  link.click()
  link.remove()
  URL.revokeObjectURL(url)
}
