import { useId, type ReactNode, type SelectHTMLAttributes } from 'react';

/** A labelled <select>, laid out like form.tsx's Field (which is for <input>s). */
export function SelectField({ label, name, error, hint, children, ...select }: Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> & {
  label: string; name: string; error?: string | undefined; hint?: ReactNode; children: ReactNode;
}) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined} {...select}>
        {children}
      </select>
      {hint ? <p id={hintId} className="hint">{hint}</p> : null}
      {error ? <p id={errorId} className="field-error">{error}</p> : null}
    </div>
  );
}
