/**
 * Pendo aggregation expressions: enough of the language for filters and selects, e.g.
 * `visitorId>"abc"`, `day>=1700000000000 && accountId=="Acme Corp"`, `metadata.auto.lastupdated>=123`,
 * `now() - 30 * 1000 * 60 * 60 * 24`, `contains(name,"x")`, `isNull(x)`, `!isNull(x)`, `dateAdd(now(),-7,"days")`.
 */

export type Row = Record<string, unknown>;
export type Compiled = (row: Row) => unknown;

type Tok = { t: 'num'; v: number } | { t: 'str'; v: string } | { t: 'id'; v: string } | { t: 'op'; v: string };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i] ?? '';
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?/.exec(src.slice(i));
      out.push({ t: 'num', v: Number(m?.[0]) });
      i += m?.[0].length ?? 1;
      continue;
    }
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== ch) {
        if (src[j] === '\\') j++;
        s += src[j] ?? '';
        j++;
      }
      if (j >= src.length) throw new Error(`unterminated string in ${src}`);
      out.push({ t: 'str', v: s });
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_$]/.test(ch)) {
      const m = /^[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*|\[[0-9]+\])*/.exec(src.slice(i));
      out.push({ t: 'id', v: m?.[0] ?? ch });
      i += m?.[0].length ?? 1;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['==', '!=', '>=', '<=', '&&', '||'].includes(two)) {
      out.push({ t: 'op', v: two });
      i += 2;
      continue;
    }
    if ('<>!+-*/%(),='.includes(ch)) {
      out.push({ t: 'op', v: ch === '=' ? '==' : ch });
      i++;
      continue;
    }
    throw new Error(`unexpected character ${ch} in ${src}`);
  }
  return out;
}

