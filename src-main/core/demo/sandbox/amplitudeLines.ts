/** Serialises demo events as Amplitude export lines (shape of vendor-samples/amplitude/export-event-raw-redacted.json). */
import { DEMO_FEATURES, DEMO_PAGES, FUNNEL_STEPS } from '../portfolio/catalogue';
import { type DemoEvent, KIND_FEATURE, KIND_FUNNEL, KIND_PAGE } from '../portfolio/events';
import type { Portfolio } from '../portfolio/model';
import { hashInts, uuidFrom } from '../portfolio/random';
import { amplitudeTime, DAY_MS, HOUR_MS } from '../portfolio/timeline';

const q = JSON.stringify;

/** The numeric id Amplitude uses for the `company` group type in `data.group_ids`. */
export const AMPLITUDE_GROUP_TYPE_ID = 3124;

/**
 * Key order is not significant (Amplitude's own order varies); the key SET equals the real sample's.
 * Everything that depends only on (person, account) is serialised once and cached.
 */
export class AmplitudeLines {
  private readonly statics = new Map<number, string>();
  private readonly props: string[][];
  private readonly types: string[][];

  constructor(
    private readonly p: Portfolio,
    private readonly projectId: number,
  ) {
    this.types = [
      DEMO_PAGES.map(() => q('[Amplitude] Page Viewed')),
      DEMO_FEATURES.map((f) => q(f.eventName)),
      FUNNEL_STEPS.map((s) => q(s)),
    ];
    this.props = [
      DEMO_PAGES.map(
        (pg) =>
          `{"[Amplitude] Page Path":${q(pg.path)},"[Amplitude] Page Title":${q(pg.name)},"[Amplitude] Page Domain":"app.pulsedemo.example"}`,
      ),
      DEMO_FEATURES.map((f) => `{"feature":${q(f.name)},"page":${q(DEMO_PAGES[f.page]?.path ?? '')}}`),
      FUNNEL_STEPS.map((_, i) => `{"step":${i + 1}}`),
    ];
  }

  /** Static part for (person, account), ending with a comma. */
  private staticPart(person: number, account: number): string {
    const key = person * 8192 + account;
    let s = this.statics.get(key);
    if (s !== undefined) return s;
    const p = this.p;
    const pe = p.people[person];
    const home = pe ? p.customers[pe.account] : undefined;
    const c = p.customers[account];
    const r = home?.region;
    const id = c?.vendorIds.amplitude ?? '';
    const created = pe ? (pe.funnel[0] ?? p.startMs + pe.joinDay * DAY_MS + 9 * HOUR_MS) : p.startMs;
    s =
      `"country":${q(r?.country ?? null)},` +
      `"data":{"group_ids":{"${AMPLITUDE_GROUP_TYPE_ID}":[${2300000000 + account * 97}]},"group_first_event":{}},"$schema":12,` +
      `"language":${q(r?.language ?? 'English')},"device_type":null,"device_carrier":null,` +
      `"user_creation_time":"${amplitudeTime(created)}","location_lng":${r?.lng ?? null},"paying":null,"location_lat":${r?.lat ?? null},` +
      `"app":${this.projectId},"device_id":"${pe?.amplitudeDeviceId ?? ''}",` +
      `"group_properties":{"company":{${q(id)}:{"name":${q(c?.name ?? '')},"domain":${q(c?.domain ?? '')},"plan":${q(c?.plan ?? '')}}}},` +
      `"idfa":null,"amplitude_attribution_ids":null,"user_id":"${pe?.amplitudeUserId ?? ''}","region":${q(r?.region ?? null)},` +
      `"amplitude_event_type":null,"device_model":${q(pe?.platform.deviceFamily ?? null)},` +
      `"user_properties":{"role":${q(pe?.role ?? '')},"plan":${q(c?.plan ?? '')},"company":${q(c?.name ?? '')},"email":${q(pe?.email ?? '')}},` +
      `"city":${q(r?.city ?? null)},"start_version":null,"is_attribution_event":false,"device_family":${q(pe?.platform.deviceFamily ?? null)},` +
      `"platform":"Web","device_manufacturer":null,"library":"amplitude-ts/2.11.1","adid":null,"amplitude_id":${pe?.amplitudeId ?? 0},` +
      `"os_version":${q(pe?.platform.browserVersion.split('.')[0] ?? '')},"groups":{"company":[${q(id)}]},"ip_address":"${pe?.ip ?? ''}",` +
      `"version_name":null,"sample_rate":null,"device_brand":null,"os_name":${q(pe?.platform.browser ?? null)},"dma":null,`;
    this.statics.set(key, s);
    return s;
  }

  /** One JSON line (no trailing newline). `dayIndex` is the event's UTC day index (the id basis). */
  line(ev: DemoEvent, dayIndex: number): string {
    const p = this.p;
    const evTime = amplitudeTime(ev.t);
    const received = amplitudeTime(ev.upload - 17);
    const insertId = `${(hashInts(p.seed, ev.account, dayIndex, ev.seq, 7) >>> 0).toString(36)}-${ev.seq.toString(36)}`;
    const kind = ev.kind === KIND_PAGE ? 0 : ev.kind === KIND_FEATURE ? 1 : ev.kind === KIND_FUNNEL ? 2 : -1;
    return (
      `{${this.staticPart(ev.person, ev.account)}"uuid":"${uuidFrom(p.seed, ev.account, dayIndex, ev.seq)}",` +
      `"event_type":${this.types[kind]?.[ev.ref] ?? '"unknown"'},"server_upload_time":"${amplitudeTime(ev.upload)}",` +
      `"server_received_time":"${received}","processed_time":"${amplitudeTime(ev.upload + 1_600)}","client_event_time":"${evTime}",` +
      `"$insert_id":"${insertId}","client_upload_time":"${received}","event_properties":${this.props[kind]?.[ev.ref] ?? '{}'},` +
      `"session_id":${ev.session},"event_id":${(dayIndex * 1_000_003 + ev.seq) % 2_147_483_647},"event_time":"${evTime}"}`
    );
  }
}
