/**
 * Mixpanel raw export: JSON lines by event time, from_date..to_date inclusive (UTC project), optionally
 * gzip-compressed when the client sends Accept-Encoding: gzip. Streams per (day, account).
 */
import zlib from 'node:zlib';
import { DEMO_FEATURES, DEMO_PAGES, FUNNEL_STEPS } from '../portfolio/catalogue';
import { accountDayEvents, type DemoEvent, KIND_FEATURE, KIND_FUNNEL, KIND_GUIDE, KIND_PAGE } from '../portfolio/events';
import type { Portfolio } from '../portfolio/model';
import { hashInts } from '../portfolio/random';
import { DAY_MS, parseYmd } from '../portfolio/timeline';
import type { Exchange } from './exchange';

const q = JSON.stringify;
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function mixpanelEventName(ev: DemoEvent): string {
  if (ev.kind === KIND_PAGE) return '$mp_web_page_view';
  if (ev.kind === KIND_FEATURE) return DEMO_FEATURES[ev.ref]?.eventName ?? '';
  if (ev.kind === KIND_FUNNEL) return FUNNEL_STEPS[ev.ref] ?? '';
  return '';
}

function insertId(seed: number, account: number, day: number, seq: number): string {
  let s = '';
  let h = hashInts(seed, account, day, seq, 0x313);
  for (let i = 0; i < 36; i++) {
    if (i % 6 === 0) h = hashInts(h, i);
    s += ALNUM[h % 52];
    h = Math.floor(h / 52);
  }
  return s;
}

export class MixpanelLines {
  private readonly personPart = new Map<number, string>();
  constructor(private readonly p: Portfolio) {}

  private person(i: number): string {
    let s = this.personPart.get(i);
    if (s === undefined) {
      const pe = this.p.people[i];
      const r = pe ? this.p.customers[pe.account]?.region : undefined;
      s = pe
        ? `"distinct_id":"${pe.mixpanelDistinctId}","$browser":${q(pe.platform.browser)},"$browser_version":${q(pe.platform.browserVersion)},` +
          `"$city":${q(r?.city ?? '')},"$device_id":"${pe.amplitudeDeviceId.split('').reverse().join('')}","$os":${q(pe.platform.os)},` +
          `"$region":${q(r?.region ?? '')},"$user_id":"${pe.mixpanelDistinctId}","mp_country_code":${q(r?.country === 'United States' ? 'US' : r?.country === 'United Kingdom' ? 'GB' : r?.country === 'Germany' ? 'DE' : 'CA')},`
        : '';
      this.personPart.set(i, s);
    }
    return s;
  }

  line(ev: DemoEvent, day: number, timeInMs: boolean): string {
    const c = this.p.customers[ev.account];
    let props: string;
    if (ev.kind === KIND_PAGE) {
      const page = DEMO_PAGES[ev.ref];
      props = `"$current_url":"https://app.pulsedemo.example${page?.path ?? '/'}","current_page_title":${q(page?.name ?? '')},"current_url_path":${q(page?.path ?? '')}`;
    } else if (ev.kind === KIND_FEATURE) {
      const f = DEMO_FEATURES[ev.ref];
      props = `"feature":${q(f?.name ?? '')},"$current_url":"https://app.pulsedemo.example${DEMO_PAGES[f?.page ?? 0]?.path ?? '/'}"`;
    } else {
      props = `"step":${ev.ref + 1}`;
    }
    const time = timeInMs ? ev.t : Math.floor(ev.t / 1000);
    return (
      `{"event":${q(mixpanelEventName(ev))},"properties":{"time":${time},${this.person(ev.person)}` +
      `"$insert_id":"${insertId(this.p.seed, ev.account, day, ev.seq)}","$lib_version":"2.55.1","$mp_api_endpoint":"api-js.mixpanel.com",` +
      `"$mp_api_timestamp_ms":${ev.upload - 40},"company_id":${q(c?.vendorIds.mixpanel ?? '')},"mp_lib":"web",` +
      // Super properties the demo app registers: the account's plan and the person's role.
      `"plan":${q(c?.plan ?? '')},"role":${q(this.p.people[ev.person]?.role ?? '')},` +
      `"mp_processing_time_ms":${ev.upload},${props}}}`
    );
  }
}

