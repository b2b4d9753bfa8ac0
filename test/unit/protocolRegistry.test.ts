/**
 * The protocol registry (src/core/protocols.ts) is the one list of protocols: package.json's enums and the CLI agree
 * with it, each descriptor's encodeCall is byte for byte what its client sends and a working request for a real
 * server, and a fourth protocol (test/fixtures/toyProtocol) works through the core's auto-detection and calls by
 * being added to a list.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { HELP, parseCommandLine } from '../../src/cli/args';
import {
  PROTOCOLS,
  PROTOCOL_CHOICES,
  PROTOCOL_LABELS,
  PROTOCOL_REGISTRY,
  RpcError,
  RpcFault,
  callMethod,
  clientFor,
  createRpcCore,
  discover,
  type EncodedRequest,
  type TypedValue,
} from '../../src/core';
import { closeIdleConnections } from '../../src/core/transport';
import { LINE_RPC_CONTENT_TYPE, lineRpcProtocol } from '../fixtures/toyProtocol/descriptor';
import { repoRoot, startHproseServer, startJaysonServer, startXmlRpcServer, type RunningServer } from '../support/servers';

after(() => closeIdleConnections());

interface Received {
  path: string;
  contentType: string;
  body: Buffer;
}

/** A loopback HTTP server that records each request and answers with `answer(request)`. */
async function startRecordingServer(answer: (request: Received) => { status: number; body: string }): Promise<{ url: string; received: Received[]; stop: () => Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { path: req.url ?? '', contentType: req.headers['content-type'] ?? '', body: Buffer.concat(chunks) };
      received.push(request);
      const { status, body } = answer(request);
      res.writeHead(status, { 'content-type': 'text/plain' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** POSTs an encoded request with Node's own http client, as a "copy as curl" user would: the answer's body. */
function postEncoded(url: string, request: EncodedRequest): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: request.method, headers: request.headers, agent: false, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(request.body);
  });
}

describe('one list of protocols', () => {
  test('ids are unique, and the exports, labels and clients follow the registry', () => {
    const ids = PROTOCOL_REGISTRY.map((d) => d.id);
    assert.deepEqual(ids, ['hprose', 'xmlrpc', 'jsonrpc'], 'auto-detection order');
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(PROTOCOLS, ids);
    assert.deepEqual(PROTOCOL_CHOICES, ['auto', ...ids]);
    assert.deepEqual(PROTOCOL_LABELS, { hprose: 'hprose', xmlrpc: 'XML-RPC', jsonrpc: 'JSON-RPC' });
    for (const descriptor of PROTOCOL_REGISTRY) {
      assert.equal(clientFor(descriptor.id), descriptor.client);
      assert.equal(descriptor.client.protocol, descriptor.id);
      assert.equal(descriptor.encodeCall('m', []).headers['content-type'], descriptor.contentType);
    }
    assert.deepEqual(
      PROTOCOL_REGISTRY.map((d) => [d.id, d.defaultPaths, d.pathlessFallback]),
      [
        ['hprose', ['/'], undefined],
        ['xmlrpc', ['/RPC2'], '/RPC2'],
        ['jsonrpc', ['/jsonrpc'], undefined],
      ],
    );
  });

  test("package.json's protocol enums list exactly the registry's ids and auto", () => {
    const manifest: unknown = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8'));
    const enums: unknown[][] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node !== null && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === 'enum' && Array.isArray(value) && value.some((v) => v === 'auto' || PROTOCOLS.includes(v))) enums.push(value);
          else walk(value);
        }
      }
    };
    walk(manifest);
    assert.equal(enums.length, 2, 'rpcExplorer.endpoints[].protocol and the rpc-server task protocol');
    for (const values of enums) {
      assert.equal(new Set(values).size, values.length, `duplicates in ${JSON.stringify(values)}`);
      assert.deepEqual([...values].sort(), [...PROTOCOL_CHOICES].sort(), `package.json enum ${JSON.stringify(values)}`);
    }
  });

  test('the CLI accepts every registered protocol, refuses others, and its help names them', () => {
    for (const choice of PROTOCOL_CHOICES) assert.equal(parseCommandLine(['list', 'http://127.0.0.1:1', '--protocol', choice]).protocol, choice);
    assert.throws(
      () => parseCommandLine(['list', 'http://127.0.0.1:1', '--protocol', 'soap']),
      (e: unknown) => e instanceof RpcError && e.kind === 'usage' && e.message.includes(`one of ${PROTOCOL_CHOICES.join(', ')}, not "soap"`),
    );
    assert.ok(HELP.includes(`--protocol ${PROTOCOL_CHOICES.join('|')}`), HELP);
    for (const descriptor of PROTOCOL_REGISTRY) assert.ok(HELP.includes(descriptor.label), descriptor.label);
  });

  test('an unknown protocol is one usage error naming the known ones', async () => {
    await assert.rejects(callMethod('http://127.0.0.1:1', 'soap' as never, 'm', []), (e: unknown) => {
      return e instanceof RpcError && e.kind === 'usage' && e.message === 'unknown protocol "soap" (expected auto, hprose, xmlrpc or jsonrpc)';
    });
  });
});

