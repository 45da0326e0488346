import { useMemo } from 'react';
import { adoptionBarsOption } from '../../../../src-shared/charts/adoptionBars';
import { formatDay, formatNumber } from '../../../../src-shared/charts/format';
import { heatmapOption, heatmapZeroColor } from '../../../../src-shared/charts/heatmap';
import type { AccountMetrics, FeatureAdoption } from '../../../../src-shared/contract/metrics';
import { Chart } from '../Chart';
import { metricUnavailableText, percent } from '../text';
import { Kpi, NoData } from './shared';

export function FeaturesTab({ metrics }: { metrics: AccountMetrics }) {
  const features = metrics.features;
  if (!features)
    return <NoData title="No feature data for this account yet">{metricUnavailableText(metrics.unavailable)}</NoData>;
  return <FeaturesView features={features} timeZone={metrics.timezone} />;
}

function FeaturesView({ features, timeZone }: { features: FeatureAdoption; timeZone: string }) {
  const peerOf = useMemo(() => new Map(features.features.map((f) => [f.id, f.peerMedianAdoption])), [features]);
  const bars = useMemo(
    () =>
      adoptionBarsOption({
        features: features.features.map((f) => ({
          name: f.name,
          adoption: f.adoption,
          peer: f.peerMedianAdoption,
          users: f.users,
          core: f.core,
        })),
        limit: 20,
      }),
    [features],
  );
  const heat = useMemo(() => zeroDistinct(features, timeZone), [features, timeZone]);
  const shown = Math.min(20, features.features.length);
  return (
    <div className="account-tab-body" data-testid="features-tab">
      <div className="kpi-grid">
        <Kpi
          label="Core feature breadth"
          value={percent(features.breadth)}
          note={
            features.coreBasis === 'catalog'
              ? 'core features from the catalogue'
              : features.coreBasis === 'top-used'
                ? 'core = the most used features'
                : 'no core features'
          }
          testId="kpi-breadth"
        />
        <Kpi
          label="Active users"
          value={formatNumber(features.activeUsers)}
          note={`${formatDay(features.window.from)} – ${formatDay(features.window.to)}`}
        />
        <Kpi label="Never used" value={formatNumber(features.neverUsed.length)} testId="kpi-never-used" />
        <Kpi label="Stopped using" value={formatNumber(features.abandoned.length)} testId="kpi-abandoned" />
      </div>
      <div className="account-grid-2">
        <section aria-labelledby="feat-adoption">
          <h3 id="feat-adoption">Adoption</h3>
          {features.features.length === 0 ? (
            <NoData title="No feature usage in the window">
              Nobody of this account used a tracked feature in the last 30 days.
            </NoData>
          ) : (
            <Chart
              option={bars}
              label="Feature adoption, share of active users, with the peer median"
              height={Math.max(240, shown * 26 + 70)}
              caption={`Share of the ${formatNumber(features.activeUsers)} active users who used each feature; grey: median of peers in the same segment. ★ core feature.${features.features.length > shown ? ` Top ${shown} of ${features.features.length}.` : ''}`}
              testId="chart-adoption"
            />
          )}
        </section>
        <div className="account-stack">
          <FeatureList
            title="Not using"
            testId="not-using"
            empty="Every catalogue feature has been used at least once."
            items={features.neverUsed.map((f) => ({
              id: f.id,
              name: f.name,
              detail: 'never used',
              peer: peerOf.get(f.id) ?? null,
            }))}
          />
          <FeatureList
            title="Stopped using"
            testId="stopped-using"
            empty="No feature used in the previous 30 days went unused in the last 30."
            items={features.abandoned.map((f) => ({
              id: f.id,
              name: f.name,
              detail: f.lastUsedDay ? `last used ${formatDay(f.lastUsedDay)}` : 'not used recently',
              peer: peerOf.get(f.id) ?? null,
            }))}
          />
        </div>
      </div>
      <section aria-labelledby="feat-heat">
        <h3 id="feat-heat">Feature use by week</h3>
        {features.heatmap.features.length === 0 ? (
          <NoData title="No weekly feature data">Nothing to show for the synced weeks.</NoData>
        ) : (
          <Chart
            option={heat}
            label="Distinct users per feature per week"
            height={Math.max(240, features.heatmap.features.length * 24 + 90)}
            caption="Distinct users per feature and week. Grey = used by nobody that week (zero); blank = no data for that week."
            testId="chart-feature-heatmap"
          />
        )}
      </section>
    </div>
  );
}

function FeatureList({
  title,
  items,
  empty,
  testId,
}: {
  title: string;
  items: Array<{ id: string; name: string; detail: string; peer: number | null }>;
  empty: string;
  testId: string;
}) {
  return (
    <section aria-label={title} data-testid={testId}>
      <h3>
        {title} <span className="muted">({formatNumber(items.length)})</span>
      </h3>
      {items.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <table className="table compact">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">Feature</th>
              <th scope="col">Status</th>
              <th scope="col" className="numeric">
                Peer adoption
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id} data-feature={item.id}>
                <td>{item.name}</td>
                <td className="muted">{item.detail}</td>
                <td className="numeric">{item.peer === null ? 'no peer data' : percent(item.peer)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/**
 * The shared heatmap, with zero cells in their own series outside the colour scale: ECharts clamps a
 * value below the visualMap's min to the lowest scale colour, so a zero would read as "a few users".
 */
function zeroDistinct(features: FeatureAdoption, timeZone: string) {
  const option = heatmapOption({
    columns: features.heatmap.weeks,
    rows: features.heatmap.features.map((f) => f.name),
    values: features.heatmap.users,
    unit: 'users',
    timeZone,
  });
  const [main] = option.series;
  if (!main) return option;
  const zeros = main.data.filter((d) => d[2] === 0);
  return {
    ...option,
    tooltip: {
      ...option.tooltip,
      formatter: (p: { value?: unknown }) => {
        const [x, y, users] = Array.isArray(p.value) ? (p.value as number[]) : [];
        const week = x === undefined ? undefined : features.heatmap.weeks[x];
        const feature = y === undefined ? undefined : features.heatmap.features[y];
        if (!week || !feature) return '';
        return `${feature.name}<br/>Week of ${formatDay(week)}: <strong>${formatNumber(users ?? 0)} users</strong>`;
      },
    },
    visualMap: { ...option.visualMap, seriesIndex: 0 },
    series: [
      { ...main, data: main.data.filter((d) => d[2] !== 0) },
      { ...main, name: 'no users', data: zeros, itemStyle: { ...main.itemStyle, color: heatmapZeroColor } },
    ],
  };
}
