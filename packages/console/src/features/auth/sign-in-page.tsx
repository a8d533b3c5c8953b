import { useState } from 'react';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { Field, FormError, SubmitButton, onSubmitOnce, useValidate, type FieldErrors } from '../../components/form.tsx';
import { isApiError } from '../../lib/api.ts';
import { useMessages } from '../../lib/i18n.tsx';
import { useSignIn, type SignInInput } from './api.ts';
import { authMessages } from './messages.ts';
import { AuthCard } from './auth-card.tsx';

/** Where to go after signing in: only a console path (never another site, never //host). */
export const safeRedirect = (value: unknown): string =>
  typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.includes('\\') ? value : '/';

/**
 * Sign in: e-mail and password; when the server answers TOTP_REQUIRED, a second step asks for the
 * authenticator code (or a recovery code) and sends all three again.
 */
export function SignInPage() {
  const t = useMessages(authMessages);
  const navigate = useNavigate();
  const search = useSearch({ strict: false }) as { redirect?: string };
  const signIn = useSignIn();
  const validate = useValidate();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [credentials, setCredentials] = useState<{ email: string; password: string } | null>(null);
  const [useRecovery, setUseRecovery] = useState(false);

  const send = (input: SignInInput) => signIn.mutate(input, {
    onSuccess: (session) => void navigate({ to: session.totpEnrolmentRequired ? '/two-factor' : safeRedirect(search.redirect) }),
    onError: (error) => {
      if (isApiError(error, 'TOTP_REQUIRED') && !credentials) {
        setCredentials({ email: input.email, password: input.password });
        signIn.reset();
      }
    },
  });

  const submit = onSubmitOnce(signIn.isPending, (values, form) => {
    const found = validate(form);
    setErrors(found);
    if (Object.keys(found).length) return;
    if (!credentials) send({ email: values.email ?? '', password: values.password ?? '' });
    else if (useRecovery) send({ ...credentials, recoveryCode: (values.recoveryCode ?? '').trim() });
    else send({ ...credentials, totpCode: (values.totpCode ?? '').trim() });
  });

  if (credentials) {
    return (
      <AuthCard title={t('codeTitle')} intro={t('codeIntro')}>
        <form noValidate onSubmit={submit}>
          {useRecovery
            ? <Field key="recovery" label={t('recoveryCode')} name="recoveryCode" required minLength={8} maxLength={32} autoComplete="off" hint={t('recoveryHint')} error={errors.recoveryCode} autoFocus />
            : <Field key="totp" label={t('totpCode')} name="totpCode" required pattern="[0-9]{6}" inputMode="numeric" maxLength={6} autoComplete="one-time-code"
                hint={t('codeHint')} data-pattern-message={t('codePattern')} error={errors.totpCode} autoFocus />}
          <FormError error={signIn.error} />
          <SubmitButton pending={signIn.isPending}>{t('verify')}</SubmitButton>
        </form>
        <div className="auth-links">
          <button type="button" className="link-button" onClick={() => { setUseRecovery(!useRecovery); setErrors({}); signIn.reset(); }}>
            {useRecovery ? t('useTotp') : t('useRecovery')}
          </button>
          <button type="button" className="link-button" onClick={() => { setCredentials(null); setUseRecovery(false); signIn.reset(); }}>{t('back')}</button>
        </div>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={t('signInTitle')} intro={t('signInIntro')}>
      <form noValidate onSubmit={submit}>
        <Field label={t('email')} name="email" type="email" required maxLength={254} autoComplete="username" error={errors.email} autoFocus />
        <Field label={t('password')} name="password" type="password" required maxLength={256} autoComplete="current-password" error={errors.password} />
        <FormError error={signIn.error} />
        <SubmitButton pending={signIn.isPending}>{t('submitSignIn')}</SubmitButton>
      </form>
    </AuthCard>
  );
}
