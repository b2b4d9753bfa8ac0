import * as vscode from 'vscode';
import type { ProtocolChoice, TypedValue } from '../core';
import { isProtocolChoice } from '../core';
import type { EndpointTarget } from '../endpoints/endpointTypes';

/**
 * The one adapter between the arguments a command may be run with — a tree node, or the documented programmatic
 * forms (keybindings, `executeCommand`) — and the typed calls behind them.
 */

/** `rpcExplorer.callMethod(url, method, args?, {showPanel?})` or `({endpointUrl|url, method, args?, showPanel?})`. */
export function callArguments(
  target: unknown,
  method: unknown,
  args: unknown,
  options: unknown,
): { url: string; method: string; args?: TypedValue[] | string; showPanel?: boolean } | undefined {
  if (typeof target === 'string' && typeof method === 'string') {
    return { url: target, method, args: args as TypedValue[] | string | undefined, showPanel: (options as { showPanel?: boolean } | undefined)?.showPanel };
  }
  const object = target as { endpointUrl?: unknown; url?: unknown; method?: unknown; args?: unknown; showPanel?: unknown; kind?: unknown } | undefined;
  if (object && typeof object === 'object' && object.kind === undefined && typeof object.method === 'string') {
    const url = typeof object.endpointUrl === 'string' ? object.endpointUrl : object.url;
    if (typeof url === 'string') {
      return { url, method: object.method, args: object.args as TypedValue[] | string | undefined, showPanel: object.showPanel as boolean | undefined };
    }
  }
  return undefined;
}

/** A tree node (or a URL) as the endpoint (and method) a command was run on. */
export function targetOf(value: unknown): EndpointTarget | undefined {
  if (typeof value === 'string') return { url: value };
  const node = value as { kind?: unknown; url?: unknown; method?: unknown } | undefined;
  if (!node || typeof node !== 'object' || typeof node.url !== 'string') return undefined;
  return node.kind === 'method' ? { url: node.url, method: node.method as EndpointTarget['method'] } : { url: node.url };
}

export function protocolChoice(value: unknown): ProtocolChoice | undefined {
  return isProtocolChoice(value) ? value : undefined;
}

/** `rpcExplorer.stopServer([endpointNode | url | uri])`: the server of an endpoint or of a file; none: the running one. */
export function stopServerTarget(target: unknown): { url?: string; file?: string } | undefined {
  if (target instanceof vscode.Uri) return { file: target.fsPath };
  const endpoint = targetOf(target);
  return endpoint ? { url: endpoint.url } : undefined;
}
