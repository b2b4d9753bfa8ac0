/**
 * The `rpc-explorer` CLI (dist/cli.js, the esbuild bundle) against real Python servers: the done-when
 * commands, the output contract, exit codes, and every hostile server — each with exit code 2, exactly one line
 * on stderr, no stack trace, and a bounded peak memory (the child's own maxRSS, written at exit by a preload the
 * test gives Node, test/support/resourceUsagePreload.cjs).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PROTOCOL_CHOICES } from '../../src/core';
import {
  startExampleXmlRpcServer,
  startHostileServer,
  startOriginXmlRpcServer,
  startXmlRpcServer,
  type HostileMode,
  type RunningServer,
} from '../support/servers';
import { ensureCliBundle, RESOURCE_USAGE_PRELOAD, runCli, type CliRun } from '../support/cli';

/** Peak memory allowed for any CLI run: Node's baseline (~45 MB) + the 20 MB response cap, with room to spare. */
const MAX_RSS_MB = 160;

interface MeasuredCliRun extends CliRun {
  maxRssMb: number;
  elapsedMs: number;
}

let runCount = 0;
/** A CLI run with the child's peak memory (written by the preload at exit) and its wall time. */
async function runMeasured(args: string[]): Promise<MeasuredCliRun> {
  const usageFile = path.join(os.tmpdir(), `rpc-explorer-rusage-${process.pid}-${runCount++}.json`);
  const started = performance.now();
  const run = await runCli(args, { cwd: process.cwd(), env: { RPC_EXPLORER_TEST_RUSAGE_FILE: usageFile }, nodeArgs: ['--require', RESOURCE_USAGE_PRELOAD] });
  const elapsedMs = performance.now() - started;
  try {
    const usage = JSON.parse(fs.readFileSync(usageFile, 'utf8')) as NodeJS.ResourceUsage;
    fs.rmSync(usageFile, { force: true });
    return { ...run, maxRssMb: usage.maxRSS / 1024, elapsedMs };
  } catch (e) {
    throw new Error(`no resource usage was written (exit ${run.code}, stderr ${run.stderr}): ${(e as Error).message}`, { cause: e });
  }
}

/** Exit 2, one line on stderr matching `message`, no stack trace, nothing on stdout, bounded memory. */
function assertOneLineError(run: MeasuredCliRun, message: RegExp, exitCode = 2): void {
  assert.equal(run.code, exitCode, `exit code (stderr: ${run.stderr})`);
  assert.equal(run.stdout, '');
  const lines = run.stderr.split('\n');
  assert.equal(lines.length, 2, `exactly one line on stderr, got ${JSON.stringify(run.stderr)}`);
  assert.equal(lines[1], '');
  assert.match(lines[0], message);
  assert.doesNotMatch(run.stderr, /^\s+at |node:internal|RpcError|\.js:\d+/m, 'no stack trace');
  assert.ok(run.maxRssMb < MAX_RSS_MB, `peak memory ${run.maxRssMb.toFixed(0)} MB`);
}

before(ensureCliBundle);

describe('rpc-explorer CLI against the origin document\'s server', () => {
  let origin: RunningServer;
  before(async () => {
    origin = await startOriginXmlRpcServer();
  });
  after(() => origin?.stop());

  it('call sayHi \'"phyger"\' prints "Hi phyger!" (done-when)', async () => {
    const run = await runMeasured(['call', origin.url, 'sayHi', '"phyger"']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '"Hi phyger!"\n');
    assert.equal(run.stderr, '');
  });

  it('sends an ARG that is not JSON as a string, with auto-detection', async () => {
    const run = await runMeasured(['call', origin.url, 'sayHi', 'phyger', '--protocol', 'auto']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '"Hi phyger!"\n');
  });

  it('list says the server has no introspection, in one line, exit 2', async () => {
    const run = await runMeasured(['list', origin.url]);
    assertOneLineError(run, /^rpc-explorer: this server has no introspection: add `server\.register_introspection_functions\(\)`$/);
  });
});

