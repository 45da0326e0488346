/** The first-run demo workspace: local vendor sandboxes over a seeded portfolio, labelled as sample data. */

export interface DemoStatus {
  /** This workspace was set up as the demo (remembered in the workspace across restarts). */
  active: boolean;
  /** The demo's sandboxes answer on loopback right now (scheduled syncs of the demo connections work). */
  sandboxesRunning: boolean;
  /** A set-up is running now (another `demo.start` is refused until it ends). */
  settingUp: boolean;
  accounts: number | null;
  days: number | null;
  /** The demo connections' ids. */
  connectionIds: string[];
  /** Why the sandboxes could not be started again, in plain words; null when fine. */
  problem: string | null;
}

export interface DemoProgress {
  step: 'sandboxes' | 'customers' | 'connect' | 'sync' | 'done' | 'failed';
  message: string;
}
