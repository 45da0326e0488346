#!/usr/bin/env node
// The `pulse` command. Runs the TypeScript sources directly (tsx), so it works right after
// `npm install` on a fresh clone with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src-main/cli/index.ts');
process.exitCode = await main(process.argv.slice(2));
