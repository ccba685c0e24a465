/** The roster upload (`importCompletions`), sent by lib/upload.ts as a multipart request. */
export const IMPORT_COMPLETIONS = `mutation ProviderCourseImportCompletions($input: ImportCompletionsInput!) {
  importCompletions(input: $input) {
    report {
      rowCount credited skipped dryRun
      errors { row column message }
      rows { row name identifier hours outcome }
    }
    userErrors { code field message }
  }
}`

export interface ImportReport {
  rowCount: number
  credited: number
  skipped: number
  dryRun: boolean
  errors: Array<{ row: number; column: string | null; message: string }>
  rows: ImportRow[]
}

/** One roster row as the file gives it and what the import does with it (`ImportRowOutcome`). */
export interface ImportRow {
  row: number
  name: string
  identifier: string
  hours: string
  outcome: string
}

export const ROW_OUTCOME: Record<string, string> = {
  CREDIT: '计入学时',
  ALREADY_CREDITED: '已记录过，跳过',
  NOT_COMPLETED: '未结业，跳过',
  ERROR: '有错误',
  UNCHECKED: '未逐行核对',
}

export const ROW_OUTCOME_TAG: Record<string, 'success' | 'info' | 'danger' | 'warning'> = {
  CREDIT: 'success',
  ALREADY_CREDITED: 'info',
  NOT_COMPLETED: 'info',
  ERROR: 'danger',
  UNCHECKED: 'warning',
}

/** What a dry run's report allows: `ready` to import for real, `errors` to fix first, `nothing` to credit. */
export function importOutcome(report: ImportReport): 'ready' | 'errors' | 'nothing' {
  if (report.errors.length > 0) return 'errors'
  return report.credited > 0 ? 'ready' : 'nothing'
}
