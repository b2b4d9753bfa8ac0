import * as vscode from 'vscode';
import { RpcError, parseArgumentList, type MethodInfo, type TypedValue } from '../core';
import type { EndpointRegistry, EndpointTarget } from '../endpoints/endpointTypes';
import { endpointLabel } from '../endpoints/endpointUrl';
import type { CallHistory } from './callHistory';
import type { CallOutcome, CallRunner } from './callRunner';
import type { SourceIndex } from '../sourceEditor';
import { serverDescribesParams, sourceHints, withSourceHints } from '../sourceEditor/sourceHints';
import { methodShapeOf, type MethodShape } from '../core/methodShape';
import { pickEndpoint } from '../views/pickers';
import { inputArguments, pickMethod, type ArgumentsFromSource } from '../views/methodPickers';

/**
 * "RPC Explorer: Call Method": interactive from the palette or the tree (endpoint → method → arguments), and the
 * programmatic call of the extension's API.
 */
export class CallMethodCommand {
  constructor(
    private readonly registry: EndpointRegistry,
    private readonly runner: CallRunner,
    private readonly history: CallHistory,
    /** The servers' source files: the argument box's prompt and template where the server describes no parameters. */
    private readonly sources?: SourceIndex,
  ) {}

  /** Interactive flow from a node of the tree (or nothing: the palette); each step can be dismissed with Escape. */
  async interactive(target?: EndpointTarget, presetArgs?: string): Promise<TypedValue | undefined> {
    const presetMethod: MethodInfo | undefined = target?.method;
    let endpoint = target ? this.registry.get(target.url) : undefined;
    if (!endpoint) {
      const endpoints = this.registry.list();
      if (endpoints.length === 0) {
        const add = await vscode.window.showInformationMessage(vscode.l10n.t('No RPC endpoint yet: add one to call its methods.'), vscode.l10n.t('Add Endpoint'));
        if (add) await vscode.commands.executeCommand('rpcExplorer.addEndpoint');
        return undefined;
      }
      endpoint = await pickEndpoint(endpoints, vscode.l10n.t('Call Method: endpoint'));
      if (!endpoint) return undefined;
    }
    const endpointUrl = endpoint.config.url;
    const label = endpointLabel(endpoint.config);
    if (endpoint.state.status === 'discovering') {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Waiting for the methods of {0}…', label) }, () =>
        this.registry.whenDiscovered(endpointUrl),
      );
      endpoint = this.registry.get(endpointUrl) ?? endpoint;
    }
    let method = presetMethod ?? (await pickMethod(endpoint, vscode.l10n.t('Call Method on {0}', label)));
    if (!method) return undefined;
    const fromSource = await this.argumentsFromSource(endpointUrl, method);
    if (fromSource) method = fromSource.method;
    const input = await inputArguments(method, label, presetArgs ?? this.history.lastArgs(endpointUrl, method.name), fromSource?.arguments, fromSource?.shape);
    if (!input) return undefined;
    if ('openForm' in input) {
      await vscode.commands.executeCommand('rpcExplorer.openCallForm', endpointUrl, method.name);
      return undefined;
    }
    const outcome = await this.runner.run({ endpointUrl, method: method.name, args: input.args, argsText: input.text });
    return outcome.status === 'ok' ? outcome.value : undefined;
  }

  /** The source's parameters, docs and template for a method the server does not describe (undefined: nothing to add). */
  private async argumentsFromSource(url: string, method: MethodInfo): Promise<{ method: MethodInfo; arguments: ArgumentsFromSource; shape: MethodShape } | undefined> {
    if (!this.sources || method.signatures?.length) return undefined;
    const source = await this.sources.forEndpoint(url).catch(() => undefined);
    const fn = source?.model.functions.find((f) => f.name === method.name);
    if (!source || !fn) return undefined;
    const hints = sourceHints(source.model, fn);
    const describedByServer = serverDescribesParams(method);
    return {
      method: withSourceHints(method, hints),
      shape: methodShapeOf(method, hints.signatureInput),
      arguments: describedByServer ? {} : { template: hints.template, signature: hints.signature, location: hints.location },
    };
  }

  /**
   * Calls without asking anything: resolves to the result, rejects with the RpcFault or an RpcError whose message
   * names the endpoint and what to do. `args` is typed values or the argument box's text. The result panel shows
   * the call without taking focus (unless `showPanel` is false).
   */
  async call(url: string, method: string, args: TypedValue[] | string | undefined, showPanel = true): Promise<TypedValue> {
    let values: TypedValue[];
    let argsText: string;
    if (typeof args === 'string') {
      const parsed = parseArgumentList(args);
      if (!parsed.ok) throw new RpcError('usage', vscode.l10n.t('invalid arguments for {0}: {1}', method, parsed.error));
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
