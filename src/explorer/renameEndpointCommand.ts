import * as vscode from 'vscode';
import type { EndpointRegistry } from '../endpoints/endpointTypes';
import { displayUrl } from '../endpoints/endpointUrl';

/** "Rename Endpoint…": its name becomes the label (the URL its description); an empty name goes back to the URL. */
export async function renameEndpoint(registry: EndpointRegistry, url: string | undefined, given?: unknown): Promise<string | undefined> {
  const endpoint = url ? registry.get(url) : undefined;
  if (!endpoint) return undefined;
  const name =
    typeof given === 'string'
      ? given
      : await vscode.window.showInputBox({
          title: vscode.l10n.t('Rename Endpoint {0}', displayUrl(endpoint.config.url)),
          value: endpoint.config.name ?? '',
          prompt: vscode.l10n.t('The name shown in the tree; empty shows the URL'),
        });
  if (name === undefined) return undefined;
  registry.rename(endpoint.config.url, name.trim() || undefined);
  return registry.get(endpoint.config.url)?.config.name;
}
