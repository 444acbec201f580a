// Modal dialogs on the native <dialog> element: focus trapping, Escape and the
// backdrop come from the browser, so they are keyboard friendly for free.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react'
import { describeError } from '../api/errors.js'

interface DialogProps {
  open: boolean
  title: string
  onClose: () => void
  children: ReactNode
  testId?: string
  wide?: boolean
}

export function Dialog({ open, title, onClose, children, testId, wide }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (open && !dialog.open) dialog.showModal()
    if (!open && dialog.open) dialog.close()
  }, [open])
  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog dialog-wide' : 'dialog'}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault()
        onClose()
      }}
      onClick={(event) => {
        // A click on the backdrop lands on the <dialog> itself.
        if (event.target === ref.current) onClose()
      }}
      data-testid={testId}
    >
      {open && (
        <div className="dialog-body">
          <header className="dialog-header">
            <h2 id={titleId}>{title}</h2>
            <button type="button" className="icon-btn" onClick={onClose} aria-label="Close" data-testid={testId ? `${testId}-close` : undefined}>
              ×
            </button>
          </header>
          {children}
        </div>
      )}
    </dialog>
  )
}

interface ConfirmProps {
  open: boolean
  title: string
  message: ReactNode
  confirmLabel: string
  danger?: boolean
  onConfirm: () => Promise<void>
  onClose: () => void
  testId?: string
}

/** Asks before a destructive action; shows the failure in place if it does not go through. */
export function ConfirmDialog({ open, title, message, confirmLabel, danger, onConfirm, onClose, testId = 'confirm-dialog' }: ConfirmProps) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    if (open) {
      setError(null)
      setBusy(false)
    }
  }, [open])
  const confirm = async () => {
    setBusy(true)
    setError(null)
    try {
      await onConfirm()
      onClose()
    } catch (e) {
      setError(describeError(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Dialog open={open} title={title} onClose={onClose} testId={testId}>
      <div className="dialog-content">{message}</div>
      <div aria-live="assertive">
        {error && (
          <p className="alert alert-error" role="alert" data-testid={`${testId}-error`}>
            {error}
          </p>
        )}
      </div>
      <div className="dialog-actions">
        {/* Focus starts on Cancel: Enter right after opening must not destroy anything. */}
        <button type="button" className="btn btn-ghost" onClick={onClose} data-testid={`${testId}-cancel`} autoFocus>
          Cancel
        </button>
        <button
          type="button"
          className={danger ? 'btn btn-danger' : 'btn btn-primary'}
          onClick={() => void confirm()}
          disabled={busy}
          data-testid={`${testId}-confirm`}
        >
          {busy ? 'Working…' : confirmLabel}
        </button>
      </div>
    </Dialog>
  )
}
