import * as vscode from 'vscode';
import type { ProtocolChoice, TypedValue } from '../core';
import { isProtocolChoice } from '../core';
import type { EndpointTarget } from '../endpoints/endpointTypes';
import { serverTaskOptionsFrom, type ServerTaskOptions } from '../tasks/serverTaskDefinition';

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

/**
 * `rpcExplorer.startServer([uri], [options])`: a Uri (the editor title's) or a path, else the active editor; options
 * are task properties. `startServer(options)` is the active editor with options.
 */
export function startServerArguments(file: unknown, options: unknown): { uri?: vscode.Uri; options: ServerTaskOptions } {
  if (file instanceof vscode.Uri) return { uri: file, options: serverTaskOptionsFrom(options) };
  if (typeof file === 'string') return { uri: vscode.Uri.file(file), options: serverTaskOptionsFrom(options) };
  return { options: serverTaskOptionsFrom(file === undefined ? options : file) };
}

/** `rpcExplorer.stopServer([endpointNode | url | uri])`: the server of an endpoint or of a file; none: the running one. */
export function stopServerTarget(target: unknown): { url?: string; file?: string } | undefined {
  if (target instanceof vscode.Uri) return { file: target.fsPath };
  const endpoint = targetOf(target);
  return endpoint ? { url: endpoint.url } : undefined;
}
