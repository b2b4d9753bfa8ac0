/** A loopback JSON-RPC server that keeps every request it receives, to check what a client sent and how often. */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorder {
  url: string;
  requests: { headers: http.IncomingHttpHeaders; body: string }[];
  stop(): Promise<void>;
}

/** Method `headers` answers with the request's Authorization and X-Tenant headers; any other echoes its first argument. */
export async function startRecorder(): Promise<Recorder> {
  const requests: Recorder['requests'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ headers: req.headers, body });
      const request = JSON.parse(body) as { id: number; method: string; params: unknown[] };
      const result = request.method === 'headers' ? { authorization: req.headers.authorization ?? null, tenant: req.headers['x-tenant'] ?? null } : (request.params[0] ?? null);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ jsonrpc: '2.0', id: request.id, result }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    stop: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
