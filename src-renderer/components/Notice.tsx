import type { ReactNode } from 'react';

/** An inline message: 'error' for failures (announced), 'warning' for conditions, 'info' otherwise. */
export function Notice({
  tone,
  title,
  children,
  onDismiss,
}: {
  tone: 'error' | 'warning' | 'info';
  title?: string;
  children: ReactNode;
  onDismiss?: () => void;
}) {
  return (
    <div className={`notice notice-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <div className="notice-text">
        {title ? <strong>{title}</strong> : null}
        <span>{children}</span>
      </div>
      {onDismiss ? (
        <button type="button" className="button ghost" onClick={onDismiss}>
          Dismiss
        </button>
      ) : null}
    </div>
  );
}
