/**
 * The 18-digit resident ID number's check digit (GB 11643-1999: ISO 7064 MOD 11-2), checked in the
 * browser before sign-up is sent; the server checks it again (and much more) and its answer wins.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
const CHECK_CHARACTERS = '10X98765432'

/** The check character for the first 17 digits, or null when they are not 17 digits. */
export function checkCharacter(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null
  let sum = 0
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * WEIGHTS[i]!
  return CHECK_CHARACTERS[sum % 11]!
}

/** Why `value` is not a well-formed ID number (Chinese, for the form), or null when its shape and check digit hold. */
export function idCardProblem(value: string): string | null {
  // Typed on a Chinese keyboard, the digits may be full-width (５３２３…): read as what they are.
  const id = value.normalize('NFKC').trim().toUpperCase()
  if (id.length !== 18) return `身份证号应为 18 位，现为 ${id.length} 位`
  if (!/^\d{17}[\dX]$/.test(id)) return '身份证号前 17 位应为数字，末位为数字或 X'
  const expected = checkCharacter(id.slice(0, 17))
  if (expected !== id[17]) return `身份证号校验位不符：按前 17 位，末位应为 ${expected}`
  return null
}
