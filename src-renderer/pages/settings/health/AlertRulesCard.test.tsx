import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AlertRulesCard } from './AlertRulesCard';
import { defaultConfig, toForm } from './model';

describe('alert rules card', () => {
  it('offers the anomaly rule with its sensitivity, baseline, minimum users and spikes', () => {
    const html = renderToStaticMarkup(
      <AlertRulesCard rules={toForm(defaultConfig).rules} errors={{}} onChange={() => undefined} />,
    );
    const anomaly = html.slice(html.indexOf('data-rule="anomaly"'));
    expect(anomaly).toContain('Anomaly');
    expect(anomaly).toMatch(/<option value="medium" selected="">Medium<\/option>/);
    expect(anomaly).toContain('Low: stark departures only');
    expect(anomaly).toContain('Compared with the last');
    expect(anomaly).toContain('Ignore days usually below');
    expect(anomaly).toContain('Also flag unusual rises (info)');
  });
});
