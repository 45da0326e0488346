import type { EChartsCoreOption } from 'echarts/core';
import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import { formatDay, formatNumber } from '../../../src-shared/charts/format';
import { lineChartOption } from '../../../src-shared/charts/lineSeries';
import { bandColors, bandLabels, type Vendor, vendorLabels } from '../../../src-shared/charts/palette';
import type { ReportFormat } from '../../../src-shared/contract/reports';
import { useEChart } from '../../charts/useEChart';
import { VendorBadge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { plainError } from '../../components/errors';
import { Loading } from '../../components/Loading';
import { Notice } from '../../components/Notice';
import { toast } from '../../components/Toast';
import { FirstRunPanel } from '../../firstRun/FirstRunPanel';
import { bridge } from '../../lib/bridge';
import { useSettings } from '../../lib/settings';
import { useTheme } from '../../lib/theme';
import { useCoreData } from '../../lib/useCoreData';
import { preloadAccountPage, warmUpAccountCharts } from '../account/warmUp';
import { loadPortfolio, takeEarlyPortfolio } from './loadPortfolio';
import {
  type BandFilter,
  buildEntries,
  daysDefault,
  defaultSort,
  distinct,
  type Filters,
  filterEntries,
  noFilters,
  type PortfolioEntry,
  portfolioHealthTrend,
  type SortKey,
  type SortState,
  sortEntries,
} from './model';
import { daysAgo, formatMoney, formatRatio, HealthCell, RenewalCell, Sparkline } from './parts';
import './portfolio.css';

const pageSize = 50;
/**
 * After the table's first render: later than the 200 ms a page needs free of long tasks to count as
 * interactive, so the warm-up never holds up the portfolio itself.
 */
const accountWarmUpDelayMs = 300;

/** The home screen: every customer, riskiest renewals first. */
export function PortfolioPage() {
  // The first portfolio mounted takes the calls main.tsx started early (null afterwards).
  const data = useCoreData(loadPortfolio, ['customers', 'metrics', 'alerts', 'connections'], takeEarlyPortfolio());
  const { settings, update } = useSettings();
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [sort, setSort] = useState<SortState>(defaultSort);
  const [page, setPage] = useState(0);
  const [pickingOwner, setPickingOwner] = useState(false);

  const today = data.value?.metrics.today ?? new Date().toISOString().slice(0, 10);
  const entries = useMemo(
    () => (data.value ? buildEntries(data.value.metrics, data.value.health, data.value.directory, today) : []),
    [data.value, today],
  );
  const owners = useMemo(() => distinct(entries, (e) => e.owner), [entries]);
  const segments = useMemo(() => distinct(entries, (e) => e.segment), [entries]);
  const vendors = useMemo(() => distinct(entries, (e) => e.vendor) as Vendor[], [entries]);
  const visible = useMemo(() => sortEntries(filterEntries(entries, filters), sort), [entries, filters, sort]);
  const pages = Math.max(1, Math.ceil(visible.length / pageSize));
  const current = Math.min(page, pages - 1);
  const shown = visible.slice(current * pageSize, current * pageSize + pageSize);

  const setFilter = useCallback(<K extends keyof Filters>(key: K, value: Filters[K]) => {
    setFilters((f) => ({ ...f, [key]: value }));
    setPage(0);
  }, []);

  // Once the table is up, the Account page gets ready while the user looks at it (its chunk in the first
  // idle moment, its chart code a little later), so the first account opened is as quick as the next.
  const theme = useTheme();
  const hasAccounts = entries.length > 0;
  useEffect(() => {
    if (!hasAccounts) return;
    preloadAccountPage();
    warmUpAccountCharts(theme, accountWarmUpDelayMs);
  }, [hasAccounts, theme]);

  const me = settings?.currentOwner ?? null;
  const mine = me !== null && filters.owner === me;
  const toggleMine = () => {
    if (mine) setFilter('owner', 'all');
    else if (me) setFilter('owner', me);
    else setPickingOwner(true);
  };

  if (data.status === 'loading') return <Loading label="Loading the portfolio…" lines={6} />;
  if (!data.value) {
    return (
      <div className="page">
        <Notice tone="error" title="The portfolio could not be loaded.">
          {data.error}{' '}
          <button type="button" className="button ghost" onClick={data.reload}>
            Try again
          </button>
        </Notice>
      </div>
    );
  }
  if (entries.length === 0) {
    return (
      <div className="page">
        <p className="page-lead">Every customer with health, trend, renewal and usage, riskiest renewals first.</p>
        <EmptyState
          icon="portfolio"
          title="No customers yet"
          actions={
            <a className="button primary" href="#/settings">
              Open Settings
            </a>
          }
        >
          <p>Connect Pendo, Amplitude or Mixpanel in Settings, or try Pulse on sample data first.</p>
          <FirstRunPanel />
          <p className="muted">
            Once a source has synced, each customer appears here with its health score, 12-week trend, ARR, renewal date, active
            users and open alerts.
          </p>
        </EmptyState>
      </div>
    );
  }

  const timeZone = settings?.timezone ?? 'UTC';
  return (
    <div className="page portfolio-page">
      {data.status === 'error' ? (
        <Notice tone="warning" title="Showing the last loaded numbers.">
          {data.error}
        </Notice>
      ) : null}
      <Summary health={data.value.health} entries={entries} />
      <div className="portfolio-top">
        <TrendChart entries={entries} timeZone={timeZone} window={data.value.metrics.window} />
        <ExportCard />
      </div>

      <section className="card portfolio-table-card" aria-labelledby="portfolio-table-title">
        <div className="portfolio-toolbar">
          <h2 id="portfolio-table-title">Customers</h2>
          <Button
            variant={mine ? 'primary' : 'secondary'}
            aria-pressed={mine}
            onClick={toggleMine}
            title={me ? `Only ${me}'s customers` : 'Choose who you are first'}
          >
            My accounts{me ? ` (${me})` : ''}
          </Button>
          {pickingOwner ? (
            <OwnerPicker
              owners={owners}
              onPick={async (owner) => {
                setPickingOwner(false);
                try {
                  await update({ currentOwner: owner });
                  setFilter('owner', owner);
                  toast(`You are ${owner}: "My accounts" shows their customers.`);
                } catch (error) {
                  toast(plainError(error), 'error');
                }
              }}
              onCancel={() => setPickingOwner(false)}
            />
          ) : null}
          <span className="portfolio-count" role="status" aria-live="polite">
            {visible.length === entries.length
              ? `${formatNumber(entries.length)} customers`
              : `${formatNumber(visible.length)} of ${formatNumber(entries.length)} customers`}
          </span>
        </div>
        <FilterBar
          filters={filters}
          owners={owners}
          segments={segments}
          vendors={vendors}
          onChange={setFilter}
          onReset={() => {
            setFilters(noFilters);
            setPage(0);
          }}
        />
        <PortfolioTable
          rows={shown}
          sort={sort}
          today={today}
          onSort={(key) => {
            setSort((s) =>
              s.key === key ? { key, direction: s.direction === 'asc' ? 'desc' : 'asc' } : { key, direction: daysDefault(key) },
            );
            setPage(0);
          }}
        />
        {visible.length === 0 ? (
          <p className="table-empty-note">
            No customer matches these filters.{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setFilters(noFilters);
                setPage(0);
              }}
            >
              Clear the filters
            </button>
          </p>
        ) : null}
        {pages > 1 ? (
          <nav className="pager" aria-label="Pages of customers">
            <Button size="small" onClick={() => setPage(current - 1)} disabled={current === 0}>
              Previous
            </Button>
            <span>
              Page {current + 1} of {pages} · rows {current * pageSize + 1}–{Math.min(visible.length, (current + 1) * pageSize)}
            </span>
            <Button size="small" onClick={() => setPage(current + 1)} disabled={current >= pages - 1}>
              Next
            </Button>
          </nav>
        ) : null}
        <p className="muted table-foot">
          Usage: last 30 complete days ({formatDay(data.value.metrics.window.from)} – {formatDay(data.value.metrics.window.to)},{' '}
          {timeZone}) on each customer's primary source. Health trend: change over 7 days.
        </p>
      </section>
    </div>
  );
}

