// Test only: a parse thread that runs the real jobs but exits (a real thread death, not a message) once it
// has sent two batches, so the core's take-over of what the thread held can be checked.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { runParseThread } = await import('../../src-main/core/parseThreads/parseThread.ts');
const { parseJobs } = await import('../../src-main/core/connectors/parseJobs.ts');
const dying = {};
for (const [kind, handler] of Object.entries(parseJobs)) {
  dying[kind] = (input, out) => {
    let sent = 0;
    return handler(input, {
      send(batch, transfer) {
        if (++sent > 2) process.exit(3);
        return out.send(batch, transfer);
      },
    });
  };
}
await runParseThread(parentPort, dying);
