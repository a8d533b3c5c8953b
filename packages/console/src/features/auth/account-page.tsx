import { useState } from 'react';
import { useNavigate } from '@tanstack/react-router';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { Field, FormError, SubmitButton, onSubmitOnce, useValidate, type FieldErrors } from '../../components/form.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import { useChangePassword, useSignOutEverywhere } from './api.ts';
import { authMessages } from './messages.ts';

/** The signed-in user's own account: change the password, end every session. */
export function AccountPage() {
  const t = useMessages(authMessages);
  const navigate = useNavigate();
  const change = useChangePassword();
  const everywhere = useSignOutEverywhere();
  const validate = useValidate();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [confirming, setConfirming] = useState(false);

  const submit = onSubmitOnce(change.isPending, (values, form) => {
    const found = validate(form);
    if (!found.repeat && values.newPassword !== values.repeat) found.repeat = t('mismatch');
    setErrors(found);
    if (Object.keys(found).length) return;
    change.mutate({ currentPassword: values.currentPassword ?? '', newPassword: values.newPassword ?? '' }, { onSuccess: () => form.reset() });
  });

  return (
    <>
      <PageHeader title={t('accountTitle')} />
      <section className="panel" aria-labelledby="password-title">
        <h2 id="password-title">{t('changePasswordTitle')}</h2>
        <form noValidate onSubmit={submit}>
          <Field label={t('currentPassword')} name="currentPassword" type="password" required maxLength={256} autoComplete="current-password" error={errors.currentPassword} />
          <Field label={t('newPassword')} name="newPassword" type="password" required minLength={12} maxLength={256} autoComplete="new-password" error={errors.newPassword} />
          <Field label={t('repeatPassword')} name="repeat" type="password" required minLength={12} maxLength={256} autoComplete="new-password" error={errors.repeat} />
          <FormError error={change.error} />
          {change.isSuccess ? <p role="status" className="success">{t('passwordChanged')}</p> : null}
          <SubmitButton pending={change.isPending}>{t('changePassword')}</SubmitButton>
        </form>
      </section>
      <section className="panel" aria-labelledby="sessions-title">
        <h2 id="sessions-title">{t('sessionsTitle')}</h2>
        <p>{t('sessionsIntro')}</p>
        <button type="button" className="button button-danger" onClick={() => setConfirming(true)}>{t('signOutEverywhere')}</button>
      </section>
      <ConfirmDialog open={confirming} title={t('signOutEverywhere')} pending={everywhere.isPending} error={everywhere.error}
        confirmLabel={t('signOutEverywhere')} onCancel={() => setConfirming(false)}
        onConfirm={() => everywhere.mutate(undefined, { onSuccess: () => { setConfirming(false); void navigate({ to: '/sign-in' }); } })}>
        <p>{t('signOutEverywhereConfirm')}</p>
      </ConfirmDialog>
    </>
  );
}
