/**
 * Real-world servers from Debian packages (supervisord, aria2, Perl's RPC::XML::Server) against our core, each
 * answer compared with what a reference client gets from the same server in the same test: Python's
 * xmlrpc.client (test/fixtures/xmlrpc_reference.py) for XML-RPC, curl for JSON-RPC.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RpcError, RpcFault, callMethod, discover, type Discovery, type MethodInfo, type TypedValue } from '../../src/core';
import { closeIdleConnections } from '../../src/core/transport';
import { repoRoot } from '../support/nodeServerProcess';
import { startAria2, startPerlRpcXmlServer, startSupervisord, type Aria2, type RealServer, type Supervisord } from '../support/realServers';

const PYTHON = process.env.PYTHON ?? 'python3';
const AUTO_RUNS = 100;

/**
 * Runs a reference client. Our idle keep-alive connections are closed first: a server that serves one connection
 * at a time (RPC::XML::Server) would otherwise hold the reference client until its keep-alive timeout (10 s).
 */
function run(command: string, args: string[]): Promise<string> {
  closeIdleConnections();
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.slice(0, 2).join(' ')} failed: ${stderr.trim() || error.message}`));
      else resolve(stdout);
    });
  });
}

interface PythonFault {
  code: number;
  string: string;
}

interface PythonMethod {
  name: string;
  signature?: TypedValue;
  help?: TypedValue;
  signatureFault?: PythonFault;
  helpFault?: PythonFault;
}

/** Python's xmlrpc.client: what system.methodSignature / system.methodHelp answer, one method at a time. */
async function pythonDescribe(url: string): Promise<PythonMethod[]> {
  const output = await run(PYTHON, [path.join(repoRoot(), 'test/fixtures/xmlrpc_reference.py'), 'describe', url]);
  return (JSON.parse(output) as { methods: PythonMethod[] }).methods;
}

/** Python's xmlrpc.client: a call's result or fault, in typed JSON. */
async function pythonCall(url: string, method: string, args: TypedValue[] = []): Promise<{ result?: TypedValue; fault?: PythonFault }> {
  const output = await run(PYTHON, [path.join(repoRoot(), 'test/fixtures/xmlrpc_reference.py'), 'call', url, method, JSON.stringify(args)]);
  return JSON.parse(output);
}

/** curl: one JSON-RPC 2.0 request, the parsed reply. */
async function curlJsonRpc(url: string, method: string, params: unknown[] = []): Promise<{ result?: unknown; error?: { code: number; message: string } }> {
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method, params });
  const output = await run('curl', ['-sS', '--max-time', '10', '-H', 'Content-Type: application/json', '--data-binary', body, url]);
  return JSON.parse(output);
}

/**
 * How our model stores what Python got: a list of signatures stays, one flat signature (supervisord's
 * ["boolean", "string"]) becomes a list of one, anything else (Python's 'signatures not supported', a fault) is
 * null; empty help is null.
 */
function expectedMethod(reference: PythonMethod): MethodInfo {
  const raw = reference.signature;
  let signatures: string[][] | null = null;
  if (Array.isArray(raw) && raw.length > 0) {
    signatures = raw.every((s) => Array.isArray(s)) ? (raw as string[][]).filter((s) => s.length > 0) : [raw as string[]];
    if (signatures.length === 0) signatures = null;
  }
  const help = typeof reference.help === 'string' && reference.help.trim() !== '' ? reference.help : null;
  return { name: reference.name, signatures, help };
}

function assertSameMethods(found: Discovery, reference: PythonMethod[]): void {
  assert.deepEqual(
    found.methods.map((m) => m.name),
    reference.map((m) => m.name),
  );
  assert.deepEqual(
    found.methods.map(({ name, signatures, help }) => ({ name, signatures, help })),
    reference.map(expectedMethod),
  );
  // The comparison means something only if the server documents some methods.
  assert.ok(reference.some((m) => expectedMethod(m).help !== null && expectedMethod(m).signatures !== null), 'the reference found no help and signatures');
  const faults = reference.filter((m) => m.signatureFault || m.helpFault);
  if (faults.length === 0) assert.deepEqual(found.warnings ?? [], []);
  else assert.ok((found.warnings ?? []).length > 0, `${faults.length} methods faulted in Python but discovery gave no warning`);
}

function assertOneLineHttpError(error: unknown, status: number): boolean {
  assert.ok(error instanceof RpcError, `expected RpcError, got ${String(error)}`);
  assert.equal(error.kind, 'http');
  assert.match(error.message, new RegExp(`^HTTP ${status}\\b`));
  assert.ok(!error.message.includes('\n'), error.message);
  return true;
}

function assertFault(error: unknown, expected: PythonFault | undefined): boolean {
  assert.ok(expected, 'the reference client got no fault');
  assert.ok(error instanceof RpcFault, `expected RpcFault, got ${String(error)}`);
  assert.equal(error.code, expected.code);
  assert.equal(error.faultString, expected.string);
  return true;
}

/**
 * Auto-detection AUTO_RUNS times, in `lanes` sequences side by side (each run after the previous one of its lane);
 * fails naming the failed runs (the first few) and the server's state.
 */
async function assertAutoDetection(server: RealServer, url: string, protocol: string, names: string[], lanes = 1): Promise<void> {
  const failures: string[] = [];
  const lane = async (first: number) => {
    for (let i = first; i < AUTO_RUNS; i += lanes) {
      try {
        const found = await discover(url, 'auto', { timeoutMs: 10_000 });
        if (found.protocol !== protocol) failures.push(`run ${i + 1}: detected ${found.protocol}`);
        else if (found.methods.length !== names.length) failures.push(`run ${i + 1}: ${found.methods.length} methods`);
      } catch (error) {
        failures.push(`run ${i + 1}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: lanes }, (_, first) => lane(first)));
  const state = server.exited() ? `the server ${server.exited()}` : 'the server still runs';
  assert.equal(failures.length, 0, `${failures.length} of ${AUTO_RUNS} runs failed (${state}): ${failures.slice(0, 3).join('; ')}`);
}

