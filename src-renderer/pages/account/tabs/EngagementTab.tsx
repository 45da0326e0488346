import { useCallback, useMemo, useRef } from 'react';
import { dayBarsOption } from '../../../../src-shared/charts/dayBars';
import { formatDay, formatNumber } from '../../../../src-shared/charts/format';
import { gaugeChartOption } from '../../../../src-shared/charts/gauge';
import { lineChartOption } from '../../../../src-shared/charts/lineSeries';
import { seriesColors } from '../../../../src-shared/charts/palette';
import type { AccountMetrics } from '../../../../src-shared/contract/metrics';
import { useCoreData } from '../../../lib/useCoreData';
import { BreakdownPanel } from '../BreakdownPanel';
import { Chart } from '../Chart';
import type { EngagementPrefetch } from '../loadAccount';
import { loadPortfolioAverage } from '../portfolioAverage';
import { SavedReportsPanel } from '../SavedReportsPanel';
import { changeText, metricUnavailableText, percent, sourceName } from '../text';
import { Kpi, NoData } from './shared';

/** First day drawn dashed: the incomplete current day, or the first provisional one before it. */
export function provisionalStart(series: AccountMetrics['series']): string | null {
  return series.find((p) => p.incomplete || p.provisional)?.day ?? null;
}

/** Days before the account's first activity in the synced history are not zeros: they are left out. */
export function fromFirstActivity(series: AccountMetrics['series']): AccountMetrics['series'] {
  const first = series.findIndex((p) => p.mau > 0 || p.events > 0);
  return first <= 0 ? series : series.slice(first);
}

