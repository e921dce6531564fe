import { type ComponentPropsWithoutRef, forwardRef, type ReactNode, useId } from 'react'
import type { Balance } from '../internal/core.js'
import { cx } from '../internal/cx.js'

/** Props of {@link BalanceList}. */
export interface BalanceListProps extends Omit<ComponentPropsWithoutRef<'section'>, 'children'> {
  /** Balances to show; `undefined` while loading. */
  balances: Balance[] | undefined
  /** Heading. Defaults to `Balances`. */
  heading?: ReactNode
  /** Shown instead of the list when loading failed. */
  error?: Error | string | null
  /** Hide zero balances. Defaults to `false`. */
  hideZero?: boolean
}

/** The unified (off-chain) balances of a wallet, one row per asset. */
export const BalanceList = forwardRef<HTMLElement, BalanceListProps>(function BalanceList(
  { balances, heading = 'Balances', error, hideZero = false, className, ...rest },
  ref,
) {
  const headingId = useId()
  const rows = (balances ?? []).filter((b) => !hideZero || !/^0*(\.0*)?$/.test(b.amount))
  const state = error
    ? 'error'
    : balances === undefined
      ? 'loading'
      : rows.length
        ? 'ready'
        : 'empty'
  return (
    <section
      ref={ref}
      {...rest}
      className={cx('nk nk-card nk-balance-list', className)}
      data-state={state}
      aria-labelledby={headingId}
      aria-busy={state === 'loading'}
    >
      <h2 className="nk-title" id={headingId}>
        {heading}
      </h2>
      {state === 'error' ? (
        <p className="nk-error" role="alert">
          {typeof error === 'string' ? error : error?.message}
        </p>
      ) : state === 'loading' ? (
        <p className="nk-muted" role="status">
          Loading balances…
        </p>
      ) : state === 'empty' ? (
        <p className="nk-empty">No balances.</p>
      ) : (
        <table className="nk-table">
          <thead>
            <tr>
              <th scope="col">Asset</th>
              <th scope="col" className="nk-num">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((b) => (
              <tr key={b.asset}>
                <th scope="row" style={{ fontWeight: 'normal' }}>
                  {b.asset}
                </th>
                <td className="nk-num">{b.amount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
})
