import type { ReactNode } from 'react';
import { type Vendor, vendorLabels } from '../../src-shared/charts/palette';
import './components.css';

/** A vendor's name on its colour (the same colour every chart uses for that vendor). */
export function VendorBadge({ vendor }: { vendor: Vendor }) {
  return <span className={`vendor-badge vendor-${vendor}`}>{vendorLabels[vendor]}</span>;
}

export type StatusTone = 'ok' | 'warn' | 'bad' | 'neutral' | 'info';

/** A short state word ("Succeeded", "Failed") in a tinted pill; never colour alone. */
export function StatusPill({ tone, children }: { tone: StatusTone; children: ReactNode }) {
  return <span className={`status-pill status-${tone}`}>{children}</span>;
}
