import { ErrorText } from '../../components/states.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import { useVerifyLedger } from './api.ts';
import { ledgerMessages } from './messages.ts';

/** The "Verify ledger" panel (ledger.verify, operators): runs the verification on request and announces its result. */
export function VerifyLedger() {
  const t = useMessages(ledgerMessages);
  const verify = useVerifyLedger();
  const result = verify.data;
  return (
    <section className="panel" aria-labelledby="ledger-verify">
      <h2 id="ledger-verify">{t('verifyTitle')}</h2>
      <p className="muted">{t('verifyIntro')}</p>
      <button type="button" className="button button-primary" disabled={verify.isPending} aria-busy={verify.isPending || undefined}
        onClick={() => verify.mutate()}>
        {t('verify')}
      </button>
      <div role="status" aria-live="polite" data-testid="ledger-verify-result" className="verify-result">
        {verify.isError ? <div className="form-error"><ErrorText error={verify.error} /></div> : null}
        {result?.ok ? <p className="success">{t('verifyOk', { entries: result.entriesChecked, accounts: result.accountsChecked })}</p> : null}
        {result && !result.ok ? (
          <div className="form-error">
            <p>{t('verifyProblems', { count: result.problems.length, entries: result.entriesChecked, accounts: result.accountsChecked })}</p>
            <ul>{result.problems.map((problem, index) => <li key={index}>{problem}</li>)}</ul>
          </div>
        ) : null}
      </div>
    </section>
  );
}
