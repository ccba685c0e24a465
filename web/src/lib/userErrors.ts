/** A business-rule failure of a mutation, as every payload carries it (API.md §Conventions). */
export interface UserError {
  code: string
  field?: ReadonlyArray<string> | null
  message: string
}

/**
 * The messages to show beside each form field: `field` is the path into the input (`["input",
 * "idCardNumber"]`, or deeper for list items: `["input", "sessions", "0", "startsAt"]`); the key is the
 * path after `input` joined with dots. Errors with no field go under '' (shown above the form).
 */
export function fieldErrors(errors: ReadonlyArray<UserError>): Record<string, string> {
  const byField: Record<string, string> = {}
  for (const error of errors) {
    const path = error.field ?? []
    const key = (path[0] === 'input' ? path.slice(1) : path).join('.')
    byField[key] = byField[key] ? `${byField[key]}；${error.message}` : error.message
  }
  return byField
}
