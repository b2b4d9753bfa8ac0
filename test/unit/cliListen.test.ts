/**
 * `rpc-explorer listen` and `call`/`list` with ws:// URLs, as users run them (dist/cli.js in a child process), against
 * test/fixtures/ws_jsonrpc_server.py and aria2's WebSocket interface (a real download from a loopback HTTP server).
 */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ensureCliBundle, runCli } from '../support/cli';
import { startAria2, type Aria2 } from '../support/realServers';
import { aria2WebSocketUrl, startPythonWebSocketServer, type WebSocketServer } from '../support/webSocketServers';

const lines = (text: string) => text.split('\n').filter((line) => line !== '');

describe('rpc-explorer listen against a Python websockets server', () => {
  let server: WebSocketServer;
  before(async () => {
    ensureCliBundle();
    server = await startPythonWebSocketServer();
  });
  after(async () => {
    await server?.stop();
  });

  it('prints each notification as METHOD PARAMS and the answer as one line, exit 0 once N arrived and the call answered', async () => {
    const run = await runCli(['listen', server.url, '--call', 'notify', 'progress', '4', '--count', '4']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.deepEqual(lines(run.stdout), ['progress {"n":0}', 'progress {"n":1}', '4', 'progress {"n":2}', 'progress {"n":3}']);
  });

  it('--json: {"method": …, "params": …} and {"result": …} lines; --method filters', async () => {
    const run = await runCli(['listen', server.url, '--call', 'subscribe', 'news', '--method', 'rpc.subscription', '--count', '2', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const printed = lines(run.stdout).map((line) => JSON.parse(line));
    assert.deepEqual(printed[0], { result: 'sub-1' });
    assert.deepEqual(printed.slice(1), [
      { method: 'rpc.subscription', params: { subscription: 'sub-1', result: { topic: 'news', i: 0 } } },
      { method: 'rpc.subscription', params: { subscription: 'sub-1', result: { topic: 'news', i: 1 } } },
    ]);
    // Without --count it listens until the timeout: long enough for a loaded machine's connect and call (CI30: 0.6 s was not).
    const other = await runCli(['listen', server.url, '--call', 'notify', 'progress', '4', '--method', 'nothing-like-it', '--timeout', '2000']);
    assert.equal(other.code, 0, other.stderr);
    assert.deepEqual(lines(other.stdout), ['4']);
  });

  it('at the timeout with fewer than N: exit 2 and one stderr line saying how many of N arrived', async () => {
    const run = await runCli(['listen', server.url, '--call', 'notify', 'progress', '2', '--count', '5', '--timeout', '2000']);
    assert.equal(run.code, 2);
    assert.deepEqual(lines(run.stderr), ['rpc-explorer: 2 of 5 notifications arrived within 2 s (timeout)']);
  });

  it('without --count it runs until the timeout, exit 0; a fault is one {"fault": …} line and exit 1', async () => {
    const quiet = await runCli(['listen', server.url, '--timeout', '1000']);
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.equal(quiet.stdout, '');
    // It listens until the timeout after the fault too: long enough for a loaded machine's connect and call.
    const fault = await runCli(['listen', server.url, '--call', 'fail', 'boom', '--timeout', '2000', '--json']);
    assert.equal(fault.code, 1);
    assert.deepEqual(lines(fault.stdout), ['{"fault": {"code": -32010, "message": "boom"}}']);
  });

  it('an http(s) URL: exit 2, one line naming ws://', async () => {
    const run = await runCli(['listen', 'http://127.0.0.1:1/jsonrpc']);
    assert.equal(run.code, 2);
    assert.equal(lines(run.stderr).length, 1);
    assert.match(run.stderr, /ws:\/\//);
    assert.equal(run.stdout, '');
  });

  it('call and list take ws:// URLs', async () => {
    const call = await runCli(['call', server.url, 'add', '40', '2']);
    assert.equal(call.code, 0, call.stderr);
    assert.equal(call.stdout.trim(), '42');
    const list = await runCli(['list', server.url]);
    assert.equal(list.code, 0, list.stderr);
    assert.ok(lines(list.stdout).includes('subscribe'), list.stdout);
  });
});

describe('rpc-explorer listen against aria2 (Debian aria2) over WebSocket', () => {
  let aria2: Aria2;
  let files: http.Server;
  let fileUrl: string;
  before(async () => {
    ensureCliBundle();
    aria2 = await startAria2();
    files = http.createServer((_req, res) => res.end(Buffer.alloc(32 * 1024, 'a')));
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    fileUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}/file.bin`;
  });
  after(async () => {
    await aria2?.stop();
    await new Promise((resolve) => files?.close(resolve));
  });

  it('a download started with --call (token from --secret-arg-env) prints aria2.onDownloadComplete with its gid', async () => {
    const run = await runCli(
      ['listen', aria2WebSocketUrl(aria2.port), '--call', 'aria2.addUri', JSON.stringify([fileUrl]), '--secret-arg-env', 'ARIA2_TOKEN', '--method', 'aria2.onDownloadComplete', '--count', '1', '--timeout', '20000', '--json'],
      { env: { ARIA2_TOKEN: `token:${aria2.secret}` } },
    );
    assert.equal(run.code, 0, run.stderr);
    const printed = lines(run.stdout).map((line) => JSON.parse(line));
    const gid = printed.find((line) => 'result' in line)?.result;
    assert.equal(typeof gid, 'string', run.stdout);
    assert.deepEqual(printed.find((line) => 'method' in line), { method: 'aria2.onDownloadComplete', params: [{ gid }] });
  });

  it('a call without the token is a fault, exit 1', async () => {
    const run = await runCli(['listen', aria2WebSocketUrl(aria2.port), '--call', 'aria2.getVersion', '--timeout', '5000']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^fault 1: Unauthorized/);
  });
});
