/**
 * JSON-RPC over WebSocket against real peers: test/fixtures/ws_jsonrpc_server.py (Debian's python3-websockets) and
 * aria2's WebSocket interface (a real download from a loopback HTTP server pushes aria2.onDownloadComplete).
 */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, test } from 'node:test';
import { callMethod, callMethodAuto, detectProtocol, discover } from '../../src/core';
import { RpcFault } from '../../src/core/errors';
import { closeIdleConnections } from '../../src/core/transport';
import type { WireEvent } from '../../src/core/types';
import { closeWebSocketConnections, webSocketConnection, webSocketConnections, type ConnectionState, type ServerNotification } from '../../src/core/websocket';
import { freePort } from '../support/ports';
import { startAria2, type Aria2 } from '../support/realServers';
import { aria2WebSocketUrl, startPythonWebSocketServer, type WebSocketServer } from '../support/webSocketServers';
import { isError } from '../support/rpcErrors';

after(() => {
  closeWebSocketConnections();
  closeIdleConnections();
});

/** Resolves once `check` holds; rejects with `what` after the deadline. */
async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('JSON-RPC over WebSocket against a Python websockets server', () => {
  let server: WebSocketServer;
  before(async () => {
    server = await startPythonWebSocketServer();
  });
  afterEach(() => closeWebSocketConnections());
  after(async () => {
    await server?.stop();
  });

  test('calls answer over ws://, with typed values; a fault is a fault', async () => {
    assert.equal(await callMethod(server.url, 'jsonrpc', 'add', [2, 40]), 42);
    assert.deepEqual(await callMethod(server.url, 'jsonrpc', 'echo', [{ big: { $i8: '9007199254740993' }, list: [1, 'a', null] }]), {
      big: { $i8: '9007199254740993' },
      list: [1, 'a', null],
    });
    await assert.rejects(callMethod(server.url, 'jsonrpc', 'fail', ['boom']), (error: unknown) => {
      assert.ok(error instanceof RpcFault);
      assert.equal(error.code, -32010);
      assert.equal(error.faultString, 'boom');
      return true;
    });
  });

  test('auto-detection and discovery go over the socket (rpc.discover), and only JSON-RPC is asked', async () => {
    assert.deepEqual(await detectProtocol(server.url), { protocol: 'jsonrpc', url: server.url });
    const found = await discover(server.url, 'auto');
    assert.equal(found.protocol, 'jsonrpc');
    assert.ok(found.methods.some((m) => m.name === 'subscribe'), JSON.stringify(found.methods));
    assert.equal((await callMethodAuto(server.url, 'echo', ['hi'])).result, 'hi');
    await assert.rejects(callMethod(server.url, 'xmlrpc', 'echo', []), isError('usage', /XML-RPC does not run over WebSocket/));
  });

  test('one connection per endpoint; answers are matched by id in any order', async () => {
    const slow = callMethod(server.url, 'jsonrpc', 'slow', [400, 'slow']);
    const order: string[] = [];
    void slow.then(() => order.push('slow'));
    const fast = await callMethod(server.url, 'jsonrpc', 'echo', ['fast']);
    order.push(String(fast));
    assert.equal(await slow, 'slow');
    assert.deepEqual(order, ['fast', 'slow']);
    assert.equal(webSocketConnections().length, 1);
  });

  test('notifications before and after the answer reach the listeners; the answer still reaches its call', async () => {
    const connection = webSocketConnection(server.url);
    const seen: ServerNotification[] = [];
    const stop = connection.onNotification((n) => seen.push(n));
    try {
      assert.equal(await callMethod(server.url, 'jsonrpc', 'notify', ['progress', 6]), 6);
      assert.ok(seen.length >= 3, `the first half came before the answer (${seen.length})`);
      await waitFor(() => seen.length === 6, 'six notifications');
      assert.deepEqual(
        seen.map((n) => [n.method, n.params]),
        [0, 1, 2, 3, 4, 5].map((n) => ['progress', { n }]),
      );
      assert.equal(seen[0].endpoint, server.url);
      assert.ok(seen[0].receivedAt <= Date.now());
    } finally {
      stop();
    }
  });

  test('deadline, cancellation and the response size cap', async () => {
    await assert.rejects(callMethod(server.url, 'jsonrpc', 'slow', [3000, 'late'], { timeoutMs: 300 }), isError('timeout', /within 0\.3 s/));
    const controller = new AbortController();
    const call = callMethod(server.url, 'jsonrpc', 'slow', [3000, 'late'], { signal: controller.signal });
    setImmediate(() => controller.abort());
    await assert.rejects(call, isError('cancelled', /cancelled/));
    // The connection still serves the next call.
    assert.equal(await callMethod(server.url, 'jsonrpc', 'echo', ['still here']), 'still here');
    await assert.rejects(callMethod(server.url, 'jsonrpc', 'big', [50_000], { maxResponseBytes: 10_000 }), isError('too-large', /exceeds the 10 KB limit/));
  });

  test('the wire log sees the upgrade headers (credentials masked) and both messages', async () => {
    const events: WireEvent[] = [];
    await callMethod(server.url, 'jsonrpc', 'echo', [1], { headers: { Authorization: 'Bearer secret-value' }, onWire: (e) => events.push(e) });
    assert.deepEqual(events.map((e) => e.direction), ['request', 'response']);
    assert.match(events[0].body, /"method":"echo"/);
    assert.ok(!JSON.stringify(events).includes('secret-value'), JSON.stringify(events[0].headers));
    assert.match(events[1].body, /"result": ?1/);
  });

  test('a server that hangs up fails the call in one line; a listened-to connection comes back by itself', async () => {
    const connection = webSocketConnection(server.url);
    const states: ConnectionState[] = [];
    connection.onStateChange((state) => states.push(state));
    const stop = connection.onNotification(() => undefined);
    try {
      await connection.connect();
      await assert.rejects(callMethod(server.url, 'jsonrpc', 'hangup', []), isError('connection', /closed the WebSocket before answering \(code 1011 hung up on purpose\)/));
      await waitFor(() => connection.state === 'open', 'the reconnection');
      assert.ok(states.includes('reconnecting'), states.join(','));
      assert.equal(await callMethod(server.url, 'jsonrpc', 'echo', ['again']), 'again');
    } finally {
      stop();
    }
  });

  test('nothing listening: connection refused, in one line', async () => {
    const port = await freePort();
    await assert.rejects(callMethod(`ws://127.0.0.1:${port}/`, 'jsonrpc', 'echo', []), isError('connection', /connection refused by 127\.0\.0\.1:\d+/));
  });
});

