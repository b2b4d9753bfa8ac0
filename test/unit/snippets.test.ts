/**
 * "Copy Call As…": every snippet kind is run as copied (curl and sh, python3, node, the compiled CLI behind an
 * `rpc-explorer` on PATH) against real servers, and what it prints is compared with the core's own call result.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { callMethod, protocolDescriptor, type Protocol, type TypedValue } from '../../src/core';
import { closeIdleConnections } from '../../src/core/transport';
import { buildSnippet, SNIPPET_KINDS as ALL_SNIPPET_KINDS, type SnippetCall, type SnippetKind } from '../../src/core/snippets';

/** The kinds these tests run (k6 is not installable here: test/unit/k6Snippet.test.ts checks its script). */
const SNIPPET_KINDS = ALL_SNIPPET_KINDS.filter((kind) => kind !== 'k6');
import { pythonString } from '../../src/core/snippets/literals';
import {
  PYTHON,
  repoRoot,
  startHproseExampleServer,
  startHproseServer,
  startJaysonServer,
  startOriginXmlRpcServer,
  startPythonServer,
  startXmlRpcServer,
  type RunningServer,
} from '../support/servers';
import { CLI, ensureCliBundle, runCli } from '../support/cli';

const ROOT = repoRoot();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rpc-snippets-'));
const bin = path.join(work, 'bin');

/** `rpc-explorer` on PATH: the CLI bundle of this tree (rebuilt when older than the sources). */
function installCli(): void {
  ensureCliBundle();
  fs.mkdirSync(bin, { recursive: true });
  const shim = path.join(bin, 'rpc-explorer');
  fs.writeFileSync(shim, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} "$@"\n`);
  fs.chmodSync(shim, 0o755);
}

let fileCount = 0;
/** Runs a snippet as a user would after pasting it into a file; resolves to its stdout bytes. */
function runSnippet(kind: SnippetKind, text: string, env: Record<string, string> = {}): Promise<Buffer> {
  const file = path.join(work, `snippet-${fileCount++}.${kind === 'python' ? 'py' : kind === 'node' ? 'js' : 'sh'}`);
  fs.writeFileSync(file, text);
  const program = kind === 'python' ? PYTHON : kind === 'node' ? process.execPath : 'sh';
  return new Promise((resolve, reject) => {
    execFile(
      program,
      [file],
      { env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, PYTHONIOENCODING: 'utf-8', ...env }, timeout: 30_000, encoding: 'buffer' },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${kind} snippet failed (${error.code}): ${stderr.toString('utf8')}\n${text}`));
        else resolve(stdout);
      },
    );
  });
}

/** What the snippet printed, read back as a typed value of the protocol. */
function readOutput(kind: SnippetKind, protocol: Protocol, stdout: Buffer): TypedValue {
  if (kind === 'cli' || (protocol === 'jsonrpc' && kind !== 'curl')) return JSON.parse(stdout.toString('utf8')) as TypedValue;
  // curl prints the body as received; node prints it with a newline.
  const body = kind === 'node' ? stdout.subarray(0, stdout.length - 1) : stdout;
  return protocolDescriptor(protocol).decodeResult(body);
}

/** How Python's print shows an XML-RPC result: str() of the value. */
function pythonPrinted(value: TypedValue): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && '$base64' in value) return Buffer.from(String(value.$base64), 'base64').toString('latin1');
  if (value && typeof value === 'object' && '$datetime' in value) return String(value.$datetime);
  return pythonRepr(value);
}

