/**
 * One server lifecycle for the `rpc-server` task and Debug Server (see serverLifecycle.ts). `createServerLifecycle`
 * is the entry: the task feature and Debug Server each create theirs with the extension's registry and reveal.
 */
import type { RevealEndpoint } from '../endpoints/endpointTypes';
import type { RestartTarget } from './restartOnSave';
import { ServerLifecycle, type LifecycleRegistry, type RestartDeps } from './serverLifecycle';
import { vscodeServerHost } from './vscodeServerHost';

export { ServerLifecycle, START_SAFETY_MS, type ReadyEndpoint } from './serverLifecycle';
export { SAVE_QUIET_MS, type RestartTarget } from './restartOnSave';
export type { ServerHost } from './serverHost';
export type { StartServerResult, ServerRestart } from './serverTypes';
export { settlesWithin, delay, systemClock, type Clock } from './clock';

/** A lifecycle on VS Code (the host) and the system clock. */
export function createServerLifecycle<T extends RestartTarget>(registry: LifecycleRegistry, reveal: RevealEndpoint, restart?: RestartDeps<T>): ServerLifecycle<T> {
  return new ServerLifecycle<T>(vscodeServerHost(), registry, reveal, restart);
}
