import type BetterSqlite3 from 'better-sqlite3';
import type { AlertAction, AlertRuleType, AlertStatus, AlertSummary } from '../../../src-shared/contract';
import { CoreError } from '../../../src-shared/contract/errors';
import { cachedStatement } from '../metrics/statements';
import type { ActiveAlert, AlertFinding } from './rule';

interface AlertRow {
  id: number;
  customer_id: string;
  customer_name: string | null;
  customer_owner: string | null;
  rule: string;
  subject: string;
  status: AlertStatus;
  severity: AlertSummary['severity'];
  title: string;
  evidence_json: string;
  suggested_action: string;
  owner: string | null;
  opened_on: string;
  last_fired_on: string;
  created_at: number;
  status_changed_at: number;
  closed_by: 'rule' | 'user' | null;
  condition_cleared: number;
  note: string | null;
}

export interface ApplyOutcome {
  opened: number;
  refreshed: number;
  resolved: number;
}

/**
 * Alert persistence: deduplication while active, the lifecycle, and the audit trail. Synchronous
 * better-sqlite3 statements: evaluation runs per customer and day inside one transaction.
 *
 * Lifecycle: open → acknowledged (a person saw it); open | acknowledged → dismissed (not useful) or
 * resolved (by a person, or by the rule when its condition clears). One active (open/acknowledged)
 * alert per customer + rule + subject: while the condition holds, re-evaluation refreshes that alert's
 * evidence and `last_fired_on` instead of adding rows. After a PERSON dismissed or resolved an alert,
 * the same still-holding condition does not open a new one (that would undo their decision); once the
 * condition has cleared, a new occurrence opens a new alert.
 */
export class AlertStore {
  /** Statements are kept per connection: evaluation asks the same few for each of 1,000 customers. */
  private readonly statements: { prepare(sql: string): BetterSqlite3.Statement };

  constructor(private readonly sqlite: BetterSqlite3.Database) {
    this.statements = { prepare: (sql) => cachedStatement(sqlite, sql) };
  }

  active(customerId: string, rule: AlertRuleType): Map<string, ActiveAlert> {
    const rows = this.statements
      .prepare(
        `select subject, opened_on, evidence_json from alerts
         where customer_id = ? and rule = ? and status in ('open','acknowledged')`,
      )
      .all(customerId, rule) as Array<{ subject: string; opened_on: string; evidence_json: string }>;
    return new Map(
      rows.map((r) => [r.subject, { subject: r.subject, openedOn: r.opened_on, evidence: parseJson(r.evidence_json) }]),
    );
  }

