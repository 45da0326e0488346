import { describe, expect, it } from 'vitest';
import { defaultConfig, readForm, toForm } from './model';

describe('health settings form: the anomaly rule', () => {
  it('round-trips sensitivity, baseline weeks, minimum users and spikes', () => {
    const form = toForm(defaultConfig);
    expect(form.rules.anomaly).toEqual({
      enabled: true,
      sensitivity: 'medium',
      baselineWeeks: '8',
      minActiveUsers: '3',
      spikes: false,
    });
    form.rules.anomaly = { enabled: true, sensitivity: 'high', baselineWeeks: '6', minActiveUsers: '5', spikes: true };
    const { config, errors } = readForm(form, defaultConfig);
    expect(errors).toEqual({});
    expect(config?.rules.anomaly).toEqual({
      enabled: true,
      sensitivity: 'high',
      baselineWeeks: 6,
      minBaselineWeeks: 4,
      minActiveUsers: 5,
      spikes: true,
    });
  });

  it('says what is wrong with the numbers, and keeps the minimum history within a shorter baseline', () => {
    const form = toForm(defaultConfig);
    form.rules.anomaly.baselineWeeks = '2';
    form.rules.anomaly.minActiveUsers = 'many';
    const bad = readForm(form, defaultConfig);
    expect(bad.config).toBeNull();
    expect(bad.errors['rules.anomaly.baselineWeeks']).toBe('Enter a whole number of weeks from 3 to 12.');
    expect(bad.errors['rules.anomaly.minActiveUsers']).toMatch(/whole number of users/);
    form.rules.anomaly.baselineWeeks = '3';
    form.rules.anomaly.minActiveUsers = '3';
    expect(readForm(form, defaultConfig).config?.rules.anomaly).toMatchObject({ baselineWeeks: 3, minBaselineWeeks: 3 });
  });
});
