export * from './channels';
export * from './errors';
export * from './settings';
export * from './validation';
export * from './connections';
