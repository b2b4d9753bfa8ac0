import type { ApiSources } from './createApi';
import type { RpcExplorerApi } from './extensionApi';

/**
 * The typed API `activate` returns, whose code (src/api/createApi.ts, a chunk, see esbuild.js) loads when a caller
 * first reads a member: most sessions have no caller. `then` reads nothing, so awaiting `activate()` loads nothing.
 */
export function apiOnUse(sources: ApiSources): RpcExplorerApi {
  let api: RpcExplorerApi | undefined;
  const load = () => (api ??= (require('./createApi') as typeof import('./createApi')).createExtensionApi(sources));
  return new Proxy({} as RpcExplorerApi, { get: (_target, key) => (key === 'then' ? undefined : Reflect.get(load(), key)) });
}
