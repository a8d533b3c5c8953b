import { Link, useParams } from '@tanstack/react-router';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';
import { isApiError } from '../../lib/api.ts';
import { Time } from '../../lib/format.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import { useAuditEntry } from './api.ts';
import { auditMessages } from './messages.ts';

/** The target before and after, as JSON, exactly as the API gives it (secrets already redacted by the server). */
function JsonBlock({ title, value, id }: { title: string; value: unknown; id: string }) {
  const t = useMessages(auditMessages);
  return (
    <section className="au-json" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {value === null || value === undefined ? <p className="muted">{t('nothing')}</p>
        : <pre tabIndex={0} aria-labelledby={id} data-testid={`audit-${id}`}>{JSON.stringify(value, null, 2)}</pre>}
    </section>
  );
}

/** /audit/$auditId: who, what, when, from where, and the target before and after side by side. */
export function AuditDetailPage() {
  const t = useMessages(auditMessages);
  const { auditId } = useParams({ strict: false }) as { auditId: string };
  const entry = useAuditEntry(auditId);
  if (entry.isPending) return <Loading />;
  if (entry.isError) {
    return (
      <>
        <PageHeader title={t('title')} />
        {isApiError(entry.error) && entry.error.status === 404 ? <p>{t('notFound')}</p> : <ErrorState error={entry.error} onRetry={() => void entry.refetch()} />}
        <Link to="/audit">{t('back')}</Link>
      </>
    );
  }
  const e = entry.data;
  return (
    <>
      <PageHeader title={t('entryTitle', { seq: e.seq })} description={<code>{e.action}</code>} actions={<Link to="/audit" className="button">{t('back')}</Link>} />
      <section className="panel">
        <dl className="facts">
          <dt>{t('at')}</dt><dd><Time value={e.at} /></dd>
          <dt>{t('actor')}</dt><dd>{e.actorLabel ?? e.actorId} <span className="muted">({e.actorType}, <code>{e.actorId}</code>)</span></dd>
          <dt>{t('target')}</dt><dd>{e.targetType} {e.targetId ? <code>{e.targetId}</code> : null}</dd>
          <dt>{t('customer')}</dt><dd>{e.customerId ? <code>{e.customerId}</code> : '—'}</dd>
          <dt>{t('reason')}</dt><dd>{e.reason ?? '—'}</dd>
          <dt>{t('ip')}</dt><dd>{e.ip ?? '—'}</dd>
          <dt>{t('responseId')}</dt><dd>{e.responseId ? <code>{e.responseId}</code> : '—'}</dd>
          <dt>{t('hash')}</dt><dd><code className="au-hash">{e.hash}</code></dd>
        </dl>
      </section>
      <p className="muted small">{t('redactedNote')}</p>
      <div className="au-diff">
        <JsonBlock title={t('before')} value={e.before} id="before" />
        <JsonBlock title={t('after')} value={e.after} id="after" />
      </div>
    </>
  );
}
