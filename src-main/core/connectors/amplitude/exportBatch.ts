/**
 * Parsed export events as they cross from a parse thread to the core thread: columns of typed arrays
 * (transferred, not cloned) with every repeated string (account, user, event name, property value)
 * sent once per job as an index into a string table, and the insert ids as one joined string. The
 * core rebuilds exactly the CanonicalEvents the line parser produced and feeds them to the sink.
 */
import type { CanonicalEvent, IngestSink } from '../types';
import type { ZipEntry } from '../zip';

/** The parse-thread job that reads a spooled export ZIP (handler: ./exportJob). */
export const AMPLITUDE_ZIP_JOB = 'amplitude.zip';

export interface AmplitudeZipJobInput {
  path: string;
  /** The directory, sorted by offset (batches name entries by their index here). */
  entries: ZipEntry[];
  /** The claim word shared with the core thread (see claimFront in ./exportReader). */
  claims: SharedArrayBuffer;
  groupType: string;
  propertyNames: string[];
  trackAccounts: boolean;
}

export interface EventBatch {
  /** Index of the ZIP entry (in the sorted directory) these lines came from. */
  entry: number;
  /** Lines of that entry consumed so far (a core that takes over skips them); `lines` of them in this batch. */
  entryLines: number;
  lines: number;
  /** The last batch of the entry. */
  entryDone: boolean;
  /** Strings first used in this batch, appended to the job's table in order. */
  strings: string[];
  count: number;
  /** Table indices; -1 for null. */
  account: Int32Array;
  user: Int32Array;
  readable: Int32Array;
  name: Int32Array;
  ts: Float64Array;
  /** NaN for null. */
  session: Float64Array;
  insertIds: string;
  /** Length of each event's insert id in `insertIds`; -1 for null. */
  insertLength: Int32Array;
  /** count × properties, the value's table index per listed property (-1: absent); null without listed properties. */
  properties: Int32Array | null;
  rejects: string[];
  /** Group-property lookups of this entry's own search, in order (applied export-wide by the core). */
  attempts: Array<[string, Record<string, unknown> | null]>;
}

/** Builds batches in a parse thread; the string table spans the whole job. */
export class EventBatchBuilder {
  private readonly ids = new Map<string, number>();
  private strings: string[] = [];
  private count = 0;
  private lines = 0;
  private account!: Int32Array;
  private user!: Int32Array;
  private readable!: Int32Array;
  private name!: Int32Array;
  private ts!: Float64Array;
  private session!: Float64Array;
  private insertLength!: Int32Array;
  private properties: Int32Array | null = null;
  private insertParts: string[] = [];
  private rejects: string[] = [];
  private attempts: Array<[string, Record<string, unknown> | null]> = [];

  constructor(
    private readonly capacity: number,
    private readonly propertyNames: readonly string[],
  ) {
    this.allocate();
  }

  private allocate(): void {
    const n = this.capacity;
    this.account = new Int32Array(n);
    this.user = new Int32Array(n);
    this.readable = new Int32Array(n);
    this.name = new Int32Array(n);
    this.ts = new Float64Array(n);
    this.session = new Float64Array(n);
    this.insertLength = new Int32Array(n);
    this.properties = this.propertyNames.length > 0 ? new Int32Array(n * this.propertyNames.length) : null;
  }

  private intern(text: string): number {
    let at = this.ids.get(text);
    if (at === undefined) {
      at = this.ids.size;
      this.ids.set(text, at);
      this.strings.push(text);
    }
    return at;
  }

  get full(): boolean {
    return this.count + this.rejects.length >= this.capacity;
  }

  line(): void {
    this.lines++;
  }

