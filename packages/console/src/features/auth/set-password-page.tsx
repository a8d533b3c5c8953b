import { useState } from 'react';
import { Link } from '@tanstack/react-router';
import { Field, FormError, SubmitButton, onSubmitOnce, useValidate, type FieldErrors } from '../../components/form.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import { useConsumePasswordLink } from './api.ts';
import { authMessages } from './messages.ts';
import { AuthCard } from './auth-card.tsx';

/**
 * The page of an invitation or reset link: /console/set-password#token=…. The token travels in the
 * fragment, which browsers never send to a server or put in a Referer; it is read once and removed
 * from the address bar so it does not stay in the history.
 */
function takeTokenFromFragment(): string | null {
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (token) history.replaceState(history.state, '', window.location.pathname + window.location.search);
  return token;
}

export function SetPasswordPage() {
  const t = useMessages(authMessages);
  const [token] = useState(takeTokenFromFragment);
  const consume = useConsumePasswordLink();
  const validate = useValidate();
  const [errors, setErrors] = useState<FieldErrors>({});

  const submit = onSubmitOnce(consume.isPending, (values, form) => {
    const found = validate(form);
    if (!found.repeat && values.password !== values.repeat) found.repeat = t('mismatch');
    setErrors(found);
    if (Object.keys(found).length || !token) return;
    consume.mutate({ token, password: values.password ?? '' });
  });

  if (!token) return <AuthCard title={t('setPasswordTitle')}><p role="alert">{t('noToken')}</p></AuthCard>;
  if (consume.isSuccess) {
    return (
      <AuthCard title={t('setPasswordTitle')}>
        <p role="status">{t('passwordSet')}</p>
        <Link to="/sign-in" className="button button-primary">{t('goSignIn')}</Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={t('setPasswordTitle')} intro={t('setPasswordIntro')}>
      <form noValidate onSubmit={submit}>
        <Field label={t('newPassword')} name="password" type="password" required minLength={12} maxLength={256} autoComplete="new-password" error={errors.password} autoFocus />
        <Field label={t('repeatPassword')} name="repeat" type="password" required minLength={12} maxLength={256} autoComplete="new-password" error={errors.repeat} />
        <FormError error={consume.error} />
        <SubmitButton pending={consume.isPending}>{t('savePassword')}</SubmitButton>
      </form>
    </AuthCard>
  );
}
