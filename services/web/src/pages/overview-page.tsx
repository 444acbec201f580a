// Overview: headline numbers for a period, revenue/profit chart, best sellers, low stock.
import { useState } from 'react'
import { getSummary, getTimeseries } from '../api/shop.js'
import { PageHeader } from '../components/app-shell.js'
import { EmptyState, ErrorMessage, Skeleton } from '../components/feedback.js'
import { PeriodPicker } from '../components/period-picker.js'
import { RevenueChart } from '../components/revenue-chart.js'
import { StatCard, StatCardSkeleton } from '../components/stat-card.js'
import { useDashboard } from '../lib/dashboard.js'
import { bucketFor, describePeriod, periodRange, presetPeriod, type Period } from '../lib/dates.js'
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
  const s = summary.data

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
                <StatCard label="Revenue" value={money(s.revenueCents)} testId="card-revenue" />
                <StatCard label="Profit" value={money(s.profitCents)} hint={`Cost ${money(s.costCents)}`} tone={s.profitCents < 0 ? 'bad' : undefined} testId="card-profit" />
                <StatCard label="Margin" value={s.marginPct === null || s.marginPct === undefined ? '—' : `${percent.format(s.marginPct)} %`} testId="card-margin" />
                <StatCard label="Units sold" value={count.format(s.unitsSold)} testId="card-units" />
                <StatCard label="Sales" value={count.format(s.salesCount)} testId="card-sales" />
              </>
            ) : null}
          </div>
        )}
      </section>

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