  event(e: CanonicalEvent): void {
    const i = this.count++;
    this.account[i] = e.accountId === null ? -1 : this.intern(e.accountId);
    this.user[i] = this.intern(e.userId);
    this.readable[i] = e.readableUserId === null ? -1 : this.intern(e.readableUserId);
    this.name[i] = this.intern(e.name);
    this.ts[i] = e.ts;
    this.session[i] = e.sessionId === null ? Number.NaN : e.sessionId;
    if (e.insertId === null) this.insertLength[i] = -1;
    else {
      this.insertLength[i] = e.insertId.length;
      this.insertParts.push(e.insertId);
    }
    const props = this.properties;
    if (props !== null) {
      const names = this.propertyNames;
      const base = i * names.length;
      const values = e.properties;
      for (let k = 0; k < names.length; k++) {
        const v = values ? values[names[k] as string] : undefined;
        props[base + k] = v === undefined ? -1 : this.intern(v);
      }
    }
  }

  rejected(reason: string): void {
    this.rejects.push(reason);
  }

  attempt(accountId: string, props: Record<string, unknown> | null): void {
    this.attempts.push([accountId, props]);
  }

  /** The batch so far (and the buffers to transfer); the builder starts a new one. */
  take(entry: number, entryLines: number, entryDone: boolean): { batch: EventBatch; transfer: ArrayBuffer[] } {
    const n = this.count;
    const cut = <T extends Int32Array | Float64Array>(a: T): T => (n === this.capacity ? a : (a.slice(0, n) as T));
    const batch: EventBatch = {
      entry,
      entryLines,
      lines: this.lines,
      entryDone,
      strings: this.strings,
      count: n,
      account: cut(this.account),
      user: cut(this.user),
      readable: cut(this.readable),
      name: cut(this.name),
      ts: cut(this.ts),
      session: cut(this.session),
      insertIds: this.insertParts.join(''),
      insertLength: cut(this.insertLength),
      properties: this.properties === null ? null : this.properties.slice(0, n * this.propertyNames.length),
      rejects: this.rejects,
      attempts: this.attempts,
    };
    const transfer = [batch.account, batch.user, batch.readable, batch.name, batch.ts, batch.session, batch.insertLength].map(
      (a) => a.buffer as ArrayBuffer,
    );
    if (batch.properties) transfer.push(batch.properties.buffer as ArrayBuffer);
    this.strings = [];
    this.count = 0;
    this.lines = 0;
    this.insertParts = [];
    this.rejects = [];
    this.attempts = [];
    if (n === this.capacity) this.allocate();
    return { batch, transfer };
  }
}

/** Rebuilds a job's batches on the core thread, in order, into the sink. */
export class EventBatchReader {
  private readonly table: string[] = [];

  constructor(private readonly propertyNames: readonly string[]) {}

  /** Adds the batch's new strings to the table: batches must be learnt in the order they were built. */
  learn(b: EventBatch): void {
    for (const s of b.strings) this.table.push(s);
  }

  replay(
    b: EventBatch,
    sink: IngestSink,
    attempt: (accountId: string, props: Record<string, unknown> | null) => void,
    learned = false,
  ): void {
    const table = this.table;
    if (!learned) this.learn(b);
    const names = this.propertyNames;
    const props = b.properties;
    const ids = b.insertIds;
    let offset = 0;
    for (let i = 0; i < b.count; i++) {
      const a = b.account[i] as number;
      const r = b.readable[i] as number;
      const s = b.session[i] as number;
      const len = b.insertLength[i] as number;
      let insertId: string | null = null;
      if (len >= 0) {
        insertId = ids.slice(offset, offset + len);
        offset += len;
      }
      const event: CanonicalEvent = {
        accountId: a < 0 ? null : (table[a] as string),
        userId: table[b.user[i] as number] as string,
        readableUserId: r < 0 ? null : (table[r] as string),
        ts: b.ts[i] as number,
        name: table[b.name[i] as number] as string,
        sessionId: Number.isNaN(s) ? null : s,
        insertId,
      };
      if (props !== null) {
        let values: Record<string, string> | null = null;
        const base = i * names.length;
        for (let k = 0; k < names.length; k++) {
          const v = props[base + k] as number;
          if (v >= 0) {
            values ??= {};
            values[names[k] as string] = table[v] as string;
          }
        }
        if (values !== null) event.properties = values;
      }
      sink.event(event);
    }
    for (const reason of b.rejects) sink.rejected(reason);
    for (const [accountId, props] of b.attempts) attempt(accountId, props);
  }
}
