/** The first-run demo workspace: set-up through the contract, and its sandboxes kept alive with the workspace. */
export { type DemoWorkspaceDeps, DemoWorkspaceService } from './demoWorkspaceService';
export {
  type ContractCaller,
  DEMO_CONNECTION_LABELS,
  type DemoSetupProgress,
  type DemoWorkspace,
  demoConnectionInputs,
  setUpDemoWorkspace,
} from './setUpDemoWorkspace';
