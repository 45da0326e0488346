import type BetterSqlite3 from 'better-sqlite3';
import { CoreError, type CustomerOutcome, type OutcomeStatus } from '../../../src-shared/contract';

/** Words a CRM export uses for the two outcomes (lower case); anything else is refused by name. */
const statusWords: Record<string, OutcomeStatus> = {
  renewed: 'renewed',
  renewal: 'renewed',
  renew: 'renewed',
  retained: 'renewed',
  'closed won': 'renewed',
  won: 'renewed',
  churned: 'churned',
  churn: 'churned',
  lost: 'churned',
  'closed lost': 'churned',
  cancelled: 'churned',
  canceled: 'churned',
};

/** "Churned", " RENEWED ", "closed lost" → the outcome; null for anything else. */
export function parseOutcomeStatus(value: string): OutcomeStatus | null {
  return statusWords[value.trim().toLowerCase().replace(/[_-]+/g, ' ')] ?? null;
}

export const OUTCOME_WORDS = 'renewed or churned (also: renewal, retained, won, churn, lost, cancelled)';

interface OutcomeRow {
  customerId: string;
  customerName: string;
  status: OutcomeStatus;
  date: string;
  source: 'import' | 'app';
  updatedAt: number;
}

/** customer_outcomes (migration 0007): at most one outcome per customer, the latest one recorded. */
export class OutcomeStore {
  constructor(private readonly sqlite: BetterSqlite3.Database) {}

  /** Records (replaces) the customer's outcome; the date must not lie after `today`. */
  set(customerId: string, status: OutcomeStatus, date: string, source: 'import' | 'app', now: number, today: string): void {
    if (date > today) {
      throw new CoreError('BAD_REQUEST', `An outcome date cannot be in the future (${date} is after ${today}).`);
    }
    this.sqlite
      .prepare(
        `insert into customer_outcomes (customer_id, status, date, source, updated_at) values (?, ?, ?, ?, ?)
         on conflict (customer_id) do update set status = excluded.status, date = excluded.date, source = excluded.source,
           updated_at = excluded.updated_at`,
      )
      .run(customerId, status, date, source, now);
  }

  clear(customerId: string): void {
    this.sqlite.prepare('delete from customer_outcomes where customer_id = ?').run(customerId);
  }

  get(customerId: string): CustomerOutcome | null {
    return this.list(customerId)[0] ?? null;
  }

  /** Every recorded outcome (or one customer's), by customer name. */
  list(customerId?: string | null): CustomerOutcome[] {
    const rows = this.sqlite
      .prepare(
        `select o.customer_id as customerId, c.name as customerName, o.status, o.date, o.source, o.updated_at as updatedAt
         from customer_outcomes o join customers c on c.id = o.customer_id
         ${customerId ? 'where o.customer_id = ?' : ''} order by c.name, c.id`,
      )
      .all(...(customerId ? [customerId] : [])) as OutcomeRow[];
    return rows;
  }
}