// The three servers share nothing (each its own process and port) and mostly wait (aria2 holds every error answer
// ~2 s, RPC::XML::Server serves one connection at a time): their suites run side by side.
describe('real-world servers', { concurrency: 3 }, () => {
  describe('supervisord (Debian supervisor): XML-RPC with basic auth, bare multicall results', () => {
    let server: Supervisord;
    let reference: PythonMethod[];
    before(async () => {
      server = await startSupervisord();
      reference = await pythonDescribe(server.url);
    });
    after(async () => {
      closeIdleConnections();
      await server?.stop();
    });

    it('discovers the same methods, help and signatures as Python asking one method at a time', async () => {
      const found = await discover(server.url, 'xmlrpc');
      assert.equal(found.protocol, 'xmlrpc');
      assertSameMethods(found, reference);
      // supervisord answers one flat signature: ["struct", "string"] is getProcessInfo(name) -> struct.
      assert.deepEqual(found.methods.find((m) => m.name === 'supervisor.getProcessInfo')!.signatures, [['struct', 'string']]);
      assert.ok(found.roundTrips <= 3, `${found.roundTrips} requests: multicall was not used`);
    });

    it('auto-detection finds XML-RPC with the same methods', async () => {
      const found = await discover(server.url, 'auto');
      assert.equal(found.protocol, 'xmlrpc');
      assertSameMethods(found, reference);
    });

    it('a URL with no path finds the endpoint at /RPC2', async () => {
      const found = await discover(server.url.replace(/\/RPC2$/, ''), 'auto');
      assert.equal(found.protocol, 'xmlrpc');
      assert.equal(found.methods.length, reference.length);
      assert.match(found.url ?? '', /\/RPC2$/);
    });

    it('calls supervisor.getState and supervisor.getProcessInfo with the values Python reads', async () => {
      assert.deepEqual(await callMethod(server.url, 'xmlrpc', 'supervisor.getState', []), (await pythonCall(server.url, 'supervisor.getState')).result);
      const ours = (await callMethod(server.url, 'xmlrpc', 'supervisor.getProcessInfo', [server.program])) as Record<string, TypedValue>;
      const theirs = (await pythonCall(server.url, 'supervisor.getProcessInfo', [server.program])).result as Record<string, TypedValue>;
      // 'now' and the uptime in 'description' move between the two calls.
      const steady = ({ now: _now, description: _description, ...rest }: Record<string, TypedValue>) => rest;
      assert.deepEqual(steady(ours), steady(theirs));
      assert.equal(ours.name, server.program);
      assert.equal(typeof ours.pid, 'number');
    });

    it('an unknown process name is the fault Python gets', async () => {
      const expected = (await pythonCall(server.url, 'supervisor.getProcessInfo', ['no-such-process'])).fault;
      await assert.rejects(callMethod(server.url, 'xmlrpc', 'supervisor.getProcessInfo', ['no-such-process']), (e) => assertFault(e, expected));
    });

    it('a wrong password is one line: HTTP 401', async () => {
      const wrong = server.url.replace(`:${encodeURIComponent(server.password)}@`, ':wrong@');
      assert.notEqual(wrong, server.url);
      await assert.rejects(callMethod(wrong, 'xmlrpc', 'supervisor.getState', []), (e) => assertOneLineHttpError(e, 401));
      await assert.rejects(discover(wrong, 'xmlrpc'), (e) => assertOneLineHttpError(e, 401));
      // Auto-detection: every probe meets the 401, which is what to report.
      await assert.rejects(discover(server.bareUrl, 'auto'), (e: unknown) => {
        assert.ok(e instanceof RpcError, String(e));
        assert.match(e.message, /HTTP 401\b/);
        assert.ok(!e.message.includes('\n'), e.message);
        return true;
      });
    });

    it(`auto-detection succeeds ${AUTO_RUNS} times out of ${AUTO_RUNS}`, async () => {
      await assertAutoDetection(server, server.url, 'xmlrpc', reference.map((m) => m.name));
    });
  });

  describe('aria2 (Debian aria2): XML-RPC on /rpc and JSON-RPC on /jsonrpc with a secret token', () => {
    let server: Aria2;
    let token: string;
    let listed: string[];
    before(async () => {
      server = await startAria2();
      token = `token:${server.secret}`;
      listed = (await pythonCall(server.xmlRpcUrl, 'system.listMethods')).result as string[];
    });
    after(async () => {
      closeIdleConnections();
      await server?.stop();
    });

    it('XML-RPC: system.listMethods as Python gets it; discovery says in one line that there is no help', async () => {
      assert.ok(listed.includes('aria2.getVersion'), JSON.stringify(listed));
      assert.deepEqual(await callMethod(server.xmlRpcUrl, 'xmlrpc', 'system.listMethods', []), listed);
      const found = await discover(server.xmlRpcUrl, 'xmlrpc');
      assert.deepEqual(
        found.methods.map((m) => m.name),
        listed,
      );
      assert.ok(found.methods.every((m) => m.help === null && m.signatures === null));
      assert.equal(found.warnings?.length, 1, JSON.stringify(found.warnings));
      assert.match(found.warnings![0], /system\.methodHelp/);
    });

    it('XML-RPC: aria2.getVersion with the token answers what Python gets', async () => {
      const expected = await pythonCall(server.xmlRpcUrl, 'aria2.getVersion', [token]);
      assert.ok(expected.result, JSON.stringify(expected));
      assert.deepEqual(await callMethod(server.xmlRpcUrl, 'xmlrpc', 'aria2.getVersion', [token]), expected.result);
    });

    it('XML-RPC: a wrong token is the fault Python gets', async () => {
      const expected = (await pythonCall(server.xmlRpcUrl, 'aria2.getVersion', ['token:wrong'])).fault;
      await assert.rejects(callMethod(server.xmlRpcUrl, 'xmlrpc', 'aria2.getVersion', ['token:wrong']), (e) => assertFault(e, expected));
    });

    it('JSON-RPC: system.listMethods and discovery as curl gets them', async () => {
      const expected = await curlJsonRpc(server.jsonRpcUrl, 'system.listMethods');
      assert.deepEqual(await callMethod(server.jsonRpcUrl, 'jsonrpc', 'system.listMethods', []), expected.result);
      const found = await discover(server.jsonRpcUrl, 'jsonrpc');
      assert.deepEqual(
        found.methods.map((m) => m.name),
        expected.result,
      );
    });

    it('JSON-RPC: aria2.getVersion with the token answers what curl gets', async () => {
      const expected = await curlJsonRpc(server.jsonRpcUrl, 'aria2.getVersion', [token]);
      assert.ok(expected.result, JSON.stringify(expected));
      assert.deepEqual(await callMethod(server.jsonRpcUrl, 'jsonrpc', 'aria2.getVersion', [token]), expected.result);
    });

    it('JSON-RPC: a wrong token is the error curl gets', async () => {
      const { error } = await curlJsonRpc(server.jsonRpcUrl, 'aria2.getVersion', ['token:wrong']);
      await assert.rejects(callMethod(server.jsonRpcUrl, 'jsonrpc', 'aria2.getVersion', ['token:wrong']), (e) =>
        assertFault(e, error && { code: error.code, string: error.message }),
      );
    });

    it('auto-detection finds XML-RPC on /rpc and JSON-RPC on /jsonrpc', async () => {
      const xml = await discover(server.xmlRpcUrl, 'auto');
      assert.equal(xml.protocol, 'xmlrpc');
      assert.deepEqual(
        xml.methods.map((m) => m.name),
        listed,
      );
      const json = await discover(server.jsonRpcUrl, 'auto');
      assert.equal(json.protocol, 'jsonrpc');
      assert.deepEqual(
        json.methods.map((m) => m.name),
        listed,
      );
    });

    it(`auto-detection on /rpc succeeds ${AUTO_RUNS} times out of ${AUTO_RUNS}`, async () => {
      await assertAutoDetection(server, server.xmlRpcUrl, 'xmlrpc', listed);
    });

    it(`auto-detection on /jsonrpc succeeds ${AUTO_RUNS} times out of ${AUTO_RUNS}`, async () => {
    // aria2 holds every error answer ~2 s (rpc.discover, the first JSON-RPC question, is "method not found"): 100 runs
    // in a row would take over 3 minutes, so they go in 10 lanes of 10 runs each.
      await assertAutoDetection(server, server.jsonRpcUrl, 'jsonrpc', listed, 10);
    });
  });

  describe('Perl RPC::XML::Server (Debian librpc-xml-perl): bare multicall results', () => {
    let server: RealServer;
    let reference: PythonMethod[];
    before(async () => {
      server = await startPerlRpcXmlServer();
      reference = await pythonDescribe(server.url);
    });
    after(async () => {
      closeIdleConnections();
      await server?.stop();
    });

    it('discovers the same methods, help and signatures as Python, in one multicall', async () => {
      const found = await discover(server.url, 'xmlrpc');
      assertSameMethods(found, reference);
      assert.deepEqual(found.methods.find((m) => m.name === 'add')!.signatures, [
        ['int', 'int', 'int'],
        ['double', 'double', 'double'],
      ]);
      assert.equal(found.roundTrips, 2); // system.listMethods + one system.multicall
    });

    it('calls with typed values read as Python reads them', async () => {
      for (const [method, args] of [
        ['sample', []],
        ['add', [2, 3]],
        ['add', [{ $double: 1.5 }, { $double: 2 }]],
        ['add', [{ $double: 0.25 }, { $double: -2 }]],
        ['sayHi', ['a & <b>']],
      ] as [string, TypedValue[]][]) {
        const expected = await pythonCall(server.url, method, args);
        assert.ok('result' in expected, JSON.stringify(expected));
        assert.deepEqual(await callMethod(server.url, 'xmlrpc', method, args), expected.result, `${method}(${JSON.stringify(args)})`);
      }
    });

    it('reads non-ASCII text although the server labels its UTF-8 answer us-ascii', async () => {
      assert.equal(await callMethod(server.url, 'xmlrpc', 'sayHi', ['café 测试']), 'Hi café 测试!');
    });

    it('a fault is the fault Python gets', async () => {
      const expected = (await pythonCall(server.url, 'fail', [42, 'broken on purpose'])).fault;
      await assert.rejects(callMethod(server.url, 'xmlrpc', 'fail', [42, 'broken on purpose']), (e) => assertFault(e, expected));
    });

    it(`auto-detection succeeds ${AUTO_RUNS} times out of ${AUTO_RUNS}`, async () => {
      await assertAutoDetection(server, server.url, 'xmlrpc', reference.map((m) => m.name));
    });
  });
});
