/**
 * Batches against real servers: JSON-RPC arrays answered in reverse order (over HTTP by a loopback server, over
 * WebSocket by test/fixtures/ws_jsonrpc_server.py), a JSON-RPC server that cannot batch, XML-RPC system.multicall in
 * the standard shape (Python's SimpleXMLRPCServer) and bare (supervisord), and an XML-RPC server without multicall.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { callBatch, type BatchAnswer } from '../../src/core/batch';
import { RpcError, RpcFault } from '../../src/core/errors';
import { closeIdleConnections } from '../../src/core/transport';
import { closeWebSocketConnections } from '../../src/core/websocket';
import { startSupervisord, type Supervisord } from '../support/realServers';
import { startRawJsonServer, startXmlRpcServer, type RawServer, type RunningServer } from '../support/servers';
import { startPythonWebSocketServer, type WebSocketServer } from '../support/webSocketServers';

after(() => {
  closeIdleConnections();
  closeWebSocketConnections();
});

/** What each answer was, in one comparable line. */
function summary(answers: BatchAnswer[]): string[] {
  return answers.map((answer) => {
    if ('result' in answer) return `result ${JSON.stringify(answer.result)}`;
    if ('fault' in answer) return `fault ${answer.fault.code} ${answer.fault.faultString}`;
    if ('error' in answer) return `error ${answer.error.message}`;
    return 'notified';
  });
}

/** A JSON-RPC method as the reverse-order HTTP server runs it. */
function run(request: { id?: unknown; method?: string; params?: unknown[] }): object | undefined {
  if (!('id' in request)) return undefined;
  if (request.method === 'add') return { jsonrpc: '2.0', id: request.id, result: (request.params![0] as number) + (request.params![1] as number) };
  if (request.method === 'echo') return { jsonrpc: '2.0', id: request.id, result: request.params![0] };
  return { jsonrpc: '2.0', id: request.id, error: { code: -32601, message: 'Method not found' } };
}

describe('JSON-RPC batches', () => {
  let reversing: RawServer;
  let noBatches: RawServer;
  let ws: WebSocketServer;
  before(async () => {
    reversing = await startRawJsonServer((_parsed, raw) => {
      const body = JSON.parse(raw) as unknown;
      const replies = Array.isArray(body) ? body.map(run).filter((r) => r !== undefined).reverse() : run(body as never);
      return { body: JSON.stringify(replies) };
    });
    noBatches = await startRawJsonServer((parsed) =>
      Array.isArray(parsed)
        ? { body: JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid Request' } }) }
        : { body: JSON.stringify(run(parsed as never)) },
    );
    ws = await startPythonWebSocketServer();
  });
  after(async () => {
    await reversing?.stop();
    await noBatches?.stop();
    await ws?.stop();
  });

  test('over HTTP: one array, answers in reverse order matched by id, a notification gets none, a fault stays its call', async () => {
    const answers = await callBatch(reversing.url, 'jsonrpc', [
      { method: 'add', args: [1, 2] },
      { method: 'echo', args: ['text'] },
      { method: 'note', args: ['x'], notification: true },
      { method: 'nope', args: [] },
    ]);
    assert.deepEqual(summary(answers), ['result 3', 'result "text"', 'notified', 'fault -32601 Method not found']);
    const sent = JSON.parse(reversing.requests.at(-1)!) as { id?: number; method: string }[];
    assert.equal(sent.length, 4);
    assert.equal('id' in sent[2], false, 'the notification has no id');
  });

  test('over WebSocket: the array goes on the kept connection, answered in reverse order', async () => {
    const answers = await callBatch(ws.url, 'jsonrpc', [
      { method: 'add', args: [40, 2] },
      { method: 'slow', args: [50, 'later'] },
      { method: 'echo', args: [{ $i8: '9007199254740993' }] },
      { method: 'fail', args: ['boom'] },
    ]);
    assert.deepEqual(summary(answers), ['result 42', 'result "later"', 'result {"$i8":"9007199254740993"}', 'fault -32010 boom']);
  });

  test('a server that answers the array with one error cannot batch: one clear error', async () => {
    await assert.rejects(callBatch(noBatches.url, 'jsonrpc', [{ method: 'add', args: [1, 2] }]), (error: unknown) => {
      assert.ok(error instanceof RpcError);
      assert.equal(error.kind, 'unsupported');
      assert.equal(error.message, 'the server cannot take a JSON-RPC batch: it answered the array with -32600 Invalid Request');
      return true;
    });
  });
});

describe('XML-RPC batches (system.multicall)', () => {
  let standard: RunningServer;
  let without: RunningServer;
  let supervisord: Supervisord;
  before(async () => {
    standard = await startXmlRpcServer({ introspection: true, multicall: true });
    without = await startXmlRpcServer({ introspection: true });
    supervisord = await startSupervisord();
  });
  after(async () => {
    closeIdleConnections();
    await standard?.stop();
    await without?.stop();
    await supervisord?.stop();
  });

  test('the standard shape (Python): each result in a one-element array, a fault as its own entry', async () => {
    const answers = await callBatch(standard.url, 'xmlrpc', [
      { method: 'sayHi', args: ['Ann'] },
      { method: 'echo', args: [[1, 2]] },
      { method: 'fail', args: [7, 'no'] },
    ]);
    assert.deepEqual(summary(answers), ['result "Hi Ann!"', 'result [1,2]', 'fault 7 no']);
  });

  test('the bare shape (supervisord): results as they are', async () => {
    const answers = await callBatch(supervisord.url, 'xmlrpc', [
      { method: 'supervisor.getAPIVersion', args: [] },
      { method: 'supervisor.getProcessInfo', args: ['no-such-program'] },
      { method: 'supervisor.getAllProcessInfo', args: [] },
    ]);
    const lines = summary(answers);
    assert.match(lines[0], /^result "\d/);
    assert.match(lines[1], /^fault 10 BAD_NAME/);
    const all = (answers[2] as { result: { name: string }[] }).result;
    assert.ok(Array.isArray(all) && all.some((info) => info.name === 'dummy'), lines[2]);
  });

  test('a server without system.multicall cannot batch: one clear error', async () => {
    await assert.rejects(callBatch(without.url, 'xmlrpc', [{ method: 'sayHi', args: ['x'] }]), (error: unknown) => {
      assert.ok(error instanceof RpcError && !(error instanceof RpcFault));
      assert.equal(error.kind, 'unsupported');
      assert.match(error.message, /^the server cannot take an XML-RPC batch: system\.multicall answered fault 1: .*system\.multicall/);
      return true;
    });
  });

  test('hprose has no batches', async () => {
    await assert.rejects(callBatch(standard.url, 'hprose', [{ method: 'x', args: [] }]), /hprose has no batches/);
  });
});
