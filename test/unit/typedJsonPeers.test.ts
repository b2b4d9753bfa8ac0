/**
 * Numbers typed as JSON reach real servers exactly as typed (issue 9, item 5): 9007199254740993 as that integer,
 * 1.0 and 2e3 as doubles, 42 as an int. Peers: Python's SimpleXMLRPCServer (through the core and through the CLI),
 * a JSON-RPC server on Python's json module (which reads integers of any size exactly and tells 1 from 1.0), and
 * the npm hprose 2.x server.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { callMethod, parseArgumentList, type TypedValue } from '../../src/core';
import { hproseClient } from '../../src/core/hprose';
import { jsonRpcClient } from '../../src/core/jsonrpc';
import { toJsonText } from '../../src/core/jsonrpc/values';
import { closeIdleConnections } from '../../src/core/transport';
import { repoRoot, startHproseServer, startPythonServer, startXmlRpcServer, type RunningServer } from '../support/servers';

/** What a user types in the argument box: one argument holding every case. */
const TYPED = '[9007199254740993, 1.0, 2e3, 42, -0.0, 1.5, -9223372036854775808, 2147483648]';
/** How a Python server reads each of TYPED's numbers: [type name, repr]. */
const PYTHON_READS_TYPED = [
  ['int', '9007199254740993'],
  ['float', '1.0'],
  ['float', '2000.0'],
  ['int', '42'],
  ['float', '-0.0'],
  ['float', '1.5'],
  ['int', '-9223372036854775808'],
  ['int', '2147483648'],
];

function typedArgs(text: string): TypedValue[] {
  const parsed = parseArgumentList(text);
  if (!parsed.ok) assert.fail(parsed.error);
  return parsed.args;
}

after(() => closeIdleConnections());

describe('XML-RPC: Python reads each number as the type its text says', () => {
  let server: RunningServer;
  before(async () => {
    server = await startXmlRpcServer();
  });
  after(() => server?.stop());

  it('describe: int 9007199254740993, float 1.0, float 2000.0, int 42, float -0.0 ...', async () => {
    assert.deepEqual(await callMethod(server.url, 'xmlrpc', 'describe', typedArgs(TYPED)), ['list', PYTHON_READS_TYPED]);
  });

  it('echo: the doubles come back as doubles', async () => {
    assert.deepEqual(await callMethod(server.url, 'xmlrpc', 'echo', typedArgs('[1.0, 2e3, 42, 0.5]')), [{ $double: 1 }, { $double: 2000 }, 42, 0.5]);
  });
});

describe('the CLI (bundled from src/cli.ts) against Python\'s SimpleXMLRPCServer', () => {
  let server: RunningServer;
  let dir: string;
  let cli: string;
  before(async () => {
    // A private bundle, built the way esbuild.js builds dist/cli.js: other test files may rebuild dist/ meanwhile.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rpc-explorer-cli-'));
    cli = path.join(dir, 'cli.js');
    const [started] = await Promise.all([
      startXmlRpcServer(),
      build({ entryPoints: [path.join(repoRoot(), 'src', 'cli.ts')], outfile: cli, bundle: true, format: 'cjs', platform: 'node', target: 'node20', logLevel: 'silent' }),
    ]);
    server = started;
  });
  after(async () => {
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(process.execPath, [cli, ...args], { timeout: 60_000, encoding: 'utf8' }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
      });
    });
  }

  for (const [typed, seen] of [
    ['9007199254740993', ['int', '9007199254740993']],
    ['1.0', ['float', '1.0']],
    ['2e3', ['float', '2000.0']],
    ['42', ['int', '42']],
  ] as const) {
    it(`call URL describe ${typed} → ${JSON.stringify(seen)}`, async () => {
      const run = await runCli(['call', server.url, 'describe', typed, '--protocol', 'xmlrpc']);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(JSON.parse(run.stdout), seen);
      assert.equal(run.stderr, '');
    });
  }

  it('an integer beyond 64 bits: exit 2, one line on stderr, nothing sent', async () => {
    const run = await runCli(['call', server.url, 'describe', '18446744073709551616', '--protocol', 'xmlrpc']);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.equal(
      run.stderr,
      'rpc-explorer: argument "18446744073709551616": 18446744073709551616 is beyond the signed 64-bit integer range; send it as a string ("18446744073709551616") or as a double ({"$double": 18446744073709551616})\n',
    );
  });
});

describe('JSON-RPC: a Python json peer reads the integer exactly and 1.0 as a float', () => {
  let server: RunningServer;
  before(async () => {
    server = await startPythonServer('test/fixtures/jsonrpc_types_server.py');
  });
  after(() => server?.stop());

  function post(body: string): Promise<{ result: { params: string[][]; body: string } }> {
    return new Promise((resolve, reject) => {
      const request = http.request(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, timeout: 10_000 }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      });
      request.on('timeout', () => request.destroy(new Error('no answer within 10 s')));
      request.on('error', reject);
      request.end(body);
    });
  }

  it('the JSON text toJsonText writes for the typed arguments', async () => {
    const [list] = typedArgs(TYPED) as [TypedValue[]];
    const params = toJsonText(list);
    assert.equal(params, '[9007199254740993,1.0,2000.0,42,-0.0,1.5,-9223372036854775808,2147483648]');
    const reply = await post(`{"jsonrpc":"2.0","id":1,"method":"describe","params":${params}}`);
    assert.deepEqual(reply.result.params, PYTHON_READS_TYPED);
  });

  it('through the JSON-RPC client: the raw body carries 9007199254740993 and 1.0', async () => {
    const [list] = typedArgs(TYPED) as [TypedValue[]];
    const reply = (await jsonRpcClient.call(server.url, 'describe', list)) as { params: string[][]; body: string };
    assert.match(reply.body, /"params":\[9007199254740993,1\.0,2000\.0,42,-0\.0,1\.5,-9223372036854775808,2147483648\]\}$/);
    assert.deepEqual(reply.params, PYTHON_READS_TYPED);
  });

  it('through the JSON-RPC client: typed arguments as the user typed them in the argument box', async () => {
    const reply = (await jsonRpcClient.call(server.url, 'describe', typedArgs('9007199254740993, 1.0, {"$double": 3}, "x"'))) as { params: string[][] };
    assert.deepEqual(reply.params, [['int', '9007199254740993'], ['float', '1.0'], ['float', '3.0'], ['str', "'x'"]]);
  });
});

describe('hprose: the npm hprose server reads the long with every digit, and the doubles as doubles', () => {
  let server: RunningServer;
  before(async () => {
    server = await startHproseServer();
  });
  after(() => server?.stop());

  /** How the server's Reader saw one value (test/fixtures/hprose-server.js `describe`). */
  async function seen(typed: string): Promise<unknown> {
    return JSON.parse((await hproseClient.call(server.url, 'describe', typedArgs(typed))) as string);
  }

  it('9007199254740993: a long too big for a JS number, so the npm Reader keeps its digits', async () => {
    assert.deepEqual(await seen('9007199254740993'), { kind: 'string', json: '"9007199254740993"', length: 16 });
  });

  it('2e3, -0.0 and 42', async () => {
    assert.deepEqual(await seen('2e3'), { kind: 'number', text: '2000' });
    assert.deepEqual(await seen('-0.0'), { kind: 'number', text: '-0' });
    assert.deepEqual(await seen('42'), { kind: 'number', text: '42' });
  });
});
