/**
 * `rpc-explorer doctor` through the CLI bundle: a test server with one deliberate defect per rule (each fails exactly
 * its rule), conformant servers (Python's SimpleXMLRPCServer, the npm hprose server) and the real servers aria2 and
 * supervisord, each held to what it really does.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RULES } from '../../src/core/doctor';
import { ensureCliBundle, runCli, type CliRun } from '../support/cli';
import { freePort } from '../support/ports';
import { startAria2, startPerlRpcXmlServer, startSupervisord, type Aria2, type Supervisord } from '../support/realServers';
import { PYTHON, startHproseServer, startNodeServer, startXmlRpcServer, type RunningServer } from '../support/servers';

interface JsonReport {
  protocol: string;
  rules: { id: string; status: string; detail: string; spec: string }[];
}

function lastJson(run: CliRun): JsonReport {
  const lines = run.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as JsonReport;
}

/** The rules that did not pass (and were not skipped), as "id=status". */
function notPassing(report: JsonReport): string[] {
  return report.rules.filter((r) => r.status === 'fail' || r.status === 'warn').map((r) => `${r.id}=${r.status}`);
}

function statuses(report: JsonReport): Record<string, string> {
  return Object.fromEntries(report.rules.map((r) => [r.id, r.status]));
}

describe('rpc-explorer doctor', () => {
  let defects: RunningServer;
  before(async () => {
    ensureCliBundle();
    defects = await startNodeServer('test/fixtures/doctor-defects-server.js');
  });
  after(async () => {
    await defects?.stop();
  });

  it('passes every rule of conformant endpoints, never calling one of their methods', async () => {
    for (const protocol of ['jsonrpc', 'xmlrpc', 'hprose']) {
      const run = await runCli(['doctor', `${defects.url}/${protocol}/none`, '--protocol', protocol, '--json']);
      const report = lastJson(run);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.equal(report.protocol, protocol);
      assert.deepEqual(report.rules.map((r) => r.id), RULES.filter((r) => r.protocol === protocol).map((r) => r.id));
      assert.deepEqual(notPassing(report), []);
      assert.ok(report.rules.every((r) => r.status === 'pass'), JSON.stringify(report));
    }
    assert.doesNotMatch(defects.output(), /called sayHi/);
  });

  for (const rule of RULES) {
    it(`a server whose one defect breaks ${rule.id} fails exactly that rule (${rule.level})`, async () => {
      const run = await runCli(['doctor', `${defects.url}/${rule.protocol}/${rule.id}`, '--protocol', rule.protocol, '--json']);
      const report = lastJson(run);
      assert.deepEqual(notPassing(report), [`${rule.id}=${rule.level}`], run.stdout);
      const broken = report.rules.find((r) => r.id === rule.id)!;
      assert.equal(broken.spec, rule.spec);
      assert.ok(broken.detail.length > 10, broken.detail);
      assert.equal(run.code, rule.level === 'fail' ? 1 : 0, run.stdout + run.stderr);
    });
  }

  it('prints one line per rule: ✓ id, ✗ id: … (spec), ! id: … (warning), - id: skipped, why', async () => {
    const failing = await runCli(['doctor', `${defects.url}/jsonrpc/jsonrpc.batch-empty`]);
    assert.equal(failing.code, 1);
    const lines = failing.stdout.trim().split('\n');
    assert.equal(lines.length, RULES.filter((r) => r.protocol === 'jsonrpc').length);
    assert.equal(lines[0], '✓ jsonrpc.version');
    assert.match(failing.stdout, /^✗ jsonrpc\.batch-empty: .*-32600.* \(https:\/\/www\.jsonrpc\.org\/specification#batch\)$/m);
    const warning = await runCli(['doctor', `${defects.url}/xmlrpc/xmlrpc.multicall`, '--protocol', 'xmlrpc']);
    assert.match(warning.stdout, /^! xmlrpc\.multicall: .*one-element array.* \(warning\)$/m);
    assert.equal(warning.code, 0);
  });

  it('finds the protocol itself and writes a JUnit report with one test case per rule', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doctor-junit-'));
    try {
      const junit = path.join(dir, 'doctor.xml');
      const run = await runCli(['doctor', `${defects.url}/jsonrpc/jsonrpc.notification`, '--junit', junit]);
      assert.equal(run.code, 1, run.stderr);
      const xml = fs.readFileSync(junit, 'utf8');
      assert.equal(xml.match(/<testcase /g)?.length, RULES.filter((r) => r.protocol === 'jsonrpc').length);
      assert.equal(xml.match(/<failure /g)?.length, 1);
      assert.match(xml, /name="jsonrpc\.notification">\s*<failure message="[^"]*MUST NOT reply/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 with one line when the URL cannot be reached or does not speak the protocol', async () => {
    const closed = await runCli(['doctor', `http://127.0.0.1:${await freePort()}/`, '--protocol', 'jsonrpc', '--timeout', '3000']);
    assert.equal(closed.code, 2);
    assert.equal(closed.stdout, '');
    assert.match(closed.stderr, /^rpc-explorer: .*connection refused.*\n$/);
    const wrong = await runCli(['doctor', `${defects.url}/jsonrpc/none`, '--protocol', 'xmlrpc']);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /^rpc-explorer: .*does not speak XML-RPC.*\n$/);
    const usage = await runCli(['doctor', defects.url, 'sayHi']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /doctor takes only a URL/);
  });

  it("holds Python's SimpleXMLRPCServer to its one deviation: 'signatures not supported' is a warning", async () => {
    const python = await startXmlRpcServer({ introspection: true, multicall: true });
    try {
      const run = await runCli(['doctor', python.url, '--json']);
      const report = lastJson(run);
      assert.equal(report.protocol, 'xmlrpc');
      assert.deepEqual(notPassing(report), ['xmlrpc.signature=warn']);
      assert.match(report.rules.find((r) => r.id === 'xmlrpc.signature')!.detail, /signatures not supported/);
      assert.equal(run.code, 0);
    } finally {
      await python.stop();
    }
    const bare = await startXmlRpcServer();
    try {
      const report = lastJson(await runCli(['doctor', bare.url, '--json']));
      assert.deepEqual(notPassing(report), []);
      assert.equal(statuses(report)['xmlrpc.introspection'], 'skip');
    } finally {
      await bare.stop();
    }
  });

  it('passes the npm hprose server', async () => {
    const server = await startHproseServer();
    try {
      const run = await runCli(['doctor', server.url, '--json']);
      assert.deepEqual(lastJson(run), {
        protocol: 'hprose',
        rules: RULES.filter((r) => r.protocol === 'hprose').map((r) => ({ id: r.id, status: 'pass', detail: '', spec: r.spec })),
      });
      assert.equal(run.code, 0);
    } finally {
      await server.stop();
    }
  });

  describe('real servers', () => {
    let aria2: Aria2;
    let supervisord: Supervisord;
    before(async () => {
      aria2 = await startAria2();
      supervisord = await startSupervisord();
    });
    after(async () => {
      await aria2?.stop();
      await supervisord?.stop();
    });

    it("aria2's JSON-RPC: code 1 for an unknown method, an answer to a notification, [] for an empty batch", async () => {
      const run = await runCli(['doctor', aria2.jsonRpcUrl, '--json']);
      const report = lastJson(run);
      assert.equal(report.protocol, 'jsonrpc');
      assert.deepEqual(notPassing(report).sort(), ['jsonrpc.batch-empty=fail', 'jsonrpc.content-type=warn', 'jsonrpc.method-not-found=fail', 'jsonrpc.notification=fail']);
      const detail = (id: string) => report.rules.find((r) => r.id === id)!.detail;
      assert.match(detail('jsonrpc.method-not-found'), /"code":1\b/);
      assert.match(detail('jsonrpc.batch-empty'), /got \[\]$/);
      assert.match(detail('jsonrpc.content-type'), /application\/json-rpc/);
      assert.equal(statuses(report)['openrpc.document'], 'skip');
      assert.equal(run.code, 1);
    });

    it("aria2's XML-RPC follows every rule it has introspection for", async () => {
      const run = await runCli(['doctor', aria2.xmlRpcUrl, '--json']);
      const report = lastJson(run);
      assert.deepEqual(notPassing(report), []);
      assert.equal(statuses(report)['xmlrpc.multicall'], 'pass');
      assert.equal(statuses(report)['xmlrpc.signature'], 'skip');
      assert.equal(run.code, 0);
    });

    it("supervisord: bare multicall results and flat signatures are warnings — Python's own MultiCall misreads them", async () => {
      const run = await runCli(['doctor', supervisord.url, '--json']);
      const report = lastJson(run);
      assert.deepEqual(notPassing(report).sort(), ['xmlrpc.multicall=warn', 'xmlrpc.signature=warn']);
      assert.equal(run.code, 0);
      // The reference client: xmlrpc.client.MultiCall takes each result's first element, so supervisord's bare
      // system.listMethods result comes back as its first method name instead of the list.
      const script = 'import sys, xmlrpc.client as x\nm = x.MultiCall(x.ServerProxy(sys.argv[1]))\nm.system.listMethods()\nprint(repr(list(m())[0]))';
      const printed = await new Promise<string>((resolve, reject) =>
        execFile(PYTHON, ['-c', script, supervisord.url], { timeout: 30_000 }, (error, stdout) => (error ? reject(error) : resolve(stdout.trim()))),
      );
      assert.match(printed, /^'[a-zA-Z.]+'$/, `a string, not a list: ${printed}`);
    });

    it("Perl's RPC::XML::Server: bare multicall results are its one warning", async () => {
      const perl = await startPerlRpcXmlServer();
      try {
        const run = await runCli(['doctor', perl.url, '--json']);
        assert.deepEqual(notPassing(lastJson(run)), ['xmlrpc.multicall=warn']);
        assert.equal(run.code, 0);
      } finally {
        await perl.stop();
      }
    });
  });
});
