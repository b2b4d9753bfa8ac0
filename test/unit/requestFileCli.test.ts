/**
 * `rpc-explorer run` through the bundle (dist/cli.js) against real servers: the example request files against the
 * example servers on free ports (through --var; as written, on their own ports, they run in `npm start -- --smoke`,
 * the first-run stage of `npm test`), exit codes 0/1/2, file errors as file:line:col with nothing sent, --bail, --filter, --json,
 * --junit (parsed back), environments from a .vscode/settings.json with comments, --env-file, --var, $env, and
 * $secret read from the environment.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ensureCliBundle, runCli, type CliRun } from '../support/cli';
import { freePort } from '../support/ports';
import { startRecorder, type Recorder } from '../support/recorder';
import {
  startExampleXmlRpcServer,
  startHproseExampleServer,
  startJsonRpcExampleServer,
  startXmlRpcServer,
  type RunningServer,
} from '../support/servers';

/** The call lines of a text run (without the summary line). */
function callLines(run: CliRun): string[] {
  return run.stdout
    .split('\n')
    .filter(Boolean)
    .slice(0, -1)
    .map((line) => line.replace(/\(\d+ ms\)$/, '(N ms)'));
}

function lastLine(run: CliRun): string {
  return run.stdout.trimEnd().split('\n').pop()!.replace(/\(\d+ ms\)$/, '(N ms)');
}

