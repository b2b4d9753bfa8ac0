import * as vscode from 'vscode';
import type { Endpoint } from '../endpoints/endpointTypes';
import { displayUrl } from '../endpoints/endpointUrl';
import { visibleMethods } from '../endpoints/methodNames';

/** The endpoint quick pick of the commands that work on an endpoint (the method and argument steps: methodPickers.ts). */

export async function pickEndpoint(endpoints: readonly Endpoint[], title: string): Promise<Endpoint | undefined> {
  if (endpoints.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No RPC endpoint yet: run "RPC Explorer: Add Endpoint" first.'));
    return undefined;
  }
  if (endpoints.length === 1) return endpoints[0];
  const items = endpoints.map((endpoint) => {
    const state = endpoint.state;
    const detail =
      state.status === 'ready'
        ? `${state.protocol} · ${vscode.l10n.t('{0} methods', visibleMethods(state.methods).length)}`
        : state.status === 'error'
          ? `$(error) ${state.message}`
          : state.status === 'discovering'
            ? vscode.l10n.t('discovering…')
            : vscode.l10n.t('not discovered');
    return {
      label: `$(${endpoint.config.local ? 'server-process' : 'plug'}) ${endpoint.config.name ?? displayUrl(endpoint.config.url)}`,
      description: endpoint.config.name ? displayUrl(endpoint.config.url) : undefined,
      detail,
      endpoint,
    };
  });
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Pick an endpoint'), matchOnDescription: true });
  return picked?.endpoint;
}