function Summary({
  health,
  entries,
}: {
  health: { summary: Record<string, { customers: number; arr: number }> };
  entries: PortfolioEntry[];
}) {
  const s = health.summary;
  const renewing = entries.filter((e) => e.renewalInDays !== null && e.renewalInDays >= 0 && e.renewalInDays <= 90);
  const atRisk = (s.red?.arr ?? 0) + (s.yellow?.arr ?? 0);
  const bands = ['red', 'yellow', 'green'] as const;
  return (
    <section className="portfolio-summary" aria-label="Portfolio summary">
      {bands.map((band) => (
        <div key={band} className="summary-tile" data-band={band} style={{ ['--band' as string]: bandColors[band] }}>
          <span className="summary-label">
            <span className="band-swatch" aria-hidden="true" />
            {bandLabels[band]}
          </span>
          <strong className="summary-value">{formatNumber(s[band]?.customers ?? 0)}</strong>
          <span className="summary-sub">{formatMoney(s[band]?.arr ?? 0)} ARR</span>
        </div>
      ))}
      <div className="summary-tile" data-band="none">
        <span className="summary-label">Insufficient data</span>
        <strong className="summary-value">{formatNumber(s.none?.customers ?? 0)}</strong>
        <span className="summary-sub">{formatMoney(s.none?.arr ?? 0)} ARR</span>
      </div>
      <div className="summary-tile summary-risk" data-testid="arr-at-risk">
        <span className="summary-label">ARR at risk</span>
        <strong className="summary-value">{formatMoney(atRisk)}</strong>
        <span className="summary-sub">At risk and Watch bands</span>
      </div>
      <div className="summary-tile">
        <span className="summary-label">Renewing in 90 days</span>
        <strong className="summary-value">{formatNumber(renewing.length)}</strong>
        <span className="summary-sub">{formatMoney(renewing.reduce((sum, e) => sum + (e.arr ?? 0), 0))} ARR</span>
      </div>
    </section>
  );
}

