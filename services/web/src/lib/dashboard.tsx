// The signed-in user's dashboard (name, currency) and money formatting bound
// to its currency, shared by every page.
import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react'
import { getDashboard } from '../api/shop.js'
import type { Dashboard } from '../api/types.js'
import { currencyFractionDigits, formatMoney } from './money.js'
import { useAsync } from './use-async.js'

interface DashboardValue {
  dashboard: Dashboard | undefined
  loading: boolean
  error: unknown
  reload: () => void
  setDashboard: (dashboard: Dashboard) => void
  currency: string
  fractionDigits: number
  money: (cents: number | null | undefined) => string
}

const DashboardContext = createContext<DashboardValue | null>(null)

export function DashboardProvider({ children }: { children: ReactNode }) {
  const state = useAsync(() => getDashboard(), [])
  const currency = state.data?.currency ?? 'USD'
  const fractionDigits = currencyFractionDigits(currency)
  const money = useCallback(
    (cents: number | null | undefined) => (typeof cents === 'number' ? formatMoney(cents, currency) : '—'),
    [currency],
  )
  const { setData } = state
  const value = useMemo<DashboardValue>(
    () => ({
      dashboard: state.data,
      loading: state.loading,
      error: state.error,
      reload: state.reload,
      setDashboard: (d) => setData(d),
      currency,
      fractionDigits,
      money,
    }),
    [state.data, state.loading, state.error, state.reload, setData, currency, fractionDigits, money],
  )
  return <DashboardContext.Provider value={value}>{children}</DashboardContext.Provider>
}

export function useDashboard(): DashboardValue {
  const value = useContext(DashboardContext)
  if (!value) throw new Error('useDashboard outside DashboardProvider')
  return value
}
