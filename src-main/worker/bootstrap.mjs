// Runs the TypeScript worker entry straight from source (CLI, web host, tests). The desktop build
// bundles entry.ts into out/main/worker.js instead and never loads this file.
import { register } from 'tsx/esm/api';

register();
await import('./entry.ts');
