/** The WebSocket connection state of a ws:// endpoint, as its node in the Methods view shows it. */
import * as vscode from 'vscode';
import { webSocketConnections, type ConnectionState } from '../core/websocket';
import { isWebSocketUrl } from '../core/websocket/url';
import { sameEndpointUrl } from '../endpoints/endpointUrl';

function stateText(state: ConnectionState): string {
  switch (state) {
    case 'connecting':
      return vscode.l10n.t('connecting…');
    case 'open':
      return vscode.l10n.t('connected');
    case 'reconnecting':
      return vscode.l10n.t('reconnecting…');
    default:
      return vscode.l10n.t('not connected');
  }
}

/** The state of the endpoint's connection ('not connected' before the first use); undefined for an HTTP endpoint. */
export function socketStateText(url: string): string | undefined {
  if (!isWebSocketUrl(url)) return undefined;
  const connections = webSocketConnections().filter((c) => sameEndpointUrl(c.endpoint, url));
  const best = connections.find((c) => c.state === 'open') ?? connections.find((c) => c.state !== 'idle' && c.state !== 'closed') ?? connections[0];
  return stateText(best?.state ?? 'idle');
}
