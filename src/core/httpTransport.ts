/**
 * The HTTP implementation of `Transport`: an HTTP POST through the shared transport (src/core/transport.ts), which
 * owns deadlines, size caps, keep-alive hygiene, TLS and basic auth.
 */
import { postRequest } from './transport';
import type { Transport } from './types';

export const httpTransport: Transport = {
  send(url, request, options, label, decode) {
    const { 'content-type': contentType = 'application/octet-stream', ...protocolHeaders } = request.headers;
    // The user's headers win over the protocol's, as they do over the transport's own.
    const headers = Object.keys(protocolHeaders).length > 0 ? { ...protocolHeaders, ...options.headers } : options.headers;
    return postRequest(url, request.body, contentType, { ...options, headers }, label, decode);
  },
};
