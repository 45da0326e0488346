/** Seeded, order-independent randomness: hash a tuple of integers, then run a small fast PRNG (sfc32). */

function mix32(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** A 32-bit hash of a tuple of integers (order matters). */
export function hashInts(a: number, b = 0, c = 0, d = 0, e = 0): number {
  let h = 0x9e3779b9;
  h = mix32(h ^ (a | 0));
  h = mix32((h + 0x6b43a9b5) ^ (b | 0));
  h = mix32((h + 0x7f4a7c15) ^ (c | 0));
  h = mix32((h + 0x2545f491) ^ (d | 0));
  h = mix32((h + 0x1b873593) ^ (e | 0));
  return h;
}

/** A 32-bit hash of a string (FNV-1a followed by a final mix). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** sfc32: small, fast, good enough for synthetic data. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Integer in [lo, hi] inclusive. */
  range(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

export function rngFor(a: number, b = 0, c = 0, d = 0, e = 0): Rng {
  return new Rng(hashInts(a, b, c, d, e));
}

const HEX = '0123456789abcdef';

function hex8(x: number): string {
  return (x >>> 0).toString(16).padStart(8, '0');
}

/** A deterministic RFC-4122-looking (version 4) UUID from a tuple. */
export function uuidFrom(a: number, b: number, c: number, d: number): string {
  const s1 = hex8(hashInts(a, b, c, d, 1));
  const s2 = hex8(hashInts(a, b, c, d, 2));
  const s3 = hex8((hashInts(a, b, c, d, 3) & 0xffff0fff) | 0x00004000);
  const s4 = hex8((hashInts(a, b, c, d, 4) & 0x3fffffff) | 0x80000000);
  return `${s1}-${s2.slice(0, 4)}-${s2.slice(4)}-${s3.slice(0, 4)}-${s3.slice(4)}${s4}`;
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A Pendo-style 27-character URL-safe id ("4qxwyooqP_s_hHt8meR8lWDxSfo"). */
export function pendoStyleId(a: number, b: number, c: number): string {
  const rng = rngFor(a, b, c, 0x5e17);
  let s = '';
  for (let i = 0; i < 27; i++) s += ID_ALPHABET[rng.int(64)];
  return s;
}

export function hexId(bytes: number, a: number, b: number, c: number): string {
  const rng = rngFor(a, b, c, 0x4e7);
  let s = '';
  for (let i = 0; i < bytes * 2; i++) s += HEX[rng.int(16)];
  return s;
}
