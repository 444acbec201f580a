// Overview: headline numbers for a period, revenue/profit chart, best sellers, low stock.
import { useState } from 'react'
import { getSummary, getTimeseries } from '../api/shop.js'
import { PageHeader } from '../components/app-shell.js'
import { EmptyState, ErrorMessage, Skeleton } from '../components/feedback.js'
import { PeriodPicker } from '../components/period-picker.js'
import { RevenueChart } from '../components/revenue-chart.js'
import { StatCard, StatCardSkeleton } from '../components/stat-card.js'
import { useDashboard } from '../lib/dashboard.js'
import { bucketFor, describePeriod, periodRange, presetPeriod, previousPeriod, type Period } from '../lib/dates.js'
import { Link } from '../lib/router.js'
import { useAsync } from '../lib/use-async.js'

const percent = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 })
const count = new Intl.NumberFormat()

export function OverviewPage() {
  const [period, setPeriod] = useState<Period>(() => presetPeriod('30d'))
  const { money, currency, fractionDigits } = useDashboard()
  const range = periodRange(period)
  const bucket = bucketFor(period)
  const summary = useAsync((signal) => getSummary(range.from, range.to, signal), [range.from, range.to])
  const series = useAsync((signal) => getTimeseries(range.from, range.to, bucket, signal), [range.from, range.to, bucket])
  const previous = periodRange(previousPeriod(period))
  // Only for the "vs previous period" hints: its failure is not worth an error box.
  const before = useAsync((signal) => getSummary(previous.from, previous.to, signal).catch(() => null), [previous.from, previous.to])
  const s = summary.data
  const p = before.data ?? undefined

  return (
    <div className="page" data-testid="overview-page">
      <PageHeader title="Overview" actions={<PeriodPicker value={period} onChange={setPeriod} />}>
        {describePeriod(period)}
      </PageHeader>

      <section aria-label="Key figures" aria-busy={summary.loading}>
        {summary.error ? (
          <ErrorMessage error={summary.error} onRetry={summary.reload} testId="summary-error" />
        ) : (
          <div className="stat-grid">
            {summary.loading && !s ? (
              ['revenue', 'profit', 'margin', 'units', 'sales'].map((k) => <StatCardSkeleton key={k} testId={`card-${k}-loading`} />)
            ) : s ? (
              <>
                <StatCard label="Revenue" value={money(s.revenueCents)} hint={<Change now={s.revenueCents} before={p?.revenueCents} />} testId="card-revenue" />
                <StatCard
                  label="Profit"
                  value={money(s.profitCents)}
                  hint={
                    <>
                      Cost {money(s.costCents)} <Change now={s.profitCents} before={p?.profitCents} />
                    </>
                  }
                  tone={s.profitCents < 0 ? 'bad' : undefined}
                  testId="card-profit"
                />
                <StatCard label="Margin" value={s.marginPct === null || s.marginPct === undefined ? '—' : `${percent.format(s.marginPct)} %`} testId="card-margin" />
                <StatCard label="Units sold" value={count.format(s.unitsSold)} hint={<Change now={s.unitsSold} before={p?.unitsSold} />} testId="card-units" />
                <StatCard label="Sales" value={count.format(s.salesCount)} hint={<Change now={s.salesCount} before={p?.salesCount} />} testId="card-sales" />
              </>
            ) : null}
          </div>
        )}
      </section>

      {s && s.salesCount === 0 && !p?.salesCount && <GettingStarted />}

      <section className="card" aria-labelledby="chart-title" aria-busy={series.loading}>
        <div className="card-header">
          <h2 id="chart-title">Revenue and profit</h2>
          <span className="muted">per {bucket}</span>
        </div>
        {series.error ? (
          <ErrorMessage error={series.error} onRetry={series.reload} testId="chart-error" />
        ) : series.loading && !series.data ? (
          <div className="chart-skeleton" data-testid="chart-loading" />
        ) : series.data && series.data.points.length > 0 ? (
          <RevenueChart data={series.data} currency={currency} fractionDigits={fractionDigits} />
        ) : (
          <EmptyState title="No sales in this period" testId="chart-empty">
            <Link to="/sales">Record a sale</Link> to see the trend here.
          </EmptyState>
        )}
      </section>

      <div className="two-col">
        <section className="card" aria-labelledby="top-title" data-testid="top-products">
          <div className="card-header">
            <h2 id="top-title">Top products</h2>
          </div>
          {summary.error ? null : summary.loading && !s ? (
            <Skeleton lines={4} />
          ) : s && s.topProducts.length > 0 ? (
            <ol className="rank-list">
              {s.topProducts.map((p, i) => (
                <li key={p.productId} data-testid="top-product">
                  <span className="rank">{i + 1}</span>
                  <span className="rank-name">{p.name}</span>
                  <span className="rank-meta">
                    {count.format(p.unitsSold)} sold · <strong>{money(p.revenueCents)}</strong>
                  </span>
                </li>
              ))}
            </ol>
          ) : (
            <EmptyState title="No best sellers yet" testId="top-products-empty" />
          )}
        </section>

        <section className="card" aria-labelledby="low-title" data-testid="low-stock">
          <div className="card-header">
            <h2 id="low-title">Low stock</h2>
          </div>
          {summary.error ? null : summary.loading && !s ? (
            <Skeleton lines={4} />
          ) : s && s.lowStock.length > 0 ? (
            <ul className="rank-list">
              {s.lowStock.map((p) => (
                <li key={p.productId} data-testid="low-stock-item">
                  <span className={p.stock <= 0 ? 'badge badge-danger' : 'badge badge-warn'}>{p.stock <= 0 ? 'Out' : p.stock}</span>
                  <span className="rank-name">{p.name}</span>
                  <span className="rank-meta">{p.stock <= 0 ? 'out of stock' : `${count.format(p.stock)} left`}</span>
                </li>
              ))}
            </ul>
          ) : (
            <EmptyState title="Stock looks healthy" testId="low-stock-empty" />
          )}
        </section>
      </div>
    </div>
  )
}

/** "▲ 12 % vs previous period"; nothing when there is no earlier figure to compare with. */
function Change({ now, before }: { now: number; before: number | undefined }) {
  if (before === undefined || before === 0) return null
  const pct = ((now - before) / Math.abs(before)) * 100
  const rounded = Math.round(pct)
  const tone = rounded > 0 ? 'up' : rounded < 0 ? 'down' : 'flat'
  const arrow = rounded > 0 ? '▲' : rounded < 0 ? '▼' : '■'
  return (
    <span className={`change change-${tone}`} data-testid="change">
      <span aria-hidden="true">{arrow}</span> {Math.abs(rounded)} %<span className="visually-hidden">{rounded >= 0 ? ' more' : ' less'}</span> vs previous period
    </span>
  )
}

/** First steps for a shop with no sales yet. */
function GettingStarted() {
  return (
    <section className="card getting-started" aria-labelledby="start-title" data-testid="getting-started">
      <h2 id="start-title">Get started</h2>
      <ol>
        <li>
          <Link to="/products">Add your products</Link> with their price, cost and stock.
        </li>
        <li>
          <Link to="/sales">Record a sale</Link> whenever you sell something; stock goes down by itself.
        </li>
        <li>Come back here to see revenue, profit and what is running low.</li>
      </ol>
    </section>
  )
}
