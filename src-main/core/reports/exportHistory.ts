import type { ExportHistoryEntry } from '../../../src-shared/contract';
import type { Store } from '../store';

/** How long export history entries are kept. */
export const EXPORT_HISTORY_DAYS = 14;

interface Row {
  id: number;
  created_at: number;
  kind: 'account' | 'portfolio';
  customer_id: string | null;
  customer_name: string | null;
  format: 'pdf' | 'html' | 'csv';
  period_from: string;
  period_to: string;
  page_size: string | null;
  path: string;
  files: number;
  bytes: number;
  status: 'saved' | 'failed';
  error: string | null;
}

/** What was exported, when and where; entries older than 14 days are removed on every read and write. */
export class ExportHistory {
  constructor(private readonly store: Store) {}

  record(entry: Omit<ExportHistoryEntry, 'id'>): ExportHistoryEntry {
    this.prune(entry.createdAt);
    const result = this.store.sqlite
      .prepare(
        `insert into export_history (created_at, kind, customer_id, customer_name, format, period_from, period_to, page_size, path, files, bytes, status, error)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        entry.createdAt,
        entry.kind,
        entry.customer?.id ?? null,
        entry.customer?.name ?? null,
        entry.format,
        entry.period.from,
        entry.period.to,
        entry.pageSize,
        entry.path,
        entry.files,
        entry.bytes,
        entry.status,
        entry.error,
      );
    return { ...entry, id: Number(result.lastInsertRowid) };
  }

  list(now: number): ExportHistoryEntry[] {
    this.prune(now);
    const rows = this.store.sqlite.prepare('select * from export_history order by created_at desc, id desc').all() as Row[];
    return rows.map((r) => ({
      id: r.id,
      createdAt: r.created_at,
      kind: r.kind,
      customer: r.customer_id ? { id: r.customer_id, name: r.customer_name ?? r.customer_id } : null,
      format: r.format,
      period: { from: r.period_from, to: r.period_to },
      pageSize: r.page_size === 'A4' || r.page_size === 'Letter' ? r.page_size : null,
      path: r.path,
      files: r.files,
      bytes: r.bytes,
      status: r.status,
      error: r.error,
    }));
  }

  /** Deletes entries older than EXPORT_HISTORY_DAYS; returns how many. */
  prune(now: number): number {
    return this.store.sqlite
      .prepare('delete from export_history where created_at < ?')
      .run(now - EXPORT_HISTORY_DAYS * 86_400_000).changes;
  }
}