export function getPath(row: Row, path: string): unknown {
  let cur: unknown = row;
  for (const part of path.split(/\.|(?=\[)/)) {
    if (cur === null || cur === undefined) return undefined;
    const idx = /^\[([0-9]+)\]$/.exec(part);
    if (idx) cur = Array.isArray(cur) ? cur[Number(idx[1])] : undefined;
    else cur = (cur as Row)[part];
  }
  return cur;
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = a === null || a === undefined ? '' : String(a);
  const sb = b === null || b === undefined ? '' : String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

export function compileExpression(src: string, now: () => number): Compiled {
  const toks = tokenize(src);
  let pos = 0;
  const peek = (): Tok | undefined => toks[pos];
  const isOp = (v: string): boolean => {
    const t = toks[pos];
    return t?.t === 'op' && t.v === v;
  };
  const expect = (v: string): void => {
    if (!isOp(v)) throw new Error(`expected ${v} in ${src}`);
    pos++;
  };

  const primary = (): Compiled => {
    const t = peek();
    if (!t) throw new Error(`unexpected end of ${src}`);
    pos++;
    if (t.t === 'num') return () => t.v;
    if (t.t === 'str') return () => t.v;
    if (t.t === 'op' && t.v === '(') {
      const e = or();
      expect(')');
      return e;
    }
    if (t.t === 'id') {
      if (t.v === 'true') return () => true;
      if (t.v === 'false') return () => false;
      if (t.v === 'null') return () => null;
      if (isOp('(')) {
        pos++;
        const args: Compiled[] = [];
        while (!isOp(')')) {
          args.push(or());
          if (isOp(',')) pos++;
          else break;
        }
        expect(')');
        return fn(t.v, args);
      }
      const path = t.v;
      return path.includes('.') || path.includes('[') ? (row) => getPath(row, path) : (row) => row[path];
    }
    throw new Error(`unexpected ${t.v} in ${src}`);
  };

  const fn = (name: string, args: Compiled[]): Compiled => {
    const a = args[0] ?? (() => undefined);
    const b = args[1] ?? (() => undefined);
    const c = args[2] ?? (() => undefined);
    switch (name) {
      case 'now':
        return () => now();
      case 'contains':
        return (r) => {
          const x = a(r);
          return Array.isArray(x) ? x.includes(b(r)) : String(x ?? '').includes(String(b(r)));
        };
      case 'startsWith':
        return (r) => String(a(r) ?? '').startsWith(String(b(r)));
      case 'isNull':
        return (r) => a(r) === null || a(r) === undefined;
      case 'len':
        return (r) => {
          const x = a(r);
          return Array.isArray(x) || typeof x === 'string' ? x.length : 0;
        };
      case 'dateAdd':
        return (r) => {
          const unit = String(c(r));
          const ms = unit.startsWith('hour')
            ? 3_600_000
            : unit.startsWith('week')
              ? 7 * 86_400_000
              : unit.startsWith('minute')
                ? 60_000
                : 86_400_000;
          return Number(a(r)) + Number(b(r)) * ms;
        };
      default:
        throw new Error(`unsupported function ${name}()`);
    }
  };

  const unary = (): Compiled => {
    if (isOp('-')) {
      pos++;
      const e = unary();
      return (r) => -Number(e(r));
    }
    if (isOp('!')) {
      pos++;
      const e = unary();
      return (r) => {
        const v = e(r);
        return !v || v === '';
      };
    }
    return primary();
  };
  const mul = (): Compiled => {
    let left = unary();
    while (isOp('*') || isOp('/') || isOp('%')) {
      const op = (peek() as Tok).v;
      pos++;
      const l = left;
      const r = unary();
      left =
        op === '*'
          ? (x) => Number(l(x)) * Number(r(x))
          : op === '/'
            ? (x) => Number(l(x)) / Number(r(x))
            : (x) => Number(l(x)) % Number(r(x));
    }
    return left;
  };
  const add = (): Compiled => {
    let left = mul();
    while (isOp('+') || isOp('-')) {
      const op = (peek() as Tok).v;
      pos++;
      const l = left;
      const r = mul();
      left =
        op === '+'
          ? (x) => {
              const a = l(x);
              const b = r(x);
              return typeof a === 'number' && typeof b === 'number' ? a + b : `${String(a)}${String(b)}`;
            }
          : (x) => Number(l(x)) - Number(r(x));
    }
    return left;
  };
  const cmp = (): Compiled => {
    const left = add();
    const t = peek();
    if (t?.t === 'op' && ['==', '!=', '>', '>=', '<', '<='].includes(t.v)) {
      pos++;
      const right = add();
      switch (t.v) {
        case '==':
          return (r) => {
            const a = left(r);
            const b = right(r);
            return (
              a === b ||
              ((a === undefined || a === null) && (b === undefined || b === null)) ||
              (typeof a !== typeof b && String(a) === String(b))
            );
          };
        case '!=':
          return (r) => {
            const a = left(r);
            const b = right(r);
            return !(a === b || ((a === undefined || a === null) && (b === undefined || b === null)));
          };
        case '>':
          return (r) => compare(left(r), right(r)) > 0;
        case '>=':
          return (r) => compare(left(r), right(r)) >= 0;
        case '<':
          return (r) => compare(left(r), right(r)) < 0;
        default:
          return (r) => compare(left(r), right(r)) <= 0;
      }
    }
    return left;
  };
  const and = (): Compiled => {
    let left = cmp();
    while (isOp('&&')) {
      pos++;
      const l = left;
      const r = cmp();
      left = (x) => Boolean(l(x)) && Boolean(r(x));
    }
    return left;
  };
  const or = (): Compiled => {
    let left = and();
    while (isOp('||')) {
      pos++;
      const l = left;
      const r = and();
      left = (x) => Boolean(l(x)) || Boolean(r(x));
    }
    return left;
  };
  const e = or();
  if (pos !== toks.length) throw new Error(`unexpected trailing input in ${src}`);
  return e;
}
