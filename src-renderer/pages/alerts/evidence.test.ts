import { describe, expect, it } from 'vitest';
import type { AlertSummary } from '../../../src-shared/contract/health';
import { evidenceText, ruleLabels } from './evidence';

const anomaly = (evidence: Record<string, unknown>): AlertSummary => ({
  id: 1,
  customer: { id: 'c1', name: 'Acme' },
  owner: null,
  rule: 'anomaly',
  subject: 'activeUsers',
  status: 'open',
  severity: 'critical',
  title: 'Daily active users unusually low',
  evidence,
  suggestedAction: '',
  openedOn: '2026-03-17',
  lastFiredOn: '2026-03-17',
  createdAt: 0,
  statusChangedAt: 0,
  closedBy: null,
  note: null,
});

describe('anomaly evidence', () => {
  it('reads as observed vs expected range, the baseline behind it and the confirming days', () => {
    const lines = evidenceText(
      anomaly({
        metric: 'activeUsers',
        direction: 'drop',
        day: '2026-03-17',
        observed: 8,
        expected: { low: 15, median: 20, high: 25 },
        baselineDays: [
          { day: '2026-03-10', value: 20 },
          { day: '2026-03-03', value: 21 },
          { day: '2026-02-24', value: 0 },
          { day: '2026-02-17', value: 19.5 },
        ],
        recent: [
          { day: '2026-03-13', status: 'normal' },
          { day: '2026-03-16', status: 'drop' },
          { day: '2026-03-17', status: 'drop' },
        ],
        sensitivity: 'medium',
        source: 'Amplitude (demo)',
      }),
    );
    expect(ruleLabels.anomaly).toBe('Anomaly');
    expect(lines[0]).toMatch(/^Daily active users: observed 8 on .*; expected 15 – 25 \(usual 20\) \(Amplitude \(demo\)\)\.$/);
    expect(lines[1]).toBe('Expected range from the last 4 Tuesdays: 20, 21, 0, 19.5 (median ± spread, medium sensitivity).');
    expect(lines[2]).toMatch(/^Outside the range on 2 of the last 3 judged days: /);
  });

  it('tolerates missing evidence fields (an alert written by another Pulse version)', () => {
    const lines = evidenceText(anomaly({ metric: 'events' }));
    expect(lines[0]).toMatch(/^Events: observed – on –; expected – – –/);
    expect(lines).toHaveLength(3);
  });
});

describe('no-activity evidence', () => {
  const noActivity = (evidence: Record<string, unknown>): AlertSummary => ({ ...anomaly(evidence), rule: 'noActivity' });

  it('names the last active day and how long the account has been quiet', () => {
    expect(
      evidenceText(
        noActivity({
          lastActivityDay: '2026-03-01',
          quietDays: 16,
          evaluatedDay: '2026-03-17',
          thresholdDays: 14,
          source: 'Pendo',
        }),
      ),
    ).toEqual(['Last activity on Mar 1, 2026: quiet for 16 days as of Mar 17, 2026 (Pendo).', 'Fires after 14 quiet days.']);
  });

  it('says so plainly when the synced history has no activity at all', () => {
    expect(
      evidenceText(
        noActivity({
          lastActivityDay: null,
          quietDays: 56,
          evaluatedDay: '2026-11-22',
          thresholdDays: 14,
          source: 'Pendo (demo)',
        }),
      )[0],
    ).toBe('No activity at all in the 56 days of synced history up to Nov 22, 2026 (Pendo (demo)).');
  });
});
