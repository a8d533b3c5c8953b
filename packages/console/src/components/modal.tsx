import { useEffect, useId, useRef, type ReactNode } from 'react';
import './modal.css';
import { useT } from '../lib/i18n.tsx';
import { FormError } from './form.tsx';

/**
 * A modal dialog for a form (mount it only while open, so each opening starts fresh): a native
 * <dialog> opened with showModal(), which gives role=dialog, aria-modal and a focus trap; Escape
 * closes it unless a request is running; focus goes back to the element that opened it.
 */
export function Modal({ title, busy, onClose, children, describedBy, wide }: {
  title: string; busy?: boolean; onClose: () => void; children: ReactNode; describedBy?: string; wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
      opener?.focus();
    };
  }, []);
  return (
    <dialog ref={ref} className={wide ? 'dialog modal modal-wide' : 'dialog modal'} aria-labelledby={titleId} aria-describedby={describedBy}
      onCancel={(event) => { event.preventDefault(); if (!busy) onClose(); }}>
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}

/**
 * Asks before an action that cannot be undone, as a Modal: mount it only while asking (several on one
 * page then never share element ids, and focus returns to the button that asked). The confirm button
 * is disabled while the action runs; the server's refusal is shown inside.
 */
export function ConfirmModal({ title, children, confirmLabel, pending, error, onConfirm, onCancel }: {
  title: string; children?: ReactNode; confirmLabel: string; pending: boolean; error?: unknown; onConfirm: () => void; onCancel: () => void;
}) {
  const t = useT();
  return (
    <Modal title={title} busy={pending} onClose={onCancel}>
      {children}
      <FormError error={error} />
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel} disabled={pending}>{t('form.cancel')}</button>
        <button type="button" className="button button-danger" onClick={onConfirm} disabled={pending} aria-busy={pending || undefined}>
          {pending ? t('form.working') : confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
