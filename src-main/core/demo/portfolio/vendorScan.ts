/** What each vendor can see of the underlying events, and a scan over a range of UTC days. */
import { accountDayEvents, type DemoEvent, KIND_GUIDE } from './events';
import type { DemoCustomer, Portfolio, Vendor } from './model';
import { HOUR_MS } from './timeline';

/** Amplitude makes data exportable about 2 hours after it was received. */
export const AMPLITUDE_EXPORT_LAG_MS = 2 * HOUR_MS;

/** The vendor's account id for a customer, or undefined when that vendor does not track it. */
export function vendorAccountId(c: DemoCustomer, vendor: Vendor): string | undefined {
  return c.vendorIds[vendor];
}

/**
 * Whether `vendor` shows this event now:
 * - Pendo shows page, feature, funnel (as raw events) and guide events; Amplitude and Mixpanel show
 *   page, feature and funnel events only (guides are Pendo's).
 * - An event is visible once it has arrived (upload ≤ now); Amplitude's export also hides the last 2 h.
 */
export function vendorSees(p: Portfolio, vendor: Vendor, ev: DemoEvent): boolean {
  if (ev.kind === KIND_GUIDE && vendor !== 'pendo') return false;
  if (vendor === 'amplitude') return ev.upload <= p.now - AMPLITUDE_EXPORT_LAG_MS;
  return ev.upload <= p.now;
}

/** Calls fn for every visible event of the vendor's accounts on UTC day indices [fromDay, toDay]. */
export function scanVendorEvents(
  p: Portfolio,
  vendor: Vendor,
  fromDay: number,
  toDay: number,
  fn: (ev: DemoEvent, c: DemoCustomer, accountId: string, day: number) => void,
): void {
  const lo = Math.max(0, fromDay);
  const hi = Math.min(p.todayIndex, toDay);
  for (const c of p.customers) {
    const accountId = c.vendorIds[vendor];
    if (accountId === undefined) continue;
    for (let d = lo; d <= hi; d++) {
      for (const ev of accountDayEvents(p, c.index, d)) {
        if (vendorSees(p, vendor, ev)) fn(ev, c, accountId, d);
      }
    }
  }
}