function TrendChart({
  entries,
  timeZone,
  window,
}: {
  entries: PortfolioEntry[];
  timeZone: string;
  window: { from: string; to: string };
}) {
  const trend = useMemo(() => portfolioHealthTrend(entries).filter((p) => p.value !== null), [entries]);
  const hasScores = trend.length >= 2;
  const activeTotal = entries.reduce((sum, e) => sum + (e.activeUsers ?? 0), 0);
  const eventsNow = entries.reduce((sum, e) => sum + (e.events30d ?? 0), 0);
  const option = useMemo(
    () =>
      hasScores
        ? lineChartOption({
            series: [{ name: 'Average health score', points: trend.map((p) => ({ day: p.day, value: p.value })) }],
            unit: 'score',
            timeZone,
            area: true,
          })
        : null,
    [hasScores, trend, timeZone],
  );
  const ref = useEChart(option as EChartsCoreOption | null);
  return (
    <section className="card portfolio-trend" aria-labelledby="portfolio-trend-title">
      <h2 id="portfolio-trend-title">Portfolio health, last 12 weeks</h2>
      <p className="muted trend-facts">
        {formatNumber(activeTotal)} active users and {formatNumber(eventsNow)} events in the last 30 complete days (
        {formatDay(window.from, 'en-US', false)} – {formatDay(window.to)}).
      </p>
      {hasScores ? (
        <div
          ref={ref}
          className="chart portfolio-trend-chart"
          role="img"
          aria-label="Average health score of scored customers per week"
        />
      ) : trend.length === 1 && trend[0] ? (
        <p className="chart-empty">
          Only one week has health scores so far: the average was <strong>{formatNumber(trend[0].value, 'en-US', 0)}</strong> over{' '}
          {formatNumber(trend[0].scored)} scored customers in the week to {formatDay(trend[0].day)}. The trend line appears after
          a second week of scores.
        </p>
      ) : (
        <p className="chart-empty">
          No customer has a health score yet: scores need enough synced history for most health inputs (retention and trajectory
          need several weeks). Customers show "Insufficient data" until then.
        </p>
      )}
    </section>
  );
}

