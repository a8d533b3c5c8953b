import { useState } from 'react';
import { Field, FormError, SubmitButton, onSubmitOnce, useValidate, type FieldErrors } from '../../components/form.tsx';
import { ConfirmModal, Modal } from '../../components/modal.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import { useEndpointAction, useRecover, useRotateSecret, useUpdateEndpoint, type Endpoint, type EndpointWithSecret } from './api.ts';
import { EditEndpointDialog } from './endpoint-form-dialog.tsx';
import { webhookMessages } from './messages.ts';
import { SecretOnce } from './secret-once.tsx';

type Open = 'edit' | 'delete' | 'rotate' | 'recover' | null;

/** The buttons of one endpoint row (shown only with webhooks.write), each opening its own dialog. */
export function EndpointActions({ endpoint, onDone }: { endpoint: Endpoint; onDone: (message: string) => void }) {
  const t = useMessages(webhookMessages);
  const [open, setOpen] = useState<Open>(null);
  const update = useUpdateEndpoint(endpoint.endpointId);
  const test = useEndpointAction(endpoint.endpointId, 'test');
  const remove = useEndpointAction(endpoint.endpointId, 'delete');
  const enabled = endpoint.status === 'Enabled';
  const close = () => setOpen(null);
  const label = (action: string) => `${action} ${endpoint.url}`;
  return (
    <div className="wh-actions">
      <button type="button" className="button" aria-label={label(t('edit'))} onClick={() => setOpen('edit')}>{t('edit')}</button>
      <button type="button" className="button" aria-label={label(enabled ? t('disable') : t('enable'))} disabled={update.isPending}
        onClick={() => update.mutate({ status: enabled ? 'Disabled' : 'Enabled' })}>{enabled ? t('disable') : t('enable')}</button>
      <button type="button" className="button" aria-label={label(t('sendTest'))} disabled={test.isPending}
        onClick={() => test.mutate(undefined, { onSuccess: (event) => onDone(t('tested', { eventId: (event as { eventId: string }).eventId, url: endpoint.url })) })}>
        {t('sendTest')}
      </button>
      <button type="button" className="button" aria-label={label(t('rotate'))} onClick={() => setOpen('rotate')}>{t('rotate')}</button>
      <button type="button" className="button" aria-label={label(t('recover'))} onClick={() => setOpen('recover')}>{t('recover')}</button>
      <button type="button" className="button button-danger" aria-label={label(t('delete'))} onClick={() => setOpen('delete')}>{t('delete')}</button>
      <FormError error={update.error ?? test.error} />
      {open === 'edit' ? <EditEndpointDialog endpoint={endpoint} onClose={close} /> : null}
      {open === 'rotate' ? <RotateDialog endpoint={endpoint} onClose={close} /> : null}
      {open === 'recover' ? <RecoverDialog endpoint={endpoint} onClose={close} onDone={onDone} /> : null}
      {open === 'delete' ? (
        <ConfirmModal title={t('deleteTitle', { endpointId: endpoint.endpointId })} confirmLabel={t('delete')} pending={remove.isPending} error={remove.error}
          onCancel={close} onConfirm={() => remove.mutate(undefined, { onSuccess: close })}>
          <p>{t('deleteBody', { url: endpoint.url })}</p>
        </ConfirmModal>
      ) : null}
    </div>
  );
}

/** Asks, then shows the new secret once; closing forgets it. */
function RotateDialog({ endpoint, onClose }: { endpoint: Endpoint; onClose: () => void }) {
  const t = useMessages(webhookMessages);
  const rotate = useRotateSecret(endpoint.endpointId);
  const [rotated, setRotated] = useState<EndpointWithSecret | null>(null);
  if (rotated) {
    return (
      <Modal title={t('secretTitle')} onClose={onClose}>
        <SecretOnce endpointId={rotated.endpointId} secret={rotated.secret} />
        <div className="dialog-actions"><button type="button" className="button button-primary" onClick={onClose}>{t('secretDone')}</button></div>
      </Modal>
    );
  }
  return (
    <ConfirmModal title={t('rotateTitle', { endpointId: endpoint.endpointId })} confirmLabel={t('rotate')} pending={rotate.isPending} error={rotate.error}
      onCancel={onClose} onConfirm={() => rotate.mutate(undefined, { onSuccess: setRotated })}>
      <p>{t('rotateBody')}</p>
    </ConfirmModal>
  );
}

/** A local date-time an hour ago, as <input type="datetime-local"> wants it (the user's time zone). */
function anHourAgo(): string {
  const date = new Date(Date.now() - 3_600_000);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

function RecoverDialog({ endpoint, onClose, onDone }: { endpoint: Endpoint; onClose: () => void; onDone: (message: string) => void }) {
  const t = useMessages(webhookMessages);
  const recover = useRecover(endpoint.endpointId);
  const validate = useValidate();
  const [errors, setErrors] = useState<FieldErrors>({});
  const submit = onSubmitOnce(recover.isPending, (values, form) => {
    const found = validate(form);
    setErrors(found);
    if (Object.keys(found).length) return;
    // The input is in the user's time zone; the API takes UTC.
    const since = new Date(values.since!).toISOString();
    recover.mutate(since, { onSuccess: ({ queued }) => { onDone(t('recovered', { queued })); onClose(); } });
  });
  return (
    <Modal title={t('recoverTitle', { endpointId: endpoint.endpointId })} busy={recover.isPending} onClose={onClose}>
      <form noValidate onSubmit={submit}>
        <p>{t('recoverBody')}</p>
        <Field label={t('since')} name="since" type="datetime-local" required defaultValue={anHourAgo()} error={errors.since} />
        <FormError error={recover.error} />
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose} disabled={recover.isPending}>{t('close')}</button>
          <SubmitButton pending={recover.isPending}>{t('recover')}</SubmitButton>
        </div>
      </form>
    </Modal>
  );
}