describe('JSON-RPC over WebSocket: headers and credentials on the upgrade request', () => {
  let server: WebSocketServer;
  before(async () => {
    server = await startPythonWebSocketServer({ REQUIRE_AUTH: 'Basic ' + Buffer.from('ann:pa55').toString('base64') });
  });
  afterEach(() => closeWebSocketConnections());
  after(async () => {
    await server?.stop();
  });

  test('a refused upgrade is the HTTP status with what the server said', async () => {
    await assert.rejects(callMethod(server.url, 'jsonrpc', 'echo', [1]), isError('http', /HTTP 401 Unauthorized from 127\.0\.0\.1:\d+: a valid Authorization header is required/));
  });

  test('credentials in the URL and a header both reach the upgrade request', async () => {
    const withUser = server.url.replace('ws://', 'ws://ann:pa55@');
    const headers = (await callMethod(withUser, 'jsonrpc', 'headers', [])) as Record<string, string>;
    assert.equal(headers.authorization, 'Basic ' + Buffer.from('ann:pa55').toString('base64'));
    const viaHeader = (await callMethod(server.url, 'jsonrpc', 'headers', [], {
      headers: { Authorization: 'Basic ' + Buffer.from('ann:pa55').toString('base64'), 'X-Trace': 't-1' },
    })) as Record<string, string>;
    assert.equal(viaHeader['x-trace'], 't-1');
  });
});

/** A loopback HTTP server with one file, for aria2 to download. */
async function startFileServer(bytes: number): Promise<{ url: string; stop(): Promise<void> }> {
  const body = Buffer.alloc(bytes, 'a');
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(body.length) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/file.bin`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('aria2 over WebSocket (Debian aria2): calls with the token, notifications without', () => {
  let aria2: Aria2;
  let url: string;
  before(async () => {
    aria2 = await startAria2();
    url = aria2WebSocketUrl(aria2.port);
  });
  afterEach(() => closeWebSocketConnections());
  after(async () => {
    await aria2?.stop();
  });

  test('discovery over the socket (system.listMethods), calls with and without the token', async () => {
    const found = await discover(url, 'auto');
    assert.equal(found.protocol, 'jsonrpc');
    assert.ok(found.methods.some((m) => m.name === 'aria2.addUri'));
    const version = (await callMethod(url, 'jsonrpc', 'aria2.getVersion', [], { leadingArgs: [`token:${aria2.secret}`] })) as { version: string };
    assert.match(version.version, /^\d+\.\d+/);
    await assert.rejects(callMethod(url, 'jsonrpc', 'aria2.getVersion', ['token:wrong']), (e: unknown) => e instanceof RpcFault && /Unauthorized/.test(e.faultString));
  });

  test('a real download pushes aria2.onDownloadStart and aria2.onDownloadComplete with its gid', async () => {
    const files = await startFileServer(64 * 1024);
    const connection = webSocketConnection(url);
    const seen: ServerNotification[] = [];
    const stop = connection.onNotification((n) => seen.push(n));
    try {
      const gid = await callMethod(url, 'jsonrpc', 'aria2.addUri', [[files.url]], { leadingArgs: [`token:${aria2.secret}`] });
      assert.equal(typeof gid, 'string');
      await waitFor(() => seen.some((n) => n.method === 'aria2.onDownloadComplete'), 'aria2.onDownloadComplete');
      const complete = seen.find((n) => n.method === 'aria2.onDownloadComplete')!;
      assert.deepEqual(complete.params, [{ gid }]);
      assert.ok(seen.some((n) => n.method === 'aria2.onDownloadStart'));
    } finally {
      stop();
      await files.stop();
    }
  });
});
