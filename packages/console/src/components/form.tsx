import { useId, type FormEvent, type InputHTMLAttributes, type ReactNode } from 'react';
import { useT } from '../lib/i18n.tsx';
import { ErrorText } from './states.tsx';

/**
 * Form primitives. Fields validate in the browser first (required, lengths, patterns: the messages are
 * ours, in the user's language); what the server refuses is shown as its own message, which it answers
 * in the user's language. A form never submits twice: the button is disabled while the request runs,
 * and `onSubmitOnce` ignores a second submit (Enter pressed twice) before React re-renders.
 */
export interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  name: string;
  error?: string | undefined;
  hint?: ReactNode;
}

export function Field({ label, name, error, hint, ...input }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined} {...input} />
      {hint ? <p id={hintId} className="hint">{hint}</p> : null}
      {error ? <p id={errorId} className="field-error">{error}</p> : null}
    </div>
  );
}

export function SubmitButton({ pending, children }: { pending: boolean; children: ReactNode }) {
  const t = useT();
  return (
    <button type="submit" className="button button-primary" disabled={pending} aria-busy={pending || undefined}>
      {pending ? t('form.working') : children}
    </button>
  );
}

/** The server's refusal of the whole form, announced. */
export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  return <div className="form-error" role="alert"><ErrorText error={error} /></div>;
}

/** Field errors from the browser's own constraint checks, in the user's language (not the browser's). */
export type FieldErrors = Record<string, string>;

export function useValidate(): (form: HTMLFormElement) => FieldErrors {
  const t = useT();
  return (form) => {
    const errors: FieldErrors = {};
    for (const element of Array.from(form.elements)) {
      if (!(element instanceof HTMLInputElement) || !element.name || element.validity.valid) continue;
      const { validity } = element;
      errors[element.name] = validity.valueMissing ? t('form.required')
        : validity.tooShort ? t('form.tooShort', { min: element.minLength })
        : validity.typeMismatch && element.type === 'email' ? t('form.email')
        : element.dataset.patternMessage ?? t('form.pattern');
    }
    return errors;
  };
}

/** onSubmit that runs `submit` with the form's values unless a submit is already running. */
export function onSubmitOnce(pending: boolean, submit: (values: Record<string, string>, form: HTMLFormElement) => void) {
  let running = false;
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending || running) return;
    running = true;
    const form = event.currentTarget;
    const values: Record<string, string> = {};
    new FormData(form).forEach((value, key) => { if (typeof value === 'string') values[key] = value; });
    submit(values, form);
  };
}
