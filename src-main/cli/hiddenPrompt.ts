import { createInterface } from 'node:readline';
import type { CliIo } from './command';

/**
 * Asks for a secret without echoing it. Only on an interactive terminal: in scripts, secrets come
 * from environment variables, never from flags (they would land in shell history and `ps`).
 */
export async function promptHidden(io: CliIo, question: string): Promise<string> {
  if (!io.stdin.isTTY) throw new Error('not a terminal');
  const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: true });
  const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput;
  let asked = false;
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (text: string) => {
    if (!asked) {
      write.call(rl, text);
      asked = true;
    }
  };
  try {
    return await new Promise<string>((resolve) => rl.question(question, (answer) => resolve(answer.trim())));
  } finally {
    rl.close();
    io.stderr.write('\n');
  }
}
