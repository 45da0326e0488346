import type { ComponentPropsWithRef, ReactNode } from 'react';
import './components.css';

export type ButtonVariant = 'primary' | 'secondary' | 'ghost' | 'danger';

export interface ButtonProps extends ComponentPropsWithRef<'button'> {
  variant?: ButtonVariant;
  /** Shows a spinner, disables the button and marks it aria-busy; `busyLabel` replaces the text meanwhile. */
  busy?: boolean;
  busyLabel?: ReactNode;
  size?: 'normal' | 'small';
}

/** The one button. Defaults to type="button" so it never submits a form by accident. */
export function Button({
  variant = 'secondary',
  busy = false,
  busyLabel,
  size = 'normal',
  className,
  disabled,
  children,
  type = 'button',
  ...rest
}: ButtonProps) {
  const classes = ['button', variant === 'secondary' ? '' : variant, size === 'small' ? 'small' : '', className ?? '']
    .filter(Boolean)
    .join(' ');
  return (
    <button {...rest} type={type} className={classes} disabled={disabled || busy} aria-busy={busy || undefined}>
      {busy ? <span className="spinner" aria-hidden="true" /> : null}
      {busy && busyLabel ? busyLabel : children}
    </button>
  );
}
