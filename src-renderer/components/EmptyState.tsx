import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon';

/** What a page shows when it has nothing to show: always says why and what to do next. */
export function EmptyState({
  title,
  icon,
  children,
  actions,
}: {
  title: string;
  icon: IconName;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <section className="empty-state" aria-label={title}>
      <div className="empty-state-mark" aria-hidden="true">
        <Icon name={icon} size={22} />
      </div>
      <h2>{title}</h2>
      <div className="empty-state-body">{children}</div>
      {actions ? <div className="empty-state-actions">{actions}</div> : null}
    </section>
  );
}
