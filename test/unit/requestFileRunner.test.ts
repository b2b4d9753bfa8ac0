/**
 * The request file runner against real servers: Python's SimpleXMLRPCServer, the npm hprose 2.x server, the npm
 * jayson JSON-RPC server, and a loopback HTTP server that records what arrives (headers, how many requests).
 * Outcomes (ok, fail, fault, error, skipped), EXPECT verdicts, named-call results, timeouts, cancellation, --bail
 * and --filter selection, secrets in headers, and a file with errors sending nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkRequestFile, hasErrors, parseRequestFile, runCheckedFile, type CallOutcome, type ParsedRequestFile, type RunOptions, type RunReport } from '../../src/requestFiles';

/** Checks a parsed file and runs it when it has no error (what the CLI and the editor do, in one call). */
async function runRequestFile(file: ParsedRequestFile, options: RunOptions = {}): Promise<RunReport> {
  const started = performance.now();
  const { diagnostics, resolver } = await checkRequestFile(file, options.sources);
  const report = hasErrors(diagnostics) ? { diagnostics, outcomes: [], notRun: [], durationMs: 0 } : await runCheckedFile(resolver, diagnostics, options);
  report.durationMs = performance.now() - started;
  return report;
}
import { freePort } from '../support/ports';
import { startRecorder, type Recorder } from '../support/recorder';
import { startHproseServer, startJaysonServer, startXmlRpcServer, type RunningServer } from '../support/servers';

let xmlrpc: RunningServer;
let hprose: RunningServer;
let jsonrpc: RunningServer;
let recorder: Recorder;

async function run(text: string, options: RunOptions = {}): Promise<RunReport> {
  const sources = { ...options.sources, overrides: { xml: xmlrpc.url, hp: hprose.url, js: jsonrpc.url, rec: recorder.url, ...options.sources?.overrides } };
  return runRequestFile(parseRequestFile(text), { timeoutMs: 10_000, ...options, sources });
}

