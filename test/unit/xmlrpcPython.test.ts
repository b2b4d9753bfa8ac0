/**
 * The XML-RPC client against real Python SimpleXMLRPCServers: calls, type round trips, faults, and discovery with
 * and without multicall / introspection, counting the HTTP requests on the wire.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { RpcError, RpcFault, callMethod, discover, type Discovery, type TypedValue, type WireEvent } from '../../src/core';
import { closeIdleConnections } from '../../src/core/transport';
import { startOriginXmlRpcServer, startPythonServer, startXmlRpcServer, type RunningServer } from '../support/servers';

function requestCounter(): { onWire: (e: WireEvent) => void; count: () => number; methods: string[] } {
  const methods: string[] = [];
  return {
    onWire: (e) => {
      if (e.direction === 'request') methods.push(e.method);
    },
    count: () => methods.length,
    methods,
  };
}

describe('XML-RPC client against Python SimpleXMLRPCServer', () => {
  let server: RunningServer;
  before(async () => {
    server = await startXmlRpcServer({ introspection: true, multicall: true });
  });
  after(async () => {
    closeIdleConnections();
    await server?.stop();
  });

  it('calls sayHi', async () => {
    assert.equal(await callMethod(server.url, 'xmlrpc', 'sayHi', ['phyger']), 'Hi phyger!');
  });

  it('round-trips every type through echo', async () => {
    const values: TypedValue[] = [
      42,
      -2147483648,
      1.5,
      { $double: 2 },
      { $double: 'Infinity' },
      true,
      false,
      'a & b < c > d\n\ttab', // (not \r: Python's dumps sends it raw, and XML parsers read a raw CR as LF)
      'café 测试 😀',
      '  spaces kept  ',
      '',
      null,
      { $base64: 'AAFiaW5hcnn/' },
      { $datetime: '20261123T10:00:00' },
      [1, 'two', [3.5, null], []],
      { name: 'x', nested: { list: [true] }, 'weird & <key>': 1, empty: {} },
    ];
    for (const value of values) {
      assert.deepEqual(await callMethod(server.url, 'xmlrpc', 'echo', [value]), value, JSON.stringify(value));
    }
  });

  it('sends integers beyond int32 as i8, which Python reads as int', async () => {
    assert.deepEqual(await callMethod(server.url, 'xmlrpc', 'describe', [2 ** 40]), ['int', String(2 ** 40)]);
    assert.deepEqual(await callMethod(server.url, 'xmlrpc', 'describe', [{ $i8: '9223372036854775807' }]), ['int', '9223372036854775807']);
  });

  it('turns a fault into RpcFault with code and message', async () => {
    await assert.rejects(
      callMethod(server.url, 'xmlrpc', 'fail', [42, 'broken on purpose']),
      (e: unknown) => e instanceof RpcFault && e.code === 42 && e.faultString === 'broken on purpose',
    );
    await assert.rejects(callMethod(server.url, 'xmlrpc', 'nope', []), (e: unknown) => e instanceof RpcFault && /"nope" is not supported/.test(e.faultString));
  });

  it('discovers methods with help; Python\'s "signatures not supported" is no signature', async () => {
    const counter = requestCounter();
    const found = await discover(server.url, 'xmlrpc', { onWire: counter.onWire });
    const names = found.methods.map((m) => m.name);
    assert.ok(names.includes('sayHi') && names.includes('echo') && names.includes('system.multicall'));
    const echo = found.methods.find((m) => m.name === 'echo')!;
    assert.deepEqual(echo, { name: 'echo', signatures: null, help: 'Returns its argument unchanged.' });
    assert.equal(found.methods.find((m) => m.name === 'sayHi')!.help, null); // no docstring: '' → null
    assert.deepEqual(counter.methods, ['system.listMethods', 'system.multicall']);
    assert.equal(found.roundTrips, 2);
  });

  it('auto-detection asks the hprose probe, then XML-RPC, and discovers through XML-RPC', async () => {
    const counter = requestCounter();
    const found = await discover(server.url, 'auto', { onWire: counter.onWire });
    assert.equal(found.protocol, 'xmlrpc');
    assert.deepEqual(counter.methods, ['function list', 'system.listMethods', 'system.listMethods', 'system.multicall']);
    assert.equal(found.roundTrips, 4);
  });

  it('times out a slow call', async () => {
    await assert.rejects(
      callMethod(server.url, 'xmlrpc', 'sleep', [3], { timeoutMs: 300 }),
      (e: unknown) => e instanceof RpcError && e.kind === 'timeout',
    );
  });
});

describe('XML-RPC discovery of 2,000 methods', () => {
  let withMulticall: RunningServer;
  let withoutMulticall: RunningServer;
  before(async () => {
    [withMulticall, withoutMulticall] = await Promise.all([
      startXmlRpcServer({ introspection: true, multicall: true, methods: 1996, bare: true }),
      startXmlRpcServer({ introspection: true, methods: 40 }),
    ]);
  });
  after(async () => {
    closeIdleConnections();
    await Promise.all([withMulticall?.stop(), withoutMulticall?.stop()]);
  });

  it('takes 1 + 4 requests with multicall chunks of 500', async (t) => {
    const counter = requestCounter();
    const started = performance.now();
    const found = await discover(withMulticall.url, 'xmlrpc', { onWire: counter.onWire, multicallChunk: 500 });
    const elapsed = performance.now() - started;
    assert.equal(found.methods.length, 2000); // 1,996 generated + 4 system.*
    const sample = found.methods.find((m) => m.name === 'method_1234')!;
    assert.deepEqual(sample, { name: 'method_1234', signatures: null, help: 'Generated method number 1234: returns a + b + 1234.' });
    assert.ok(found.methods.every((m) => m.name.startsWith('system.') || m.help !== null));
    assert.deepEqual(counter.methods, ['system.listMethods', 'system.multicall', 'system.multicall', 'system.multicall', 'system.multicall']);
    assert.equal(found.roundTrips, 5);
    t.diagnostic(`2,000-method discovery: ${counter.count()} requests, ${elapsed.toFixed(0)} ms`);
  });

  it('falls back to one call per method when the server has no multicall', async () => {
    const counter = requestCounter();
    const found = await discover(withoutMulticall.url, 'xmlrpc', { onWire: counter.onWire });
    const names = found.methods.map((m) => m.name);
    assert.equal(names.length, 40 + 5 + 3);
    assert.equal(found.methods.find((m) => m.name === 'method_0007')!.help, 'Generated method number 7: returns a + b + 7.');
    // listMethods, one failed multicall, then signature + help for each method.
    assert.equal(counter.count(), 1 + 1 + 2 * names.length);
    assert.equal(found.roundTrips, counter.count());
  });
});

describe('the origin document\'s server (no introspection)', () => {
  let server: RunningServer;
  before(async () => {
    server = await startOriginXmlRpcServer();
  });
  after(async () => {
    closeIdleConnections();
    await server?.stop();
  });

  it('answers sayHi', async () => {
    assert.equal(await callMethod(server.url, 'xmlrpc', 'sayHi', ['phyger']), 'Hi phyger!');
  });

  it('reports the missing introspection clearly, with the protocol, in explicit and auto mode', async () => {
    for (const protocol of ['xmlrpc', 'auto'] as const) {
      await assert.rejects(discover(server.url, protocol), (e: unknown) => {
        assert.ok(e instanceof RpcError);
        assert.equal(e.kind, 'no-introspection');
        assert.equal(e.protocol, 'xmlrpc');
        assert.equal(e.message, 'this server has no introspection: add `server.register_introspection_functions()`');
        return true;
      });
    }
  });
});

describe('XML-RPC discovery whatever the shape of system.multicall results', () => {
  // 30 generated methods + 4 system.* ones (3 without methodHelp), in chunks of 10: [0-9] [10-19] [20-29] [system.*].
  const GENERATED = 30;
  const NAMES = GENERATED + 4;
  const SIGNATURE = [['string', 'int', 'int']];
  const servers: RunningServer[] = [];
  after(async () => {
    closeIdleConnections();
    await Promise.all(servers.map((s) => s.stop()));
  });

  /** Discovery of a test/fixtures/xmlrpc_multicall_shapes.py server started with these options. */
  async function discoverShaped(args: string[]): Promise<{ found: Discovery; requests: string[] }> {
    const server = await startPythonServer('test/fixtures/xmlrpc_multicall_shapes.py', ['--methods', String(GENERATED), ...args]);
    servers.push(server);
    const counter = requestCounter();
    const found = await discover(server.url, 'xmlrpc', { onWire: counter.onWire, multicallChunk: 10 });
    assert.equal(found.methods.length, args.includes('--no-help') ? NAMES - 1 : NAMES);
    return { found, requests: counter.methods };
  }

  const generatedHelp = (i: number) => `Generated method number ${i}.`;
  const multicalls = (n: number) => ['system.listMethods', ...Array<string>(n).fill('system.multicall')];

  function assertAllRead(found: Discovery, signatures: string[][] | null = SIGNATURE): void {
    for (const [i, method] of found.methods.entries()) {
      assert.deepEqual(method.signatures, signatures, method.name);
      if (i < GENERATED) assert.equal(method.help, generatedHelp(i), method.name);
      else assert.match(method.help ?? '', /\w/, method.name); // the system.* docstrings
    }
  }

  for (const [shape, signatures] of [
    ['bare', 'flat'],
    ['bare', 'list'],
    ['standard', 'flat'],
    ['standard', 'list'],
  ]) {
    it(`reads ${shape} results with ${signatures} signatures in one multicall per chunk`, async () => {
      const { found, requests } = await discoverShaped(['--shape', shape, '--signatures', signatures]);
      assertAllRead(found);
      assert.deepEqual(requests, multicalls(4));
      assert.equal(found.warnings, undefined);
    });
  }

  it('reads a bare flat one-type signature (["string"]) with no methodHelp: one chunk asked one by one settles the shape', async () => {
    // Bare ["string"] reads as a one-type signature, wrapped as the string 'string' (no signature): only a direct
    // system.methodSignature tells, once; the chunks after it are read as the server showed it answers.
    const { found, requests } = await discoverShaped(['--shape', 'bare', '--signatures', 'flat1', '--no-help']);
    assert.ok(found.methods.every((m) => isDeepStrictEqual(m.signatures, [['string']]) && m.help === null));
    assert.deepEqual(requests, [
      'system.listMethods',
      'system.multicall',
      ...Array<string>(10).fill('system.methodSignature'),
      'system.multicall',
      'system.multicall',
      'system.multicall',
    ]);
    assert.equal(found.warnings?.length, 1, JSON.stringify(found.warnings));
    assert.match(found.warnings![0], /^no help: the server has no system\.methodHelp \(fault 1: .*"system\.methodHelp" is not supported\)$/);
  });

  it('the same server with standard results needs no fallback', async () => {
    const { found, requests } = await discoverShaped(['--shape', 'standard', '--signatures', 'flat1', '--no-help']);
    assert.ok(found.methods.every((m) => isDeepStrictEqual(m.signatures, [['string']]) && m.help === null));
    assert.deepEqual(requests, multicalls(4));
    assert.equal(found.warnings?.length, 1);
  });

  it('a chunk with one result too few is asked one call per method, that chunk only', async () => {
    const { found, requests } = await discoverShaped(['--shape', 'standard', '--signatures', 'list', '--short-when', 'method_0015']);
    assertAllRead(found);
    assert.equal(requests.filter((m) => m === 'system.multicall').length, 4);
    assert.equal(requests.filter((m) => m === 'system.methodSignature').length, 10);
    assert.equal(requests.filter((m) => m === 'system.methodHelp').length, 10);
    assert.equal(found.warnings, undefined);
  });

  it('a chunk whose answer is broken XML-RPC (RPC::XML\'s <fault> in a <value>) is asked one call per method', async () => {
    const { found, requests } = await discoverShaped(['--shape', 'bare', '--signatures', 'flat', '--broken-when', 'method_0025']);
    assertAllRead(found);
    assert.equal(requests.length, 1 + 4 + 20);
    assert.equal(found.warnings, undefined);
  });

  it('help that faults for some methods is one warning line with the count and the fault', async () => {
    const { found, requests } = await discoverShaped(['--shape', 'bare', '--signatures', 'flat', '--help-fault-every', '7']);
    const faulted = [0, 7, 14, 21, 28];
    for (let i = 0; i < GENERATED; i++) {
      assert.equal(found.methods[i].help, faulted.includes(i) ? null : generatedHelp(i));
      assert.deepEqual(found.methods[i].signatures, SIGNATURE);
    }
    assert.deepEqual(requests, multicalls(4));
    assert.deepEqual(found.warnings, [
      `help could not be read for 5 of ${NAMES} methods (system.methodHelp: fault 7: no help for method_0000 and 4 other answers)`,
    ]);
  });

  it('help that is not text is not taken for help, and said so', async () => {
    const { found } = await discoverShaped(['--shape', 'standard', '--signatures', 'list', '--help-int', 'method_0003']);
    assert.equal(found.methods[3].help, null);
    assert.equal(found.methods[4].help, generatedHelp(4));
    assert.deepEqual(found.warnings, [`help could not be read for 1 of ${NAMES} methods (system.methodHelp: answered an int, not text)`]);
  });
});