describe('rpc-explorer CLI output contract', () => {
  let example: RunningServer;
  let testServer: RunningServer;
  before(async () => {
    [example, testServer] = await Promise.all([startExampleXmlRpcServer(), startXmlRpcServer({ introspection: true, multicall: true })]);
  });
  after(() => Promise.all([example?.stop(), testServer?.stop()]));

  it('list prints one method name per line', async () => {
    const run = await runMeasured(['list', example.url]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.stdout.trimEnd().split('\n'), ['sayHi', 'system.listMethods', 'system.methodHelp', 'system.methodSignature', 'system.multicall']);
  });

  it('list --json prints protocol, names, signatures and help', async () => {
    const run = await runMeasured(['list', example.url, '--json', '--protocol', 'xmlrpc']);
    assert.equal(run.code, 0, run.stderr);
    const listed = JSON.parse(run.stdout);
    assert.equal(listed.protocol, 'xmlrpc');
    assert.deepEqual(listed.methods[0], { name: 'sayHi', signatures: null, help: 'Greets `name`: sayHi("phyger") -> "Hi phyger!".' });
  });

  it('prints results as typed JSON', async () => {
    const run = await runMeasured(['call', testServer.url, 'echo', '{"when": {"$datetime": "20261123T10:00:00"}, "bin": {"$base64": "aGk="}, "d": {"$double": 3}}']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { when: { $datetime: '20261123T10:00:00' }, bin: { $base64: 'aGk=' }, d: { $double: 3 } });
  });

  it('a fault exits 1 naming code and message; with --json stdout holds the fault', async () => {
    const plain = await runMeasured(['call', testServer.url, 'fail', '7', 'broken on purpose']);
    assert.equal(plain.code, 1);
    assert.equal(plain.stderr, 'fault 7: broken on purpose\n');
    assert.equal(plain.stdout, '');
    const json = await runMeasured(['call', testServer.url, 'fail', '7', 'broken on purpose', '--json']);
    assert.equal(json.code, 1);
    assert.deepEqual(JSON.parse(json.stdout), { fault: { code: 7, message: 'broken on purpose' } });
  });

  it('sends headers and honours --timeout', async () => {
    const run = await runMeasured(['call', testServer.url, 'sleep', '5', '--timeout', '400', '--header', 'X-Tenant: dev']);
    assertOneLineError(run, /^rpc-explorer: no complete answer from 127\.0\.0\.1:\d+ within 0\.4 s \(timeout\)$/);
    assert.ok(run.elapsedMs < 4000, `took ${run.elapsedMs} ms`);
  });

  it('usage errors exit 2 with one line', async () => {
    assertOneLineError(await runMeasured([]), /^rpc-explorer: missing command: list, call or run \(see rpc-explorer --help\)$/);
    assertOneLineError(await runMeasured(['list', testServer.url, '--protocol', 'soap']), new RegExp(`--protocol must be one of ${PROTOCOL_CHOICES.join(', ')}`));
    assertOneLineError(await runMeasured(['call', testServer.url]), /call needs a URL and a method name/);
    assertOneLineError(await runMeasured(['list', 'ftp://x']), /unsupported URL scheme "ftp:"/);
    assertOneLineError(await runMeasured(['call', testServer.url, 'echo', '{"$i8": "12a"}']), /\$i8 needs a string of digits/);
    assertOneLineError(await runMeasured(['list', testServer.url, '--timeout', 'soon']), /--timeout needs a positive number/);
    assertOneLineError(await runMeasured(['list', testServer.url, '--header', 'no colon']), /--header needs 'Name: value'/);
    assertOneLineError(await runMeasured(['list', testServer.url, '--frobnicate']), /unknown option --frobnicate/);
  });

  it('--help documents commands, options, typed JSON and exit codes', async () => {
    const run = await runMeasured(['--help']);
    assert.equal(run.code, 0);
    for (const text of ['list <url>', 'call <url> <method>', '--protocol', '--json', '--timeout', '--header', '$base64', '$i8', '$datetime', '$double', 'Exit status']) {
      assert.ok(run.stdout.includes(text), `--help mentions ${text}`);
    }
  });

  it('reports a refused connection once, not once per protocol', async () => {
    const run = await runMeasured(['list', 'http://127.0.0.1:9', '--protocol', 'auto']);
    assertOneLineError(run, /^rpc-explorer: connection refused by 127\.0\.0\.1:9: is the server running\?$/);
  });
});

interface HostileCase {
  mode: HostileMode;
  protocol: 'xmlrpc' | 'jsonrpc' | 'auto';
  message: RegExp;
  args?: string[];
}

