import * as vscode from 'vscode';
import { isProtocolChoice, type ProtocolChoice } from '../core';
import type { Endpoint, EndpointRegistry } from '../endpoints/endpointTypes';
import { endpointLabel } from '../endpoints/endpointUrl';
import { protocolItems } from './addEndpointCommand';

/**
 * "Change Protocol…" on an endpoint: the protocol picked when it was added (auto-detect included) is changed, and the
 * endpoint is discovered again with it. What the advice "answered none of the protocols" points to.
 */
export async function changeProtocol(registry: EndpointRegistry, url: string | undefined, given?: unknown): Promise<Endpoint | undefined> {
  const endpoint = url ? registry.get(url) : undefined;
  if (!endpoint) return undefined;
  let protocol: ProtocolChoice | undefined = isProtocolChoice(given) ? given : undefined;
  if (!protocol) {
    const items = protocolItems().map((item) => ({ ...item, picked: item.protocol === endpoint.config.protocol }));
    const picked = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Change Protocol of {0}', endpointLabel(endpoint.config)),
      placeHolder: vscode.l10n.t('Now: {0}', items.find((i) => i.protocol === endpoint.config.protocol)?.label.replace(/^\$\([^)]*\)\s*/, '') ?? endpoint.config.protocol),
    });
    protocol = picked?.protocol;
  }
  if (!protocol) return undefined;
  return registry.add({ ...endpoint.config, protocol });
}
