import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { isCustomerRole } from '@cardepass/contract';
import { FormError, SubmitButton, onSubmitOnce } from '../../components/form.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import { sessionQuery } from '../../lib/session.ts';
import { useSecuritySettings, useSetSecuritySettings } from './api.ts';
import { userMessages } from './messages.ts';

/**
 * /settings/security: the signed-in user's organisation's rule (the operators', or the customer user's
 * customer's) that everyone must use two-factor. Everyone may read it (they are held to it); with
 * users.write it is a checkbox and Save, and the server's refusal (e.g. turning it on without an
 * authenticator of one's own) is shown as it answers.
 */
export function SecuritySettingsPage() {
  const t = useMessages(userMessages);
  const session = useQuery(sessionQuery).data;
  const customer = session ? isCustomerRole(session.user.role) : false;
  const canWrite = session?.permissions.includes('users.write') ?? false;
  const settings = useSecuritySettings();
  const save = useSetSecuritySettings();
  const [saved, setSaved] = useState(false);

  const submit = onSubmitOnce(save.isPending, (_values, form) => {
    setSaved(false);
    const requireTotp = (form.elements.namedItem('requireTotp') as HTMLInputElement).checked;
    save.mutate({ requireTotp }, { onSuccess: () => setSaved(true) });
  });

  return (
    <>
      <PageHeader title={t('securityTitle')} description={customer ? t('securityIntroCustomer') : t('securityIntroOperators')} />
      {settings.isPending ? <Loading /> : settings.isError ? <ErrorState error={settings.error} onRetry={() => void settings.refetch()} /> : (
        <section className="panel" aria-labelledby="two-factor-rule">
          <h2 id="two-factor-rule">{t('twoFactor')}</h2>
          {canWrite ? (
            <form noValidate onSubmit={submit} aria-label={t('securityTitle')}>
              {/* Keyed by the stored value so a refetch (or a refusal) shows what the server holds. */}
              <label className="setting-toggle" key={String(settings.data.requireTotp)}>
                <input type="checkbox" name="requireTotp" defaultChecked={settings.data.requireTotp} aria-describedby="require-totp-hint"
                  onChange={() => setSaved(false)} />
                {t('requireTotp')}
              </label>
              <p id="require-totp-hint" className="hint">{t('requireTotpHint')}</p>
              <FormError error={save.error} />
              {saved ? <p className="success" role="status">{t('saved')}</p> : null}
              <div className="dialog-actions">
                <SubmitButton pending={save.isPending}>{t('save')}</SubmitButton>
              </div>
            </form>
          ) : (
            <>
              <p data-testid="require-totp">{settings.data.requireTotp ? t('requireTotpOn') : t('requireTotpOff')}</p>
              <p className="muted">{t('readOnly')}</p>
            </>
          )}
        </section>
      )}
    </>
  );
}
