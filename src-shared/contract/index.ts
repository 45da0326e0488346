export * from './channels';
export * from './connections';
export * from './customers';
export * from './errors';
export * from './settings';
export * from './validation';
