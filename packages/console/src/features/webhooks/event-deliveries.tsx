import { Badge, type BadgeTone } from '../../components/badge.tsx';
import { Time } from '../../lib/format.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import type { EventRow } from './api.ts';
import { webhookMessages } from './messages.ts';

type Delivery = EventRow['deliveries'][number];
const TONE: Record<Delivery['status'], BadgeTone> = { Pending: 'warn', Delivered: 'good', Failed: 'bad' };

/** An event's deliveries, one disclosure each, opening onto its attempts (status, HTTP code, duration, next try). */
export function EventDeliveries({ deliveries }: { deliveries: Delivery[] }) {
  const t = useMessages(webhookMessages);
  if (deliveries.length === 0) return <span className="muted">{t('noDeliveries')}</span>;
  return (
    <ul className="wh-deliveries">
      {deliveries.map((d) => (
        <li key={d.deliveryId} data-delivery-status={d.status}>
          <details>
            <summary>
              <Badge tone={TONE[d.status]}>{t(`delivery.${d.status}`)}</Badge>{' '}
              <span className="visually-hidden">{t('deliveryTo', { url: d.url, status: t(`delivery.${d.status}`), attempts: d.attemptCount })}</span>
              <code aria-hidden="true">{d.url}</code> <span className="muted small" aria-hidden="true">×{d.attemptCount}</span>
            </summary>
            {d.attempts.length === 0 ? <p className="muted small">{t('noAttempts', { time: d.nextAttemptOn ?? '—' })}</p> : (
              <table className="table wh-attempts">
                <caption className="visually-hidden">{t('attemptsCaption', { deliveryId: d.deliveryId })}</caption>
                <thead><tr>
                  <th scope="col">{t('attemptedOn')}</th><th scope="col" className="numeric">{t('httpStatus')}</th><th scope="col">{t('error')}</th>
                  <th scope="col" className="numeric">{t('duration')}</th><th scope="col">{t('nextAttempt')}</th>
                </tr></thead>
                <tbody>
                  {d.attempts.map((a) => (
                    <tr key={a.attemptedOn}>
                      <td><Time value={a.attemptedOn} /></td>
                      <td className="numeric">{a.httpStatus ?? '—'}</td>
                      <td>{a.error ?? '—'}</td>
                      <td className="numeric">{a.durationMs}</td>
                      <td><Time value={a.nextAttemptOn} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </details>
        </li>
      ))}
    </ul>
  );
}