export function mixpanelError(ex: Exchange, error: string): { request: string; error: string } {
  return { request: `${ex.path}${ex.url.search}`, error };
}

export async function serveMixpanelExport(ex: Exchange, p: Portfolio, lines: MixpanelLines): Promise<void> {
  const from = parseYmd(ex.query('from_date') ?? '');
  const to = parseYmd(ex.query('to_date') ?? '');
  if (from === null) return ex.json(400, mixpanelError(ex, "'from_date' is a required parameter"));
  if (to === null) return ex.json(400, mixpanelError(ex, "'to_date' is a required parameter"));
  const today = Math.floor(p.now / DAY_MS) * DAY_MS;
  if (to > today) return ex.json(400, mixpanelError(ex, 'to_date cannot be later than today'));
  if (from > to) return ex.json(400, mixpanelError(ex, 'from_date cannot be later than to_date'));
  let names: Set<string> | null = null;
  const eventParam = ex.query('event');
  if (eventParam) {
    try {
      const v = JSON.parse(eventParam) as unknown;
      if (!Array.isArray(v)) throw new Error('not an array');
      names = new Set(v.map(String));
    } catch {
      return ex.json(400, mixpanelError(ex, "'event' must be a JSON array of event names"));
    }
  }
  const limitParam = ex.query('limit');
  const limit = limitParam ? Math.min(100_000, Math.max(0, Number(limitParam) || 0)) : Number.POSITIVE_INFINITY;
  const timeInMs = ex.query('time_in_ms') === 'true';
  const gz = /\bgzip\b/.test(ex.header('accept-encoding') ?? '');

  ex.head(
    200,
    gz
      ? { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Encoding': 'gzip' }
      : { 'Content-Type': 'text/plain; charset=utf-8' },
  );
  let gzip: zlib.Gzip | null = null;
  let pump: Promise<void> | null = null;
  if (gz) {
    const g = zlib.createGzip({ level: 1 });
    gzip = g;
    pump = (async () => {
      for await (const chunk of g) {
        if (!(await ex.write(chunk as Buffer))) {
          g.destroy();
          break;
        }
      }
    })().catch(() => undefined);
  }
  const emit = async (text: string): Promise<boolean> => {
    if (ex.done) return false;
    if (gzip) {
      if (gzip.destroyed) return false;
      if (!gzip.write(text)) {
        const g = gzip;
        await new Promise<void>((resolve) => {
          const done = (): void => {
            g.off('drain', done);
            g.off('close', done);
            resolve();
          };
          g.on('drain', done);
          g.on('close', done);
        });
      }
      return !gzip.destroyed && !ex.done;
    }
    return ex.write(text);
  };

  const faults = ex.faults;
  let malformed = faults.malformed !== undefined;
  let split = faults.splitLine !== undefined;
  let written = 0;
  let buf = '';
  const d0 = Math.round((from - p.startMs) / DAY_MS);
  const d1 = Math.round((to - p.startMs) / DAY_MS);
  const accounts = p.customers.filter((c) => c.vendorIds.mixpanel !== undefined);
  outer: for (let d = Math.max(0, d0); d <= Math.min(p.todayIndex, d1); d++) {
    for (const c of accounts) {
      for (const ev of accountDayEvents(p, c.index, d)) {
        if (ev.kind === KIND_GUIDE || ev.upload > p.now) continue;
        if (names && !names.has(mixpanelEventName(ev))) continue;
        if (written >= limit) break outer;
        const text = lines.line(ev, d, timeInMs);
        if (malformed) {
          buf += '{"event":"$mp_web_page_view","properties":{"time":\n';
          malformed = false;
        }
        if (split && written > 0) {
          const cut = Math.floor(text.length / 2);
          buf += `${text.slice(0, cut)}\n${text.slice(cut)}\n`;
          split = false;
        } else {
          buf += `${text}\n`;
        }
        written++;
        if (ev.dup && written < limit) {
          buf += `${text}\n`;
          written++;
        }
        if (buf.length > 65_536) {
          if (!(await emit(buf))) return;
          buf = '';
        }
      }
    }
  }
  if (faults.terminatedEarly) buf += 'terminated early\n';
  if (buf) await emit(buf);
  if (gzip) {
    gzip.end();
    await pump;
  }
  await ex.end();
}
