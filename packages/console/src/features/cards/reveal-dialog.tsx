import { useEffect, useRef, useState } from 'react';
import { Field, FormError, SubmitButton, onSubmitOnce, useValidate, type FieldErrors } from '../../components/form.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import { useRevealCard, type Revealed } from './api.ts';
import { groupsOfFour } from './form-rules.ts';
import { cardMessages } from './messages.ts';
import { Modal } from '../../components/modal.tsx';

/** How long the full number stays on screen. */
export const REVEAL_VISIBLE_MS = 60_000;

/**
 * Reveal: a reason (the server writes it to the audit log before answering), then the PAN and CVV for
 * 60 seconds. The numbers live only in this component's state: the mutation is reset at once (nothing
 * in the query or mutation cache), never in the URL or storage, and gone when the dialog unmounts.
 */
export function RevealDialog({ cardId, onClose }: { cardId: string; onClose: () => void }) {
  const t = useMessages(cardMessages);
  const reveal = useRevealCard(cardId);
  const validate = useValidate();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [shown, setShown] = useState<Revealed | null>(null);
  const [secondsLeft, setSecondsLeft] = useState(REVEAL_VISIBLE_MS / 1000);
  // The page may pass a new onClose on every render; the countdown must not restart because of it.
  const close = useRef(onClose);
  close.current = onClose;

  useEffect(() => {
    if (!shown) return;
    const until = Date.now() + REVEAL_VISIBLE_MS;
    const timer = setInterval(() => {
      const left = Math.ceil((until - Date.now()) / 1000);
      if (left > 0) { setSecondsLeft(left); return; }
      // Time is up: forget the numbers and close.
      setShown(null);
      close.current();
    }, 250);
    return () => clearInterval(timer);
  }, [shown]);
  // Closing the dialog (or leaving the page) unmounts this component, which drops `shown` with it.

  const submit = onSubmitOnce(reveal.isPending, (values, form) => {
    const found = validate(form);
    if (!found.reason && !values.reason?.trim()) found.reason = t('required');
    setErrors(found);
    if (Object.keys(found).length) return;
    reveal.mutate(values.reason!.trim(), {
      onSuccess: (numbers) => { setShown(numbers); reveal.reset(); },
    });
  });

  return (
    <Modal title={t('reveal')} busy={reveal.isPending} onClose={onClose} describedBy="reveal-audit-note">
      <p id="reveal-audit-note" className="muted">{t('auditNote')}</p>
      {shown ? (
        <div className="revealed" data-testid="revealed-card">
          <dl className="facts">
            <dt>{t('pan')}</dt><dd><code className="pan">{groupsOfFour(shown.cardNumber)}</code> <CopyButton text={shown.cardNumber} label={t('copyPan')} /></dd>
            <dt>{t('cvv')}</dt><dd><code className="pan">{shown.cvv}</code> <CopyButton text={shown.cvv} label={t('copyCvv')} /></dd>
            <dt>{t('expiry')}</dt><dd><code>{shown.expirationMMYY}</code></dd>
          </dl>
          <p className="muted" aria-live="off">{t('hidesIn', { seconds: secondsLeft })}</p>
          <div className="dialog-actions">
            <button type="button" className="button button-primary" autoFocus onClick={onClose}>{t('close')}</button>
          </div>
        </div>
      ) : (
        <form noValidate onSubmit={submit}>
          <p>{t('revealIntro')}</p>
          <Field label={t('reason')} name="reason" required maxLength={500} autoFocus hint={t('reasonHint')} error={errors.reason} />
          <FormError error={reveal.error} />
          <div className="dialog-actions">
            <button type="button" className="button" onClick={onClose} disabled={reveal.isPending}>{t('close')}</button>
            <SubmitButton pending={reveal.isPending}>{t('revealSubmit')}</SubmitButton>
          </div>
        </form>
      )}
    </Modal>
  );
}

function CopyButton({ text, label }: { text: string; label: string }) {
  const t = useMessages(cardMessages);
  const [copied, setCopied] = useState(false);
  // The clipboard needs a secure context; where it is missing the button is not offered.
  if (!navigator.clipboard) return null;
  return (
    <button type="button" className="link-button" onClick={() => void navigator.clipboard.writeText(text).then(() => setCopied(true), () => {})}>
      {copied ? t('copied') : label}
    </button>
  );
}
