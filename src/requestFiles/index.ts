/**
 * Request files (`.rpc`): calls users keep in git, run by `rpc-explorer run` and the editor. No vscode import.
 */
export * from './parser';
export * from './variables';
export * from './expectations';
export * from './environments';
export * from './runner';
export * from './junit';
export * from './blockedCalls';
