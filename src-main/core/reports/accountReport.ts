import {
  bandLabels,
  formatDay,
  formatNumber,
  funnelBarsOption,
  gaugeChartOption,
  healthHistoryOption,
  heatmapOption,
  lineChartOption,
  retentionCurveOption,
  vendorLabels,
} from '../../../src-shared/charts';
import type { AlertSummary, CustomerHealth } from '../../../src-shared/contract/health';
import type {
  AccountMetrics,
  DayRange,
  EngagementPoint,
  PortfolioMetrics,
  UserActivity,
} from '../../../src-shared/contract/metrics';
import type { ReportBlock, ReportModel, ReportSection, ReportSourceFreshness, ReportTable } from './model';
import { slug } from './model';
import { arrowText, dayRangeText, moneyText, percentText, scoreText, signedPercentText, signedPointsText } from './text';

/** What the account QBR report is built from: the core's results, nothing recomputed. */
export interface AccountReportInputs {
  today: string;
  timezone: string;
  generatedAt: number;
  /** The report period (complete days) and the equal period before it. */
  range: DayRange;
  previous: DayRange;
  /** accountMetrics with its series covering previous.from … range.to. */
  metrics: AccountMetrics;
  /** For the portfolio average DAU/MAU on the stickiness gauge. */
  portfolio: PortfolioMetrics | null;
  /** Null when the health engine has produced nothing for the customer yet. */
  health: CustomerHealth | null;
  healthCutoffs: { yellow: number; green: number };
  /** The customer's alerts (any status); null when alerts are not available. */
  alerts: AlertSummary[] | null;
  /** Customer commercials from the customer list. */
  commercials: { arr: number | null; renewalDate: string | null; owner: string | null; segment: string | null };
  /** The workspace privacy setting: readable user ids may be shown. */
  readableUserIds: boolean;
}

const CHART_WIDTH = 680;

const unavailableText: Record<string, string> = {
  'no-sessions-in-source': 'Pendo day buckets carry no sessions',
  'needs-event-level-data': 'needs event-level data: Pendo sends daily totals',
  'no-key-events': 'no key events are kept for this source (Settings → Key events)',
  'no-guides-in-source': 'guides exist only in Pendo',
  'no-linked-source': 'no vendor account is linked to this customer',
  'not-enough-history': 'not enough synced history yet',
};

interface PeriodSummary {
  days: number;
  avgDau: number | null;
  avgWau: number | null;
  mauAtEnd: number | null;
  avgDauMau: number | null;
  events: number;
  newUsers: number;
  sessions: number | null;
  firstDay: string | null;
}

/** Period figures read off the core's daily engagement series (A2): means and sums of its points. */
function summarise(series: readonly EngagementPoint[], range: DayRange): PeriodSummary {
  const points = series.filter((p) => p.day >= range.from && p.day <= range.to);
  const mean = (values: number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);
  const ratios = points.map((p) => p.dauMau).filter((v): v is number => v !== null);
  const sessions = points.map((p) => p.sessions);
  const last = points.at(-1);
  return {
    days: points.length,
    avgDau: mean(points.map((p) => p.dau)),
    avgWau: mean(points.map((p) => p.wau)),
    mauAtEnd: last && last.day === range.to ? last.mau : null,
    avgDauMau: mean(ratios),
    events: points.reduce((s, p) => s + p.events, 0),
    newUsers: points.reduce((s, p) => s + p.newUsers, 0),
    sessions: sessions.some((s) => s === null) ? null : sessions.reduce<number>((s, v) => s + (v ?? 0), 0),
    firstDay: points.find((p) => p.mau > 0 || p.events > 0)?.day ?? null,
  };
}

function change(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return (current - previous) / previous;
}

function userLabel(user: UserActivity, readable: boolean): string {
  if (readable && user.readableId) return user.readableId;
  return `User ${user.userKey.slice(0, 10)}`;
}

