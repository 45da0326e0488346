/** Serialises demo events as Amplitude export lines (shape of vendor-samples/amplitude/export-event-raw-redacted.json). */
import { DEMO_FEATURES, DEMO_PAGES, FUNNEL_STEPS } from '../portfolio/catalogue';
import { type DemoEvent, KIND_FEATURE, KIND_FUNNEL, KIND_PAGE } from '../portfolio/events';
import type { Portfolio } from '../portfolio/model';
import { hashInts, uuidFrom } from '../portfolio/random';
import { amplitudeTime, DAY_MS, HOUR_MS } from '../portfolio/timeline';

const q = JSON.stringify;

/** The numeric id Amplitude uses for the `company` group type in `data.group_ids`. */
export const AMPLITUDE_GROUP_TYPE_ID = 3124;

export class AmplitudeLines {
  private readonly personHead = new Map<number, string>();
  private readonly personMid = new Map<number, string>();
  private readonly accountGroups = new Map<number, { groups: string; groupProps: string; groupIds: string; name: string }>();
  private readonly eventTypes: string[][];

  constructor(
    private readonly p: Portfolio,
    private readonly projectId: number,
  ) {
    this.eventTypes = [
      DEMO_PAGES.map(() => q('[Amplitude] Page Viewed')),
      DEMO_FEATURES.map((f) => q(f.eventName)),
      FUNNEL_STEPS.map((s) => q(s)),
    ];
  }

  private group(account: number): { groups: string; groupProps: string; groupIds: string; name: string } {
    let g = this.accountGroups.get(account);
    if (!g) {
      const c = this.p.customers[account];
      const id = c?.vendorIds.amplitude ?? '';
      g = {
        groups: `{"company":[${q(id)}]}`,
        groupProps: `{"company":{${q(id)}:{"name":${q(c?.name ?? '')},"domain":${q(c?.domain ?? '')},"plan":${q(c?.plan ?? '')}}}}`,
        groupIds: `{"group_ids":{"${AMPLITUDE_GROUP_TYPE_ID}":[${2300000000 + account * 97}]},"group_first_event":{}}`,
        name: c?.name ?? '',
      };
      this.accountGroups.set(account, g);
    }
    return g;
  }

  private head(person: number): string {
    let h = this.personHead.get(person);
    if (h === undefined) {
      const pe = this.p.people[person];
      const c = pe ? this.p.customers[pe.account] : undefined;
      const r = c?.region;
      h = `"country":${q(r?.country ?? null)},`;
      this.personHead.set(person, h);
    }
    return h;
  }

  private mid(person: number): string {
    let m = this.personMid.get(person);
    if (m === undefined) {
      const pe = this.p.people[person];
      if (!pe) return '';
      const c = this.p.customers[pe.account];
      const r = c?.region;
      const created = pe.funnel[0] ?? this.p.startMs + pe.joinDay * DAY_MS + 9 * HOUR_MS;
      m = [
        `"language":${q(r?.language ?? 'English')},"device_type":null,"device_carrier":null,`,
        `"user_creation_time":"${amplitudeTime(created)}","location_lng":${r?.lng ?? null},`,
      ].join('');
      this.personMid.set(person, m);
    }
    return m;
  }

  /** One JSON line (no trailing newline). */
  line(ev: DemoEvent, dayIndex: number): string {
    const p = this.p;
    const pe = p.people[ev.person];
    if (!pe) return '{}';
    const c = p.customers[pe.account];
    const r = c?.region;
    const g = this.group(ev.account);
    const uuid = uuidFrom(p.seed, ev.account, dayIndex, ev.seq);
    const insertId = `${pe.amplitudeDeviceId.slice(0, 8)}-${(hashInts(p.seed, ev.account, dayIndex, ev.seq, 7) >>> 0).toString(36)}`;
    const evTime = amplitudeTime(ev.t);
    const received = amplitudeTime(ev.upload - 17);
    const uploaded = amplitudeTime(ev.upload);
    const processed = amplitudeTime(ev.upload + 1_600);
    let eventType: string;
    let props: string;
    if (ev.kind === KIND_PAGE) {
      const page = DEMO_PAGES[ev.ref];
      eventType = this.eventTypes[0]?.[ev.ref] ?? '""';
      props = `{"[Amplitude] Page Path":${q(page?.path ?? '')},"[Amplitude] Page Title":${q(page?.name ?? '')},"[Amplitude] Page Domain":"app.pulsedemo.example"}`;
    } else if (ev.kind === KIND_FEATURE) {
      const f = DEMO_FEATURES[ev.ref];
      eventType = this.eventTypes[1]?.[ev.ref] ?? '""';
      props = `{"feature":${q(f?.name ?? '')},"page":${q(DEMO_PAGES[f?.page ?? 0]?.path ?? '')}}`;
    } else if (ev.kind === KIND_FUNNEL) {
      eventType = this.eventTypes[2]?.[ev.ref] ?? '""';
      props = `{"step":${ev.ref + 1}}`;
    } else {
      eventType = '"unknown"';
      props = '{}';
    }
    const eventId = (dayIndex * 1_000_003 + ev.seq) % 2_147_483_647;
    return (
      `{${this.head(ev.person)}"data":${g.groupIds},"$schema":12,${this.mid(ev.person)}` +
      `"uuid":"${uuid}","event_type":${eventType},"paying":null,"location_lat":${r?.lat ?? null},"app":${this.projectId},` +
      `"device_id":"${pe.amplitudeDeviceId}","group_properties":${g.groupProps},"idfa":null,"server_upload_time":"${uploaded}",` +
      `"amplitude_attribution_ids":null,"server_received_time":"${received}","user_id":"${pe.amplitudeUserId}",` +
      `"region":${q(r?.region ?? null)},"amplitude_event_type":null,"processed_time":"${processed}","device_model":${q(pe.platform.deviceFamily)},` +
      `"user_properties":{"role":${q(pe.role)},"plan":${q(c?.plan ?? '')},"company":${q(g.name)},"email":${q(pe.email)}},` +
      `"city":${q(r?.city ?? null)},"start_version":null,"is_attribution_event":false,"client_event_time":"${evTime}",` +
      `"device_family":${q(pe.platform.deviceFamily)},"platform":"Web","device_manufacturer":null,"library":"amplitude-ts/2.11.1","adid":null,` +
      `"$insert_id":"${insertId}","client_upload_time":"${received}","event_properties":${props},"amplitude_id":${pe.amplitudeId},` +
      `"os_version":${q(pe.platform.browserVersion.split('.')[0] ?? '')},"session_id":${ev.session},"groups":${g.groups},"ip_address":"${pe.ip}",` +
      `"event_id":${eventId},"version_name":null,"sample_rate":null,"device_brand":null,"os_name":${q(pe.platform.browser)},"dma":null,` +
      `"event_time":"${evTime}"}`
    );
  }
}
