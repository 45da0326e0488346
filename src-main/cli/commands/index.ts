import type { CliCommand } from '../command';
import { alertsCommand } from './alerts';
import { anomaliesCommand } from './anomalies';
import { breakdownCommand } from './breakdown';
import { churnAnalysisCommand } from './churnAnalysis';
import { configCommand } from './config';
import { connectCommand } from './connect';
import { connectionsCommand, disconnectCommand } from './connections';
import { customersCommand } from './customers';
import { demoCommand } from './demo';
import { featuresCommand } from './features';
import { funnelCommand } from './funnel';
import { healthCommand } from './health';
import { importCommand } from './import';
import { infoCommand } from './info';
import { metricsCommand } from './metrics';
import { reportCommand } from './report';
import { retentionCommand } from './retention';
import { sandboxCommand } from './sandbox';
import { savedReportsCommand } from './savedReports';
import { serveCommand } from './serve';
import { syncCommand } from './sync';

/** Every `pulse` sub-command, in the order `pulse --help` lists them. */
export const commands: readonly CliCommand[] = [
  infoCommand,
  demoCommand,
  connectCommand,
  connectionsCommand,
  disconnectCommand,
  syncCommand,
  importCommand,
  customersCommand,
  metricsCommand,
  retentionCommand,
  funnelCommand,
  featuresCommand,
  breakdownCommand,
  healthCommand,
  alertsCommand,
  anomaliesCommand,
  churnAnalysisCommand,
  configCommand,
  reportCommand,
  savedReportsCommand,
  serveCommand,
  sandboxCommand,
];