/** repr() of nested lists of strings and None (what describe() answers). */
function pythonRepr(value: TypedValue): string {
  if (value === null) return 'None';
  if (typeof value === 'string') return pythonString(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  return JSON.stringify(value);
}

/** Runs one kind and checks its output against the core's result of the same call. */
async function checkKind(kind: SnippetKind, call: SnippetCall, expected: TypedValue, env: Record<string, string> = {}): Promise<string> {
  const text = buildSnippet(kind, call);
  const stdout = await runSnippet(kind, text, env);
  if (kind === 'python' && call.protocol === 'xmlrpc') assert.equal(stdout.toString('utf8'), pythonPrinted(expected) + '\n', text);
  else assert.deepEqual(readOutput(kind, call.protocol, stdout), expected, text);
  return text;
}

let hproseImportable = false;

before(async () => {
  installCli();
  hproseImportable = await new Promise((resolve) => execFile(PYTHON, ['-c', 'import hprose'], (error) => resolve(!error)));
});
after(() => {
  closeIdleConnections();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('snippets against the origin document\'s XML-RPC server', () => {
  let server: RunningServer;
  before(async () => (server = await startOriginXmlRpcServer()));
  after(() => server.stop());

  for (const kind of SNIPPET_KINDS) {
    it(`${kind}: sayHi("phyger") prints Hi phyger!`, async () => {
      const call: SnippetCall = { url: server.url, protocol: 'xmlrpc', method: 'sayHi', args: ['phyger'] };
      const result = await callMethod(server.url, 'xmlrpc', 'sayHi', ['phyger']);
      assert.equal(result, 'Hi phyger!');
      await checkKind(kind, call, result);
    });
  }
});

describe('rpc-explorer snippet', () => {
  let server: RunningServer;
  before(async () => (server = await startOriginXmlRpcServer()));
  after(() => server.stop());

  for (const kind of SNIPPET_KINDS) {
    it(`snippet ${kind} (protocol auto-detected) prints what the core builds, and it runs`, async () => {
      const run = await runCli(['snippet', kind, server.url, 'sayHi', 'phyger']);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, buildSnippet(kind, { url: server.url, protocol: 'xmlrpc', method: 'sayHi', args: ['phyger'] }));
      const printed = await runSnippet(kind, run.stdout);
      assert.equal(kind === 'cli' ? JSON.parse(printed.toString('utf8')) : kind === 'python' ? printed.toString('utf8').trim() : readOutput(kind, 'xmlrpc', printed), 'Hi phyger!');
    });
  }

  it('keeps credentials out: URL user-info, a secret header and --secret-arg-env', async () => {
    const run = await runCli(
      ['snippet', 'curl', 'http://bob:hunter2-pw@127.0.0.1:6800/jsonrpc', 'aria2.getVersion', '--protocol', 'jsonrpc', '--header', 'X-Api-Key: k-77881', '--secret-arg-env', 'ARIA_TOKEN'],
      { env: { ARIA_TOKEN: 'token:zz-99-secret' } },
    );
    assert.equal(run.code, 0, run.stderr);
    for (const secret of ['hunter2-pw', 'k-77881', 'zz-99-secret', 'bob']) assert.ok(!run.stdout.includes(secret), run.stdout);
    assert.match(run.stdout, /RPC_SECRET_ARG/);
    assert.match(run.stdout, /RPC_HEADER_X_API_KEY/);
  });

  it('a bad kind is one usage line, exit 2', async () => {
    const run = await runCli(['snippet', 'perl', server.url, 'sayHi']);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^rpc-explorer: snippet needs a kind first: curl, python, node, cli, k6, not "perl" \(see rpc-explorer --help\)\n$/);
  });
});

describe('snippets with typed XML-RPC arguments (the Python fixture echoes them)', () => {
  let server: RunningServer;
  before(async () => (server = await startXmlRpcServer()));
  after(() => server.stop());

  const cases: [string, TypedValue][] = [
    ['$base64', { $base64: 'AP8nIlB5dGhvbg==' }],
    ['$datetime', { $datetime: '20261123T10:00:00' }],
    ['a Chinese string', 'Python测试和开发 \'quoted\' $HOME `x` \\n'],
  ];
  for (const [name, value] of cases) {
    for (const kind of SNIPPET_KINDS) {
      it(`${kind}: echo(${name})`, async () => {
        const expected = await callMethod(server.url, 'xmlrpc', 'echo', [value]);
        assert.deepEqual(expected, value);
        await checkKind(kind, { url: server.url, protocol: 'xmlrpc', method: 'echo', args: [value] }, expected);
      });
    }
  }

  for (const kind of SNIPPET_KINDS) {
    it(`${kind}: numbers stay exact (int, i8, integral double, double) and nil is sent`, async () => {
      // describe() says how Python read the argument: the types the server saw, not just equal-looking values.
      const args: TypedValue[] = [[7, 3000000000, { $i8: '9223372036854775807' }, { $double: 2 }, 0.1, null]];
      const expected = await callMethod(server.url, 'xmlrpc', 'describe', args);
      assert.match(String(expected), /9223372036854775807/);
      await checkKind(kind, { url: server.url, protocol: 'xmlrpc', method: 'describe', args }, expected);
    });
  }
});

describe('snippets against the hprose example server (npm hprose)', () => {
  let server: RunningServer;
  before(async () => (server = await startHproseExampleServer()));
  after(() => server.stop());

  for (const kind of SNIPPET_KINDS) {
    it(`${kind}: sayBye("Python测试和开发") → Bye,Python测试和开发!`, async (t) => {
      const call: SnippetCall = { url: server.url, protocol: 'hprose', method: 'sayBye', args: ['Python测试和开发'] };
      const result = await callMethod(server.url, 'hprose', 'sayBye', ['Python测试和开发']);
      assert.equal(result, 'Bye,Python测试和开发!');
      if (kind === 'python' && !hproseImportable) {
        // No Python hprose package on this machine: the snippet is the origin document's client, letter for letter.
        assert.equal(buildSnippet(kind, call), `import hprose\n\nclient = hprose.HttpClient('${server.url}/')\nprint(client.sayBye('Python测试和开发'))\n`);
        t.diagnostic('python3 cannot import hprose: the Python hprose snippet was checked as text and against the npm client\'s bytes');
        return;
      }
      await checkKind(kind, call, result);
    });
  }

  it('the npm hprose client sends the very bytes the snippets carry for sayBye("Python测试和开发")', async () => {
    // What the hprose clients (npm's here; Python's writes the same hprose 2.x) put on the wire for this call.
    const received: Buffer[] = [];
    const capture = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push(Buffer.concat(chunks));
        response.setHeader('Content-Type', 'text/plain');
        response.end('Rs4"done"z');
      });
    });
    await new Promise<void>((resolve) => capture.listen(0, '127.0.0.1', resolve));
    try {
      const port = (capture.address() as AddressInfo).port;
      const script = `const hprose = require('hprose'); const c = hprose.Client.create('http://127.0.0.1:${port}/', ['sayBye']); c.sayBye('Python测试和开发').then((r) => console.log(r), (e) => { console.error(e.message); process.exitCode = 1; });`;
      await new Promise<void>((resolve, reject) =>
        execFile(process.execPath, ['-e', script], { cwd: ROOT, timeout: 20_000 }, (error, _out, stderr) => (error ? reject(new Error(stderr)) : resolve())),
      );
      assert.equal(received.length, 1);
      const expected = protocolDescriptor('hprose').encodeCall('sayBye', ['Python测试和开发']).body;
      assert.deepEqual(received[0], expected);
      // curl carries those bytes as text; Node.js as the same string.
      assert.ok(buildSnippet('curl', { url: server.url, protocol: 'hprose', method: 'sayBye', args: ['Python测试和开发'] }).includes(`'${expected.toString('utf8')}'`));
    } finally {
      capture.close();
    }
  });
});

