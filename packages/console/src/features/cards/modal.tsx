import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal dialog for the card forms (mounted only while open, so each opening starts fresh): a native
 * <dialog> opened with showModal(), which gives role=dialog, aria-modal and a focus trap; Escape closes
 * it unless a request is running; focus goes back to the button that opened it.
 */
export function Modal({ title, busy, onClose, children, describedBy }: {
  title: string; busy?: boolean; onClose: () => void; children: ReactNode; describedBy?: string;
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
    <dialog ref={ref} className="dialog card-dialog" aria-labelledby={titleId} aria-describedby={describedBy}
      onCancel={(event) => { event.preventDefault(); if (!busy) onClose(); }}>
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}