describe('rpc-explorer run (the bundle) against real servers', () => {
  let xmlrpc: RunningServer;
  let recorder: Recorder;
  let dir: string;

  before(async () => {
    ensureCliBundle();
    [xmlrpc, recorder] = await Promise.all([startXmlRpcServer(), startRecorder()]);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rpc-explorer-run-'));
  });
  after(async () => {
    await Promise.all([xmlrpc?.stop(), recorder?.stop()]);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  function write(name: string, text: string): string {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  }

  it('the example request files pass against the example servers (on free ports, through --var)', async () => {
    const servers = await Promise.all([startExampleXmlRpcServer(), startHproseExampleServer(), startJsonRpcExampleServer()]);
    try {
      const [xml, hprose, json] = servers;
      const runs = await Promise.all([
        runCli(['run', 'examples/python-xmlrpc.rpc', '--var', `base=${xml.url}`]),
        runCli(['run', 'examples/hprose-node.rpc', 'examples/hprose-python.rpc', '--var', `base=${hprose.url}`]),
        runCli(['run', 'examples/jsonrpc-node.rpc', '--var', `base=${json.url}`]),
      ]);
      for (const run of runs) assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.deepEqual(callLines(runs[0]), [
        "✓ Say hi (the origin document's call)  (N ms)",
        '✓ Greet, and keep the greeting  (N ms)',
        "✓ Greet the greeting (an earlier call's result as the argument)  (N ms)",
        '✓ A variable inside a string is its text  (N ms)',
        "✓ A method the server does not have is a fault (Python's code 1)  (N ms)",
      ]);
      assert.equal(lastLine(runs[0]), '5 ok  (N ms)');
      assert.deepEqual(callLines(runs[1]), [
        'examples/hprose-node.rpc',
        '✓ Say hi  (N ms)',
        "✓ Say bye (the origin document's call)  (N ms)",
        'examples/hprose-python.rpc',
        '✓ Say hi (hprose is found by auto-detection)  (N ms)',
        "✓ Say bye (the origin document's call)  (N ms)",
      ]);
      assert.equal(lastLine(runs[2]), '4 ok  (N ms)');
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
  });

  it('exit 0 when all held, 1 for a failed EXPECT or an unexpected fault, 2 for a call without an answer', async () => {
    const ok = write('ok.rpc', `### hi\nCALL ${xmlrpc.url} sayHi\n"x"\nEXPECT "Hi x!"\n`);
    const failed = write('failed.rpc', `### Adds\n# @protocol xmlrpc\nCALL ${xmlrpc.url} echo\n6\nEXPECT 5\n### Fault\n# @protocol xmlrpc\nCALL ${xmlrpc.url} fail\n7, "bad"\n### still runs\n# @protocol xmlrpc\nCALL ${xmlrpc.url} sayHi\n"y"\n`);
    const closed = `http://127.0.0.1:${await freePort()}`;
    const refused = write('refused.rpc', `### Bye\nCALL ${closed} sayBye\n"x"\n### after\n# @protocol xmlrpc\nCALL ${xmlrpc.url} sayHi\n"z"\n`);

    const okRun = await runCli(['run', ok]);
    assert.equal(okRun.code, 0);
    assert.deepEqual(callLines(okRun), ['✓ hi  (N ms)']);
    assert.equal(okRun.stderr, '');

    const failedRun = await runCli(['run', failed]);
    assert.equal(failedRun.code, 1);
    assert.deepEqual(callLines(failedRun), ['✗ Adds: expected 5, got 6', '✗ Fault: fault 7: bad', '✓ still runs  (N ms)']);
    assert.equal(lastLine(failedRun), '1 ok, 1 failed, 1 fault  (N ms)');

    const refusedRun = await runCli(['run', refused]);
    assert.equal(refusedRun.code, 2);
    assert.match(callLines(refusedRun)[0], /^! Bye: connection refused by 127\.0\.0\.1:\d+/);
    assert.equal(callLines(refusedRun)[1], '✓ after  (N ms)');

    // Several files: the worst outcome decides.
    assert.equal((await runCli(['run', ok, failed])).code, 1);
    assert.equal((await runCli(['run', ok, failed, refused])).code, 2);
  });

  it('--bail stops at the first call that is not ok', async () => {
    const file = write('bail.rpc', `### one\n# @protocol xmlrpc\nCALL ${xmlrpc.url} echo\n1\nEXPECT 2\n### two\n# @protocol xmlrpc\nCALL ${xmlrpc.url} sayHi\n"x"\n### three\n# @protocol xmlrpc\nCALL ${xmlrpc.url} sayHi\n"y"\n`);
    const run = await runCli(['run', file, '--bail']);
    assert.equal(run.code, 1);
    assert.deepEqual(callLines(run), ['✗ one: expected 2, got 1']);
    assert.equal(lastLine(run), '1 failed, 2 not run  (N ms)');
  });

  it('a file with errors sends nothing: each problem is one file:line:col line on stderr, exit 2', async () => {
    recorder.requests.length = 0;
    const file = write('broken.rpc', `@base = ${recorder.url}\n### fine\n# @protocol jsonrpc\nCALL {{base}} echo\n"would be sent"\n### typo\n# @protocol jsonrpc\nCALL {{bse}} echo\n1\n### no method\nCALL {{base}}\n`);
    const good = write('good.rpc', `### sent\n# @protocol jsonrpc\nCALL ${recorder.url} echo\n"sent"\nEXPECT "sent"\n`);
    const run = await runCli(['run', file, good]);
    assert.equal(run.code, 2);
    assert.deepEqual(run.stderr.split('\n'), [
      `${file}:8:8: unknown variable "bse" (did you mean "base"?)`,
      `${file}:11:14: CALL needs a method after the URL: CALL <url> <method>`,
      '',
    ]);
    // The other file still runs; the broken one sent nothing.
    assert.deepEqual(callLines(run), [good, '✓ sent  (N ms)']);
    assert.equal(lastLine(run), '1 ok, 1 file with errors  (N ms)');
    assert.deepEqual(recorder.requests.map((r) => JSON.parse(r.body).params), [['sent']]);

    // With --bail, a file error keeps every file from sending.
    recorder.requests.length = 0;
    const bailed = await runCli(['run', file, good, '--bail']);
    assert.equal(bailed.code, 2);
    assert.equal(recorder.requests.length, 0);
  });

  it('--filter runs the calls whose title or name holds the text, and the named calls they use', async () => {
    const file = write('filter.rpc', `### Login\n# @name login\n# @protocol jsonrpc\nCALL ${recorder.url} echo\n{"token": "t1"}\n### Other\n# @protocol jsonrpc\nCALL ${recorder.url} echo\n2\n### Fetch ITEMS\n# @protocol jsonrpc\nCALL ${recorder.url} echo\n{{login.result.token}}\nEXPECT "t1"\n`);
    const run = await runCli(['run', file, '--filter', 'items']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(callLines(run), ['✓ Login  (N ms)', '✓ Fetch ITEMS  (N ms)']);
    const none = await runCli(['run', file, '--filter', 'nothing-matches']);
    assert.equal(none.code, 2);
    assert.equal(none.stderr, 'rpc-explorer: no call matches --filter "nothing-matches"\n');
  });

  it('--json prints one JSON object per call; --junit writes a report that parses back', async () => {
    const file = write('report.rpc', `### ok <&>\n# @name first\n# @protocol xmlrpc\nCALL ${xmlrpc.url} echo\n{"n": 1.5, "big": 2147483647}\n### wrong\n# @protocol xmlrpc\nCALL ${xmlrpc.url} echo\n"a"\nEXPECT "b"\n### fault\n# @protocol xmlrpc\nCALL ${xmlrpc.url} fail\n4, "no <way> & \\"never\\""\n`);
    const junit = path.join(dir, 'out', 'junit.xml');
    fs.mkdirSync(path.dirname(junit), { recursive: true });
    const run = await runCli(['run', file, '--json', '--junit', junit]);
    assert.equal(run.code, 1);
    const lines = run.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(lines.length, 3);
    assert.deepEqual(
      lines.map((l) => [l.title, l.status, l.line, l.protocol, l.method]),
      [
        ['ok <&>', 'ok', 1, 'xmlrpc', 'echo'],
        ['wrong', 'fail', 6, 'xmlrpc', 'echo'],
        ['fault', 'fault', 11, 'xmlrpc', 'fail'],
      ],
    );
    assert.deepEqual(lines[0].result, { n: 1.5, big: 2147483647 });
    assert.equal(lines[0].name, 'first');
    assert.equal(lines[1].message, 'expected "b", got "a"');
    assert.deepEqual(lines[2].fault, { code: 4, message: 'no <way> & "never"' });
    assert.equal(typeof lines[0].ms, 'number');

    const xml = fs.readFileSync(junit, 'utf8');
    assert.equal(XMLValidator.validate(xml), true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testcase' }).parse(xml);
    const suite = parsed.testsuites.testsuite;
    assert.deepEqual([suite.name, suite.tests, suite.failures, suite.errors], [file, '3', '2', '0']);
    assert.deepEqual(suite.testcase.map((c: { name: string }) => c.name), ['ok <&>', 'wrong', 'fault']);
    assert.equal(suite.testcase[2].failure.message, 'fault 4: no <way> & "never"');
  });

  it('--env reads rpcExplorer.environments from the nearest .vscode/settings.json above the file (JSONC); --var wins', async () => {
    write(
      'project/.vscode/settings.json',
      `{
  // Environments for the request files below.
  "editor.tabSize": 2,
  "rpcExplorer.environments": {
    "dev": { "base": "${xmlrpc.url}", "who": "dev", "ratio": 1.0, /* a double */ },
    "staging": { "base": "http://127.0.0.1:1", "who": "staging" },
  },
}`,
    );
    const file = write('project/requests/deep/env.rpc', `@who = "file"\n### who\n# @protocol xmlrpc\nCALL {{base}} sayHi\n{{who}}\n### ratio\n# @protocol xmlrpc\nCALL {{base}} echo\n{{ratio}}\nEXPECT 1.0\n`);
    const dev = await runCli(['run', file, '--env', 'dev', '--json']);
    assert.equal(dev.code, 0, dev.stderr);
    const results = dev.stdout.trimEnd().split('\n').map((l) => JSON.parse(l).result);
    assert.deepEqual(results, ['Hi dev!', { $double: 1 }]);

    const overridden = await runCli(['run', file, '--env', 'dev', '--var', 'who="var"', '--json', '--filter', 'who']);
    assert.equal(JSON.parse(overridden.stdout).result, 'Hi var!');

    const unknown = await runCli(['run', file, '--env', 'prod']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^.*env\.rpc: --env prod: no environment "prod" in .*settings\.json \(it has "dev", "staging"\)\n$/);

    const envFile = write('envs.jsonc', `{ "ci": { "base": "${xmlrpc.url}", "who": "ci", "ratio": 1.0 } // trailing comment\n}`);
    const fromFile = await runCli(['run', file, '--env', 'ci', '--env-file', envFile, '--json', '--filter', 'who']);
    assert.equal(fromFile.code, 0, fromFile.stderr);
    assert.equal(JSON.parse(fromFile.stdout).result, 'Hi ci!');
  });

  it('$env reads an environment variable and $secret too, never printing it; an unset one is a file error', async () => {
    recorder.requests.length = 0;
    const file = write('secret.rpc', `### with token\n# @protocol jsonrpc\nCALL {{$env RECORDER_URL}} echo\nAuthorization: Bearer {{$secret RPC_TEST_TOKEN}}\n"{{$env WHO}}"\n`);
    const run = await runCli(['run', file, '--json'], { env: { RECORDER_URL: recorder.url, WHO: 'phyger', RPC_TEST_TOKEN: 'tok-5ecret' } });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).result, 'phyger');
    assert.deepEqual(recorder.requests.map((r) => r.headers.authorization), ['Bearer tok-5ecret']);
    assert.ok(!run.stdout.includes('tok-5ecret') && !run.stderr.includes('tok-5ecret'));

    recorder.requests.length = 0;
    const missing = await runCli(['run', file], { env: { RECORDER_URL: recorder.url, WHO: 'x', RPC_TEST_TOKEN: '' } });
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, `${file}:4:23: secret RPC_TEST_TOKEN is not set (the CLI reads it from the environment variable RPC_TEST_TOKEN)\n`);
    assert.equal(recorder.requests.length, 0);
  });

  it('usage errors are one line, exit 2', async () => {
    for (const [args, message] of [
      [['run'], 'run needs at least one request file (.rpc)'],
      [['run', 'x.rpc', '--var', 'nope'], '--var needs name=value, not "nope"'],
      // (An existing file: Node itself exits 9 on a script argument --env-file naming a missing file, nodejs/node#54232.)
      [['run', 'x.rpc', '--env-file', 'package.json'], '--env-file needs --env NAME (the environment to use from it)'],
      [['run', 'x.rpc', '--protocol', 'xmlrpc'], 'run takes the protocol, headers and arguments from the file, not --protocol'],
      [['call', 'http://127.0.0.1:1', 'm', '--bail'], '--bail is an option of run'],
    ] as const) {
      const run = await runCli([...args]);
      assert.equal(run.code, 2);
      assert.equal(run.stderr, `rpc-explorer: ${message} (see rpc-explorer --help)\n`);
    }
    const missingFile = await runCli(['run', path.join(dir, 'does-not-exist.rpc')]);
    assert.equal(missingFile.code, 2);
    assert.equal(missingFile.stderr, `${path.join(dir, 'does-not-exist.rpc')}: cannot read it (no such file)\n`);
    const help = await runCli(['--help']);
    assert.match(help.stdout, /rpc-explorer run <file\.rpc>\.\.\. \[--env <name>\]/);
  });
});