function ExportCard() {
  const [busy, setBusy] = useState<ReportFormat | null>(null);
  const [result, setResult] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);
  const run = async (format: ReportFormat) => {
    setBusy(format);
    setResult(null);
    try {
      const outcome = await bridge.call('reports.export', { kind: 'portfolio', format });
      if (outcome.status === 'saved') {
        setResult({
          tone: 'info',
          text: `Saved ${outcome.files.length === 1 ? outcome.entry.path : `${outcome.files.length} files in ${outcome.entry.path}`}`,
        });
      } else {
        setResult({
          tone: 'info',
          text: 'This window cannot print PDFs. Export HTML and print it from your browser, or use the desktop app.',
        });
      }
    } catch (error) {
      setResult({ tone: 'error', text: plainError(error) });
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="card portfolio-export" aria-labelledby="portfolio-export-title">
      <h2 id="portfolio-export-title">Portfolio report</h2>
      <p className="muted">Bands with ARR, accounts at risk, renewals in the next 90 days and the full table.</p>
      <div className="button-row">
        {(['pdf', 'html', 'csv'] as const).map((format) => (
          <Button key={format} size="small" busy={busy === format} onClick={() => run(format)} disabled={busy !== null}>
            {format.toUpperCase()}
          </Button>
        ))}
      </div>
      {result ? (
        <p
          className={result.tone === 'error' ? 'form-error' : 'export-result'}
          role={result.tone === 'error' ? 'alert' : 'status'}
        >
          {result.text}
        </p>
      ) : null}
    </section>
  );
}

