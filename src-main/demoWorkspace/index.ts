export { type DemoSetupProgress, type DemoWorkspace, setUpDemoWorkspace } from './setUpDemoWorkspace';