describe('encodeCall is what each client sends, and what a real server answers', () => {
  const args: TypedValue[] = [{ text: 'Grüße 测试 <&>', n: 42, ok: true, list: ['x', 1] }];
  const replies: Record<string, (request: Received) => string> = {
    xmlrpc: () => '<?xml version="1.0"?>\n<methodResponse><params><param><value><string>ok</string></value></param></params></methodResponse>\n',
    hprose: () => 'Rs2"ok"z',
    jsonrpc: (request) => JSON.stringify({ jsonrpc: '2.0', id: JSON.parse(request.body.toString('utf8')).id, result: 'ok' }),
  };
  let recorder: Awaited<ReturnType<typeof startRecordingServer>>;
  before(async () => (recorder = await startRecordingServer((request) => ({ status: 200, body: replies[/\?p=(\w+)/.exec(request.path)![1]](request) }))));
  after(() => recorder.stop());

  for (const descriptor of PROTOCOL_REGISTRY) {
    test(`${descriptor.label}: the client's request body and content type are encodeCall's`, async () => {
      const result = await descriptor.client.call(`${recorder.url}/rpc?p=${descriptor.id}`, 'echo', args);
      assert.equal(result, 'ok');
      const sent = recorder.received[recorder.received.length - 1];
      const id = descriptor.id === 'jsonrpc' ? (JSON.parse(sent.body.toString('utf8')).id as number) : undefined;
      const encoded = descriptor.encodeCall('echo', args, id);
      assert.equal(sent.contentType, encoded.headers['content-type']);
      assert.ok(sent.body.equals(encoded.body), `sent ${sent.body.toString('utf8')}\nencodeCall ${encoded.body.toString('utf8')}`);
      assert.equal(encoded.method, 'POST');
      if (descriptor.id === 'jsonrpc') assert.equal(encoded.id, id);
    });
  }

  test('JSON-RPC: encodeCall numbers requests, and decodeResult checks the id it is given', () => {
    const first = PROTOCOL_REGISTRY[2].encodeCall('m', []);
    const second = PROTOCOL_REGISTRY[2].encodeCall('m', []);
    assert.equal(second.id, first.id! + 1);
    assert.equal(JSON.parse(first.body.toString()).id, first.id);
    const reply = Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: first.id, result: 7 }));
    assert.equal(PROTOCOL_REGISTRY[2].decodeResult(reply, first), 7);
    assert.throws(() => PROTOCOL_REGISTRY[2].decodeResult(reply, second), (e: unknown) => e instanceof RpcError && /the reply has id \d+, but the request had id \d+/.test(e.message));
  });

  const peers: Record<string, () => Promise<RunningServer>> = {
    xmlrpc: () => startXmlRpcServer(),
    hprose: () => startHproseServer(),
    jsonrpc: () => startJaysonServer(),
  };
  for (const descriptor of PROTOCOL_REGISTRY) {
    test(`${descriptor.label}: encodeCall's bytes, sent by another HTTP client to a real server, decode with decodeResult`, async () => {
      const server = await peers[descriptor.id]();
      try {
        const request = descriptor.encodeCall('echo', args);
        assert.deepEqual(descriptor.decodeResult(await postEncoded(server.url, request), request), args[0]);
        const fault = descriptor.encodeCall('fail', descriptor.id === 'xmlrpc' ? [7, 'boom'] : ['boom']);
        assert.throws(() => descriptor.decodeResult(Buffer.alloc(0), fault), RpcError);
        await assert.rejects(postEncoded(server.url, fault).then((body) => descriptor.decodeResult(body, fault)), (e: unknown) => e instanceof RpcFault && /boom/.test(e.faultString));
      } finally {
        await server.stop();
      }
    });
  }
});

