import { useState, type ReactNode } from 'react';
import { Badge } from '../../components/badge.tsx';
import { FormError } from '../../components/form.tsx';
import { ConfirmModal, Modal } from '../../components/modal.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { Empty, ErrorState, Loading } from '../../components/states.tsx';
import { Time } from '../../lib/format.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import { useClients, useCreateClient, useRevokeClient, type ApiClientRow, type NewCredentials } from './api.ts';
import { credentialMessages } from './messages.ts';
import { SecretOnce } from './secret-once.tsx';

/**
 * A customer's API credentials (credentials.read), never their secrets: the whole /credentials page of a
 * customer user ('page'), or a section of the customer's page for operators ('panel'). With
 * credentials.write: a new one (its secret shown once, in a dialog that forgets it on close) and
 * revoke, after a confirmation.
 */
export function ApiCredentials({ customerId, canWrite, layout }: { customerId: string; canWrite: boolean; layout: 'page' | 'panel' }) {
  const t = useMessages(credentialMessages);
  const clients = useClients(customerId);
  const create = useCreateClient(customerId);
  const revoke = useRevokeClient(customerId);
  const [shown, setShown] = useState<NewCredentials | null>(null);
  const [revoking, setRevoking] = useState<ApiClientRow | null>(null);

  const newCredential = () => {
    if (create.isPending) return;
    create.mutate(undefined, {
      // Into this component's state only, and out of the mutation cache at once.
      onSuccess: (answer) => { setShown({ clientId: answer.clientId, clientSecret: answer.clientSecret }); create.reset(); },
    });
  };
  const newButton = canWrite ? (
    <button type="button" className={layout === 'page' ? 'button button-primary' : 'button'} onClick={newCredential}
      disabled={create.isPending} aria-busy={create.isPending || undefined}>
      {t('newCredential')}
    </button>
  ) : null;

  const body: ReactNode = (
    <>
      <FormError error={create.error} />
      {clients.isPending ? <Loading /> : clients.isError ? <ErrorState error={clients.error} onRetry={() => void clients.refetch()} />
        : clients.data.length === 0 ? <Empty>{t('empty')}</Empty> : (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">{t('caption')}</caption>
              <thead><tr>
                <th scope="col">{t('clientId')}</th><th scope="col">{t('status')}</th><th scope="col">{t('created')}</th>
                {canWrite ? <th scope="col">{t('actions')}</th> : null}
              </tr></thead>
              <tbody>
                {clients.data.map((c) => (
                  <tr key={c.clientId}>
                    <td><code>{c.clientId}</code></td>
                    <td><Badge tone={c.status === 'Active' ? 'good' : 'bad'}>{t(`client.${c.status}`)}</Badge></td>
                    <td><Time value={c.createdOn} /></td>
                    {canWrite ? (
                      <td>{c.status === 'Active' ? (
                        <button type="button" className="button" aria-label={t('revokeLabel', { clientId: c.clientId })} onClick={() => { revoke.reset(); setRevoking(c); }}>{t('revoke')}</button>
                      ) : null}</td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      {shown ? (
        <Modal title={t('newCredentialTitle')} onClose={() => setShown(null)}>
          <SecretOnce credentials={shown} />
          <div className="dialog-actions">
            <button type="button" className="button button-primary" onClick={() => setShown(null)}>{t('secretDone')}</button>
          </div>
        </Modal>
      ) : null}
      {revoking ? (
        <ConfirmModal title={t('revokeTitle', { clientId: revoking.clientId })} confirmLabel={t('revoke')}
          pending={revoke.isPending} error={revoke.error} onCancel={() => setRevoking(null)}
          onConfirm={() => revoke.mutate(revoking.clientId, { onSuccess: () => setRevoking(null) })}>
          <p>{t('revokeConfirm')}</p>
        </ConfirmModal>
      ) : null}
    </>
  );

  if (layout === 'page') {
    return (
      <>
        <PageHeader title={t('title')} description={t('intro')} actions={newButton} />
        {body}
      </>
    );
  }
  return (
    <section className="panel" aria-labelledby="credentials-title">
      <div className="section-head">
        <h2 id="credentials-title">{t('title')}</h2>
        {newButton}
      </div>
      {body}
    </section>
  );
}
