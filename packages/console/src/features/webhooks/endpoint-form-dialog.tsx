import { useState } from 'react';
import { EVENT_TYPES } from '@cardepass/contract';
import { Field, FormError, SubmitButton, onSubmitOnce, useValidate, type FieldErrors } from '../../components/form.tsx';
import { Modal } from '../../components/modal.tsx';
import { useMessages } from '../../lib/i18n.tsx';
import { useCreateEndpoint, useUpdateEndpoint, type Endpoint, type EndpointWithSecret } from './api.ts';
import { webhookMessages } from './messages.ts';
import { SecretOnce } from './secret-once.tsx';

const URL_PATTERN = 'https?://.+';
const MAX_URL = 2048;
const MAX_DESCRIPTION = 500;

/** Event types ticked in the form; none ticked means every type (the API's null). */
function typesOf(form: HTMLFormElement): string[] | null {
  const ticked = new FormData(form).getAll('eventTypes').filter((v): v is string => typeof v === 'string');
  return ticked.length ? ticked : null;
}

function EndpointFields({ endpoint, errors }: { endpoint?: Endpoint; errors: FieldErrors }) {
  const t = useMessages(webhookMessages);
  const chosen = new Set(endpoint?.eventTypes ?? []);
  return (
    <>
      <Field label={t('url')} name="url" type="url" required maxLength={MAX_URL} pattern={URL_PATTERN} defaultValue={endpoint?.url ?? ''}
        data-pattern-message={t('urlPattern')} hint={t('urlHint')} error={errors.url} />
      <fieldset className="wh-types">
        <legend>{t('eventTypes')}</legend>
        <p className="hint">{t('eventTypesHint')}</p>
        {EVENT_TYPES.map((type) => (
          <label key={type} className="wh-check"><input type="checkbox" name="eventTypes" value={type} defaultChecked={chosen.has(type)} /> <code>{type}</code></label>
        ))}
      </fieldset>
      <Field label={t('description')} name="description" maxLength={MAX_DESCRIPTION} defaultValue={endpoint?.description ?? ''} error={errors.description} />
    </>
  );
}

/** New endpoint: URL, event types, description; the answer's secret is shown once, in this dialog. */
export function CreateEndpointDialog({ customerId, onClose }: { customerId: string | undefined; onClose: () => void }) {
  const t = useMessages(webhookMessages);
  const create = useCreateEndpoint();
  const validate = useValidate();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<EndpointWithSecret | null>(null);
  const submit = onSubmitOnce(create.isPending, (values, form) => {
    const found = validate(form);
    setErrors(found);
    if (Object.keys(found).length) return;
    create.mutate({ url: values.url!.trim(), eventTypes: typesOf(form), description: values.description?.trim() ?? '', customerId },
      { onSuccess: (endpoint) => setCreated(endpoint) });
  });
  if (created) {
    return (
      <Modal title={t('secretTitle')} onClose={onClose}>
        <SecretOnce endpointId={created.endpointId} secret={created.secret} />
        <div className="dialog-actions"><button type="button" className="button button-primary" onClick={onClose}>{t('secretDone')}</button></div>
      </Modal>
    );
  }
  return (
    <Modal title={t('newEndpoint')} busy={create.isPending} onClose={onClose} wide>
      <form noValidate onSubmit={submit}>
        <EndpointFields errors={errors} />
        <FormError error={create.error} />
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose} disabled={create.isPending}>{t('close')}</button>
          <SubmitButton pending={create.isPending}>{t('create')}</SubmitButton>
        </div>
      </form>
    </Modal>
  );
}

/** Edit an endpoint's URL, event types and description (enable/disable is its own button). */
export function EditEndpointDialog({ endpoint, onClose }: { endpoint: Endpoint; onClose: () => void }) {
  const t = useMessages(webhookMessages);
  const update = useUpdateEndpoint(endpoint.endpointId);
  const validate = useValidate();
  const [errors, setErrors] = useState<FieldErrors>({});
  const submit = onSubmitOnce(update.isPending, (values, form) => {
    const found = validate(form);
    setErrors(found);
    if (Object.keys(found).length) return;
    update.mutate({ url: values.url!.trim(), eventTypes: typesOf(form), description: values.description?.trim() || null }, { onSuccess: onClose });
  });
  return (
    <Modal title={t('editTitle', { endpointId: endpoint.endpointId })} busy={update.isPending} onClose={onClose} wide>
      <form noValidate onSubmit={submit}>
        <EndpointFields endpoint={endpoint} errors={errors} />
        <FormError error={update.error} />
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose} disabled={update.isPending}>{t('close')}</button>
          <SubmitButton pending={update.isPending}>{t('save')}</SubmitButton>
        </div>
      </form>
    </Modal>
  );
}