describe('a fourth protocol is a folder and one line in a list', () => {
  const core = createRpcCore([...PROTOCOL_REGISTRY, lineRpcProtocol]);
  let toy: Awaited<ReturnType<typeof startRecordingServer>>;
  let calls = 0;
  before(async () => {
    toy = await startRecordingServer((request) => {
      if (!request.path.startsWith('/line')) return { status: 404, body: 'not here' };
      const text = request.body.toString('utf8');
      if (text === 'LIST\n') return { status: 200, body: 'OK ["add","fail"]\n' };
      const call = /^CALL (\S+) (.*)\n$/s.exec(text);
      if (!call) return { status: 400, body: 'not line-rpc' };
      calls++;
      const callArgs = JSON.parse(call[2]) as number[];
      if (call[1] === 'add') return { status: 200, body: `OK ${callArgs[0] + callArgs[1]}\n` };
      return { status: 200, body: `ERR ${call[1]} failed on purpose\n` };
    });
  });
  after(() => toy.stop());

  test('auto-detection finds it among the others, and discovery lists its methods', async () => {
    const found = await core.discover(`${toy.url}/line`, 'auto');
    assert.equal(found.protocol, 'line-rpc');
    assert.deepEqual(
      found.methods.map((m) => m.name),
      ['add', 'fail'],
    );
    // Every protocol's probe went to the server; the others were refused with HTTP 400.
    const probes = toy.received.filter((r) => r.path === '/line').map((r) => r.contentType);
    for (const descriptor of core.registry) assert.ok(probes.includes(descriptor.contentType), `${descriptor.id} probe`);
  });

  test('an auto-detected call is sent once, in the detected protocol', async () => {
    calls = 0;
    const called = await core.callMethodAuto(`${toy.url}/line?auto`, 'add', [40, 2]);
    assert.deepEqual(called, { protocol: 'line-rpc', result: 42, url: `${toy.url}/line?auto` });
    assert.equal(calls, 1);
    const sent = toy.received[toy.received.length - 1];
    assert.equal(sent.contentType, LINE_RPC_CONTENT_TYPE);
    assert.ok(sent.body.equals(lineRpcProtocol.encodeCall('add', [40, 2]).body));
  });

  test('a call names it, and its fault is an RpcFault', async () => {
    assert.equal(await core.callMethod(`${toy.url}/line`, 'line-rpc', 'add', [1, 2]), 3);
    await assert.rejects(core.callMethod(`${toy.url}/line`, 'line-rpc', 'fail', []), (e: unknown) => e instanceof RpcFault && e.faultString === 'fail failed on purpose');
  });

  test("a URL without a path is tried at the protocols' usual paths (/RPC2, then the toy's /line)", async () => {
    const found = await core.discover(toy.url, 'auto');
    assert.equal(found.protocol, 'line-rpc');
    assert.equal(found.url, `${toy.url}/line`);
    assert.equal(await core.resolveCallUrl(`${toy.url}/`, 'line-rpc'), `${toy.url}/line`);
  });

  test('the core without it does not know it: the difference is the list', async () => {
    await assert.rejects(discover(`${toy.url}/line`, 'auto'), (e: unknown) => {
      return e instanceof RpcError && e.kind === 'unsupported' && /every probe \(hprose, XML-RPC, JSON-RPC\) got HTTP 400/.test(e.message);
    });
    await assert.rejects(core.discover(`${toy.url}/line`, 'soap' as never), (e: unknown) => {
      return e instanceof RpcError && e.message === 'unknown protocol "soap" (expected auto, hprose, xmlrpc, jsonrpc or line-rpc)';
    });
  });
});