export function EngagementTab({
  metrics,
  initialPortfolioAverage,
  panelCalls,
}: {
  metrics: AccountMetrics;
  /** Loaded with the account (see portfolioAverage.ts); undefined = not loaded, ask here. */
  initialPortfolioAverage?: number | null | undefined;
  /** The panels' calls, started with the account's (loadAccount); null = the panels ask themselves. */
  panelCalls?: EngagementPrefetch | null | undefined;
}) {
  const { header, source, timezone } = metrics;
  const series = useMemo(() => fromFirstActivity(metrics.series), [metrics.series]);
  const from = provisionalStart(series);
  // Kept current here (it refetches when metrics change); until it answers, the value loaded with the
  // account draws the gauge, and the same number later leaves the gauge's option (and drawing) as is.
  const prefetched = useRef(initialPortfolioAverage);
  const loadAverage = useCallback(() => {
    // The first answer is the one loaded with the account: no second call on opening the tab.
    const value = prefetched.current;
    prefetched.current = undefined;
    return value !== undefined ? Promise.resolve(value) : loadPortfolioAverage();
  }, []);
  const portfolio = useCoreData(loadAverage, ['metrics']);
  const portfolioAverage = portfolio.status === 'ready' ? portfolio.value : initialPortfolioAverage;

  const activeOption = useMemo(
    () =>
      lineChartOption({
        unit: 'users',
        timeZone: timezone,
        series: [
          {
            name: 'DAU',
            points: series.map((p) => ({ day: p.day, value: p.dau })),
            provisionalFrom: from,
            color: seriesColors[0],
          },
          {
            name: 'WAU',
            points: series.map((p) => ({ day: p.day, value: p.wau })),
            provisionalFrom: from,
            color: seriesColors[1],
          },
          {
            name: 'MAU',
            points: series.map((p) => ({ day: p.day, value: p.mau })),
            provisionalFrom: from,
            color: seriesColors[2],
          },
        ],
      }),
    [series, timezone, from],
  );
  const eventsOption = useMemo(
    () =>
      dayBarsOption({
        name: 'Events',
        unit: 'events',
        timeZone: timezone,
        provisionalFrom: from,
        points: series.map((p) => ({ day: p.day, value: p.events })),
      }),
    [series, timezone, from],
  );
  const hasSessions = header?.sessions.unavailable === null && series.some((p) => p.sessions !== null);
  const sessionsOption = useMemo(
    () =>
      hasSessions
        ? dayBarsOption({
            name: 'Sessions',
            unit: 'sessions',
            timeZone: timezone,
            provisionalFrom: from,
            color: seriesColors[4],
            points: series.map((p) => ({ day: p.day, value: p.sessions })),
          })
        : null,
    [series, timezone, from, hasSessions],
  );
  const gaugeOption = useMemo(
    () => gaugeChartOption({ value: header?.stickinessRolling ?? null, benchmark: portfolioAverage ?? null }),
    [header?.stickinessRolling, portfolioAverage],
  );

  if (!header || !source) {
    return <NoData title="No engagement data for this account yet">{metricUnavailableText(metrics.unavailable)}</NoData>;
  }
  const dashed = 'Dashed: the current day is incomplete and the last days may still change on the next sync.';
  return (
    <div className="account-tab-body" data-testid="engagement-tab">
      <p className="muted">
        From {sourceName(source.vendor, source.label)}, {formatDay(header.window.from)} – {formatDay(header.window.to)}; DAU, WAU
        and MAU as of {formatDay(header.asOf)}.
      </p>
      <div className="kpi-grid">
        <Kpi label="DAU" value={formatNumber(header.dau)} testId="kpi-dau" />
        <Kpi label="WAU" value={formatNumber(header.wau)} testId="kpi-wau" />
        <Kpi label="MAU" value={formatNumber(header.mau)} testId="kpi-mau" />
        <Kpi label="DAU/MAU (30-day mean)" value={percent(header.stickinessRolling, 1)} testId="kpi-stickiness" />
        <Kpi
          label="Events, 30 days"
          value={formatNumber(header.events)}
          note={changeText(header.eventsTrend.change)}
          testId="kpi-events"
        />
        <Kpi
          label="Sessions, 30 days"
          value={header.sessions.value === null ? 'n/a' : formatNumber(header.sessions.value)}
          note={header.sessions.unavailable ? metricUnavailableText(header.sessions.unavailable, source.vendor) : undefined}
          testId="kpi-sessions"
        />
        <Kpi label="New users" value={formatNumber(header.newUsers)} testId="kpi-new-users" />
        <Kpi
          label="Active days"
          value={`${formatNumber(header.activeDays)} of 30`}
          note={header.lastActivityDay ? `last activity ${formatDay(header.lastActivityDay)}` : 'no activity'}
        />
      </div>
      <div className="account-grid-2-1">
        <section aria-labelledby="eng-active">
          <h3 id="eng-active">Active users</h3>
          <Chart
            option={activeOption}
            label={`Daily, weekly and monthly active users, ${timezone}`}
            caption={dashed}
            testId="chart-active-users"
          />
        </section>
        <section aria-labelledby="eng-sticky">
          <h3 id="eng-sticky">Stickiness (DAU/MAU)</h3>
          <Chart
            option={gaugeOption}
            label={`DAU/MAU ${percent(header.stickinessRolling, 1)}; portfolio average ${percent(portfolioAverage ?? null, 1)}`}
            height={230}
            caption={
              <>
                This account {percent(header.stickinessRolling, 1)}; the dark needle is the portfolio average{' '}
                <strong data-testid="portfolio-average">
                  {portfolioAverage !== undefined ? percent(portfolioAverage ?? null, 1) : '…'}
                </strong>
                .
                {header.stickinessMonth
                  ? ` Last full month (${monthName(header.stickinessMonth.month)}): ${percent(header.stickinessMonth.value, 1)}.`
                  : ''}
              </>
            }
            testId="chart-stickiness"
          />
        </section>
      </div>
      <div className="account-grid-2">
        <section aria-labelledby="eng-events">
          <h3 id="eng-events">Event volume</h3>
          <Chart
            option={eventsOption}
            label={`Events per day, ${timezone}`}
            height={240}
            caption="Hollow bars: incomplete or provisional days."
          />
        </section>
        <section aria-labelledby="eng-sessions">
          <h3 id="eng-sessions">Sessions</h3>
          {sessionsOption ? (
            <Chart
              option={sessionsOption}
              label={`Sessions per day, ${timezone}`}
              height={240}
              caption="Hollow bars: incomplete or provisional days."
            />
          ) : (
            <NoData title="Sessions not available for this source">
              {metricUnavailableText(header.sessions.unavailable ?? 'no-sessions-in-source', source.vendor)}
            </NoData>
          )}
        </section>
      </div>
      <section aria-labelledby="eng-top">
        <h3 id="eng-top">Top events, 30 days</h3>
        {metrics.topEvents.length === 0 ? (
          <p className="muted">No events in the last 30 days.</p>
        ) : (
          <table className="table compact">
            <caption className="visually-hidden">Top events</caption>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col" className="numeric">
                  Events
                </th>
                <th scope="col" className="numeric">
                  Users
                </th>
              </tr>
            </thead>
            <tbody>
              {metrics.topEvents.slice(0, 10).map((e) => (
                <tr key={e.name}>
                  <td>{e.name}</td>
                  <td className="numeric">{formatNumber(e.events)}</td>
                  <td className="numeric">{formatNumber(e.users)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {source.vendor !== 'pendo' ? (
        <BreakdownPanel customerId={metrics.customer.id} connectionId={source.connectionId} prefetched={panelCalls?.breakdown} />
      ) : null}
      <SavedReportsPanel customerId={metrics.customer.id} timezone={timezone} prefetched={panelCalls?.savedReports} />
    </div>
  );
}

/** "2026-10" → "October 2026" (a calendar label, so formatted in UTC). */
function monthName(month: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;
  return new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(
    new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)),
  );
}
