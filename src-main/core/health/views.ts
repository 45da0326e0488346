import type {
  CustomerHealth,
  HealthBand,
  HealthConfig,
  HealthConfigState,
  HealthCustomerRef,
  HealthPreview,
  HealthSnapshot,
  PortfolioHealth,
  PortfolioHealthRow,
} from '../../../src-shared/contract/health';
import { AlertStore } from '../alerts';
import { addDays } from '../metrics';
import type { Store } from '../store';
import { arrowFor, headline, healthTrend, whatChanged } from './explain';
import { type ComponentInput, scoreHealth } from './score';
import { SnapshotStore } from './snapshotStore';

const HISTORY_SHOWN = 90;
const SPARKLINE_WEEKS = 12;

function customerRefs(store: Store): HealthCustomerRef[] {
  return store.sqlite
    .prepare('select id, name, owner, segment, arr, renewal_date as renewalDate from customers order by name')
    .all() as HealthCustomerRef[];
}

/** One customer's health: latest snapshot, trend, what changed since a week earlier, headline, 90-day history. */
export function customerHealth(store: Store, config: HealthConfigState, customerId: string): CustomerHealth {
  const customer = store.sqlite
    .prepare('select id, name, owner, segment, arr, renewal_date as renewalDate from customers where id = ?')
    .get(customerId) as HealthCustomerRef | undefined;
  if (!customer) throw new Error(`unknown customer ${customerId}`);
  const snapshots = new SnapshotStore(store.sqlite);
  const snapshot = snapshots.latest(customerId);
  const weekAgo = snapshot ? snapshots.get(customerId, addDays(snapshot.day, -7)) : null;
  const monthAgo = snapshot ? snapshots.get(customerId, addDays(snapshot.day, -30)) : null;
  const trend = healthTrend(snapshot, weekAgo, monthAgo, config.config.trendArrowPoints);
  const changes = snapshot && weekAgo ? whatChanged(snapshot, weekAgo) : [];
  const history = snapshot
    ? snapshots
        .scores(addDays(snapshot.day, 1 - HISTORY_SHOWN), snapshot.day, customerId)
        .map((s) => ({ day: s.day, score: s.score, band: s.band, coverage: s.coverage }))
    : [];
  return {
    customer,
    snapshot,
    trend,
    whatChanged: changes,
    comparedWith: weekAgo && weekAgo.configVersion === snapshot?.configVersion ? weekAgo.day : null,
    headline: headline(snapshot, trend, changes, config.config),
    history,
    openAlerts: new AlertStore(store.sqlite).activeCount(customerId),
  };
}

/**
 * Every customer's score, band, Δ7/Δ30, 12-week sparkline and open alerts, in two reads. Reads only
 * customers, health_snapshots and alerts (and the configuration it is given): HealthEngine.portfolio keys
 * its memo and the persisted copy on the 'health' generation that migration 0009's triggers move on every
 * write to those three tables. Reading another table here needs its triggers too.
 */
