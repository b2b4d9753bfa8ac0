/**
 * The k6 target of Copy Call As and `rpc-explorer snippet`: k6 itself is not installable here, so the script's shape
 * is checked, and its body against the bytes the CLI really puts on the wire (a server that records them).
 */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import * as vm from 'node:vm';
import { buildSnippet, isSnippetKind, SNIPPET_KINDS } from '../../src/core/snippets';
import type { Protocol, TypedValue } from '../../src/core/types';
import { ensureCliBundle, runCli } from '../support/cli';

/** Runs the script's body and params expressions with k6's encoding module stood in by Buffer. */
function scriptParts(script: string, env: Record<string, string> = {}): { url: string; body: string | Buffer; params: { headers: Record<string, string>; timeout: string } } {
  const code = script
    .replace(/^import .*$/gm, '')
    .replace(/^export const options = .*$/m, '')
    .replace(/^export default function[\s\S]*$/m, '');
  const encoding = {
    b64decode: (text: string) => Buffer.from(text, 'base64'),
    b64encode: (text: string) => Buffer.from(text).toString('base64'),
  };
  const sandbox: Record<string, unknown> = { encoding, __ENV: env };
  vm.runInNewContext(`${code}\nglobalThis.parts = { url, body, params };`, sandbox);
  return sandbox.parts as ReturnType<typeof scriptParts>;
}

/** The `no fault` check of a script, as a function. */
function faultCheck(script: string): (response: { status: number; body: string }) => boolean {
  const match = /'no fault': ([\s\S]*?),\n {2}\}\);/.exec(script);
  assert.ok(match, script);
  return vm.runInNewContext(`(${match[1]})`) as (response: { status: number; body: string }) => boolean;
}

describe('k6 snippets', () => {
  const recorded: { body: Buffer; headers: http.IncomingHttpHeaders }[] = [];
  let server: http.Server;
  let url = '';
  before(async () => {
    ensureCliBundle();
    server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        recorded.push({ body: Buffer.concat(chunks), headers: request.headers });
        response.writeHead(200, { 'content-type': 'text/xml' });
        response.end("<?xml version='1.0'?><methodResponse><params><param><value><int>1</int></value></param></params></methodResponse>");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/RPC2`;
  });
  after(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));

  it('is a snippet kind of the CLI and of Copy Call As', () => {
    assert.ok(SNIPPET_KINDS.includes('k6'));
    assert.ok(isSnippetKind('k6'));
  });

  it('sends the body `rpc-explorer load` and `call` send, with the protocol\'s content type', async () => {
    const args = ['phyger', 42, { $double: 1.5 }, [true, null]];
    const cli = await runCli(['snippet', 'k6', url, 'sayHi', ...args.map((a) => JSON.stringify(a)), '--protocol', 'xmlrpc']);
    assert.equal(cli.code, 0, cli.stderr);
    const parts = scriptParts(cli.stdout);
    assert.equal(parts.url, url);
    assert.equal(parts.params.headers['Content-Type'], 'text/xml');
    const load = await runCli(['load', url, 'sayHi', ...args.map((a) => JSON.stringify(a)), '--protocol', 'xmlrpc', '--calls', '1']);
    assert.equal(load.code, 0, load.stderr);
    const call = await runCli(['call', url, 'sayHi', ...args.map((a) => JSON.stringify(a)), '--protocol', 'xmlrpc']);
    assert.equal(call.code, 0, call.stderr);
    const bodies = recorded.slice(-2).map((r) => r.body.toString('utf8'));
    assert.deepEqual(bodies, [parts.body, parts.body]);
  });

  it('has k6\'s shape: imports, options, a default function posting and checking', () => {
    const script = buildSnippet('k6', { url: 'http://127.0.0.1:8889/', protocol: 'jsonrpc', method: 'add', args: [1, 2] });
    assert.match(script, /^import http from 'k6\/http';$/m);
    assert.match(script, /^import \{ check \} from 'k6';$/m);
    assert.match(script, /^export const options = \{ vus: 1, iterations: 100 \};$/m);
    assert.match(script, /^export default function \(\) \{\n {2}const response = http\.post\(url, body, params\);\n {2}check\(response, \{/m);
    const parts = scriptParts(script);
    assert.deepEqual(JSON.parse(parts.body as string), { jsonrpc: '2.0', method: 'add', id: 1, params: [1, 2] });
  });

  it('checks for each protocol\'s fault', () => {
    const cases: [Protocol, string, string][] = [
      ['xmlrpc', '<?xml version="1.0"?><methodResponse><params><param><value><int>3</int></value></param></params></methodResponse>', '<?xml version="1.0"?><methodResponse><fault><value><struct></struct></value></fault></methodResponse>'],
      ['jsonrpc', '{"jsonrpc":"2.0","id":1,"result":3}', '{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"no"}}'],
      ['hprose', 'Ri3;z', 'Es2"noz'],
    ];
    for (const [protocol, ok, fault] of cases) {
      const check = faultCheck(buildSnippet('k6', { url: 'http://127.0.0.1:8889/', protocol, method: 'add', args: [1, 2] }));
      assert.equal(check({ status: 200, body: ok }), true, protocol);
      assert.equal(check({ status: 200, body: fault }), false, protocol);
      assert.equal(check({ status: 200, body: '<html>' }), false, protocol);
    }
  });

  it('reads credentials and the secret argument from __ENV, never writing them in', () => {
    const call = { url: 'http://user:hunter2@127.0.0.1:6800/rpc', protocol: 'jsonrpc' as const, method: 'aria2.getVersion', args: [] as TypedValue[], headers: { 'X-Api-Key': 'k-secret-1' }, leadingArgs: ['token:s3cret'] };
    const script = buildSnippet('k6', call);
    for (const secret of ['hunter2', 'k-secret-1', 's3cret', 'user:']) assert.ok(!script.includes(secret), secret);
    assert.match(script, /^\/\/ {3}RPC_USER: /m);
    const parts = scriptParts(script, { RPC_USER: 'u', RPC_PASSWORD: 'p', RPC_HEADER_X_API_KEY: 'k', RPC_SECRET_ARG: 'token:abc' });
    assert.equal(parts.params.headers.Authorization, `Basic ${Buffer.from('u:p').toString('base64')}`);
    assert.equal(parts.params.headers['X-Api-Key'], 'k');
    assert.deepEqual(JSON.parse(parts.body as string).params, ['token:abc']);
  });
});
