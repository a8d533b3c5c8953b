import { useState } from 'react';
import { isCustomerRole, type Role } from '@cardepass/contract';
import { CustomerSelect } from '../../components/customer-select.tsx';
import { Field, FormError, SubmitButton, onSubmitOnce, useValidate, type FieldErrors } from '../../components/form.tsx';
import { Modal } from '../../components/modal.tsx';
import { SelectField } from '../../components/select-field.tsx';
import { useMessages, useT } from '../../lib/i18n.tsx';
import { useInviteUser, type InviteInput } from './api.ts';
import { userMessages } from './messages.ts';
import { PasswordLinkOnce } from './password-link-once.tsx';

// The contract's e-mail pattern (people.ts EmailInput), checked in the browser before the server does.
const EMAIL_PATTERN = '[^\\s@]+@[^\\s@]+';

/**
 * "Invite user": e-mail, name, a role among those the signed-in user may give, and — when an operator
 * gives a customer role — the customer. The answer is the user and a one-time password link, shown
 * here once; closing the dialog unmounts it and the link with it.
 */
export function InviteUserDialog({ roles, operator, onClose }: { roles: readonly Role[]; operator: boolean; onClose: () => void }) {
  const t = useMessages(userMessages);
  const shared = useT();
  const invite = useInviteUser();
  const validate = useValidate();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [role, setRole] = useState<Role | ''>('');
  // A customer admin's own customer is implied; only an operator picks one.
  const needsCustomer = operator && role !== '' && isCustomerRole(role);
  const done = invite.data;

  const submit = onSubmitOnce(invite.isPending, (values, form) => {
    const found = validate(form);
    if (!values.role) found.role = shared('form.required');
    if (needsCustomer && !values.customerId) found.customerId = shared('form.required');
    setErrors(found);
    if (Object.keys(found).length) return;
    const body: InviteInput = { email: values.email!.trim(), role: values.role as Role };
    if (values.name?.trim()) body.name = values.name.trim();
    if (needsCustomer) body.customerId = values.customerId!;
    invite.mutate(body);
  });

  return (
    <Modal title={done ? t('invited', { email: done.user.email }) : t('inviteTitle')} busy={invite.isPending} onClose={onClose} wide>
      {done ? (
        <>
          <h3>{t('linkTitle')}</h3>
          <PasswordLinkOnce email={done.user.email} link={done.passwordLink} />
          <div className="dialog-actions">
            <button type="button" className="button button-primary" onClick={onClose}>{t('linkDone')}</button>
          </div>
        </>
      ) : (
        <form noValidate onSubmit={submit} aria-label={t('inviteTitle')}>
          <Field label={t('email')} name="email" type="email" required maxLength={254} pattern={EMAIL_PATTERN}
            data-pattern-message={t('emailPattern')} autoComplete="off" error={errors.email} autoFocus />
          <Field label={t('name')} name="name" maxLength={128} autoComplete="off" hint={t('nameHint')} error={errors.name} />
          <SelectField label={t('role')} name="role" required value={role} error={errors.role}
            onChange={(e) => setRole(e.target.value as Role | '')}>
            <option value="">—</option>
            {roles.map((r) => <option key={r} value={r}>{shared(`role.${r}`)}</option>)}
          </SelectField>
          {needsCustomer ? <CustomerSelect value={undefined} emptyLabel={t('chooseCustomer')} required error={errors.customerId} /> : null}
          <FormError error={invite.error} />
          <div className="dialog-actions">
            <button type="button" className="button" onClick={onClose} disabled={invite.isPending}>{t('close')}</button>
            <SubmitButton pending={invite.isPending}>{t('inviteSubmit')}</SubmitButton>
          </div>
        </form>
      )}
    </Modal>
  );
}
