/** Times are shown in Beijing time (Asia/Shanghai) wherever the browser is set, as the offices read them. */
const BEIJING = 'Asia/Shanghai'

const dateTimeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: BEIJING,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
})

/** `2027-01-05T01:30:00Z` → `2027-01-05 09:30` (Beijing time); '' for null. */
export function beijingDateTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const parts = Object.fromEntries(dateTimeFormat.formatToParts(new Date(iso)).map((p) => [p.type, p.value]))
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour === '24' ? '00' : parts.hour}:${parts.minute}`
}

/** A business date (`Date` scalar, already a Beijing calendar day) → `2027年1月5日`; '' for null. */
export function chineseDate(iso: string | null | undefined): string {
  if (!iso) return ''
  const [year, month, day] = iso.split('-').map(Number)
  return `${year}年${month}月${day}日`
}

/** A `Decimal` hour figure (`"12.50"`) → `12.5`; trailing zeros dropped, never rounded. */
export function hours(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '0'
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value
}

/** The `datetime-local` value (Beijing wall time `2027-01-05T09:30`) → ISO 8601 with +08:00. */
export function fromBeijingInput(local: string): string {
  return `${local.length === 16 ? `${local}:00` : local}+08:00`
}

/** Full-width digits, letters and punctuation typed on a Chinese keyboard (`５３２３…`, `１６．５`) as their
 * ASCII forms (Unicode NFKC), and no surrounding spaces: for numbers, ID numbers and phone numbers. */
export function halfWidth(value: string): string {
  return value.normalize('NFKC').trim()
}
