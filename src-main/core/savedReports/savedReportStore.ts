import { createHash } from 'node:crypto';
import {
  CoreError,
  type CustomerSavedReports,
  type SavedReportInfo,
  type SavedReportKind,
  type SavedReportSeries,
} from '../../../src-shared/contract';
import type { Store } from '../store';

interface Row {
  id: string;
  connection_id: string;
  label: string;
  kind: SavedReportKind;
  report_id: string;
  name: string;
  breakdown: string | null;
  by_account: number;
  picked_at: number;
  synced_at: number | null;
  last_error: string | null;
  values_count: number;
  first_day: string | null;
  last_day: string | null;
}

const SELECT = `select r.*, c.label as label,
    (select count(*) from saved_report_results v where v.saved_report_id = r.id) as values_count,
    (select min(day) from saved_report_results v where v.saved_report_id = r.id) as first_day,
    (select max(day) from saved_report_results v where v.saved_report_id = r.id) as last_day
  from saved_reports r join connections c on c.id = r.connection_id`;

function toInfo(row: Row): SavedReportInfo {
  return {
    id: row.id,
    connectionId: row.connection_id,
    connectionLabel: row.label,
    kind: row.kind,
    reportId: row.report_id,
    name: row.name,
    breakdown: row.breakdown,
    byAccount: row.by_account === 1,
    pickedAt: row.picked_at,
    syncedAt: row.synced_at,
    lastError: row.last_error,
    values: row.values_count,
    firstDay: row.first_day,
    lastDay: row.last_day,
  };
}

/** Which report kind a vendor offers; Pendo has none Pulse can sync. */
export function reportKindFor(vendor: string): SavedReportKind {
  if (vendor === 'mixpanel') return 'mixpanel-insights';
  if (vendor === 'amplitude') return 'amplitude-chart';
  throw new CoreError(
    'BAD_REQUEST',
    `Saved reports come from Mixpanel (insights, by bookmark id) or Amplitude (saved charts, by chart id); this is a ${vendor} connection.`,
  );
}

/** The name a report gets when the CSM gives none (replaced by the vendor's title when it has one). */
export function placeholderName(kind: string, reportId: string): string {
  return kind === 'mixpanel-insights' ? `Mixpanel report ${reportId}` : `Amplitude chart ${reportId}`;
}

/** The saved reports a CSM picked, and their stored values. */
export class SavedReportStore {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  pick(connection: { id: string; vendor: string }, reportId: string, name: string | null): SavedReportInfo {
    const kind = reportKindFor(connection.vendor);
    if (kind === 'mixpanel-insights' && !/^\d+$/.test(reportId)) {
      throw new CoreError(
        'BAD_REQUEST',
        `"${reportId}" is not a Mixpanel bookmark id: use the number after "report-" or "bookmark_id=" in the report's URL.`,
      );
    }
    const id = createHash('sha256').update(`${connection.id}\u0000${kind}\u0000${reportId}`).digest('hex').slice(0, 16);
    const fallback = placeholderName(kind, reportId);
    this.store.sqlite
      .prepare(
        `insert into saved_reports (id, connection_id, kind, report_id, name, picked_at) values (?,?,?,?,?,?)
         on conflict (connection_id, kind, report_id) do update set name = coalesce(?, saved_reports.name)`,
      )
      .run(id, connection.id, kind, reportId, name ?? fallback, this.now(), name);
    return this.get(id);
  }

  unpick(connectionId: string, reportId: string): boolean {
    return (
      this.store.sqlite.prepare('delete from saved_reports where connection_id = ? and report_id = ?').run(connectionId, reportId)
        .changes > 0
    );
  }

  get(id: string): SavedReportInfo {
    const row = this.store.sqlite.prepare(`${SELECT} where r.id = ?`).get(id) as Row | undefined;
    if (!row) throw new CoreError('NOT_FOUND', 'There is no such saved report.');
    return toInfo(row);
  }

  list(connectionId: string | null): SavedReportInfo[] {
    const rows = this.store.sqlite
      .prepare(`${SELECT} where (? is null or r.connection_id = ?) order by c.label, r.name`)
      .all(connectionId, connectionId) as Row[];
    return rows.map(toInfo);
  }

  /** By-account reports' series for the customer's linked accounts (plus nothing else). */
  forCustomer(customerId: string, range: { from: string; to: string } | null): CustomerSavedReports {
    const rows = this.store.sqlite
      .prepare(
        `select v.saved_report_id as reportId, v.series, v.segment, v.day, v.value
         from saved_report_results v
         join saved_reports r on r.id = v.saved_report_id and r.by_account = 1
         join account_links l on l.connection_id = r.connection_id and l.account_id = v.account_id and l.customer_id = ?
         where (? is null or v.day between ? and ?)
         order by v.saved_report_id, v.series, v.segment, v.day`,
      )
      .all(customerId, range ? 1 : null, range?.from ?? '', range?.to ?? '') as Array<{
      reportId: string;
      series: string;
      segment: string;
      day: string;
      value: number;
    }>;
    const byReport = new Map<string, Map<string, SavedReportSeries>>();
    for (const row of rows) {
      let series = byReport.get(row.reportId);
      if (!series) {
        series = new Map();
        byReport.set(row.reportId, series);
      }
      const key = `${row.series}\u0000${row.segment}`;
      let s = series.get(key);
      if (!s) {
        s = { series: row.series, segment: row.segment, points: [] };
        series.set(key, s);
      }
      s.points.push({ day: row.day, value: row.value });
    }
    return {
      customerId,
      reports: [...byReport].map(([id, series]) => ({ report: this.get(id), series: [...series.values()] })),
    };
  }
}