const HOSTILE_CASES: HostileCase[] = [
  { mode: 'html404', protocol: 'xmlrpc', message: /^rpc-explorer: HTTP 404 Not Found from 127\.0\.0\.1:\d+: The requested URL was not found on this server$/ },
  { mode: 'html404', protocol: 'auto', message: /^rpc-explorer: no supported protocol answered: every probe \(hprose, XML-RPC, JSON-RPC\) got HTTP 404 Not Found/ },
  { mode: 'html200', protocol: 'xmlrpc', message: /^rpc-explorer: malformed XML-RPC response: the response is an HTML page, not XML-RPC \("Welcome to nginx!"\)$/ },
  { mode: 'html200', protocol: 'auto', message: /^rpc-explorer: no supported protocol answered — hprose: .*; XML-RPC: .*HTML page.*; JSON-RPC: .*not JSON/ },
  { mode: 'malformed', protocol: 'xmlrpc', message: /^rpc-explorer: malformed XML-RPC response: not well-formed XML \(<\/param> closes <string>\)$/ },
  { mode: 'malformed', protocol: 'auto', message: /^rpc-explorer: malformed XML-RPC response: not well-formed XML/ },
  { mode: 'billion-laughs', protocol: 'xmlrpc', message: /^rpc-explorer: malformed XML-RPC response: refused a <!DOCTYPE>/ },
  { mode: 'billion-laughs', protocol: 'auto', message: /^rpc-explorer: malformed XML-RPC response: refused a <!DOCTYPE>/ },
  { mode: 'xxe', protocol: 'xmlrpc', message: /^rpc-explorer: malformed XML-RPC response: refused a <!DOCTYPE>/ },
  { mode: 'drip', protocol: 'auto', message: /^rpc-explorer: no complete answer from 127\.0\.0\.1:\d+ within 1\.5 s \(timeout\)$/, args: ['--timeout', '1500'] },
  { mode: 'huge-length', protocol: 'xmlrpc', message: /^rpc-explorer: response of 500 MB from 127\.0\.0\.1:\d+ exceeds the 20 MB limit$/ },
  { mode: 'huge-length', protocol: 'auto', message: /^rpc-explorer: response of 500 MB from 127\.0\.0\.1:\d+ exceeds the 20 MB limit$/ },
  { mode: 'huge-chunked', protocol: 'auto', message: /^rpc-explorer: response from 127\.0\.0\.1:\d+ exceeds the 20 MB limit$/ },
  { mode: 'cut', protocol: 'xmlrpc', message: /^rpc-explorer: 127\.0\.0\.1:\d+ closed the connection in the middle of its answer$/ },
  { mode: 'empty', protocol: 'xmlrpc', message: /^rpc-explorer: malformed XML-RPC response: the response body is empty$/ },
  { mode: 'empty', protocol: 'auto', message: /^rpc-explorer: no supported protocol answered — hprose: .*empty.*; XML-RPC: the response body is empty; JSON-RPC: .*empty/ },
  { mode: 'jsonrpc-wrong-id', protocol: 'xmlrpc', message: /^rpc-explorer: malformed XML-RPC response: the response is JSON, not XML/ },
  { mode: 'jsonrpc-wrong-id', protocol: 'auto', message: /JSON-RPC: the reply has id \d+, but the request had id \d+/ },
  { mode: 'jsonrpc-wrong-id', protocol: 'jsonrpc', message: /^rpc-explorer: JSON-RPC: the reply has id 1001, but the request had id 1$/ },
  { mode: 'not-json', protocol: 'auto', message: /^rpc-explorer: no supported protocol answered — hprose: .*; XML-RPC: the response is JSON, not XML.*; JSON-RPC: .*not JSON/ },
];

describe('rpc-explorer CLI against hostile servers: exit 2, one line, no stack trace, bounded memory', () => {
  const servers = new Map<HostileMode, RunningServer>();
  before(async () => {
    const modes = [...new Set(HOSTILE_CASES.map((c) => c.mode))];
    const started = await Promise.all(modes.map((mode) => startHostileServer(mode)));
    modes.forEach((mode, i) => servers.set(mode, started[i]));
  });
  after(() => Promise.all([...servers.values()].map((s) => s.stop())));

  for (const hostile of HOSTILE_CASES) {
    it(`${hostile.mode} (--protocol ${hostile.protocol})`, async (t) => {
      const server = servers.get(hostile.mode)!;
      const run = await runMeasured(['call', server.url, 'sayHi', 'phyger', '--protocol', hostile.protocol, ...(hostile.args ?? [])]);
      assertOneLineError(run, hostile.message);
      t.diagnostic(`exit ${run.code}, ${run.maxRssMb.toFixed(0)} MB peak, ${run.elapsedMs.toFixed(0)} ms: ${run.stderr.trim()}`);
    });
  }

  it('list on a hostile server fails the same way', async () => {
    assertOneLineError(await runMeasured(['list', servers.get('billion-laughs')!.url]), /refused a <!DOCTYPE>/);
    assertOneLineError(await runMeasured(['list', servers.get('huge-length')!.url, '--json']), /exceeds the 20 MB limit/);
  });
});
