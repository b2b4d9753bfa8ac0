/**
 * The WebSocket implementation of `Transport` for JSON-RPC: the request goes out as one text message on the
 * endpoint's kept connection, and the answer carrying its id (or, for a batch, one of its ids) is decoded.
 */
import type { Transport } from '../types';
import { webSocketConnection } from './pool';

export const webSocketTransport: Transport = {
  async send(url, request, options, label, decode) {
    const connection = webSocketConnection(url, options);
    const ids = request.ids ?? (request.id !== undefined ? [request.id] : []);
    const body = await connection.send(request.body.toString('utf8'), ids, label, options);
    return decode({ status: 200, host: new URL(url).host, headers: {}, body });
  },
};
