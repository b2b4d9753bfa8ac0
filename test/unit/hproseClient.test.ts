/**
 * The hprose client against a real npm hprose 2.0.51 HttpServer (its own process, free loopback port): discovery,
 * every typed value round-tripping through the server's Reader and Writer, faults, and bad answers from real
 * sockets. Also the done-when through the built CLI against examples/hprose-node/server.js.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { RpcError, RpcFault } from '../../src/core/errors';
import { hproseClient } from '../../src/core/hprose';
import { closeIdleConnections } from '../../src/core/transport';
import type { TypedValue } from '../../src/core/types';
import { startHproseExampleServer, startHproseServer, type RunningServer } from '../support/hproseServers';
import { repoRoot } from '../support/nodeServerProcess';

let server: RunningServer;

before(async () => {
  server = await startHproseServer();
});

after(async () => {
  closeIdleConnections();
  await server?.stop();
});

/** How the server's Reader saw a value (see test/fixtures/hprose-server.js `describe`). */
async function seenByServer(value: TypedValue): Promise<Record<string, unknown>> {
  return JSON.parse((await hproseClient.call(server.url, 'describe', [value])) as string);
}

describe('hprose discovery', () => {
  test('lists the functions, without # (getNextId) and *', async () => {
    const found = await hproseClient.discover(server.url);
    assert.equal(found.protocol, 'hprose');
    assert.deepEqual(
      found.methods.map((m) => m.name),
      ['sayHi', 'sayBye', 'echo', 'fail', 'describe', 'sample', 'raw'],
    );
    assert.ok(found.methods.every((m) => m.signatures === null && m.help === null));
    assert.equal(found.roundTrips, 1);
  });
});