export function accountReportModel(inputs: AccountReportInputs): ReportModel {
  const m = inputs.metrics;
  const customer = m.customer;
  const source = m.source;
  const sourceName = source ? `${source.label} (${vendorLabels[source.vendor]})` : 'no source';
  const last30 = m.header ? dayRangeText(m.header.window) : 'last 30 complete days';
  const sections: ReportSection[] = [];
  const noSource = m.unavailable === 'no-linked-source' || !source;
  const noSourceBlock: ReportBlock = {
    type: 'empty',
    reason: `No usage data for ${customer.name}: no vendor account is linked to this customer yet (link one in Accounts → Unmatched).`,
  };
  const current = summarise(m.series, inputs.range);
  const previous = summarise(m.series, inputs.previous);
  const health = inputs.health;
  const snapshot = health?.snapshot ?? null;

  // ---- summary ---------------------------------------------------------------------------------------
  const summary: ReportBlock[] = [];
  summary.push({
    type: 'stats',
    items: [
      {
        label: 'Health',
        value: snapshot?.score != null ? scoreText(snapshot.score) : '–',
        detail: snapshot?.band
          ? `${bandLabels[snapshot.band]} (${snapshot.band})`
          : snapshot
            ? 'insufficient data'
            : 'not scored yet',
        band: snapshot?.band ?? null,
      },
      {
        label: 'Trend (30 days)',
        value: health ? signedPointsText(health.trend.delta30) : '–',
        detail: health ? arrowText(health.trend.arrow30) : 'no health history yet',
      },
      {
        label: 'Active users',
        value: m.header ? formatNumber(m.header.activeUsers) : '–',
        detail: m.header ? `${signedPercentText(m.header.activeUsersTrend.change)} vs previous 30 days` : 'no usage data',
      },
      {
        label: 'DAU/MAU',
        value: m.header ? percentText(m.header.stickinessRolling, 1) : '–',
        detail: `last 30 days, ${sourceName}`,
      },
    ],
  });
  const headlines: string[] = [];
  if (health?.headline) headlines.push(health.headline);
  for (const c of health?.whatChanged ?? []) headlines.push(c.text);
  if (current.avgDau !== null && previous.avgDau !== null && previous.days > 0) {
    headlines.push(
      `Average daily active users ${formatNumber(current.avgDau, 'en-US', 1)} this period vs ${formatNumber(previous.avgDau, 'en-US', 1)} the period before (${signedPercentText(change(current.avgDau, previous.avgDau))}).`,
    );
  }
  if (m.features?.abandoned.length)
    headlines.push(`${m.features.abandoned.length} feature(s) stopped being used in the last 30 days.`);
  const open = (inputs.alerts ?? []).filter((a) => a.status === 'open' || a.status === 'acknowledged');
  if (open.length)
    headlines.push(
      `${open.length} open alert(s): ${open
        .slice(0, 3)
        .map((a) => a.title)
        .join('; ')}.`,
    );
  if (headlines.length) summary.push({ type: 'list', items: headlines });
  else summary.push({ type: 'empty', reason: noSource ? noSourceBlock.reason : 'No notable changes in the period.' });
  sections.push({
    id: 'summary',
    title: 'Summary',
    window: `Health as of ${snapshot?.day ? formatDay(snapshot.day) : '–'}`,
    blocks: summary,
  });

  // ---- adoption and usage ----------------------------------------------------------------------------
  const usage: ReportBlock[] = [];
  if (noSource) usage.push(noSourceBlock);
  else {
    const inRange = m.series.filter((p) => p.day >= inputs.range.from && p.day <= inputs.range.to);
    // Days before the source's first synced activity are gaps, not zeros.
    const firstDay = m.series.find((p) => p.mau > 0 || p.events > 0)?.day ?? null;
    usage.push({
      type: 'chart',
      chart: {
        id: 'active-users',
        title: 'Active users',
        width: CHART_WIDTH,
        height: 250,
        option: lineChartOption({
          title: 'Active users (DAU, WAU, MAU)',
          unit: 'users',
          timeZone: inputs.timezone,
          series: (['dau', 'wau', 'mau'] as const).map((key) => ({
            name: key.toUpperCase(),
            points: inRange.map((p) => ({ day: p.day, value: firstDay !== null && p.day >= firstDay ? p[key] : null })),
            provisionalFrom: source?.provisionalFrom ?? null,
          })),
        }),
        caption: `${sourceName}. Dashed: days the next sync may still change.`,
      },
    });
    const average = portfolioAverageDauMau(inputs.portfolio);
    usage.push({
      type: 'columns',
      columns: [
        [
          {
            type: 'chart',
            chart: {
              id: 'stickiness',
              title: 'Stickiness',
              width: 320,
              height: 180,
              option: gaugeChartOption({
                title: 'Stickiness (DAU/MAU)',
                value: m.header?.stickinessRolling ?? null,
                benchmark: average,
              }),
              caption: `Last 30 complete days (${last30}). Needle: portfolio average ${percentText(average, 1)}.`,
            },
          },
        ],
        [{ type: 'table', table: quarterTable(current, previous) }],
      ],
    });
    if (previous.firstDay === null || previous.firstDay > inputs.previous.from) {
      usage.push({
        type: 'text',
        tone: 'muted',
        text:
          previous.firstDay === null
            ? `The previous period (${dayRangeText(inputs.previous)}) has no synced data, so there is nothing to compare with yet.`
            : `Synced data starts ${formatDay(previous.firstDay)}: the previous period (${dayRangeText(inputs.previous)}) is only partly covered.`,
      });
    }
    const core = (m.features?.features ?? []).filter((f) => f.core).sort((a, b) => (b.adoption ?? -1) - (a.adoption ?? -1));
    if (m.features && core.length > 0) {
      usage.push({
        type: 'table',
        table: {
          id: 'key-feature-adoption',
          title: 'Key-feature adoption',
          columns: [
            { key: 'feature', label: 'Key feature', kind: 'text' },
            { key: 'users', label: 'Users', kind: 'int' },
            { key: 'adoption', label: 'Adoption', kind: 'percent' },
            { key: 'peer_median_adoption', label: 'Peer median', kind: 'percent' },
            { key: 'last_used', label: 'Last used', kind: 'day' },
          ],
          rows: core.map((f) => ({
            feature: f.name,
            users: f.users,
            adoption: f.adoption,
            peer_median_adoption: f.peerMedianAdoption,
            last_used: f.lastUsedDay,
          })),
          htmlLimit: 12,
        },
      });
      usage.push({
        type: 'text',
        tone: 'muted',
        text: `Adoption = users of the feature / ${formatNumber(m.features.activeUsers)} active users, ${dayRangeText(m.features.window)}. Key features: ${
          m.features.coreBasis === 'catalog'
            ? 'marked in the vendor catalogue'
            : 'the most used ones (none are marked in the catalogue)'
        }. Breadth: ${percentText(m.features.breadth)} of key features used.`,
      });
    } else usage.push({ type: 'empty', reason: 'No key features to show: none are marked in the catalogue and none were used.' });
  }
  sections.push({
    id: 'adoption',
    title: 'Adoption and usage',
    window: `This period ${dayRangeText(inputs.range)} vs ${dayRangeText(inputs.previous)}`,
    blocks: usage,
  });

  // ---- retention -------------------------------------------------------------------------------------
  const retention: ReportBlock[] = [];
  if (noSource) retention.push(noSourceBlock);
  else if (!m.retention || m.retention.rows.length === 0)
    retention.push({ type: 'empty', reason: 'No new users in the last 8 weeks, so there is no cohort to follow yet.' });
  else {
    const t = m.retention;
    retention.push({
      type: 'chart',
      chart: {
        id: 'retention-curve',
        title: 'Retention',
        width: CHART_WIDTH,
        height: 240,
        option: retentionCurveOption({ title: 'Average weekly retention (new users)', period: t.period, points: t.averages }),
        caption:
          'Share of each weekly cohort of new users active again N weeks later, pooled over the cohorts whose week N is complete.',
      },
    });
    if (m.dayN) {
      const dn = m.dayN;
      const v = (x: { value: number | null; unavailable: string | null }) =>
        x.value !== null ? percentText(x.value, 1) : x.unavailable ? (unavailableText[x.unavailable] ?? x.unavailable) : '–';
      retention.push({ type: 'text', text: `Day-N retention of new users: D1 ${v(dn.d1)} · D7 ${v(dn.d7)} · D30 ${v(dn.d30)}.` });
    }
    const periods = Math.max(0, ...t.rows.map((r) => r.cells.length));
    const cohortTable: ReportTable = {
      id: 'retention-cohorts',
      title: 'Retention cohorts',
      columns: [
        { key: 'cohort', label: 'Cohort (week of)', kind: 'day' },
        { key: 'size', label: 'Users', kind: 'int' },
        ...Array.from({ length: periods - 1 }, (_, i) => ({
          key: `week_${i + 1}`,
          label: `W${i + 1}`,
          kind: 'percent' as const,
        })),
      ],
      rows: t.rows.map((r) => {
        const row: Record<string, string | number | null> = { cohort: r.cohort, size: r.size };
        for (const cell of r.cells) if (cell.period > 0) row[`week_${cell.period}`] = cell.rate;
        return row;
      }),
    };
    retention.push({ type: 'table', table: cohortTable });
  }
  sections.push({ id: 'retention', title: 'Retention', window: 'Weekly cohorts of the last 8 weeks', blocks: retention });

  // ---- onboarding funnel -----------------------------------------------------------------------------
  const funnel: ReportBlock[] = [];
  if (noSource) funnel.push(noSourceBlock);
  else if (!source?.eventLevel)
    funnel.push({ type: 'empty', reason: 'Funnels need event-level data: Pendo sends daily totals.' });
  else if (!m.onboarding)
    funnel.push({ type: 'empty', reason: 'No onboarding funnel: choose at least two key events in Settings → Key events.' });
  else {
    const f = m.onboarding;
    const words: string[] = [];
    f.steps.forEach((s, i) => {
      const prev = f.steps[i - 1];
      if (!prev || s.fromPrevious === null || prev.count === 0) return;
      const lost = 1 - s.fromPrevious;
      words.push(
        `${percentText(lost)} stop between ${prev.step} and ${s.step} (${formatNumber(prev.count - s.count)} of ${formatNumber(prev.count)}).`,
      );
    });
    if (f.dropOffStep) words.unshift(`Largest drop-off: before “${f.dropOffStep}”.`);
    words.push(
      `Overall conversion ${percentText(f.conversion.value, 1)}${
        f.benchmark?.conversion != null
          ? ` vs portfolio median ${percentText(f.benchmark.conversion, 1)} (${f.benchmark.accounts} accounts)`
          : ''
      }.`,
    );
    funnel.push({ type: 'list', items: words });
    funnel.push({
      type: 'chart',
      chart: {
        id: 'onboarding-funnel',
        title: 'Onboarding funnel',
        width: CHART_WIDTH,
        height: Math.max(140, 60 + f.steps.length * 38),
        option: funnelBarsOption({ title: `${f.name}: users reaching each step`, steps: f.steps }),
      },
    });
    funnel.push({
      type: 'table',
      table: {
        id: 'onboarding-funnel',
        title: 'Onboarding funnel',
        columns: [
          { key: 'step', label: 'Step', kind: 'text' },
          { key: 'users', label: 'Users', kind: 'int' },
          { key: 'overall', label: 'Of step 1', kind: 'percent' },
          { key: 'from_previous', label: 'From previous', kind: 'percent' },
          { key: 'drop_off', label: 'Dropped', kind: 'int' },
        ],
        rows: f.steps.map((s) => ({
          step: s.step,
          users: s.count,
          overall: s.overall,
          from_previous: s.fromPrevious,
          drop_off: s.dropOff,
        })),
      },
    });
  }
  sections.push({
    id: 'funnel',
    title: 'Onboarding funnel',
    window: m.onboarding ? dayRangeText(m.onboarding.range) : undefined,
    blocks: funnel,
  });

  // ---- features ---------------------------------------------------------------------------------------
  const features: ReportBlock[] = [];
  if (noSource) features.push(noSourceBlock);
  else if (!m.features || m.features.heatmap.features.length === 0)
    features.push({ type: 'empty', reason: 'No feature usage was synced for this account yet.' });
  else {
    const h = m.features.heatmap;
    const order = h.features
      .map((f, i) => ({ f, i, total: (h.users[i] ?? []).reduce((a, b) => a + b, 0) }))
      .sort((a, b) => b.total - a.total)
      .slice(0, 15);
    features.push({
      type: 'chart',
      chart: {
        id: 'feature-heatmap',
        title: 'Feature adoption by week',
        width: CHART_WIDTH,
        height: 90 + order.length * 22,
        option: heatmapOption({
          title: 'Users per feature per week',
          columns: h.weeks,
          rows: order.map((o) => o.f.name),
          values: order.map((o) => h.users[o.i] ?? []),
          timeZone: inputs.timezone,
          cellLabels: true,
        }),
        caption: `${order.length} most used of ${h.features.length} features. Grey = no user that week.`,
      },
    });
    const peerById = new Map(m.features.features.map((f) => [f.id, f.peerMedianAdoption]));
    const unused = [
      ...m.features.abandoned.map((f) => ({
        feature: f.name,
        status: 'stopped using',
        last_used: f.lastUsedDay,
        peer_median_adoption: peerById.get(f.id) ?? null,
      })),
      ...m.features.neverUsed.map((f) => ({
        feature: f.name,
        status: 'never used',
        last_used: null,
        peer_median_adoption: peerById.get(f.id) ?? null,
      })),
    ];
    if (unused.length === 0)
      features.push({ type: 'text', text: 'Every feature in the catalogue has been used by this account.' });
    else {
      features.push({
        type: 'table',
        table: {
          id: 'unused-features',
          title: 'Unused features',
          columns: [
            { key: 'feature', label: 'Feature', kind: 'text' },
            { key: 'status', label: 'Status', kind: 'text' },
            { key: 'last_used', label: 'Last used', kind: 'day' },
            { key: 'peer_median_adoption', label: 'Peer adoption', kind: 'percent' },
          ],
          rows: unused,
          htmlLimit: 15,
        },
      });
    }
    features.push({
      type: 'table',
      table: {
        id: 'feature-adoption',
        title: 'Feature adoption',
        columns: [
          { key: 'feature', label: 'Feature', kind: 'text' },
          { key: 'core', label: 'Key', kind: 'text' },
          { key: 'users', label: 'Users', kind: 'int' },
          { key: 'events', label: 'Events', kind: 'int' },
          { key: 'adoption', label: 'Adoption', kind: 'percent' },
          { key: 'peer_median_adoption', label: 'Peer median', kind: 'percent' },
        ],
        rows: m.features.features.map((f) => ({
          feature: f.name,
          core: f.core ? 'yes' : 'no',
          users: f.users,
          events: f.events,
          adoption: f.adoption,
          peer_median_adoption: f.peerMedianAdoption,
        })),
        csvOnly: true,
      },
    });
  }
  sections.push({
    id: 'features',
    title: 'Feature adoption and unused features',
    window: m.features ? `Heatmap: last 12 weeks · lists: ${dayRangeText(m.features.window)}` : undefined,
    blocks: features,
  });

  // ---- health ----------------------------------------------------------------------------------------
  const healthBlocks: ReportBlock[] = [];
  if (!health || !snapshot)
    healthBlocks.push({
      type: 'empty',
      reason: 'Health has not been scored for this account yet: it is computed after each sync.',
    });
  else {
    healthBlocks.push({
      type: 'text',
      tone: 'callout',
      text: `${snapshot.score !== null ? `Score ${scoreText(snapshot.score)}` : 'Insufficient data'}${
        snapshot.band ? `, ${bandLabels[snapshot.band]}` : ''
      }. ${health.headline} Coverage ${percentText(snapshot.coverage)} of the configured weight.`,
    });
    if (health.history.length > 1) {
      healthBlocks.push({
        type: 'chart',
        chart: {
          id: 'health-history',
          title: 'Health history',
          width: CHART_WIDTH,
          height: 220,
          option: healthHistoryOption({
            title: 'Health score',
            points: health.history,
            cutoffs: inputs.healthCutoffs,
            timeZone: inputs.timezone,
          }),
        },
      });
    }
    healthBlocks.push({
      type: 'table',
      table: {
        id: 'health-drivers',
        title: 'Health drivers',
        columns: [
          { key: 'component', label: 'Component', kind: 'text' },
          { key: 'input', label: 'Input', kind: 'text' },
          { key: 'score', label: 'Score', kind: 'score' },
          { key: 'weight_share', label: 'Weight', kind: 'percent' },
          { key: 'points', label: 'Points', kind: 'number' },
          { key: 'points_lost', label: 'Points lost', kind: 'number' },
        ],
        rows: snapshot.components
          .filter((c) => c.weight > 0)
          .map((c) => ({
            component: c.label,
            input: c.unavailable ? `unavailable (${c.unavailable})` : c.display,
            score: c.score,
            weight_share: c.share,
            points: c.points,
            points_lost: c.pointsLost,
          })),
      },
    });
    if (health.whatChanged.length) {
      healthBlocks.push({
        type: 'list',
        items: health.whatChanged.map((c) => c.text + (health.comparedWith ? ` (since ${formatDay(health.comparedWith)})` : '')),
      });
    }
  }
  sections.push({
    id: 'health',
    title: 'Health and its drivers',
    window: snapshot ? `As of ${formatDay(snapshot.day)}` : undefined,
    blocks: healthBlocks,
  });

  // ---- users -------------------------------------------------------------------------------------------
  const users: ReportBlock[] = [];
  if (noSource) users.push(noSourceBlock);
  else if (!m.users) users.push({ type: 'empty', reason: 'No user activity was synced for this account yet.' });
  else {
    const table = (id: string, title: string, rows: UserActivity[]): ReportTable => ({
      id,
      title,
      columns: [
        { key: 'user', label: inputs.readableUserIds ? 'User' : 'User (pseudonymous)', kind: 'text' },
        { key: 'active_days', label: 'Active days', kind: 'int' },
        { key: 'events', label: 'Events', kind: 'int' },
        { key: 'last_active', label: 'Last active', kind: 'day' },
      ],
      rows: rows.map((u) => ({
        user: userLabel(u, inputs.readableUserIds),
        active_days: u.activeDays,
        events: u.events,
        last_active: u.lastActiveDay,
      })),
      htmlLimit: 10,
    });
    const f = m.users.frequency;
    users.push({
      type: 'text',
      text: `Users active in the last 30 days by frequency: ${f.high} high, ${f.medium} medium, ${f.low} low.`,
    });
    users.push({
      type: 'columns',
      columns: [
        m.users.powerUsers.length
          ? [{ type: 'table', table: table('power-users', 'Power users', m.users.powerUsers) }]
          : [{ type: 'empty', reason: 'No power users in the last 30 days.' }],
        m.users.atRiskUsers.length
          ? [{ type: 'table', table: table('at-risk-users', 'Users going quiet', m.users.atRiskUsers) }]
          : [{ type: 'empty', reason: 'No previously active user has gone quiet.' }],
      ],
    });
    users.push({
      type: 'text',
      tone: 'muted',
      text: 'Left: most active days in the last 30 complete days. Right: active before, quiet for 14 days or more.',
    });
  }
  sections.push({ id: 'users', title: 'Key and power users', window: last30, blocks: users });

  // ---- alerts and risks ----------------------------------------------------------------------------
  const alertBlocks: ReportBlock[] = [];
  if (inputs.alerts === null)
    alertBlocks.push({ type: 'empty', reason: 'Alerts are not available yet: they are evaluated after each sync.' });
  else if (open.length === 0) alertBlocks.push({ type: 'empty', reason: 'No open alerts for this account.' });
  else {
    alertBlocks.push({
      type: 'table',
      table: {
        id: 'alerts',
        title: 'Open alerts',
        columns: [
          { key: 'severity', label: 'Severity', kind: 'text' },
          { key: 'alert', label: 'Alert', kind: 'text' },
          { key: 'status', label: 'Status', kind: 'text' },
          { key: 'opened_on', label: 'Opened', kind: 'day' },
          { key: 'suggested_action', label: 'Suggested action', kind: 'text' },
        ],
        rows: open.map((a) => ({
          severity: a.severity,
          alert: a.title,
          status: a.status,
          opened_on: a.openedOn,
          suggested_action: a.suggestedAction,
        })),
      },
    });
  }
  sections.push({ id: 'alerts', title: 'Alerts and risks', blocks: alertBlocks });

  // ---- commercials (internal) -------------------------------------------------------------------------
  const c = inputs.commercials;
  const daysLeft = c.renewalDate
    ? Math.round((Date.parse(`${c.renewalDate}T00:00:00Z`) - Date.parse(`${inputs.today}T00:00:00Z`)) / 86_400_000)
    : null;
  sections.push({
    id: 'commercials',
    title: 'Commercials',
    internal: true,
    pageBreakBefore: true,
    blocks: [
      {
        type: 'stats',
        items: [
          { label: 'ARR', value: moneyText(c.arr) },
          {
            label: 'Renewal',
            value: c.renewalDate ? formatDay(c.renewalDate) : '–',
            detail: daysLeft !== null ? `${daysLeft} days from today` : 'no renewal date',
          },
          { label: 'Owner', value: c.owner ?? '–' },
          { label: 'Segment', value: c.segment ?? '–' },
        ],
      },
      {
        type: 'text',
        tone: 'muted',
        text: 'Internal: this page is for the account team. Remove it before sharing the report with the customer.',
      },
    ],
  });

  // ---- next steps -------------------------------------------------------------------------------------
  sections.push({
    id: 'next-steps',
    title: 'Next steps',
    pageBreakBefore: true,
    blocks: [
      { type: 'text', tone: 'muted', text: 'Agreed actions, owners and dates.' },
      { type: 'lines', count: 14 },
    ],
  });

  return {
    kind: 'account',
    customerId: customer.id,
    customerName: customer.name,
    title: `${customer.name}: quarterly business review`,
    subtitle: `${dayRangeText(inputs.range)} · ${sourceName}`,
    fileStem: `qbr-${slug(customer.name)}-${inputs.range.from}-to-${inputs.range.to}`,
    period: inputs.range,
    generatedAt: new Date(inputs.generatedAt).toISOString(),
    timezone: inputs.timezone,
    sources: m.sources.map((s): ReportSourceFreshness => ({ label: s.label, vendor: s.vendor, dataThrough: s.dataThrough })),
    hasInternal: true,
    readableUserIds: inputs.readableUserIds,
    sections,
  };
}

