import { parseArgs } from 'node:util';
import { type CliCommand, CliUsageError } from '../command';
import { withCore } from '../coreSession';

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** "14d", "36h", "90m", "600s" or plain seconds. */
export function parseWindow(text: string): number | null {
  const match = /^(\d+)([smhd]?)$/.exec(text.trim());
  if (!match) return null;
  const seconds = Number(match[1]) * (UNIT_SECONDS[match[2] || 's'] ?? 1);
  return seconds > 0 ? seconds : null;
}

export const funnelCommand: CliCommand = {
  name: 'funnel',
  summary: "A customer's conversion through key-event steps",
  usage: `pulse funnel CUSTOMER --steps A,B,C [--window 14d] [--order ordered|strict|any]
             [--from YYYY-MM-DD --to YYYY-MM-DD] [--connection ID|LABEL] [--json]
pulse funnel CUSTOMER --saved FUNNEL_ID        (a Mixpanel saved funnel)

Steps are key events (settings keyEvents). The window is inclusive and measured from step 1; step 1
must happen in --from … --to (default the last 90 complete days). --json prints the FunnelResult object.`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        steps: { type: 'string' },
        saved: { type: 'string' },
        window: { type: 'string' },
        order: { type: 'string', default: 'ordered' },
        from: { type: 'string' },
        to: { type: 'string' },
        connection: { type: 'string' },
      },
    });
    const customer = positionals.join(' ').trim();
    if (!customer) throw new CliUsageError('name a customer');
    const steps = values.steps
      ? values.steps
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : null;
    if (!steps && !values.saved) throw new CliUsageError('give --steps a,b,c or --saved FUNNEL_ID');
    const order = values.order as string;
    if (order !== 'ordered' && order !== 'strict' && order !== 'any')
      throw new CliUsageError('--order is ordered, strict or any');
    const windowSeconds = values.window ? parseWindow(values.window) : null;
    if (values.window && windowSeconds === null) throw new CliUsageError('--window takes e.g. 14d, 36h, 90m');
    if (Boolean(values.from) !== Boolean(values.to)) throw new CliUsageError('give both --from and --to');
    return withCore(io, async (client) => {
      const f = await client.call('metrics.funnel', {
        customer,
        connection: values.connection ?? null,
        steps,
        savedFunnelId: values.saved ?? null,
        order,
        windowSeconds,
        range: values.from && values.to ? { from: values.from, to: values.to } : null,
      });
      if (values.json) {
        io.stdout.write(`${JSON.stringify(f)}\n`);
        return 0;
      }
      io.stdout.write(
        `${f.name} (${f.order}, window ${f.windowSeconds / 86_400} days, step 1 in ${f.range.from} … ${f.range.to})\n`,
      );
      if (f.conversion.unavailable) io.stdout.write(`  not available for this source: ${f.conversion.unavailable}\n`);
      for (const s of f.steps)
        io.stdout.write(
          `  ${s.step.padEnd(24)} ${String(s.count).padStart(6)}  ${pct(s.overall).padStart(7)}  median ${s.medianSeconds === null ? '—' : `${Math.round(s.medianSeconds / 60)} min`}\n`,
        );
      io.stdout.write(
        `  conversion ${pct(f.conversion.value)}; biggest drop-off at ${f.dropOffStep ?? '—'}; portfolio median ${pct(f.benchmark?.conversion)} over ${f.benchmark?.accounts ?? 0} customers\n`,
      );
      return 0;
    });
  },
};
