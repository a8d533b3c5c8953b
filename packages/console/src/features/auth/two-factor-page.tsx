import { useState } from 'react';
import { useNavigate } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { Field, FormError, SubmitButton, onSubmitOnce, useValidate, type FieldErrors } from '../../components/form.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import { sessionQuery } from '../../lib/session.ts';
import { useConfirmTotp, useStartTotp } from './api.ts';
import { authMessages } from './messages.ts';

/** The server's SVG QR code as an image: an <img> cannot run script, and data: images are allowed by the page's policy. */
const svgDataUrl = (svg: string) => `data:image/svg+xml;base64,${btoa(String.fromCharCode(...new TextEncoder().encode(svg)))}`;

/**
 * Two-factor enrolment: a new secret (QR code + the key by hand), confirmed with a code from the
 * app; then the recovery codes, shown this once.
 */
export function TwoFactorPage() {
  const t = useMessages(authMessages);
  const navigate = useNavigate();
  const session = useQuery(sessionQuery).data;
  const start = useStartTotp();
  const confirm = useConfirmTotp();
  const validate = useValidate();
  const [errors, setErrors] = useState<FieldErrors>({});

  const submit = onSubmitOnce(confirm.isPending, (values, form) => {
    const found = validate(form);
    setErrors(found);
    if (!Object.keys(found).length) confirm.mutate({ totpCode: (values.totpCode ?? '').trim() });
  });

  if (confirm.data) {
    return (
      <>
        <PageHeader title={t('recoveryTitle')} description={t('recoveryIntro')} />
        <section className="panel">
          <ol className="recovery-codes" aria-label={t('recoveryTitle')}>
            {confirm.data.recoveryCodes.map((code) => <li key={code}><code>{code}</code></li>)}
          </ol>
          <button type="button" className="button button-primary" onClick={() => void navigate({ to: '/' })}>{t('recoveryDone')}</button>
        </section>
      </>
    );
  }
  const intro = session?.totpEnrolmentRequired ? t('twoFactorRequired') : session?.user.totpEnabled ? t('twoFactorOn') : t('twoFactorOff');
  return (
    <>
      <PageHeader title={t('twoFactorTitle')} description={intro} />
      {!start.data ? (
        <section className="panel">
          <FormError error={start.error} />
          <button type="button" className="button button-primary" disabled={start.isPending} onClick={() => { if (!start.isPending) start.mutate(); }}>
            {t('startEnrolment')}
          </button>
        </section>
      ) : (
        <section className="panel enrolment" aria-labelledby="scan-title">
          <h2 id="scan-title">{t('scanTitle')}</h2>
          <img className="qr" src={svgDataUrl(start.data.qrSvg)} alt={t('qrAlt')} width={200} height={200} />
          <p>{t('manualSecret')}</p>
          <p><code id="totp-secret" className="secret">{start.data.secret}</code></p>
          <form noValidate onSubmit={submit}>
            <Field label={t('confirmCode')} name="totpCode" required pattern="[0-9]{6}" inputMode="numeric" maxLength={6} autoComplete="one-time-code"
              hint={t('codeHint')} data-pattern-message={t('codePattern')} error={errors.totpCode} />
            <FormError error={confirm.error} />
            <SubmitButton pending={confirm.isPending}>{t('confirm')}</SubmitButton>
          </form>
        </section>
      )}
    </>
  );
}
