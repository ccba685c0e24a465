/** Pure parts of the dashboard (目标完成情况): shares as %, ‰, and the ECharts options of its charts. */

/** A Decimal share 0..1 as a percentage with one decimal ("0.8125" → "81.3%"); '—' when null. */
export function percent(share: string | null | undefined): string {
  if (share == null || share === '') return '—'
  const n = Number(share)
  return Number.isFinite(n) ? `${(n * 100).toFixed(1)}%` : '—'
}

/** A per-mille Decimal string as shown ("1.25" → "1.25‰"); '—' when null. */
export function perMille(value: string | null | undefined): string {
  return value == null || value === '' ? '—' : `${value}‰`
}

/** Yuan as shown with thousands separators ("12345.50" → "¥12,345.50"). */
export function yuan(value: string | null | undefined): string {
  const n = Number(value ?? 0)
  return `¥${n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
}

/** Progress share as a whole percent for a gauge/progress bar, capped 0..100. */
export function progressPct(share: string | null | undefined): number {
  const n = Number(share ?? 0)
  if (!Number.isFinite(n)) return 0
  return Math.max(0, Math.min(100, Math.round(n * 100)))
}

export interface CountyLike {
  county: string
  perMille?: string | null
  meetsFloor?: boolean | null
  trainingComplianceRate?: string | null
  money: { paid: string; committed: string; remaining: string }
}

const RED = '#f56c6c'
const BLUE = '#409eff'

/** Counties below the floor (meetsFloor false), by name. */
export function countiesBelowFloor(counties: ReadonlyArray<CountyLike>): string[] {
  return counties.filter((c) => c.meetsFloor === false).map((c) => c.county)
}

/** (a) Talents per mille by county: bars (red below the floor) and the floor as a markLine. */
export function perMilleChartOption(counties: ReadonlyArray<CountyLike>, floor: string | null | undefined) {
  return {
    animation: false,
    tooltip: { trigger: 'axis' as const },
    grid: { left: 8, right: 72, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: 'category' as const, data: counties.map((c) => c.county), axisLabel: { interval: 0, rotate: 40 } },
    // The floor stays in view even when every county is far below it.
    // A round top and labels to three places at most: the data's max times 1.1 printed as 0.011000000000000001.
    yAxis: {
      type: 'value' as const,
      name: '‰',
      max: (v: { max: number }) => Math.ceil(Math.max(v.max, Number(floor ?? 0)) * 110) / 100 || 1,
      axisLabel: { formatter: (value: number) => String(Number(value.toFixed(3))) },
    },
    series: [
      {
        name: '每千人人才数',
        type: 'bar' as const,
        data: counties.map((c) => ({
          value: c.perMille == null ? 0 : Number(c.perMille),
          itemStyle: { color: c.meetsFloor === false ? RED : BLUE },
        })),
        markLine:
          floor == null
            ? undefined
            : { symbol: 'none', label: { formatter: `下限 ${floor}‰` }, lineStyle: { color: RED }, data: [{ yAxis: Number(floor) }] },
      },
    ],
  }
}

/** (b) A gauge of total against target (percent of the target). */
export function gaugeOption(name: string, share: string | null | undefined) {
  return {
    animation: false,
    series: [
      {
        type: 'gauge' as const,
        min: 0,
        max: 100,
        progress: { show: true },
        radius: '85%',
        axisLabel: { show: false },
        detail: { formatter: '{value}%', fontSize: 18, offsetCenter: [0, '45%'] },
        title: { fontSize: 13, offsetCenter: [0, '80%'] },
        data: [{ value: progressPct(share), name }],
      },
    ],
  }
}

/** (c) Training compliance by county, in %. */
export function complianceChartOption(counties: ReadonlyArray<CountyLike>) {
  return {
    animation: false,
    tooltip: { trigger: 'axis' as const },
    grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: 'category' as const, data: counties.map((c) => c.county), axisLabel: { interval: 0, rotate: 40 } },
    yAxis: { type: 'value' as const, name: '%', max: 100 },
    series: [
      {
        name: '培训达标率',
        type: 'bar' as const,
        data: counties.map((c) => (c.trainingComplianceRate == null ? 0 : Math.round(Number(c.trainingComplianceRate) * 1000) / 10)),
      },
    ],
  }
}

export interface IssuedLike {
  year: number
  level: string
  count: number
}

/** (d) Certificates per year, stacked by level. */
export function certificatesChartOption(rows: ReadonlyArray<IssuedLike>, levelLabels: Record<string, string>) {
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b)
  const levels = [...new Set(rows.map((r) => r.level))]
  return {
    animation: false,
    tooltip: { trigger: 'axis' as const },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category' as const, data: years.map(String) },
    yAxis: { type: 'value' as const, minInterval: 1 },
    series: levels.map((level) => ({
      name: levelLabels[level] ?? level,
      type: 'bar' as const,
      stack: 'certs',
      barMaxWidth: 48,
      data: years.map((y) => rows.filter((r) => r.year === y && r.level === level).reduce((s, r) => s + r.count, 0)),
    })),
  }
}

/** (e) Money against budget by county: paid, committed, remaining stacked. */
export function moneyChartOption(counties: ReadonlyArray<CountyLike>) {
  const part = (name: string, pick: (c: CountyLike) => string) => ({
    name,
    type: 'bar' as const,
    stack: 'money',
    data: counties.map((c) => Number(pick(c))),
  })
  return {
    animation: false,
    tooltip: { trigger: 'axis' as const },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category' as const, data: counties.map((c) => c.county), axisLabel: { interval: 0, rotate: 40 } },
    yAxis: { type: 'value' as const, name: '元' },
    series: [
      part('已发放', (c) => c.money.paid),
      part('已承诺', (c) => c.money.committed),
      part('剩余', (c) => c.money.remaining),
    ],
  }
}