describe('hprose calls', () => {
  test('sayBye with a CJK argument (UTF-16 lengths both ways)', async () => {
    assert.equal(await hproseClient.call(server.url, 'sayBye', ['Python测试和开发']), 'Bye,Python测试和开发!');
  });

  test('strings of every length class round-trip, astral characters included', async () => {
    for (const text of ['', 'x', '测', 'é', 'Python测试和开发', '😀', 'a😀', '👍🏽👨‍👩‍👧', 'x'.repeat(70_000) + '😀'.repeat(70_000)]) {
      assert.equal(await hproseClient.call(server.url, 'echo', [text]), text);
      const seen = await seenByServer(text);
      assert.equal(seen.kind, 'string');
      assert.equal(seen.length, text.length, `the server counted ${text.length} UTF-16 units`);
    }
  });

  test('numbers: int, long, double, and what the npm Writer sends back', async () => {
    assert.equal(await hproseClient.call(server.url, 'echo', [7]), 7);
    assert.equal(await hproseClient.call(server.url, 'echo', [-2147483648]), -2147483648);
    assert.equal(await hproseClient.call(server.url, 'echo', [1.25]), 1.25);
    // The npm Writer writes a non-int32 integer as a double: it comes back typed as one.
    assert.deepEqual(await hproseClient.call(server.url, 'echo', [4294967296]), { $double: 4294967296 });
    assert.deepEqual(await seenByServer(4294967296), { kind: 'number', text: '4294967296' });
    assert.deepEqual(await seenByServer({ $double: 3 }), { kind: 'number', text: '3' });
    assert.deepEqual(await hproseClient.call(server.url, 'echo', [{ $double: 'NaN' }]), { $double: 'NaN' });
    assert.deepEqual(await hproseClient.call(server.url, 'echo', [{ $double: '-Infinity' }]), { $double: '-Infinity' });
    // A long beyond 2^53: the npm Reader keeps its digits as a string (JavaScript has no int64).
    assert.deepEqual(await seenByServer({ $i8: '123456789012345678901' }), { kind: 'string', json: '"123456789012345678901"', length: 21 });
  });

  test('a long beyond 2^53 read from the wire is {"$i8"}', async () => {
    // `raw` is a Serialized-mode function: the server sends its argument as the result bytes.
    assert.deepEqual(await hproseClient.call(server.url, 'raw', ['l123456789012345678901;']), { $i8: '123456789012345678901' });
    assert.deepEqual(await hproseClient.call(server.url, 'sample', ['uint32']), [4294967295, 7]);
  });

  test('null, booleans, lists, maps', async () => {
    const value: TypedValue = { none: null, yes: true, no: false, list: [1, 'two', [3, []]], map: { 'key with space': {} } };
    assert.deepEqual(await hproseClient.call(server.url, 'echo', [value]), value);
    assert.deepEqual(await hproseClient.call(server.url, 'echo', [[]]), []);
  });

  test('bytes', async () => {
    const bytes = { $base64: Buffer.from([0, 255, 34, 10, 0x7a]).toString('base64') };
    assert.deepEqual(await hproseClient.call(server.url, 'echo', [bytes]), bytes);
    assert.deepEqual(await seenByServer(bytes), { kind: 'bytes', hex: '00ff220a7a' });
    assert.deepEqual(await hproseClient.call(server.url, 'sample', ['buffer']), { $base64: 'AP8BIg==' });
  });

  test('datetimes (the server runs in UTC and answers in local time, without a zone)', async () => {
    assert.deepEqual(await seenByServer({ $datetime: '2026-11-23T10:00:00.5Z' }), { kind: 'date', iso: '2026-11-23T10:00:00.500Z' });
    assert.deepEqual(await hproseClient.call(server.url, 'echo', [{ $datetime: '2026-11-23T10:00:00.5Z' }]), { $datetime: '2026-11-23T10:00:00.500' });
    assert.deepEqual(await hproseClient.call(server.url, 'echo', [{ $datetime: '2026-11-23T10:00:00' }]), { $datetime: '2026-11-23T10:00:00' });
    assert.deepEqual(await hproseClient.call(server.url, 'echo', [{ $datetime: '2026-11-23' }]), { $datetime: '2026-11-23' });
    assert.deepEqual(await hproseClient.call(server.url, 'echo', [{ $datetime: '1970-01-01T08:30:00' }]), { $datetime: '1970-01-01T08:30:00' });
    assert.deepEqual(await hproseClient.call(server.url, 'sample', ['utcDate']), { $datetime: '2026-11-23T10:00:00.123' });
  });

  test('class objects both ways', async () => {
    assert.deepEqual(await hproseClient.call(server.url, 'sample', ['users']), [
      { $class: 'User', name: 'ann', age: 31 },
      { $class: 'User', name: 'bob', age: 42 },
    ]);
    const point: TypedValue = { $class: 'Point3', x: 1, y: 2, z: 3 };
    assert.deepEqual(await hproseClient.call(server.url, 'echo', [[point, point]]), [point, point]);
    assert.deepEqual(await seenByServer(point), { kind: 'object', className: 'Point3', json: '{"x":1,"y":2,"z":3}' });
  });

  test('references written by the server: shared lists, repeated strings, a cycle', async () => {
    assert.deepEqual(await hproseClient.call(server.url, 'sample', ['sharedList']), [['x', 'y'], ['x', 'y']]);
    assert.deepEqual(await hproseClient.call(server.url, 'sample', ['repeatedStrings']), ['hello', 'hello', { hello: 'hello' }]);
    assert.deepEqual(await hproseClient.call(server.url, 'sample', ['cycle']), [1, { $ref: 0 }]);
    assert.deepEqual(await hproseClient.call(server.url, 'sample', ['harmonyMap']), { 1: 'one', true: 'yes' });
  });

  test('references we write are resolved by the server', async () => {
    const value: TypedValue = ['same text', 'same text', { 'same text': 'same text' }];
    assert.deepEqual(await hproseClient.call(server.url, 'echo', [value]), value);
  });

  test('a GUID and a time of day from the wire', async () => {
    assert.equal(await hproseClient.call(server.url, 'raw', ['g{0F2A4A2C-1111-4A4A-8B8B-0123456789AB}']), '0F2A4A2C-1111-4A4A-8B8B-0123456789AB');
    assert.deepEqual(await hproseClient.call(server.url, 'raw', ['T235959.999Z']), { $datetime: '1970-01-01T23:59:59.999Z' });
  });

  test('a thrown error is an RpcFault with the message and no code', async () => {
    await assert.rejects(hproseClient.call(server.url, 'fail', ['boom: 测试']), (error: unknown) => {
      assert.ok(error instanceof RpcFault);
      assert.equal(error.code, null);
      assert.equal(error.faultString, 'boom: 测试');
      return true;
    });
  });

  test('an unknown function is the server\'s E reply', async () => {
    await assert.rejects(hproseClient.call(server.url, 'noSuchFunction', []), (error: unknown) => {
      assert.ok(error instanceof RpcFault);
      assert.equal(error.faultString, "Can't find this function noSuchFunction().");
      return true;
    });
  });

  test('a malformed result from a real hprose server is one line', async () => {
    await assert.rejects(hproseClient.call(server.url, 'raw', ['s999999999"x"']), (error: unknown) => {
      assert.ok(error instanceof RpcError);
      assert.equal(error.kind, 'malformed');
      assert.match(error.message, /^hprose: string length 999999999 exceeds the \d+ bytes left at byte \d+$/);
      return true;
    });
  });
});

