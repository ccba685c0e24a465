import { session } from './session'

/** What an upload reports while the file goes up. */
export interface UploadProgress {
  loaded: number
  total: number
  /** 0–100, or null when the browser cannot tell the total. */
  percent: number | null
}

/** The GraphQL answer of an upload: `data` and any top-level `errors` (with their messages). */
export interface UploadResult<T> {
  data?: T | null
  errors?: Array<{ message: string; extensions?: { code?: string } }>
}

/**
 * The multipart body the GraphQL multipart request spec asks for: `operations` (the request with the
 * file's place set to null), `map` (part "0" → that place) and the part "0" itself.
 * `filePath` is the place in `variables`, such as `input.file`.
 */
export function multipartBody(
  query: string,
  variables: Record<string, unknown>,
  file: Blob,
  filePath: string,
  fileName?: string,
): FormData {
  const copy = JSON.parse(JSON.stringify(variables)) as Record<string, unknown>
  const keys = filePath.split('.')
  let target: Record<string, unknown> = copy
  for (const key of keys.slice(0, -1)) {
    if (typeof target[key] !== 'object' || target[key] === null) target[key] = {}
    target = target[key] as Record<string, unknown>
  }
  target[keys[keys.length - 1] ?? 'file'] = null
  const form = new FormData()
  form.append('operations', JSON.stringify({ query, variables: copy }))
  form.append('map', JSON.stringify({ '0': [`variables.${filePath}`] }))
  if (fileName !== undefined) form.append('0', file, fileName)
  else form.append('0', file)
  return form
}

/** 0–100 from an upload progress event, or null when the total is unknown. */
export function percentOf(loaded: number, total: number, lengthComputable = true): number | null {
  if (!lengthComputable || total <= 0) return null
  return Math.min(100, Math.round((loaded / total) * 100))
}

/** The server's answer as JSON, or an Error telling the user what went wrong in Chinese. */
export function parseUploadResponse<T>(status: number, text: string): UploadResult<T> {
  let body: UploadResult<T> | null = null
  try {
    body = JSON.parse(text) as UploadResult<T>
  } catch {
    body = null
  }
  if (body && (body.data !== undefined || body.errors !== undefined)) return body
  if (status === 413) throw new Error('文件太大，无法上传')
  throw new Error(`上传失败（HTTP ${status}）`)
}

export interface UploadOptions {
  query: string
  variables: Record<string, unknown>
  file: File
  /** Where the file goes in `variables`; `input.file` unless told. */
  filePath?: string
  /** Called as the file goes up. */
  onProgress?: (progress: UploadProgress) => void
  /** Called once the whole file is sent: the server now parses it. */
  onUploaded?: () => void
}

/**
 * Sends a GraphQL mutation carrying a file with XMLHttpRequest (so the page can show how much is sent,
 * which fetch cannot), to `/graphql` with the session's bearer token. Resolves with the GraphQL answer;
 * rejects with an Error (in Chinese) when the server cannot be reached or answers no GraphQL.
 */
export function uploadGraphQL<T>(options: UploadOptions): { promise: Promise<UploadResult<T>>; abort: () => void } {
  const xhr = new XMLHttpRequest()
  const promise = new Promise<UploadResult<T>>((resolve, reject) => {
    xhr.open('POST', '/graphql')
    xhr.setRequestHeader('Accept', 'application/graphql-response+json, application/json')
    const token = session.token
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`)
    xhr.upload.onprogress = (event) => {
      options.onProgress?.({
        loaded: event.loaded,
        total: event.total,
        percent: percentOf(event.loaded, event.total, event.lengthComputable),
      })
    }
    xhr.upload.onload = () => options.onUploaded?.()
    xhr.onload = () => {
      try {
        resolve(parseUploadResponse<T>(xhr.status, xhr.responseText))
      } catch (error) {
        reject(error as Error)
      }
    }
    xhr.onerror = () => reject(new Error('无法连接服务器，请检查网络后重试'))
    xhr.onabort = () => reject(new Error('已取消上传'))
    xhr.send(multipartBody(options.query, options.variables, options.file, options.filePath ?? 'input.file', options.file.name))
  })
  return { promise, abort: () => xhr.abort() }
}
