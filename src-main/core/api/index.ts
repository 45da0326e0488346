import type { Handlers } from '../../../src-shared/contract';
import { analysisHandlers } from './analysisHandlers';
import { anomalyHandlers } from './anomalyHandlers';
import { appHandlers } from './appHandlers';
import { breakdownHandlers } from './breakdownHandlers';
import { commandHandlers } from './commandHandlers';
import { connectionHandlers } from './connectionHandlers';
import type { CoreDeps } from './context';
import { customerHandlers } from './customerHandlers';
import { demoHandlers } from './demoHandlers';
import { fileImportHandlers } from './fileImportHandlers';
import { healthHandlers } from './healthHandlers';
import { metricsHandlers } from './metricsHandlers';
import { reportHandlers } from './reportHandlers';
import { savedReportHandlers } from './savedReportHandlers';
import { schedulerHandlers } from './schedulerHandlers';
import { secretHandlers } from './secretHandlers';
import { settingsHandlers } from './settingsHandlers';
import { syncHandlers } from './syncHandlers';

export type { CoreDeps } from './context';

/** Every channel of the contract, implemented. Leaving one out does not compile. */
export function createHandlers(deps: CoreDeps): Handlers {
  return {
    ...appHandlers(deps),
    ...settingsHandlers(deps),
    ...secretHandlers(deps),
    ...connectionHandlers(deps),
    ...syncHandlers(deps),
    ...customerHandlers(deps),
    ...analysisHandlers(deps),
    ...healthHandlers(deps),
    ...anomalyHandlers(deps),
    ...metricsHandlers(deps),
    ...breakdownHandlers(deps),
    ...savedReportHandlers(deps),
    ...schedulerHandlers(deps),
    ...fileImportHandlers(deps),
    ...reportHandlers(deps),
    ...commandHandlers(deps),
    ...demoHandlers(deps),
  };
}
