import { useState } from 'react';
import { Link } from '@tanstack/react-router';
import { Field, FormError, SubmitButton, onSubmitOnce, useValidate, type FieldErrors } from '../../components/form.tsx';
import { Modal } from '../../components/modal.tsx';
import { useMessages, useT } from '../../lib/i18n.tsx';
import { useCreateCustomer } from './api.ts';
import { customerMessages } from './messages.ts';
import { SecretOnce } from '../credentials/index.ts';

/**
 * The "New customer" dialog: a name, then the answer — the customer and its first API client, whose
 * secret is shown here once. Closing the dialog unmounts it and the secret with it.
 */
export function NewCustomerDialog({ onClose }: { onClose: () => void }) {
  const t = useMessages(customerMessages);
  const shared = useT();
  const create = useCreateCustomer();
  const validate = useValidate();
  const [errors, setErrors] = useState<FieldErrors>({});
  const done = create.data;

  const submit = onSubmitOnce(create.isPending, (values, form) => {
    const found = validate(form);
    if (!found.name && !values.name?.trim()) found.name = shared('form.required');
    setErrors(found);
    if (Object.keys(found).length) return;
    create.mutate(values.name!.trim());
  });

  return (
    <Modal title={done ? t('created_', { name: done.name }) : t('newCustomer')} busy={create.isPending} onClose={onClose}>
      {done ? (
        <>
          <h3>{t('secretTitle')}</h3>
          <SecretOnce credentials={done} />
          <div className="dialog-actions">
            <Link to="/customers/$customerId" params={{ customerId: done.customerId }} className="button">{t('openCustomer')}</Link>
            <button type="button" className="button button-primary" onClick={onClose}>{t('secretDone')}</button>
          </div>
        </>
      ) : (
        <form noValidate onSubmit={submit}>
          <Field label={t('name')} name="name" required maxLength={128} autoComplete="off" hint={t('nameHint')} error={errors.name} />
          <FormError error={create.error} />
          <div className="dialog-actions">
            <button type="button" className="button" onClick={onClose} disabled={create.isPending}>{t('close')}</button>
            <SubmitButton pending={create.isPending}>{t('create')}</SubmitButton>
          </div>
        </form>
      )}
    </Modal>
  );
}
