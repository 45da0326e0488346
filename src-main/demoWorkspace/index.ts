// The demo set-up lives in the core (the app's first run runs it there); hosts and tests import it here.
export {
  type ContractCaller,
  type DemoSetupProgress,
  type DemoWorkspace,
  demoConnectionInputs,
  setUpDemoWorkspace,
} from '../core/demoWorkspace';
