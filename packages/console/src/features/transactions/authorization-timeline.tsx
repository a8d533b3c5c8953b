import { Link } from '@tanstack/react-router';
import { Time, formatAmount } from '../../lib/format.tsx';
import { useLanguage, useMessages } from '../../lib/i18n.tsx';
import type { TransactionDetail } from './api.ts';
import { timelineOf, type StepKind } from './timeline.ts';
import { transactionMessages } from './messages.ts';

/** Tones of the steps: the marker's colour is decoration, the words say what happened. */
const STEP_TONES: Record<StepKind, string> = {
  authorized: 'info', declined: 'bad', cleared: 'good', clearedPartial: 'good', clearedOver: 'warn', reversed: 'neutral', refunded: 'neutral', expired: 'neutral',
};

/** The authorization's life as an ordered list: one step per transaction (and the expiry), with amounts and times. */
export function AuthorizationTimeline({ detail }: { detail: TransactionDetail }) {
  const t = useMessages(transactionMessages);
  const { language } = useLanguage();
  const steps = detail.authorization ? timelineOf(detail) : [];
  return (
    <section className="panel" aria-labelledby="transaction-timeline">
      <h2 id="transaction-timeline">{t('timelineTitle')}</h2>
      {steps.length === 0 ? <p className="muted">{t('timelineEmpty')}</p> : (
        <>
          <p className="muted">{t('timelineIntro')}</p>
          <ol className="timeline" data-testid="timeline">
            {steps.map((step, index) => {
              const self = step.transaction?.transactionId === detail.transaction.transactionId;
              return (
                <li key={`${step.kind}-${index}`} className={`timeline-step timeline-${STEP_TONES[step.kind]}`} aria-current={self ? 'true' : undefined}>
                  <span className="timeline-marker" aria-hidden="true" />
                  <div>
                    <p className="timeline-what">{t(`step.${step.kind}`, { amount: formatAmount(step.amount, step.currency, language) })}</p>
                    <p className="muted small">
                      <Time value={step.time} />
                      {step.transaction ? (
                        <> · {self ? <strong>{t('thisOne')}</strong> : (
                          <Link to="/transactions/$transactionId" params={{ transactionId: step.transaction.transactionId }}>
                            <code>{step.transaction.transactionId}</code>
                          </Link>
                        )}</>
                      ) : null}
                    </p>
                  </div>
                </li>
              );
            })}
          </ol>
        </>
      )}
    </section>
  );
}
