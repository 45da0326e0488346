import { formatCsv } from '../csv';
import type { Portfolio } from './portfolio/model';

/**
 * The demo portfolio's CRM export, as a CSM would import it: name, domain, owner, ARR, renewal,
 * segment, and each account's outcome (churned on its churn date, or renewed on its last renewal) for
 * the churn analysis.
 */
export function demoCustomersCsv(portfolio: Portfolio): string {
  return formatCsv([
    ['name', 'domain', 'owner', 'arr', 'renewal_date', 'segment', 'outcome', 'outcome_date'],
    ...portfolio.customers.map((c) => [
      c.name,
      c.domain,
      c.owner,
      c.arr,
      c.renewalDate,
      c.segment,
      c.outcome.status,
      c.outcome.date,
    ]),
  ]);
}