  /**
   * Applies one rule's findings for one customer on one evaluated day. `findings` null = the rule could
   * not be evaluated that day: nothing changes.
   */
  apply(params: {
    customerId: string;
    owner: string | null;
    rule: AlertRuleType;
    day: string;
    findings: AlertFinding[] | null;
    now: number;
    /** Why active alerts are closed when the rule itself is off. */
    closeReason?: string;
  }): ApplyOutcome {
    const outcome: ApplyOutcome = { opened: 0, refreshed: 0, resolved: 0 };
    if (params.findings === null) return outcome;
    const { customerId, rule, day, now } = params;
    const active = this.statements
      .prepare(`select id, subject from alerts where customer_id = ? and rule = ? and status in ('open','acknowledged')`)
      .all(customerId, rule) as Array<{ id: number; subject: string }>;
    const activeBySubject = new Map(active.map((a) => [a.subject, a.id]));
    // The latest person-closed alert per subject whose condition has not cleared since.
    const quiet = this.statements
      .prepare(
        `select id, subject from alerts a
         where customer_id = ? and rule = ? and status in ('dismissed','resolved') and closed_by = 'user' and condition_cleared = 0
           and id = (select max(id) from alerts b where b.customer_id = a.customer_id and b.rule = a.rule and b.subject = a.subject)`,
      )
      .all(customerId, rule) as Array<{ id: number; subject: string }>;
    const quietBySubject = new Map(quiet.map((q) => [q.subject, q.id]));
    const fired = new Set<string>();

    for (const f of params.findings) {
      if (fired.has(f.subject)) continue;
      fired.add(f.subject);
      const activeId = activeBySubject.get(f.subject);
      if (activeId !== undefined) {
        this.statements
          .prepare(
            `update alerts set severity = ?, title = ?, evidence_json = ?, suggested_action = ?, owner = ?, last_fired_on = ?, updated_at = ?
             where id = ?`,
          )
          .run(f.severity, f.title, JSON.stringify(f.evidence), f.suggestedAction, params.owner, day, now, activeId);
        outcome.refreshed++;
        continue;
      }
      const quietId = quietBySubject.get(f.subject);
      if (quietId !== undefined) {
        this.statements.prepare('update alerts set last_fired_on = ?, updated_at = ? where id = ?').run(day, now, quietId);
        continue;
      }
      const inserted = this.statements
        .prepare(
          `insert into alerts (customer_id, rule, subject, status, severity, title, evidence_json, suggested_action, owner,
             opened_on, last_fired_on, created_at, updated_at, status_changed_at)
           values (?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          customerId,
          rule,
          f.subject,
          f.severity,
          f.title,
          JSON.stringify(f.evidence),
          f.suggestedAction,
          params.owner,
          day,
          day,
          now,
          now,
          now,
        );
      this.transition(Number(inserted.lastInsertRowid), now, null, 'open', 'rule', `fired on ${day}`);
      outcome.opened++;
    }

    for (const [subject, id] of activeBySubject) {
      if (fired.has(subject)) continue;
      const from = (this.statements.prepare('select status from alerts where id = ?').get(id) as { status: AlertStatus }).status;
      this.statements
        .prepare(
          `update alerts set status = 'resolved', closed_by = 'rule', condition_cleared = 1, status_changed_at = ?, updated_at = ? where id = ?`,
        )
        .run(now, now, id);
      this.transition(id, now, from, 'resolved', 'rule', params.closeReason ?? `condition cleared on ${day}`);
      outcome.resolved++;
    }
    for (const [subject, id] of quietBySubject) {
      if (!fired.has(subject))
        this.statements.prepare('update alerts set condition_cleared = 1, updated_at = ? where id = ?').run(now, id);
    }
    return outcome;
  }

  /** A person acts on an alert. Repeating the action that led to the current status is a no-op. */
  update(id: number, action: AlertAction, note: string | null, now: number): AlertSummary {
    const row = this.statements.prepare('select status from alerts where id = ?').get(id) as { status: AlertStatus } | undefined;
    if (!row) throw new CoreError('NOT_FOUND', `There is no alert with id ${id}.`);
    const target: AlertStatus = action === 'acknowledge' ? 'acknowledged' : action === 'dismiss' ? 'dismissed' : 'resolved';
    if (row.status !== target) {
      const allowed = action === 'acknowledge' ? row.status === 'open' : row.status === 'open' || row.status === 'acknowledged';
      if (!allowed) {
        throw new CoreError(
          'CONFLICT',
          `Alert ${id} is ${row.status}; only ${action === 'acknowledge' ? 'open' : 'open or acknowledged'} alerts can be ${target}.`,
        );
      }
      this.sqlite.transaction(() => {
        this.statements
          .prepare(
            `update alerts set status = ?, closed_by = ?, status_changed_at = ?, updated_at = ?, note = coalesce(?, note) where id = ?`,
          )
          .run(target, target === 'acknowledged' ? null : 'user', now, now, note, id);
        this.transition(id, now, row.status, target, 'user', note);
      })();
    }
    return this.get(id);
  }

  get(id: number): AlertSummary {
    const row = this.statements.prepare(`${SELECT} where a.id = ?`).get(id) as AlertRow | undefined;
    if (!row) throw new CoreError('NOT_FOUND', `There is no alert with id ${id}.`);
    return toSummary(row);
  }

  list(filter: {
    statuses: AlertStatus[];
    owner?: string | null;
    customerId?: string | null;
    rule?: AlertRuleType | null;
    limit: number;
  }): AlertSummary[] {
    const where: string[] = [`a.status in (select value from json_each(?))`];
    const args: unknown[] = [JSON.stringify(filter.statuses)];
    if (filter.owner) {
      where.push(`lower(coalesce(c.owner, a.owner, '')) = lower(?)`);
      args.push(filter.owner);
    }
    if (filter.customerId) {
      where.push('a.customer_id = ?');
      args.push(filter.customerId);
    }
    if (filter.rule) {
      where.push('a.rule = ?');
      args.push(filter.rule);
    }
    const rows = this.statements
      .prepare(
        `${SELECT} where ${where.join(' and ')}
         order by case a.status when 'open' then 0 when 'acknowledged' then 1 when 'dismissed' then 2 else 3 end,
           case a.severity when 'critical' then 0 when 'warning' then 1 else 2 end, a.last_fired_on desc, a.id desc
         limit ?`,
      )
      .all(...args, filter.limit) as AlertRow[];
    return rows.map(toSummary);
  }

  /** Open + acknowledged alerts per customer. */
  activeCounts(): Map<string, number> {
    const rows = this.statements
      .prepare(`select customer_id as id, count(*) as n from alerts where status in ('open','acknowledged') group by customer_id`)
      .all() as Array<{ id: string; n: number }>;
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  /** One customer's open and acknowledged alerts (the account page), without counting everyone's. */
  activeCount(customerId: string): number {
    return (
      this.statements
        .prepare(`select count(*) as n from alerts where customer_id = ? and status in ('open','acknowledged')`)
        .get(customerId) as { n: number }
    ).n;
  }

  private transition(
    id: number,
    at: number,
    from: AlertStatus | null,
    to: AlertStatus,
    actor: 'rule' | 'user',
    note: string | null,
  ): void {
    this.statements
      .prepare('insert into alert_transitions (alert_id, at, from_status, to_status, actor, note) values (?, ?, ?, ?, ?, ?)')
      .run(id, at, from, to, actor, note);
  }
}

const SELECT = `select a.*, c.name as customer_name, c.owner as customer_owner from alerts a left join customers c on c.id = a.customer_id`;

function toSummary(row: AlertRow): AlertSummary {
  return {
    id: row.id,
    customer: { id: row.customer_id, name: row.customer_name ?? row.customer_id },
    owner: row.customer_owner ?? row.owner,
    // A rule type written by a newer Pulse is passed through as stored.
    rule: row.rule as AlertRuleType,
    subject: row.subject,
    status: row.status,
    severity: row.severity,
    title: row.title,
    evidence: parseJson(row.evidence_json),
    suggestedAction: row.suggested_action,
    openedOn: row.opened_on,
    lastFiredOn: row.last_fired_on,
    createdAt: row.created_at,
    statusChangedAt: row.status_changed_at,
    closedBy: row.closed_by,
    note: row.note,
  };
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
