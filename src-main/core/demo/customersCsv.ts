import { formatCsv } from '../csv';
import type { Portfolio } from './portfolio/model';

/** The demo portfolio's CRM export, as a CSM would import it: name, domain, owner, ARR, renewal, segment. */
export function demoCustomersCsv(portfolio: Portfolio): string {
  return formatCsv([
    ['name', 'domain', 'owner', 'arr', 'renewal_date', 'segment'],
    ...portfolio.customers.map((c) => [c.name, c.domain, c.owner, c.arr, c.renewalDate, c.segment]),
  ]);
}