function quarterTable(current: PeriodSummary, previous: PeriodSummary): ReportTable {
  const row = (metric: string, unit: string, a: number | null, b: number | null) => ({
    metric,
    unit,
    this_period: a,
    previous_period: previous.days > 0 ? b : null,
    change: previous.days > 0 ? change(a, b) : null,
  });
  return {
    id: 'period-comparison',
    title: 'This period vs the previous one',
    columns: [
      { key: 'metric', label: 'Metric', kind: 'text' },
      { key: 'unit', label: 'Unit', kind: 'text' },
      { key: 'this_period', label: 'This period', kind: 'number' },
      { key: 'previous_period', label: 'Previous', kind: 'number' },
      { key: 'change', label: 'Change', kind: 'percent' },
    ],
    rows: [
      row('Average DAU', 'users', current.avgDau, previous.avgDau),
      row('Average WAU', 'users', current.avgWau, previous.avgWau),
      row('MAU at period end', 'users', current.mauAtEnd, previous.mauAtEnd),
      row('Average DAU/MAU', 'ratio', current.avgDauMau, previous.avgDauMau),
      row('Events', 'events', current.events, previous.events),
      row('New users', 'users', current.newUsers, previous.newUsers),
      ...(current.sessions !== null ? [row('Sessions', 'sessions', current.sessions, previous.sessions)] : []),
    ],
  };
}

function portfolioAverageDauMau(portfolio: PortfolioMetrics | null): number | null {
  const values = (portfolio?.rows ?? []).map((r) => r.dauMau).filter((v): v is number => v !== null);
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}
