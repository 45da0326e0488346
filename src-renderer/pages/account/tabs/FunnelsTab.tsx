import { useMemo, useState } from 'react';
import { formatDay, formatNumber } from '../../../../src-shared/charts/format';
import { funnelBarsOption } from '../../../../src-shared/charts/funnelBars';
import { vendorLabels } from '../../../../src-shared/charts/palette';
import type { AccountMetrics, FunnelResult, SavedFunnelInfo } from '../../../../src-shared/contract/metrics';
import { Loading } from '../../../components/Loading';
import { bridge } from '../../../lib/bridge';
import { useCoreData } from '../../../lib/useCoreData';
import { Chart } from '../Chart';
import { FunnelBreakdownPanel } from '../FunnelBreakdownPanel';
import { dropOffSentence, durationText, metricUnavailableText, percent } from '../text';
import { Kpi, NoData } from './shared';

export function FunnelsTab({ metrics }: { metrics: AccountMetrics }) {
  const [choice, setChoice] = useState<string>(ONBOARDING);
  const source = metrics.source;
  const funnel = metrics.onboarding;
  if (!source) return <NoData title="No funnel data for this account yet">{metricUnavailableText(metrics.unavailable)}</NoData>;
  if (!metrics.sources.some((s) => s.eventLevel)) {
    return (
      <NoData title="Funnels are not available for this account" testId="funnels-unavailable">
        Funnels need event-level data (Amplitude or Mixpanel): {vendorLabels[source.vendor]} sends daily totals. Link this
        customer to an Amplitude or Mixpanel account to see its onboarding funnel.
      </NoData>
    );
  }
  const saved = metrics.savedFunnels.find((f) => f.funnelId === choice) ?? null;
  return (
    <div className="account-tab-body">
      {metrics.savedFunnels.length > 0 ? (
        <label className="funnel-picker">
          <span>Funnel</span>
          <select
            value={saved ? saved.funnelId : ONBOARDING}
            onChange={(e) => setChoice(e.target.value)}
            data-testid="funnel-picker"
          >
            <option value={ONBOARDING}>Onboarding (key events)</option>
            <optgroup label="Saved in Mixpanel">
              {metrics.savedFunnels.map((f) => (
                <option key={`${f.connectionId}:${f.funnelId}`} value={f.funnelId}>
                  {f.name} ({f.steps.length} steps)
                </option>
              ))}
            </optgroup>
          </select>
        </label>
      ) : null}
      {saved ? (
        // keyed: a new choice is a new load, never the previous funnel's numbers
        <SavedFunnel key={`${saved.connectionId}:${saved.funnelId}`} customerId={metrics.customer.id} funnel={saved} />
      ) : !funnel || funnel.conversion.unavailable ? (
        <NoData title="No onboarding funnel" testId="funnel-unavailable">
          {metricUnavailableText(funnel?.conversion.unavailable ?? 'no-key-events', funnel?.source.vendor ?? source.vendor)}
        </NoData>
      ) : (
        <>
          <FunnelView funnel={funnel} />
          <FunnelBreakdownPanel customerId={metrics.customer.id} funnel={funnel} />
        </>
      )}
    </div>
  );
}

const ONBOARDING = '__onboarding__';

/** A Mixpanel saved funnel, computed by Pulse over the synced key events of this customer. */
function SavedFunnel({ customerId, funnel }: { customerId: string; funnel: SavedFunnelInfo }) {
  const data = useCoreData(
    () =>
      bridge.call('metrics.funnel', { customer: customerId, savedFunnelId: funnel.funnelId, connection: funnel.connectionId }),
    ['metrics'],
  );
  if (data.status === 'error' && !data.value) return <NoData title={`${funnel.name} could not be computed`}>{data.error}</NoData>;
  if (!data.value) return <Loading label={`Computing ${funnel.name}`} />;
  if (data.value.conversion.unavailable) {
    return (
      <NoData title={`${funnel.name} is not available`} testId="funnel-unavailable">
        {metricUnavailableText(data.value.conversion.unavailable, data.value.source.vendor)}
      </NoData>
    );
  }
  return <FunnelView funnel={data.value} />;
}

function FunnelView({ funnel }: { funnel: FunnelResult }) {
  const first = funnel.steps[0]?.count ?? 0;
  const benchmark = funnel.benchmark?.conversion ?? null;
  const option = useMemo(() => {
    const built = funnelBarsOption({
      steps: funnel.steps,
      // The contract gives the portfolio median of the whole funnel's conversion: a ghost bar on the last step.
      benchmark: benchmark === null ? undefined : funnel.steps.map((_, i) => (i === funnel.steps.length - 1 ? benchmark : null)),
    });
    // whole users on the axis (small accounts would otherwise get 0.5-user ticks)
    return { ...built, xAxis: { ...built.xAxis, minInterval: 1 } };
  }, [funnel, benchmark]);
  if (first === 0) {
    return (
      <NoData title={`Nobody entered the ${funnel.name.toLowerCase()} funnel`}>
        No user of this account did “{funnel.steps[0]?.step}” between {formatDay(funnel.range.from)} and{' '}
        {formatDay(funnel.range.to)}.
      </NoData>
    );
  }
  const sentence = dropOffSentence(funnel);
  return (
    <div className="account-tab-body" data-testid="funnels-tab" data-funnel={funnel.name}>
      <div className="kpi-grid">
        <Kpi label={`${funnel.name} conversion`} value={percent(funnel.conversion.value, 1)} testId="kpi-conversion" />
        <Kpi
          label="Portfolio median"
          value={benchmark === null ? 'n/a' : percent(benchmark, 1)}
          note={
            funnel.benchmark
              ? `${formatNumber(funnel.benchmark.accounts)} accounts on ${vendorLabels[funnel.source.vendor]}`
              : 'no peers'
          }
          testId="kpi-benchmark"
        />
        <Kpi label="Entered" value={`${formatNumber(first)} users`} />
        <Kpi label="Median time to convert" value={durationText(funnel.medianSecondsToConvert)} />
      </div>
      {sentence ? (
        <p className="callout" data-testid="funnel-dropoff">
          <strong>Biggest drop-off:</strong> {sentence}
        </p>
      ) : null}
      <Chart
        option={option}
        label={`${funnel.name} funnel: users per step`}
        height={Math.max(220, funnel.steps.length * 44)}
        caption={`${formatDay(funnel.range.from)} – ${formatDay(funnel.range.to)}, steps in order within ${durationText(funnel.windowSeconds)}. Grey ghost bar: the portfolio median conversion.`}
        testId="chart-funnel"
      />
      <table className="table compact" data-testid="funnel-steps">
        <caption className="visually-hidden">Funnel steps</caption>
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col" className="numeric">
              Users
            </th>
            <th scope="col" className="numeric">
              From previous
            </th>
            <th scope="col" className="numeric">
              Of step 1
            </th>
            <th scope="col" className="numeric">
              Median time from previous
            </th>
          </tr>
        </thead>
        <tbody>
          {funnel.steps.map((step) => (
            <tr key={step.step} className={step.step === funnel.dropOffStep ? 'row-flag' : undefined}>
              <th scope="row">
                {step.step}
                {step.step === funnel.dropOffStep ? <span className="muted"> (largest drop)</span> : null}
              </th>
              <td className="numeric">{formatNumber(step.count)}</td>
              <td className="numeric">{percent(step.fromPrevious)}</td>
              <td className="numeric">{percent(step.overall)}</td>
              <td className="numeric">{durationText(step.medianSeconds)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