function OwnerPicker({ owners, onPick, onCancel }: { owners: string[]; onPick(owner: string): void; onCancel(): void }) {
  const [owner, setOwner] = useState(owners[0] ?? '');
  return (
    <fieldset className="owner-picker" aria-label="Who are you?">
      <label>
        I am{' '}
        <select value={owner} onChange={(e) => setOwner(e.target.value)} aria-label="Your name as account owner">
          {owners.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      <Button size="small" variant="primary" onClick={() => onPick(owner)} disabled={!owner}>
        Save
      </Button>
      <Button size="small" variant="ghost" onClick={onCancel}>
        Cancel
      </Button>
    </fieldset>
  );
}

function FilterBar({
  filters,
  owners,
  segments,
  vendors,
  onChange,
  onReset,
}: {
  filters: Filters;
  owners: string[];
  segments: string[];
  vendors: Vendor[];
  onChange<K extends keyof Filters>(key: K, value: Filters[K]): void;
  onReset(): void;
}) {
  const active = JSON.stringify(filters) !== JSON.stringify(noFilters);
  return (
    <search className="portfolio-filters" aria-label="Filter customers">
      <label className="filter filter-search">
        <span>Search</span>
        <input
          aria-label="Search"
          type="search"
          placeholder="Name or domain"
          value={filters.search}
          onChange={(e) => onChange('search', e.target.value)}
        />
      </label>
      <label className="filter">
        <span>Owner</span>
        <select aria-label="Owner" value={filters.owner} onChange={(e) => onChange('owner', e.target.value)}>
          <option value="all">All owners</option>
          {owners.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span>Health</span>
        <select aria-label="Health" value={filters.band} onChange={(e) => onChange('band', e.target.value as BandFilter)}>
          <option value="all">All bands</option>
          <option value="red">{bandLabels.red}</option>
          <option value="yellow">{bandLabels.yellow}</option>
          <option value="green">{bandLabels.green}</option>
          <option value="insufficient">Insufficient data</option>
        </select>
      </label>
      <label className="filter">
        <span>Segment</span>
        <select aria-label="Segment" value={filters.segment} onChange={(e) => onChange('segment', e.target.value)}>
          <option value="all">All segments</option>
          {segments.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span>Source</span>
        <select
          aria-label="Source"
          value={filters.source}
          onChange={(e) => onChange('source', e.target.value as Filters['source'])}
        >
          <option value="all">All sources</option>
          {vendors.map((v) => (
            <option key={v} value={v}>
              {vendorLabels[v]}
            </option>
          ))}
          <option value="none">No source linked</option>
        </select>
      </label>
      <label className="filter">
        <span>Renewal</span>
        <select
          aria-label="Renewal"
          value={filters.renewalWithin === null ? 'any' : String(filters.renewalWithin)}
          onChange={(e) => onChange('renewalWithin', e.target.value === 'any' ? null : Number(e.target.value))}
        >
          <option value="any">Any time</option>
          <option value="30">Within 30 days</option>
          <option value="90">Within 90 days</option>
          <option value="180">Within 180 days</option>
          <option value="365">Within a year</option>
        </select>
      </label>
      {active ? (
        <Button size="small" variant="ghost" onClick={onReset}>
          Clear filters
        </Button>
      ) : null}
    </search>
  );
}

const columns: Array<{ key: SortKey | null; label: string; numeric?: boolean; sortLabel?: string }> = [
  { key: 'name', label: 'Customer' },
  { key: 'owner', label: 'Owner' },
  { key: 'health', label: 'Health' },
  { key: null, label: '12-week health' },
  { key: 'arr', label: 'ARR', numeric: true },
  { key: 'renewal', label: 'Renewal' },
  { key: 'activeUsers', label: 'Active users', numeric: true },
  { key: 'dauMau', label: 'DAU/MAU', numeric: true },
  { key: 'lastActivity', label: 'Last activity' },
  { key: 'openAlerts', label: 'Open alerts', numeric: true },
  { key: 'source', label: 'Source' },
];

function PortfolioTable({
  rows,
  sort,
  today,
  onSort,
}: {
  rows: PortfolioEntry[];
  sort: SortState;
  today: string;
  onSort(key: SortKey): void;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="table-scroll portfolio-scroll" tabIndex={0} aria-label="Customers table">
      <table className="table portfolio-table" data-testid="portfolio-table">
        <caption className="visually-hidden">
          Customers,{' '}
          {sort.key === 'risk'
            ? 'sorted by risk: At risk and Watch first, renewal soonest first'
            : `sorted by ${columns.find((c) => c.key === sort.key)?.label} ${sort.direction === 'asc' ? 'ascending' : 'descending'}`}
        </caption>
        <thead>
          <tr>
            {columns.map((column) => {
              const sorted = column.key !== null && sort.key === column.key;
              return (
                <th
                  key={column.label}
                  scope="col"
                  className={column.numeric ? 'numeric' : undefined}
                  aria-sort={sorted ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}
                >
                  {column.key ? (
                    <button type="button" className="sort-button" onClick={() => onSort(column.key as SortKey)}>
                      {column.label}
                      <span className="sort-mark" aria-hidden="true">
                        {sorted ? (sort.direction === 'asc' ? '↑' : '↓') : '↕'}
                      </span>
                    </button>
                  ) : (
                    column.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <Row key={row.id} row={row} today={today} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

const Row = memo(function Row({ row, today }: { row: PortfolioEntry; today: string }) {
  return (
    <tr data-customer-id={row.id} className={row.renewalInDays !== null && row.renewalInDays <= 90 ? 'row-renewing' : undefined}>
      <th scope="row" data-column="name" className="customer-cell">
        <a href={`#/account/${encodeURIComponent(row.id)}`}>{row.name}</a>
        <span className="customer-meta">{[row.segment, row.domain].filter(Boolean).join(' · ') || '\u00a0'}</span>
      </th>
      <td data-column="owner">{row.owner ?? <span className="muted">Unassigned</span>}</td>
      <td data-column="health">
        <HealthCell entry={row} />
      </td>
      <td data-column="sparkline">
        <Sparkline points={row.sparkline} label={`${row.name} health, 12 weeks`} />
      </td>
      <td data-column="arr" className="numeric">
        {formatMoney(row.arr)}
      </td>
      <td data-column="renewal">
        <RenewalCell entry={row} />
      </td>
      <td data-column="activeUsers" className="numeric">
        {row.activeUsers === null ? '–' : formatNumber(row.activeUsers)}
      </td>
      <td data-column="dauMau" className="numeric">
        {formatRatio(row.dauMau)}
      </td>
      <td data-column="lastActivity">
        {row.lastActivityDay ? (
          <span className="stacked">
            <span>{formatDay(row.lastActivityDay)}</span>
            <span className="muted">{daysAgo(row.lastActivityDay, today)}</span>
          </span>
        ) : (
          <span className="muted">No activity</span>
        )}
      </td>
      <td data-column="openAlerts" className="numeric">
        {row.openAlerts > 0 ? (
          <a
            href={`#/account/${encodeURIComponent(row.id)}/alerts`}
            className="alert-count"
            aria-label={`${row.openAlerts} open alerts for ${row.name}`}
          >
            {formatNumber(row.openAlerts)}
          </a>
        ) : (
          <span className="muted">0</span>
        )}
      </td>
      <td data-column="source">
        {row.vendor ? (
          <span className="stacked">
            <VendorBadge vendor={row.vendor} />
            <span className="muted">{row.dataThrough ? `as of ${formatDay(row.dataThrough)}` : 'not synced yet'}</span>
          </span>
        ) : (
          <span className="muted">No source linked</span>
        )}
      </td>
    </tr>
  );
});
