import { ErrorText } from '../../components/states.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import { useVerifyAudit } from './api.ts';
import { auditMessages } from './messages.ts';

/** "Verify chain" (audit.verify): the server recomputes every row's hash; the answer is announced. */
export function VerifyChain() {
  const t = useMessages(auditMessages);
  const verify = useVerifyAudit();
  const result = verify.data;
  return (
    <div className="au-verify">
      <button type="button" className="button" disabled={verify.isPending} aria-busy={verify.isPending || undefined} onClick={() => verify.mutate()}>
        {verify.isPending ? t('verifying') : t('verify')}
      </button>
      <div role="status" aria-live="polite" data-testid="audit-verify-result">
        {verify.isError ? <div className="form-error"><ErrorText error={verify.error} /></div> : null}
        {result ? (
          <p className={result.ok ? 'success' : 'form-error'}>
            {result.ok ? t('verifyOk', { rows: result.rows }) : t('verifyBroken', { seq: result.firstBrokenSeq ?? '?', rows: result.rows })}
            {result.headMatches ? null : <> {t('headMismatch')}</>}
          </p>
        ) : null}
      </div>
    </div>
  );
}