/** `status label: message` of each outcome. */
function summary(report: RunReport): string[] {
  assert.deepEqual(report.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  return report.outcomes.map((o: CallOutcome) => `${o.status} ${o.label}${o.message ? `: ${o.message}` : ''}`);
}

describe('request file runner against real servers', () => {
  before(async () => {
    [xmlrpc, hprose, jsonrpc, recorder] = await Promise.all([startXmlRpcServer(), startHproseServer(), startJaysonServer(), startRecorder()]);
  });
  after(async () => {
    await Promise.all([xmlrpc?.stop(), hprose?.stop(), jsonrpc?.stop(), recorder?.stop()]);
  });

  it('XML-RPC: results, typed EXPECT, faults expected and not, and a one-line difference', async () => {
    const report = await run(`
@who = "phyger"
### hi
CALL {{xml}} sayHi
{{who}}
EXPECT "Hi phyger!"
### types
# @protocol xmlrpc
CALL {{xml}} echo
{"i": 5, "d": 1.0, "big": 2147483647, "when": {"$datetime": "20260101T10:00:00"}, "bytes": {"$base64": "aGk="}, "list": [1, "a", null]}
EXPECT {"list": [1, "a", null], "bytes": {"$base64": "aGk="}, "when": {"$datetime": "20260101T10:00:00"}, "big": {"$i8": "2147483647"}, "d": {"$double": 1}, "i": 5}
### expected fault
# @protocol xmlrpc
CALL {{xml}} fail
3, "nope"
EXPECT FAULT 3
### wrong fault
# @protocol xmlrpc
CALL {{xml}} fail
3, "nope"
EXPECT FAULT 4
### unexpected fault
# @protocol xmlrpc
CALL {{xml}} fail
3, "nope"
### differs
# @protocol xmlrpc
CALL {{xml}} echo
{"n": [5, 6]}
EXPECT {"n": [5, 7]}
### int is not double
# @protocol xmlrpc
CALL {{xml}} echo
5.0
EXPECT 5
### fault expected, result came
# @protocol xmlrpc
CALL {{xml}} sayHi
"x"
EXPECT FAULT
`);
    assert.deepEqual(summary(report), [
      'ok hi',
      'ok types',
      'ok expected fault',
      'fail wrong fault: expected fault 4, got fault 3: nope',
      'fault unexpected fault: fault 3: nope',
      'fail differs: at .n[1]: expected 7, got 6',
      'fail int is not double: expected 5, got 5.0',
      'fail fault expected, result came: expected a fault, got "Hi x!"',
    ]);
    const [hi] = report.outcomes;
    assert.equal(hi.protocol, 'xmlrpc');
    assert.equal(hi.result, 'Hi phyger!');
    assert.equal(hi.method, 'sayHi');
    assert.deepEqual(report.outcomes[4].fault, { code: 3, message: 'nope' });
    assert.ok(report.outcomes.every((o) => o.durationMs > 0));
  });

  it('hprose: the origin document\'s sayBye, auto-detected, and an hprose error as an expected fault', async () => {
    const report = await run(`
### bye
CALL {{hp}} sayBye
"Python测试和开发"
EXPECT "Bye,Python测试和开发!"
### fails
# @protocol hprose
CALL {{hp}} fail
"broken on purpose"
EXPECT FAULT
### fails unexpectedly
# @protocol hprose
CALL {{hp}} fail
"broken on purpose"
`);
    assert.deepEqual(summary(report), ['ok bye', 'ok fails', 'fault fails unexpectedly: broken on purpose']);
    assert.equal(report.outcomes[0].protocol, 'hprose');
  });

  it('JSON-RPC: named results feed later calls (by path too), numbers compare by value, error codes', async () => {
    const report = await run(`
### sum
# @name sum
# @protocol jsonrpc
CALL {{js}} add
2, 3
EXPECT 5.0
### again
# @protocol jsonrpc
CALL {{js}} add
{{sum.result}}, 10
EXPECT 15
### record
# @name record
# @protocol jsonrpc
CALL {{js}} echo
{"items": [{"id": 41}, {"id": 42}], "name": "n"}
### path
# @protocol jsonrpc
CALL {{js}} echo
{{record.result.items[1].id}}
EXPECT 42
### inside a string
# @protocol jsonrpc
CALL {{js}} echo
"{{record.result.name}}-{{sum.result}}"
EXPECT "n-5"
### error object
# @protocol jsonrpc
CALL {{js}} fail
"no"
EXPECT FAULT -32010
### missing path
# @protocol jsonrpc
CALL {{js}} echo
{{record.result.items[7]}}
`);
    assert.deepEqual(summary(report), [
      'ok sum',
      'ok again',
      'ok record',
      'ok path',
      'ok inside a string',
      'ok error object',
      'error missing path: record.result.items has no item 7 (it has 2)',
    ]);
    assert.equal(report.outcomes[6].errorKind, 'reference');
  });

  it('a call whose named call has no result is skipped; the rest of the file runs', async () => {
    const report = await run(`
### login
# @name login
# @protocol xmlrpc
CALL {{xml}} fail
1, "bad password"
### uses login
# @protocol xmlrpc
CALL {{xml}} echo
{{login.result}}
### independent
# @protocol xmlrpc
CALL {{xml}} sayHi
"still runs"
`);
    assert.deepEqual(summary(report), [
      'fault login: fault 1: bad password',
      'skipped uses login: needs the result of "login", which returned a fault',
      'ok independent',
    ]);
  });

  it('connection refused and a timeout are errors; the next call still runs; --bail stops at the first', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const text = `
### refused
# @protocol xmlrpc
CALL ${closed} sayHi
"x"
### slow
# @protocol xmlrpc
CALL {{xml}} sleep
2
### after (another server: Python's is busy sleeping)
# @protocol jsonrpc
CALL {{js}} add
1, 2
EXPECT 3
`;
    const started = performance.now();
    const report = await run(text, { timeoutMs: 400 });
    assert.ok(performance.now() - started < 4000, 'the slow call was cut at its deadline');
    assert.deepEqual(report.outcomes.map((o) => [o.status, o.errorKind]), [
      ['error', 'connection'],
      ['error', 'timeout'],
      ['ok', undefined],
    ]);
    assert.match(report.outcomes[0].message!, /connection refused/);
    assert.match(report.outcomes[1].message!, /timed out|timeout|deadline/i);

    const bailed = await run(text, { timeoutMs: 400, bail: true });
    assert.deepEqual(bailed.outcomes.map((o) => o.label), ['refused']);
    assert.deepEqual(bailed.notRun.map((c) => c.title), ['slow', 'after (another server: Python\'s is busy sleeping)']);
  });

  it('an AbortSignal cancels the call in flight and leaves the rest unsent', async () => {
    const controller = new AbortController();
    const report = run(
      `
### slow
# @protocol xmlrpc
CALL {{xml}} sleep
2
### next
# @protocol xmlrpc
CALL {{xml}} sayHi
"x"
`,
      { signal: controller.signal, onCallStart: () => setTimeout(() => controller.abort(), 200) },
    );
    const done = await report;
    assert.deepEqual(done.outcomes.map((o) => [o.status, o.errorKind]), [['error', 'cancelled']]);
    assert.deepEqual(done.notRun.map((c) => c.title), ['next']);
  });

  it('a selection runs the chosen calls and the named calls they need, in file order', async () => {
    const text = `
### first
# @name first
# @protocol jsonrpc
CALL {{js}} echo
"one"
### unrelated
# @protocol jsonrpc
CALL {{js}} echo
"skip me"
### chosen
# @protocol jsonrpc
CALL {{js}} echo
{{first.result}}
EXPECT "one"
`;
    const report = await run(text, { select: (call) => call.title === 'chosen' });
    assert.deepEqual(summary(report), ['ok first', 'ok chosen']);
  });

  it('headers reach the server, a $secret among them; a file with an error sends nothing at all', async () => {
    recorder.requests.length = 0;
    const report = await run(
      `
### headers
# @protocol jsonrpc
CALL {{rec}} headers
Authorization: Bearer {{$secret API_TOKEN}}
X-Tenant: {{tenant}}
EXPECT {"authorization": "Bearer s3cr3t-value", "tenant": "dev"}
### secret in the URL
# @protocol jsonrpc
CALL {{rec}}/?key={{$secret API_TOKEN}} echo
"x"
`,
      { sources: { secret: (name) => (name === 'API_TOKEN' ? 's3cr3t-value' : undefined), environment: { tenant: 'dev' } } },
    );
    assert.deepEqual(summary(report), ['ok headers', 'ok secret in the URL']);
    assert.equal(recorder.requests.length, 2);
    // Reports never show a secret's value.
    assert.equal(report.outcomes[1].url, `${recorder.url}/?key=***`);

    recorder.requests.length = 0;
    const broken = await run(
      `
### fine
# @protocol jsonrpc
CALL {{rec}} echo
"would be sent"
### broken
# @protocol jsonrpc
CALL {{rec}} echo
{{tenatn}}
`,
      { sources: { environment: { tenant: 'dev' } } },
    );
    assert.deepEqual(broken.outcomes, []);
    assert.deepEqual(
      broken.diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message}`),
      ['9:3: unknown variable "tenatn" (did you mean "tenant"?)'],
    );
    assert.equal(recorder.requests.length, 0, 'nothing was sent');
  });
});
