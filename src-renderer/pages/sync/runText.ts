import type { SyncRunSummary } from '../../../src-shared/contract';
import type { StatusTone } from '../../components/Badge';

export function outcomeLabel(outcome: SyncRunSummary['outcome']): string {
  switch (outcome) {
    case 'running':
      return 'Running';
    case 'succeeded':
      return 'Succeeded';
    case 'failed':
      return 'Failed';
    case 'cancelled':
      return 'Cancelled';
    case 'interrupted':
      return 'Interrupted';
  }
}

export function outcomeTone(outcome: SyncRunSummary['outcome']): StatusTone {
  switch (outcome) {
    case 'running':
      return 'info';
    case 'succeeded':
      return 'ok';
    case 'failed':
      return 'bad';
    case 'cancelled':
    case 'interrupted':
      return 'warn';
  }
}

export function triggerLabel(trigger: string): string {
  if (trigger === 'manual') return 'By hand';
  if (trigger === 'schedule' || trigger === 'scheduled') return 'Scheduled';
  if (trigger === 'cli') return 'Command line';
  return trigger.charAt(0).toUpperCase() + trigger.slice(1);
}

/** "Accuracy 100 %" style text: null means the vendor gives no totals to compare with. */
export function accuracyText(pct: number | null): string {
  if (pct === null) return 'n/a';
  return `${pct >= 99.95 && pct < 100 ? '99.9' : pct.toFixed(pct === 100 ? 0 : 1)} %`;
}
