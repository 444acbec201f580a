// Revenue and profit over time, drawn by uPlot. uPlot's stylesheet is imported
// so Vite bundles it as a file: the CSP forbids styles injected at runtime.
import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import type { Timeseries } from '../api/types.js'
import { bucketLabel } from '../lib/dates.js'

interface Props {
  data: Timeseries
  currency: string
  fractionDigits: number
}

// Buckets are days / ISO weeks / months cut in `data.tz` (the browser's zone,
// see getTimeseries), each starting at a local midnight: label them in that
// zone. An api without `tz` cut them in UTC, so those are labelled in UTC.
const label = (seconds: number, data: Timeseries) => bucketLabel(new Date(seconds * 1000), data.bucket, data.tz ?? 'UTC')

export function RevenueChart({ data, currency, fractionDigits }: Props) {
  const container = useRef<HTMLDivElement>(null)

  useEffect(() => {
    const el = container.current
    if (!el) return
    const scale = 10 ** fractionDigits
    const xs = data.points.map((p) => Math.floor(new Date(p.start).getTime() / 1000))
    const revenue = data.points.map((p) => p.revenueCents / scale)
    const profit = data.points.map((p) => p.profitCents / scale)
    let money: Intl.NumberFormat
    try {
      money = new Intl.NumberFormat(undefined, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 })
    } catch {
      money = new Intl.NumberFormat(undefined, { notation: 'compact' })
    }
    const styles = getComputedStyle(el)
    const revenueColor = styles.getPropertyValue('--chart-revenue').trim() || '#4f46e5'
    const profitColor = styles.getPropertyValue('--chart-profit').trim() || '#059669'
    const gridColor = styles.getPropertyValue('--border').trim() || '#e5e7eb'
    const textColor = styles.getPropertyValue('--text-muted').trim() || '#6b7280'
    const fullMoney = (v: number | null) => {
      if (v === null || v === undefined) return '—'
      try {
        return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(v)
      } catch {
        return String(v)
      }
    }
    const axis = { stroke: textColor, grid: { stroke: gridColor, width: 1 }, ticks: { show: false } }
    // Ticks only at bucket starts (uPlot's time ticks would fall mid-day and
    // repeat labels), thinned to what the width can hold.
    const bucketSplits = (u: uPlot) => {
      const room = Math.max(2, Math.floor(u.bbox.width / devicePixelRatio / 72))
      const step = Math.max(1, Math.ceil(xs.length / room))
      return xs.filter((_, i) => i % step === 0)
    }
    const showPoints = data.points.length <= 16
    const opts: uPlot.Options = {
      width: Math.max(el.clientWidth, 280),
      height: 260,
      // Room on the right so the last tick label is not clipped.
      padding: [12, 28, 0, 0],
      cursor: { y: false, points: { size: 8 } },
      legend: { show: true, live: true },
      scales: { x: { time: true } },
      // With no cursor on the chart the legend shows the latest bucket, not dashes.
      hooks: { ready: [(u) => u.setLegend({ idx: xs.length - 1 })] },
      series: [
        { label: data.bucket === 'week' ? 'Week of' : data.bucket === 'month' ? 'Month' : 'Day', value: (_u, v) => (v === null ? '—' : label(v, data)) },
        { label: 'Revenue', stroke: revenueColor, width: 2, fill: revenueColor + '1f', points: { show: showPoints }, value: (_u, v) => fullMoney(v) },
        { label: 'Profit', stroke: profitColor, width: 2, points: { show: showPoints }, value: (_u, v) => fullMoney(v) },
      ],
      axes: [
        { ...axis, splits: bucketSplits, values: (_u, splits) => splits.map((s) => label(s, data)) },
        { ...axis, size: 64, values: (_u, splits) => splits.map((s) => money.format(s)) },
      ],
    }
    const plot = new uPlot(opts, [xs, revenue, profit], el)
    const observer = new ResizeObserver(() => {
      plot.setSize({ width: Math.max(el.clientWidth, 280), height: 260 })
    })
    observer.observe(el)
    return () => {
      observer.disconnect()
      plot.destroy()
    }
  }, [data, currency, fractionDigits])

  return (
    <div
      ref={container}
      className="chart"
      role="img"
      aria-label={`Revenue and profit per ${data.bucket}, ${data.points.length} points`}
      data-testid="revenue-chart"
    />
  )
}