describe('snippets with binary hprose bytes (printf / Buffer)', () => {
  let server: RunningServer;
  before(async () => (server = await startHproseServer()));
  after(() => server.stop());

  for (const kind of ['curl', 'node', 'cli'] as const) {
    it(`${kind}: echo of bytes with NUL, 0xff, a quote and a percent sign`, async () => {
      const value: TypedValue = { $base64: Buffer.from([0, 0xff, 0x27, 0x25, 0x5c, 0x0a, 0x41]).toString('base64') };
      const expected = await callMethod(server.url, 'hprose', 'echo', [value]);
      assert.deepEqual(expected, value);
      const text = await checkKind(kind, { url: server.url, protocol: 'hprose', method: 'echo', args: [value] }, expected);
      if (kind === 'curl') assert.match(text, /printf '.*\\000\\377/);
    });
  }
});

describe('snippets against a JSON-RPC server (jayson)', () => {
  let server: RunningServer;
  before(async () => (server = await startJaysonServer()));
  after(() => server.stop());

  for (const kind of SNIPPET_KINDS) {
    it(`${kind}: echo of a struct with Chinese text and numbers`, async () => {
      const args: TypedValue[] = [{ name: 'Python测试和开发', n: 42, x: 1.5, list: [true, null, 'it\'s'] }];
      const expected = await callMethod(server.url, 'jsonrpc', 'echo', args);
      await checkKind(kind, { url: server.url, protocol: 'jsonrpc', method: 'echo', args }, expected);
    });
  }
});

describe('credentials never in clear', () => {
  const USER = 'snippet-user';
  const PASSWORD = 'pa55-w0rd-s3cret';
  let server: RunningServer;
  before(async () => (server = await startPythonServer('test/fixtures/quirky_server.py', ['basic-auth'], { AUTH: `${USER}:${PASSWORD}` })));
  after(() => server.stop());

  for (const kind of SNIPPET_KINDS) {
    it(`${kind}: basic auth from the URL comes from RPC_USER / RPC_PASSWORD`, async () => {
      const url = server.url.replace('http://', `http://${USER}:${PASSWORD}@`);
      const expected = await callMethod(url, 'xmlrpc', 'echo', ['through basic auth']);
      assert.equal(expected, 'through basic auth');
      const call: SnippetCall = { url, protocol: 'xmlrpc', method: 'echo', args: ['through basic auth'] };
      const text = await checkKind(kind, call, expected, { RPC_USER: USER, RPC_PASSWORD: PASSWORD });
      assert.ok(!text.includes(PASSWORD) && !text.includes(USER), text);
      assert.match(text.split('\n')[0], /^(#|\/\/) Set these environment variables/);
      // With a wrong password the server refuses the call: the snippet really reads the variables. (curl exits 0
      // on an HTTP error status; what it prints is then the 401 page, not a result.)
      const refused = await runSnippet(kind, text, { RPC_USER: USER, RPC_PASSWORD: 'wrong' }).catch(() => undefined);
      if (refused !== undefined) {
        assert.equal(kind, 'curl');
        assert.throws(() => readOutput(kind, 'xmlrpc', refused));
      }
    });
  }

  it('no secret value (basic auth header, secret headers, the secret first argument) appears in any snippet', () => {
    const basic = 'Basic ' + Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
    const secrets = ['Bearer tok-9f8e7d6c5b4a', 'cookie-value-31415', 'token:aria2-secret-2718', basic, Buffer.from(`${USER}:${PASSWORD}`).toString('base64'), PASSWORD, USER];
    for (const protocol of ['xmlrpc', 'hprose', 'jsonrpc'] as const) {
      for (const kind of SNIPPET_KINDS) {
        const call: SnippetCall = {
          url: `http://${USER}:${PASSWORD}@127.0.0.1:6800/jsonrpc`,
          protocol,
          method: 'aria2.getVersion',
          args: ['visible'],
          headers: { Authorization: 'Bearer tok-9f8e7d6c5b4a', Cookie: 'cookie-value-31415', 'X-Trace': 'plain-123' },
          leadingArgs: ['token:aria2-secret-2718'],
        };
        const text = buildSnippet(kind, call);
        for (const secret of secrets) assert.ok(!text.includes(secret), `${kind}/${protocol} shows ${secret}:\n${text}`);
        assert.ok(text.includes('plain-123') && text.includes('visible'), text);
        for (const variable of ['RPC_USER', 'RPC_PASSWORD', 'RPC_HEADER_AUTHORIZATION', 'RPC_HEADER_COOKIE', 'RPC_SECRET_ARG']) assert.ok(text.includes(variable), `${kind}/${protocol} lacks ${variable}`);
        const withBasicHeader = buildSnippet(kind, { ...call, url: 'http://127.0.0.1:6800/jsonrpc', headers: { Authorization: basic } });
        for (const secret of secrets) assert.ok(!withBasicHeader.includes(secret), `${kind}/${protocol} shows ${secret}:\n${withBasicHeader}`);
      }
    }
  });
});

describe('the secret first argument, spliced in at run time', () => {
  let server: RunningServer;
  before(async () => (server = await startJaysonServer()));
  after(() => server.stop());

  for (const kind of SNIPPET_KINDS) {
    it(`${kind}: echo receives RPC_SECRET_ARG as its first argument`, async () => {
      const secret = 'token:s3cret-Ω';
      const expected = await callMethod(server.url, 'jsonrpc', 'echo', [], { leadingArgs: [secret] });
      const text = await checkKind(kind, { url: server.url, protocol: 'jsonrpc', method: 'echo', args: [], leadingArgs: [secret] }, expected, { RPC_SECRET_ARG: secret });
      assert.ok(!text.includes('s3cret'), text);
    });
  }
});

describe('snippets for a hprose secret argument', () => {
  let server: RunningServer;
  before(async () => (server = await startHproseServer()));
  after(() => server.stop());

  for (const kind of ['curl', 'node', 'cli'] as const) {
    it(`${kind}: the length prefix is computed from the variable`, async () => {
      const secret = 'token:abc123';
      const expected = await callMethod(server.url, 'hprose', 'echo', [], { leadingArgs: [secret] });
      assert.equal(expected, secret);
      await checkKind(kind, { url: server.url, protocol: 'hprose', method: 'echo', args: [], leadingArgs: [secret] }, expected, { RPC_SECRET_ARG: secret });
    });
  }
});
