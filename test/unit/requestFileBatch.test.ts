/**
 * Request files with `# @batch NAME` and `EXPECT NOTIFICATIONS`, through `rpc-explorer run` (dist/cli.js), against
 * real servers: a JSON-RPC server answering batches in reverse order, one that cannot batch, Python's XML-RPC
 * server with system.multicall, test/fixtures/ws_jsonrpc_server.py over ws://, and aria2 over ws:// (a download
 * from a loopback HTTP server).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { parseRequestFile } from '../../src/requestFiles/parser';
import { ensureCliBundle, runCli, type CliRun } from '../support/cli';
import { startAria2, type Aria2 } from '../support/realServers';
import { startRawJsonServer, startXmlRpcServer, type RawServer, type RunningServer } from '../support/servers';
import { aria2WebSocketUrl, startPythonWebSocketServer, type WebSocketServer } from '../support/webSocketServers';

function callLines(run: CliRun): string[] {
  return run.stdout
    .split('\n')
    .filter(Boolean)
    .slice(0, -1)
    .map((line) => line.replace(/\s*\(\d+ ms\)$/, ''));
}

function answer(request: { id?: unknown; method?: string; params?: unknown[] }): object | undefined {
  if (!('id' in request)) return undefined;
  if (request.method === 'add') return { jsonrpc: '2.0', id: request.id, result: (request.params![0] as number) + (request.params![1] as number) };
  if (request.method === 'echo') return { jsonrpc: '2.0', id: request.id, result: request.params![0] };
  return { jsonrpc: '2.0', id: request.id, error: { code: -32601, message: 'Method not found' } };
}

describe('request files: # @batch and EXPECT NOTIFICATIONS (rpc-explorer run)', () => {
  let reversing: RawServer;
  let noBatches: RawServer;
  let xmlrpc: RunningServer;
  let ws: WebSocketServer;
  let dir: string;
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  before(async () => {
    ensureCliBundle();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rpc-explorer-batch-'));
    reversing = await startRawJsonServer((_parsed, raw) => {
      const body = JSON.parse(raw) as unknown;
      return { body: JSON.stringify(Array.isArray(body) ? body.map(answer).filter(Boolean).reverse() : answer(body as never)) };
    });
    noBatches = await startRawJsonServer((parsed) =>
      Array.isArray(parsed) ? { body: '{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request"}}' } : { body: JSON.stringify(answer(parsed as never)) },
    );
    xmlrpc = await startXmlRpcServer({ introspection: true, multicall: true });
    ws = await startPythonWebSocketServer();
  });
  after(async () => {
    await reversing?.stop();
    await noBatches?.stop();
    await xmlrpc?.stop();
    await ws?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('parses @batch on each call and EXPECT NOTIFICATIONS', () => {
    const parsed = parseRequestFile('### a\n# @batch setup\nCALL ws://h/ m\nEXPECT NOTIFICATIONS progress 3\n### b\n# @batch setup\nCALL ws://h/ n\n');
    assert.deepEqual(parsed.diagnostics, []);
    assert.deepEqual(parsed.calls.map((c) => c.batch?.text), ['setup', 'setup']);
    assert.deepEqual(parsed.calls[0].expect?.notifications, { method: 'progress', count: 3 });
    const bad = parseRequestFile('CALL ws://h/ m\nEXPECT NOTIFICATIONS progress\n');
    assert.match(bad.diagnostics[0].message, /EXPECT NOTIFICATIONS needs a method name and a count/);
  });

  it('a JSON-RPC batch is one request; answers in reverse order each reach their call, with their own verdicts and JUnit cases', async () => {
    const before = reversing.requests.length;
    const file = write(
      'json.rpc',
      `@base = ${reversing.url}\n### Adds\n# @batch setup\n# @protocol jsonrpc\nCALL {{base}} add\n1, 2\nEXPECT 3\n\n### Echoes\n# @batch setup\nCALL {{base}} echo\n"x"\nEXPECT "y"\n\n### Unknown\n# @batch setup\nCALL {{base}} nope\nEXPECT FAULT -32601\n\n### Alone\n# @protocol jsonrpc\nCALL {{base}} add\n2, 2\nEXPECT 4\n`,
    );
    const junit = path.join(dir, 'json.xml');
    const run = await runCli(['run', file, '--junit', junit]);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(callLines(run), ['✓ Adds', '✗ Echoes: expected "y", got "x"', '✓ Unknown', '✓ Alone']);
    assert.equal(reversing.requests.length - before, 2, 'the batch went out as one request');
    assert.equal((JSON.parse(reversing.requests[before]) as unknown[]).length, 3);
    const report = new XMLParser({ ignoreAttributes: false }).parse(fs.readFileSync(junit, 'utf8'));
    const cases = [report.testsuites.testsuite.testcase].flat() as { '@_name': string }[];
    assert.deepEqual(cases.map((c) => c['@_name']), ['Adds', 'Echoes', 'Unknown', 'Alone']);
  });

  it('a batch to a server that cannot batch is one clear message naming the batch', async () => {
    const file = write('nobatch.rpc', `### One\n# @batch pair\n# @protocol jsonrpc\nCALL ${noBatches.url} add\n1, 2\n\n### Two\n# @batch pair\nCALL ${noBatches.url} add\n3, 4\n`);
    const run = await runCli(['run', file]);
    assert.equal(run.code, 2);
    const message = 'batch "pair": the server cannot take a JSON-RPC batch: it answered the array with -32600 Invalid Request';
    assert.deepEqual(callLines(run), [`! One: ${message}`, `! Two: ${message}`]);
  });

  it('an XML-RPC batch is one system.multicall', async () => {
    const file = write('xml.rpc', `### Hi\n# @batch b\n# @protocol xmlrpc\nCALL ${xmlrpc.url} sayHi\n"Ann"\nEXPECT "Hi Ann!"\n\n### Fails\n# @batch b\nCALL ${xmlrpc.url} fail\n7, "no"\nEXPECT FAULT 7\n`);
    const run = await runCli(['run', file]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(callLines(run), ['✓ Hi', '✓ Fails']);
  });

  it('CALL ws://… and EXPECT NOTIFICATIONS: enough arrive (before and after the answer), or the call fails saying how many', async () => {
    const file = write(
      'ws.rpc',
      `### Four\nCALL ${ws.url} notify\n"progress", 4\nEXPECT NOTIFICATIONS progress 4\n\n### Too few\nCALL ${ws.url} notify\n"step", 2\nEXPECT NOTIFICATIONS step 3\n\n### Batched over ws\n# @batch w\nCALL ${ws.url} add\n1, 1\nEXPECT 2\n\n### Second\n# @batch w\nCALL ${ws.url} echo\n"e"\nEXPECT "e"\n\n### Ticks in a batch\n# @batch n\nCALL ${ws.url} notify\n"tick", 4\nEXPECT NOTIFICATIONS tick 4\n\n### Tocks in a batch\n# @batch n\nCALL ${ws.url} notify\n"tock", 2\nEXPECT NOTIFICATIONS tock 3\n\n### Plain in a batch\n# @batch n\nCALL ${ws.url} add\n2, 3\nEXPECT 5\n`,
    );
    const run = await runCli(['run', file, '--timeout', '1500']);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(callLines(run), [
      '✓ Four',
      '✗ Too few: expected 3 notifications step, got 2',
      '✓ Batched over ws',
      '✓ Second',
      '✓ Ticks in a batch',
      '✗ Tocks in a batch: expected 3 notifications tock, got 2',
      '✓ Plain in a batch',
    ]);
  });
});

describe('request files against aria2 over WebSocket', () => {
  let aria2: Aria2;
  let files: http.Server;
  let fileUrl: string;
  let dir: string;
  before(async () => {
    ensureCliBundle();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rpc-explorer-aria2-'));
    aria2 = await startAria2();
    files = http.createServer((_req, res) => res.end(Buffer.alloc(16 * 1024, 'b')));
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    fileUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}/f.bin`;
  });
  after(async () => {
    await aria2?.stop();
    await new Promise((resolve) => files?.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('EXPECT NOTIFICATIONS aria2.onDownloadComplete 1 after aria2.addUri', async () => {
    const file = path.join(dir, 'aria2.rpc');
    fs.writeFileSync(file, `### Download\nCALL ${aria2WebSocketUrl(aria2.port)} aria2.addUri\n"token:{{$env ARIA2_SECRET}}", ["${fileUrl}"]\nEXPECT NOTIFICATIONS aria2.onDownloadComplete 1\n`);
    const run = await runCli(['run', file, '--timeout', '20000'], { env: { ARIA2_SECRET: aria2.secret } });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(callLines(run), ['✓ Download']);
  });
});
