import { main } from '../../src-main/cli';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs `pulse ARGS` in-process against a workspace, capturing what it prints. */
export async function runPulse(dataDir: string, args: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) =>
    ({
      write: (chunk: string) => {
        append(String(chunk));
        return true;
      },
    }) as unknown as NodeJS.WritableStream;
  const code = await main(['--data-dir', dataDir, ...args], {
    stdout: sink((s) => {
      out += s;
    }),
    stderr: sink((s) => {
      err += s;
    }),
  });
  return { code, out, err };
}
