import { useState } from 'react';
import { decimalsOf } from '../../lib/format.tsx';
import { Field, FormError, onSubmitOnce, useValidate, type FieldErrors } from '../../components/form.tsx';
import { useMessages, useT } from '../../lib/i18n.tsx';
import { useCardAction, type CardAction, type CardRow, type PlacedOrder } from './api.ts';
import { amountProblem, newCustomerOrderNo } from './form-rules.ts';
import { cardMessages } from './messages.ts';
import { Modal } from '../../components/modal.tsx';

/** Which amount fields each order takes, and whether the API requires them. */
const AMOUNT_FIELDS: Partial<Record<CardAction, Array<{ name: string; optional?: boolean }>>> = {
  topup: [{ name: 'topUpAmount' }],
  withdraw: [{ name: 'withdrawAmount', optional: true }],
  limits: [{ name: 'maxAuthAmount' }, { name: 'maxCreditAmount', optional: true }],
};
const DANGEROUS = new Set<CardAction>(['cancel', 'block']);

/**
 * One order on the card, as a form in a dialog: its amounts checked against the currency's decimals
 * before sending, a customerOrderNo made once per opening (a retry replays, never doubles), the
 * server's refusal shown in the dialog. An accepted order closes the dialog and is reported to the page.
 */
export function CardActionDialog({ card, action, onClose, onDone }: {
  card: CardRow; action: CardAction; onClose: () => void; onDone: (order: PlacedOrder) => void;
}) {
  const t = useMessages(cardMessages);
  const tShared = useT();
  const mutation = useCardAction(card.cardId, action);
  const validate = useValidate();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [customerOrderNo] = useState(newCustomerOrderNo);
  const currency = card.cardCurrency;
  const fields = AMOUNT_FIELDS[action] ?? [];
  const amountMessage = (problem: NonNullable<ReturnType<typeof amountProblem>>) =>
    t(problem, { currency, decimals: decimalsOf(currency) });

  const submit = onSubmitOnce(mutation.isPending, (values, form) => {
    const found = validate(form);
    for (const { name, optional } of fields) {
      const problem = amountProblem(values[name], currency, { optional });
      if (problem && !found[name]) found[name] = amountMessage(problem);
    }
    setErrors(found);
    if (Object.keys(found).length) return;
    const body: Record<string, string> = { customerOrderNo: values.customerOrderNo ?? customerOrderNo };
    for (const { name } of fields) if (values[name]?.trim()) body[name] = values[name].trim();
    mutation.mutate(body, { onSuccess: (order) => { onDone(order); onClose(); } });
  });

  const confirmText = action === 'block' ? t('blockConfirm') : action === 'unblock' ? t('unblockConfirm')
    : action === 'cancel' ? t(card.cardModel === 'ShareBalance' ? 'cancelConfirmShare' : 'cancelConfirmStandard') : null;
  const describedBy = confirmText ? `confirm-${action}` : undefined;
  return (
    <Modal title={t(action)} busy={mutation.isPending} onClose={onClose} describedBy={describedBy}>
      {confirmText ? <p id={describedBy} className={DANGEROUS.has(action) ? 'card-warning' : undefined}>{confirmText}</p> : null}
      <form noValidate onSubmit={submit}>
        {action === 'topup' ? <Field label={t('topUpAmount', { currency })} name="topUpAmount" inputMode="decimal" required autoFocus error={errors.topUpAmount} /> : null}
        {action === 'withdraw' ? <Field label={t('withdrawAmount', { currency })} name="withdrawAmount" inputMode="decimal" autoFocus hint={t('withdrawHint')} error={errors.withdrawAmount} /> : null}
        {action === 'limits' ? (
          <>
            <Field label={t('maxAuthLabel', { currency })} name="maxAuthAmount" inputMode="decimal" required autoFocus
              defaultValue={card.maxAuthAmount?.toFixed(decimalsOf(currency)) ?? ''} error={errors.maxAuthAmount} />
            <Field label={t('maxCreditLabel', { currency })} name="maxCreditAmount" inputMode="decimal" hint={t('maxCreditHint')}
              defaultValue={card.maxCreditAmount?.toFixed(decimalsOf(currency)) ?? ''} error={errors.maxCreditAmount} />
          </>
        ) : null}
        <Field label={t('customerOrderNo')} name="customerOrderNo" defaultValue={customerOrderNo} required maxLength={64}
          pattern="[A-Za-z0-9_\-.:]+" data-pattern-message={t('orderNoPattern')} hint={t('customerOrderNoHint')} error={errors.customerOrderNo} />
        <FormError error={mutation.error} />
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose} disabled={mutation.isPending}>{t('close')}</button>
          {/* Cancel and block stop the card: their button is red, like the page's. */}
          <button type="submit" className={`button ${DANGEROUS.has(action) ? 'button-danger' : 'button-primary'}`}
            disabled={mutation.isPending} aria-busy={mutation.isPending || undefined}>
            {mutation.isPending ? tShared('form.working') : t(action)}
          </button>
        </div>
      </form>
    </Modal>
  );
}
