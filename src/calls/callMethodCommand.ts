import * as vscode from 'vscode';
import { RpcError, parseArgumentList, type MethodInfo, type TypedValue } from '../core';
import type { WorkspaceEndpointRegistry } from '../explorer/endpointRegistry';
import { displayUrl } from '../explorer/endpointUrl';
import type { ExplorerNode } from '../explorer/methodTree';
import type { CallHistory } from './callHistory';
import type { CallOutcome, CallRunner } from './callRunner';
import { inputArguments, pickEndpoint, pickMethod } from './pickers';

/** `{endpointUrl, method, args}` as a keybinding or another extension may pass it. */
interface CallArgsObject {
  endpointUrl?: string;
  url?: string;
  method?: string;
  args?: TypedValue[] | string;
  showPanel?: boolean;
}

/**
 * "RPC Explorer: Call Method". Interactive from the palette or the tree (endpoint → method → arguments), or
 * programmatic: `callMethod(endpointUrl, method, args[])` resolves to the result and rejects with the fault or
 * error (no modal UI; the result panel shows the call without taking focus).
 */
export class CallMethodCommand {
  constructor(
    private readonly registry: WorkspaceEndpointRegistry,
    private readonly runner: CallRunner,
    private readonly history: CallHistory,
  ) {}

  async execute(target?: ExplorerNode | string | CallArgsObject, method?: string, args?: TypedValue[] | string, options?: { showPanel?: boolean }): Promise<TypedValue | undefined> {
    if (typeof target === 'string' && typeof method === 'string') return this.callProgrammatic(target, method, args, options?.showPanel);
    if (isArgsObject(target) && typeof target.method === 'string' && (target.endpointUrl ?? target.url)) {
      return this.callProgrammatic((target.endpointUrl ?? target.url)!, target.method, target.args, target.showPanel);
    }
    const url = typeof target === 'string' ? target : isNode(target) ? target.url : undefined;
    const preset = isNode(target) && target.kind === 'method' ? target.method : undefined;
    return this.interactive(url, preset);
  }

  /** Interactive flow; each step can be dismissed with Escape. */
  async interactive(url?: string, presetMethod?: MethodInfo, presetArgs?: string): Promise<TypedValue | undefined> {
    let endpoint = url ? this.registry.get(url) : undefined;
    if (!endpoint) {
      const endpoints = this.registry.list();
      if (endpoints.length === 0) {
        const add = await vscode.window.showInformationMessage('No RPC endpoint yet: add one to call its methods.', 'Add Endpoint');
        if (add) await vscode.commands.executeCommand('rpcExplorer.addEndpoint');
        return undefined;
      }
      endpoint = await pickEndpoint(endpoints, 'Call Method: endpoint');
      if (!endpoint) return undefined;
    }
    const endpointUrl = endpoint.config.url;
    const label = endpoint.config.name ?? displayUrl(endpointUrl);
    if (endpoint.state.status === 'discovering') {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Waiting for the methods of ${label}…` }, () =>
        this.registry.whenDiscovered(endpointUrl),
      );
      endpoint = this.registry.get(endpointUrl) ?? endpoint;
    }
    const method = presetMethod ?? (await pickMethod(endpoint, `Call Method on ${label}`));
    if (!method) return undefined;
    const input = await inputArguments(method, label, presetArgs ?? this.history.lastArgs(endpointUrl, method.name));
    if (!input) return undefined;
    const outcome = await this.runner.run({ endpointUrl, method: method.name, args: input.args, argsText: input.text });
    return outcome.status === 'ok' ? outcome.value : undefined;
  }

  private async callProgrammatic(url: string, method: string, args: TypedValue[] | string | undefined, showPanel = true): Promise<TypedValue> {
    let values: TypedValue[];
    let argsText: string;
    if (typeof args === 'string') {
      const parsed = parseArgumentList(args);
      if (!parsed.ok) throw new RpcError('usage', `invalid arguments for ${method}: ${parsed.error}`);
      values = parsed.args;
      argsText = args;
    } else {
      values = args ?? [];
      argsText = values.map((v) => JSON.stringify(v)).join(', ');
    }
    const outcome: CallOutcome = await this.runner.run({ endpointUrl: url, method, args: values, argsText }, { showPanel });
    if (outcome.status === 'ok') return outcome.value;
    if (outcome.status === 'fault') throw outcome.fault;
    // The one-line message names the endpoint and what to do; the kind tells callers why.
    const error = outcome.error;
    throw error instanceof RpcError ? new RpcError(error.kind, outcome.message, error.protocol) : new Error(outcome.message);
  }
}

function isNode(value: unknown): value is ExplorerNode {
  return typeof value === 'object' && value !== null && 'kind' in value && 'url' in value;
}

function isArgsObject(value: unknown): value is CallArgsObject {
  return typeof value === 'object' && value !== null && !('kind' in value);
}