describe('hprose client against servers that are not hprose', () => {
  let web: http.Server;
  let url: string;
  before(async () => {
    web = http.createServer((req, res) => {
      if (req.url === '/html') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><html><body>hello</body></html>');
      } else if (req.url === '/empty') {
        res.writeHead(200);
        res.end();
      } else {
        res.writeHead(404, { 'content-type': 'text/html' });
        res.end('<html><head><title>404 Not Found</title></head></html>');
      }
    });
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
  });
  after(async () => {
    closeIdleConnections();
    web.closeAllConnections();
    await new Promise((resolve) => web.close(resolve));
  });

  test('an HTML page', async () => {
    await assert.rejects(hproseClient.discover(`${url}/html`), (e: unknown) => e instanceof RpcError && e.kind === 'malformed' && /not an hprose response \(it starts with "<!doctype html>/.test(e.message));
  });
  test('an empty body', async () => {
    await assert.rejects(hproseClient.call(`${url}/empty`, 'x', []), (e: unknown) => e instanceof RpcError && e.kind === 'malformed' && /empty response/.test(e.message));
  });
  test('HTTP 404', async () => {
    await assert.rejects(hproseClient.discover(`${url}/missing`), (e: unknown) => e instanceof RpcError && e.kind === 'http' && /404/.test(e.message));
  });
});

describe('done when: the CLI against examples/hprose-node/server.js', () => {
  let example: RunningServer;
  const cli = path.join(repoRoot(), 'dist', 'cli.js');
  before(async () => {
    example = await startHproseExampleServer();
  });
  after(async () => {
    await example?.stop();
  });

  function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string; elapsedMs: number }> {
    assert.ok(fs.existsSync(cli), `${cli} is missing: run npm run build first`);
    const started = Date.now();
    return new Promise((resolve) => {
      execFile(process.execPath, [cli, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr, elapsedMs: Date.now() - started });
      });
    });
  }

  // The npm hprose server answers any request that is not hprose after a 10 s delay (Service errorDelay), so
  // auto-detection must not make it wait: a slow answer here means a non-hprose probe went first.
  const QUICK_MS = 8_000;

  test('rpc-explorer list prints sayHi and sayBye', async () => {
    const { code, stdout, stderr, elapsedMs } = await runCli(['list', example.url]);
    assert.equal(code, 0, stderr);
    assert.deepEqual(stdout.trim().split('\n'), ['sayHi', 'sayBye']);
    assert.ok(elapsedMs < QUICK_MS, `auto-detection took ${elapsedMs} ms`);
  });

  test('rpc-explorer list --protocol hprose --json', async () => {
    const { code, stdout } = await runCli(['list', example.url, '--protocol', 'hprose', '--json']);
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout), {
      protocol: 'hprose',
      methods: [
        { name: 'sayHi', signatures: null, help: null },
        { name: 'sayBye', signatures: null, help: null },
      ],
    });
  });

  test(`rpc-explorer call … sayBye '"Python测试和开发"' prints "Bye,Python测试和开发!"`, async () => {
    const { code, stdout, stderr, elapsedMs } = await runCli(['call', example.url, 'sayBye', '"Python测试和开发"']);
    assert.equal(code, 0, stderr);
    assert.equal(stdout.trim(), '"Bye,Python测试和开发!"');
    assert.ok(elapsedMs < QUICK_MS, `auto-detection took ${elapsedMs} ms`);
  });

  test('an hprose error through the CLI: exit 1, one line', async () => {
    const { code, stdout, stderr } = await runCli(['call', example.url, 'nope', '--protocol', 'hprose']);
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.equal(stderr, "fault: Can't find this function nope().\n");
  });
});
