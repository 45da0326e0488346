import { type ReactNode, useId } from 'react';

/**
 * A compact number box for the health settings: typed as text (so what the CSM typed stays visible
 * while it is wrong), with a unit after it and the problem in words right underneath, wired to the
 * input with aria-describedby / aria-invalid.
 */
export function NumberField({
  label,
  hideLabel = false,
  value,
  onChange,
  error,
  hint,
  unit,
  disabled,
  field,
}: {
  label: ReactNode;
  /** The label stays for screen readers when a column header already says it on screen. */
  hideLabel?: boolean;
  value: string;
  onChange(value: string): void;
  error?: string | undefined;
  hint?: ReactNode;
  unit?: string;
  disabled?: boolean;
  /** The form path ("weights.engagement"), for focusing the first problem and for tests. */
  field: string;
}) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`hs-number${error ? ' has-error' : ''}`}>
      <label htmlFor={id} className={hideLabel ? 'visually-hidden' : 'hs-number-label'}>
        {label}
      </label>
      <span className="hs-number-box">
        <input
          id={id}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          data-field={field}
          value={value}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.value)}
        />
        {unit ? (
          <span className="hs-unit" aria-hidden="true">
            {unit}
          </span>
        ) : null}
      </span>
      {hint ? (
        <p className="form-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="form-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
