import type { CommandDirectoryEntry } from '../../../src-shared/contract/commands';
import type { PortfolioHealth } from '../../../src-shared/contract/health';
import type { PortfolioMetrics } from '../../../src-shared/contract/metrics';
import { bridge } from '../../lib/bridge';
import { type Prefetch, prefetch } from '../../lib/prefetch';
import { portfolioAverages } from '../account/portfolioAverage';

export interface PortfolioData {
  metrics: PortfolioMetrics;
  health: PortfolioHealth;
  directory: CommandDirectoryEntry[] | null;
}

/**
 * Everything the portfolio page shows, asked in parallel. The metrics also give the accounts opened from
 * here their gauge's portfolio average (portfolioAverages), so they do not ask for them again.
 */
export async function loadPortfolio(): Promise<PortfolioData> {
  const metricsCall = bridge.call('metrics.portfolio', {});
  portfolioAverages.rememberFrom(metricsCall);
  const [metrics, health, directory] = await Promise.all([
    metricsCall,
    bridge.call('health.portfolio', {}),
    bridge.call('commands.directory', {}).catch(() => null),
  ]);
  return { metrics, health, directory };
}

let early: Prefetch<PortfolioData> | null = null;
let stopListening: (() => void) | null = null;

/**
 * Asks the portfolio's calls as the window's script starts, before the rest of the app's modules run
 * and React renders the shell: the home screen's answers are on their way while that work is done
 * (the core answers in ~30-90 ms, the app's start takes longer), instead of after it. Something changed
 * in the core before the page took them: they are dropped and the page asks again.
 */
export function startPortfolioEarly(): void {
  early = prefetch(loadPortfolio());
  stopListening = bridge.on('data.changed', () => {
    takeEarlyPortfolio();
  });
}

/** The early calls, handed over once (to the first portfolio page that mounts), or null. */
export function takeEarlyPortfolio(): Prefetch<PortfolioData> | null {
  const taken = early;
  early = null;
  stopListening?.();
  stopListening = null;
  return taken;
}
