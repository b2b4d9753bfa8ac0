/**
 * The transports the core carries requests over, by URL scheme: HTTP POST (http, https) and WebSocket (ws, wss).
 * A new transport is a folder with a `Transport` and one line here.
 */
import { httpTransport } from './httpTransport';
import type { Transport } from './types';
import { webSocketTransport } from './websocket/transport';

export const TRANSPORT_REGISTRY: readonly { schemes: readonly string[]; transport: Transport }[] = [
  { schemes: ['http:', 'https:'], transport: httpTransport },
  { schemes: ['ws:', 'wss:'], transport: webSocketTransport },
];

function schemeOf(url: string): string {
  const match = /^\s*([a-z][a-z0-9+.-]*:)/i.exec(url);
  return match ? match[1].toLowerCase() : '';
}

/** The transport of a URL's scheme (HTTP for anything else, which parseEndpointUrl then refuses). */
export function transportFor(url: string): Transport {
  const scheme = schemeOf(url);
  return TRANSPORT_REGISTRY.find((entry) => entry.schemes.includes(scheme))?.transport ?? httpTransport;
}

/** A transport that sends each request over the transport of its URL's scheme. */
export const schemeTransport: Transport = {
  send: (url, request, options, label, decode) => transportFor(url).send(url, request, options, label, decode),
};
