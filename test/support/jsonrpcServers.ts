/**
 * JSON-RPC peers for tests: a real npm jayson server (test/fixtures/jsonrpc-server.js) with methods sayHi, add,
 * echo and fail (error -32010 with data), and with rpc.discover (OpenRPC), system.listMethods or no introspection;
 * and a raw loopback HTTP server whose every answer a test scripts (wrong id, HTML, empty body, HTTP 500 + JSON...).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startNodeServer, type RunningServer } from './nodeServerProcess';

export type { RunningServer } from './nodeServerProcess';

export type Introspection = 'openrpc' | 'listmethods' | 'none';

export function startJaysonServer(introspection: Introspection = 'openrpc'): Promise<RunningServer> {
  return startNodeServer('test/fixtures/jsonrpc-server.js', { INTROSPECTION: introspection });
}

/** The example server users run (examples/jsonrpc-node/server.js). */
export function startJsonRpcExampleServer(): Promise<RunningServer> {
  return startNodeServer('examples/jsonrpc-node/server.js');
}

export interface ScriptedReply {
  status?: number;
  headers?: Record<string, string>;
  body: string | Buffer;
}

/** What the raw server answers, given the parsed request (null when the body was not JSON). */
export type ReplyScript = (request: { id?: unknown; method?: string } | null, rawBody: string) => ScriptedReply;

export interface RawServer {
  url: string;
  /** Request bodies received, in order. */
  requests: string[];
  stop(): Promise<void>;
}

export async function startRawJsonServer(script: ReplyScript): Promise<RawServer> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      requests.push(raw);
      let parsed: { id?: unknown; method?: string } | null;
      try {
        parsed = JSON.parse(raw);
      } catch {
        parsed = null; // not JSON: the script answers the raw text
      }
      const reply = script(parsed, raw);
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
