import { useEffect, useRef, type ReactNode } from 'react';
import { useT } from '../lib/i18n.tsx';
import { FormError } from './form.tsx';

/**
 * Asks before an action that cannot be undone. A native <dialog> opened modally: focus moves into
 * it and stays there, Escape cancels. The confirm button is disabled while the action runs and the
 * server's refusal is shown inside the dialog.
 */
export function ConfirmDialog({ open, title, children, confirmLabel, pending, error, onConfirm, onCancel }: {
  open: boolean; title: string; children?: ReactNode; confirmLabel?: string; pending: boolean; error?: unknown;
  onConfirm: () => void; onCancel: () => void;
}) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="confirm-title" onCancel={(e) => { e.preventDefault(); if (!pending) onCancel(); }}>
      <h2 id="confirm-title">{title}</h2>
      {children}
      <FormError error={error} />
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel} disabled={pending}>{t('form.cancel')}</button>
        <button type="button" className="button button-danger" onClick={onConfirm} disabled={pending} aria-busy={pending || undefined}>
          {pending ? t('form.working') : confirmLabel ?? t('form.confirm')}
        </button>
      </div>
    </dialog>
  );
}