export function portfolioHealth(store: Store, config: HealthConfigState, owner?: string | null): PortfolioHealth {
  const snapshots = new SnapshotStore(store.sqlite);
  const latest = snapshots.latestAll();
  const counts = new AlertStore(store.sqlite).activeCounts();
  const lastDay = [...latest.values()].reduce<string | null>((m, s) => (m === null || s.day > m ? s.day : m), null);
  const byCustomer = new Map<string, Map<string, { score: number | null; configVersion: number }>>();
  if (lastDay) {
    // Only the days a row shows (weekly sparkline points, 7 and 30 days back) from each distinct latest
    // day, within the range the portfolio has always read: a tenth of the snapshots of a full range.
    const oldest = addDays(lastDay, -7 * SPARKLINE_WEEKS - 30);
    const wanted = new Set<string>();
    for (const day of new Set([...latest.values()].map((s) => s.day))) {
      for (let k = 0; k < SPARKLINE_WEEKS; k++) wanted.add(addDays(day, -7 * k));
      wanted.add(addDays(day, -30));
    }
    for (const s of snapshots.scoresOnDays([...wanted].filter((d) => d >= oldest && d <= lastDay))) {
      let m = byCustomer.get(s.customerId);
      if (!m) {
        m = new Map();
        byCustomer.set(s.customerId, m);
      }
      m.set(s.day, { score: s.score, configVersion: s.configVersion });
    }
  }
  const summary: PortfolioHealth['summary'] = {
    red: { customers: 0, arr: 0 },
    yellow: { customers: 0, arr: 0 },
    green: { customers: 0, arr: 0 },
    none: { customers: 0, arr: 0 },
  };
  const rows: PortfolioHealthRow[] = [];
  for (const customer of customerRefs(store)) {
    if (owner && (customer.owner ?? '').toLowerCase() !== owner.toLowerCase()) continue;
    const snap = latest.get(customer.id) ?? null;
    const days = byCustomer.get(customer.id) ?? new Map();
    const delta = (back: number): number | null => {
      if (!snap || snap.score === null) return null;
      const before = days.get(addDays(snap.day, -back));
      if (!before || before.score === null || before.configVersion !== snap.configVersion) return null;
      return snap.score - before.score;
    };
    const delta7 = delta(7);
    const delta30 = delta(30);
    const sparkline: PortfolioHealthRow['sparkline'] = [];
    if (snap) {
      for (let k = SPARKLINE_WEEKS - 1; k >= 0; k--) {
        const day = addDays(snap.day, -7 * k);
        const point = days.get(day);
        sparkline.push({ day, score: point && point.configVersion === snap.configVersion ? point.score : null });
      }
    }
    const bucket: HealthBand | 'none' = snap?.band ?? 'none';
    summary[bucket].customers++;
    summary[bucket].arr += customer.arr ?? 0;
    rows.push({
      customer,
      day: snap?.day ?? null,
      score: snap?.score ?? null,
      band: snap?.band ?? null,
      status: snap?.status ?? null,
      coverage: snap?.coverage ?? null,
      trend: {
        delta7,
        delta30,
        arrow7: arrowFor(delta7, config.config.trendArrowPoints),
        arrow30: arrowFor(delta30, config.config.trendArrowPoints),
      },
      sparkline,
      openAlerts: counts.get(customer.id) ?? 0,
    });
  }
  return { configVersion: config.version, rows, summary };
}

/** Inputs of a stored snapshot, ready to be scored again under another configuration. */
export function inputsOf(snapshot: HealthSnapshot): ComponentInput[] {
  return snapshot.components.map((c) => ({
    id: c.id,
    raw: c.raw,
    display: c.display,
    inputs: c.inputs,
    unavailable: c.raw === null ? (c.unavailable ?? 'no-data') : null,
  }));
}

/**
 * The settings page's live preview: every customer's latest snapshot re-scored under a proposed
 * configuration from its stored raw inputs (no metric is recomputed), with the band it has now.
 */
export function previewHealth(store: Store, proposed: HealthConfig): HealthPreview {
  const latest = new SnapshotStore(store.sqlite).latestAll();
  const zero = (): Record<HealthBand | 'none', number> => ({ red: 0, yellow: 0, green: 0, none: 0 });
  const preview: HealthPreview = { rows: [], current: zero(), proposed: zero(), changed: 0 };
  for (const customer of customerRefs(store)) {
    const snap = latest.get(customer.id);
    if (!snap) continue;
    const scored = scoreHealth(inputsOf(snap), proposed);
    const changed = scored.band !== snap.band;
    preview.rows.push({
      customer,
      day: snap.day,
      current: { score: snap.score, band: snap.band },
      proposed: { score: scored.score, band: scored.band, coverage: scored.coverage },
      changed,
    });
    preview.current[snap.band ?? 'none']++;
    preview.proposed[scored.band ?? 'none']++;
    if (changed) preview.changed++;
  }
  return preview;
}
