import { afterAll, describe, expect, it } from 'vitest';
import { runPulse } from '../../support/cliRun';
import { makeTempDir } from '../../support/tempDir';

/** `pulse reports-saved` and `pulse breakdown` on a real (empty) workspace: usage and specific errors. */
describe('pulse reports-saved and pulse breakdown', () => {
  const dir = makeTempDir('pulse-saved-reports-cli-');
  afterAll(() => dir.remove());
  const run = (args: string[]) => runPulse(dir.path, args);

  it('lists nothing yet and says how to pick', async () => {
    const list = await run(['reports-saved', 'list']);
    expect(list.code).toBe(0);
    expect(list.out).toContain('No saved reports picked');
    const json = await run(['reports-saved', 'list', '--json']);
    expect(JSON.parse(json.out)).toEqual([]);
  });

  it('answers wrong usage with exit 2 and the usage text', async () => {
    const none = await run(['reports-saved']);
    expect(none.code).toBe(2);
    expect(none.err).toContain('pick, unpick, list or show');
    const half = await run(['reports-saved', 'pick', 'Only connection']);
    expect(half.code).toBe(2);
    expect(half.err).toContain('CONNECTION REPORT_ID');
    const funnel = await run(['breakdown', 'Acme', '--funnel']);
    expect(funnel.code).toBe(2);
    expect(funnel.err).toContain('--property');
  });

  it('names the missing connection or customer', async () => {
    const pick = await run(['reports-saved', 'pick', 'No such connection', '44003']);
    expect(pick.code).not.toBe(0);
    expect(pick.err).toMatch(/No such connection/);
    const show = await run(['reports-saved', 'show', 'Nobody Inc']);
    expect(show.code).not.toBe(0);
    expect(show.err).toMatch(/Nobody Inc|no customer/i);
  });
});
