import * as path from 'node:path';
import * as vscode from 'vscode';
import { RpcError, describeError, discover } from '../core';
import type { DiscoverEndpoint } from '../endpoints/endpointRegistry';
import type { DiscoveryState, EndpointConfig } from '../endpoints/endpointTypes';
import { endpointLabel } from '../endpoints/endpointUrl';
import { describeFailure } from '../callOptions/failureMessages';
import type { RequestOptions } from '../callOptions/requestOptions';
import type { WireLog } from '../callOptions/wireLog';

export const METHODS_VIEW_ID = 'rpcExplorer.methods';

/**
 * Discovery as the explorer runs it: through the core with the user's settings, with progress on the Methods view
 * and one log line per outcome; a failure becomes the endpoint's error state with a line saying what to do.
 */
export function endpointDiscovery(options: RequestOptions, log: WireLog): DiscoverEndpoint {
  return async (config, signal) => {
    const label = endpointLabel(config);
    const started = Date.now();
    try {
      const discovery = await vscode.window.withProgress({ location: { viewId: METHODS_VIEW_ID }, title: vscode.l10n.t('Discovering {0}', label) }, async () =>
        discover(config.url, config.protocol, await options.forEndpoint(config.url, signal)),
      );
      const elapsedMs = Date.now() - started;
      log.channel.info(`discover ${label} → ${discovery.protocol}, ${discovery.methods.length} methods in ${elapsedMs} ms (${discovery.roundTrips} requests)`);
      for (const warning of discovery.warnings ?? []) log.channel.warn(`discover ${label}: ${warning}`);
      return {
        status: 'ready',
        protocol: discovery.protocol,
        methods: discovery.methods,
        refreshedAt: Date.now(),
        roundTrips: discovery.roundTrips,
        elapsedMs,
        ...(discovery.warnings?.length ? { warnings: discovery.warnings } : {}),
        ...(discovery.url ? { callUrl: discovery.url } : {}),
      };
    } catch (error) {
      if (signal.aborted) throw error;
      log.channel.warn(`discover ${label} → ${describeError(error)}`);
      return failedState(config, error, Date.now() - started);
    }
  };
}

function failedState(config: EndpointConfig, error: unknown, elapsedMs: number): DiscoveryState {
  const protocol = error instanceof RpcError ? error.protocol : undefined;
  const sourceMethods = config.local?.sourceMethods;
  if (error instanceof RpcError && error.kind === 'no-introspection' && sourceMethods?.length) {
    // The server speaks the protocol but cannot list its methods: show what its source registers.
    return {
      status: 'ready',
      protocol: protocol ?? (config.protocol !== 'auto' ? config.protocol : 'xmlrpc'),
      methods: sourceMethods.map((m) => ({ ...m, origin: 'source' as const })),
      refreshedAt: Date.now(),
      roundTrips: 0,
      elapsedMs,
      note: describeError(error),
    };
  }
  const message = describeError(error);
  const stoppedLocalFile = config.local && !config.local.running ? path.basename(config.local.file) : undefined;
  const hint = describeFailure(error, endpointLabel(config), { stoppedLocalFile });
  return {
    status: 'error',
    message,
    protocol,
    refreshedAt: Date.now(),
    kind: error instanceof RpcError ? error.kind : undefined,
    hint: hint !== message ? hint : undefined,
  };
}
