import { describe, expect, it } from 'vitest';
import defaults from '../../../resources/default-settings.json';
import type { Settings } from '../../../src-shared/contract';
import { settingsToGiveBack } from './demoWorkspaceService';

const before = { timezone: 'America/Chicago', backfillDays: 60, lookbackDays: 5 };
const set = { timezone: 'UTC', backfillDays: 120, lookbackDays: 3 };
const now = (patch: Partial<Settings>): Settings => ({ ...(defaults as Settings), ...set, ...patch });

describe('settings the demo gives back on removal', () => {
  it('gives back every value the demo set and the user left alone', () => {
    expect(settingsToGiveBack(now({}), { before, set })).toEqual(before);
  });

  it('keeps what the user chose while the demo was on', () => {
    expect(settingsToGiveBack(now({ timezone: 'Europe/Paris', backfillDays: 30 }), { before, set })).toEqual({ lookbackDays: 5 });
    expect(settingsToGiveBack(now({ timezone: 'Europe/Paris', backfillDays: 30, lookbackDays: 7 }), { before, set })).toEqual({});
  });

  it('patches nothing that the demo did not change', () => {
    expect(settingsToGiveBack(now({}), { before: { ...before, timezone: 'UTC', lookbackDays: 3 }, set })).toEqual({
      backfillDays: 60,
    });
  });
});
