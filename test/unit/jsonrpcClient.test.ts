/**
 * The JSON-RPC 2.0 client against real peers: npm jayson servers (own processes) with rpc.discover (OpenRPC),
 * with system.listMethods, and with no introspection; and raw loopback HTTP servers that answer badly on purpose
 * (wrong id, HTML, empty body, errors with HTTP 500...).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { RpcError, RpcFault } from '../../src/core/errors';
import { jsonRpcClient, methodsFromOpenRpc } from '../../src/core/jsonrpc';
import { closeIdleConnections } from '../../src/core/transport';
import type { TypedValue } from '../../src/core/types';
import { startJaysonServer, startJsonRpcExampleServer, startRawJsonServer, type RawServer, type RunningServer } from '../support/jsonrpcServers';
import { isError } from '../support/rpcErrors';

after(() => closeIdleConnections());

describe('JSON-RPC against jayson with rpc.discover', () => {
  let server: RunningServer;
  before(async () => {
    server = await startJaysonServer('openrpc');
  });
  after(async () => {
    closeIdleConnections();
    await server?.stop();
  });

  test('discovery reads the OpenRPC document: names, params, result, help, simple signatures', async () => {
    const found = await jsonRpcClient.discover(server.url);
    assert.equal(found.protocol, 'jsonrpc');
    assert.equal(found.roundTrips, 1);
    assert.deepEqual(
      found.methods.map((m) => m.name),
      ['sayHi', 'add', 'echo', 'fail'],
    );
    const [sayHi, add, echo] = found.methods;
    assert.deepEqual(sayHi.signatures, [['string', 'string']]);
    assert.equal(sayHi.help, 'Greets someone.\n\nReturns "Hi,<name>!".');
    assert.deepEqual(sayHi.params, [{ name: 'name', required: true, description: 'who to greet', schema: { type: 'string' } }]);
    assert.deepEqual(sayHi.result, { name: 'greeting', schema: { type: 'string' } });
    // $ref content descriptors and schemas resolve through components.
    assert.deepEqual(add.params?.[1], { name: 'b', required: true, schema: { type: 'integer' } });
    assert.deepEqual(add.signatures, [['integer', 'integer', 'integer']]);
    assert.equal(echo.signatures, null, 'an empty schema names no simple type');
    assert.equal(echo.help, null);
  });

  test('calls with positional arguments', async () => {
    assert.equal(await jsonRpcClient.call(server.url, 'sayHi', ['Python测试和开发']), 'Hi,Python测试和开发!');
    assert.equal(await jsonRpcClient.call(server.url, 'add', [2, 40]), 42);
  });

  test('typed values travel as their plain JSON equivalents', async () => {
    const sent: TypedValue = {
      double: { $double: 3 },
      smallLong: { $i8: '9007199254740991' },
      bigLong: { $i8: '123456789012345678901' },
      bytes: { $base64: 'aGk=' },
      when: { $datetime: '2026-11-23T10:00:00Z' },
      list: [null, true, 'x', [{}]],
    };
    assert.deepEqual(await jsonRpcClient.call(server.url, 'echo', [sent]), {
      double: 3,
      smallLong: 9007199254740991,
      bigLong: '123456789012345678901',
      bytes: 'aGk=',
      when: '2026-11-23T10:00:00Z',
      list: [null, true, 'x', [{}]],
    });
  });

  test('NaN cannot be sent as JSON: a usage error before any request', async () => {
    await assert.rejects(jsonRpcClient.call(server.url, 'echo', [{ $double: 'NaN' }]), isError('usage', /JSON has no NaN/));
  });

  test('an error object is an RpcFault with code, message and data', async () => {
    await assert.rejects(jsonRpcClient.call(server.url, 'fail', ['boom']), (error: unknown) => {
      assert.ok(error instanceof RpcFault);
      assert.equal(error.code, -32010);
      assert.equal(error.faultString, 'boom');
      assert.deepEqual(error.data, { detail: 'raised on purpose', n: 7 });
      return true;
    });
  });

  test('an unknown method is fault -32601', async () => {
    await assert.rejects(jsonRpcClient.call(server.url, 'noSuchMethod', []), (error: unknown) => {
      assert.ok(error instanceof RpcFault);
      assert.equal(error.code, -32601);
      assert.equal(error.faultString, 'Method not found');
      return true;
    });
  });
});

describe('JSON-RPC discovery fallbacks', () => {
  test('system.listMethods when rpc.discover is missing', async () => {
    const server = await startJaysonServer('listmethods');
    try {
      const found = await jsonRpcClient.discover(server.url);
      assert.equal(found.roundTrips, 2);
      assert.deepEqual(
        found.methods.map((m) => m.name),
        ['sayHi', 'add', 'echo', 'fail', 'system.listMethods'],
      );
      assert.ok(found.methods.every((m) => m.signatures === null && m.help === null));
    } finally {
      closeIdleConnections();
      await server.stop();
    }
  });

  test('no introspection at all: a clear no-introspection error naming JSON-RPC', async () => {
    const server = await startJaysonServer('none');
    try {
      await assert.rejects(jsonRpcClient.discover(server.url), (error: unknown) => {
        assert.ok(error instanceof RpcError);
        assert.equal(error.kind, 'no-introspection');
        assert.equal(error.protocol, 'jsonrpc');
        assert.match(error.message, /neither rpc\.discover nor system\.listMethods.*OpenRPC/);
        return true;
      });
      // Calls still work.
      assert.equal(await jsonRpcClient.call(server.url, 'add', [1, 2]), 3);
    } finally {
      closeIdleConnections();
      await server.stop();
    }
  });

  test('the example server (examples/jsonrpc-node/server.js) lists and adds', async () => {
    const server = await startJsonRpcExampleServer();
    try {
      const found = await jsonRpcClient.discover(server.url);
      assert.deepEqual(
        found.methods.map((m) => [m.name, m.signatures]),
        [
          ['sayHi', [['string', 'string']]],
          ['add', [['number', 'number', 'number']]],
          ['book', [['string', 'string', 'integer', 'object']]],
          ['login', [['boolean', 'string', 'string']]],
        ],
      );
      assert.equal(await jsonRpcClient.call(server.url, 'add', [2, 3]), 5);
      assert.equal(await jsonRpcClient.call(server.url, 'book', ['blue', 2, { name: 'Ann', vip: true }]), 'Booked the blue room for 2 nights for Ann (VIP).');
    } finally {
      closeIdleConnections();
      await server.stop();
    }
  });
});

describe('JSON-RPC against hostile servers', () => {
  let raw: RawServer;
  /** What the raw server answers next. */
  let reply: (request: { id?: unknown } | null) => { status?: number; body: string; headers?: Record<string, string> } = () => ({ body: '' });
  before(async () => {
    raw = await startRawJsonServer((request) => reply(request));
  });
  after(async () => {
    closeIdleConnections();
    await raw?.stop();
  });

  test('requests carry jsonrpc 2.0, the method, fresh ids, and params only when there are arguments', async () => {
    reply = (request) => ({ body: JSON.stringify({ jsonrpc: '2.0', id: request?.id, result: 'ok' }) });
    raw.requests.length = 0;
    await jsonRpcClient.call(raw.url, 'ping', []);
    await jsonRpcClient.call(raw.url, 'greet', ['a', 1]);
    const [first, second] = raw.requests.map((body) => JSON.parse(body));
    assert.equal(first.jsonrpc, '2.0');
    assert.equal(first.method, 'ping');
    assert.equal('params' in first, false);
    assert.deepEqual(second.params, ['a', 1]);
    assert.notEqual(first.id, second.id);
  });

  test('a reply with the wrong id is malformed', async () => {
    reply = (request) => ({ body: JSON.stringify({ jsonrpc: '2.0', id: Number(request?.id) + 1, result: 'not yours' }) });
    await assert.rejects(jsonRpcClient.call(raw.url, 'x', []), isError('malformed', /the reply has id \d+, but the request had id \d+/));
  });

  test('a reply without an id is malformed', async () => {
    reply = () => ({ body: JSON.stringify({ jsonrpc: '2.0', result: 1 }) });
    await assert.rejects(jsonRpcClient.call(raw.url, 'x', []), isError('malformed', /the reply has id missing/));
  });

  test('an error with id null (the server could not read the request) is still its fault', async () => {
    reply = () => ({ body: JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } }) });
    await assert.rejects(jsonRpcClient.call(raw.url, 'x', []), (e: unknown) => e instanceof RpcFault && e.code === -32700 && e.faultString === 'Parse error');
  });

  test('an error object sent with HTTP 500 is the fault, not an HTTP error', async () => {
    reply = (request) => ({ status: 500, body: JSON.stringify({ jsonrpc: '2.0', id: request?.id, error: { code: -32000, message: 'Server error', data: [1] } }) });
    await assert.rejects(jsonRpcClient.call(raw.url, 'x', []), (e: unknown) => e instanceof RpcFault && e.code === -32000 && JSON.stringify(e.data) === '[1]');
  });

  test('HTML with 200 is not JSON', async () => {
    reply = () => ({ body: '<!DOCTYPE html><html><body>Welcome</body></html>', headers: { 'content-type': 'text/html' } });
    await assert.rejects(jsonRpcClient.call(raw.url, 'x', []), isError('malformed', /the response is not JSON \(it starts with "<!DOCTYPE html>/));
  });

  test('HTML with 404 is an HTTP error with the status', async () => {
    reply = () => ({ status: 404, body: '<html><head><title>404 Not Found</title></head><body>nope</body></html>', headers: { 'content-type': 'text/html' } });
    await assert.rejects(jsonRpcClient.discover(raw.url), isError('http', /^HTTP 404 Not Found from 127\.0\.0\.1:\d+: nope$/));
  });

  test('an empty body is malformed', async () => {
    reply = () => ({ body: '' });
    await assert.rejects(jsonRpcClient.call(raw.url, 'x', []), isError('malformed', /empty response \(HTTP 200\)/));
  });

  test('JSON that is not a JSON-RPC reply is malformed', async () => {
    reply = () => ({ body: '{"hello": "world"}' });
    await assert.rejects(jsonRpcClient.call(raw.url, 'x', []), isError('malformed', /not a JSON-RPC reply/));
    reply = () => ({ body: '[1, 2, 3]' });
    await assert.rejects(jsonRpcClient.call(raw.url, 'x', []), isError('malformed', /not a JSON-RPC reply/));
  });

  test('discovery on a server that is not JSON-RPC reports that, not "no introspection"', async () => {
    reply = () => ({ body: 'Fa2{s5"sayHi"s6"sayBye"}z', headers: { 'content-type': 'application/hprose' } });
    await assert.rejects(jsonRpcClient.discover(raw.url), isError('malformed', /not JSON/));
  });

  test('integers beyond 2^53 in a result keep every digit as {"$i8"}', async () => {
    reply = (request) => ({
      body: `{"jsonrpc":"2.0","id":${JSON.stringify(request?.id)},"result":{"id":12345678901234567890,"neg":-9007199254740993,"safe":9007199254740991,"text":"12345678901234567890 \\" 98765432109876543210","big":1.5e300}}`,
    });
    assert.deepEqual(await jsonRpcClient.call(raw.url, 'x', []), {
      id: { $i8: '12345678901234567890' },
      neg: { $i8: '-9007199254740993' },
      safe: 9007199254740991,
      text: '12345678901234567890 " 98765432109876543210',
      big: 1.5e300,
    });
  });

  test('rpc.discover answering with a list of names is accepted', async () => {
    reply = (request) => ({ body: JSON.stringify({ jsonrpc: '2.0', id: request?.id, result: ['a', 'b'] }) });
    const found = await jsonRpcClient.discover(raw.url);
    assert.deepEqual(found.methods, [
      { name: 'a', signatures: null, help: null },
      { name: 'b', signatures: null, help: null },
    ]);
  });
});

describe('OpenRPC documents', () => {
  test('methods by $ref, missing results, union types and unnamed params', () => {
    const methods = methodsFromOpenRpc({
      methods: [
        { $ref: '#/components/methods/ping' },
        { name: 'notify', params: [{ name: 'msg', schema: { type: 'string' } }] },
        { name: 'either', params: [{ name: 'v', schema: { type: ['string', 'number'] } }], result: { name: 'r', schema: { type: 'boolean' } } },
        { name: 'odd', params: [42], description: 'only a description' },
        'not a method',
      ],
      components: { methods: { ping: { name: 'ping', summary: 'Liveness.', result: { name: 'pong', schema: { $ref: '#/components/schemas/Pong' } } } }, schemas: { Pong: { type: 'string', const: 'pong' } } },
    });
    assert.deepEqual(
      methods.map((m) => [m.name, m.signatures, m.help]),
      [
        ['ping', [['string']], 'Liveness.'],
        ['notify', [['null', 'string']], null],
        ['either', null, null],
        ['odd', null, 'only a description'],
      ],
    );
    assert.deepEqual(methods[0].result, { name: 'pong', schema: { type: 'string', const: 'pong' } });
    assert.deepEqual(methods[3].params, [{ name: 'arg0' }]);
  });
});
