/**
 * wss:// with the HTTP transport's TLS options, against a real TLS WebSocket JSON-RPC server (node:https with the
 * `ws` package's server) whose certificate openssl makes for 127.0.0.1: refused by default, trusted with the CA
 * file, accepted with insecure TLS.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { WebSocketServer } from 'ws';
import { callMethod } from '../../src/core';
import { RpcError } from '../../src/core/errors';
import { closeWebSocketConnections } from '../../src/core/websocket';

describe('JSON-RPC over wss:// with TLS options', () => {
  let dir: string;
  let server: https.Server;
  let url: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rpc-explorer-wss-'));
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { encoding: 'utf8' });
    assert.equal(made.status, 0, `openssl (Debian package openssl) could not make a certificate: ${made.error?.message ?? made.stderr}`);
    server = https.createServer({ key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem')) });
    const sockets = new WebSocketServer({ server });
    sockets.on('connection', (socket) =>
      socket.on('message', (data) => {
        const request = JSON.parse(data.toString()) as { id: number; params: number[] };
        socket.send(JSON.stringify({ jsonrpc: '2.0', id: request.id, result: request.params[0] + request.params[1] }));
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `wss://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterEach(() => closeWebSocketConnections());
  after(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('an untrusted certificate is refused in one line naming what to do', async () => {
    await assert.rejects(callMethod(url, 'jsonrpc', 'add', [1, 2]), (error: unknown) => {
      assert.ok(error instanceof RpcError);
      assert.equal(error.kind, 'connection');
      assert.match(error.message, /TLS certificate of 127\.0\.0\.1:\d+ not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\): add its CA file, or allow insecure TLS/);
      return true;
    });
  });

  test('the CA file makes it trusted; insecure TLS accepts it', async () => {
    assert.equal(await callMethod(url, 'jsonrpc', 'add', [1, 2], { caFile: path.join(dir, 'cert.pem') }), 3);
    assert.equal(await callMethod(url, 'jsonrpc', 'add', [2, 2], { insecure: true }), 4);
  });
});
