/** The pure parts of the trainee's hours page: progress figures and the chart of hours by category. */

export interface CategoryHoursLike {
  category: string
  hours: string
  countedHours: string
}

/** Earned / required as a whole percentage for a progress bar, 0–100 (capped; 0 when nothing is required). */
export function progressPercent(earned: string | null | undefined, required: string | null | undefined): number {
  const e = Number(earned ?? 0)
  const r = Number(required ?? 0)
  if (!Number.isFinite(e) || !Number.isFinite(r) || r <= 0) return e > 0 ? 100 : 0
  const pct = Math.floor((e / r) * 100)
  return Math.max(0, Math.min(100, pct))
}

/** The ECharts option of a horizontal bar chart: 计入 and 记录 hours per category, labelled in Chinese. */
export function categoryChartOption(rows: ReadonlyArray<CategoryHoursLike>, labels: Record<string, string>) {
  const shown = rows.filter((row) => Number(row.hours) !== 0 || Number(row.countedHours) !== 0)
  return {
    // No animation: the figures are read, not watched (and a screenshot shows the final bars).
    animation: false,
    tooltip: { trigger: 'axis' as const, axisPointer: { type: 'shadow' as const } },
    legend: { data: ['计入学时', '记录学时'], top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value' as const, name: '学时', minInterval: 1 },
    yAxis: { type: 'category' as const, data: shown.map((row) => labels[row.category] ?? row.category) },
    series: [
      { name: '计入学时', type: 'bar' as const, data: shown.map((row) => Number(row.countedHours)) },
      { name: '记录学时', type: 'bar' as const, data: shown.map((row) => Number(row.hours)) },
    ],
  }
}

/** Whether an entry takes hours away (a reversal or a negative adjustment): shown in red with its reason. */
export function isNegative(hours: string): boolean {
  return hours.trim().startsWith('-')
}

export interface RequirementPeriod {
  startsOn?: string | null
  endsOn?: string | null
}

/** Requirements as the trainee reads them: the current period (or a rolling one) first, then past
 * periods newest first, then future ones. `today` is the Beijing calendar day (YYYY-MM-DD). */
export function requirementsInReadingOrder<T extends RequirementPeriod>(items: ReadonlyArray<T>, today: string): T[] {
  const rank = (item: T) => {
    if (item.endsOn && item.endsOn < today) return 1
    if (item.startsOn && item.startsOn > today) return 2
    return 0
  }
  return [...items].sort((a, b) => rank(a) - rank(b) || (b.startsOn ?? '').localeCompare(a.startsOn ?? ''))
}

/** Today's calendar day in Beijing (YYYY-MM-DD). */
export function beijingToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
}
